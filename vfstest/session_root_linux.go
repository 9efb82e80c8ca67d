//go:build linux

package vfstest

import "golang.org/x/sys/unix"

// Scenarios that need root on the host.
//
// The harness runs for any user: the govfs side takes the test process's
// credentials (see NewGovfsAs), so a scenario that only creates, reads
// and stats files compares the same thing as root and as uid 65534. What
// an ordinary user cannot do on the host stops the scenario before its
// first line and skips the case with one line saying why:
//
//	needs root: the host side switches per-thread credentials with setresuid   (Session.As)
//	needs root: the host side unshares a mount namespace and mounts tmpfs ...   (Session.InNamespace)
//	needs root: <the scenario's reason>                                         (Session.NeedRoot)
//
// A skip is decided on the host side, which runs first, so the govfs side
// of a skipped case never runs.

// hostSkip is the panic that ends a scenario the host cannot run; Record
// turns it into a skip with reason.
type hostSkip struct{ reason string }

// NeedRoot skips the case when the host side is not root, with the line
// "needs root: " + why. It records nothing. Call it first in a scenario
// whose calls only mean what the case name says for root: chown to other
// owners, mknod of devices, root's bypass of permission bits.
func (s *Session) NeedRoot(why string) {
	if _, host := s.sys.(*Host); host && unix.Geteuid() != 0 {
		panic(hostSkip{"needs root: " + why})
	}
}

// needRootForAs skips the case when an As block cannot switch
// credentials on the host.
func (s *Session) needRootForAs() {
	if _, host := s.sys.(*Host); host && unix.Geteuid() != 0 {
		panic(hostSkip{"needs root: the host side switches per-thread credentials with setresuid"})
	}
}
