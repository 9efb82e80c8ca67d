package vfs

import "sync"

// The interval timers of setitimer(2) and alarm(2), what timerfd
// replaced (kernel/time/itimer.c). A process has one of each kind;
// ITIMER_REAL runs on the kernel's clock and raises SIGALRM when it
// expires, which interrupts the call the process is blocked in (EINTR)
// and is recorded in Signals. It cannot be read, polled or passed: the
// only way to learn it fired is the signal. A timerfd is all of those.
//
// Lifetime, as on Linux: a child made by Fork starts with no timers
// (they are not inherited), Exec keeps them, Exit disarms them.
//
// Linux arms a periodic ITIMER_REAL again when the signal is dequeued;
// a govfs signal counts as handled the moment it is sent, so the timer
// is forwarded and armed again right at its expiry, by whole periods
// from the clock, one SIGALRM per expiry that ran. ITIMER_VIRTUAL and
// ITIMER_PROF count the CPU time a process spends, and a govfs process
// spends none: they are kept and read back as set and never expire.

// itimers is a process's interval timers (signal_struct's).
type itimers struct {
	mu   sync.Mutex
	real *Hrtimer // made by the first setitimer of ITIMER_REAL
	incr int64    // it_real_incr: ITIMER_REAL's interval in ns
	cpu  [2]Itimerval
	dead bool // the process exited: nothing may be armed again
}

// Setitimer sets the interval timer which (setitimer(2)): it expires
// after it.Value and then every it.Interval; a zero Value disarms it.
// It returns the previous setting. EINVAL for another which or a
// timeval that is negative or has a microsecond count of a second or
// more.
func (p *Process) Setitimer(which ItimerWhich, it Itimerval) (Itimerval, error) {
	old, err := p.setitimer(which, it)
	if p.k.tracing() {
		p.k.traceSys(p, "setitimer", 0, err, int(which), it)
	}
	return old, err
}

func (p *Process) setitimer(which ItimerWhich, it Itimerval) (Itimerval, error) {
	if !timevalValid(it.Value) || !timevalValid(it.Interval) {
		return Itimerval{}, EINVAL
	}
	switch which {
	case ITIMER_REAL:
		v, i, err := p.setitimerReal(timevalNs(it.Value), timevalNs(it.Interval))
		return Itimerval{Interval: nsToTimeval(i), Value: nsToTimeval(v)}, err
	case ITIMER_VIRTUAL, ITIMER_PROF:
		s := &p.itimers
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.dead {
			return Itimerval{}, ESRCH
		}
		old := s.cpu[which-1]
		s.cpu[which-1] = it
		if it.Value == (Timeval{}) {
			s.cpu[which-1].Interval = Timeval{}
		}
		return old, nil
	}
	return Itimerval{}, EINVAL
}

// Getitimer returns the time left on the interval timer which and its
// interval (getitimer(2)); EINVAL for another which.
func (p *Process) Getitimer(which ItimerWhich) (Itimerval, error) {
	it, err := p.getitimer(which)
	if p.k.tracing() {
		p.k.traceSys(p, "getitimer", 0, err, int(which))
	}
	return it, err
}

func (p *Process) getitimer(which ItimerWhich) (Itimerval, error) {
	s := &p.itimers
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dead && which >= ITIMER_REAL && which <= ITIMER_PROF {
		return Itimerval{}, ESRCH
	}
	switch which {
	case ITIMER_REAL:
		return Itimerval{Interval: nsToTimeval(s.incr), Value: nsToTimeval(s.remainingLocked())}, nil
	case ITIMER_VIRTUAL, ITIMER_PROF:
		return s.cpu[which-1], nil
	}
	return Itimerval{}, EINVAL
}

// Alarm arms ITIMER_REAL to raise SIGALRM in seconds (alarm(2)); 0
// disarms it. It returns the seconds the previous alarm had left,
// rounded to the nearest second but never to 0 for one still pending.
// seconds is an unsigned int in the kernel: only its low 32 bits count.
func (p *Process) Alarm(seconds uint) (remaining uint, err error) {
	secs := int64(uint32(seconds))
	v, _, err := p.setitimerReal(secs*1e9, 0)
	if err == nil {
		old := NsecToTimespec(v)
		if old.Sec == 0 && old.Nsec != 0 || old.Nsec >= 5e8 {
			old.Sec++
		}
		remaining = uint(old.Sec)
	}
	if p.k.tracing() {
		p.k.traceSys(p, "alarm", int64(remaining), err, seconds)
	}
	return remaining, err
}

// setitimerReal is do_setitimer's ITIMER_REAL, in nanoseconds.
func (p *Process) setitimerReal(value, interval int64) (oldValue, oldInterval int64, err error) {
	s := &p.itimers
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dead {
		return 0, 0, ESRCH
	}
	oldValue, oldInterval = s.remainingLocked(), s.incr
	if s.real == nil {
		s.real = NewHrtimer(p.k, &s.mu, s.expireLocked, func() { p.signal(SIGALRM) })
	}
	s.real.Cancel()
	s.incr = 0
	if value != 0 {
		s.incr = interval
		s.real.Start(CLOCK_MONOTONIC, value, false) // relative: never already past
	}
	return oldValue, oldInterval, nil
}

// remainingLocked is itimer_get_remtime: an armed timer has at least
// 1 µs left, a disarmed one none.
func (s *itimers) remainingLocked() int64 {
	if s.real == nil || !s.real.Active() {
		return 0
	}
	return max(s.real.Remaining(), 1000)
}

// expireLocked is it_real_fn together with the re-arming Linux does
// when the SIGALRM is dequeued.
func (s *itimers) expireLocked() {
	if s.incr != 0 {
		s.real.Forward(s.incr)
		s.real.Restart()
	}
}

// exit disarms the timers for good (exit_itimers).
func (s *itimers) exit() {
	s.mu.Lock()
	s.dead = true
	if s.real != nil {
		s.real.Cancel()
	}
	s.mu.Unlock()
}

func timevalValid(tv Timeval) bool { return tv.Sec >= 0 && tv.Usec >= 0 && tv.Usec < 1e6 }

// timevalNs converts a valid timeval to nanoseconds, clamped at
// KTIME_MAX as timespec64_to_ktime clamps.
func timevalNs(tv Timeval) int64 { return KtimeOf(Timespec{Sec: tv.Sec, Nsec: tv.Usec * 1000}) }

// nsToTimeval truncates to microseconds, as put_itimerval does.
func nsToTimeval(ns int64) Timeval {
	ts := NsecToTimespec(ns)
	return Timeval{Sec: ts.Sec, Usec: ts.Nsec / 1000}
}
