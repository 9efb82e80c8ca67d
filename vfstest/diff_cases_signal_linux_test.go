//go:build linux

package vfstest_test

import (
	"math"
	"time"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// kill(2) and nanosleep(2) against the host. No case sends a signal: the
// host side is the test binary (session_signal_linux.go). What a kill
// checks is still all there: the pid first (ESRCH), then the signal
// number (EINVAL), then the caller's right to signal (EPERM).

const noPid = vfstest.MaxPidMax + 7 // past every pid_max: no process, no group

var signalScenarios = []vfstest.Scenario{
	// The owner a File's SIGIO goes to and the signal it is (fcntl(2)
	// F_SETOWN, F_SETSIG): every File has them, O_ASYNC or not, a dup
	// shares them, an O_PATH fd has none (EBADF). Only pipes and sockets
	// keep O_ASYNC of these files. Whether the signal comes is pipefs's
	// and sockfs's TestSigio: the host's would reach the whole test
	// binary, so O_ASYNC is cleared again before the fds close.
	sc("fcntl_F_SETOWN_and_F_SETSIG_on_every_file", func(s *vfstest.Session) {
		f := s.Open("f", unix.O_RDWR|unix.O_CREAT, 0o644)
		s.GetOwn(f)
		s.SetOwnSelf(f)
		s.GetOwn(f)
		s.GetOwn(s.Dup(f))
		s.GetOwn(s.Open("f", unix.O_RDONLY, 0))
		s.Fcntl(f, unix.F_SETOWN, 0)
		s.GetOwn(f)
		s.Fcntl(f, unix.F_SETOWN, 4194311)
		s.Fcntl(f, unix.F_SETOWN, -4194311)
		s.Fcntl(f, unix.F_SETOWN, math.MinInt32)
		s.Fcntl(f, unix.F_GETSIG, 0)
		for _, sig := range []int{65, -1, 64, int(unix.SIGUSR1), 0} {
			s.Fcntl(f, unix.F_SETSIG, sig)
			s.Fcntl(f, unix.F_GETSIG, 0)
		}
		s.Fcntl(f, unix.F_SETSIG, int(unix.SIGUSR2))
		s.Fcntl(s.Dup(f), unix.F_GETSIG, 0)
		path := s.Open("f", unix.O_PATH, 0)
		s.SetOwnSelf(path)
		s.GetOwn(path)
		s.Fcntl(path, unix.F_SETSIG, 10)
		s.Fcntl(path, unix.F_GETSIG, 0)
		r, w := s.Pipe2(0)
		a, _ := s.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
		ev := s.Eventfd(0, 0)
		for _, fd := range []int{f, r, w, a, ev, s.EpollCreate1(0)} {
			s.SetOwnSelf(fd)
			s.GetOwn(fd)
			s.Fcntl(fd, unix.F_SETFL, unix.O_ASYNC|unix.O_NONBLOCK)
			s.Fcntl(fd, unix.F_GETFL, 0)
		}
		for _, fd := range []int{r, w, a} { // no SIGIO to the test binary as they close
			s.Fcntl(fd, unix.F_SETFL, unix.O_NONBLOCK)
			s.Fcntl(fd, unix.F_GETFL, 0)
		}
	}),
	sc("kill_looks_the_pid_up_before_it_checks_the_signal", func(s *vfstest.Session) {
		s.KillSelf(0)
		for _, sig := range []int{65, -1, 1 << 16, math.MinInt32} {
			s.KillSelf(sig)
		}
		for _, sig := range []int{0, 65, -1, int(unix.SIGTERM), int(unix.SIGKILL)} {
			s.Kill(noPid, sig)
			s.Kill(-noPid, sig) // a process group no process is in
		}
		s.Kill(math.MinInt32, 0) // -INT_MIN is no pid: ESRCH before anything
		s.Kill(math.MinInt32, 65)
	}),
	sc("kill_as_nobody_is_EPERM_for_roots_init_but_may_check_itself", func(s *vfstest.Session) {
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			u.Kill(1, 0)     // EPERM: sig 0 checks the right too
			u.Kill(1, 65)    // EINVAL: the signal is checked before the right
			u.Kill(noPid, 0) // ESRCH before either
			u.KillSelf(0)    // its own process: allowed
			u.KillSelf(65)
		})
		s.Kill(1, 0) // root may
	}),
	sc("nanosleep_of_nothing_returns_and_of_a_negative_time_is_EINVAL", func(s *vfstest.Session) {
		for _, d := range []time.Duration{0, time.Microsecond, 20 * time.Microsecond, 2 * time.Millisecond,
			-time.Nanosecond, -time.Second, math.MinInt64} {
			s.Nanosleep(d)
		}
	}),
	sc("nanosleep_as_nobody_needs_no_privilege", func(s *vfstest.Session) {
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			u.Nanosleep(time.Microsecond)
			u.Nanosleep(-1)
		})
	}),
}
