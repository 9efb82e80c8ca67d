package vfs

import (
	"math"
	"sync"
	"time"
)

// Hrtimer is a timer on one of the kernel's clocks (struct hrtimer),
// what timerfd and the interval timers of setitimer(2) are built on. It
// is armed at an absolute time in nanoseconds on its clock and expires
// once when the clock reaches it; a periodic owner moves it on with
// Forward and arms it again, as Linux's do, so that a period is counted
// from the clock, never from when the last expiry happened to run, and
// nothing drifts. An armed Hrtimer is one Kernel.AfterFunc: no
// goroutine until it expires (on the real clock, the Go runtime's
// timers; on a FakeClock, an entry in its heap).
//
// Its owner guards it with a lock, given to NewHrtimer, and holds that
// lock around every method. Expiry takes the same lock, checks that the
// arming it belongs to is still the current one (a Cancel or a new
// Start since makes it stale, and it does nothing), and then runs
// expire with the lock held and wake after releasing it. So the owner
// updates its state in expire and notifies in wake, outside its lock,
// as the rest of the VFS notifies (a waiter's callback may look at the
// owner's readiness).
type Hrtimer struct {
	k      *Kernel
	mu     sync.Locker
	expire func()
	wake   func()

	clockid int   // the base it runs on: CLOCK_REALTIME, _MONOTONIC or _BOOTTIME
	expires int64 // ns on that clock
	queued  bool  // armed and not yet expired (hrtimer_is_queued)
	gen     uint64
	t       Timer
}

// ktimeMax is KTIME_MAX, the latest time a timer can be set for (the year 2262 on
// CLOCK_REALTIME); later ones are clamped to it and never expire.
const ktimeMax = math.MaxInt64

// NewHrtimer makes a disarmed timer whose expiry runs expire with mu
// held, then wake without it; either may be nil.
func NewHrtimer(k *Kernel, mu sync.Locker, expire, wake func()) *Hrtimer {
	return &Hrtimer{k: k, mu: mu, expire: expire, wake: wake, clockid: CLOCK_MONOTONIC}
}

// Start arms the timer on clock clockid for expires, a time on that
// clock (abs) or a duration from now (not abs), in nanoseconds; a sum
// past KTIME_MAX is KTIME_MAX (ktime_add_safe). A relative time on
// CLOCK_REALTIME runs on CLOCK_MONOTONIC, as Linux's hrtimer_init makes
// it, so that setting the wall clock would not move it. An earlier
// arming is cancelled first.
//
// A time already past expires before Start returns, as the hrtimer
// interrupt on Linux runs as soon as the call lets go of its lock: Start
// runs expire itself (the caller holds the lock) and reports true, and
// the caller runs what wake would once it has let go of the lock.
func (h *Hrtimer) Start(clockid int, expires int64, abs bool) (expired bool) {
	h.Cancel()
	h.clockid = timerBase(clockid)
	if !abs {
		if h.clockid == CLOCK_REALTIME {
			h.clockid = CLOCK_MONOTONIC
		}
		expires = addSafe(h.Now(), expires)
	}
	h.expires = expires
	if expires <= h.Now() {
		if h.expire != nil {
			h.expire()
		}
		return true
	}
	h.Restart()
	return false
}

// Restart arms the timer again for its expiry time (after Forward).
func (h *Hrtimer) Restart() {
	h.Cancel()
	h.queued = true
	h.gen++
	h.arm(h.gen, h.expires-h.Now())
}

func (h *Hrtimer) arm(gen uint64, d int64) {
	h.t = h.k.AfterFunc(time.Duration(max(d, 0)), func() { h.fire(gen) })
}

// fire is the expiry of arming gen.
func (h *Hrtimer) fire(gen uint64) {
	h.mu.Lock()
	if gen != h.gen || !h.queued {
		h.mu.Unlock()
		return // cancelled or armed again since
	}
	if d := h.expires - h.Now(); d > 0 {
		h.arm(gen, d) // a clock read early: not due yet
		h.mu.Unlock()
		return
	}
	h.queued = false
	if h.expire != nil {
		h.expire()
	}
	h.mu.Unlock()
	if h.wake != nil {
		h.wake()
	}
}

