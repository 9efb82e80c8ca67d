//go:build linux

package vfstest

import (
	"fmt"
	"math"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/internal/sysfmt"
)

// kill(2) and nanosleep(2) in a transcript. The host side runs in the
// test binary itself, so a signal it sent would reach the test (or, with
// pid 0 or -1, the whole process group or every process of the machine):
// a Session sends none. It checks and refuses what would:
//
//	kill(self, 0) = 0
//	kill(self, 65) = -1 EINVAL
//	kill(4194311, SIGTERM) = -1 ESRCH
//	kill(self, SIGTERM) = not made: would signal the host
//	nanosleep({0, 1000}) = 0
//
// "self" is the process of the Session (of its As block): getpid(2) on
// the host, Pid on govfs. Other pids are written as numbers; only those
// beyond the largest pid_max (2^22), which name no process and no
// process group, may carry a signal, and pid_max is the same on both
// sides for them.

// signalSystem is implemented by Host and by Govfs (*vfs.Process's).
type signalSystem interface {
	KillPid(pid, sig int) error
	Nanosleep(d time.Duration) error
	Pid() int
}

var (
	_ signalSystem = (*Host)(nil)
	_ signalSystem = (*Govfs)(nil)
)

// KillPid is kill(2) of the test process's kernel.
func (h *Host) KillPid(pid, sig int) error { return unix.Kill(pid, syscall.Signal(sig)) }

// Pid is getpid(2): the test process's own, the block's too in an As
// block (a thread of it).
func (h *Host) Pid() int { return unix.Getpid() }

// Nanosleep is nanosleep(2) of d, split into a timespec as a C program
// would (a negative d has a negative tv_sec). A signal of the Go runtime
// interrupts it (nanosleep is never restarted, SA_RESTART or not); it
// sleeps again for the time left, as Poll is retried.
func (h *Host) Nanosleep(d time.Duration) error {
	ts := unix.NsecToTimespec(int64(d))
	for {
		var rem unix.Timespec
		err := unix.Nanosleep(&ts, &rem)
		if err != unix.EINTR {
			return err
		}
		ts = rem
	}
}

// MaxPidMax is the largest pid_max Linux allows (PID_MAX_LIMIT on 64-bit):
// no process and no process group has a number past it.
const MaxPidMax = 1 << 22

func (s *Session) sigSys(call string) signalSystem {
	if ss, ok := s.sys.(signalSystem); ok {
		return ss
	}
	s.record(call, fmt.Sprintf("unsupported by %T", s.sys))
	return nil
}

// sendsNothing reports whether kill(pid, sig) cannot deliver a signal
// on the host: sig is 0 (a check) or out of range (EINVAL before
// anything is sent), or pid names no process and no group.
func sendsNothing(pid, sig int) bool {
	return sig == 0 || sig < 0 || sig > 64 || pid > MaxPidMax || pid < -MaxPidMax
}

// Kill is kill(2) of pid, which is a number: use KillSelf for the
// Session's own process. A call that could deliver a signal on the host
// is recorded as not made (see the top of this file).
func (s *Session) Kill(pid, sig int) {
	s.kill(pid, fmt.Sprint(pid), sig)
}

// KillSelf is kill(2) of the Session's own process: its permission
// check (sig 0) and its EINVAL for a bad sig.
func (s *Session) KillSelf(sig int) {
	call := "kill(self, " + sysfmt.Signal(sig) + ")"
	ss := s.sigSys(call)
	if ss == nil {
		return
	}
	s.kill(ss.Pid(), "self", sig)
}

func (s *Session) kill(pid int, name string, sig int) {
	call := "kill(" + name + ", " + sysfmt.Signal(sig) + ")"
	if pid < math.MinInt32 || pid > math.MaxInt32 {
		s.record(call, "not made: pid is not a pid_t")
		return
	}
	if !sendsNothing(pid, sig) {
		s.record(call, "not made: would signal the host")
		return
	}
	ss := s.sigSys(call)
	if ss == nil {
		return
	}
	s.record(call, s.result(guard(func() error { return ss.KillPid(pid, sig) }), "0"))
}

// Nanosleep is nanosleep(2) of d. The host retries the interruptions
// its runtime causes; govfs's Session process gets no signal unless a
// case sends one.
func (s *Session) Nanosleep(d time.Duration) {
	ts := unix.NsecToTimespec(int64(d))
	call := fmt.Sprintf("nanosleep({%d, %d})", ts.Sec, ts.Nsec)
	ss := s.sigSys(call)
	if ss == nil {
		return
	}
	s.record(call, s.result(guard(func() error { return ss.Nanosleep(d) }), "0"))
}

// SetOwnSelf is fcntl(fd, F_SETOWN, self): the Session's own process
// becomes the owner that fd's SIGIO would go to. (Owners by number are
// Fcntl's; a group by number is not compared: govfs has no process
// groups, and the host's test process leads none.)
func (s *Session) SetOwnSelf(fd int) {
	call := fmt.Sprintf("fcntl(%s, F_SETOWN, self)", s.fd(fd))
	ss := s.sigSys(call)
	if ss == nil {
		return
	}
	_, err := s.fcntlRaw(fd, unix.F_SETOWN, ss.Pid())
	s.record(call, s.result(err, "0"))
}

// GetOwn is fcntl(fd, F_GETOWN): "self" when the owner is the Session's
// own process, else the number.
func (s *Session) GetOwn(fd int) {
	call := fmt.Sprintf("fcntl(%s, F_GETOWN)", s.fd(fd))
	ss := s.sigSys(call)
	if ss == nil {
		return
	}
	r, err := s.fcntlRaw(fd, unix.F_GETOWN, 0)
	res := fmt.Sprint(r)
	if r == ss.Pid() && r != 0 {
		res = "self"
	}
	s.record(call, s.result(err, res))
}

func (s *Session) fcntlRaw(fd, cmd, arg int) (r int, err error) {
	err = guard(func() (err error) { r, err = s.sys.FcntlInt(uintptr(fd), cmd, arg); return err })
	return r, err
}
