//go:build linux

package vfstest

import "golang.org/x/sys/unix"

// MoreRandOps is the op table of the calls FileRandOps leaves to it, to
// append there: poll(2) of up to three fds at once, which compares the
// readiness of every kind of file directly (epoll compares it through
// its wake-ups); umask(2), which changes what every later create makes;
// chown and lchown to other users, after which the permission rules
// (sticky directories, fs.protected_*) have others' files to judge; and
// the *at forms of access, chmod and readlink with their flags.
func MoreRandOps() []RandOp {
	ev := func(g *RandGen) RandArg {
		return g.Flags(pollNames, unix.POLLIN, unix.POLLOUT, unix.POLLIN|unix.POLLOUT, unix.POLLIN|unix.POLLRDHUP,
			unix.POLLPRI, 0, 0xffff)
	}
	owner := func(g *RandGen) RandArg { return RandArg{Kind: ArgInt, N: Pick[int64](g, 0, 65534, 1000, -1)} }
	return []RandOp{
		{"PollRand", 4, func(g *RandGen) []RandArg {
			return []RandArg{{Kind: ArgInt, N: int64(1 + g.Intn(3))}, g.FD(), ev(g), g.FD(), ev(g), g.FD(), ev(g)}
		}, func(s *Session, a []RandArg) {
			s.PollRand(a[0].Int(), a[1].FD(s), a[2].Int(), a[3].FD(s), a[4].Int(), a[5].FD(s), a[6].Int())
		}},
		{"Umask", 1, func(g *RandGen) []RandArg {
			return []RandArg{{Kind: ArgMode, N: Pick[int64](g, 0o022, 0o022, 0, 0o077, 0o777, 0o7777)}}
		},
			func(s *Session, a []RandArg) { s.Umask(a[0].Int()) }},
		{"Chown", 2, func(g *RandGen) []RandArg { return []RandArg{{Kind: ArgPath, S: g.Path()}, owner(g), owner(g)} },
			func(s *Session, a []RandArg) { s.Chown(a[0].S, a[1].Int(), a[2].Int()) }},
		{"Lchown", 1, func(g *RandGen) []RandArg { return []RandArg{{Kind: ArgPath, S: g.Path()}, owner(g), owner(g)} },
			func(s *Session, a []RandArg) { s.Lchown(a[0].S, a[1].Int(), a[2].Int()) }},
		{"Faccessat", 2, func(g *RandGen) []RandArg {
			d, p := g.AtPath()
			return []RandArg{d, p, g.Flags(randAccessNames, unix.F_OK, unix.R_OK, unix.W_OK, unix.X_OK, unix.R_OK|unix.W_OK, 8),
				g.Flags(randAtNames, 0, 0, unix.AT_EACCESS, unix.AT_SYMLINK_NOFOLLOW, unix.AT_EMPTY_PATH, 1)}
		}, func(s *Session, a []RandArg) { s.Faccessat(a[0].FD(s), a[1].S, uint32(a[2].N), a[3].Int()) }},
		{"Fchmodat", 1, func(g *RandGen) []RandArg {
			d, p := g.AtPath()
			return []RandArg{d, p, g.Mode(), g.Flags(randAtNames, 0, 0, unix.AT_SYMLINK_NOFOLLOW, 1)}
		}, func(s *Session, a []RandArg) { s.Fchmodat(a[0].FD(s), a[1].S, uint32(a[2].N), a[3].Int()) }},
		// The owner of SIGIO and its signal, on any fd; nothing here
		// sets O_ASYNC, so no signal is ever sent to the test binary.
		{"SetOwnSelf", 1, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.SetOwnSelf(a[0].FD(s)) }},
		{"GetOwn", 1, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.GetOwn(a[0].FD(s)) }},
		{"Fcntl", 1, func(g *RandGen) []RandArg {
			cmd := g.Enum(randOwnerFcntlNames, unix.F_SETOWN, unix.F_SETSIG, unix.F_GETSIG)
			arg := RandArg{Kind: ArgInt, N: Pick[int64](g, 0, 10, 64, 65, -1, 4194311, -4194311)}
			return []RandArg{g.FD(), cmd, arg}
		}, func(s *Session, a []RandArg) {
			if n := a[2].N; a[1].N == unix.F_SETOWN && n != 0 && n >= -MaxPidMax && n <= MaxPidMax {
				return // a pid or group that may be one of the host's
			}
			s.Fcntl(a[0].FD(s), a[1].Int(), a[2].Int())
		}},
		{"Readlinkat", 2, func(g *RandGen) []RandArg {
			d, p := g.AtPath()
			if g.Chance(3) {
				p.S = "" // the dirfd itself: an O_PATH fd of a symlink reads it
			}
			return []RandArg{d, p, g.Size()}
		}, func(s *Session, a []RandArg) { s.Readlinkat(a[0].FD(s), a[1].S, a[2].Int()) }},
	}
}

// PollRand is Poll, with timeout 0, of the first n of three fds, each
// with its events: the random tests' poll.
func (s *Session) PollRand(n, fd0, ev0, fd1, ev1, fd2, ev2 int) int {
	all := []PollFd{{Fd: int32(fd0), Events: int16(ev0)}, {Fd: int32(fd1), Events: int16(ev1)}, {Fd: int32(fd2), Events: int16(ev2)}}
	return s.Poll(all[:max(1, min(n, 3))], 0)
}

var randOwnerFcntlNames = []flagName{{unix.F_SETOWN, "F_SETOWN"}, {unix.F_SETSIG, "F_SETSIG"}, {unix.F_GETSIG, "F_GETSIG"}}
