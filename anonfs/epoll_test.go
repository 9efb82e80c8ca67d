package anonfs_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// epollFixture is an init process with helpers for epoll calls.
type epollFixture struct {
	t *testing.T
	p *vfs.Process
}

func newEpoll(t *testing.T) *epollFixture {
	_, p := boot(t)
	return &epollFixture{t, p}
}

func (e *epollFixture) create() int {
	fd, err := e.p.EpollCreate1(0)
	require.NoError(e.t, err)
	return fd
}

func (e *epollFixture) eventfd(initval uint) int {
	fd, err := e.p.Eventfd(initval, vfs.EFD_NONBLOCK)
	require.NoError(e.t, err)
	return fd
}

func (e *epollFixture) pipe() (r, w int) {
	fds := make([]int, 2)
	require.NoError(e.t, e.p.Pipe2(fds, vfs.O_NONBLOCK))
	return fds[0], fds[1]
}

func (e *epollFixture) ctl(ep, op, fd int, events uint32, data int32) error {
	return e.p.EpollCtl(ep, op, fd, &vfs.EpollEvent{Events: events, Fd: data})
}

func (e *epollFixture) add(ep, fd int, events uint32, data int32) {
	e.t.Helper()
	require.NoError(e.t, e.ctl(ep, vfs.EPOLL_CTL_ADD, fd, events, data))
}

// wait is a non-blocking epoll_wait of up to max events, each written
// as data:events.
func (e *epollFixture) wait(ep, max int) []string {
	e.t.Helper()
	evs := make([]vfs.EpollEvent, max)
	n, err := e.p.EpollWait(ep, evs, 0)
	require.NoError(e.t, err)
	return evString(evs[:n])
}

func evString(evs []vfs.EpollEvent) []string {
	out := []string{}
	for _, ev := range evs {
		out = append(out, fmt.Sprintf("%d:%#x", ev.Fd, ev.Events))
	}
	return out
}

