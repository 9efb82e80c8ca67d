//go:build linux

package vfstest_test

import (
	"errors"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// The socket cases, split by topic into diff_cases_sock*_linux_test.go;
// gVisor's test/syscalls/linux/socket_unix_*.cc, socket_unix_cmsg.cc and
// socket_inet_loopback.cc were the checklist. Unix paths are relative to
// the sandbox on both sides and abstract names are made unique per host
// run by the harness; loopback cases use the host's real 127.0.0.1 and
// ::1, with ports shown as port1, port2, ... (format_sock_linux.go).

// unixSockScenarios need AF_UNIX in govfs, inetSockScenarios AF_INET.
func unixSockScenarios() []vfstest.Scenario {
	var all []vfstest.Scenario
	for _, g := range [][]vfstest.Scenario{
		sockPairScenarios, sockShutScenarios, sockBindScenarios, sockConnScenarios,
		sockCmsgScenarios, sockOptScenarios, sockBadScenarios, sockFoundScenarios,
	} {
		all = append(all, g...)
	}
	return all
}

func inetSockScenarios() []vfstest.Scenario { return sockInetScenarios }

// knownSockDiffs are the socket cases where govfs is known to differ
// from Linux, each with the difference; TestDifferential skips them. The
// list is the lead's to route and to empty: a case leaves it when its
// fix lands.
var knownSockDiffs = map[string]string{
	// sockfs: a seqpacket receive that finds the peer gone reads end of
	// file (unix_dgram_recvmsg's EOF for SEQPACKET) even with the reset
	// pending that the peer's close with an unread record left.
	"a_seqpacket_peer_closed_with_an_unread_empty_record": "sockfs: recvfrom(seqpacket, 0) after the peer closed over an unread empty record is ECONNRESET, Linux 0",
	// sockfs: after the peer closed over an unread record, Linux's
	// seqpacket writes are EPIPE and SO_ERROR is 0.
	"a_seqpacket_peer_closed_over_an_unread_record_then_an_empty_write": "sockfs: write(seqpacket, \"\") after the peer closed over an unread record is ECONNRESET, Linux EPIPE",
	// sockfs: unix_stream_recvmsg copies the sender's address
	// (unix_copy_addr(skb->sk)) even for a 0-byte receive.
	"a_stream_receive_names_a_bound_sender": "sockfs: recvfrom/recvmsg of 0 bytes on a stream reads from=nil, Linux the bound sender's name (10 bytes: both name it)",
	// vfs core: udp_sendmsg is EDESTADDRREQ before the control
	// messages are looked at; govfs's core parses SCM_RIGHTS first.
	"udp_sendmsg_without_a_destination_is_EDESTADDRREQ_before_its_control_messages": "vfs: unconnected UDP sendmsg with SCM_RIGHTS of a bad fd is EBADF, Linux EDESTADDRREQ",
	// sockfs inet: no IPPROTO_IP options (do_ip_setsockopt).
	"ip_level_options_of_tcp_and_udp_sockets": "sockfs inet: IP_TOS and IP_TTL are ENOPROTOOPT, Linux keeps IP_TOS (0, then 16) and reads IP_TTL 64",
	// sockfs inet: tcp_recvmsg with MSG_ERRQUEUE reads the (empty)
	// error queue whatever the state: EAGAIN.
	"MSG_ERRQUEUE_on_an_empty_error_queue_is_EAGAIN": "sockfs inet: recv MSG_ERRQUEUE on an unconnected TCP socket is ENOTCONN, Linux EAGAIN (UDP matches)",
	// sockfs inet: inet_create finds SOCK_RAW and refuses protocol 0
	// with EPROTONOSUPPORT (for a user without CAP_NET_RAW: EPERM).
	"inet_SOCK_RAW_without_a_protocol_is_EPROTONOSUPPORT_for_root": "sockfs inet: socket/socketpair(AF_INET[6], SOCK_RAW, 0) is ESOCKTNOSUPPORT, Linux EPROTONOSUPPORT (root)",
	// sockfs inet: tcp_poll reports POLLERR while sk_err is pending.
	"tcp_nonblocking_connect_to_a_closed_port_reports_ECONNREFUSED_in_SO_ERROR": "sockfs inet: poll after a refused non-blocking connect is POLLOUT|POLLHUP, Linux POLLOUT|POLLERR|POLLHUP",
}

// govfsHasFamily reports whether a freshly booted govfs makes sockets
// of domain (sockfs registered its family).
func govfsHasFamily(t testing.TB, domain int) bool {
	k, err := govfs.Boot()
	if err != nil {
		t.Fatalf("boot: %v", err)
	}
	defer k.Shutdown()
	fd, err := k.Init().Socket(domain, unix.SOCK_STREAM, 0)
	if err == nil {
		_ = k.Init().Close(fd)
	}
	return !errors.Is(err, vfs.EAFNOSUPPORT)
}

// sockGate returns the socket scenarios as TestDifferential runs them:
// skipped when govfs has no family for their domain yet (sockfs not
// registered), or when knownSockDiffs names them.
func sockGate(t *testing.T) []vfstest.Scenario {
	var out []vfstest.Scenario
	add := func(group []vfstest.Scenario, domain int, name string) {
		ok := govfsHasFamily(t, domain)
		for _, s := range group {
			switch reason, known := knownSockDiffs[s.Name]; {
			case !ok:
				s.Skip = "govfs has no " + name + " family registered yet (sockfs)"
			case known:
				s.Skip = "knownSockDiffs: " + reason
			}
			out = append(out, s)
		}
	}
	add(unixSockScenarios(), unix.AF_UNIX, "AF_UNIX")
	add(inetSockScenarios(), unix.AF_INET, "AF_INET")
	return out
}

// ua is a unix address: a path relative to the sandbox, "@name" for an
// abstract name, "" for autobind.
func ua(name string) *vfs.SockaddrUnix { return &vfs.SockaddrUnix{Name: name} }

// lo4 is 127.0.0.1:port.
func lo4(port int) *vfs.SockaddrInet4 {
	return &vfs.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}
}

// lo6 is [::1]:port.
func lo6(port int) *vfs.SockaddrInet6 {
	return &vfs.SockaddrInet6{Port: port, Addr: [16]byte{15: 1}}
}

const (
	afUnix    = unix.AF_UNIX
	stream    = unix.SOCK_STREAM
	dgram     = unix.SOCK_DGRAM
	seqpacket = unix.SOCK_SEQPACKET
)

// sockTypes are the three AF_UNIX types, for cases that run on each.
var sockTypes = []int{stream, dgram, seqpacket}

// listener makes a stream (or seqpacket) socket listening on name.
func listener(s *vfstest.Session, typ int, name string) int {
	l := s.Socket(afUnix, typ, 0)
	s.Bind(l, ua(name))
	s.Listen(l, 8)
	return l
}

// connected makes a client connected to the listener on name and the
// accepted server end.
func connected(s *vfstest.Session, typ int, l int, name string) (c, a int) {
	c = s.Socket(afUnix, typ, 0)
	s.Connect(c, ua(name))
	a = s.Accept4(l, 0)
	return c, a
}

// pollOne polls one fd for events without waiting.
func pollOne(s *vfstest.Session, fd int, events int16) {
	s.Poll([]vfstest.PollFd{{Fd: int32(fd), Events: events}}, 0)
}
