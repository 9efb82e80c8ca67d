package vfs

import (
	"slices"
	"sync"
	"sync/atomic"
)

// Readiness and waiting (wait_queue_head_t and poll_table). Backends
// never block: a read with nothing to read returns EAGAIN, and a
// backend whose readiness changes calls Notify on its WaitQueue. The
// blocking itself is done in one loop, in block.go.
//
// A WaitQueue holds two kinds of entry, as Linux's does: a Waiter made
// by NewWaiter wakes a sleeping goroutine through its channel (what
// read, write, poll and Process.BlockUntil sleep on; one Waiter can sit
// on many queues, which is how poll(2) needs no goroutine per fd), and
// one made by NewWaiterFunc runs a function instead (what epoll's
// ep_poll_callback needs: no goroutine sleeps at all). A function made
// by NewExclusiveWaiterFunc is exclusive, as add_wait_queue_exclusive
// makes an entry: a wake-up runs the exclusive functions, after every
// other entry, only until one says it woke someone (EPOLLEXCLUSIVE).

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

// NoKey is the mask of a wake-up that names no events (a wake_up
// without a key, as a FIFO's partner arriving or a pipe's last reader
// leaving makes): it wakes every Waiter and calls every function, and
// epoll treats it as a wake-up for whatever its interests ask.
const NoKey = ^uint32(0)

// Waiter is an entry on wait queues: a channel a goroutine sleeps on,
// or a function.
type Waiter struct {
	ch     chan struct{}
	fn     func(events uint32)
	xfn    func(key uint32) (woke bool) // an exclusive entry's
	mask   uint32
	pooled bool // from block's pool, to go back there (block.go)
}

// NewWaiter makes a Waiter whose channel is signalled by the events in
// mask, and by POLLERR and POLLHUP, which nobody can opt out of.
func NewWaiter(mask uint32) *Waiter {
	return &Waiter{ch: make(chan struct{}, 1), mask: mask | POLLERR | POLLHUP}
}

// NewWaiterFunc makes a Waiter that calls fn with the events of a
// Notify that are in mask (and only those: no POLLERR or POLLHUP unless
// mask has them); a Notify with none of them does not call it.
//
// fn runs in the notifying goroutine with the queue's lock held, as
// Linux runs wake-up callbacks under the queue's spinlock. So once
// Remove returns, fn is not running and never runs again. The price: fn
// must not block, must not Add to, Remove from or Notify the same
// queue, and any lock it takes is ordered after WaitQueue.mu, so it
// must never be held around those three calls.
func NewWaiterFunc(mask uint32, fn func(events uint32)) *Waiter {
	return &Waiter{fn: fn, mask: mask}
}

// NewExclusiveWaiterFunc makes an exclusive Waiter: a WaitQueue runs
// it after its other Waiters, with the whole mask of the Notify (the
// wake-up key) when that shares an event with mask, and the exclusive
// Waiters added after it only if fn reports that it woke no one. Of
// those, the oldest runs first (__wake_up_common with one exclusive
// wake-up). fn runs under the queue's lock, as NewWaiterFunc's does.
func NewExclusiveWaiterFunc(mask uint32, fn func(key uint32) (woke bool)) *Waiter {
	return &Waiter{xfn: fn, mask: mask}
}

// C is the channel that receives a value when the Waiter is woken; nil
// for a Waiter made by NewWaiterFunc.
func (w *Waiter) C() <-chan struct{} { return w.ch }

// wake signals w's channel without blocking: one pending wake-up is
// enough, as the woken goroutine rechecks everything. It reports
// whether w was asleep, that is had no wake-up pending: one woken and
// not yet running is no longer waiting, as Linux's autoremove takes a
// woken sleeper off its queue.
func (w *Waiter) wake() bool {
	select {
	case w.ch <- struct{}{}:
		return true
	default:
		return false
	}
}

// WaitQueue is a list of Waiters (wait_queue_head_t). Notify goes
// through it from the newest entry to the oldest, because Linux's
// add_wait_queue puts an entry at the head of the list: the order shows
// when one wake-up makes several epoll interests in one file ready (two
// fds of one timerfd, say), where epoll_wait reports the interest added
// last first.
type WaitQueue struct {
	n  atomic.Int32 // waiters, read without the lock on the notify path
	mu sync.Mutex
	nx int32 // how many Waiters at the end of waiters are exclusive
	// waiters holds the others oldest first, then the exclusive ones
	// oldest first; one slice keeps the queue, embedded in every pipe
	// and socket, at 40 bytes.
	waiters []*Waiter
}

// Add registers w: an exclusive Waiter at the tail, after all others
// (add_wait_queue_exclusive), any other at the head (add_wait_queue).
func (q *WaitQueue) Add(w *Waiter) {
	q.mu.Lock()
	if w.xfn != nil {
		q.waiters = append(q.waiters, w)
		q.nx++
	} else {
		q.waiters = slices.Insert(q.waiters, len(q.waiters)-int(q.nx), w)
	}
	q.n.Add(1)
	q.mu.Unlock()
}

// Remove unregisters w, keeping the others in their order.
func (q *WaitQueue) Remove(w *Waiter) {
	q.mu.Lock()
	if i := slices.Index(q.waiters, w); i >= 0 {
		if w.xfn != nil {
			q.nx--
		}
		q.waiters = slices.Delete(q.waiters, i, i+1)
		q.n.Add(-1)
	}
	q.mu.Unlock()
}

// Notify tells the Waiters interested in an event of mask that it may
// have happened, newest first: channels are signalled, functions
// called; then the exclusive functions, until one wakes someone. It
// costs one atomic load when nobody waits. The mask is a hint, as a
// wake-up key is in Linux: a woken waiter asks the file's Readiness
// before it acts.
func (q *WaitQueue) Notify(mask uint32) { q.Wake(mask) }

// Wake is Notify, and reports whether it woke a goroutine that was
// asleep on the queue or an exclusive function said it woke one: what
// epoll's callback needs to know to end an exclusive wake-up.
func (q *WaitQueue) Wake(mask uint32) (woke bool) {
	if q.n.Load() == 0 {
		return false
	}
	q.mu.Lock()
	plain := len(q.waiters) - int(q.nx)
	for _, w := range slices.Backward(q.waiters[:plain]) {
		ev := w.mask & mask
		switch {
		case ev == 0:
		case w.fn != nil:
			w.fn(ev)
		default:
			woke = w.wake() || woke
		}
	}
	for _, w := range q.waiters[plain:] {
		if w.mask&mask != 0 && w.xfn(mask) {
			woke = true
			break
		}
	}
	q.mu.Unlock()
	return woke
}

// EventQueue returns the queue notified when f's readiness changes
// (what poll_wait registers on); nil for a file that is always ready.
func (f *File) EventQueue() *WaitQueue {
	if pl, ok := f.ops.(Poller); ok {
		return pl.EventQueue(f)
	}
	return nil
}

// Readiness returns the events of mask that hold for f now (vfs_poll),
// POLLERR and POLLHUP among them whether asked for or not.
func (f *File) Readiness(mask uint32) uint32 { return f.readiness(mask) }

// readiness returns the events of mask that hold for f now.
func (f *File) readiness(mask uint32) uint32 {
	if pl, ok := f.ops.(Poller); ok {
		return pl.Readiness(f, mask|POLLERR|POLLHUP)
	}
	return defaultPollMask & mask
}
