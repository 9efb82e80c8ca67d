//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// Socket cases the random sequences found (TestRandomDifferentialSockets),
// each the shrunk reproducer of one difference, kept as a case so that
// its fix stays fixed.
var sockFoundScenarios = []vfstest.Scenario{
	sc("read_of_0_bytes_from_a_socket_is_0_at_once", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, _ := s.Socketpair(afUnix, typ|unix.SOCK_NONBLOCK, 0)
			s.Read(a, 0)
			u := s.Socket(afUnix, typ|unix.SOCK_NONBLOCK, 0)
			s.Read(u, 0)
		}
	}),
	sc("write_of_0_bytes_reaches_the_socket", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			u := s.Socket(afUnix, typ|unix.SOCK_NONBLOCK, 0)
			s.Write(u, "")
			a, b := s.Socketpair(afUnix, typ|unix.SOCK_NONBLOCK, 0)
			s.Shutdown(a, unix.SHUT_WR)
			s.Write(a, "")
			s.Write(b, "")
			s.Recvmsg(a, 10, 0, 0)
		}
	}),
	sc("recv_of_0_bytes_from_an_empty_socket_is_EAGAIN", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ|unix.SOCK_NONBLOCK, 0)
			s.Recvfrom(a, 0, 0)
			s.Recvmsg(a, 0, 0, unix.MSG_DONTWAIT)
			s.Send(b, "x", 0)
			s.Recvfrom(a, 0, 0)
			s.Recvfrom(a, 10, 0)
		}
	}),
	sc("lseek_with_a_bad_whence_on_a_socket_is_EINVAL_before_ESPIPE", func(s *vfstest.Session) {
		a, _ := s.Socketpair(afUnix, stream, 0)
		s.Seek(a, 0, 5)
		s.Seek(a, 0, -1)
		s.Seek(a, 0, unix.SEEK_HOLE)
		r, _ := s.Pipe()
		s.Seek(r, 0, 5)
	}),
	sc("accept4_looks_the_fd_up_before_checking_flags", func(s *vfstest.Session) {
		s.Accept4(s.FD(30), unix.O_RDWR)
		f := s.Open("f", creatRW, 0o644)
		s.Accept4(f, unix.O_RDWR)
		u := s.Socket(afUnix, dgram, 0)
		s.Accept4(u, unix.O_RDWR)
	}),
	sc("bind_makes_the_node_from_the_socket_inode_mode_less_the_umask", func(s *vfstest.Session) {
		for i, mode := range []uint32{0o7777, 0o600, 0} {
			fd := s.Socket(afUnix, dgram, 0)
			s.Fchmod(fd, mode)
			s.Fstat(fd)
			name := string(rune('a' + i))
			s.Bind(fd, ua(name))
			s.Lstat(name)
		}
	}),
	sc("a_datagram_names_its_sender_as_it_is_when_received", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram, 0)
		s.Send(a, "before bind", 0)
		s.Bind(a, ua("late"))
		s.Send(a, "after bind", 0)
		s.Recvfrom(b, 20, 0)
		s.Recvfrom(b, 20, 0)
		r := s.Socket(afUnix, dgram, 0)
		s.Bind(r, ua("r"))
		w := s.Socket(afUnix, dgram, 0)
		s.Sendto(w, "anon", 0, ua("r"))
		s.Bind(w, ua("w"))
		s.Recvfrom(r, 20, 0)
	}),
	sc("a_peer_closed_with_unread_data_makes_sends_ECONNRESET_once", func(s *vfstest.Session) {
		for _, typ := range []int{stream, seqpacket} {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.Send(a, "unread", 0)
			s.Close(b)
			s.GetsockoptInt(a, unix.SOL_SOCKET, unix.SO_ERROR)
			s.Send(a, "x", unix.MSG_NOSIGNAL)
			s.Send(a, "x", unix.MSG_NOSIGNAL)
			c, d := s.Socketpair(afUnix, typ, 0)
			s.Send(c, "unread", 0)
			s.Close(d)
			s.Send(c, "x", unix.MSG_NOSIGNAL)
			s.GetsockoptInt(c, unix.SOL_SOCKET, unix.SO_ERROR)
			s.Recvfrom(c, 10, unix.MSG_DONTWAIT)
		}
	}),
	sc("dgram_send_after_SHUT_WR_is_EPIPE_connected_or_not", func(s *vfstest.Session) {
		u := s.Socket(afUnix, dgram, 0)
		s.Shutdown(u, unix.SHUT_WR)
		s.Send(u, "x", unix.MSG_NOSIGNAL)
		s.SendmsgN(u, "", vfs.UnixRights(), nil, unix.MSG_NOSIGNAL)
		s.Sendto(u, "x", unix.MSG_NOSIGNAL, ua("missing"))
	}),
	sc("unconnected_seqpacket_checks_its_state_first", func(s *vfstest.Session) {
		u := s.Socket(afUnix, seqpacket, 0)
		s.SendmsgN(u, "x", vfs.UnixRights(s.FD(30)), nil, unix.MSG_NOSIGNAL)
		s.Recvfrom(u, 1, unix.MSG_OOB|unix.MSG_DONTWAIT)
		s.Recvfrom(u, 1, unix.MSG_DONTWAIT)
		st := s.Socket(afUnix, stream, 0)
		s.SendmsgN(st, "x", vfs.UnixRights(s.FD(30)), nil, unix.MSG_NOSIGNAL)
		s.Recvfrom(st, 1, unix.MSG_OOB|unix.MSG_DONTWAIT)
	}),
	sc("a_seqpacket_peer_closed_with_an_unread_empty_record", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, seqpacket|unix.SOCK_NONBLOCK, 0)
		s.Write(b, "")
		s.Close(a)
		s.Recvfrom(b, 0, 0)
		s.GetsockoptInt(b, unix.SOL_SOCKET, unix.SO_ERROR)
		s.Recvfrom(b, 10, 0)
		s.Send(b, "x", unix.MSG_NOSIGNAL)
	}),
	sc("a_seqpacket_peer_closed_over_an_unread_record_then_an_empty_write", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, seqpacket|unix.SOCK_NONBLOCK, 0)
		s.Write(b, "")
		s.Close(a)
		s.Write(b, "")
		s.Write(b, "")
		s.Send(b, "x", unix.MSG_NOSIGNAL)
		s.GetsockoptInt(b, unix.SOL_SOCKET, unix.SO_ERROR)
	}),
	sc("a_stream_receive_names_a_bound_sender", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream|unix.SOCK_NONBLOCK, 0)
		s.Bind(b, ua("@named-end"))
		s.Write(b, "x")
		s.Recvfrom(a, 0, 0)
		s.Recvmsg(a, 0, 0, 0)
		s.Recvfrom(a, 10, 0)
		s.Write(a, "y")
		s.Recvfrom(b, 10, 0)
	}),
}
