package vfs

import "time"

// Nanosleep suspends the process for d on the kernel's Clock
// (nanosleep(2) with CLOCK_MONOTONIC's role played by Kernel.Clock, so
// a FakeClock's Advance ends it). It returns nil once d has passed,
// EINTR if a signal is sent while it sleeps (Kill, KillPid, an alarm),
// ESRCH if the process exits meanwhile, and EINVAL for a negative d,
// as for a tv_nsec out of range. govfs runs no signal handlers, so the
// program decides what the interrupted sleep means: bin's sleep exits
// with 128 plus the signal, as a shell reports a process the signal
// killed.
//
// Like every blocking call it waits in block: a signal sent before the
// sleep began is not seen (it counts as handled before the call).
func (p *Process) Nanosleep(d time.Duration) error {
	err := p.nanosleep(d)
	if p.k.tracing() {
		p.k.traceSys(p, "nanosleep", 0, err, d.String())
	}
	return err
}

func (p *Process) nanosleep(d time.Duration) error {
	if d < 0 {
		return EINVAL
	}
	if p.exiting.Load() {
		return ESRCH
	}
	if d == 0 {
		return nil
	}
	deadline := p.k.clock.Now().Add(d)
	err := p.block(nil, 0, deadline, func() bool { return false })
	if err == errDeadline {
		return nil
	}
	return err
}
