package vfs

import (
	"runtime"
	"sync"
	"time"
)

// spinYields is how many times a waiter yields before it parks.
const spinYields = 4

// Signals in their smallest useful form. govfs runs in one Go process,
// so a signal cannot run a handler or kill a goroutine; what it does is
// what a caught signal does to system calls: a call blocked in read,
// write, poll, wait or the open of a FIFO returns EINTR (or, having
// moved some bytes, the partial count). Every signal sent to a live
// process is recorded, so a test can see that a write to a pipe without
// readers raised SIGPIPE. Exit interrupts the same calls for good, with
// ESRCH instead of EINTR.
//
// SIGPIPE's default action on Linux is to terminate the process; govfs
// records it instead and lets the write return EPIPE, as a process that
// ignores SIGPIPE sees it (Go's own runtime does the same for fds other
// than 1 and 2).

// Signal numbers (asm-generic/signal.h, x86).
const (
	SIGHUP  = 1
	SIGINT  = 2
	SIGQUIT = 3
	SIGKILL = 9
	SIGUSR1 = 10
	SIGUSR2 = 12
	SIGPIPE = 13
	SIGALRM = 14
	SIGTERM = 15
	SIGCHLD = 17
)

// sigState is a process's signal bookkeeping.
type sigState struct {
	mu     sync.Mutex
	intr   chan struct{} // closed to interrupt the calls blocked now
	sent   []int
	exited bool // intr is closed for good, and signals are dropped
}

func (s *sigState) interrupt() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.intr == nil {
		s.intr = make(chan struct{})
	}
	return s.intr
}

// Kill sends sig to the process (kill(2)): it is recorded, and every
// call of the process blocked at this moment returns EINTR. A zombie
// takes the signal and drops it (0, as kill(2) of a zombie is); once
// reaped the process is gone, and that is ESRCH even before a bad sig
// is EINVAL, as Linux looks the pid up first.
func (p *Process) Kill(sig int) error {
	if p.reaped.Load() {
		return ESRCH
	}
	if sig < 0 || sig > 64 {
		return EINVAL
	}
	if sig == 0 {
		return nil
	}
	p.signal(sig)
	if p.k.tracing() {
		p.k.traceSys(p, "kill", 0, nil, p.pid, sig)
	}
	return nil
}

func (p *Process) signal(sig int) {
	s := &p.sig
	s.mu.Lock()
	if !s.exited {
		s.sent = append(s.sent, sig)
		if s.intr != nil {
			close(s.intr)
			s.intr = nil
		}
	}
	s.mu.Unlock()
}

// Signals returns the signals sent to the process while it lived, in
// order.
func (p *Process) Signals() []int {
	p.sig.mu.Lock()
	defer p.sig.mu.Unlock()
	return append([]int(nil), p.sig.sent...)
}

// interruptForever makes every blocking call of an exiting process
// return ESRCH, now and later (see interrupted).
func (p *Process) interruptForever() {
	s := &p.sig
	s.mu.Lock()
	if !s.exited {
		s.exited = true
		if s.intr == nil {
			s.intr = make(chan struct{})
		}
		close(s.intr)
	}
	s.mu.Unlock()
}

// interrupted is the error of a blocking call whose interrupt channel
// closed: EINTR for a signal, ESRCH when the process exited.
func (p *Process) interrupted() error {
	if p.exiting.Load() {
		return ESRCH
	}
	return EINTR
}

// Block waits until ready() holds, rechecking each time q notifies an
// event of mask; a signal makes it return EINTR, an exit of p ESRCH. It
// is the blocking loop for backends that must wait outside read and
// write — a FIFO's open waiting for its partner.
func (p *Process) Block(q *WaitQueue, mask uint32, ready func() bool) error {
	if p.exiting.Load() {
		return ESRCH
	}
	w := NewWaiter(mask)
	q.Add(w)
	defer q.Remove(w)
	intr := p.sig.interrupt()
	for !ready() {
		select {
		case <-w.ch:
		case <-intr:
			return p.interrupted()
		}
	}
	return nil
}

// wait sleeps until w is woken, the deadline passes (ok = false), or a
// signal comes (EINTR) or the process exits (ESRCH). A zero deadline
// never passes.
func (p *Process) wait(w *Waiter, deadline time.Time) (ok bool, err error) {
	// A partner on another core often acts within microseconds: yield
	// a few times before parking, which saves a futex sleep and wake.
	for range spinYields {
		select {
		case <-w.ch:
			return true, nil
		default:
			runtime.Gosched()
		}
	}
	intr := p.sig.interrupt()
	if deadline.IsZero() {
		select {
		case <-w.ch:
			return true, nil
		case <-intr:
			return false, p.interrupted()
		}
	}
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case <-w.ch:
		return true, nil
	case <-intr:
		return false, p.interrupted()
	case <-t.C:
		return false, nil
	}
}
