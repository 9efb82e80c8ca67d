//go:build linux

package vfstest

import (
	"golang.org/x/sys/unix"
)

// SockRandOps is the op table of AF_UNIX sockets, to append to
// FileRandOps: socketpair and socket, bind and connect to names among the
// sequence's files, listen and accept, send and receive with random
// flags, SCM_RIGHTS of a random fd, shutdown, and socket options, with
// hostile arguments mixed in (bad fds, domains, types, flags and names).
// Close, read, write, fcntl and fstat of sockets come from FileRandOps.
// Nothing blocks (see session_randsock_linux.go). With inet unset, the
// hostile domains leave out AF_INET and AF_INET6, for a govfs that has
// no family for them.
func SockRandOps(inet bool) []RandOp {
	domains := []int{1000, -1, unix.AF_UNSPEC}
	if inet {
		domains = append(domains, unix.AF_INET, unix.AF_INET6)
	}
	return []RandOp{
		{"SocketpairNB", 4, func(g *RandGen) []RandArg {
			return []RandArg{g.sockDomain(domains), g.sockType(), g.sockProto()}
		}, func(s *Session, a []RandArg) { s.SocketpairNB(a[0].Int(), a[1].Int(), a[2].Int()) }},
		{"SocketNB", 2, func(g *RandGen) []RandArg {
			return []RandArg{g.sockDomain(domains), g.sockType(), g.sockProto()}
		}, func(s *Session, a []RandArg) { s.SocketNB(a[0].Int(), a[1].Int(), a[2].Int()) }},
		{"BindUnix", 2, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.sockName()} },
			func(s *Session, a []RandArg) { s.BindUnix(a[0].FD(s), a[1].S) }},
		{"ConnectUnix", 2, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.sockName()} },
			func(s *Session, a []RandArg) { s.ConnectUnix(a[0].FD(s), a[1].S) }},
		{"Listen", 1, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), {Kind: ArgInt, N: Pick[int64](g, 0, 1, 5, -1, 1<<31-1)}}
		}, func(s *Session, a []RandArg) { s.Listen(a[0].FD(s), a[1].Int()) }},
		{"Accept4NB", 1, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), g.Flags(sockFlagNames, 0, 0, unix.SOCK_CLOEXEC, unix.O_RDWR)}
		}, func(s *Session, a []RandArg) { s.Accept4NB(a[0].FD(s), a[1].Int()) }},
		{"SendtoNB", 5, func(g *RandGen) []RandArg {
			name := RandArg{Kind: ArgPath, S: "-"}
			if g.Chance(4) {
				name = g.sockName()
			}
			return []RandArg{g.FD(), g.Data(), g.sendFlags(), name}
		}, func(s *Session, a []RandArg) { s.SendtoNB(a[0].FD(s), a[1].S, a[2].Int(), a[3].S) }},
		{"RecvNB", 5, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.Size(), g.recvFlags()} },
			func(s *Session, a []RandArg) { s.RecvNB(a[0].FD(s), a[1].Int(), a[2].Int()) }},
		{"RecvmsgNB", 3, func(g *RandGen) []RandArg {
			oobn := RandArg{Kind: ArgInt, N: Pick[int64](g, 0, 16, 20, 24, 64, 64)}
			return []RandArg{g.FD(), g.Size(), oobn, g.recvFlags()}
		}, func(s *Session, a []RandArg) { s.RecvmsgNB(a[0].FD(s), a[1].Int(), a[2].Int(), a[3].Int()) }},
		{"SendRightsNB", 3, func(g *RandGen) []RandArg {
			args := []RandArg{g.FD(), g.Data(), g.sendFlags(), g.FD()}
			if g.Chance(3) {
				args = append(args, g.FD())
			}
			return args
		}, func(s *Session, a []RandArg) {
			fds := make([]int, 0, 2)
			for _, r := range a[3:] {
				fds = append(fds, r.FD(s))
			}
			s.SendRightsNB(a[0].FD(s), a[1].S, a[2].Int(), fds...)
		}},
		{"Shutdown", 2, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), g.Enum(shutNames, unix.SHUT_RD, unix.SHUT_WR, unix.SHUT_RDWR, unix.SHUT_RDWR, 3)}
		}, func(s *Session, a []RandArg) { s.Shutdown(a[0].FD(s), a[1].Int()) }},
		{"GetsockoptInt", 1, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), g.Enum(sockLevelNames, unix.SOL_SOCKET, unix.SOL_SOCKET, unix.SOL_SOCKET, unix.IPPROTO_TCP),
				g.Enum(sockOptNames, unix.SO_TYPE, unix.SO_ERROR, unix.SO_SNDBUF, unix.SO_RCVBUF, unix.SO_DOMAIN,
					unix.SO_PROTOCOL, unix.SO_ACCEPTCONN, unix.SO_PASSCRED, 9999)}
		}, func(s *Session, a []RandArg) { s.GetsockoptInt(a[0].FD(s), a[1].Int(), a[2].Int()) }},
		{"SetsockoptInt", 1, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), {Kind: ArgEnum, N: unix.SOL_SOCKET, names: sockLevelNames},
				g.Enum(sockOptNames, unix.SO_PASSCRED, unix.SO_SNDBUF, unix.SO_RCVBUF, unix.SO_REUSEADDR, unix.SO_TYPE),
				{Kind: ArgInt, N: Pick[int64](g, 0, 1, 4096, 100000, -1)}}
		}, func(s *Session, a []RandArg) { s.SetsockoptInt(a[0].FD(s), a[1].Int(), a[2].Int(), a[3].Int()) }},
		{"Getsockname", 1, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.Getsockname(a[0].FD(s)) }},
		{"Getpeername", 1, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.Getpeername(a[0].FD(s)) }},
	}
}

