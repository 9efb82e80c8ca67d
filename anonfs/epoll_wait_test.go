package anonfs_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// The checklist is gVisor's test/syscalls/linux/epoll.cc; the orders
// and bits were read off the host kernel.
func TestEpollWait(t *testing.T) {
	t.Run("a_bad_fd_is_EBADF_before_maxevents_0_is_EINVAL", func(t *testing.T) {
		e := newEpoll(t)
		_, err := e.p.EpollWait(999, nil, 0)
		require.ErrorIs(t, err, vfs.EBADF)
		_, err = e.p.EpollWait(e.create(), nil, 0)
		require.ErrorIs(t, err, vfs.EINVAL)
		_, err = e.p.EpollWait(999, make([]vfs.EpollEvent, 1), 0)
		require.ErrorIs(t, err, vfs.EBADF)
		_, err = e.p.EpollWait(e.eventfd(0), make([]vfs.EpollEvent, 1), 0)
		require.ErrorIs(t, err, vfs.EINVAL)
	})
	t.Run("level_triggered_reports_until_the_file_is_drained", func(t *testing.T) {
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(0)
		e.add(ep, fd, vfs.EPOLLIN, 7)
		require.Empty(t, e.wait(ep, 4))
		require.NoError(t, put(e.p, fd, 1))
		require.Equal(t, []string{"7:0x1"}, e.wait(ep, 4))
		require.Equal(t, []string{"7:0x1"}, e.wait(ep, 4))
		_, _ = take(e.p, fd)
		require.Empty(t, e.wait(ep, 4))
	})
	t.Run("edge_triggered_reports_each_write_once", func(t *testing.T) {
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(0)
		e.add(ep, fd, vfs.EPOLLIN|vfs.EPOLLET, 1)
		require.NoError(t, put(e.p, fd, 1))
		require.Equal(t, []string{"1:0x1"}, e.wait(ep, 4))
		require.Empty(t, e.wait(ep, 4))
		require.NoError(t, put(e.p, fd, 1))
		require.Equal(t, []string{"1:0x1"}, e.wait(ep, 4), "a second write is a second edge")
	})
	t.Run("edge_triggered_pipe_reports_each_write", func(t *testing.T) {
		e := newEpoll(t)
		ep := e.create()
		r, w := e.pipe()
		e.add(ep, r, vfs.EPOLLIN|vfs.EPOLLET, 1)
		_, _ = e.p.Write(w, []byte("x"))
		require.Equal(t, []string{"1:0x1"}, e.wait(ep, 4))
		require.Empty(t, e.wait(ep, 4))
		_, _ = e.p.Write(w, []byte("y"))
		require.Equal(t, []string{"1:0x1"}, e.wait(ep, 4))
	})
	t.Run("edge_triggered_EPOLLOUT_fires_again_when_a_read_makes_room", func(t *testing.T) {
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(0)
		e.add(ep, fd, vfs.EPOLLOUT|vfs.EPOLLET, 1)
		require.Equal(t, []string{"1:0x4"}, e.wait(ep, 4))
		require.Empty(t, e.wait(ep, 4))
		require.NoError(t, put(e.p, fd, ^uint64(0)-1))
		require.Empty(t, e.wait(ep, 4), "a write is no EPOLLOUT edge")
		_, _ = take(e.p, fd)
		require.Equal(t, []string{"1:0x4"}, e.wait(ep, 4))
	})
	t.Run("oneshot_reports_once_until_MOD_rearms_it", func(t *testing.T) {
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(1)
		e.add(ep, fd, vfs.EPOLLIN|vfs.EPOLLONESHOT, 9)
		require.Equal(t, []string{"9:0x1"}, e.wait(ep, 4))
		require.Empty(t, e.wait(ep, 4))
		require.NoError(t, put(e.p, fd, 1))
		require.Empty(t, e.wait(ep, 4), "a disabled interest ignores wake-ups")
		require.Contains(t, readFile(t, e.p, "/proc/self/fdinfo/"+strconv.Itoa(ep)), "events: 40000000 ")
		require.NoError(t, e.ctl(ep, vfs.EPOLL_CTL_MOD, fd, vfs.EPOLLIN|vfs.EPOLLOUT, 10))
		require.Equal(t, []string{"10:0x5"}, e.wait(ep, 4))
	})
	t.Run("MOD_of_an_edge_triggered_interest_reports_the_state_now", func(t *testing.T) {
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(1)
		e.add(ep, fd, vfs.EPOLLOUT|vfs.EPOLLET, 1)
		require.Equal(t, []string{"1:0x4"}, e.wait(ep, 4))
		require.NoError(t, e.ctl(ep, vfs.EPOLL_CTL_MOD, fd, vfs.EPOLLIN|vfs.EPOLLET, 2))
		require.Equal(t, []string{"2:0x1"}, e.wait(ep, 4))
		require.Empty(t, e.wait(ep, 4))
	})
	t.Run("data_comes_back_verbatim", func(t *testing.T) {
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(1)
		ev := vfs.EpollEvent{Events: vfs.EPOLLIN, Fd: -2, Pad: 0x01020304}
		require.NoError(t, e.p.EpollCtl(ep, vfs.EPOLL_CTL_ADD, fd, &ev))
		evs := make([]vfs.EpollEvent, 1)
		n, err := e.p.EpollWait(ep, evs, 0)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Equal(t, vfs.EpollEvent{Events: vfs.EPOLLIN, Fd: -2, Pad: 0x01020304}, evs[0])
	})
	t.Run("only_the_asked_events_and_ERR_HUP_are_reported", func(t *testing.T) {
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(1)
		e.add(ep, fd, vfs.EPOLLIN, 1)
		require.Equal(t, []string{"1:0x1"}, e.wait(ep, 4), "writable too, but EPOLLOUT was not asked")
		r, w := e.pipe()
		e.add(ep, r, 0, 2)
		require.NoError(t, e.p.Close(w))
		require.Equal(t, []string{"1:0x1", "2:0x10"}, e.wait(ep, 4), "events 0 still gets EPOLLHUP")
	})
	t.Run("files_ready_at_ADD_are_reported_in_ADD_order_then_later_ones", func(t *testing.T) {
		e := newEpoll(t)
		ep := e.create()
		x, y, z := e.eventfd(1), e.eventfd(0), e.eventfd(1)
		e.add(ep, y, vfs.EPOLLIN, 2)
		e.add(ep, x, vfs.EPOLLIN, 1)
		e.add(ep, z, vfs.EPOLLIN, 3)
		require.NoError(t, put(e.p, y, 1))
		require.Equal(t, []string{"1:0x1", "3:0x1", "2:0x1"}, e.wait(ep, 4))
	})
	t.Run("ready_files_take_turns_when_maxevents_is_short", func(t *testing.T) {
		e := newEpoll(t)
		ep := e.create()
		var fds []int
		for i := range 3 {
			fds = append(fds, e.eventfd(0))
			e.add(ep, fds[i], vfs.EPOLLIN, int32(i))
		}
		for _, i := range []int{2, 0, 1} {
			require.NoError(t, put(e.p, fds[i], 1))
		}
		var got []string
		for range 5 {
			got = append(got, e.wait(ep, 1)...)
		}
		require.Equal(t, []string{"2:0x1", "0:0x1", "1:0x1", "2:0x1", "0:0x1"}, got)
		require.Equal(t, []string{"1:0x1", "2:0x1"}, e.wait(ep, 2))
		require.Equal(t, []string{"0:0x1", "1:0x1"}, e.wait(ep, 2))
	})
	t.Run("a_socket_shut_down_by_its_peer_reports_EPOLLRDHUP", func(t *testing.T) {
		e := newEpoll(t)
		ep := e.create()
		sp, err := e.p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
		require.NoError(t, err)
		e.add(ep, sp[0], vfs.EPOLLIN|vfs.EPOLLOUT|vfs.EPOLLRDHUP, 7)
		require.Equal(t, []string{"7:0x4"}, e.wait(ep, 4))
		require.NoError(t, e.p.Shutdown(sp[1], vfs.SHUT_WR))
		require.Equal(t, []string{"7:0x2005"}, e.wait(ep, 4))
		require.NoError(t, e.p.Close(sp[1]))
		require.Equal(t, []string{"7:0x2015"}, e.wait(ep, 4))
	})
	t.Run("fdinfo_has_a_tfd_line_per_interest", func(t *testing.T) {
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(0)
		r, _ := e.pipe()
		require.NoError(t, e.p.EpollCtl(ep, vfs.EPOLL_CTL_ADD, r, &vfs.EpollEvent{Events: vfs.EPOLLIN, Fd: 7, Pad: 9}))
		e.add(ep, fd, vfs.EPOLLOUT|vfs.EPOLLET, 0x2c)
		line := func(fd int, rest string) string {
			var st vfs.Stat_t
			require.NoError(t, e.p.Fstat(fd, &st))
			return "tfd: " + pad(strconv.Itoa(fd), 8) + rest + "  pos:0 ino:" + strconv.FormatUint(st.Ino, 16) +
				" sdev:" + strconv.FormatUint(kdev(st.Dev), 16) + "\n"
		}
		// In fd order, as Linux's tree of (file, fd) keeps one file's.
		want := line(fd, " events: 8000001c data:               2c") + line(r, " events:       19 data:        900000007")
		info := readFile(t, e.p, "/proc/self/fdinfo/"+strconv.Itoa(ep))
		require.Regexp(t, "^pos:\t0\nflags:\t02\nmnt_id:\t\\d+\nino:\t\\d+\n", info)
		require.Contains(t, info, "\n"+want)
	})
}

