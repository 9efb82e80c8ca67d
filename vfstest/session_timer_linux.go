//go:build linux

package vfstest

import (
	"encoding/binary"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// Timers in a transcript: timerfd_create, timerfd_settime,
// timerfd_gettime, the expirations a read returns, timerfd's fdinfo
// lines, alarm, setitimer and getitimer. Both sides run on real clocks,
// so a time left on a timer is recorded as a shape that does not depend
// on how long the calls took: "0", the whole seconds rounded up
// ("~10s", never 0 for a timer still armed), or "~forever" past a
// hundred years (a timer clamped at the year 2262). Intervals are exact.
//
//	timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK) = fd0
//	timerfd_settime(fd0, 0, {~10s, (1, 0)}) = 0 old={0, (0, 0)}
//	read(fd0, 8) = 8 ticks=1

func (s *Session) timerSys(call string) timerSystem {
	if ts, ok := s.sys.(timerSystem); ok {
		return ts
	}
	s.record(call, fmt.Sprintf("unsupported by %T", s.sys))
	return nil
}

var (
	clockNames = []flagName{{unix.CLOCK_REALTIME, "CLOCK_REALTIME"}, {unix.CLOCK_MONOTONIC, "CLOCK_MONOTONIC"},
		{unix.CLOCK_BOOTTIME, "CLOCK_BOOTTIME"}, {unix.CLOCK_REALTIME_ALARM, "CLOCK_REALTIME_ALARM"},
		{unix.CLOCK_BOOTTIME_ALARM, "CLOCK_BOOTTIME_ALARM"}}
	tfdNames = []flagName{{unix.TFD_CLOEXEC, "TFD_CLOEXEC"}, {unix.TFD_NONBLOCK, "TFD_NONBLOCK"},
		{unix.TFD_TIMER_ABSTIME, "TFD_TIMER_ABSTIME"}, {unix.TFD_TIMER_CANCEL_ON_SET, "TFD_TIMER_CANCEL_ON_SET"}}
)

// TimerfdCreate is timerfd_create(2).
func (s *Session) TimerfdCreate(clockid, flags int) int {
	call := fmt.Sprintf("timerfd_create(%s, %s)", enumName(clockid, clockNames), flagsOr0(flags, tfdNames))
	ts := s.timerSys(call)
	if ts == nil {
		return -1
	}
	return s.fdCall(call, func() (int, error) { return ts.TimerfdCreate(clockid, flags) })
}

// TimerfdSettime is timerfd_settime(2) with the old value asked for;
// a nil v passes NULL. The old value is recorded as a shape.
func (s *Session) TimerfdSettime(fd, flags int, v *vfs.ItimerSpec) bool {
	arg := "NULL"
	if v != nil {
		arg = fmt.Sprintf("{value=%s, interval=%s}", tsPair(v.Value), tsPair(v.Interval))
	}
	call := fmt.Sprintf("timerfd_settime(%s, %s, %s)", s.fd(fd), flagsOr0(flags, tfdNames), arg)
	ts := s.timerSys(call)
	if ts == nil {
		return false
	}
	var old vfs.ItimerSpec
	err := guard(func() error { return ts.TimerfdSettime(fd, flags, v, &old) })
	s.record(call, s.result(err, "0 old="+itimerSpecShape(old)))
	return err == nil
}

// Arm is TimerfdSettime of a relative value and interval.
func (s *Session) Arm(fd int, value, interval time.Duration) bool {
	return s.TimerfdSettime(fd, 0, &vfs.ItimerSpec{Value: durTs(value), Interval: durTs(interval)})
}

// TimerfdGettime is timerfd_gettime(2); null passes NULL.
func (s *Session) TimerfdGettime(fd int, null bool) {
	call := fmt.Sprintf("timerfd_gettime(%s)", s.fd(fd))
	if null {
		call = fmt.Sprintf("timerfd_gettime(%s, NULL)", s.fd(fd))
	}
	ts := s.timerSys(call)
	if ts == nil {
		return
	}
	var cur vfs.ItimerSpec
	p := &cur
	if null {
		p = nil
	}
	err := guard(func() error { return ts.TimerfdGettime(fd, p) })
	s.record(call, s.result(err, itimerSpecShape(cur)))
}

// ReadTicks reads n bytes of a timerfd and records the count it got.
func (s *Session) ReadTicks(fd, n int) uint64 {
	buf := make([]byte, n)
	var got int
	err := guard(func() (err error) { got, err = s.sys.Read(fd, buf); return err })
	call := fmt.Sprintf("read(%s, %d)", s.fd(fd), n)
	if err != nil || got != 8 {
		s.record(call, s.result(err, fmt.Sprint(got)))
		return 0
	}
	ticks := binary.LittleEndian.Uint64(buf)
	s.record(call, fmt.Sprintf("8 ticks=%d", ticks))
	return ticks
}

// ReadTicksAtLeast is ReadTicks for a timer whose count depends on
// timing: it records whether the count reached min.
func (s *Session) ReadTicksAtLeast(fd int, min uint64) {
	buf := make([]byte, 8)
	var got int
	err := guard(func() (err error) { got, err = s.sys.Read(fd, buf); return err })
	ticks := binary.LittleEndian.Uint64(buf)
	s.record(fmt.Sprintf("read(%s, 8) ticks>=%d", s.fd(fd), min), s.result(err, fmt.Sprint(got == 8 && ticks >= min)))
}

// Alarm is alarm(2).
func (s *Session) Alarm(seconds uint) uint {
	call := fmt.Sprintf("alarm(%d)", seconds)
	ts := s.timerSys(call)
	if ts == nil {
		return 0
	}
	var left uint
	err := guard(func() (err error) { left, err = ts.Alarm(seconds); return err })
	s.record(call, s.result(err, fmt.Sprint(left)))
	return left
}

var itimerNames = []flagName{{unix.ITIMER_REAL, "ITIMER_REAL"}, {unix.ITIMER_VIRTUAL, "ITIMER_VIRTUAL"}, {unix.ITIMER_PROF, "ITIMER_PROF"}}

// Setitimer is setitimer(2); the old value is recorded as a shape.
func (s *Session) Setitimer(which vfs.ItimerWhich, it vfs.Itimerval) {
	call := fmt.Sprintf("setitimer(%s, {value=%s, interval=%s})", enumName(int(which), itimerNames), tvPair(it.Value), tvPair(it.Interval))
	ts := s.timerSys(call)
	if ts == nil {
		return
	}
	var old vfs.Itimerval
	err := guard(func() (err error) { old, err = ts.Setitimer(which, it); return err })
	s.record(call, s.result(err, "0 old="+itimervalShape(old)))
}

// Getitimer is getitimer(2).
func (s *Session) Getitimer(which vfs.ItimerWhich) {
	call := fmt.Sprintf("getitimer(%s)", enumName(int(which), itimerNames))
	ts := s.timerSys(call)
	if ts == nil {
		return
	}
	var it vfs.Itimerval
	err := guard(func() (err error) { it, err = ts.Getitimer(which); return err })
	s.record(call, s.result(err, itimervalShape(it)))
}

// ArmAt arms fd for d from now as an absolute time (TFD_TIMER_ABSTIME)
// on clock clockid, read with clock_gettime first; the clock's reading
// is not recorded, the settime is.
func (s *Session) ArmAt(fd, clockid int, d time.Duration) bool {
	call := fmt.Sprintf("clock_gettime(%s) + %v", enumName(clockid, clockNames), d)
	ts := s.timerSys(call)
	if ts == nil {
		return false
	}
	var now vfs.Timespec
	if err := guard(func() error { return ts.ClockGettime(int32(clockid), &now) }); err != nil {
		s.record(call, s.errString(err))
		return false
	}
	at := vfs.NsecToTimespec(now.Nano() + int64(d))
	var old vfs.ItimerSpec
	err := guard(func() error {
		return ts.TimerfdSettime(fd, unix.TFD_TIMER_ABSTIME, &vfs.ItimerSpec{Value: at}, &old)
	})
	s.record(fmt.Sprintf("timerfd_settime(%s, TFD_TIMER_ABSTIME, {value=%s})", s.fd(fd), call), s.result(err, "0"))
	return err == nil
}

// Sleep lets real time pass on both sides (not recorded).
func (s *Session) Sleep(d time.Duration) { time.Sleep(d) }

func durTs(d time.Duration) vfs.Timespec { return vfs.NsecToTimespec(int64(d)) }

func tsPair(ts vfs.Timespec) string { return fmt.Sprintf("(%d, %d)", ts.Sec, ts.Nsec) }

func tvPair(tv vfs.Timeval) string { return fmt.Sprintf("(%d, %d)", tv.Sec, tv.Usec) }

func itimerSpecShape(it vfs.ItimerSpec) string {
	return fmt.Sprintf("{%s, %s}", durShape(it.Value.Sec*1e9+it.Value.Nsec), tsPair(it.Interval))
}

func itimervalShape(it vfs.Itimerval) string {
	return fmt.Sprintf("{%s, %s}", durShape(it.Value.Sec*1e9+it.Value.Usec*1000), tvPair(it.Interval))
}

// durShape is a time left as it is recorded: 0, whole seconds rounded
// up, or ~forever past a hundred years.
func durShape(ns int64) string {
	switch {
	case ns == 0:
		return "0"
	case ns < 0:
		return "negative"
	case ns > 100*365*24*3600*1e9 || ns < 0:
		return "~forever"
	}
	return fmt.Sprintf("~%ds", (ns+1e9-1)/1e9)
}