func (g *RandGen) sockDomain(hostile []int) RandArg {
	if g.Chance(12) {
		return g.Enum(domainNames, hostile...)
	}
	return RandArg{Kind: ArgEnum, N: unix.AF_UNIX, names: domainNames}
}

// sockType draws a type with SOCK_CLOEXEC now and then (SocketNB and
// SocketpairNB add SOCK_NONBLOCK); hostile types are rare.
func (g *RandGen) sockType() RandArg {
	t := Pick(g, unix.SOCK_STREAM, unix.SOCK_DGRAM, unix.SOCK_SEQPACKET)
	if g.Chance(12) {
		t = Pick(g, 0, unix.SOCK_RAW, 11, unix.SOCK_STREAM|1<<20)
	}
	if g.Chance(3) {
		t |= unix.SOCK_CLOEXEC
	}
	return RandArg{Kind: ArgFlags, N: int64(t), names: randSockTypeNames}
}

var randSockTypeNames = append(append([]flagName(nil), sockFlagNames...), sockTypeNames...)

func (g *RandGen) sockProto() RandArg {
	if g.Chance(12) {
		return RandArg{Kind: ArgInt, N: Pick[int64](g, 1, 6, -1)}
	}
	return RandArg{Kind: ArgInt}
}

// sockName draws a unix address: a path among the sequence's names, an
// abstract name, autobind's "", or a hostile one.
func (g *RandGen) sockName() RandArg {
	switch {
	case g.Chance(10):
		return RandArg{Kind: ArgPath, S: Pick(g, "", "@", longComponent(108), longComponent(107), "d0/"+longComponent(200))}
	case g.Chance(4):
		return RandArg{Kind: ArgPath, S: Pick(g, "@s0", "@s1")}
	}
	return RandArg{Kind: ArgPath, S: g.Path()}
}

func (g *RandGen) sendFlags() RandArg {
	// Not MSG_OOB: AF_UNIX's out-of-band byte (CONFIG_AF_UNIX_OOB) is
	// beyond what sockfs models.
	return g.Flags(msgFlagNames, 0, 0, 0, unix.MSG_NOSIGNAL, unix.MSG_EOR, unix.MSG_MORE,
		unix.MSG_CONFIRM, unix.MSG_NOSIGNAL|unix.MSG_EOR)
}

func (g *RandGen) recvFlags() RandArg {
	return g.Flags(msgFlagNames, 0, 0, 0, unix.MSG_PEEK, unix.MSG_TRUNC, unix.MSG_WAITALL, unix.MSG_CMSG_CLOEXEC,
		unix.MSG_PEEK|unix.MSG_TRUNC, unix.MSG_OOB, unix.MSG_ERRQUEUE)
}
