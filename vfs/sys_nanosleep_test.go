package vfs_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// sleepAsync runs p.Nanosleep(d) on its own goroutine and waits until
// its timer is armed on c, so the sleep has begun.
func sleepAsync(t *testing.T, c *vfs.FakeClock, p *vfs.Process, d time.Duration) <-chan error {
	t.Helper()
	before := c.Timers()
	errc := make(chan error, 1)
	go func() { errc <- p.Nanosleep(d) }()
	require.Eventually(t, func() bool { return c.Timers() > before }, 5*time.Second, time.Millisecond)
	return errc
}

func TestNanosleep(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, c *vfs.FakeClock, p *vfs.Process)
	}{
		{"returns_when_the_kernel_clock_has_moved_d", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			errc := sleepAsync(t, c, p, 1500*time.Millisecond)
			c.Advance(time.Second)
			select {
			case <-errc:
				t.Fatal("woke after 1 s of 1.5 s")
			case <-time.After(10 * time.Millisecond):
			}
			c.Advance(500 * time.Millisecond)
			require.NoError(t, <-errc)
		}},
		{"a_signal_interrupts_it_with_EINTR", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			errc := sleepAsync(t, c, p, time.Hour)
			require.NoError(t, p.Kill(vfs.SIGTERM))
			requireErrno(t, <-errc, vfs.EINTR)
			require.Zero(t, c.Timers(), "the interrupted sleep disarms its timer")
		}},
		{"a_signal_sent_before_the_sleep_is_reported_once", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			require.NoError(t, p.Kill(vfs.SIGTERM))
			requireErrno(t, p.Nanosleep(time.Hour), vfs.EINTR)
			errc := sleepAsync(t, c, p, time.Second)
			c.Advance(time.Second)
			require.NoError(t, <-errc, "the signal was taken by the first sleep")
		}},
		{"each_signal_interrupts_one_sleep", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			errc := sleepAsync(t, c, p, time.Hour)
			require.NoError(t, p.Kill(vfs.SIGUSR1))
			requireErrno(t, <-errc, vfs.EINTR)
			errc = sleepAsync(t, c, p, time.Second)
			c.Advance(time.Second)
			require.NoError(t, <-errc)
		}},
		{"an_ignored_signal_neither_interrupts_it_nor_stays_pending", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			// Found by the random differential test with sockets: a
			// send to a closed peer raised SIGPIPE, which govfs's
			// processes ignore, and the next nanosleep returned EINTR.
			fds := make([]int, 2)
			require.NoError(t, p.Pipe(fds))
			require.NoError(t, p.Close(fds[0]))
			_, err := p.Write(fds[1], []byte("x"))
			requireErrno(t, err, vfs.EPIPE)
			require.Equal(t, []int{vfs.SIGPIPE}, p.Signals(), "the SIGPIPE is recorded")
			require.NoError(t, p.Nanosleep(0))
			errc := sleepAsync(t, c, p, time.Second)
			require.NoError(t, p.Kill(vfs.SIGCHLD)) // default action: ignore
			require.NoError(t, p.Kill(vfs.SIGPIPE))
			c.Advance(time.Second)
			require.NoError(t, <-errc)
		}},
		{"exit_ends_it_with_ESRCH", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			child, err := p.Fork()
			require.NoError(t, err)
			errc := sleepAsync(t, c, child, time.Hour)
			child.Exit(0)
			requireErrno(t, <-errc, vfs.ESRCH)
		}},
		{"zero_returns_at_once_and_negative_is_EINVAL", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			require.NoError(t, p.Nanosleep(0))
			requireErrno(t, p.Nanosleep(-time.Nanosecond), vfs.EINVAL)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, p := newFakeSystem(t)
			tc.run(t, c, p)
		})
	}
}

func TestKillPid(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, p *vfs.Process)
	}{
		{"root_signals_anyone", func(t *testing.T, p *vfs.Process) {
			u := forkAs(t, p, 1000, 1000)
			require.NoError(t, p.KillPid(u.Pid(), vfs.SIGUSR1))
			require.Equal(t, []int{vfs.SIGUSR1}, u.Signals())
		}},
		{"unknown_pid_is_ESRCH_before_a_bad_signal", func(t *testing.T, p *vfs.Process) {
			requireErrno(t, p.KillPid(99999, 0), vfs.ESRCH)
			requireErrno(t, p.KillPid(99999, 65), vfs.ESRCH)
			requireErrno(t, p.KillPid(p.Pid(), 65), vfs.EINVAL)
		}},
		{"a_user_signals_its_own_uid_only", func(t *testing.T, p *vfs.Process) {
			a := forkAs(t, p, 1000, 1000)
			b := forkAs(t, p, 1000, 1000)
			other := forkAs(t, p, 1001, 1001)
			require.NoError(t, a.KillPid(b.Pid(), vfs.SIGTERM))
			requireErrno(t, a.KillPid(other.Pid(), vfs.SIGTERM), vfs.EPERM)
			requireErrno(t, a.KillPid(1, 0), vfs.EPERM, "signal 0 checks permission too")
			require.Equal(t, []int{vfs.SIGTERM}, b.Signals())
			require.Empty(t, other.Signals())
		}},
		{"a_zombie_takes_the_signal_a_reaped_pid_is_ESRCH", func(t *testing.T, p *vfs.Process) {
			c, err := p.Fork()
			require.NoError(t, err)
			c.Exit(0)
			require.NoError(t, p.KillPid(c.Pid(), vfs.SIGTERM))
			_, err = p.Wait(c.Pid())
			require.NoError(t, err)
			requireErrno(t, p.KillPid(c.Pid(), vfs.SIGTERM), vfs.ESRCH)
		}},
		{"minus_one_signals_all_but_init_and_the_caller", func(t *testing.T, p *vfs.Process) {
			a := forkAs(t, p, 1000, 1000)
			b := forkAs(t, p, 1000, 1000)
			other := forkAs(t, p, 1001, 1001)
			require.NoError(t, a.KillPid(-1, vfs.SIGHUP))
			require.Equal(t, []int{vfs.SIGHUP}, b.Signals())
			require.Empty(t, a.Signals())
			require.Empty(t, other.Signals())
			require.Empty(t, p.Signals())
			requireErrno(t, other.KillPid(0, vfs.SIGHUP), vfs.ESRCH, "no process groups")
		}},
		{"minus_one_is_0_when_every_other_process_is_EPERM", func(t *testing.T, p *vfs.Process) {
			// Linux's kill(-1) drops EPERM and counts the processes it
			// tried: 0 as long as there is one (but init and the caller).
			a := forkAs(t, p, 1000, 1000)
			_ = forkAs(t, p, 1001, 1001)
			require.NoError(t, a.KillPid(-1, 0))
			require.NoError(t, a.KillPid(-1, vfs.SIGHUP))
			requireErrno(t, a.KillPid(-1, 65), vfs.EINVAL)
		}},
		{"minus_one_with_no_other_process_is_ESRCH_even_for_a_bad_signal", func(t *testing.T, p *vfs.Process) {
			a := forkAs(t, p, 1000, 1000)
			requireErrno(t, a.KillPid(-1, 0), vfs.ESRCH)
			requireErrno(t, a.KillPid(-1, 65), vfs.ESRCH)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, p := newSystem(t)
			tc.run(t, p)
		})
	}
}
