//go:build linux

package vfstest_test

import (
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Permission rules of creation as an ordinary user: device nodes,
// whiteouts, hard links to other users' files (fs.protected_hardlinks),
// setgid directories, the umask of the user, linkat(AT_EMPTY_PATH) and
// O_TMPFILE. Helpers and ids are in diff_cases_perm_linux_test.go.

// skipUnlessSysctl skips a case unless /proc/sys/<name> holds want: the
// case's expectations hold for that setting only.
func skipUnlessSysctl(name, want string) string {
	b, err := os.ReadFile("/proc/sys/" + name)
	if err != nil {
		return "cannot read /proc/sys/" + name + ": " + err.Error()
	}
	if got := strings.TrimSpace(string(b)); got != want {
		return "the case assumes " + name + " = " + want + ", the host has " + got
	}
	return ""
}

var permCreateScenarios = []vfstest.Scenario{
	sc("permcreate_mknod_of_devices_needs_privilege_but_fifos_do_not", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		asUser(s, func(u *vfstest.Session) {
			u.Mknod("chr", unix.S_IFCHR|0o644, int(unix.Mkdev(1, 3)))
			u.Mknod("blk", unix.S_IFBLK|0o644, int(unix.Mkdev(7, 0)))
			u.Mknod("fifo", unix.S_IFIFO|0o644, 0)
			u.Mknod("reg", unix.S_IFREG|0o644, 0)
			u.Mknod("zero", 0o644, 0)
			u.Mkfifo("p", 0o666)
			u.Stat("fifo")
			u.Stat("reg")
			u.Stat("zero")
			u.Stat("p")
		})
		s.Lstat("chr")
	}),
	sc("permcreate_rename_whiteout_needs_no_privilege", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		asUser(s, func(u *vfstest.Session) {
			u.WriteFile("f", "x", 0o644)
			u.Renameat2(unix.AT_FDCWD, "f", unix.AT_FDCWD, "g", unix.RENAME_WHITEOUT)
			u.Lstat("f")
			u.Stat("g")
		})
	}),
	{
		Name: "permcreate_link_to_another_users_file_follows_protected_hardlinks",
		Skip: skipUnlessSysctl("fs/protected_hardlinks", "1"),
		Run: func(s *vfstest.Session) {
			s.Chmod(".", 0o777)
			file(s, "secret", "", otherUID, otherGID, 0o600)
			file(s, "readable", "", otherUID, otherGID, 0o644)
			file(s, "rw", "", otherUID, otherGID, 0o666)
			file(s, "suid", "", otherUID, otherGID, 0o4777)
			file(s, "mine", "", userUID, userGID, 0o000)
			asUser(s, func(u *vfstest.Session) {
				u.Link("secret", "l1")
				u.Link("readable", "l2")
				u.Link("rw", "l3")
				u.Link("suid", "l4")
				u.Link("mine", "l5")
			})
			s.Link("secret", "root-link")
		},
	},
	sc("permcreate_setgid_dir_gives_new_files_its_group", func(s *vfstest.Session) {
		dir(s, "d", 0, otherGID, 0o2777)
		asUser(s, func(u *vfstest.Session) {
			u.WriteFile("d/f", "", 0o644)
			u.Mkfifo("d/p", 0o644)
			u.Symlink("f", "d/l")
			u.Stat("d/f")
			u.Stat("d/p")
			u.Lstat("d/l")
		})
	}),
	sc("permcreate_setgid_dir_gives_new_subdirs_its_group_and_the_bit", func(s *vfstest.Session) {
		dir(s, "d", 0, otherGID, 0o2777)
		asUser(s, func(u *vfstest.Session) {
			u.Mkdir("d/sub", 0o700)
			u.Stat("d/sub")
			u.Mkdir("d/sub/deeper", 0o755)
			u.Stat("d/sub/deeper")
			u.Chmod("d/sub", 0o755) // owner, not in the group: bit cleared
			u.Stat("d/sub")
		})
	}),
	sc("permcreate_setgid_dir_strips_setgid_from_a_non_members_new_file", func(s *vfstest.Session) {
		dir(s, "d", 0, otherGID, 0o2777)
		asUser(s, func(u *vfstest.Session) {
			u.Umask(0)
			tryOpen(u, "d/x", unix.O_WRONLY|unix.O_CREAT, 0o2755)
			tryOpen(u, "d/nx", unix.O_WRONLY|unix.O_CREAT, 0o2745)
			u.Mknod("d/fifo", unix.S_IFIFO|0o2775, 0)
			u.Mkdir("d/sub", 0o2755)
			for _, f := range []string{"d/x", "d/nx", "d/fifo", "d/sub"} {
				u.Stat(f)
			}
		})
		asUserIn(s, []int{otherGID}, func(u *vfstest.Session) {
			u.Umask(0)
			tryOpen(u, "d/member", unix.O_WRONLY|unix.O_CREAT, 0o2755)
			u.Stat("d/member")
		})
	}),
	sc("permcreate_setgid_bit_on_create_outside_a_setgid_dir", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		asUser(s, func(u *vfstest.Session) {
			u.Umask(0)
			tryOpen(u, "f", unix.O_WRONLY|unix.O_CREAT, 0o6755)
			u.Stat("f")
		})
	}),
	sc("permcreate_umask_set_as_user_stays_with_the_user", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		asUser(s, func(u *vfstest.Session) {
			u.Umask(0o077)
			u.WriteFile("u", "", 0o666)
			u.Mkdir("ud", 0o777)
			u.Stat("u")
			u.Stat("ud")
		})
		s.Umask(0o022)
		s.WriteFile("r", "", 0o666)
		s.Stat("r")
		asUser(s, func(u *vfstest.Session) { u.Umask(0o022) })
	}),
	sc("permcreate_linkat_empty_path_as_a_user", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		file(s, "f", "", otherUID, otherGID, 0o666)
		rootFD := s.Open("f", unix.O_RDONLY, 0)
		asUser(s, func(u *vfstest.Session) {
			u.WriteFile("mine", "", 0o644)
			fd := u.Open("mine", unix.O_RDONLY, 0)
			u.Linkat(fd, "", unix.AT_FDCWD, "mine2", unix.AT_EMPTY_PATH)
			u.Linkat(rootFD, "", unix.AT_FDCWD, "f2", unix.AT_EMPTY_PATH)
			u.Stat("mine")
		})
	}),
	sc("permcreate_o_tmpfile_needs_write_on_the_directory", func(s *vfstest.Session) {
		dir(s, "ro", 0, 0, 0o755)
		dir(s, "rw", 0, 0, 0o777)
		asUser(s, func(u *vfstest.Session) {
			u.Open("ro", unix.O_TMPFILE|unix.O_RDWR, 0o600)
			fd := u.Open("rw", unix.O_TMPFILE|unix.O_RDWR, 0o600)
			u.Fstat(fd)
			u.Linkat(fd, "", unix.AT_FDCWD, "rw/named", unix.AT_EMPTY_PATH)
		})
	}),
}
