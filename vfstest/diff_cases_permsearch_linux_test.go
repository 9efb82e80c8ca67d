//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Search permission on the last directory of a path: an ordinary user
// can neither make, open, remove nor rename a name directly inside a
// directory it cannot search, even with write permission on it, and a
// name that exists gives EACCES too, not EEXIST. The same calls, with
// literal errnos, are a unit test for any user in
// vfs/unsearchable_test.go.

var permSearchScenarios = []vfstest.Scenario{
	sc("perm_no_search_on_the_last_directory_refuses_every_call_in_it", func(s *vfstest.Session) {
		dir(s, "w", userUID, userGID, 0o755)
		file(s, "w/src", "src", userUID, userGID, 0o644)
		for _, c := range []struct {
			name     string
			uid, gid int
			mode     uint32
		}{
			{"r", userUID, userGID, 0o444},    // r-- for the owner
			{"rw", userUID, userGID, 0o666},   // rw- for the owner
			{"none", userUID, userGID, 0o000}, // --- for the owner
			{"other", 0, 0, 0o776},            // rw- for others
		} {
			d := "w/" + c.name
			s.Mkdir(d, 0o755)
			file(s, d+"/f", "f", userUID, userGID, 0o644)
			dir(s, d+"/sub", userUID, userGID, 0o755)
			give(s, d, c.uid, c.gid, c.mode)
			asUser(s, func(u *vfstest.Session) {
				u.Chdir("w")
				d := c.name
				tryOpen(u, d+"/new", unix.O_WRONLY|unix.O_CREAT, 0o644)
				tryOpen(u, d+"/f", unix.O_WRONLY|unix.O_CREAT, 0o644)
				tryOpen(u, d+"/f", unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL, 0o644)
				tryOpen(u, d+"/f", unix.O_RDONLY)
				u.Mkdir(d+"/new", 0o755)
				u.Mkdir(d+"/f", 0o755)
				u.Unlink(d + "/f")
				u.Unlink(d + "/missing")
				u.Rmdir(d + "/sub")
				u.Rename(d+"/f", "out")
				u.Rename("src", d+"/new")
				u.Rename("src", d+"/f")
				u.Link("src", d+"/new")
				u.Link("src", d+"/f")
				u.Link(d+"/f", "out")
				u.Symlink("target", d+"/new")
				u.Symlink("target", d+"/f")
				u.Mknod(d+"/new", unix.S_IFIFO|0o644, 0)
				u.Mknod(d+"/f", unix.S_IFIFO|0o644, 0)
			})
			s.Lstat(d + "/f")
			s.Lstat(d + "/new")
		}
		s.Lstat("w/out")
	}),
}