// Cancel disarms the timer; an expiry already under way finds itself
// stale and does nothing.
func (h *Hrtimer) Cancel() {
	if h.queued {
		h.queued = false
		h.gen++
		h.t.Stop()
	}
}

// Active reports whether the timer is armed and has not expired.
func (h *Hrtimer) Active() bool { return h.queued }

// Expires returns the time the timer was last set for, on its clock.
func (h *Hrtimer) Expires() int64 { return h.expires }

// Now reads the timer's clock in nanoseconds.
func (h *Hrtimer) Now() int64 { return h.k.clockNow(h.clockid) }

// Remaining returns how long until the expiry time, negative once it
// passed.
func (h *Hrtimer) Remaining() int64 { return subSafe(h.expires, h.Now()) }

// Forward moves the expiry time on by whole periods of interval until
// it is after now, and returns by how many periods it moved: the
// expirations that have passed (hrtimer_forward_now); 0 if the expiry
// time is still ahead. It does not arm the timer: Restart does.
func (h *Hrtimer) Forward(interval int64) uint64 {
	now := h.Now()
	delta := now - h.expires
	if delta < 0 {
		return 0
	}
	interval = max(interval, 1)
	orun := uint64(1)
	if delta >= interval {
		n := delta / interval
		h.expires = addSafe(h.expires, mulSafe(interval, n))
		if h.expires > now {
			return uint64(n)
		}
		orun = uint64(n) + 1
	}
	h.expires = addSafe(h.expires, interval)
	return orun
}

// timerBase is the clock a timer on clockid runs on: the _ALARM clocks
// are their plain twins (govfs has no suspend to wake from), and
// CLOCK_BOOTTIME is CLOCK_MONOTONIC's value, as nothing suspends.
func timerBase(clockid int) int {
	switch clockid {
	case CLOCK_REALTIME, CLOCK_REALTIME_ALARM, CLOCK_REALTIME_COARSE:
		return CLOCK_REALTIME
	case CLOCK_BOOTTIME, CLOCK_BOOTTIME_ALARM:
		return CLOCK_BOOTTIME
	}
	return CLOCK_MONOTONIC
}

// clockNow reads clock clockid in nanoseconds: CLOCK_REALTIME (and its
// variants) as nanoseconds since 1970 on the kernel's Clock; the
// others as the time since the kernel booted, which is when Linux's
// CLOCK_MONOTONIC starts too.
func (k *Kernel) clockNow(clockid int) int64 {
	if timerBase(clockid) == CLOCK_REALTIME {
		return k.now()
	}
	if _, real := k.clock.(realClock); real {
		return int64(time.Since(k.boot))
	}
	return int64(k.clock.Now().Sub(k.bootClock))
}

// KtimeOf converts a valid Timespec to nanoseconds, clamped to
// KTIME_MAX (timespec64_to_ktime): a timer set for the year 2500 waits
// until 2262, which is forever.
func KtimeOf(ts Timespec) int64 {
	if ts.Sec >= ktimeMax/1_000_000_000 {
		return ktimeMax
	}
	return ts.Sec*1e9 + ts.Nsec
}

// timespecValid is timespec64_valid: seconds not negative, nanoseconds
// within a second.
func timespecValid(ts Timespec) bool { return ts.Sec >= 0 && ts.Nsec >= 0 && ts.Nsec < 1e9 }

// addSafe is ktime_add_safe: a sum past KTIME_MAX is KTIME_MAX.
func addSafe(a, b int64) int64 {
	if b > 0 && a > ktimeMax-b {
		return ktimeMax
	}
	if b < 0 && a < math.MinInt64-b {
		return math.MinInt64
	}
	return a + b
}

func subSafe(a, b int64) int64 {
	if b == math.MinInt64 {
		return ktimeMax
	}
	return addSafe(a, -b)
}

func mulSafe(a, n int64) int64 {
	if a != 0 && n > ktimeMax/a {
		return ktimeMax
	}
	return a * n
}
