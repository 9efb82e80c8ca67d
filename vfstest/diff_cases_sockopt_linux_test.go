//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// Socket options and bad input: getsockopt/setsockopt of SOL_SOCKET,
// and the errnos of socket(2), socketpair(2) and of socket calls on what
// is not a socket (socket.cc, socket_unix_unbound_*.cc).
var sockOptScenarios = []vfstest.Scenario{
	sc("SO_TYPE_SO_DOMAIN_and_SO_PROTOCOL_of_each_type", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			fd := s.Socket(afUnix, typ, 0)
			s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
			s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN)
			s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PROTOCOL)
			s.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE, 1)
		}
	}),
	sc("SO_SNDBUF_and_SO_RCVBUF_start_at_212992_and_a_set_value_doubles", func(s *vfstest.Session) {
		a, _ := s.Socketpair(afUnix, stream, 0)
		s.GetsockoptInt(a, unix.SOL_SOCKET, unix.SO_SNDBUF)
		s.GetsockoptInt(a, unix.SOL_SOCKET, unix.SO_RCVBUF)
		s.SetsockoptInt(a, unix.SOL_SOCKET, unix.SO_SNDBUF, 100000)
		s.SetsockoptInt(a, unix.SOL_SOCKET, unix.SO_RCVBUF, 50000)
		s.GetsockoptInt(a, unix.SOL_SOCKET, unix.SO_SNDBUF)
		s.GetsockoptInt(a, unix.SOL_SOCKET, unix.SO_RCVBUF)
	}),
	sc("SO_SNDBUF_and_SO_RCVBUF_have_a_floor", func(s *vfstest.Session) {
		a, _ := s.Socketpair(afUnix, dgram, 0)
		// Not -1 or other huge values: they are capped at the host's
		// net.core.wmem_max/rmem_max, a sysctl (govfs has Linux's
		// default 212992).
		for _, v := range []int{0, 1, 1000} {
			s.SetsockoptInt(a, unix.SOL_SOCKET, unix.SO_SNDBUF, v)
			s.GetsockoptInt(a, unix.SOL_SOCKET, unix.SO_SNDBUF)
			s.SetsockoptInt(a, unix.SOL_SOCKET, unix.SO_RCVBUF, v)
			s.GetsockoptInt(a, unix.SOL_SOCKET, unix.SO_RCVBUF)
		}
	}),
	sc("SO_ERROR_is_0_and_SO_ACCEPTCONN_follows_listen", func(s *vfstest.Session) {
		l := s.Socket(afUnix, stream, 0)
		s.GetsockoptInt(l, unix.SOL_SOCKET, unix.SO_ERROR)
		s.GetsockoptInt(l, unix.SOL_SOCKET, unix.SO_ACCEPTCONN)
		s.Bind(l, ua("l"))
		s.Listen(l, 1)
		s.GetsockoptInt(l, unix.SOL_SOCKET, unix.SO_ACCEPTCONN)
		s.SetsockoptInt(l, unix.SOL_SOCKET, unix.SO_ACCEPTCONN, 0)
		s.GetsockoptInt(l, unix.SOL_SOCKET, unix.SO_ERROR)
	}),
	sc("SO_PASSCRED_and_SO_REUSEADDR_read_back_as_booleans", func(s *vfstest.Session) {
		fd := s.Socket(afUnix, dgram, 0)
		for _, opt := range []int{unix.SO_PASSCRED, unix.SO_REUSEADDR, unix.SO_KEEPALIVE} {
			s.GetsockoptInt(fd, unix.SOL_SOCKET, opt)
			s.SetsockoptInt(fd, unix.SOL_SOCKET, opt, 7)
			s.GetsockoptInt(fd, unix.SOL_SOCKET, opt)
			s.SetsockoptInt(fd, unix.SOL_SOCKET, opt, 0)
			s.GetsockoptInt(fd, unix.SOL_SOCKET, opt)
		}
	}),
	sc("SO_PEERCRED_of_connected_accepted_and_unconnected_sockets", func(s *vfstest.Session) {
		l := listener(s, stream, "srv")
		c, a := connected(s, stream, l, "srv")
		s.GetsockoptUcred(c, unix.SOL_SOCKET, unix.SO_PEERCRED)
		s.GetsockoptUcred(a, unix.SOL_SOCKET, unix.SO_PEERCRED)
		s.GetsockoptUcred(l, unix.SOL_SOCKET, unix.SO_PEERCRED)
		d := s.Socket(afUnix, dgram, 0)
		s.GetsockoptUcred(d, unix.SOL_SOCKET, unix.SO_PEERCRED)
	}),
	sc("unknown_options_and_levels_are_ENOPROTOOPT", func(s *vfstest.Session) {
		fd := s.Socket(afUnix, stream, 0)
		s.GetsockoptInt(fd, unix.SOL_SOCKET, 9999)
		s.SetsockoptInt(fd, unix.SOL_SOCKET, 9999, 1)
		s.GetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY)
		s.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	}),
}

