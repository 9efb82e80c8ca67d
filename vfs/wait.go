package vfs

import (
	"sync"
	"sync/atomic"
)

// Readiness and waiting (wait_queue_head_t and poll_table). Backends
// never block: a read with nothing to read returns EAGAIN. Blocking is
// done here, in one loop for every kind of file:
//
//	try ──EAGAIN──▶ register a Waiter on the file's WaitQueue
//	 ▲                    │
//	 └──── woken ◀── Notify(mask) from the backend when state changes
//
// Registering before the second try closes the window in which a
// wake-up could be missed. The same Waiter serves poll(2) across many
// files: one channel, many queues, no goroutine per fd.

// Poller is implemented by the FileOperations of files whose readiness
// changes (pipes, sockets, eventfds). Files without it are always ready
// for reading and writing, as regular files are.
type Poller interface {
	// Readiness returns the events among mask that hold now.
	Readiness(f *File, mask uint32) uint32
	// EventQueue returns the queue that is notified when they change.
	EventQueue(f *File) *WaitQueue
}

// defaultPollMask is DEFAULT_POLLMASK: what a file without Poller reports.
const defaultPollMask = POLLIN | POLLOUT | pollRdnorm | pollWrnorm

// Poll bits x/sys/unix lacks on linux.
const (
	pollRdnorm = 0x40
	pollWrnorm = 0x100
)

// Waiter is one waiting goroutine's entry on wait queues.
type Waiter struct {
	ch   chan struct{}
	mask uint32
}

// NewWaiter makes a Waiter woken by the events in mask.
func NewWaiter(mask uint32) *Waiter {
	return &Waiter{ch: make(chan struct{}, 1), mask: mask | POLLERR | POLLHUP}
}

// C is the channel that receives a value when the Waiter is woken.
func (w *Waiter) C() <-chan struct{} { return w.ch }

// WaitQueue is a list of Waiters (wait_queue_head_t).
type WaitQueue struct {
	n       atomic.Int32 // waiters, read without the lock on the notify path
	mu      sync.Mutex
	waiters []*Waiter
}

// Add registers w.
func (q *WaitQueue) Add(w *Waiter) {
	q.mu.Lock()
	q.waiters = append(q.waiters, w)
	q.n.Add(1)
	q.mu.Unlock()
}

// Remove unregisters w.
func (q *WaitQueue) Remove(w *Waiter) {
	q.mu.Lock()
	for i, x := range q.waiters {
		if x == w {
			last := len(q.waiters) - 1
			q.waiters[i] = q.waiters[last]
			q.waiters[last] = nil
			q.waiters = q.waiters[:last]
			q.n.Add(-1)
			break
		}
	}
	q.mu.Unlock()
}

// Notify wakes every Waiter interested in an event of mask. It costs one
// atomic load when nobody waits.
func (q *WaitQueue) Notify(mask uint32) {
	if q.n.Load() == 0 {
		return
	}
	q.mu.Lock()
	for _, w := range q.waiters {
		if w.mask&mask != 0 {
			select {
			case w.ch <- struct{}{}:
			default:
			}
		}
	}
	q.mu.Unlock()
}

// readiness returns the events of mask that hold for f now.
func (f *File) readiness(mask uint32) uint32 {
	if pl, ok := f.ops.(Poller); ok {
		return pl.Readiness(f, mask|POLLERR|POLLHUP)
	}
	return defaultPollMask & mask
}
