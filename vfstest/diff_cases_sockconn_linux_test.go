//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// connect(2), listen(2), accept4(2) on AF_UNIX, and datagram addressing
// (socket_unix_stream.cc, socket_unix_seqpacket.cc,
// socket_unix_unbound_dgram.cc, socket_unix_unbound_stream.cc,
// socket_unix_dgram.cc).
var sockConnScenarios = []vfstest.Scenario{
	sc("listen_connect_accept_and_the_names_on_both_ends", func(s *vfstest.Session) {
		for _, typ := range []int{stream, seqpacket} {
			l := listener(s, typ, "srv")
			c, a := connected(s, typ, l, "srv")
			s.Getsockname(l)
			s.Getpeername(l)
			s.Getsockname(c)
			s.Getpeername(c)
			s.Getsockname(a)
			s.Getpeername(a)
			s.Send(c, "hi", 0)
			s.Recvfrom(a, 10, 0)
			s.Unlink("srv")
		}
	}),
	sc("accept_shows_the_bound_name_of_the_client", func(s *vfstest.Session) {
		l := listener(s, stream, "srv")
		c := s.Socket(afUnix, stream, 0)
		s.Bind(c, ua("cli"))
		s.Connect(c, ua("srv"))
		a := s.Accept4(l, 0)
		s.Getpeername(a)
		c2 := s.Socket(afUnix, stream, 0)
		s.Bind(c2, ua("@abscli"))
		s.Connect(c2, ua("srv"))
		s.Accept4(l, 0)
	}),
	sc("connect_to_a_missing_path_is_ENOENT_and_through_a_file_ENOTDIR", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		for _, typ := range sockTypes {
			fd := s.Socket(afUnix, typ, 0)
			s.Connect(fd, ua("missing"))
			s.Connect(fd, ua("f/x"))
			s.Connect(fd, ua("@missing"))
		}
	}),
	sc("connect_to_a_file_or_a_bound_socket_not_listening_is_ECONNREFUSED", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Mkfifo("fifo", 0o644)
		b := s.Socket(afUnix, stream, 0)
		s.Bind(b, ua("notlistening"))
		for _, name := range []string{"f", "fifo", "notlistening", "."} {
			fd := s.Socket(afUnix, stream, 0)
			s.Connect(fd, ua(name))
			s.Close(fd)
		}
	}),
	sc("connect_to_a_socket_of_another_type_is_EPROTOTYPE", func(s *vfstest.Session) {
		listener(s, stream, "st")
		listener(s, seqpacket, "sp")
		d := s.Socket(afUnix, dgram, 0)
		s.Bind(d, ua("dg"))
		for _, typ := range sockTypes {
			for _, name := range []string{"st", "sp", "dg"} {
				fd := s.Socket(afUnix, typ, 0)
				s.Connect(fd, ua(name))
				s.Close(fd)
			}
		}
	}),
	sc("a_connection_lives_on_after_its_name_is_unlinked", func(s *vfstest.Session) {
		l := listener(s, stream, "srv")
		c, a := connected(s, stream, l, "srv")
		s.Unlink("srv")
		s.Send(c, "still here", 0)
		s.Recvfrom(a, 20, 0)
		c2 := s.Socket(afUnix, stream, 0)
		s.Connect(c2, ua("srv"))
		s.Getsockname(l)
	}),
	sc("connect_after_the_listener_closed_is_ECONNREFUSED", func(s *vfstest.Session) {
		l := listener(s, stream, "srv")
		s.Close(l)
		c := s.Socket(afUnix, stream, 0)
		s.Connect(c, ua("srv"))
		s.Lstat("srv")
	}),
	sc("a_pending_connection_is_reset_when_the_listener_closes", func(s *vfstest.Session) {
		l := listener(s, stream, "srv")
		c := s.Socket(afUnix, stream, 0)
		s.Connect(c, ua("srv"))
		s.Send(c, "queued", 0)
		s.Close(l)
		s.Recvfrom(c, 10, unix.MSG_DONTWAIT)
		s.Send(c, "x", unix.MSG_NOSIGNAL)
	}),
	sc("connecting_a_connected_socket_is_EISCONN_and_connect_of_a_listener_EINVAL", func(s *vfstest.Session) {
		l := listener(s, stream, "srv")
		c, _ := connected(s, stream, l, "srv")
		s.Connect(c, ua("srv"))
		s.Connect(l, ua("srv"))
		a, _ := s.Socketpair(afUnix, stream, 0)
		s.Connect(a, ua("srv"))
	}),
	sc("nonblocking_accept_on_an_empty_queue_is_EAGAIN_and_poll_shows_no_POLLIN", func(s *vfstest.Session) {
		l := s.Socket(afUnix, stream|unix.SOCK_NONBLOCK, 0)
		s.Bind(l, ua("srv"))
		s.Listen(l, 4)
		s.Accept4(l, 0)
		pollOne(s, l, unix.POLLIN|unix.POLLOUT)
		c := s.Socket(afUnix, stream, 0)
		s.Connect(c, ua("srv"))
		pollOne(s, l, unix.POLLIN|unix.POLLOUT)
		s.Accept4(l, 0)
		s.Accept4(l, 0)
	}),
	sc("accept4_flags_set_the_new_fd_and_bad_flags_are_EINVAL", func(s *vfstest.Session) {
		l := listener(s, stream, "srv")
		for range 2 {
			c := s.Socket(afUnix, stream, 0)
			s.Connect(c, ua("srv"))
		}
		s.Accept4(l, unix.O_RDWR)
		s.Accept4(l, 1<<30)
		a := s.Accept4(l, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		s.Fcntl(a, unix.F_GETFL, 0)
		s.Fcntl(a, unix.F_GETFD, 0)
		b := s.Accept4(l, 0)
		s.Fcntl(b, unix.F_GETFL, 0)
		s.Fcntl(b, unix.F_GETFD, 0)
	}),
	sc("accept_and_listen_on_sockets_that_cannot", func(s *vfstest.Session) {
		d := s.Socket(afUnix, dgram, 0)
		s.Listen(d, 1)
		s.Accept4(d, 0)
		u := s.Socket(afUnix, stream, 0)
		s.Accept4(u, unix.SOCK_NONBLOCK)
		a, _ := s.Socketpair(afUnix, stream, 0)
		s.Listen(a, 1)
		s.Accept4(a, unix.SOCK_NONBLOCK)
	}),
	sc("listen_unbound_autobinds_and_negative_or_huge_backlogs_are_taken", func(s *vfstest.Session) {
		l := s.Socket(afUnix, stream, 0)
		s.Listen(l, -1)
		s.Getsockname(l)
		s.Listen(l, 1<<30)
		s.Listen(l, 0)
		s.GetsockoptInt(l, unix.SOL_SOCKET, unix.SO_ACCEPTCONN)
	}),
	sc("a_full_backlog_makes_nonblocking_connect_EAGAIN", func(s *vfstest.Session) {
		l := listener(s, stream, "srv")
		s.Listen(l, 1)
		for range 4 {
			c := s.Socket(afUnix, stream|unix.SOCK_NONBLOCK, 0)
			s.Connect(c, ua("srv"))
		}
		s.Accept4(l, unix.SOCK_NONBLOCK)
		c := s.Socket(afUnix, stream|unix.SOCK_NONBLOCK, 0)
		s.Connect(c, ua("srv"))
	}),
	sc("a_blocked_accept_wakes_when_a_client_connects", func(s *vfstest.Session) {
		l := listener(s, stream, "srv")
		// The client's fd first: Linux's accept takes its fd before it
		// waits, so a socket(2) made while it waits would race for it.
		c := s.Socket(afUnix, stream, 0)
		wait := s.Go(func(bg *vfstest.Session) { bg.Accept4(l, 0) })
		s.Connect(c, ua("srv"))
		wait()
	}),
	sc("dgram_sendto_a_path_and_recvfrom_the_sender_address", func(s *vfstest.Session) {
		r := s.Socket(afUnix, dgram, 0)
		s.Bind(r, ua("r"))
		w := s.Socket(afUnix, dgram, 0)
		s.Bind(w, ua("w"))
		s.Sendto(w, "named", 0, ua("r"))
		s.Recvfrom(r, 10, 0)
		s.Recvmsg(r, 10, 0, unix.MSG_DONTWAIT)
		anon := s.Socket(afUnix, dgram, 0)
		s.Sendto(anon, "anon", 0, ua("r"))
		s.Recvfrom(r, 10, 0)
		s.Getsockname(anon)
	}),
	sc("dgram_connect_sets_the_default_peer_and_filters_senders", func(s *vfstest.Session) {
		a := s.Socket(afUnix, dgram, 0)
		s.Bind(a, ua("a"))
		b := s.Socket(afUnix, dgram, 0)
		s.Bind(b, ua("b"))
		c := s.Socket(afUnix, dgram, 0)
		s.Bind(c, ua("c"))
		s.Send(a, "no peer", 0)
		s.Connect(a, ua("b"))
		s.Getpeername(a)
		s.Send(a, "to b", 0)
		s.Recvfrom(b, 10, 0)
		s.Connect(b, ua("a"))
		s.Sendto(c, "from c", 0, ua("b"))
		s.Sendto(c, "from c", 0, ua("a"))
		s.Recvfrom(a, 10, unix.MSG_DONTWAIT)
	}),
	sc("dgram_connect_to_AF_UNSPEC_dissolves_the_association", func(s *vfstest.Session) {
		a := s.Socket(afUnix, dgram, 0)
		b := s.Socket(afUnix, dgram, 0)
		s.Bind(b, ua("b"))
		s.Connect(a, ua("b"))
		s.Getpeername(a)
		s.Connect(a, ua("missing"))
		s.Getpeername(a)
		s.Send(a, "x", 0)
	}),
	sc("dgram_send_without_address_or_peer_is_ENOTCONN_and_to_a_stream_EPROTOTYPE", func(s *vfstest.Session) {
		listener(s, stream, "st")
		d := s.Socket(afUnix, dgram, 0)
		s.Send(d, "x", 0)
		s.Sendto(d, "x", 0, ua("st"))
		s.Sendto(d, "x", 0, ua("missing"))
	}),
	sc("stream_send_and_recv_on_an_unconnected_socket", func(s *vfstest.Session) {
		for _, typ := range []int{stream, seqpacket} {
			fd := s.Socket(afUnix, typ, 0)
			s.Send(fd, "x", unix.MSG_NOSIGNAL)
			s.Recvfrom(fd, 10, unix.MSG_DONTWAIT)
			s.Getpeername(fd)
			l := listener(s, typ, "l")
			s.Sendto(fd, "x", unix.MSG_NOSIGNAL, ua("l"))
			s.Recvfrom(l, 10, unix.MSG_DONTWAIT)
			s.Unlink("l")
		}
	}),
	sc("connect_needs_write_permission_on_the_socket_node", func(s *vfstest.Session) {
		s.NeedRoot("runs the connect as uid 65534")
		s.Chmod(".", 0o777)
		listener(s, stream, "srv")
		d := s.Socket(afUnix, dgram, 0)
		s.Bind(d, ua("dg"))
		s.Chmod("srv", 0o755)
		s.Chmod("dg", 0o644)
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			c := u.Socket(afUnix, stream, 0)
			u.Connect(c, ua("srv"))
			c2 := u.Socket(afUnix, dgram, 0)
			u.Sendto(c2, "x", 0, ua("dg"))
			u.Connect(c2, ua("dg"))
		})
		s.Chmod("srv", 0o777)
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			c := u.Socket(afUnix, stream, 0)
			u.Connect(c, ua("srv"))
		})
	}),
	sc("abstract_names_are_per_socket_type", func(s *vfstest.Session) {
		st := s.Socket(afUnix, stream, 0)
		s.Bind(st, ua("@shared"))
		s.Listen(st, 1)
		dg := s.Socket(afUnix, dgram, 0)
		s.Bind(dg, ua("@shared"))
		sp := s.Socket(afUnix, seqpacket, 0)
		s.Bind(sp, ua("@shared"))
		again := s.Socket(afUnix, dgram, 0)
		s.Bind(again, ua("@shared"))
		c := s.Socket(afUnix, stream, 0)
		s.Connect(c, ua("@shared"))
		s.Accept4(st, 0)
		w := s.Socket(afUnix, dgram, 0)
		s.Sendto(w, "to the dgram one", 0, ua("@shared"))
		s.Recvfrom(dg, 20, unix.MSG_DONTWAIT)
		s.Lstat("shared")
	}),
	sc("a_blocked_connect_on_a_full_backlog_completes_after_accept", func(s *vfstest.Session) {
		l := listener(s, stream, "srv")
		s.Listen(l, 0)
		first := s.Socket(afUnix, stream, 0)
		s.Connect(first, ua("srv"))
		nb := s.Socket(afUnix, stream|unix.SOCK_NONBLOCK, 0)
		s.Connect(nb, ua("srv"))
		s.Connect(nb, ua("srv"))
		c := s.Socket(afUnix, stream, 0)
		wait := s.Go(func(bg *vfstest.Session) {
			bg.Connect(c, ua("srv"))
			bg.Send(c, "in", 0)
		})
		s.Accept4(l, 0)
		s.Accept4(l, 0)
		wait()
	}),
	sc("SO_RCVTIMEO_and_SO_SNDTIMEO_end_blocking_calls_with_EAGAIN", func(s *vfstest.Session) {
		tv := vfs.Timeval{Usec: 30000}
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.SetsockoptTimeval(b, unix.SOL_SOCKET, unix.SO_RCVTIMEO, tv)
			s.Recvfrom(b, 10, 0)
			s.Read(b, 10)
			s.Send(a, "in time", 0)
			s.Recvfrom(b, 10, 0)
		}
		l := listener(s, stream, "srv")
		s.SetsockoptTimeval(l, unix.SOL_SOCKET, unix.SO_RCVTIMEO, tv)
		s.Accept4(l, 0)
		a, _ := s.Socketpair(afUnix, dgram, 0)
		s.SetsockoptTimeval(a, unix.SOL_SOCKET, unix.SO_SNDTIMEO, tv)
		s.SetsockoptTimeval(a, unix.SOL_SOCKET, unix.SO_RCVTIMEO, vfs.Timeval{Usec: -1})
		s.SetsockoptTimeval(a, unix.SOL_SOCKET, unix.SO_RCVTIMEO, vfs.Timeval{Usec: 1000000})
	}),
}
