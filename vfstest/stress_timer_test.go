package vfstest_test

import (
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// Timers in TestStress: timerfds armed with real short periods, past
// and far-future times and hostile values, read, polled, dup'd and
// closed while the other thread re-arms them, ITIMER_REAL firing every
// millisecond into the workers, alarms in children that exit. The
// invariants: every answer is an errno, a read returns 8 bytes and a
// count of at least 1, a time left is a normalised timespec; and
// (TestStressTimers, on a clock that counts the armed timers) once the
// processes are gone no timer is left armed, no SIGALRM arrives after
// an exit and no goroutine is left.

func init() {
	stressCalls = append(stressCalls, timerStressCalls...)
}

var timerStressCalls = []stressCall{
	{"timerfd_create", func(w *stressWorker) error {
		clock := []int{vfs.CLOCK_MONOTONIC, vfs.CLOCK_REALTIME, vfs.CLOCK_BOOTTIME, vfs.CLOCK_BOOTTIME_ALARM, 2, -1}[w.rng.IntN(6)]
		flags := []int{vfs.TFD_NONBLOCK, vfs.TFD_NONBLOCK | vfs.TFD_CLOEXEC, vfs.TFD_NONBLOCK | 4}[w.rng.IntN(3)]
		fd, err := w.p.TimerfdCreate(clock, flags)
		if err == nil {
			w.keep(fd)
		}
		return err
	}},
	{"timerfd_settime", func(w *stressWorker) error {
		spec := stressTimerSpecs[w.rng.IntN(len(stressTimerSpecs))]
		var sp *vfs.ItimerSpec
		if spec.spec != nil {
			c := *spec.spec
			sp = &c
		}
		flags := []int{0, 0, vfs.TFD_TIMER_CANCEL_ON_SET, 8}[w.rng.IntN(4)]
		if spec.abs {
			flags |= vfs.TFD_TIMER_ABSTIME
		}
		var old vfs.ItimerSpec
		err := w.p.TimerfdSettime(w.fd(), flags, sp, &old)
		if err == nil {
			return checkItimerSpec("old value", old)
		}
		return err
	}},
	{"timerfd_gettime", func(w *stressWorker) error {
		var cur vfs.ItimerSpec
		err := w.p.TimerfdGettime(w.fd(), &cur)
		if err == nil {
			return checkItimerSpec("gettime", cur)
		}
		return err
	}},
	{"timerfd_read", func(w *stressWorker) error {
		fd := w.fd()
		b := make([]byte, []int{8, 8, 16, 7}[w.rng.IntN(4)])
		before := timerfdFile(w.p, fd)
		n, err := w.p.Read(fd, b)
		if before != nil && before == timerfdFile(w.p, fd) && err == nil && (n != 8 || binary.LittleEndian.Uint64(b) == 0) {
			return fmt.Errorf("a read of a timerfd returned %d bytes, count %d", n, binary.LittleEndian.Uint64(b))
		}
		return err
	}},
	{"timerfd_poll", func(w *stressWorker) error {
		pfd := []vfs.PollFd{{Fd: int32(w.fd()), Events: vfs.POLLIN}}
		_, err := w.p.Poll(pfd, w.rng.IntN(2))
		return err
	}},
	{"itimer", func(w *stressWorker) error {
		switch w.rng.IntN(4) {
		case 0:
			it := []vfs.Itimerval{{}, {Value: vfs.Timeval{Usec: 1000}, Interval: vfs.Timeval{Usec: 1000}},
				{Value: vfs.Timeval{Sec: 1 << 40}}, {Value: vfs.Timeval{Usec: 1e6}}}[w.rng.IntN(4)]
			_, err := w.p.Setitimer(vfs.ItimerWhich(w.rng.IntN(4)), it)
			return err
		case 1:
			_, err := w.p.Getitimer(vfs.ItimerWhich(w.rng.IntN(4)))
			return err
		default:
			_, err := w.p.Alarm([]uint{0, 1, 100, 1<<32 + 1}[w.rng.IntN(4)])
			return err
		}
	}},
}

var stressTimerSpecs = []struct {
	abs  bool
	spec *vfs.ItimerSpec
}{
	{false, &vfs.ItimerSpec{Value: vfs.Timespec{Nsec: 1000}}},                                   // 1 µs one-shot
	{false, &vfs.ItimerSpec{Value: vfs.Timespec{Nsec: 1e6}, Interval: vfs.Timespec{Nsec: 1e6}}}, // 1 ms periodic
	{false, &vfs.ItimerSpec{Value: vfs.Timespec{Nsec: 1}, Interval: vfs.Timespec{Nsec: 1}}},     // 1 ns periodic
	{true, &vfs.ItimerSpec{Value: vfs.Timespec{Nsec: 1}, Interval: vfs.Timespec{Sec: 1}}},       // past, periodic
	{false, &vfs.ItimerSpec{}},                                     // disarm
	{true, &vfs.ItimerSpec{Value: vfs.Timespec{Sec: 16725225600}}}, // 2500
	{false, &vfs.ItimerSpec{Value: vfs.Timespec{Sec: 1 << 62}, Interval: vfs.Timespec{Sec: 1 << 62}}},
	{false, &vfs.ItimerSpec{Value: vfs.Timespec{Sec: -1}}},
	{false, &vfs.ItimerSpec{Value: vfs.Timespec{Nsec: 1e9}}},
	{false, nil},
}

// timerfdFile is the File behind fd if it is a timerfd (the other
// thread may close or replace fd at any time), else nil.
func timerfdFile(p *vfs.Process, fd int) *vfs.File {
	f, err := p.Fget(fd)
	if err != nil {
		return nil
	}
	defer f.DecRef()
	if f.Name() != "anon_inode:[timerfd]" {
		return nil
	}
	return f
}

func checkItimerSpec(what string, it vfs.ItimerSpec) error {
	for _, ts := range []vfs.Timespec{it.Value, it.Interval} {
		if ts.Sec < 0 || ts.Nsec < 0 || ts.Nsec >= 1e9 {
			return fmt.Errorf("%s %+v is not a normalised time", what, it)
		}
	}
	return nil
}

// countingClock is the real clock, counting the timers armed on it and
// not yet fired or stopped.
type countingClock struct{ live atomic.Int64 }

func (c *countingClock) Now() time.Time { return time.Now() }

func (c *countingClock) AfterFunc(d time.Duration, f func()) vfs.Timer {
	c.live.Add(1)
	t := &countedTimer{c: c}
	t.t = time.AfterFunc(d, func() {
		if t.done.CompareAndSwap(false, true) {
			c.live.Add(-1)
		}
		f()
	})
	return t
}

type countedTimer struct {
	c    *countingClock
	t    *time.Timer
	done atomic.Bool
}

func (t *countedTimer) Stop() bool {
	if t.t.Stop() && t.done.CompareAndSwap(false, true) {
		t.c.live.Add(-1)
		return true
	}
	return false
}

// TestStressTimers races the timer calls against each other, against
// close and dup in the other thread, against forks whose children exit
// with timers armed and a reader blocked, and against Shutdown, on a
// clock that counts armed timers: none may be left.
func TestStressTimers(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	clock := &countingClock{}
	k, err := govfs.Boot(govfs.WithClock(clock))
	require.NoError(t, err)
	initp := k.Init()
	require.NoError(t, initp.Mkdir(smallDir, 0o777)) // the workers check its limits
	require.NoError(t, initp.Mount("tmpfs", smallDir, "tmpfs", 0, smallLimits))
	var small vfs.Statfs_t
	require.NoError(t, initp.Statfs(smallDir, &small))
	ops := append([]stressCall{
		{"close", func(w *stressWorker) error { return w.p.Close(w.fd()) }},
		{"dup", func(w *stressWorker) error {
			fd, err := w.p.Dup(w.fd())
			if err == nil {
				w.keep(fd)
			}
			return err
		}},
		{"fork", timerFork},
	}, timerStressCalls...)
	st := &stressRun{small: small, budget: int64(*stressOps / 4), ops: ops}
	var wg sync.WaitGroup
	var procs []*vfs.Process
	for i := range *stressProcs {
		p, err := initp.Fork()
		require.NoError(t, err)
		procs = append(procs, p)
		for j := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st.worker(p, *stressSeed*1000+uint64(i*2+j))
			}()
		}
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	st.watch(t, done)
	for _, f := range st.failures() {
		t.Error(f)
	}
	// Half the processes exit before Shutdown, with whatever they armed.
	for _, p := range procs[:len(procs)/2] {
		p.Exit(0)
	}
	k.Shutdown()
	signals := make([]int, len(procs))
	for i, p := range procs {
		signals[i] = len(p.Signals())
	}
	deadline := time.Now().Add(2 * time.Second)
	for clock.live.Load() != 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	require.Zero(t, clock.live.Load(), "timers left armed after Shutdown (seed %d)", *stressSeed)
	time.Sleep(10 * time.Millisecond)
	for i, p := range procs {
		require.Equal(t, signals[i], len(p.Signals()), "a signal after process %d exited", p.Pid())
	}
	t.Logf("%d timer calls by %d processes × 2 goroutines", st.calls.Load(), *stressProcs)
}

