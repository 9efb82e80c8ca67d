//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// The fd table: allocation, dup family, fcntl.
var fdScenarios = []vfstest.Scenario{
	sc("open_returns_the_lowest_free_fd", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		a := s.Open("f", readOnly, 0)
		b := s.Open("f", readOnly, 0)
		s.Open("f", readOnly, 0)
		s.Close(b)
		s.Open("f", readOnly, 0)
		s.Close(a)
		s.Dup(b)
		s.Open("f", readOnly, 0)
	}),
	sc("close_twice_is_EBADF", func(s *vfstest.Session) {
		fd := s.Open(".", dirOnly, 0)
		s.Close(fd)
		s.Close(fd)
	}),
	sc("dup2_to_same_fd_is_a_no_op", func(s *vfstest.Session) {
		fd := s.Open(".", dirOnly, 0)
		s.Dup2(fd, fd)
		s.Fcntl(fd, unix.F_GETFD, 0)
		s.Dup2(s.FD(30), s.FD(30))
		s.Dup2(s.FD(30), fd)
	}),
	sc("dup2_replaces_an_open_target_and_clears_cloexec", func(s *vfstest.Session) {
		s.WriteFile("a", "AAAA", 0o644)
		s.WriteFile("b", "BBBB", 0o644)
		a := s.Open("a", readOnly, 0)
		b := s.Open("b", readOnly|unix.O_CLOEXEC, 0)
		s.Dup2(a, b)
		s.Read(b, 2)
		s.Read(a, 10)
		s.Fcntl(b, unix.F_GETFD, 0)
		s.Dup2(a, s.FD(20))
		s.Fcntl(s.FD(20), unix.F_GETFD, 0)
		s.Open("a", readOnly, 0)
	}),
	sc("dup3_same_fd_is_EINVAL", func(s *vfstest.Session) {
		fd := s.Open(".", dirOnly, 0)
		s.Dup3(fd, fd, 0)
		s.Dup3(fd, fd, unix.O_CLOEXEC)
	}),
	sc("dup3_bad_flags_is_EINVAL", func(s *vfstest.Session) {
		fd := s.Open(".", dirOnly, 0)
		s.Dup3(fd, s.FD(5), unix.O_NONBLOCK)
		s.Dup3(fd, s.FD(5), unix.O_CLOEXEC)
		s.Fcntl(s.FD(5), unix.F_GETFD, 0)
		s.Dup3(s.FD(30), s.FD(5), 0)
		s.Dup3(fd, -1, 0)
	}),
	sc("dup_shares_offset_and_status_flags", func(s *vfstest.Session) {
		s.WriteFile("f", "0123456789", 0o644)
		a := s.Open("f", unix.O_RDWR, 0)
		b := s.Dup(a)
		s.Read(a, 4)
		s.Seek(b, 0, unix.SEEK_CUR)
		s.Fcntl(a, unix.F_SETFL, unix.O_APPEND)
		s.Fcntl(b, unix.F_GETFL, 0)
		s.Fcntl(b, unix.F_GETFD, 0)
		s.Dup(s.FD(30))
	}),
	sc("fcntl_dupfd_returns_lowest_fd_at_or_above_arg", func(s *vfstest.Session) {
		fd := s.Open(".", dirOnly, 0)
		s.Fcntl(fd, unix.F_DUPFD, s.FD(5))
		s.Fcntl(fd, unix.F_DUPFD, s.FD(5))
		s.Fcntl(fd, unix.F_DUPFD, s.FD(0))
		s.Fcntl(fd, unix.F_DUPFD, -1)
		c := s.Fcntl(fd, unix.F_DUPFD_CLOEXEC, s.FD(3))
		s.Fcntl(c, unix.F_GETFD, 0)
	}),
	sc("fcntl_getfd_setfd_toggle_cloexec", func(s *vfstest.Session) {
		fd := s.Open(".", dirOnly, 0)
		s.Fcntl(fd, unix.F_GETFD, 0)
		s.Fcntl(fd, unix.F_SETFD, unix.FD_CLOEXEC)
		s.Fcntl(fd, unix.F_GETFD, 0)
		s.Fcntl(fd, unix.F_SETFD, 0)
		s.Fcntl(fd, unix.F_GETFD, 0)
		s.Fcntl(fd, unix.F_SETFD, 0xff)
		s.Fcntl(fd, unix.F_GETFD, 0)
		s.Fcntl(s.Open(".", dirOnly|unix.O_CLOEXEC, 0), unix.F_GETFD, 0)
	}),
	sc("fcntl_getfl_reports_open_flags_like_linux", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		for _, fl := range []int{
			readOnly, unix.O_WRONLY, unix.O_RDWR, unix.O_RDWR | unix.O_APPEND | unix.O_NONBLOCK,
			readOnly | unix.O_CLOEXEC | unix.O_NOFOLLOW | unix.O_TRUNC, unix.O_WRONLY | unix.O_CREAT | unix.O_NOCTTY,
			unix.O_WRONLY | unix.O_SYNC, unix.O_WRONLY | unix.O_DSYNC, unix.O_PATH, unix.O_PATH | unix.O_CLOEXEC,
		} {
			s.Fcntl(s.Open("f", fl, 0o644), unix.F_GETFL, 0)
		}
		s.Fcntl(s.Open(".", dirOnly, 0), unix.F_GETFL, 0)
	}),
	sc("fcntl_setfl_changes_only_append_and_nonblock", func(s *vfstest.Session) {
		s.WriteFile("f", "0123", 0o644)
		fd := s.Open("f", unix.O_RDONLY, 0)
		s.Fcntl(fd, unix.F_SETFL, unix.O_RDWR|unix.O_APPEND|unix.O_NONBLOCK|unix.O_TRUNC|unix.O_CREAT)
		s.Fcntl(fd, unix.F_GETFL, 0)
		s.Write(fd, "x")
		s.Fcntl(fd, unix.F_SETFL, 0)
		s.Fcntl(fd, unix.F_GETFL, 0)
		w := s.Open("f", unix.O_WRONLY, 0)
		s.Fcntl(w, unix.F_SETFL, unix.O_APPEND)
		s.Write(w, "E")
		s.Pread(fd, 10, 0)
	}),
	sc("fcntl_unknown_command_is_EINVAL", func(s *vfstest.Session) {
		fd := s.Open(".", dirOnly, 0)
		s.Fcntl(fd, 9999, 0)
		s.Fcntl(s.FD(30), unix.F_GETFD, 0)
	}),
	sc("nofile_limit_gives_EMFILE", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.SetNofile(3)
		a := s.Open("f", readOnly, 0)
		s.Open("f", readOnly, 0)
		s.Open("f", readOnly, 0)
		s.Open("f", readOnly, 0)
		s.Dup(a)
		s.Fcntl(a, unix.F_DUPFD, s.FD(3))
		s.Dup2(a, s.FD(3))
		s.Dup2(a, s.FD(2))
		s.Close(a)
		s.Open("f", readOnly, 0)
	}),
}
