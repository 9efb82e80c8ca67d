package anonfs

import (
	"encoding/binary"
	"strconv"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// timerfd (fs/timerfd.c): a timer read as a file. The timer is a
// vfs.Hrtimer on the fd's clock; its expiry only counts (ticks++) and
// wakes the readers and pollers — it does not arm itself again, even
// for a periodic timer. The expirations a periodic timer has passed
// since are counted when somebody looks (read, timerfd_gettime) by
// Forward, which moves the expiry time on by whole periods from the
// clock, and only then is the timer armed again. So an unread periodic
// timer costs nothing however short its period, a read after an hour
// of 1 ms periods returns 3 600 000 at once, and nothing drifts.
//
//	settime ──▶ Hrtimer armed ──expires──▶ ticks=1, expired; Notify(POLLIN)
//	                ▲                           │
//	                └── Restart ◀── Forward ◀── read / gettime: ticks += periods passed - 1
//
// A read takes the count (8 bytes, little-endian on the machines govfs
// models) and zeroes it; with none it is EAGAIN, which the VFS turns
// into a sleep on the File's queue unless the File is O_NONBLOCK. The
// File's release cancels the timer, so a closed timerfd leaves nothing
// armed on the clock.

func init() {
	registrations = append(registrations, func(k *vfs.Kernel, fs *FS) error {
		return k.RegisterTimerfd(timerfdMaker{fs})
	})
}

type timerfdMaker struct{ fs *FS }

// TimerfdCreate is timerfd_create(2)'s object: EINVAL for a flag other
// than TFD_CLOEXEC|TFD_NONBLOCK or a clock other than CLOCK_REALTIME,
// CLOCK_MONOTONIC, CLOCK_BOOTTIME and their _ALARM twins, which need
// CAP_WAKE_ALARM (EPERM for anyone but root).
func (m timerfdMaker) TimerfdCreate(p *vfs.Process, clockid int, flags int) (*vfs.File, error) {
	if flags&^(vfs.TFD_CLOEXEC|vfs.TFD_NONBLOCK) != 0 {
		return nil, vfs.EINVAL
	}
	switch clockid {
	case vfs.CLOCK_REALTIME, vfs.CLOCK_MONOTONIC, vfs.CLOCK_BOOTTIME:
	case vfs.CLOCK_REALTIME_ALARM, vfs.CLOCK_BOOTTIME_ALARM:
		if !wakeAlarmCapable(p) {
			return nil, vfs.EPERM
		}
	default:
		return nil, vfs.EINVAL
	}
	t := &timerfd{clockid: clockid}
	t.tmr = vfs.NewHrtimer(m.fs.k, &t.mu, t.expireLocked, t.wake)
	return m.fs.NewFile("[timerfd]", vfs.O_RDWR|flags&vfs.TFD_NONBLOCK, t), nil
}

// wakeAlarmCapable is capable(CAP_WAKE_ALARM): govfs gives every
// capability to euid 0 and none to anyone else.
func wakeAlarmCapable(p *vfs.Process) bool { return p.Geteuid() == 0 }

func isAlarm(clockid int) bool {
	return clockid == vfs.CLOCK_REALTIME_ALARM || clockid == vfs.CLOCK_BOOTTIME_ALARM
}

// timerfd is struct timerfd_ctx.
type timerfd struct {
	noopSeek
	q       vfs.WaitQueue
	clockid int
	tmr     *vfs.Hrtimer

	mu       sync.Mutex // guards what follows, and tmr
	ticks    uint64     // expirations not yet read
	expired  bool       // tmr expired and a periodic timer is not yet forwarded
	interval int64      // ns; 0 for a one-shot timer
	flags    int        // the settime flags, for fdinfo
}

var (
	_ vfs.FileOperations    = (*timerfd)(nil)
	_ vfs.Poller            = (*timerfd)(nil)
	_ vfs.Releaser          = (*timerfd)(nil)
	_ vfs.Seeker            = (*timerfd)(nil)
	_ vfs.FdinfoShower      = (*timerfd)(nil)
	_ vfs.TimerfdOperations = (*timerfd)(nil)
	_ vfs.NoWriter          = (*timerfd)(nil)
)

// expireLocked is the timer's expiry (timerfd_triggered).
func (t *timerfd) expireLocked() {
	t.expired = true
	t.ticks++
}

func (t *timerfd) wake() { t.q.Notify(vfs.POLLIN) }

// forwardLocked counts the periods a periodic timer passed since it
// expired and arms it for the next one.
func (t *timerfd) forwardLocked() {
	if t.expired && t.interval != 0 {
		if n := t.tmr.Forward(t.interval); n > 0 { // 0 only if the clock went back
			t.ticks += n - 1
		}
		t.tmr.Restart()
	}
	t.expired = false
}

// remainingLocked is timerfd_get_remaining: the time to the next
// expiry, 0 for a disarmed or expired timer.
func (t *timerfd) remainingLocked() vfs.Timespec {
	// timerfd_get_remaining: an hrtimer is set up afresh by every
	// settime (expires 0), but alarm_init keeps an alarm's last expiry,
	// so a disarmed _ALARM timerfd still counts down to it in gettime
	// and fdinfo, as the host shows.
	if !t.tmr.Active() && !isAlarm(t.clockid) {
		return vfs.Timespec{}
	}
	return vfs.NsecToTimespec(max(t.tmr.Remaining(), 0))
}

// Read is timerfd_read: the expirations since the last read, or EAGAIN.
func (t *timerfd) Read(_ *vfs.File, dst []byte, _ *int64) (int, error) {
	if len(dst) < 8 {
		return 0, vfs.EINVAL
	}
	t.mu.Lock()
	if t.ticks == 0 {
		t.mu.Unlock()
		return 0, vfs.EAGAIN
	}
	t.forwardLocked()
	ticks := t.ticks
	t.ticks = 0
	t.mu.Unlock()
	binary.LittleEndian.PutUint64(dst, ticks)
	return 8, nil
}

// Write is never called: timerfd has no write (NoWrite), so write(2)
// and writev(2) are EINVAL even for nothing. TFD_IOC_SET_TICKS is not
// modelled.
func (t *timerfd) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EINVAL }

