//go:build linux

package vfs

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The constants of eventfd(2) and epoll(7) (epoll_abi.go) and their
// x/sys/unix twins.
var anonTwins = []struct {
	name      string
	got, want int64
}{
	{"EFD_SEMAPHORE", EFD_SEMAPHORE, unix.EFD_SEMAPHORE},
	{"EFD_CLOEXEC", EFD_CLOEXEC, unix.EFD_CLOEXEC},
	{"EFD_NONBLOCK", EFD_NONBLOCK, unix.EFD_NONBLOCK},
	{"EPOLL_CLOEXEC", EPOLL_CLOEXEC, unix.EPOLL_CLOEXEC},
	{"EPOLL_CTL_ADD", EPOLL_CTL_ADD, unix.EPOLL_CTL_ADD},
	{"EPOLL_CTL_DEL", EPOLL_CTL_DEL, unix.EPOLL_CTL_DEL},
	{"EPOLL_CTL_MOD", EPOLL_CTL_MOD, unix.EPOLL_CTL_MOD},
	{"EPOLLIN", EPOLLIN, unix.EPOLLIN},
	{"EPOLLPRI", EPOLLPRI, unix.EPOLLPRI},
	{"EPOLLOUT", EPOLLOUT, unix.EPOLLOUT},
	{"EPOLLERR", EPOLLERR, unix.EPOLLERR},
	{"EPOLLHUP", EPOLLHUP, unix.EPOLLHUP},
	{"EPOLLNVAL", EPOLLNVAL, 0x20}, // include/uapi/linux/eventpoll.h; x/sys/unix has none
	{"EPOLLRDNORM", EPOLLRDNORM, unix.EPOLLRDNORM},
	{"EPOLLRDBAND", EPOLLRDBAND, unix.EPOLLRDBAND},
	{"EPOLLWRNORM", EPOLLWRNORM, unix.EPOLLWRNORM},
	{"EPOLLWRBAND", EPOLLWRBAND, unix.EPOLLWRBAND},
	{"EPOLLMSG", EPOLLMSG, unix.EPOLLMSG},
	{"EPOLLRDHUP", EPOLLRDHUP, unix.EPOLLRDHUP},
	{"EPOLLEXCLUSIVE", EPOLLEXCLUSIVE, unix.EPOLLEXCLUSIVE},
	{"EPOLLWAKEUP", EPOLLWAKEUP, unix.EPOLLWAKEUP},
	{"EPOLLONESHOT", EPOLLONESHOT, unix.EPOLLONESHOT},
	{"EPOLLET", EPOLLET, unix.EPOLLET},
}

func TestAnonTwinsEqual(t *testing.T) {
	for _, c := range anonTwins {
		require.Equalf(t, c.want, c.got, "%s = %#x, x/sys/unix has %#x", c.name, c.got, c.want)
	}
}

// TestEpollStructsAreTheirTwins: EpollEvent and Sigset_t convert to
// x/sys/unix's types, so their fields and layout are the same.
func TestEpollStructsAreTheirTwins(t *testing.T) {
	ev := EpollEvent{Events: EPOLLIN, Fd: 7, Pad: -1}
	u := unix.EpollEvent(ev)
	require.Equal(t, ev, EpollEvent(u))
	require.Equal(t, unsafe.Sizeof(u), unsafe.Sizeof(ev))
	var set Sigset_t
	set.Val[0] = 1 << (SIGUSR1 - 1)
	require.True(t, set.has(SIGUSR1))
	require.False(t, set.has(SIGUSR2))
	require.Equal(t, unsafe.Sizeof(unix.Sigset_t{}), unsafe.Sizeof(set))
	_ = unix.Sigset_t(set)
}
