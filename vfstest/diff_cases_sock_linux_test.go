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
	// sockfs: after SHUT_RD an empty dgram socket is EAGAIN under
	// MSG_DONTWAIT (unix_dgram_recvmsg signals EOF only for SEQPACKET).
	"SHUT_RD_on_dgram_keeps_the_queued_messages": "sockfs: recv MSG_DONTWAIT on an empty dgram socket after SHUT_RD is 0 (EOF), Linux EAGAIN",
	// vfs core, recvmsg: ____sys_recvmsg starts msg_flags with
	// flags&MSG_CMSG_CLOEXEC, so the caller gets MSG_CMSG_CLOEXEC back.
	"MSG_CMSG_CLOEXEC_sets_FD_CLOEXEC_on_received_fds": "vfs: recvmsg's flags lack MSG_CMSG_CLOEXEC, which Linux returns in msg_flags",
	// sockfs: a 0-byte receive waits for data like any other.
	"recv_of_0_bytes_from_an_empty_socket_is_EAGAIN": "sockfs: recvfrom/recvmsg of 0 bytes on an empty socket is 0, Linux EAGAIN (with data: 0 on both)",
	// vfs core, lseek: ksys_lseek checks whence > SEEK_MAX before
	// vfs_llseek's ESPIPE (pipes too).
	"lseek_with_a_bad_whence_on_a_socket_is_EINVAL_before_ESPIPE": "vfs: lseek(sock or pipe, 0, 5 or -1) is ESPIPE, Linux EINVAL",
	// vfs core, accept4: __sys_accept4 looks the fd up first, the
	// flags are checked in __sys_accept4_file.
	"accept4_looks_the_fd_up_before_checking_flags": "vfs: accept4(bad fd or non-socket, O_RDWR) is EINVAL, Linux EBADF/ENOTSOCK",
	// sockfs: unix_bind makes the node with the socket inode's mode
	// (fchmod on the socket fd changes it) less the umask.
	"bind_makes_the_node_from_the_socket_inode_mode_less_the_umask": "sockfs: fchmod(sock, 07777) then bind makes a 0755 node, Linux 07755 (0600: 0600, 0: 0)",
	// sockfs: unix_dgram_recvmsg copies the sender's address from the
	// sending socket as it is when the datagram is received.
	"a_datagram_names_its_sender_as_it_is_when_received": "sockfs: a datagram sent before its sender bound reads from=nil, Linux the sender's new name",
	// sockfs: a peer that closes with unread data sets ECONNRESET on
	// its partner (sk_err); the next send reports and clears it.
	"a_peer_closed_with_unread_data_makes_sends_ECONNRESET_once": "sockfs: send after the peer closed with unread data is EPIPE and SO_ERROR stays 104, Linux ECONNRESET then SO_ERROR 0",
	// sockfs: unix_dgram_sendmsg on a socket shut for writing is EPIPE
	// before it looks for a peer.
	"dgram_send_after_SHUT_WR_is_EPIPE_connected_or_not": "sockfs: send on an unconnected dgram socket after SHUT_WR is ENOTCONN, Linux EPIPE",
	// sockfs and vfs: unix_seqpacket_sendmsg and _recvmsg check the
	// state first (ENOTCONN) — before scm_send parses SCM_RIGHTS (which
	// govfs's core does before calling the socket) and before MSG_OOB.
	// sockfs inet: inet_create and inet6_create refuse a protocol
	// outside [0, IPPROTO_MAX) with EINVAL before looking at the type.
	"inet_socket_protocol_errors": "sockfs inet: socket(AF_INET[6], type, -1 or 300) is ESOCKTNOSUPPORT/EPROTONOSUPPORT, Linux EINVAL",
	// sockfs inet: sock_read_iter returns 0 for a 0-byte read before the
	// protocol sees it (the AF_UNIX side has the shortcut, inet not).
	"inet_read_of_0_bytes_is_0_at_once": "sockfs inet: read(udp or unconnected tcp, 0) is EAGAIN/ENOTCONN, Linux 0",
	// sockfs inet: tcp_poll reports POLLERR while sk_err is pending.
	"tcp_nonblocking_connect_to_a_closed_port_reports_ECONNREFUSED_in_SO_ERROR": "sockfs inet: poll after a refused non-blocking connect is POLLOUT|POLLHUP, Linux POLLOUT|POLLERR|POLLHUP",
	"unconnected_seqpacket_checks_its_state_first":                              "vfs+sockfs: unconnected seqpacket sendmsg with a bad SCM_RIGHTS fd is EBADF (Linux ENOTCONN); recv MSG_OOB is EOPNOTSUPP (Linux ENOTCONN)",
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
