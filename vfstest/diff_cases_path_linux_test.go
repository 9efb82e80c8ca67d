//go:build linux

package vfstest_test

import (
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Path resolution corners and flag combinations that other groups do
// not reach.
var pathScenarios = []vfstest.Scenario{
	sc("dotdot_after_a_regular_file_is_ENOTDIR_for_every_call", func(s *vfstest.Session) {
		s.WriteFile("d0", "", 0o644)
		s.Rmdir("d0/..")
		s.Rmdir("d0/.")
		s.Mkdir("d0/..", 0o755)
		s.Mknod("d0/..", unix.S_IFREG|0o644, 0)
		s.Symlink("x", "d0/..")
		s.Link("d0", "d0/..")
		s.Link("d0/..", "x")
		s.Rename("d0/..", "x")
		s.Rename("d0", "d0/..")
		s.Renameat2(unix.AT_FDCWD, "d0", unix.AT_FDCWD, "d0/..", unix.RENAME_NOREPLACE)
		s.Unlink("d0/..")
		s.Open("d0/..", creatRW, 0o644)
		s.Open("d0/.", creatRW|unix.O_EXCL, 0o644)
		s.Open("d0/..", readOnly, 0)
		s.Lstat("d0")
	}),
	sc("final_name_length_is_checked_by_the_lookup_not_before_the_walk", func(s *vfstest.Session) {
		s.WriteFile("d0", "", 0o644)
		s.Rename("f1", longName(256))
		s.Rename("d0", longName(256))
		s.Rename(longName(256), "d0")
		s.Link("f1", longName(256))
		s.Link("d0", longName(256))
		s.Mkdir(longName(256), 0o755)
		s.Mkdir(longName(256)+"/x", 0o755)
		s.Rmdir(longName(256))
		s.Unlink(longName(256))
		s.Symlink("x", longName(256))
		s.Open(longName(256), creatRW, 0o644)
		s.Rename("d0", longName(255))
		s.Lstat(longName(255))
	}),
	sc("open_with_half_of_O_TMPFILE_is_EINVAL", func(s *vfstest.Session) {
		const half = unix.O_TMPFILE &^ unix.O_DIRECTORY
		s.WriteFile("f0", "", 0o644)
		s.Open("f0", half, 0o644)
		s.Open(".", half|unix.O_RDWR, 0o644)
		s.Open("missing", half|unix.O_WRONLY|unix.O_CREAT, 0o644)
		s.Open(".", half|unix.O_RDWR|unix.O_DIRECTORY|unix.O_CREAT, 0o644)
		s.Open(".", half|unix.O_PATH, 0)
		s.Open(".", unix.O_TMPFILE|unix.O_RDONLY|unix.O_TRUNC, 0o644)
		s.Fstat(s.Open(".", unix.O_TMPFILE|unix.O_RDWR, 0o600))
	}),
	sc("in_a_removed_directory_a_too_long_name_is_ENOENT", func(s *vfstest.Session) {
		s.Mkdir("w", 0o755)
		s.WriteFile("f", "", 0o644)
		s.Chdir("w")
		s.Rmdir("../w")
		s.Symlink("x", longName(256))
		s.Mkdir(longName(256), 0o755)
		s.Unlink(longName(256))
		s.Rmdir(longName(256))
		s.Link("../f", longName(256))
		s.Rename("../f", longName(256))
		s.Rename(longName(256), "../g")
		s.Open(longName(256), creatRW, 0o644)
		s.Open(longName(256), readOnly, 0)
		s.Stat(longName(256))
		s.Stat(longName(256) + "/x")
	}),
	sc("open_creat_excl_on_a_dot_is_EEXIST", func(s *vfstest.Session) {
		s.Mkdir("dir", 0o755)
		s.Open(".", creatRW|unix.O_EXCL, 0o644)
		s.Open(".", unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL, 0o644)
		s.Open(".", unix.O_RDONLY|unix.O_CREAT, 0o644)
		s.Open("dir/..", unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL, 0o644)
		s.Open("dir/", unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL, 0o644)
		s.Open("nodir/", unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL, 0o644)
	}),
	sc("dot_and_dotdot_components_resolve_in_place", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("f", "top", 0o644)
		s.Read(s.Open("d/../f", readOnly, 0), 10)
		s.Read(s.Open("./d/./../f", readOnly, 0), 10)
		s.Read(s.Open("d//..//f", readOnly, 0), 10)
		s.Open("missing/../f", readOnly, 0)
		s.Open("f/../f", readOnly, 0)
	}),
	sc("dotdot_after_symlink_is_the_physical_parent", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("d/e", 0o755)
		s.WriteFile("d/where", "in d", 0o644)
		s.WriteFile("where", "top", 0o644)
		s.Symlink("d/e", "l")
		s.Read(s.Open("l/../where", readOnly, 0), 10)
	}),
	sc("open_creat_with_directory_flag_is_EINVAL", func(s *vfstest.Session) {
		s.Open("new", unix.O_RDONLY|unix.O_CREAT|unix.O_DIRECTORY, 0o755)
		s.Mkdir("d", 0o755)
		s.Open("d", unix.O_RDONLY|unix.O_CREAT|unix.O_DIRECTORY, 0o755)
		s.Lstat("new")
	}),
	sc("open_tmpfile_needs_write_access_and_a_directory", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Open(".", unix.O_TMPFILE|unix.O_RDONLY, 0o600)
		s.Open("f", unix.O_TMPFILE|unix.O_RDWR, 0o600)
		s.Open("missing", unix.O_TMPFILE|unix.O_RDWR, 0o600)
		s.Umask(0o077)
		s.Fstat(s.Open(".", unix.O_TMPFILE|unix.O_WRONLY, 0o666))
	}),
	sc("symlink_name_and_target_length_limits", func(s *vfstest.Session) {
		s.Symlink("t", longName(256))
		s.Symlink(strings.Repeat("t", 4095), "long")
		s.Lstat("long")
		s.Symlink(strings.Repeat("t", 4096), "toolong")
		s.Readlink("long", 8)
	}),
	sc("lseek_on_directory_accepts_set_and_cur", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		fd := s.Open(".", dirOnly, 0)
		s.Seek(fd, 0, unix.SEEK_SET)
		s.Seek(fd, 0, unix.SEEK_CUR)
		s.Seek(fd, -1, unix.SEEK_SET)
		s.Seek(fd, 0, unix.SEEK_END)
		s.Getdents(fd, 4096)
	}),
	sc("path_fd_refuses_fchown_and_ftruncate_with_EBADF", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		fd := s.Open("f", unix.O_PATH, 0)
		s.Fchown(fd, 1, 1)
		s.Ftruncate(fd, 0)
		s.Dup2(fd, fd)
		s.Fcntl(s.Dup(fd), unix.F_GETFL, 0)
		s.Symlink("f", "l")
		s.Fstat(s.Open("l", unix.O_PATH|unix.O_NOFOLLOW, 0))
	}),
	sc("truncate_follows_symlinks", func(s *vfstest.Session) {
		s.WriteFile("f", "abcdef", 0o644)
		s.Symlink("f", "l")
		s.Truncate("l", 2)
		s.Stat("f")
		s.Lstat("l")
	}),
	sc("unlinkat_and_mkdirat_with_file_dirfd_are_ENOTDIR", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Unlinkat(fd, "x", 0)
		s.Renameat2(fd, "x", unix.AT_FDCWD, "y", 0)
		s.Linkat(unix.AT_FDCWD, "f", fd, "y", 0)
	}),
	sc("getcwd_follows_a_renamed_working_directory", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("d/e", 0o755)
		s.Chdir("d/e")
		s.Rename("../../d", "../../moved")
		s.Getcwd()
		s.Stat("..")
	}),
	sc("renameat2_exchange_of_dirs_fixes_both_parents_nlink", func(s *vfstest.Session) {
		s.Mkdir("p", 0o755)
		s.Mkdir("q", 0o755)
		s.Mkdir("p/a", 0o755)
		s.WriteFile("q/f", "file", 0o644)
		s.Renameat2(cwd, "p/a", cwd, "q/f", unix.RENAME_EXCHANGE)
		s.Stat("p")
		s.Stat("q")
		s.Stat("p/a")
		s.Stat("q/f")
		s.Stat("q/f/..")
	}),
	sc("renameat2_noreplace_dir_over_empty_dir_is_EEXIST", func(s *vfstest.Session) {
		s.Mkdir("a", 0o755)
		s.Mkdir("b", 0o755)
		s.Renameat2(cwd, "a", cwd, "b", unix.RENAME_NOREPLACE)
		s.Renameat2(cwd, "a", cwd, "a", unix.RENAME_NOREPLACE)
		s.Renameat2(cwd, "a", cwd, "a", unix.RENAME_EXCHANGE)
	}),
	sc("renameat2_whiteout_leaves_a_whiteout_device", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Renameat2(cwd, "f", cwd, "g", unix.RENAME_WHITEOUT)
		s.Lstat("f")
		s.Lstat("g")
	}),
	sc("create_in_directory_without_write_bit_succeeds_for_root", func(s *vfstest.Session) {
		s.NeedRoot("the case checks root's bypass of permission bits (CAP_DAC_OVERRIDE)")
		s.Mkdir("ro", 0o555)
		s.WriteFile("ro/f", "root ignores w", 0o644)
		s.Chmod("ro", 0o000)
		s.Stat("ro/f")
		s.Mkdir("ro/sub", 0o755)
		s.Unlink("ro/f")
	}),
	sc("read_zero_bytes_checks_the_fd_only", func(s *vfstest.Session) {
		s.Read(s.FD(30), 0)
		s.Mkdir("d", 0o755)
		s.Read(s.Open("d", dirOnly, 0), 0)
		s.Read(s.Open("f", creatWR, 0o644), 0)
		s.Write(s.Open("f", readOnly, 0), "")
	}),
}