func pad(s string, w int) string {
	for len(s) < w {
		s = " " + s
	}
	return s
}

// kdev is dev in the kernel's MKDEV encoding, as fdinfo prints it.
func kdev(dev uint64) uint64 { return uint64(vfs.Major(dev))<<20 | uint64(vfs.Minor(dev)) }

// TestEpollBlocking: epoll_wait's sleep, its timeouts on the kernel's
// clock, and what ends it early.
func TestEpollBlocking(t *testing.T) {
	clock := vfs.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	_, p := boot(t, govfs.WithClock(clock))
	e := &epollFixture{t, p}
	type result struct {
		n   int
		err error
		evs []vfs.EpollEvent
	}
	start := func(p *vfs.Process, ep, msec int, sigmask *vfs.Sigset_t) (*result, chan struct{}) {
		r := &result{evs: make([]vfs.EpollEvent, 4)}
		done := make(chan struct{})
		go func() {
			defer close(done)
			r.n, r.err = p.EpollPwait(ep, r.evs, msec, sigmask)
			r.evs = r.evs[:max(r.n, 0)]
		}()
		return r, done
	}

	t.Run("a_write_from_another_goroutine_wakes_the_wait", func(t *testing.T) {
		ep, fd := e.create(), e.eventfd(0)
		e.add(ep, fd, vfs.EPOLLIN, 5)
		r, done := start(p, ep, -1, nil)
		blocked(t, done, "epoll_wait with nothing ready")
		require.NoError(t, put(p, fd, 1))
		finishes(t, done, "epoll_wait after a write")
		require.NoError(t, r.err)
		require.Equal(t, []string{"5:0x1"}, evString(r.evs))
	})
	t.Run("adding_a_ready_file_wakes_the_wait", func(t *testing.T) {
		ep, fd := e.create(), e.eventfd(1)
		r, done := start(p, ep, -1, nil)
		blocked(t, done, "epoll_wait with no interests")
		e.add(ep, fd, vfs.EPOLLIN|vfs.EPOLLOUT, 3)
		finishes(t, done, "epoll_wait after an ADD")
		require.Equal(t, []string{"3:0x5"}, evString(r.evs))
	})
	t.Run("the_timeout_runs_on_the_kernels_clock", func(t *testing.T) {
		ep, fd := e.create(), e.eventfd(0)
		e.add(ep, fd, vfs.EPOLLIN, 5)
		before := clock.Timers()
		r, done := start(p, ep, 5000, nil)
		clock.WaitForTimers(before + 1)
		clock.Advance(4999 * time.Millisecond)
		blocked(t, done, "epoll_wait 1ms before its timeout")
		clock.Advance(time.Millisecond)
		finishes(t, done, "epoll_wait at its timeout")
		require.NoError(t, r.err)
		require.Zero(t, r.n)
	})
	t.Run("a_signal_is_EINTR", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		defer reap(p, child)
		ep, err := child.EpollCreate1(0)
		require.NoError(t, err)
		r, done := start(child, ep, -1, nil)
		blocked(t, done, "epoll_wait")
		require.NoError(t, child.Kill(vfs.SIGUSR1))
		finishes(t, done, "epoll_wait after a signal")
		require.ErrorIs(t, r.err, vfs.EINTR)
	})
	t.Run("a_signal_in_the_pwait_mask_does_not_interrupt", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		defer reap(p, child)
		ep, err := child.EpollCreate1(0)
		require.NoError(t, err)
		fd, err := child.Eventfd(0, 0)
		require.NoError(t, err)
		require.NoError(t, child.EpollCtl(ep, vfs.EPOLL_CTL_ADD, fd, &vfs.EpollEvent{Events: vfs.EPOLLIN, Fd: 1}))
		var mask vfs.Sigset_t
		mask.Val[0] = 1 << (vfs.SIGUSR1 - 1)
		r, done := start(child, ep, -1, &mask)
		blocked(t, done, "epoll_pwait")
		require.NoError(t, child.Kill(vfs.SIGUSR1))
		blocked(t, done, "epoll_pwait after a blocked signal")
		require.NoError(t, child.Kill(vfs.SIGUSR2))
		finishes(t, done, "epoll_pwait after an unblocked signal")
		require.ErrorIs(t, r.err, vfs.EINTR)
		require.Equal(t, []int{vfs.SIGUSR1, vfs.SIGUSR2}, child.Signals())
	})
	t.Run("exit_is_ESRCH", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		ep, err := child.EpollCreate1(0)
		require.NoError(t, err)
		r, done := start(child, ep, -1, nil)
		blocked(t, done, "epoll_wait")
		child.Exit(0)
		finishes(t, done, "epoll_wait after exit")
		require.ErrorIs(t, r.err, vfs.ESRCH)
		_, _ = p.Wait(child.Pid())
	})
	t.Run("a_nested_epoll_is_readable_while_its_inner_one_has_events", func(t *testing.T) {
		inner, outer, fd := e.create(), e.create(), e.eventfd(0)
		e.add(inner, fd, vfs.EPOLLIN, 1)
		e.add(outer, inner, vfs.EPOLLIN|vfs.EPOLLOUT, 8)
		require.Empty(t, e.wait(outer, 4))
		r, done := start(p, outer, -1, nil)
		blocked(t, done, "outer epoll_wait")
		require.NoError(t, put(p, fd, 1))
		finishes(t, done, "outer epoll_wait after the inner file's write")
		require.Equal(t, []string{"8:0x1"}, evString(r.evs))
		require.Equal(t, []string{"8:0x1"}, e.wait(outer, 4), "level-triggered all the way")
		require.Equal(t, []string{"1:0x1"}, e.wait(inner, 4))
		fds := []vfs.PollFd{{Fd: int32(inner), Events: vfs.POLLIN | vfs.POLLOUT}}
		n, err := p.Poll(fds, 0)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Equal(t, int16(vfs.POLLIN), fds[0].Revents)
		_, _ = take(p, fd)
		n, _ = p.Poll(fds, 0)
		require.Zero(t, n, "the inner epoll's ready file was drained")
		require.Empty(t, e.wait(outer, 4))
	})
}

func reap(p, child *vfs.Process) {
	child.Exit(0)
	_, _ = p.Wait(child.Pid())
}
