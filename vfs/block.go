package vfs

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The one blocking loop. Every call that waits — read and write on an
// empty or full pipe, poll(2), a FIFO's open waiting for its partner, a
// socket's receive with SO_RCVTIMEO — waits here, the way gVisor's
// syscalls do:
//
//	try ──not done──▶ O_NONBLOCK or no time to wait? ──▶ EAGAIN / 0
//	                     │ no
//	                     ▼
//	                  register a Waiter on the queues
//	                     │
//	     ┌──────────▶ try ──done──▶ return
//	     │               │ not done
//	     │               ▼
//	     │            deadline passed? ──▶ EAGAIN (BlockUntil) / 0 (poll)
//	     │               │ no
//	     │               ▼
//	     └── woken ◀─ sleep until Notify, the deadline's timer, or a
//	                  signal (EINTR)
//
// The first try is the caller's, before block: most calls never wait,
// and they pay for no Waiter. Registering before the second try closes
// the window in which the backend's Notify could come between a failed
// try and the sleep, and be lost. The deadline is measured on the
// kernel's Clock and its timer armed there (Kernel.AfterFunc), so a
// FakeClock runs timeouts forward.

// spinYields is how many times a waiter yields before it parks.
const spinYields = 4

// errDeadline is block's report that the deadline passed; each caller
// says it in its own way.
var errDeadline = errors.New("vfs: deadline passed")

// block waits until try reports done, a signal comes (EINTR), the
// process exits (ESRCH) or the
// deadline passes (errDeadline; a zero deadline never does). The caller
// has tried once without a Waiter; block registers one for the events
// of mask on every queue of qs (nil queues are skipped), then tries
// again before each sleep.
func (p *Process) block(qs []*WaitQueue, mask uint32, deadline time.Time, try func() bool) error {
	if p.exiting.Load() {
		return ESRCH // an exited process sleeps no more
	}
	w := getWaiter(mask, !deadline.IsZero())
	for _, q := range qs {
		if q != nil {
			q.Add(w)
		}
	}
	defer putWaiter(qs, w)
	// A signal interrupts the calls blocked when it is sent: take the
	// channel it closes before the first try.
	intr := p.sig.interrupt()
	var expired *atomic.Bool
	if !deadline.IsZero() {
		expired = new(atomic.Bool)
		if d := deadline.Sub(p.k.clock.Now()); d > 0 {
			t := p.k.AfterFunc(d, func() {
				expired.Store(true)
				w.wake()
			})
			defer t.Stop()
		} else {
			expired.Store(true)
		}
	}
	for {
		if try() {
			return nil
		}
		if expired != nil && expired.Load() {
			return errDeadline
		}
		if w.sleep(intr) != nil {
			return p.interrupted() // EINTR, or ESRCH for an exit
		}
	}
}

// A blocking call that waits makes one Waiter; a stream of small pipe
// transfers waits on every call, so Waiters are reused. A Waiter is
// reusable once it is off every queue (Notify sends under the queue's
// lock, so none is still sending), unless a deadline's timer may still
// wake it: those are left to the collector.
var waiterPool = sync.Pool{New: func() any { return &Waiter{ch: make(chan struct{}, 1)} }}

func getWaiter(mask uint32, timed bool) *Waiter {
	if timed {
		return NewWaiter(mask)
	}
	w := waiterPool.Get().(*Waiter)
	w.mask = mask | POLLERR | POLLHUP
	w.pooled = true
	return w
}

// putWaiter takes w off the queues and, if it came from the pool,
// drains a wake-up it did not consume and gives it back.
func putWaiter(qs []*WaitQueue, w *Waiter) {
	for _, q := range qs {
		if q != nil {
			q.Remove(w)
		}
	}
	if !w.pooled {
		return
	}
	select {
	case <-w.ch:
	default:
	}
	waiterPool.Put(w)
}

// sleep parks until w is woken or intr is closed (EINTR). A partner on
// another core often acts within microseconds, so it yields a few times
// first, which saves a futex sleep and wake.
func (w *Waiter) sleep(intr <-chan struct{}) error {
	for range spinYields {
		select {
		case <-w.ch:
			return nil
		default:
			runtime.Gosched()
		}
	}
	select {
	case <-w.ch:
		return nil
	case <-intr:
		return EINTR
	}
}

// BlockUntil waits until ready() holds, asking it again each time q
// notifies an event of mask. It returns nil once ready() holds, EINTR if
// a signal comes first, ESRCH if the process exits, and EAGAIN if the
// deadline passes first, which is what a socket's SO_RCVTIMEO gives. The
// deadline is a time on the kernel's Clock (p.Kernel().Clock().Now()
// plus the timeout); the zero time waits forever. A nil q waits for the
// deadline or a signal alone.
//
// It is the blocking loop for backends that wait outside read and
// write, and for deadlines read and write do not know: a socket's
// timeouts, a net.Conn's SetDeadline. ready is called with no lock of
// the VFS held.
func (p *Process) BlockUntil(q *WaitQueue, mask uint32, ready func() bool, deadline time.Time) error {
	if ready() {
		return nil
	}
	err := p.block([]*WaitQueue{q}, mask, deadline, ready)
	if err == errDeadline {
		return EAGAIN
	}
	return err
}

// Block is BlockUntil without a deadline: a FIFO's open waiting for its
// partner uses it.
func (p *Process) Block(q *WaitQueue, mask uint32, ready func() bool) error {
	return p.BlockUntil(q, mask, ready, time.Time{})
}
