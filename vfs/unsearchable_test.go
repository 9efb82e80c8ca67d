package vfs_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The last directory of a path needs search (x) permission like every
// other: path_resolution(7) — "If the process does not have search
// permission on the current lookup directory, an EACCES error is
// returned" — and every call below lists EACCES for "search permission
// is denied on a component of the path prefix" or "the directory
// containing pathname does not allow search". The kernel checks it
// (may_lookup) before it looks at the last name, so a name that exists,
// a name that does not and a name of the wrong type all give EACCES;
// with write permission alone (rw-, -w-) nothing can be made or removed
// either. Checked against Linux 6.x as uid 65534 on tmpfs: all EACCES.
func TestUnsearchableParentIsEACCES(t *testing.T) {
	ops := []struct {
		name string
		call func(p *vfs.Process) error
	}{
		{"create", func(p *vfs.Process) error { return openClose(p, "d/new", vfs.O_CREAT|vfs.O_WRONLY) }},
		{"o_creat_of_an_existing_file", func(p *vfs.Process) error { return openClose(p, "d/f", vfs.O_CREAT|vfs.O_WRONLY) }},
		{"o_creat_o_excl_of_an_existing_file", func(p *vfs.Process) error {
			return openClose(p, "d/f", vfs.O_CREAT|vfs.O_EXCL|vfs.O_WRONLY)
		}},
		{"open_of_an_existing_file", func(p *vfs.Process) error { return openClose(p, "d/f", vfs.O_RDONLY) }},
		{"mkdir_of_a_new_name", func(p *vfs.Process) error { return p.Mkdir("d/new", 0o755) }},
		{"mkdir_of_an_existing_name", func(p *vfs.Process) error { return p.Mkdir("d/f", 0o755) }},
		{"unlink", func(p *vfs.Process) error { return p.Unlink("d/f") }},
		{"unlink_of_a_missing_name", func(p *vfs.Process) error { return p.Unlink("d/missing") }},
		{"rmdir", func(p *vfs.Process) error { return p.Rmdir("d/sub") }},
		{"rename_out_of_it", func(p *vfs.Process) error { return p.Rename("d/f", "out") }},
		{"rename_into_it", func(p *vfs.Process) error { return p.Rename("src", "d/new") }},
		{"rename_over_a_name_in_it", func(p *vfs.Process) error { return p.Rename("src", "d/f") }},
		{"link_into_it", func(p *vfs.Process) error { return p.Link("src", "d/new") }},
		{"link_over_an_existing_name", func(p *vfs.Process) error { return p.Link("src", "d/f") }},
		{"link_out_of_it", func(p *vfs.Process) error { return p.Link("d/f", "out") }},
		{"symlink", func(p *vfs.Process) error { return p.Symlink("target", "d/new") }},
		{"symlink_over_an_existing_name", func(p *vfs.Process) error { return p.Symlink("target", "d/f") }},
		{"mknod_fifo", func(p *vfs.Process) error { return p.Mknod("d/new", vfs.S_IFIFO|0o644, 0) }},
		{"mknod_over_an_existing_name", func(p *vfs.Process) error { return p.Mknod("d/f", vfs.S_IFIFO|0o644, 0) }},
		{"stat", func(p *vfs.Process) error { var st vfs.Stat_t; return p.Stat("d/f", &st) }},
	}
	for _, mode := range []uint32{0o444, 0o666, 0o222, 0o000} {
		t.Run(fmt.Sprintf("mode_%04o", mode), func(t *testing.T) {
			_, root := newSystem(t)
			user := unsearchableFixture(t, root, mode)
			for _, op := range ops {
				t.Run(op.name, func(t *testing.T) {
					requireErrno(t, op.call(user), vfs.EACCES, "%s in a %04o directory", op.name, mode)
				})
			}
			// Nothing changed: root sees what the fixture made.
			var st vfs.Stat_t
			require.NoError(t, root.Lstat("/tmp/w/d/f", &st))
			require.Equal(t, uint32(vfs.S_IFREG), st.Mode&vfs.S_IFMT, "d/f is still the file")
			for _, gone := range []string{"/tmp/w/d/new", "/tmp/w/out"} {
				requireErrno(t, root.Lstat(gone, &st), vfs.ENOENT, gone)
			}
		})
	}
}

// unsearchableFixture makes, as root, /tmp/w (the user's working
// directory) holding src and d, where d (mode dirMode) holds a file f and
// a directory sub; everything belongs to the user, a non-root govfs
// process in /tmp/w, which it returns.
func unsearchableFixture(t *testing.T, root *vfs.Process, dirMode uint32) *vfs.Process {
	t.Helper()
	for _, d := range []string{"/tmp/w", "/tmp/w/d", "/tmp/w/d/sub"} {
		require.NoError(t, root.Mkdir(d, 0o755))
	}
	writeFile(t, root, "/tmp/w/d/f", "f", 0o644)
	writeFile(t, root, "/tmp/w/src", "src", 0o644)
	for _, p := range []string{"/tmp/w", "/tmp/w/d", "/tmp/w/d/sub", "/tmp/w/d/f", "/tmp/w/src"} {
		require.NoError(t, root.Chown(p, userUID, userGID))
	}
	require.NoError(t, root.Chmod("/tmp/w/d", dirMode))
	user := forkAs(t, root, userUID, userGID)
	require.NoError(t, user.Chdir("/tmp/w"))
	return user
}

func openClose(p *vfs.Process, path string, flags int) error {
	fd, err := p.Open(path, flags, 0o644)
	if err == nil {
		_ = p.Close(fd)
	}
	return err
}
