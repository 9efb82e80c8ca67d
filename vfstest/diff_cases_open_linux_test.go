//go:build linux

package vfstest_test

import (
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// open(2) and creat: flags, trailing slashes, name and path limits.
var openScenarios = []vfstest.Scenario{
	sc("open_creat_makes_empty_file_with_umasked_mode", func(s *vfstest.Session) {
		fd := s.Open("f", creatWR, 0o777)
		s.Fstat(fd)
		s.Close(fd)
		s.Stat("f")
	}),
	sc("open_missing_file_is_ENOENT", func(s *vfstest.Session) {
		s.Open("missing", readOnly, 0)
		s.Open("missing/x", creatWR, 0o644)
	}),
	sc("open_creat_excl_on_existing_is_EEXIST", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		s.Open("f", creatWR|unix.O_EXCL, 0o644)
		s.Mkdir("d", 0o755)
		s.Open("d", creatWR|unix.O_EXCL, 0o644)
	}),
	sc("open_excl_without_creat_opens_existing_file", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		s.Open("f", readOnly|unix.O_EXCL, 0)
	}),
	sc("open_trunc_empties_file", func(s *vfstest.Session) {
		s.WriteFile("f", "hello", 0o644)
		fd := s.Open("f", unix.O_RDWR|unix.O_TRUNC, 0)
		s.Fstat(fd)
		s.Read(fd, 10)
	}),
	sc("open_rdonly_trunc_still_truncates", func(s *vfstest.Session) {
		s.WriteFile("f", "hello", 0o644)
		s.Open("f", readOnly|unix.O_TRUNC, 0)
		s.Stat("f")
	}),
	sc("open_append_every_write_goes_to_end_with_two_handles", func(s *vfstest.Session) {
		s.WriteFile("f", "0123", 0o644)
		a := s.Open("f", unix.O_WRONLY|unix.O_APPEND, 0)
		b := s.Open("f", unix.O_WRONLY|unix.O_APPEND, 0)
		s.Write(a, "A")
		s.Write(b, "BB")
		s.Seek(a, 0, unix.SEEK_SET)
		s.Write(a, "C")
		s.Seek(a, 0, unix.SEEK_CUR)
		s.Write(b, "D")
		r := s.Open("f", readOnly, 0)
		s.Read(r, 100)
	}),
	sc("open_append_pwrite_still_appends", func(s *vfstest.Session) {
		s.WriteFile("f", "0123", 0o644)
		fd := s.Open("f", unix.O_RDWR|unix.O_APPEND, 0)
		s.Pwrite(fd, "X", 0)
		s.Pread(fd, 100, 0)
	}),
	sc("open_directory_flag_on_file_is_ENOTDIR", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Open("f", dirOnly, 0)
		s.Mkdir("d", 0o755)
		s.Open("d", dirOnly, 0)
	}),
	sc("open_nofollow_on_final_symlink_is_ELOOP", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		s.Symlink("f", "l")
		s.Open("l", readOnly|unix.O_NOFOLLOW, 0)
		s.Open("l", readOnly|unix.O_NOFOLLOW|unix.O_PATH, 0)
	}),
	sc("open_nofollow_follows_symlinks_before_the_last_component", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("d/f", "x", 0o644)
		s.Symlink("d", "l")
		fd := s.Open("l/f", readOnly|unix.O_NOFOLLOW, 0)
		s.Read(fd, 10)
	}),
	sc("open_creat_through_dangling_symlink_creates_target", func(s *vfstest.Session) {
		s.Symlink("target", "l")
		fd := s.Open("l", creatWR, 0o600)
		s.Write(fd, "via link")
		s.Lstat("l")
		s.Stat("target")
	}),
	sc("open_creat_excl_on_dangling_symlink_is_EEXIST", func(s *vfstest.Session) {
		s.Symlink("target", "l")
		s.Open("l", creatWR|unix.O_EXCL, 0o600)
		s.Lstat("target")
	}),
	sc("open_trailing_slash_on_file_is_ENOTDIR", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Open("f/", readOnly, 0)
		s.Open("f/.", readOnly, 0)
	}),
	sc("open_creat_with_trailing_slash_is_EISDIR", func(s *vfstest.Session) {
		s.Open("new/", creatWR, 0o644)
		s.Open("new/", readOnly|unix.O_CREAT, 0o644)
		s.Lstat("new")
	}),
	sc("open_trailing_slash_on_dir_and_symlink_to_dir", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Symlink("d", "l")
		s.Open("d/", readOnly, 0)
		s.Open("l/", readOnly, 0)
		s.Open("l/", readOnly|unix.O_NOFOLLOW, 0)
	}),
	sc("open_path_fd_refuses_read_and_write_with_EBADF", func(s *vfstest.Session) {
		s.WriteFile("f", "data", 0o644)
		fd := s.Open("f", unix.O_PATH, 0)
		s.Read(fd, 4)
		s.Write(fd, "x")
		s.Fstat(fd)
		s.Fcntl(fd, unix.F_GETFL, 0)
		s.Fchmod(fd, 0o600)
	}),
	sc("open_dir_for_writing_is_EISDIR", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Open("d", unix.O_WRONLY, 0)
		s.Open("d", unix.O_RDWR, 0)
		s.Open("d", readOnly|unix.O_CREAT, 0o644)
		s.Open("d", readOnly|unix.O_TRUNC, 0)
		s.Open(".", unix.O_WRONLY, 0)
	}),
	sc("open_creat_under_regular_file_is_ENOTDIR", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Open("f/x", creatWR, 0o644)
		s.Mkdir("f/d", 0o755)
	}),
	sc("open_empty_path_is_ENOENT", func(s *vfstest.Session) {
		s.Open("", readOnly, 0)
		s.Open("", creatWR, 0o644)
	}),
	sc("open_name_of_256_bytes_is_ENAMETOOLONG", func(s *vfstest.Session) {
		s.Open(longName(255), creatWR, 0o644)
		s.Open(longName(256), creatWR, 0o644)
		s.Open(longName(256), readOnly, 0)
		s.Mkdir(longName(256), 0o755)
	}),
	sc("open_path_of_4096_bytes_is_ENAMETOOLONG", func(s *vfstest.Session) {
		s.WriteFile("f", "ok", 0o644)
		s.Open(strings.Repeat("./", 2047)+"f", readOnly, 0)
		s.Open(strings.Repeat("./", 2048)+"f", readOnly, 0)
		s.Open(strings.Repeat("./", 2048), readOnly, 0)
	}),
	sc("open_nul_in_path_is_EINVAL", func(s *vfstest.Session) {
		s.Open("a\x00b", creatWR, 0o644)
		s.Mkdir("d\x00", 0o755)
		s.Lstat("a")
	}),
	sc("open_tmpfile_makes_unnamed_file", func(s *vfstest.Session) {
		fd := s.Open(".", unix.O_TMPFILE|unix.O_RDWR, 0o600)
		s.Write(fd, "anon")
		s.Fstat(fd)
		s.ReadDir(s.Open(".", dirOnly, 0), 4096)
	}),
	sc("open_wronly_then_read_is_EBADF_and_rdonly_then_write_is_EBADF", func(s *vfstest.Session) {
		w := s.Open("f", creatWR, 0o644)
		s.Read(w, 1)
		s.Write(w, "abc")
		r := s.Open("f", readOnly, 0)
		s.Write(r, "x")
		s.Read(r, 10)
	}),
}
