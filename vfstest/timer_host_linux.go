//go:build linux

package vfstest

import (
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// The timer calls on the host: vfs's ItimerSpec and Itimerval have
// x/sys/unix's layouts (vfs/abi_timer_linux_test.go proves it), so the
// adapter converts by pointer. ITIMER_REAL and alarm(2) are the test
// process's own: a scenario that arms one disarms it before it ends.

// timerSystem is implemented by Host and by Govfs (*vfs.Process's).
type timerSystem interface {
	TimerfdCreate(clockid int, flags int) (int, error)
	TimerfdSettime(fd int, flags int, newValue *vfs.ItimerSpec, oldValue *vfs.ItimerSpec) error
	TimerfdGettime(fd int, curValue *vfs.ItimerSpec) error
	Alarm(seconds uint) (uint, error)
	Setitimer(which vfs.ItimerWhich, it vfs.Itimerval) (vfs.Itimerval, error)
	Getitimer(which vfs.ItimerWhich) (vfs.Itimerval, error)
	ClockGettime(clockid int32, ts *vfs.Timespec) error
}

var (
	_ timerSystem = (*Host)(nil)
	_ timerSystem = (*Govfs)(nil)
)

func (h *Host) TimerfdCreate(clockid int, flags int) (int, error) {
	return unix.TimerfdCreate(clockid, flags)
}

func (h *Host) TimerfdSettime(fd int, flags int, newValue *vfs.ItimerSpec, oldValue *vfs.ItimerSpec) error {
	return unix.TimerfdSettime(fd, flags, (*unix.ItimerSpec)(unsafe.Pointer(newValue)), (*unix.ItimerSpec)(unsafe.Pointer(oldValue)))
}

func (h *Host) TimerfdGettime(fd int, curValue *vfs.ItimerSpec) error {
	return unix.TimerfdGettime(fd, (*unix.ItimerSpec)(unsafe.Pointer(curValue)))
}

func (h *Host) Alarm(seconds uint) (uint, error) { return unix.Alarm(seconds) }

func (h *Host) Setitimer(which vfs.ItimerWhich, it vfs.Itimerval) (vfs.Itimerval, error) {
	old, err := unix.Setitimer(unix.ItimerWhich(which), *(*unix.Itimerval)(unsafe.Pointer(&it)))
	return *(*vfs.Itimerval)(unsafe.Pointer(&old)), err
}

func (h *Host) Getitimer(which vfs.ItimerWhich) (vfs.Itimerval, error) {
	it, err := unix.Getitimer(unix.ItimerWhich(which))
	return *(*vfs.Itimerval)(unsafe.Pointer(&it)), err
}

func (h *Host) ClockGettime(clockid int32, ts *vfs.Timespec) error {
	return unix.ClockGettime(clockid, (*unix.Timespec)(unsafe.Pointer(ts)))
}