func TestEpollCtlErrors(t *testing.T) {
	e := newEpoll(t)
	p := e.p
	ep := e.create()
	efd := e.eventfd(0)
	require.NoError(t, p.WriteFile("/tmp/f", nil, 0o644))
	reg, err := p.Open("/tmp/f", vfs.O_RDWR, 0)
	require.NoError(t, err)
	dir, err := p.Open("/tmp", vfs.O_RDONLY, 0)
	require.NoError(t, err)
	null, err := p.Open("/dev/null", vfs.O_RDWR, 0)
	require.NoError(t, err)
	opath, err := p.Open("/tmp", vfs.O_PATH, 0)
	require.NoError(t, err)
	inner := e.create()
	in := vfs.EPOLLIN
	cases := []struct {
		name      string
		epfd, op  int
		fd        int
		event     *vfs.EpollEvent
		want      error
		setupOnly bool
	}{
		{"add_is_ok", ep, vfs.EPOLL_CTL_ADD, efd, &vfs.EpollEvent{Events: uint32(in)}, nil, false},
		{"add_twice_is_EEXIST", ep, vfs.EPOLL_CTL_ADD, efd, &vfs.EpollEvent{Events: uint32(in)}, vfs.EEXIST, false},
		{"nil_event_is_EFAULT_before_anything", 999, 7, 999, nil, vfs.EFAULT, false},
		{"nil_event_of_DEL_is_fine", ep, vfs.EPOLL_CTL_DEL, efd, nil, nil, false},
		{"DEL_of_no_interest_is_ENOENT", ep, vfs.EPOLL_CTL_DEL, efd, nil, vfs.ENOENT, false},
		{"MOD_of_no_interest_is_ENOENT", ep, vfs.EPOLL_CTL_MOD, efd, &vfs.EpollEvent{}, vfs.ENOENT, false},
		{"unknown_op_is_EINVAL", ep, 7, efd, &vfs.EpollEvent{}, vfs.EINVAL, false},
		{"closed_epfd_is_EBADF", 999, vfs.EPOLL_CTL_ADD, efd, &vfs.EpollEvent{}, vfs.EBADF, false},
		{"closed_fd_is_EBADF", ep, vfs.EPOLL_CTL_ADD, 999, &vfs.EpollEvent{}, vfs.EBADF, false},
		{"O_PATH_fd_is_EBADF", ep, vfs.EPOLL_CTL_ADD, opath, &vfs.EpollEvent{}, vfs.EBADF, false},
		{"regular_file_is_EPERM", ep, vfs.EPOLL_CTL_ADD, reg, &vfs.EpollEvent{}, vfs.EPERM, false},
		{"regular_file_is_EPERM_before_a_bad_op", ep, 9, reg, &vfs.EpollEvent{}, vfs.EPERM, false},
		{"regular_file_is_EPERM_before_a_non_epoll_epfd", efd, vfs.EPOLL_CTL_ADD, reg, &vfs.EpollEvent{}, vfs.EPERM, false},
		{"directory_is_EPERM", ep, vfs.EPOLL_CTL_ADD, dir, &vfs.EpollEvent{}, vfs.EPERM, false},
		{"dev_null_is_EPERM", ep, vfs.EPOLL_CTL_ADD, null, &vfs.EpollEvent{}, vfs.EPERM, false},
		{"itself_is_EINVAL", ep, vfs.EPOLL_CTL_ADD, ep, &vfs.EpollEvent{}, vfs.EINVAL, false},
		{"epfd_not_an_epoll_is_EINVAL", efd, vfs.EPOLL_CTL_ADD, ep, &vfs.EpollEvent{}, vfs.EINVAL, false},
		{"EXCLUSIVE_with_MOD_is_EINVAL", ep, vfs.EPOLL_CTL_MOD, efd, &vfs.EpollEvent{Events: vfs.EPOLLIN | vfs.EPOLLEXCLUSIVE}, vfs.EINVAL, false},
		{"EXCLUSIVE_with_ONESHOT_is_EINVAL", ep, vfs.EPOLL_CTL_ADD, efd, &vfs.EpollEvent{Events: vfs.EPOLLIN | vfs.EPOLLEXCLUSIVE | vfs.EPOLLONESHOT}, vfs.EINVAL, false},
		{"EXCLUSIVE_with_RDHUP_is_EINVAL", ep, vfs.EPOLL_CTL_ADD, efd, &vfs.EpollEvent{Events: vfs.EPOLLIN | vfs.EPOLLEXCLUSIVE | vfs.EPOLLRDHUP}, vfs.EINVAL, false},
		{"EXCLUSIVE_on_an_epoll_is_EINVAL", ep, vfs.EPOLL_CTL_ADD, inner, &vfs.EpollEvent{Events: vfs.EPOLLIN | vfs.EPOLLEXCLUSIVE}, vfs.EINVAL, false},
		{"EXCLUSIVE_add_is_ok", ep, vfs.EPOLL_CTL_ADD, efd, &vfs.EpollEvent{Events: vfs.EPOLLIN | vfs.EPOLLET | vfs.EPOLLEXCLUSIVE}, nil, false},
		{"MOD_of_an_EXCLUSIVE_interest_is_EINVAL", ep, vfs.EPOLL_CTL_MOD, efd, &vfs.EpollEvent{Events: vfs.EPOLLIN}, vfs.EINVAL, false},
		{"DEL_of_an_EXCLUSIVE_interest_is_fine", ep, vfs.EPOLL_CTL_DEL, efd, nil, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := p.EpollCtl(c.epfd, c.op, c.fd, c.event)
			if c.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, c.want)
			}
		})
	}
	t.Run("create_flags_other_than_EPOLL_CLOEXEC_are_EINVAL", func(t *testing.T) {
		for _, fl := range []int{1, vfs.O_NONBLOCK, -1} {
			_, err := p.EpollCreate1(fl)
			require.ErrorIs(t, err, vfs.EINVAL)
		}
		_, err := p.EpollCreate(0)
		require.ErrorIs(t, err, vfs.EINVAL)
		fd, err := p.EpollCreate1(vfs.EPOLL_CLOEXEC)
		require.NoError(t, err)
		fl, _ := p.FcntlInt(uintptr(fd), vfs.F_GETFD, 0)
		require.Equal(t, vfs.FD_CLOEXEC, fl)
	})
	t.Run("an_epoll_fd_cannot_be_read_or_written", func(t *testing.T) {
		_, err := p.Read(ep, make([]byte, 8))
		require.ErrorIs(t, err, vfs.EINVAL)
		_, err = p.Write(ep, make([]byte, 8))
		require.ErrorIs(t, err, vfs.EINVAL)
		_, err = p.Write(ep, nil)
		require.ErrorIs(t, err, vfs.EINVAL)
	})
	t.Run("EPOLLWAKEUP_is_dropped_and_unknown_bits_kept", func(t *testing.T) {
		fd := e.eventfd(0)
		e.add(ep, fd, vfs.EPOLLIN|vfs.EPOLLWAKEUP|vfs.EPOLLET|vfs.EPOLLONESHOT|0x100000, 0)
		info := readFile(t, p, "/proc/self/fdinfo/"+strconv.Itoa(ep))
		require.Contains(t, info, fmt.Sprintf("tfd: %8d events: c0100019 data:", fd))
	})
}

