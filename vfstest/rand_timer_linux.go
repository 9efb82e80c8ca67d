//go:build linux

package vfstest

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// TimerRandOps is the op table of timerfds, to append to FileRandOps:
// timerfd_create with good and bad clocks and flags, timerfd_settime of
// settings whose outcome does not depend on timing (disarm, an hour
// away, an absolute time already past, and hostile ones: negative,
// unnormalised, NULL), timerfd_gettime and the 8-byte read. Read, write,
// lseek, fcntl, dup and close of timerfds come from FileRandOps. A read
// that would block — a timerfd whose O_NONBLOCK an fcntl cleared, with
// nothing expired — is not made (see ReadRand): a random sequence has no
// second thread to end it.
func TimerRandOps() []RandOp {
	return []RandOp{
		{"TimerfdCreate", 3, func(g *RandGen) []RandArg {
			return []RandArg{
				g.Enum(clockNames, unix.CLOCK_MONOTONIC, unix.CLOCK_MONOTONIC, unix.CLOCK_REALTIME,
					unix.CLOCK_BOOTTIME, unix.CLOCK_REALTIME_ALARM, unix.CLOCK_PROCESS_CPUTIME_ID, -1),
				g.Flags(tfdNames, unix.TFD_NONBLOCK, unix.TFD_NONBLOCK, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC, 0,
					unix.TFD_TIMER_ABSTIME, unix.TFD_NONBLOCK|4),
			}
		}, func(s *Session, a []RandArg) { s.TimerfdCreate(a[0].Int(), a[1].Int()) }},
		{"TimerfdSetRand", 4, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), {Kind: ArgInt, N: int64(g.Intn(len(randTimerSettings)))},
				g.Flags(tfdNames, 0, 0, unix.TFD_TIMER_CANCEL_ON_SET, 4)}
		}, func(s *Session, a []RandArg) { s.TimerfdSetRand(a[0].FD(s), a[1].Int(), a[2].Int()) }},
		{"TimerfdGettime", 2, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), {Kind: ArgInt, N: Pick[int64](g, 0, 0, 0, 1)}}
		}, func(s *Session, a []RandArg) { s.TimerfdGettime(a[0].FD(s), a[1].N != 0) }},
		{"ReadTicksRand", 3, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), {Kind: ArgInt, N: Pick[int64](g, 8, 8, 0, 7, 16)}}
		}, func(s *Session, a []RandArg) { s.ReadTicksRand(a[0].FD(s), a[1].Int()) }},
	}
}

// randTimerSettings are the settings TimerfdSetRand arms: each with
// whether it is absolute. None depends on how long the calls take.
var randTimerSettings = []struct {
	abs  bool
	spec *vfs.ItimerSpec
}{
	{false, &vfs.ItimerSpec{}}, // disarm
	{false, &vfs.ItimerSpec{Value: vfs.Timespec{Sec: 3600}, Interval: vfs.Timespec{Sec: 7}}}, // an hour away
	{true, &vfs.ItimerSpec{Value: vfs.Timespec{Nsec: 1}}},                                    // past: fires at once
	{false, &vfs.ItimerSpec{Value: vfs.Timespec{Sec: -1}}},                                   // EINVAL
	{false, &vfs.ItimerSpec{Interval: vfs.Timespec{Nsec: 1e9}}},                              // EINVAL
	{false, nil}, // EFAULT
}

// TimerfdSetRand is TimerfdSettime of randTimerSettings[i], with extra
// flags.
func (s *Session) TimerfdSetRand(fd, i, flags int) {
	set := randTimerSettings[i%len(randTimerSettings)]
	if set.abs {
		flags |= unix.TFD_TIMER_ABSTIME
	}
	var spec *vfs.ItimerSpec
	if set.spec != nil {
		c := *set.spec
		spec = &c
	}
	s.TimerfdSettime(fd, flags, spec)
}

// ReadTicksRand is ReadTicks unless the read would block.
func (s *Session) ReadTicksRand(fd, n int) {
	if !s.readMayBlock(fmt.Sprintf("read(%s, %d)", s.fd(fd), n), fd) {
		s.ReadTicks(fd, n)
	}
}
