package vfs_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func itv(value, interval time.Duration) vfs.Itimerval {
	tv := func(d time.Duration) vfs.Timeval {
		return vfs.Timeval{Sec: int64(d / time.Second), Usec: int64(d%time.Second) / 1000}
	}
	return vfs.Itimerval{Value: tv(value), Interval: tv(interval)}
}

func countSig(p *vfs.Process, sig int) int {
	n := 0
	for _, s := range p.Signals() {
		if s == sig {
			n++
		}
	}
	return n
}

func TestItimer(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, c *vfs.FakeClock, p *vfs.Process)
	}{
		{"alarm_raises_SIGALRM_once_after_its_seconds", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			left, err := p.Alarm(2)
			require.NoError(t, err)
			require.Zero(t, left)
			c.Advance(1999 * time.Millisecond)
			require.Zero(t, countSig(p, vfs.SIGALRM))
			c.Advance(time.Millisecond)
			require.Equal(t, 1, countSig(p, vfs.SIGALRM))
			c.Advance(time.Hour)
			require.Equal(t, 1, countSig(p, vfs.SIGALRM))
		}},
		{"alarm_returns_the_seconds_left_rounded", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			p.Alarm(10)
			c.Advance(3400 * time.Millisecond) // 6.6 left
			left, _ := p.Alarm(10)
			require.Equal(t, uint(7), left)
			c.Advance(9999 * time.Millisecond) // 1 ms left
			left, _ = p.Alarm(0)
			require.Equal(t, uint(1), left, "a pending alarm never reports 0")
			left, _ = p.Alarm(0)
			require.Zero(t, left)
			c.Advance(time.Hour)
			require.Zero(t, countSig(p, vfs.SIGALRM))
		}},
		{"alarm_takes_the_low_32_bits_of_its_argument", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			p.Alarm(1<<32 + 5)
			it, err := p.Getitimer(vfs.ITIMER_REAL)
			require.NoError(t, err)
			require.Equal(t, itv(5*time.Second, 0), it)
		}},
		{"periodic_itimer_raises_one_SIGALRM_per_period", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			_, err := p.Setitimer(vfs.ITIMER_REAL, itv(time.Second, 250*time.Millisecond))
			require.NoError(t, err)
			c.Advance(2 * time.Second) // 1, 1.25, 1.5, 1.75, 2
			require.Equal(t, 5, countSig(p, vfs.SIGALRM))
			it, _ := p.Getitimer(vfs.ITIMER_REAL)
			require.Equal(t, itv(250*time.Millisecond, 250*time.Millisecond), it)
			require.Equal(t, 1, c.Timers())
		}},
		{"setitimer_returns_the_old_setting_and_zero_disarms", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			p.Setitimer(vfs.ITIMER_REAL, itv(5*time.Second, time.Second))
			c.Advance(1500 * time.Millisecond)
			old, err := p.Setitimer(vfs.ITIMER_REAL, itv(0, time.Second))
			require.NoError(t, err)
			require.Equal(t, itv(3500*time.Millisecond, time.Second), old)
			it, _ := p.Getitimer(vfs.ITIMER_REAL)
			require.Equal(t, vfs.Itimerval{}, it, "a zero value clears the interval too")
			c.Advance(time.Hour)
			require.Zero(t, countSig(p, vfs.SIGALRM))
			require.Zero(t, c.Timers())
		}},
		{"bad_arguments_are_EINVAL", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			for _, it := range []vfs.Itimerval{
				{Value: vfs.Timeval{Usec: 1e6}}, {Value: vfs.Timeval{Sec: -1}},
				{Value: vfs.Timeval{Usec: -1}}, {Interval: vfs.Timeval{Usec: 1e6}},
			} {
				_, err := p.Setitimer(vfs.ITIMER_REAL, it)
				require.ErrorIs(t, err, vfs.EINVAL)
			}
			for _, which := range []vfs.ItimerWhich{-1, 3, 100} {
				_, err := p.Setitimer(which, vfs.Itimerval{})
				require.ErrorIs(t, err, vfs.EINVAL)
				_, err = p.Getitimer(which)
				require.ErrorIs(t, err, vfs.EINVAL)
			}
		}},
		{"ITIMER_VIRTUAL_and_PROF_are_kept_and_never_expire", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			for _, which := range []vfs.ItimerWhich{vfs.ITIMER_VIRTUAL, vfs.ITIMER_PROF} {
				_, err := p.Setitimer(which, itv(time.Second, time.Second))
				require.NoError(t, err)
				c.Advance(time.Hour)
				old, err := p.Setitimer(which, vfs.Itimerval{})
				require.NoError(t, err)
				require.Equal(t, itv(time.Second, time.Second), old)
			}
			require.Empty(t, p.Signals())
		}},
		{"a_year_2500_itimer_does_not_overflow", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			_, err := p.Setitimer(vfs.ITIMER_REAL, vfs.Itimerval{Value: vfs.Timeval{Sec: 1 << 40}, Interval: vfs.Timeval{Sec: 1 << 40}})
			require.NoError(t, err)
			it, _ := p.Getitimer(vfs.ITIMER_REAL)
			require.Equal(t, int64(9223372036), it.Interval.Sec)
			c.Advance(100 * 365 * 24 * time.Hour)
			require.Zero(t, countSig(p, vfs.SIGALRM))
		}},
		{"SIGALRM_interrupts_a_blocked_read_with_EINTR", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			fds := make([]int, 2)
			require.NoError(t, p.Pipe(fds))
			p.Alarm(1)
			errc := make(chan error)
			go func() { _, err := p.Read(fds[0], make([]byte, 1)); errc <- err }()
			for {
				select {
				case err := <-errc:
					require.ErrorIs(t, err, vfs.EINTR)
					require.Equal(t, []int{vfs.SIGALRM}, p.Signals()[:1])
					return
				case <-time.After(time.Millisecond):
					// the reader may not sleep yet: a later alarm catches it
					c.Advance(time.Second)
					p.Alarm(1)
				}
			}
		}},
		{"fork_does_not_inherit_the_timers", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			p.Setitimer(vfs.ITIMER_REAL, itv(time.Second, time.Second))
			p.Setitimer(vfs.ITIMER_PROF, itv(time.Second, 0))
			child, err := p.Fork()
			require.NoError(t, err)
			defer child.Exit(0)
			for _, which := range []vfs.ItimerWhich{vfs.ITIMER_REAL, vfs.ITIMER_PROF} {
				it, err := child.Getitimer(which)
				require.NoError(t, err)
				require.Equal(t, vfs.Itimerval{}, it)
			}
			left, _ := child.Alarm(0)
			require.Zero(t, left)
			c.Advance(3 * time.Second)
			require.Equal(t, 3, countSig(p, vfs.SIGALRM))
			require.Zero(t, countSig(child, vfs.SIGALRM))
		}},
		{"exit_disarms_and_setitimer_after_is_ESRCH", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process) {
			child, err := p.Fork()
			require.NoError(t, err)
			child.Setitimer(vfs.ITIMER_REAL, itv(time.Second, time.Second))
			require.Equal(t, 1, c.Timers())
			child.Exit(0)
			require.Zero(t, c.Timers())
			_, err = child.Alarm(1)
			require.ErrorIs(t, err, vfs.ESRCH)
			require.Zero(t, c.Timers())
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, p := newFakeSystem(t)
			tc.run(t, c, p)
		})
	}
}

