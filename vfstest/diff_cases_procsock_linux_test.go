//go:build linux

package vfstest_test

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// A socket's /proc/self/fd link and fdinfo against the host's.
var procSockScenarios = []vfstest.Scenario{
	sc("proc_fd_link_of_a_socket_reads_socket_and_its_inode", func(s *vfstest.Session) {
		a, b := s.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
		text := s.ReadlinkMagic(s.ProcFD(a))
		s.Note("the number is fstat's inode", text == fmt.Sprintf("socket:[%d]", s.Fstat(a).Ino))
		s.Note("the ends differ", s.ReadlinkMagic(s.ProcFD(b)) != text)
		s.Lstat(s.ProcFD(a))
		s.Open(s.ProcFD(a), unix.O_RDWR, 0) // a socket cannot be opened (ENXIO)
	}),
	sc("fdinfo_of_a_unix_socket_counts_the_fds_in_flight", func(s *vfstest.Session) {
		a, b := s.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		s.FDInfo(a)
		r, w := s.Pipe()
		s.SendRightsNB(a, "x", 0, r, w)
		s.FDInfo(b)
		s.FDInfo(a)
		d := s.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_NONBLOCK, 0)
		s.FDInfo(d)
	}),
}
