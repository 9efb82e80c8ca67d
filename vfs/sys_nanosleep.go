package vfs

import "time"

// Nanosleep suspends the process for d on the kernel's Clock
// (nanosleep(2); the Clock plays CLOCK_MONOTONIC, so a FakeClock's
// Advance ends it). It returns nil once d has passed, EINTR if a
// signal the process does not ignore (signal.go) is pending or comes
// while it sleeps, ESRCH if the process
// exits, and EINVAL for a negative d, as for a tv_nsec out of range.
//
// Pending: govfs runs no handlers, so a signal sent to the process is
// taken by no one until a Nanosleep reports it. One sent before the
// sleep began (while the program was starting, say, right after a
// shell's fork) is reported at once, as on Linux it would already have
// killed the process; each signal is reported once. Other blocking
// calls (read, poll) see only the signals sent while they wait
// (signal.go).
//
// The program decides what the interrupted sleep means: bin's sleep
// exits with 128 plus the signal, the status a shell reports for a
// process a signal killed.
func (p *Process) Nanosleep(d time.Duration) error {
	err := p.nanosleep(d)
	if tr := p.k.traceBegin(p); tr != nil {
		s := "slept the whole time on the kernel's Clock"
		if err != nil {
			s = "sleep on the kernel's Clock ended by " + ErrnoOf(err).Name()
		}
		tr.layerf("%s", s)
		tr.end("nanosleep", 0, err, d.String())
	}
	return err
}

func (p *Process) nanosleep(d time.Duration) error {
	if d < 0 {
		return EINVAL
	}
	intr, err := p.sig.sleepInterrupt()
	if err != nil || d == 0 {
		return err
	}
	expired := make(chan struct{})
	t := p.k.AfterFunc(d, func() { close(expired) })
	defer t.Stop()
	select {
	case <-expired:
		return nil
	case <-intr:
		if p.exiting.Load() {
			return ESRCH
		}
		p.sig.mu.Lock()
		p.sig.slept = p.sig.caught
		p.sig.mu.Unlock()
		return EINTR
	}
}

// sleepInterrupt is the channel a signal will close, taken under the
// lock that sending one holds, so that no signal falls between the
// check for a pending one and the sleep: EINTR if one is pending (and
// it is taken), ESRCH after exit.
func (s *sigState) sleepInterrupt() (<-chan struct{}, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.exited {
		return nil, ESRCH
	}
	if s.caught > s.slept {
		s.slept = s.caught
		return nil, EINTR
	}
	if s.intr == nil {
		s.intr = make(chan struct{})
	}
	return s.intr, nil
}
