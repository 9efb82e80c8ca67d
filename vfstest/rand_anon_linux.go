//go:build linux

package vfstest

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// AnonRandOps is the op table of eventfd and epoll, to append to
// FileRandOps: eventfds, epoll instances, interests in random fds (so
// regular files meet EPERM, epolls meet each other and ELOOP, closed
// fds EBADF), non-blocking waits, 8-byte reads and writes, with hostile
// flags, ops and counts mixed in. fdinfo is left to the cases: on a
// random fd it would judge procfs more than epoll. Nothing blocks even
// after a random fcntl clears O_NONBLOCK: an eventfd starts in
// semaphore mode at 2^32-1, so no sequence reads it down to 0, and the
// values written are small, so none reaches the 2^64-2 ceiling.
func AnonRandOps() []RandOp {
	ev := func(g *RandGen) RandArg {
		return g.Flags(randEpollEvNames, unix.EPOLLIN, unix.EPOLLOUT, unix.EPOLLIN|unix.EPOLLOUT, 0,
			unix.EPOLLIN|unix.EPOLLET, unix.EPOLLIN|unix.EPOLLONESHOT, unix.EPOLLOUT|unix.EPOLLET|unix.EPOLLONESHOT,
			unix.EPOLLIN|unix.EPOLLRDHUP, unix.EPOLLIN|unix.EPOLLEXCLUSIVE, unix.EPOLLIN|unix.EPOLLWAKEUP, 0x100000)
	}
	return []RandOp{
		{"Eventfd", 3, func(g *RandGen) []RandArg {
			return []RandArg{{Kind: ArgInt, N: 1<<32 - 1}, g.Flags(efdFlagNames, unix.EFD_SEMAPHORE|unix.EFD_NONBLOCK,
				unix.EFD_SEMAPHORE|unix.EFD_NONBLOCK|unix.EFD_CLOEXEC, unix.EFD_SEMAPHORE|unix.EFD_NONBLOCK|unix.O_RDWR, 2)}
		}, func(s *Session, a []RandArg) { s.Eventfd(uint(a[0].N), a[1].Int()) }},
		{"EpollCreate1", 3, func(g *RandGen) []RandArg {
			return []RandArg{g.Flags(randEpollCreateNames, 0, 0, unix.EPOLL_CLOEXEC, 1)}
		}, func(s *Session, a []RandArg) { s.EpollCreate1(a[0].Int()) }},
		{"EpollCtl", 6, func(g *RandGen) []RandArg {
			op := g.Enum(epollOpNames, unix.EPOLL_CTL_ADD, unix.EPOLL_CTL_ADD, unix.EPOLL_CTL_MOD, unix.EPOLL_CTL_DEL, 0, 4)
			return []RandArg{g.FD(), op, g.FD(), ev(g), {Kind: ArgInt, N: int64(g.Intn(4))}}
		}, func(s *Session, a []RandArg) {
			s.EpollCtl(a[0].FD(s), a[1].Int(), a[2].FD(s), uint32(a[3].N), uint64(a[4].N))
		}},
		{"EpollCtlNil", 1, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), g.Enum(epollOpNames, unix.EPOLL_CTL_ADD, unix.EPOLL_CTL_DEL, 7), g.FD()}
		}, func(s *Session, a []RandArg) { s.EpollCtlNil(a[0].FD(s), a[1].Int(), a[2].FD(s)) }},
		{"EpollWait", 5, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), {Kind: ArgInt, N: Pick[int64](g, 1, 2, 8, 8, 0)}, {Kind: ArgInt, N: 0}}
		}, func(s *Session, a []RandArg) { s.EpollWait(a[0].FD(s), a[1].Int(), a[2].Int()) }},
		{"WriteU64", 3, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), {Kind: ArgInt, N: Pick[int64](g, 0, 1, 1, 7)}}
		}, func(s *Session, a []RandArg) {
			if !s.pipeWriteMayBlock(fmt.Sprintf("write(%s, u64 %#x)", s.fd(a[0].FD(s)), a[1].N), a[0].FD(s), 8) {
				s.WriteU64(a[0].FD(s), uint64(a[1].N))
			}
		}},
		{"ReadU64", 3, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), {Kind: ArgInt, N: Pick[int64](g, 8, 8, 16, 4, 0)}}
		}, func(s *Session, a []RandArg) {
			// The fd may be a timerfd (TimerRandOps) that no NONBLOCK
			// keeps from waiting.
			if !s.readMayBlock(fmt.Sprintf("read(%s, %d)", s.fd(a[0].FD(s)), a[1].Int()), a[0].FD(s)) {
				s.ReadU64(a[0].FD(s), a[1].Int())
			}
		}},
	}
}

var (
	randEpollCreateNames = []flagName{{unix.EPOLL_CLOEXEC, "EPOLL_CLOEXEC"}}
	// randEpollEvNames are epollEvNames that x/sys/unix spells, so that a
	// shrunk sequence compiles.
	randEpollEvNames = []flagName{
		{unix.EPOLLIN, "EPOLLIN"}, {unix.EPOLLOUT, "EPOLLOUT"}, {unix.EPOLLRDHUP, "EPOLLRDHUP"},
		{unix.EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE"}, {unix.EPOLLWAKEUP, "EPOLLWAKEUP"},
		{unix.EPOLLONESHOT, "EPOLLONESHOT"}, {unix.EPOLLET, "EPOLLET"},
	}
)
