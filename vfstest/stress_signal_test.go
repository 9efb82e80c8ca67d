package vfstest_test

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/govfs/govfs/vfs"
)

// Signals in TestStress: kill(2) of live, exiting and reaped processes
// (the workers, their children and orphans), of pids and groups that
// cannot exist, and of every process at once (-1), with signal 0, real
// ones and hostile numbers, sometimes from a child that dropped to
// nobody; and nanosleep(2) of nothing, of a negative time and of a few
// microseconds, which the signals interrupt. A signal makes the other
// workers' blocking calls return EINTR (or a partial count): an errno,
// as step requires. The invariants: kill answers in Linux's order
// (ESRCH for no such pid, then EINVAL for a bad signal, then EPERM),
// root is never refused, nobody is refused every root process; a
// nanosleep that returns 0 slept at least its time on the kernel's
// clock, and one that fails is EINVAL for a negative time, else EINTR.
//
// Init (pid 1) gets signal 0 and bad numbers only: the test's own
// goroutine waits in init's wait4 at the end, and a signal would end
// that wait with EINTR, as it ends a wait4 whose handler was installed
// without SA_RESTART.

func init() {
	stressCalls = append(stressCalls, signalStressCalls...)
}

var signalStressCalls = []stressCall{
	{"kill", func(w *stressWorker) error {
		pid, sig := w.killTarget(), []int{0, 0, vfs.SIGUSR1, vfs.SIGTERM, vfs.SIGHUP, -1, 65, 64}[w.rng.IntN(8)]
		if pid == 1 && sig > 0 && sig <= 64 {
			sig = 0
		}
		if w.rng.IntN(16) == 0 {
			return w.killAsNobody(pid, sig)
		}
		err := w.p.KillPid(pid, sig)
		if !killAnswerOK(pid, sig, err, w.p.Pid(), false) {
			return fmt.Errorf("root's kill(%d, %d) = %v", pid, sig, err)
		}
		return err
	}},
	{"nanosleep", func(w *stressWorker) error {
		d := []time.Duration{-time.Nanosecond, 0, time.Microsecond, 20 * time.Microsecond}[w.rng.IntN(4)]
		clock := w.p.Kernel().Clock()
		start := clock.Now()
		err := w.p.Nanosleep(d)
		switch {
		case err == nil && clock.Now().Sub(start) < d:
			return fmt.Errorf("nanosleep(%v) returned 0 after %v", d, clock.Now().Sub(start))
		case d < 0 && !errors.Is(err, vfs.EINVAL), d >= 0 && err != nil && !errors.Is(err, vfs.EINTR):
			return fmt.Errorf("nanosleep(%v) = %v", d, err)
		}
		return err
	}},
}

// killTarget is a pid among the kernel's processes (live, zombie or
// reaped by now), the worker's own, -1, or one that names nothing.
func (w *stressWorker) killTarget() int {
	pids := w.p.Kernel().Processes()
	switch r := w.rng.IntN(10); {
	case r < 5 && len(pids) > 0:
		return pids[w.rng.IntN(len(pids))]
	case r < 7:
		return w.p.Pid()
	case r < 8:
		return -1
	}
	return []int{0, -5, 99999, 1<<22 + 1, math.MinInt32, math.MaxInt32}[w.rng.IntN(6)]
}

// killAsNobody makes kill(pid, sig) from a child of the worker that
// dropped to uid 65534: every other process is root's but the other
// workers' children of this kind.
func (w *stressWorker) killAsNobody(pid, sig int) error {
	c, err := w.p.Fork()
	if err != nil {
		return err
	}
	defer func() {
		c.Exit(0)
		_, _ = w.p.Wait(c.Pid()) // EINTR leaves it to init
	}()
	if err := c.Setuid(65534); err != nil {
		return fmt.Errorf("setuid(65534) in a root child: %v", err)
	}
	err = c.KillPid(pid, sig)
	ok := killAnswerOK(pid, sig, err, c.Pid(), true)
	if t, found := w.p.Kernel().Process(pid); found && err == nil && pid > 0 && pid != c.Pid() {
		ok = t.Cred().Uid == 65534 // another worker's nobody child
	}
	if !ok {
		return fmt.Errorf("nobody's kill(%d, %d) = %v", pid, sig, err)
	}
	return err
}

// killAnswerOK says whether err may be kill(pid, sig)'s answer to the
// process self, root or nobody (whose only own process is self).
func killAnswerOK(pid, sig int, err error, self int, nobody bool) bool {
	badSig := sig < 0 || sig > 64
	is := func(e vfs.Errno) bool { return errors.Is(err, e) }
	switch {
	case pid == 0 || pid < -1 || pid > 1<<22:
		return is(vfs.ESRCH) // no process groups; no such pid
	case pid == self:
		return badSig && is(vfs.EINVAL) || !badSig && err == nil
	case pid == -1:
		// The other workers live until the budget is spent, but the
		// last one may be alone: ESRCH.
		return badSig && is(vfs.EINVAL) || !badSig && err == nil || is(vfs.ESRCH)
	case badSig:
		return is(vfs.EINVAL) || is(vfs.ESRCH) // gone since Processes()
	case nobody: // or 0 for another nobody (killAsNobody checks)
		return is(vfs.EPERM) || is(vfs.ESRCH) || err == nil
	}
	return err == nil || is(vfs.ESRCH)
}
