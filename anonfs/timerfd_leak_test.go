package anonfs_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// A kernel on the real clock with armed timers — timerfds periodic and
// one-shot, in processes that exit and that do not, a blocked reader,
// an alarm — shuts down with no goroutine left and no timer firing
// after.
func TestTimersLeaveNothingAtShutdown(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	k, err := govfs.Boot()
	require.NoError(t, err)
	p := k.Init()
	child, err := p.Fork()
	require.NoError(t, err)
	for _, q := range []*vfs.Process{p, child} {
		for _, d := range []time.Duration{time.Millisecond, time.Hour} {
			fd, err := q.TimerfdCreate(vfs.CLOCK_MONOTONIC, 0)
			require.NoError(t, err)
			require.NoError(t, q.TimerfdSettime(fd, 0, spec(d, d), nil))
		}
	}
	// Not in child: its SIGALRM would interrupt the read below (EINTR).
	_, err = p.Setitimer(vfs.ITIMER_REAL, itv(time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	fd, err := child.TimerfdCreate(vfs.CLOCK_REALTIME, 0)
	require.NoError(t, err)
	require.NoError(t, child.TimerfdSettime(fd, 0, spec(time.Hour, 0), nil))
	done := make(chan error)
	go func() { _, err := readTicks(child, fd); done <- err }()
	time.Sleep(5 * time.Millisecond)
	k.Shutdown()
	require.ErrorIs(t, <-done, vfs.ESRCH)
	n := len(p.Signals())
	time.Sleep(5 * time.Millisecond)
	require.Equal(t, n, len(p.Signals()), "no SIGALRM after the exit")
}

func itv(value, interval time.Duration) vfs.Itimerval {
	tv := func(d time.Duration) vfs.Timeval {
		return vfs.Timeval{Sec: int64(d / time.Second), Usec: int64(d%time.Second) / 1000}
	}
	return vfs.Itimerval{Value: tv(value), Interval: tv(interval)}
}
