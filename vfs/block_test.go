package vfs_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// openPipe makes a pipe and returns its fds and its read end's File,
// whose reference the test drops when it ends.
func openPipe(t *testing.T, p *vfs.Process) (r, w int, rf *vfs.File) {
	t.Helper()
	fds := make([]int, 2)
	require.NoError(t, p.Pipe(fds))
	rf, err := p.Fget(fds[0])
	require.NoError(t, err)
	t.Cleanup(rf.DecRef)
	return fds[0], fds[1], rf
}

// goBlock runs f in a goroutine and returns a channel closed when it
// returns.
func goBlock(f func()) <-chan struct{} {
	done := make(chan struct{})
	go func() { f(); close(done) }()
	return done
}

func requireRunning(t *testing.T, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
		t.Fatal("the call returned early")
	case <-time.After(10 * time.Millisecond):
	}
}

func TestPollTimeoutOnTheKernelClock(t *testing.T) {
	t.Run("timeout_passes_when_the_clock_is_advanced", func(t *testing.T) {
		c, p := newFakeSystem(t)
		r, _, _ := openPipe(t, p)
		pfds := []vfs.PollFd{{Fd: int32(r), Events: vfs.POLLIN}}
		n, err := -1, error(nil)
		start := time.Now()
		done := goBlock(func() { n, err = p.Poll(pfds, 5000) })
		c.WaitForTimers(1)
		c.Advance(4999 * time.Millisecond)
		requireRunning(t, done)
		c.Advance(time.Millisecond)
		<-done
		require.NoError(t, err)
		require.Zero(t, n)
		require.Zero(t, pfds[0].Revents)
		require.Less(t, time.Since(start), 4*time.Second, "poll slept 5s on the wall clock")
	})
	t.Run("event_before_the_timeout_stops_the_timer", func(t *testing.T) {
		c, p := newFakeSystem(t)
		r, w, _ := openPipe(t, p)
		pfds := []vfs.PollFd{{Fd: int32(r), Events: vfs.POLLIN}}
		var n int
		done := goBlock(func() { n, _ = p.Poll(pfds, 5000) })
		c.WaitForTimers(1)
		_, err := p.Write(w, []byte("x"))
		require.NoError(t, err)
		<-done
		require.Equal(t, 1, n)
		require.Zero(t, c.Timers(), "the timeout's timer outlived the poll")
	})
	t.Run("no_fds_is_a_sleep_on_the_clock", func(t *testing.T) {
		c, p := newFakeSystem(t)
		n, err := -1, error(nil)
		done := goBlock(func() { n, err = p.Poll(nil, 100) })
		c.WaitForTimers(1)
		c.Advance(100 * time.Millisecond)
		<-done
		require.NoError(t, err)
		require.Zero(t, n)
	})
}

func TestBlockUntil(t *testing.T) {
	type env struct {
		c *vfs.FakeClock
		p *vfs.Process
		w int
	}
	tests := []struct {
		name     string
		deadline time.Duration // from now on the fake clock
		// act makes the blocked call return; WaitForTimers tells it
		// the call is blocked.
		act  func(t *testing.T, e env)
		want vfs.Errno
	}{
		{
			name:     "notify_with_ready_returns_nil",
			deadline: time.Hour,
			act: func(t *testing.T, e env) {
				e.c.WaitForTimers(1)
				_, err := e.p.Write(e.w, []byte("x"))
				require.NoError(t, err)
			},
		},
		{
			name:     "deadline_passing_is_EAGAIN",
			deadline: time.Second,
			act: func(t *testing.T, e env) {
				e.c.WaitForTimers(1)
				e.c.Advance(time.Second)
			},
			want: vfs.EAGAIN,
		},
		{
			name:     "kill_before_the_deadline_is_EINTR",
			deadline: time.Second,
			act: func(t *testing.T, e env) {
				e.c.WaitForTimers(1)
				require.NoError(t, e.p.Kill(vfs.SIGALRM))
			},
			want: vfs.EINTR,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, p := newFakeSystem(t)
			_, w, rf := openPipe(t, p)
			var deadline time.Time
			if tt.deadline != 0 {
				deadline = c.Now().Add(tt.deadline)
			}
			errc := make(chan error, 1)
			go func() {
				errc <- p.BlockUntil(rf.EventQueue(), vfs.POLLIN, func() bool {
					return rf.Readiness(vfs.POLLIN)&vfs.POLLIN != 0
				}, deadline)
			}()
			tt.act(t, env{c: c, p: p, w: w})
			requireResult(t, <-errc, tt.want)
			require.Zero(t, c.Timers(), "the deadline's timer outlived the call")
		})
	}
}

func TestBlockUntilWithoutWaiting(t *testing.T) {
	tests := []struct {
		name     string
		ready    bool
		deadline time.Duration
		exited   bool
		want     vfs.Errno
	}{
		{name: "ready_at_once_is_nil", ready: true, deadline: -time.Second},
		{name: "past_deadline_is_EAGAIN", deadline: -time.Second, want: vfs.EAGAIN},
		{name: "deadline_now_is_EAGAIN", deadline: 0, want: vfs.EAGAIN},
		{name: "exited_process_is_ESRCH", exited: true, want: vfs.ESRCH},
		{name: "exited_process_that_is_ready_is_nil", exited: true, ready: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, p := newFakeSystem(t)
			child, err := p.Fork()
			require.NoError(t, err)
			var deadline time.Time
			if !tt.exited {
				deadline = c.Now().Add(tt.deadline)
			} else {
				child.Exit(0)
			}
			calls := 0
			err = child.BlockUntil(nil, vfs.POLLIN, func() bool { calls++; return tt.ready }, deadline)
			requireResult(t, err, tt.want)
			require.Zero(t, c.Timers())
			if tt.ready {
				require.Equal(t, 1, calls, "ready at once: no second look")
			}
		})
	}
}

func TestBlockUntilNilQueueWaitsForTheDeadline(t *testing.T) {
	c, p := newFakeSystem(t)
	errc := make(chan error, 1)
	go func() {
		errc <- p.BlockUntil(nil, 0, func() bool { return false }, c.Now().Add(time.Minute))
	}()
	c.WaitForTimers(1)
	c.Advance(time.Minute)
	requireErrno(t, <-errc, vfs.EAGAIN)
}