func (t *timerfd) NoWrite() {}

// Readiness is timerfd_poll: POLLIN while an expiration is unread.
func (t *timerfd) Readiness(_ *vfs.File, mask uint32) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ticks != 0 {
		return vfs.POLLIN & mask
	}
	return 0
}

func (t *timerfd) EventQueue(*vfs.File) *vfs.WaitQueue { return &t.q }

// Release disarms the timer with the last reference to the File.
func (t *timerfd) Release(*vfs.File) {
	t.mu.Lock()
	t.tmr.Cancel()
	t.mu.Unlock()
}

// TimerfdSettime is do_timerfd_settime after the VFS's checks.
func (t *timerfd) TimerfdSettime(_ *vfs.File, p *vfs.Process, flags int, newValue, old *vfs.ItimerSpec) error {
	if isAlarm(t.clockid) && !wakeAlarmCapable(p) {
		return vfs.EPERM
	}
	t.mu.Lock()
	// The old value of a periodic timer that expired is its next
	// expiry: forward it, as Linux does, without counting.
	if t.expired && t.interval != 0 {
		t.tmr.Forward(t.interval)
		t.tmr.Restart()
	}
	old.Value = t.remainingLocked()
	old.Interval = vfs.NsecToTimespec(t.interval)
	// timerfd_setup: the count of unread expirations goes too.
	t.tmr.Cancel()
	t.expired, t.ticks = false, 0
	t.interval = vfs.KtimeOf(newValue.Interval)
	t.flags = flags
	fired := false
	if texp := vfs.KtimeOf(newValue.Value); texp != 0 {
		fired = t.tmr.Start(t.clockid, texp, flags&vfs.TFD_TIMER_ABSTIME != 0)
	}
	t.mu.Unlock()
	if fired {
		t.wake()
	}
	return nil
}

// TimerfdGettime is do_timerfd_gettime: a periodic timer that expired
// is forwarded first, and the expirations it passed are counted.
func (t *timerfd) TimerfdGettime(_ *vfs.File, cur *vfs.ItimerSpec) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.expired && t.interval != 0 {
		t.forwardLocked()
	}
	cur.Value = t.remainingLocked()
	cur.Interval = vfs.NsecToTimespec(t.interval)
	return nil
}

// ShowFdinfo is timerfd_show: the lines /proc/PID/fdinfo/N adds.
func (t *timerfd) ShowFdinfo(_ *vfs.File, b []byte) []byte {
	t.mu.Lock()
	value, interval := t.remainingLocked(), vfs.NsecToTimespec(t.interval)
	ticks, flags := t.ticks, t.flags
	t.mu.Unlock()
	b = append(b, "clockid: "...)
	b = strconv.AppendInt(b, int64(t.clockid), 10)
	b = append(b, "\nticks: "...)
	b = strconv.AppendUint(b, ticks, 10)
	b = append(b, "\nsettime flags: 0"...)
	b = strconv.AppendInt(b, int64(flags), 8)
	b = appendPair(append(b, "\nit_value: "...), value)
	b = appendPair(append(b, "\nit_interval: "...), interval)
	return append(b, '\n')
}

func appendPair(b []byte, ts vfs.Timespec) []byte {
	b = append(b, '(')
	b = strconv.AppendInt(b, ts.Sec, 10)
	b = append(b, ", "...)
	b = strconv.AppendInt(b, ts.Nsec, 10)
	return append(b, ')')
}
