//go:build linux

package vfstest_test

import (
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// Loopback AF_INET and AF_INET6, TCP and UDP (socket_inet_loopback.cc,
// socket_ip_tcp_generic.cc, socket_ip_udp_generic.cc). The host side
// uses the real 127.0.0.1 and ::1; every port is bound with 0, so the
// kernel picks it, and the transcript shows port1, port2, ...

const (
	afInet  = unix.AF_INET
	afInet6 = unix.AF_INET6
)

// tcpListener listens on an ephemeral loopback port and returns the
// socket and its address.
func tcpListener(s *vfstest.Session, family int) (int, vfs.Sockaddr) {
	l := s.Socket(family, stream, 0)
	if family == afInet6 {
		s.Bind(l, lo6(0))
	} else {
		s.Bind(l, lo4(0))
	}
	s.Listen(l, 8)
	return l, s.Getsockname(l)
}

var sockInetScenarios = []vfstest.Scenario{
	// Which bits a writable socket shows: datagram_poll (UDP) and the
	// unix sockets' polls add POLLWRBAND to POLLOUT|POLLWRNORM, tcp_poll
	// does not. The random differential's poll found UDP's missing.
	sc("poll_of_a_writable_socket_shows_POLLWRBAND_but_for_tcp", func(s *vfstest.Session) {
		const all = 0xffff
		var fds []int
		for _, family := range []int{afInet, afInet6} {
			fds = append(fds, s.Socket(family, unix.SOCK_DGRAM, 0), s.Socket(family, stream, 0))
		}
		a, b := s.SocketpairNB(unix.AF_UNIX, unix.SOCK_DGRAM, 0)
		c, d := s.SocketpairNB(unix.AF_UNIX, stream, 0)
		for _, fd := range append(fds, a, b, c, d) {
			s.Poll(pfds(fd, all), 0)
		}
	}),
	sc("tcp_bind_to_port_0_picks_an_ephemeral_port", func(s *vfstest.Session) {
		fd := s.Socket(afInet, stream, 0)
		s.Getsockname(fd)
		s.Bind(fd, lo4(0))
		name := s.Getsockname(fd)
		a, ok := name.(*vfs.SockaddrInet4)
		s.Note("ephemeral port", ok && a.Port >= 1024)
		s.Getpeername(fd)
		s.Bind(fd, lo4(0))
	}),
	sc("tcp_listen_connect_accept_and_data_both_ways", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			l, addr := tcpListener(s, family)
			c := s.Socket(family, stream, 0)
			s.Connect(c, addr)
			a := s.Accept4(l, 0)
			s.Getsockname(c)
			s.Getpeername(a)
			s.Send(c, "GET", 0)
			s.Recvfrom(a, 3, unix.MSG_WAITALL)
			s.Write(a, "200")
			s.Recvfrom(c, 3, unix.MSG_WAITALL)
		}
	}),
	sc("tcp_connect_to_a_port_nobody_listens_on_is_ECONNREFUSED", func(s *vfstest.Session) {
		b := s.Socket(afInet, stream, 0)
		s.Bind(b, lo4(0))
		addr := s.Getsockname(b)
		c := s.Socket(afInet, stream, 0)
		s.Connect(c, addr)
		s.GetsockoptInt(c, unix.SOL_SOCKET, unix.SO_ERROR)
		s.Connect(c, addr)
	}),
	sc("tcp_bind_to_a_port_in_use_is_EADDRINUSE_even_with_SO_REUSEADDR", func(s *vfstest.Session) {
		l, addr := tcpListener(s, afInet)
		s.SetsockoptInt(l, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
		b := s.Socket(afInet, stream, 0)
		s.Bind(b, addr)
		s.SetsockoptInt(b, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
		s.Bind(b, addr)
		u := s.Socket(afInet, dgram, 0)
		s.Bind(u, addr)
	}),
	sc("tcp_shutdown_SHUT_WR_gives_the_peer_EOF", func(s *vfstest.Session) {
		l, addr := tcpListener(s, afInet)
		c := s.Socket(afInet, stream, 0)
		s.Connect(c, addr)
		a := s.Accept4(l, 0)
		s.Send(c, "last", 0)
		s.Shutdown(c, unix.SHUT_WR)
		s.Recvfrom(a, 10, unix.MSG_WAITALL)
		s.Recvfrom(a, 10, 0)
		s.Send(c, "x", unix.MSG_NOSIGNAL)
		s.Send(a, "reply", 0)
		s.Recvfrom(c, 5, unix.MSG_WAITALL)
	}),
	sc("tcp_accept_on_an_empty_nonblocking_listener_is_EAGAIN_and_poll_shows_the_connection", func(s *vfstest.Session) {
		l := s.Socket(afInet, stream|unix.SOCK_NONBLOCK, 0)
		s.Bind(l, lo4(0))
		s.Listen(l, 4)
		addr := s.Getsockname(l)
		s.Accept4(l, 0)
		pollOne(s, l, unix.POLLIN)
		c := s.Socket(afInet, stream, 0)
		s.Connect(c, addr)
		s.Poll([]vfstest.PollFd{{Fd: int32(l), Events: unix.POLLIN}}, 5000)
		s.Accept4(l, unix.SOCK_CLOEXEC)
	}),
	sc("tcp_socket_options", func(s *vfstest.Session) {
		fd := s.Socket(afInet, stream, 0)
		s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
		s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN)
		s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PROTOCOL)
		s.GetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY)
		s.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
		s.GetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY)
		s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR)
		s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ACCEPTCONN)
	}),
	sc("udp_sendto_and_recvfrom_report_the_sender", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			r := s.Socket(family, dgram, 0)
			w := s.Socket(family, dgram, 0)
			if family == afInet6 {
				s.Bind(r, lo6(0))
				s.Bind(w, lo6(0))
			} else {
				s.Bind(r, lo4(0))
				s.Bind(w, lo4(0))
			}
			to := s.Getsockname(r)
			s.Getsockname(w)
			s.Sendto(w, "datagram", 0, to)
			s.Recvfrom(r, 100, 0)
			s.Recvmsg(r, 100, 0, unix.MSG_DONTWAIT)
		}
	}),
	sc("udp_keeps_boundaries_and_truncates_with_MSG_TRUNC", func(s *vfstest.Session) {
		r := s.Socket(afInet, dgram, 0)
		s.Bind(r, lo4(0))
		to := s.Getsockname(r)
		w := s.Socket(afInet, dgram, 0)
		s.Connect(w, to)
		s.Getsockname(w)
		s.Getpeername(w)
		s.Send(w, "0123456789", 0)
		s.Send(w, "abc", 0)
		s.Send(w, "", 0)
		s.Recvmsg(r, 4, 0, 0)
		s.Recvfrom(r, 2, unix.MSG_TRUNC)
		s.Recvfrom(r, 10, 0)
	}),
	sc("udp_unbound_send_autobinds_and_connected_socket_filters", func(s *vfstest.Session) {
		r := s.Socket(afInet, dgram, 0)
		s.Bind(r, lo4(0))
		to := s.Getsockname(r)
		w := s.Socket(afInet, dgram, 0)
		s.Sendto(w, "auto", 0, to)
		got := s.Getsockname(w)
		s.Recvfrom(r, 10, 0)
		other := s.Socket(afInet, dgram, 0)
		s.Bind(other, lo4(0))
		if a, ok := got.(*vfs.SockaddrInet4); ok {
			s.Connect(r, lo4(a.Port))
		}
		s.Sendto(other, "filtered", 0, to)
		s.Sendto(w, "passes", 0, to)
		s.Recvfrom(r, 10, 0)
		s.Recvfrom(r, 10, unix.MSG_DONTWAIT)
	}),
	sc("udp_bind_to_a_port_in_use_is_EADDRINUSE", func(s *vfstest.Session) {
		a := s.Socket(afInet, dgram, 0)
		s.Bind(a, lo4(0))
		addr := s.Getsockname(a)
		b := s.Socket(afInet, dgram, 0)
		s.Bind(b, addr)
		s.Recvfrom(a, 10, unix.MSG_DONTWAIT)
	}),
	sc("tcp_send_before_connect_is_EPIPE_and_recv_ENOTCONN", func(s *vfstest.Session) {
		fd := s.Socket(afInet, stream, 0)
		s.Send(fd, "x", unix.MSG_NOSIGNAL)
		s.Recvfrom(fd, 1, unix.MSG_DONTWAIT)
		s.Shutdown(fd, unix.SHUT_RDWR)
		s.Listen(fd, 1)
		s.Getsockname(fd)
		s.Send(fd, "x", unix.MSG_NOSIGNAL)
	}),
	sc("SCM_RIGHTS_on_a_socket_that_is_not_AF_UNIX_is_EINVAL", func(s *vfstest.Session) {
		u := s.Socket(unix.AF_INET, dgram, 0)
		s.Bind(u, lo4(0))
		to := s.Getsockname(u)
		r, _ := s.Pipe()
		s.SendmsgN(u, "fd", vfs.UnixRights(r), to, 0)
		s.Recvmsg(u, 10, 64, unix.MSG_DONTWAIT)
	}),
	sc("socketpair_of_AF_INET_is_EOPNOTSUPP", func(s *vfstest.Session) {
		s.Socketpair(unix.AF_INET, stream, 0)
		s.Socketpair(unix.AF_INET, dgram, 0)
		s.Socketpair(unix.AF_INET6, stream, 0)
	}),
	sc("addresses_of_the_wrong_family", func(s *vfstest.Session) {
		u := s.Socket(afUnix, dgram, 0)
		s.Bind(u, lo4(0))
		s.Connect(u, lo4(9))
		s.Sendto(u, "x", 0, lo6(9))
		in := s.Socket(unix.AF_INET, dgram, 0)
		s.Bind(in, ua("x"))
		s.Connect(in, ua("x"))
		s.Sendto(in, "x", 0, ua("x"))
		s.Lstat("x")
	}),
	sc("inet_socket_protocol_errors", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			s.Socket(family, 0, -1)
			s.Socket(family, stream, -1)
			s.Socket(family, dgram, 300)
			s.Socket(family, stream, unix.IPPROTO_UDP)
			s.Socket(family, dgram, unix.IPPROTO_TCP)
			s.Socket(family, seqpacket, 0)
			s.Socket(family, 0, 0)
			s.Socketpair(family, 0, -1)
			fd := s.Socket(family, stream, unix.IPPROTO_TCP)
			s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PROTOCOL)
		}
	}),
	sc("inet_read_of_0_bytes_is_0_at_once", func(s *vfstest.Session) {
		u := s.Socket(afInet6, dgram|unix.SOCK_NONBLOCK, 0)
		s.Read(u, 0)
		t := s.Socket(afInet, stream|unix.SOCK_NONBLOCK, 0)
		s.Read(t, 0)
		s.Write(t, "")
		s.Write(u, "")
	}),
	sc("tcp_nonblocking_connect_is_EINPROGRESS_then_writable", func(s *vfstest.Session) {
		l, addr := tcpListener(s, afInet)
		c := s.Socket(afInet, stream|unix.SOCK_NONBLOCK, 0)
		s.Connect(c, addr)
		s.Poll([]vfstest.PollFd{{Fd: int32(c), Events: unix.POLLOUT}}, 5000)
		s.GetsockoptInt(c, unix.SOL_SOCKET, unix.SO_ERROR)
		s.Connect(c, addr)
		s.Accept4(l, 0)
	}),
	sc("tcp_nonblocking_connect_to_a_closed_port_reports_ECONNREFUSED_in_SO_ERROR", func(s *vfstest.Session) {
		b := s.Socket(afInet, stream, 0)
		s.Bind(b, lo4(0))
		addr := s.Getsockname(b)
		c := s.Socket(afInet, stream|unix.SOCK_NONBLOCK, 0)
		s.Connect(c, addr)
		s.Poll([]vfstest.PollFd{{Fd: int32(c), Events: unix.POLLOUT}}, 5000)
		s.GetsockoptInt(c, unix.SOL_SOCKET, unix.SO_ERROR)
		s.GetsockoptInt(c, unix.SOL_SOCKET, unix.SO_ERROR)
	}),
	sc("an_ipv6_socket_reaches_an_ipv4_listener_through_a_v4_mapped_address", func(s *vfstest.Session) {
		l, addr := tcpListener(s, afInet)
		a, ok := addr.(*vfs.SockaddrInet4)
		if !ok {
			return
		}
		mapped := &vfs.SockaddrInet6{Port: a.Port, Addr: [16]byte{10: 0xff, 11: 0xff, 12: 127, 15: 1}}
		c := s.Socket(afInet6, stream, 0)
		s.Connect(c, mapped)
		s.Getsockname(c)
		s.Accept4(l, 0)
		v6only := s.Socket(afInet6, stream, 0)
		s.SetsockoptInt(v6only, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 1)
		s.GetsockoptInt(v6only, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY)
		s.Connect(v6only, mapped)
	}),
	sc("MSG_ERRQUEUE_on_an_empty_error_queue_is_EAGAIN", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			t := s.Socket(family, stream|unix.SOCK_NONBLOCK, 0)
			s.Recvfrom(t, 0, unix.MSG_ERRQUEUE)
			s.Recvfrom(t, 10, unix.MSG_ERRQUEUE)
			u := s.Socket(family, dgram|unix.SOCK_NONBLOCK, 0)
			s.Recvfrom(u, 10, unix.MSG_ERRQUEUE)
		}
	}),
	sc("inet_SOCK_RAW_without_a_protocol_is_EPROTONOSUPPORT_for_root", func(s *vfstest.Session) {
		s.NeedRoot("raw sockets need CAP_NET_RAW, else EPERM")
		for _, family := range []int{afInet, afInet6} {
			s.Socket(family, unix.SOCK_RAW, 0)
			s.Socketpair(family, unix.SOCK_RAW, 0)
		}
	}),
	sc("udp_sendmsg_without_a_destination_is_EDESTADDRREQ_before_its_control_messages", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			u := s.Socket(family, dgram, 0)
			s.SendmsgN(u, "x", vfs.UnixRights(s.FD(30)), nil, 0)
			s.SendmsgN(u, "x", nil, nil, 0)
			s.Bind(u, ua("@short"))
			s.Bind(u, ua("@a-unix-name-longer-than-sockaddr_in6"))
		}
	}),
	// Only AF_UNIX makes SCM_RIGHTS into files (scm_send): TCP and UDP
	// pass them unread, bad fds and all, and refuse what their own
	// reading of the control messages refuses (sock_cmsg_send for TCP,
	// ip_cmsg_send or ip6_datagram_send_ctl for UDP).
	sc("tcp_and_udp_read_their_own_control_messages", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			l, addr := tcpListener(s, family)
			c := s.Socket(family, stream, 0)
			s.SendmsgN(c, "x", vfs.UnixRights(s.FD(30)), nil, unix.MSG_NOSIGNAL)
			s.Connect(c, addr)
			a := s.Accept4(l, 0)
			r := s.Socket(family, dgram, 0)
			u := s.Socket(family, dgram, 0)
			if family == afInet6 {
				s.Bind(r, lo6(0))
			} else {
				s.Bind(r, lo4(0))
			}
			s.Connect(u, s.Getsockname(r))
			for _, oob := range [][]byte{
				vfs.UnixRights(s.FD(30)),
				vfs.UnixRights(c, a, s.FD(30)),
				cmsg(unix.SOL_SOCKET, unix.SCM_CREDENTIALS, 3),
				cmsg(unix.SOL_SOCKET, 99, 4),
				cmsg(unix.SOL_SOCKET, unix.SO_MARK, 4),
				cmsg(unix.SOL_SOCKET, unix.SO_MARK, 8),
				cmsg(unix.SOL_IP, unix.IP_TTL, 4),
				cmsg(unix.SOL_IP, unix.IP_TOS, 1),
				cmsg(unix.SOL_IP, unix.IP_TOS, 8),
				cmsg(unix.SOL_IP, 99, 4),
				cmsg(unix.SOL_IPV6, unix.IPV6_TCLASS, 4),
				cmsg(unix.SOL_IPV6, unix.IPV6_HOPLIMIT, 8),
				cmsg(unix.SOL_IPV6, 99, 4),
				cmsg(unix.SOL_UDP, 1, 4),
				cmsg(200, 1, 4),
				append(cmsg(unix.SOL_SOCKET, unix.SCM_RIGHTS, 4)[:8:8], make([]byte, 8)...),
			} {
				s.SendmsgN(c, "x", oob, nil, unix.MSG_NOSIGNAL)
				s.SendmsgN(u, "x", oob, nil, 0)
			}
			s.Recvfrom(a, 100, 0)
			s.Recvfrom(r, 100, 0)
		}
	}),
	// do_ip_setsockopt: TCP keeps the TOS's ECN bits, the TOS is a byte,
	// IP_TTL takes 1..255 or -1 (the default again); IPv6 sockets have
	// the IP level too, and an accepted socket its listener's values.
	sc("ip_tos_and_ttl_values_as_tcp_and_udp_keep_them", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			for _, typ := range []int{stream, dgram} {
				fd := s.Socket(family, typ, 0)
				for _, v := range []int{0x13, 0x1ff, -1} {
					s.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TOS, v)
					s.GetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TOS)
				}
				for _, v := range []int{0, 1, 255, 256, -2, -1} {
					s.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TTL, v)
					s.GetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TTL)
				}
				s.GetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_MTU_DISCOVER+1000)
			}
			l, addr := tcpListener(s, family)
			s.SetsockoptInt(l, unix.IPPROTO_IP, unix.IP_TOS, 0x20)
			s.SetsockoptInt(l, unix.IPPROTO_IP, unix.IP_TTL, 7)
			c := s.Socket(family, stream, 0)
			s.Connect(c, addr)
			a := s.Accept4(l, 0)
			s.GetsockoptInt(a, unix.IPPROTO_IP, unix.IP_TOS)
			s.GetsockoptInt(a, unix.IPPROTO_IP, unix.IP_TTL)
			s.GetsockoptInt(c, unix.IPPROTO_IP, unix.IP_TTL)
		}
	}),
	// inet_sendmsg binds a port before udp_sendmsg looks at anything;
	// SHUT_WR (set even by a shutdown that says ENOTCONN) is EPIPE only
	// where sock_alloc_send_pskb looks, after EDESTADDRREQ.
	sc("udp_send_binds_a_port_first_and_says_EPIPE_last", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			u := s.Socket(family, dgram, 0)
			s.Sendto(u, "", 0, nil)
			s.Getsockname(u)
			w := s.Socket(family, dgram, 0)
			s.Shutdown(w, unix.SHUT_WR)
			s.Write(w, "")
			s.SendmsgN(w, "", vfs.UnixRights(s.FD(30)), nil, 0)
			s.Sendto(w, "x", 0, s.Getsockname(u))
			s.Connect(w, s.Getsockname(u))
			s.Write(w, "x")
		}
	}),
	// __inet_stream_connect answers from the socket's state before the
	// protocol reads the address.
	sc("tcp_connect_of_a_listener_is_EISCONN_whatever_the_address", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			l, _ := tcpListener(s, family)
			s.Connect(l, ua("@nowhere"))
			s.Connect(l, lo4(1))
		}
	}),
	// SO_PASSCRED and its kin are for families that receive control
	// messages (sk_may_scm_recv); the IP level has IP_PKTINFO, and no
	// IPsec policy without a key manager.
	sc("inet_sockets_have_no_SO_PASSCRED_and_keep_IP_PKTINFO", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			for _, typ := range []int{stream, dgram} {
				fd := s.Socket(family, typ, 0)
				s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PASSCRED)
				s.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PASSCRED, 1)
				s.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PASSSEC)
				s.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PASSSEC, 1)
				s.GetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_PKTINFO)
				s.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_PKTINFO, 4096)
				s.GetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_PKTINFO)
				s.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_IPSEC_POLICY, 0)
				s.GetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_IPSEC_POLICY)
				s.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_HDRINCL, 1)
			}
		}
	}),
	// A level the protocol does not know goes down to IP, which says
	// EOPNOTSUPP for IPv4 and ENOPROTOOPT for IPv6; TCP's read-only
	// options read the sysctls' defaults.
	sc("getsockopt_levels_and_tcp_defaults", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			for _, typ := range []int{stream, dgram} {
				fd := s.Socket(family, typ, 0)
				for _, level := range []int{200, unix.SOL_IPV6, unix.SOL_TCP, unix.SOL_UDP} {
					s.GetsockoptInt(fd, level, 9999)
					s.SetsockoptInt(fd, level, 9999, 1)
				}
				for _, opt := range []int{0, 3, 4, 5, 6, 7, 8, 9, 16, 17, 18, 30, 38, 39} {
					s.GetsockoptInt(fd, unix.SOL_TCP, opt)
				}
			}
		}
	}),
	// Every socket has sock_mmap: MAP_GROWSDOWN is EINVAL before the
	// family answers, AF_UNIX and UDP with ENODEV (sock_no_mmap), TCP
	// with tcp_mmap's read-only window (EPERM when asked writable).
	sc("mmap_of_a_socket_asks_its_family_after_the_checks", func(s *vfstest.Session) {
		a, _ := s.Socketpair(afUnix, stream, 0)
		fds := []int{a, s.Socket(afInet, stream, 0), s.Socket(afInet6, stream, 0), s.Socket(afInet, dgram, 0)}
		for _, fd := range fds {
			for _, flags := range []int{unix.MAP_PRIVATE | unix.MAP_GROWSDOWN, unix.MAP_SHARED | unix.MAP_GROWSDOWN,
				unix.MAP_PRIVATE, unix.MAP_SHARED} {
				s.MmapRW(fd, 0, 4096, unix.PROT_READ, flags, "")
				s.MmapRW(fd, 0, 4096, unix.PROT_READ|unix.PROT_WRITE, flags, "")
				s.MmapRW(fd, 0, 4096, unix.PROT_NONE, flags, "")
			}
		}
	}),
	// SIOCINQ: tcp_ioctl's unread bytes (EINVAL for a listener),
	// udp_ioctl's next datagram length.
	sc("FIONREAD_of_tcp_and_udp_sockets", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			l, addr := tcpListener(s, family)
			s.IoctlGetInt(l, unix.TIOCINQ)
			c := s.Socket(family, stream, 0)
			s.IoctlGetInt(c, unix.TIOCINQ)
			s.Connect(c, addr)
			a := s.Accept4(l, 0)
			s.Write(c, "hello")
			s.Write(c, "!")
			s.Recvfrom(a, 1, unix.MSG_PEEK)
			s.IoctlGetInt(a, unix.TIOCINQ)
			s.IoctlGetInt(c, unix.TIOCINQ)
			r := s.Socket(family, dgram, 0)
			if family == afInet6 {
				s.Bind(r, lo6(0))
			} else {
				s.Bind(r, lo4(0))
			}
			s.IoctlGetInt(r, unix.TIOCINQ)
			u := s.Socket(family, dgram, 0)
			s.Sendto(u, "four", 0, s.Getsockname(r))
			s.Sendto(u, "sixsix", 0, s.Getsockname(r))
			s.Recvfrom(r, 100, unix.MSG_PEEK)
			s.IoctlGetInt(r, unix.TIOCINQ)
		}
	}),
	// udpv6_sendmsg refuses a destination of another family with
	// EINVAL whatever its length; udp_sendmsg says EINVAL below a
	// sockaddr_in, EAFNOSUPPORT from there.
	sc("udp_sendto_an_address_of_another_family", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			u := s.Socket(family, dgram, 0)
			for _, name := range []string{"@s", "@sixteen-or-more", "a-path-of-more-than-twenty-eight-bytes"} {
				s.Sendto(u, "", 0, ua(name))
				s.Sendto(u, "x", 0, ua(name))
			}
		}
	}),
	// inet_dgram_connect binds a port before the protocol reads the
	// address, so a UDP connect that fails leaves one bound.
	sc("udp_connect_binds_a_port_even_when_it_fails", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			u := s.Socket(family, dgram, 0)
			s.Connect(u, ua("@s1"))
			s.Getsockname(u)
		}
	}),
	// tcp_recvmsg_locked: a listener is ENOTCONN before anything, even
	// shut for reading or asked for urgent data; a closed socket shut for
	// reading is at end of file. SHUT_RD stops a listener through
	// tcp_disconnect, which clears the shutdown bits: the socket is
	// closed and unshut, so a read is ENOTCONN again (found by the random
	// differential, seed 24000580).
	sc("tcp_receive_on_a_listener_is_ENOTCONN_first", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			fd := s.Socket(family, stream|unix.SOCK_NONBLOCK, 0)
			s.Shutdown(fd, unix.SHUT_RD)
			s.Read(fd, 1)
			s.Listen(fd, 0)
			s.Read(fd, 1)
			s.Recvfrom(fd, 1, unix.MSG_OOB)
			s.Shutdown(fd, unix.SHUT_RD)
			s.Read(fd, 1)
			s.RecvmsgNB(fd, 0, 0, 0)
			s.Shutdown(fd, unix.SHUT_WR)
			s.Read(fd, 1)
			s.Listen(fd, 0)
			s.Shutdown(fd, unix.SHUT_WR)
			s.Read(fd, 1)
		}
	}),
	// A listener that SHUT_RD stops goes to TCP_CLOSE, which gives back
	// a port the kernel picked (autobound by listen, or bind's port 0)
	// but not one bind named: getsockname still shows the old port, and
	// the next listen picks a new one (found by the random differential,
	// seed 49000234).
	sc("tcp_listener_stopped_gives_back_a_port_the_kernel_picked", func(s *vfstest.Session) {
		for _, family := range []int{afInet, afInet6} {
			auto := s.Socket(family, stream, 0)
			s.Listen(auto, 0)
			s.Getsockname(auto)
			s.Shutdown(auto, unix.SHUT_RD)
			s.Getsockname(auto)
			s.Listen(auto, 0)
			s.Getsockname(auto)
			zero, _ := tcpListener(s, family) // bound to port 0 on loopback
			s.Shutdown(zero, unix.SHUT_RD)
			s.Listen(zero, 0)
			s.Getsockname(zero)
		}
	}),
	sc("ip_level_options_of_tcp_and_udp_sockets", func(s *vfstest.Session) {
		for _, typ := range []int{stream, dgram} {
			fd := s.Socket(afInet, typ, 0)
			s.GetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TOS)
			s.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TOS, 0)
			s.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TOS, 0x10)
			s.GetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TOS)
			s.GetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_TTL)
		}
	}),
}

// cmsg is one control message of level and type with n bytes of data,
// each 1 (a valid TTL, TOS, hop limit or class).
func cmsg(level, typ, n int) []byte {
	b := make([]byte, unix.CmsgSpace(n))
	h := (*unix.Cmsghdr)(unsafe.Pointer(&b[0]))
	h.Level, h.Type = int32(level), int32(typ)
	h.SetLen(unix.CmsgLen(n))
	for i := range n {
		if i%4 == 0 {
			b[unix.CmsgLen(0)+i] = 1
		}
	}
	return b
}