// TestEpollNesting: epolls may watch epolls four deep, never in a
// cycle (ELOOP), whichever end the chain grows from.
func TestEpollNesting(t *testing.T) {
	t.Run("a_chain_grown_upward_stops_at_five_epolls", func(t *testing.T) {
		e := newEpoll(t)
		prev := e.create()
		for i := 1; i < 7; i++ {
			next := e.create()
			err := e.ctl(next, vfs.EPOLL_CTL_ADD, prev, vfs.EPOLLIN, 0)
			if i == 5 {
				require.ErrorIs(t, err, vfs.ELOOP, "link %d", i)
			} else {
				require.NoError(t, err, "link %d (the refused link 5 broke the chain)", i)
			}
			prev = next
		}
	})
	t.Run("a_chain_grown_downward_stops_at_five_epolls", func(t *testing.T) {
		e := newEpoll(t)
		prev := e.create()
		for i := 1; i < 7; i++ {
			next := e.create()
			err := e.ctl(prev, vfs.EPOLL_CTL_ADD, next, vfs.EPOLLIN, 0)
			if i == 5 {
				require.ErrorIs(t, err, vfs.ELOOP, "link %d", i)
			} else {
				require.NoError(t, err, "link %d (the refused link 5 broke the chain)", i)
			}
			prev = next
		}
	})
	t.Run("cycles_of_two_and_three_are_ELOOP", func(t *testing.T) {
		e := newEpoll(t)
		a, b, c := e.create(), e.create(), e.create()
		e.add(a, b, vfs.EPOLLIN, 0)
		require.ErrorIs(t, e.ctl(b, vfs.EPOLL_CTL_ADD, a, vfs.EPOLLIN, 0), vfs.ELOOP)
		e.add(b, c, vfs.EPOLLIN, 0)
		require.ErrorIs(t, e.ctl(c, vfs.EPOLL_CTL_ADD, a, vfs.EPOLLIN, 0), vfs.ELOOP)
	})
	t.Run("a_removed_link_no_longer_counts", func(t *testing.T) {
		e := newEpoll(t)
		a, b := e.create(), e.create()
		e.add(a, b, vfs.EPOLLIN, 0)
		require.NoError(t, e.p.EpollCtl(a, vfs.EPOLL_CTL_DEL, b, nil))
		e.add(b, a, vfs.EPOLLIN, 0)
		require.NoError(t, e.p.Close(a)) // b's interest in a goes with a's File
		c := e.create()
		e.add(c, b, vfs.EPOLLIN, 0)
	})
	t.Run("a_closed_epoll_leaves_the_graph", func(t *testing.T) {
		e := newEpoll(t)
		a, b := e.create(), e.create()
		e.add(a, b, vfs.EPOLLIN, 0)
		require.NoError(t, e.p.Close(a))
		a2 := e.create()
		e.add(b, a2, vfs.EPOLLIN, 0)
	})
}
