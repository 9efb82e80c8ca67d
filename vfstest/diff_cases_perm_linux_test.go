//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Permission checks as an ordinary user: the mode bits on open, search
// permission along a path, directories without r or x, and fds or cwds
// that root set up. Root builds the files and hands them out with chown
// and chmod, then an As block (lines marked "[uid 1000]") tries them.
// The helpers and ids here serve every diff_cases_perm*_linux_test.go.

const (
	userUID  = 1000 // the user of the As blocks
	userGID  = 1000
	otherUID = 2000 // another user, who owns what the user may not touch
	otherGID = 2000
	suppGID  = 3000 // a supplementary group of the user, when the case says so
)

// asUser runs body as uid 1000, gid 1000, with no supplementary groups.
func asUser(s *vfstest.Session, body func(u *vfstest.Session)) {
	s.As(userUID, userGID, nil, body)
}

// asUserIn is asUser with supplementary groups.
func asUserIn(s *vfstest.Session, groups []int, body func(u *vfstest.Session)) {
	s.As(userUID, userGID, groups, body)
}

// give sets path's owner and then its mode (chown would clear set-id bits).
func give(s *vfstest.Session, path string, uid, gid int, mode uint32) {
	s.Chown(path, uid, gid)
	s.Chmod(path, mode)
}

// file creates path with data and gives it away.
func file(s *vfstest.Session, path, data string, uid, gid int, mode uint32) {
	s.WriteFile(path, data, 0o644)
	give(s, path, uid, gid, mode)
}

// dir makes a directory and gives it away.
func dir(s *vfstest.Session, path string, uid, gid int, mode uint32) {
	s.Mkdir(path, 0o755)
	give(s, path, uid, gid, mode)
}

// tryOpen opens path (with mode, for O_CREAT) and closes it again.
func tryOpen(u *vfstest.Session, path string, flags int, mode ...uint32) {
	var m uint32
	if len(mode) > 0 {
		m = mode[0]
	}
	if fd := u.Open(path, flags, m); fd >= 0 {
		u.Close(fd)
	}
}

