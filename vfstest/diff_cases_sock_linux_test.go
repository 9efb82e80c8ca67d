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
		procSockScenarios,
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
var knownSockDiffs = map[string]string{}

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