func TestClockGettime(t *testing.T) {
	c, p := newFakeSystem(t)
	var ts vfs.Timespec
	require.NoError(t, p.ClockGettime(vfs.CLOCK_REALTIME, &ts))
	require.Equal(t, epoch.UnixNano(), ts.Nano())
	require.NoError(t, p.ClockGettime(vfs.CLOCK_MONOTONIC, &ts))
	require.Zero(t, ts.Nano(), "CLOCK_MONOTONIC counts from boot")
	c.Advance(1500 * time.Millisecond)
	for _, id := range []int32{vfs.CLOCK_MONOTONIC, vfs.CLOCK_BOOTTIME, vfs.CLOCK_MONOTONIC_RAW, vfs.CLOCK_MONOTONIC_COARSE} {
		require.NoError(t, p.ClockGettime(id, &ts))
		require.Equal(t, vfs.Timespec{Sec: 1, Nsec: 5e8}, ts)
	}
	require.NoError(t, p.ClockGettime(vfs.CLOCK_PROCESS_CPUTIME_ID, &ts))
	require.Zero(t, ts.Nano())
	require.ErrorIs(t, p.ClockGettime(11, &ts), vfs.EINVAL)
	require.ErrorIs(t, p.ClockGettime(-1, &ts), vfs.EINVAL)
	require.ErrorIs(t, p.ClockGettime(vfs.CLOCK_MONOTONIC, nil), vfs.EFAULT)
}

func TestItimerAcrossExec(t *testing.T) {
	c, p := newFakeSystem(t)
	k := p.Kernel()
	var left uint
	var itv vfs.Itimerval
	require.NoError(t, k.RegisterProgram("look", func(q *vfs.Process, _, _ []string) int {
		itv, _ = q.Getitimer(vfs.ITIMER_REAL)
		left, _ = q.Alarm(0)
		return 0
	}))
	require.NoError(t, k.Install("/bin/look", "look"))
	child, err := p.Fork()
	require.NoError(t, err)
	_, err = child.Setitimer(vfs.ITIMER_REAL, vfs.Itimerval{Value: vfs.Timeval{Sec: 30}, Interval: vfs.Timeval{Sec: 2}})
	require.NoError(t, err)
	require.NoError(t, child.Exec("/bin/look", nil, nil))
	require.Equal(t, vfs.Itimerval{Value: vfs.Timeval{Sec: 30}, Interval: vfs.Timeval{Sec: 2}}, itv, "exec keeps the interval timer")
	require.Equal(t, uint(30), left)
	_, err = p.Wait(child.Pid())
	require.NoError(t, err)
	require.Zero(t, c.Timers())
}