var permScenarios = []vfstest.Scenario{
	sc("perm_owner_class_decides_for_the_owner_even_if_others_may", func(s *vfstest.Session) {
		file(s, "f", "data", userUID, userGID, 0o077)
		file(s, "r", "data", userUID, otherGID, 0o400)
		file(s, "w", "data", userUID, otherGID, 0o200)
		asUser(s, func(u *vfstest.Session) {
			tryOpen(u, "f", unix.O_RDONLY)
			tryOpen(u, "f", unix.O_WRONLY)
			tryOpen(u, "r", unix.O_RDONLY)
			tryOpen(u, "r", unix.O_RDWR)
			tryOpen(u, "w", unix.O_WRONLY)
			tryOpen(u, "w", unix.O_RDONLY)
		})
	}),
	sc("perm_group_class_applies_to_members_of_the_file_group", func(s *vfstest.Session) {
		file(s, "g", "data", otherUID, userGID, 0o640)
		file(s, "nogroup", "data", otherUID, userGID, 0o604)
		asUser(s, func(u *vfstest.Session) {
			tryOpen(u, "g", unix.O_RDONLY)
			tryOpen(u, "g", unix.O_WRONLY)
			tryOpen(u, "nogroup", unix.O_RDONLY) // group class, not other
		})
	}),
	sc("perm_supplementary_group_grants_the_group_class", func(s *vfstest.Session) {
		file(s, "f", "data", otherUID, suppGID, 0o660)
		asUser(s, func(u *vfstest.Session) { tryOpen(u, "f", unix.O_RDWR) })
		asUserIn(s, []int{4000, suppGID}, func(u *vfstest.Session) {
			tryOpen(u, "f", unix.O_RDWR)
			u.Access("f", unix.R_OK|unix.W_OK)
			u.Access("f", unix.X_OK)
		})
	}),
	sc("perm_other_class_read_write_and_trunc", func(s *vfstest.Session) {
		file(s, "ro", "data", otherUID, otherGID, 0o604)
		file(s, "wo", "data", otherUID, otherGID, 0o602)
		asUser(s, func(u *vfstest.Session) {
			fd := u.Open("ro", unix.O_RDONLY, 0)
			u.Read(fd, 10)
			u.Write(fd, "x")
			tryOpen(u, "ro", unix.O_RDWR)
			tryOpen(u, "ro", unix.O_RDONLY|unix.O_TRUNC)
			fd = u.Open("wo", unix.O_WRONLY|unix.O_TRUNC, 0)
			u.Write(fd, "new")
			u.Read(fd, 10)
			tryOpen(u, "wo", unix.O_RDONLY)
			tryOpen(u, "wo", unix.O_WRONLY|unix.O_APPEND)
		})
		s.Stat("wo")
	}),
	sc("perm_open_creat_of_existing_file_needs_only_file_permission", func(s *vfstest.Session) {
		file(s, "ro", "data", otherUID, otherGID, 0o644)
		asUser(s, func(u *vfstest.Session) { // the sandbox is 0755 root
			tryOpen(u, "ro", unix.O_RDONLY|unix.O_CREAT)
			tryOpen(u, "ro", unix.O_RDWR|unix.O_CREAT)
			tryOpen(u, "ro", unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL)
			tryOpen(u, "new", unix.O_RDONLY|unix.O_CREAT)
			tryOpen(u, "new", unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL)
			tryOpen(u, "new", unix.O_RDONLY)
		})
	}),
	sc("perm_open_dir_for_write_is_EISDIR_before_EACCES", func(s *vfstest.Session) {
		dir(s, "d", otherUID, otherGID, 0o555)
		dir(s, "none", otherUID, otherGID, 0o000)
		asUser(s, func(u *vfstest.Session) {
			tryOpen(u, "d", unix.O_WRONLY)
			tryOpen(u, "d", unix.O_RDWR)
			tryOpen(u, "none", unix.O_RDWR)
			tryOpen(u, "none", unix.O_RDONLY)
			tryOpen(u, "none", unix.O_WRONLY|unix.O_CREAT)
		})
	}),
	sc("perm_fifo_open_checks_the_mode_bits_first", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o600)
		s.Mkfifo("q", 0o600)
		give(s, "q", 0, 0, 0o606)
		asUser(s, func(u *vfstest.Session) {
			tryOpen(u, "p", unix.O_RDONLY|unix.O_NONBLOCK)
			tryOpen(u, "p", unix.O_WRONLY|unix.O_NONBLOCK)
			tryOpen(u, "q", unix.O_RDONLY|unix.O_NONBLOCK)
			tryOpen(u, "q", unix.O_WRONLY|unix.O_NONBLOCK)
		})
	}),
	sc("perm_search_needed_on_every_directory_of_a_path", func(s *vfstest.Session) {
		dir(s, "a", 0, 0, 0o755)
		dir(s, "a/b", 0, 0, 0o754) // r but no x for others
		dir(s, "a/b/c", 0, 0, 0o755)
		file(s, "a/b/c/f", "data", 0, 0, 0o644)
		asUser(s, func(u *vfstest.Session) {
			tryOpen(u, "a/b/c/f", unix.O_RDONLY)
			u.Stat("a/b")
			u.Stat("a/b/c")
			u.Access("a/b/c/f", unix.F_OK)
			tryOpen(u, "a/b", unix.O_RDONLY|unix.O_DIRECTORY)
			u.Chdir("a/b")
			u.Chdir("a")
			u.Getcwd()
			u.Stat("b/c/f")
		})
		s.Getcwd()
		tryOpen(s, "a/b/c/f", unix.O_RDONLY)
	}),
	sc("perm_dir_with_r_but_no_x_lists_names_but_hides_entries", func(s *vfstest.Session) {
		dir(s, "d", 0, 0, 0o744)
		file(s, "d/f", "data", 0, 0, 0o644)
		s.Mkdir("d/sub", 0o755)
		asUser(s, func(u *vfstest.Session) {
			fd := u.Open("d", unix.O_RDONLY|unix.O_DIRECTORY, 0)
			u.ReadDir(fd, 4096)
			u.Stat("d")
			u.Stat("d/f")
			u.Lstat("d/sub")
			u.Fstatat(fd, "f", 0)
			u.Openat(fd, "f", unix.O_RDONLY, 0)
			u.Fchdir(fd)
			u.Chdir("d")
		})
	}),
	sc("perm_dir_with_x_but_no_r_opens_by_name_but_cannot_be_listed", func(s *vfstest.Session) {
		dir(s, "d", 0, 0, 0o711)
		file(s, "d/f", "data", 0, 0, 0o644)
		asUser(s, func(u *vfstest.Session) {
			fd := u.Open("d/f", unix.O_RDONLY, 0)
			u.Read(fd, 10)
			u.Stat("d/f")
			u.Open("d", unix.O_RDONLY|unix.O_DIRECTORY, 0)
			p := u.Open("d", unix.O_PATH|unix.O_DIRECTORY, 0)
			u.Getdents(p, 4096)
			u.Openat(p, "f", unix.O_RDONLY, 0)
			u.Chdir("d")
			u.Getcwd()
			u.Stat("f")
		})
	}),
	sc("perm_supplementary_group_grants_search_on_a_directory", func(s *vfstest.Session) {
		dir(s, "d", 0, suppGID, 0o710)
		file(s, "d/f", "data", 0, 0, 0o644)
		asUser(s, func(u *vfstest.Session) { u.Stat("d/f") })
		asUserIn(s, []int{suppGID}, func(u *vfstest.Session) {
			u.Stat("d/f")
			u.Open("d", unix.O_RDONLY|unix.O_DIRECTORY, 0)
		})
	}),
	sc("perm_openat_with_a_root_opened_dirfd_checks_the_caller_at_lookup", func(s *vfstest.Session) {
		dir(s, "d", 0, 0, 0o700)
		file(s, "d/f", "secret", 0, 0, 0o644)
		fd := s.Open("d", unix.O_RDONLY|unix.O_DIRECTORY, 0)
		asUser(s, func(u *vfstest.Session) {
			u.Openat(fd, "f", unix.O_RDONLY, 0)
			u.Fstatat(fd, "f", 0)
			u.Fstatat(fd, "", unix.AT_EMPTY_PATH)
			u.ReadDir(fd, 4096) // already open: no check
			u.Fchdir(fd)
			u.Mkdirat(fd, "sub", 0o755)
		})
		s.Openat(fd, "f", unix.O_RDONLY, 0)
	}),
	sc("perm_o_path_needs_search_on_the_path_only", func(s *vfstest.Session) {
		file(s, "f", "data", otherUID, otherGID, 0o000)
		dir(s, "nox", 0, 0, 0o700)
		file(s, "nox/g", "", 0, 0, 0o644)
		asUser(s, func(u *vfstest.Session) {
			p := u.Open("f", unix.O_PATH, 0)
			u.Fstat(p)
			u.Read(p, 10)
			u.Openat(p, "", unix.O_RDONLY, 0)
			q := u.Open("nox", unix.O_PATH|unix.O_DIRECTORY, 0)
			u.Fstat(q)
			u.Openat(q, "g", unix.O_PATH, 0)
			u.Open("nox/g", unix.O_PATH, 0)
			u.Fchdir(q)
		})
	}),
	sc("perm_fd_opened_before_a_chmod_keeps_its_access", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		asUser(s, func(u *vfstest.Session) {
			fd := u.Open("f", unix.O_RDWR|unix.O_CREAT, 0o644)
			u.Fchmod(fd, 0o000)
			u.Write(fd, "still")
			u.Pread(fd, 10, 0)
			u.Ftruncate(fd, 2)
			tryOpen(u, "f", unix.O_RDONLY)
			u.Fstat(fd)
		})
	}),
	sc("perm_readlink_and_symlink_follow_check_each_directory", func(s *vfstest.Session) {
		dir(s, "d", 0, 0, 0o700)
		file(s, "d/f", "data", 0, 0, 0o644)
		s.Symlink("d/f", "l")
		s.Symlink("f", "d/l")
		asUser(s, func(u *vfstest.Session) {
			u.Readlink("l", 64)
			u.Readlink("d/l", 64)
			u.Stat("l")
			u.Lstat("l")
			tryOpen(u, "l", unix.O_RDONLY)
		})
	}),
	sc("perm_chdir_needs_search_on_the_target_directory", func(s *vfstest.Session) {
		dir(s, "nox", 0, 0, 0o744)
		dir(s, "xonly", 0, 0, 0o711)
		asUser(s, func(u *vfstest.Session) {
			u.Chdir("nox")
			u.Chdir("xonly")
			u.Getcwd()
			u.Chdir("..")
			u.Getcwd()
		})
		s.Getcwd()
	}),
	sc("perm_new_files_of_a_user_belong_to_its_uid_and_gid", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		asUserIn(s, []int{suppGID}, func(u *vfstest.Session) {
			u.WriteFile("f", "x", 0o666)
			u.Mkdir("d", 0o777)
			u.Mkfifo("p", 0o666)
			u.Symlink("f", "l")
			u.Stat("f")
			u.Stat("d")
			u.Stat("p")
			u.Lstat("l")
		})
	}),
}
