//go:build linux

package vfstest_test

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// mkdir, rmdir, unlink and directory link counts.
var dirScenarios = []vfstest.Scenario{
	sc("mkdir_existing_name_is_EEXIST", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("d", 0o755)
		s.WriteFile("f", "", 0o644)
		s.Mkdir("f", 0o755)
		s.Symlink("nowhere", "l")
		s.Mkdir("l", 0o755)
		s.Mkdir(".", 0o755)
	}),
	sc("mkdir_under_missing_parent_is_ENOENT", func(s *vfstest.Session) {
		s.Mkdir("a/b", 0o755)
		s.Mkdir("", 0o755)
	}),
	sc("mkdir_mode_is_masked_and_keeps_sticky", func(s *vfstest.Session) {
		s.Mkdir("a", 0o777)
		s.Mkdir("b", 0o1777)
		s.Mkdir("c", 0o7777)
		s.Stat("a")
		s.Stat("b")
		s.Stat("c")
	}),
	sc("mkdir_with_trailing_slash_works", func(s *vfstest.Session) {
		s.Mkdir("d/", 0o755)
		s.Mkdir("e//", 0o755)
		s.Stat("d")
		s.Stat("e")
	}),
	sc("dir_nlink_counts_subdirectories", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Stat("d")
		s.Mkdir("d/a", 0o755)
		s.Mkdir("d/b", 0o755)
		s.WriteFile("d/f", "", 0o644)
		s.Stat("d")
		s.Stat("d/a")
		s.Rmdir("d/a")
		s.Stat("d")
	}),
	sc("rmdir_non_empty_is_ENOTEMPTY", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("d/f", "", 0o644)
		s.Rmdir("d")
		s.Unlink("d/f")
		s.Rmdir("d")
		s.Stat("d")
	}),
	sc("rmdir_dot_is_EINVAL_and_dotdot_is_ENOTEMPTY", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Rmdir(".")
		s.Rmdir("d/.")
		s.Rmdir("d/..")
		s.Stat("d")
	}),
	sc("rmdir_of_file_is_ENOTDIR", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Rmdir("f")
		s.Rmdir("missing")
		s.Symlink("d", "l")
		s.Mkdir("d", 0o755)
		s.Rmdir("l")
		s.Rmdir("d/")
	}),
	sc("unlink_of_dir_is_EISDIR", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Unlink("d")
		s.Unlink("missing")
		s.Unlink("")
		s.Stat("d")
	}),
	sc("unlink_with_trailing_slash_is_ENOTDIR", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Unlink("f/")
		s.Stat("f")
	}),
	sc("unlinkat_removedir_flag_selects_rmdir", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("f", "", 0o644)
		s.Unlinkat(unix.AT_FDCWD, "f", unix.AT_REMOVEDIR)
		s.Unlinkat(unix.AT_FDCWD, "d", 0)
		s.Unlinkat(unix.AT_FDCWD, "d", unix.AT_REMOVEDIR)
		s.Unlinkat(unix.AT_FDCWD, "f", unix.AT_SYMLINK_NOFOLLOW)
		s.Unlinkat(unix.AT_FDCWD, "f", 0)
	}),
	sc("unlink_removes_symlink_not_its_target", func(s *vfstest.Session) {
		s.WriteFile("f", "data", 0o644)
		s.Symlink("f", "l")
		s.Unlink("l")
		s.Lstat("l")
		s.Stat("f")
	}),
	sc("removed_dir_refuses_new_entries_with_ENOENT", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		fd := s.Open("d", dirOnly, 0)
		s.Rmdir("d")
		s.Openat(fd, "x", creatWR, 0o644)
		s.Mkdirat(fd, "y", 0o755)
		s.Fstat(fd)
	}),
}

// getdents64: contents, types, buffer sizes and d_off cookies.
var direntScenarios = []vfstest.Scenario{
	sc("getdents_lists_dot_dotdot_and_every_type", func(s *vfstest.Session) {
		s.NeedRoot("mknod of char and block devices needs CAP_MKNOD")
		s.Mkdir("d", 0o755)
		s.WriteFile("d/file", "", 0o644)
		s.Mkdir("d/sub", 0o755)
		s.Symlink("file", "d/link")
		s.Mkfifo("d/fifo", 0o644)
		s.Mknod("d/sock", unix.S_IFSOCK|0o644, 0)
		s.Mknod("d/chr", unix.S_IFCHR|0o644, int(unix.Mkdev(1, 3)))
		fd := s.Open("d", dirOnly, 0)
		s.Getdents(fd, 4096)
		s.Getdents(fd, 4096)
	}),
	sc("getdents_of_empty_dir_has_dot_and_dotdot", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		fd := s.Open("d", dirOnly, 0)
		s.Getdents(fd, 4096)
		s.Getdents(fd, 4096)
	}),
	sc("getdents_with_tiny_buffer_is_EINVAL", func(s *vfstest.Session) {
		fd := s.Open(".", dirOnly, 0)
		s.Getdents(fd, 8)
		s.Getdents(fd, 0)
		s.Getdents(fd, 24)
	}),
	sc("getdents_small_buffer_returns_everything_in_pieces", func(s *vfstest.Session) {
		for i := range 12 {
			s.WriteFile(fmt.Sprintf("file-%02d", i), "", 0o644)
		}
		s.Mkdir(longName(200), 0o755)
		fd := s.Open(".", dirOnly, 0)
		s.ReadDir(fd, 256)
		s.Seek(fd, 0, unix.SEEK_SET)
		s.ReadDir(fd, 4096)
	}),
	sc("getdents_resumes_after_every_d_off_cookie", func(s *vfstest.Session) {
		for _, n := range []string{"a", "bb", "ccc", "dddd", "eeeee"} {
			s.WriteFile(n, "", 0o644)
		}
		s.Mkdir("sub", 0o755)
		s.CheckDirResume(s.Open(".", dirOnly, 0))
	}),
	sc("getdents_sees_entries_removed_and_added_after_rewind", func(s *vfstest.Session) {
		s.WriteFile("a", "", 0o644)
		s.WriteFile("b", "", 0o644)
		fd := s.Open(".", dirOnly, 0)
		s.ReadDir(fd, 4096)
		s.Unlink("a")
		s.WriteFile("c", "", 0o644)
		s.Seek(fd, 0, unix.SEEK_SET)
		s.ReadDir(fd, 4096)
	}),
	sc("getdents_on_file_is_ENOTDIR_and_on_path_fd_EBADF", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Getdents(s.Open("f", readOnly, 0), 4096)
		s.Getdents(s.Open(".", unix.O_PATH, 0), 4096)
	}),
	sc("getdents_of_removed_dir_is_ENOENT", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		fd := s.Open("d", dirOnly, 0)
		s.Rmdir("d")
		s.Getdents(fd, 4096)
	}),
}
