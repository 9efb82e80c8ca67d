package vfs

import (
	"container/heap"
	"sync"
	"time"
)

// Time in the kernel. Everything that reads the time or waits for it
// goes through the Kernel's Clock, so that a test can swap in a
// FakeClock and run a five-second poll(2) timeout in no time at all.

// Clock tells the time for timestamps and deadlines; tests inject one
// (WithClock) to run time forward without sleeping.
type Clock interface {
	Now() time.Time
}

// TimerClock is a Clock that can also arm timers. The kernel's timers
// (Kernel.AfterFunc: the timeouts of poll(2) and Process.BlockUntil,
// and every Hrtimer: timerfd, alarm(2) and setitimer(2)) run on it when
// the Clock has it.
type TimerClock interface {
	Clock
	// AfterFunc calls f once d has passed on this clock. f must not
	// block: the real clock runs it in a goroutine of its own, a
	// FakeClock in the goroutine that calls Advance.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a call armed by AfterFunc. *time.Timer is one.
type Timer interface {
	// Stop cancels the call. It reports whether it did so: false means
	// f has run, is running, or was stopped before.
	Stop() bool
}

// realClock is the host's clock. Its timers are the Go runtime's: an
// armed timer costs no goroutine until it fires.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// AfterFunc arms f to run once d has passed on the kernel's clock; with
// a Clock that is no TimerClock, on the Go runtime's clock. f must not
// block.
func (k *Kernel) AfterFunc(d time.Duration, f func()) Timer {
	if tc, ok := k.clock.(TimerClock); ok {
		return tc.AfterFunc(d, f)
	}
	return time.AfterFunc(d, f)
}

// FakeClock is a TimerClock that moves only when told to: Advance runs
// the timers that fall due, in order, in the caller's goroutine. Tests
// and examples use it to drive timeouts and timers deterministically,
// without sleeping and without goroutines: an hour of a periodic
// timerfd takes microseconds. The pending timers are a heap ordered by
// due time, so arming, stopping and running one costs O(log n) however
// many are armed. The zero FakeClock stands at the zero time;
// NewFakeClock starts one elsewhere (a kernel reads CLOCK_REALTIME in
// nanoseconds since 1970, so start within 1678..2262).
type FakeClock struct {
	advMu  sync.Mutex // one Advance at a time
	mu     sync.Mutex
	armed  sync.Cond // signalled when a timer is armed
	now    time.Time
	seq    uint64
	timers fakeHeap // pending
}

var _ TimerClock = (*FakeClock)(nil)

// NewFakeClock returns a FakeClock standing at start.
func NewFakeClock(start time.Time) *FakeClock { return &FakeClock{now: start} }

// Now returns the clock's time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc arms f to run when Advance reaches now+d. A d of zero or
// less falls due at once: the next Advance, even Advance(0), runs it.
func (c *FakeClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &fakeTimer{c: c, when: c.now.Add(max(d, 0)), seq: c.seq, f: f}
	heap.Push(&c.timers, t)
	c.cond().Broadcast()
	return t
}

// Timers returns how many timers are armed and not yet run or stopped.
func (c *FakeClock) Timers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// WaitForTimers blocks until at least n timers are armed: a test calls
// it to know that a goroutine has reached its timed wait before it
// advances the clock.
func (c *FakeClock) WaitForTimers(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.timers) < n {
		c.cond().Wait()
	}
}

// Advance moves the clock forward by d, running every timer that falls
// due on the way in the order of their due times (in arming order when
// equal), with Now reading each one's due time while it runs. Timers
// armed by those calls run too if they fall due within d. The calls
// must not call Advance.
func (c *FakeClock) Advance(d time.Duration) {
	c.advMu.Lock()
	defer c.advMu.Unlock()
	c.mu.Lock()
	end := c.now.Add(max(d, 0))
	for len(c.timers) > 0 && !c.timers[0].when.After(end) {
		t := heap.Pop(&c.timers).(*fakeTimer)
		if t.when.After(c.now) {
			c.now = t.when
		}
		c.mu.Unlock()
		t.f()
		c.mu.Lock()
	}
	c.now = end
	c.mu.Unlock()
}

func (c *FakeClock) cond() *sync.Cond {
	if c.armed.L == nil {
		c.armed.L = &c.mu
	}
	return &c.armed
}

type fakeTimer struct {
	c     *FakeClock
	when  time.Time
	seq   uint64
	f     func()
	index int // in the heap; -1 once run or stopped
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	if t.index < 0 {
		return false
	}
	heap.Remove(&t.c.timers, t.index)
	return true
}

// fakeHeap is a container/heap of timers, earliest (then first armed)
// on top.
type fakeHeap []*fakeTimer

func (h fakeHeap) Len() int { return len(h) }

func (h fakeHeap) Less(i, j int) bool {
	if !h[i].when.Equal(h[j].when) {
		return h[i].when.Before(h[j].when)
	}
	return h[i].seq < h[j].seq
}

func (h fakeHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *fakeHeap) Push(x any) {
	t := x.(*fakeTimer)
	t.index = len(*h)
	*h = append(*h, t)
}

func (h *fakeHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	t.index = -1
	*h = old[:len(old)-1]
	return t
}