// timerFork makes a child that arms timers and an alarm, leaves a
// reader blocked on an unexpiring timerfd, and exits at once: the exit
// must end the read (ESRCH) and disarm everything.
func timerFork(w *stressWorker) error {
	c, err := w.p.Fork()
	if err != nil {
		return err
	}
	var errs []error
	fd, err := c.TimerfdCreate(vfs.CLOCK_MONOTONIC, 0)
	if err == nil {
		c.TimerfdSettime(fd, 0, &vfs.ItimerSpec{Value: vfs.Timespec{Nsec: 1e6}, Interval: vfs.Timespec{Nsec: 1e6}}, nil)
		blocked, _ := c.TimerfdCreate(vfs.CLOCK_REALTIME, 0)
		c.Setitimer(vfs.ITIMER_REAL, vfs.Itimerval{Value: vfs.Timeval{Usec: 500}, Interval: vfs.Timeval{Usec: 500}})
		read := make(chan error, 1)
		go func() { _, err := c.Read(blocked, make([]byte, 8)); read <- err }()
		if w.rng.IntN(2) == 0 {
			time.Sleep(time.Duration(w.rng.IntN(2000)) * time.Microsecond)
		}
		c.Exit(0)
		select {
		case err := <-read:
			if err != vfs.ESRCH && err != vfs.EINTR && err != vfs.EBADF {
				errs = append(errs, fmt.Errorf("a read blocked at exit returned %v", err))
			}
		case <-time.After(5 * time.Second):
			errs = append(errs, fmt.Errorf("a read blocked on a timerfd outlived its process's exit"))
		}
	} else {
		c.Exit(0)
	}
	if _, err := w.p.Wait(c.Pid()); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}