var sockBadScenarios = []vfstest.Scenario{
	sc("socket_of_an_unknown_domain_is_EAFNOSUPPORT", func(s *vfstest.Session) {
		for _, d := range []int{-1, unix.AF_MAX, 1000, 255} {
			s.Socket(d, stream, 0)
			s.Socketpair(d, stream, 0)
		}
	}),
	sc("socket_type_and_flag_errors", func(s *vfstest.Session) {
		for _, typ := range []int{0, 11, 15, 16, -1, stream | 1<<20, stream | unix.O_APPEND, unix.SOCK_RDM, unix.SOCK_PACKET} {
			s.Socket(afUnix, typ, 0)
			s.Socketpair(afUnix, typ, 0)
		}
	}),
	sc("AF_UNIX_SOCK_RAW_is_a_datagram_socket", func(s *vfstest.Session) {
		fd := s.Socket(afUnix, unix.SOCK_RAW, 0)
		s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
		a, b := s.Socketpair(afUnix, unix.SOCK_RAW, 0)
		s.Send(a, "raw", 0)
		s.Recvmsg(b, 2, 0, 0)
	}),
	sc("AF_UNIX_with_a_protocol_is_EPROTONOSUPPORT", func(s *vfstest.Session) {
		for _, proto := range []int{0, unix.PF_UNIX, 2, 6, 17, -1} {
			s.Socket(afUnix, stream, proto)
			s.Socketpair(afUnix, dgram, proto)
		}
	}),
	sc("socket_calls_on_a_pipe_or_a_file_are_ENOTSOCK", func(s *vfstest.Session) {
		r, _ := s.Pipe()
		f := s.Open("f", creatRW, 0o644)
		for _, fd := range []int{r, f} {
			s.Bind(fd, ua("x"))
			s.Connect(fd, ua("x"))
			s.Listen(fd, 1)
			s.Accept4(fd, 0)
			s.Getsockname(fd)
			s.Getpeername(fd)
			s.Shutdown(fd, unix.SHUT_RDWR)
			s.Send(fd, "x", 0)
			s.Recvfrom(fd, 1, unix.MSG_DONTWAIT)
			s.SendmsgN(fd, "x", nil, nil, 0)
			s.Recvmsg(fd, 1, 0, unix.MSG_DONTWAIT)
			s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
			s.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PASSCRED, 1)
		}
		s.Lstat("x")
	}),
	sc("socket_calls_on_bad_fds_are_EBADF", func(s *vfstest.Session) {
		for _, fd := range []int{-1, s.FD(40), s.FD(1 << 20)} {
			s.Bind(fd, ua("x"))
			s.Connect(fd, ua("x"))
			s.Listen(fd, 1)
			s.Accept4(fd, 0)
			s.Getsockname(fd)
			s.Shutdown(fd, unix.SHUT_RDWR)
			s.Send(fd, "x", 0)
			s.Recvfrom(fd, 1, 0)
			s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
		}
	}),
	sc("socketpair_and_accept_beyond_RLIMIT_NOFILE_are_EMFILE", func(s *vfstest.Session) {
		l := listener(s, stream, "srv")
		c := s.Socket(afUnix, stream, 0)
		s.Connect(c, ua("srv"))
		s.SetNofile(3)
		s.Socketpair(afUnix, stream, 0)
		s.Socket(afUnix, stream, 0)
		s.Accept4(l, 0)
		s.Close(c)
		s.Socketpair(afUnix, stream, 0)
		s.Socket(afUnix, stream, 0)
	}),
	sc("received_fds_beyond_RLIMIT_NOFILE_set_MSG_CTRUNC", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram, 0)
		r, w := s.Pipe()
		s.SendmsgN(a, "two", []byte(nil), nil, 0)
		s.SendmsgN(a, "two", vfs.UnixRights(r, w), nil, 0)
		s.SetNofile(5)
		s.Recvmsg(b, 10, 64, 0)
		s.Recvmsg(b, 10, 64, 0)
	}),
}
