//go:build linux

package vfstest_test

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// timerfd(2), alarm(2) and setitimer(2) against the host. Both sides run
// on real clocks, so the cases use times that are either long (a timer
// that cannot fire during the case; its time left is recorded rounded up
// to seconds), already past (an absolute time, which fires before
// settime returns), or short with a read that waits for them.

const (
	mono  = unix.CLOCK_MONOTONIC
	real_ = unix.CLOCK_REALTIME
	nb    = unix.TFD_NONBLOCK
	abs   = unix.TFD_TIMER_ABSTIME
)

func its(vSec, vNsec, iSec, iNsec int64) *vfs.ItimerSpec {
	return &vfs.ItimerSpec{Value: vfs.Timespec{Sec: vSec, Nsec: vNsec}, Interval: vfs.Timespec{Sec: iSec, Nsec: iNsec}}
}

func itval(vSec, vUsec, iSec, iUsec int64) vfs.Itimerval {
	return vfs.Itimerval{Value: vfs.Timeval{Sec: vSec, Usec: vUsec}, Interval: vfs.Timeval{Sec: iSec, Usec: iUsec}}
}

var timerScenarios = []vfstest.Scenario{
	sc("a_disarmed_alarm_timerfd_still_counts_down_to_its_old_expiry", func(s *vfstest.Session) {
		// Found by the random differential test (seed=19420): Linux
		// re-initialises an hrtimer at every settime but keeps an
		// alarm's last expiry, so gettime and fdinfo of a disarmed
		// _ALARM timerfd still show the time left to it.
		for _, clock := range []int{unix.CLOCK_REALTIME_ALARM, unix.CLOCK_BOOTTIME_ALARM, unix.CLOCK_MONOTONIC} {
			fd := s.TimerfdCreate(clock, 0)
			s.TimerfdSetRand(fd, 1, 0)
			s.TimerfdSetRand(fd, 0, 0)
			s.TimerfdGettime(fd, false)
			s.FDInfo(fd)
			s.Close(fd)
		}
	}),
	sc("timerfd_create_takes_three_clocks_and_two_flags", func(s *vfstest.Session) {
		for _, clock := range []int{real_, mono, unix.CLOCK_BOOTTIME, unix.CLOCK_PROCESS_CPUTIME_ID,
			unix.CLOCK_THREAD_CPUTIME_ID, unix.CLOCK_MONOTONIC_RAW, unix.CLOCK_REALTIME_COARSE,
			unix.CLOCK_MONOTONIC_COARSE, unix.CLOCK_TAI, 10, 12, -1} {
			fd := s.TimerfdCreate(clock, 0)
			if fd >= 0 {
				s.Close(fd)
			}
		}
		for _, flags := range []int{abs, unix.TFD_TIMER_CANCEL_ON_SET, unix.O_RDWR, unix.O_APPEND, 1 << 30} {
			s.TimerfdCreate(mono, flags)
		}
	}),
	sc("timerfd_create_flags_show_in_F_GETFL_and_F_GETFD", func(s *vfstest.Session) {
		a := s.TimerfdCreate(mono, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
		s.Fcntl(a, unix.F_GETFL, 0)
		s.Fcntl(a, unix.F_GETFD, 0)
		b := s.TimerfdCreate(real_, 0)
		s.Fcntl(b, unix.F_GETFL, 0)
		s.Fcntl(b, unix.F_GETFD, 0)
	}),
	sc("timerfd_is_the_anon_inode_mode_0600", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, 0)
		st := s.Fstat(fd)
		s.Note("size", st.Size)
		buf := make([]byte, 64)
		n, err := s.Sys().Readlink("/proc/self/fd/"+itoa(fd), buf)
		s.Note("fd link", fmt.Sprint(string(buf[:max(n, 0)]), err))
	}),
	sc("timerfd_settime_checks_its_arguments_before_the_fd", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, nb)
		s.TimerfdSettime(-1, 0, nil)
		s.TimerfdSettime(fd, 0, nil)
		s.TimerfdSettime(-1, 4, its(0, 0, 0, 0))
		s.TimerfdSettime(-1, 0, its(0, -1, 0, 0))
		s.TimerfdSettime(-1, 0, its(0, 0, 0, 1e9))
		s.TimerfdSettime(fd, 0, its(-1, 0, 0, 0))
		s.TimerfdSettime(fd, 0, its(0, 0, -5, 0))
		s.TimerfdSettime(fd, 0, its(0, 1e9, 0, 0))
		s.TimerfdSettime(-1, 0, its(1, 0, 0, 0))
		s.TimerfdSettime(s.FD(500), 0, its(1, 0, 0, 0))
		s.TimerfdGettime(fd, false)
	}),
	sc("timerfd_calls_on_other_files_are_EINVAL", func(s *vfstest.Session) {
		r, _ := s.Pipe()
		s.TimerfdSettime(r, 0, its(1, 0, 0, 0))
		s.TimerfdGettime(r, false)
		f := s.Open("f", creatRW, 0o644)
		s.TimerfdSettime(f, 0, its(1, 0, 0, 0))
		s.TimerfdGettime(f, false)
		path := s.Open(".", unix.O_PATH, 0)
		s.TimerfdSettime(path, 0, its(1, 0, 0, 0))
		s.TimerfdGettime(path, false)
		s.TimerfdGettime(s.FD(500), false)
	}),
	sc("timerfd_gettime_copies_out_after_the_lookup", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, 0)
		s.TimerfdGettime(fd, true)
		s.TimerfdGettime(s.FD(500), true)
		r, _ := s.Pipe()
		s.TimerfdGettime(r, true)
	}),
	sc("timerfd_settime_returns_the_old_value_and_zero_disarms", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, nb)
		s.TimerfdGettime(fd, false)
		s.Arm(fd, 100*time.Second, 7*time.Second)
		s.TimerfdGettime(fd, false)
		s.Arm(fd, 200*time.Second, 0)
		s.Arm(fd, 0, 5*time.Second)
		s.TimerfdGettime(fd, false)
		s.Arm(fd, 0, 0)
		s.TimerfdGettime(fd, false)
		s.ReadTicks(fd, 8)
	}),
	sc("timerfd_read_needs_8_bytes_and_is_EAGAIN_before_expiry", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, nb)
		s.ReadTicks(fd, 0)
		s.ReadTicks(fd, 7)
		s.ReadTicks(fd, 8)
		s.Arm(fd, time.Hour, 0)
		s.ReadTicks(fd, 8)
		s.ReadTicks(fd, 4096)
		s.TimerfdSettime(fd, abs, its(0, 1, 0, 0))
		s.ReadTicks(fd, 7)
		s.ReadTicks(fd, 16)
		s.ReadTicks(fd, 8)
	}),
	sc("timerfd_absolute_time_in_the_past_fires_at_once", func(s *vfstest.Session) {
		m := s.TimerfdCreate(mono, nb)
		s.TimerfdSettime(m, abs, its(0, 1, 0, 0))
		s.Poll(pfds(m, unix.POLLIN|unix.POLLOUT), 0)
		s.TimerfdGettime(m, false)
		s.ReadTicks(m, 8)
		s.ReadTicks(m, 8)
		r := s.TimerfdCreate(real_, nb)
		s.TimerfdSettime(r, abs, its(1, 0, 0, 0))
		s.ReadTicks(r, 8)
	}),
	sc("timerfd_past_absolute_time_counts_the_periods_since", func(s *vfstest.Session) {
		r := s.TimerfdCreate(real_, nb)
		s.TimerfdSettime(r, abs, its(1, 0, 1e9, 0)) // at 1 and 1e9+1 (2001)
		s.ReadTicks(r, 8)
		s.ReadTicks(r, 8)
	}),
	sc("timerfd_settime_drops_the_unread_expirations", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(real_, nb)
		s.TimerfdSettime(fd, abs, its(1, 0, 0, 0))
		s.TimerfdSettime(fd, 0, its(100, 0, 0, 0))
		s.ReadTicks(fd, 8)
		s.TimerfdSettime(fd, abs, its(1, 0, 0, 0))
		s.Arm(fd, 0, 0)
		s.ReadTicks(fd, 8)
	}),
	sc("timerfd_poll_is_POLLIN_while_expirations_are_unread", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, nb)
		s.Poll(pfds(fd, unix.POLLIN|unix.POLLOUT|unix.POLLPRI|unix.POLLRDHUP), 0)
		s.Arm(fd, time.Hour, 0)
		s.Poll(pfds(fd, unix.POLLIN), 0)
		s.TimerfdSettime(fd, abs, its(0, 1, 0, 0))
		s.Poll(pfds(fd, unix.POLLIN|unix.POLLOUT|pollRdnorm), 0)
		s.Poll(pfds(fd, unix.POLLOUT), 0)
		s.ReadTicks(fd, 8)
		s.Poll(pfds(fd, unix.POLLIN), 0)
	}),
	sc("timerfd_write_is_EINVAL_lseek_is_0_pread_pwrite_are_ESPIPE", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, nb)
		s.Write(fd, "12345678")
		s.Write(fd, "")
		s.Seek(fd, 10, unix.SEEK_SET)
		s.Seek(fd, -10, unix.SEEK_CUR)
		s.Seek(fd, 0, unix.SEEK_END)
		s.Seek(fd, 0, 7)
		s.Pread(fd, 8, 0)
		s.Pwrite(fd, "12345678", 0)
	}),
	sc("timerfd_inode_refuses_fchmod_and_fchown_and_writev_of_nothing", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, nb)
		s.Fchmod(fd, 0o644)
		s.Fchown(fd, 0, 0)
		s.Fchown(fd, -1, -1)
		s.Writev(fd, "", "")
		s.Writev(fd, "1234", "5678")
		s.Readv(fd, 0, 0)
		s.Readv(fd, 4, 4)
		s.TimerfdSettime(fd, abs, its(0, 1, 0, 0))
		s.Readv(fd, 4, 4)
		s.Fstat(fd)
	}),
	sc("timerfd_fdinfo_lines", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, nb)
		s.FDInfo(fd)
		s.Arm(fd, 100*time.Second, 3*time.Second+5)
		s.FDInfo(fd)
		// A past time with an interval would show the host's uptime.
		s.TimerfdSettime(fd, abs|unix.TFD_TIMER_CANCEL_ON_SET, its(0, 1, 0, 0))
		s.FDInfo(fd)
		s.ReadTicks(fd, 8)
		s.FDInfo(fd)
		s.TimerfdSettime(fd, unix.TFD_TIMER_CANCEL_ON_SET, its(0, 0, 0, 0))
		s.FDInfo(fd)
		r := s.TimerfdCreate(real_, 0)
		s.FDInfo(r)
	}),
	sc("timerfd_for_the_year_2500_is_clamped_and_waits", func(s *vfstest.Session) {
		r := s.TimerfdCreate(real_, nb)
		y2500 := time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		s.TimerfdSettime(r, abs, its(y2500, 0, y2500, 0))
		s.TimerfdGettime(r, false)
		s.ReadTicks(r, 8)
		m := s.TimerfdCreate(mono, nb)
		s.TimerfdSettime(m, 0, its(1<<62, 999999999, 1<<62, 0))
		s.TimerfdGettime(m, false)
		s.TimerfdSettime(m, 0, its(0, 0, 0, 0))
		s.TimerfdGettime(m, false)
	}),
	sc("timerfd_blocking_read_waits_for_a_short_timer", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, 0)
		s.Arm(fd, 20*time.Millisecond, 0)
		s.ReadTicks(fd, 8)
		s.TimerfdGettime(fd, false)
		s.Arm(fd, 10*time.Millisecond, 10*time.Millisecond)
		s.ReadTicksAtLeast(fd, 1)
		s.Sleep(50 * time.Millisecond)
		s.ReadTicksAtLeast(fd, 3)
		s.Arm(fd, 0, 0)
	}),
	sc("timerfd_absolute_time_from_clock_gettime_fires_then", func(s *vfstest.Session) {
		for _, clock := range []int{mono, unix.CLOCK_BOOTTIME, real_} {
			fd := s.TimerfdCreate(clock, 0)
			s.ArmAt(fd, clock, 30*time.Millisecond)
			s.ReadTicks(fd, 8)
			s.TimerfdGettime(fd, false)
		}
	}),
	sc("timerfd_blocking_poll_wakes_at_the_expiry_and_settime_resets_the_count", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, nb)
		s.Arm(fd, 30*time.Millisecond, 0)
		s.Poll(pfds(fd, unix.POLLIN), 5000)
		s.Arm(fd, 0, 0)
		s.ReadTicks(fd, 8)
		s.Poll(pfds(fd, unix.POLLIN), 20)
	}),
	sc("timerfd_O_NONBLOCK_set_by_fcntl_makes_read_EAGAIN", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, 0)
		s.Fcntl(fd, unix.F_SETFL, unix.O_NONBLOCK)
		s.Fcntl(fd, unix.F_GETFL, 0)
		s.ReadTicks(fd, 8)
	}),
	sc("timerfd_disarmed_before_its_time_never_fires", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(mono, nb)
		s.Arm(fd, 20*time.Millisecond, 0)
		s.Arm(fd, 0, 0)
		s.Sleep(40 * time.Millisecond)
		s.ReadTicks(fd, 8)
		s.Poll(pfds(fd, unix.POLLIN), 0)
	}),
	sc("timerfd_dup_shares_the_count", func(s *vfstest.Session) {
		fd := s.TimerfdCreate(real_, nb)
		d := s.Dup(fd)
		s.TimerfdSettime(fd, abs, its(1, 0, 0, 0))
		s.Close(fd)
		s.TimerfdGettime(d, false)
		s.ReadTicks(d, 8)
		s.ReadTicks(d, 8)
	}),
	sc("alarm_returns_the_seconds_left", func(s *vfstest.Session) {
		s.Alarm(0)
		s.Alarm(100)
		s.Alarm(50)
		s.Getitimer(unix.ITIMER_REAL)
		s.Alarm(1<<32 + 5)
		s.Getitimer(unix.ITIMER_REAL)
		s.Alarm(0)
		s.Alarm(0)
	}),
	sc("alarm_reports_a_pending_sub_second_timer_as_1", func(s *vfstest.Session) {
		s.Setitimer(unix.ITIMER_REAL, itval(0, 300000, 7, 0))
		s.Alarm(0)
		s.Getitimer(unix.ITIMER_REAL)
		s.Setitimer(unix.ITIMER_REAL, itval(2, 600000, 0, 0))
		s.Alarm(0)
	}),
	sc("setitimer_returns_the_old_value_and_zero_clears_the_interval", func(s *vfstest.Session) {
		s.Getitimer(unix.ITIMER_REAL)
		s.Setitimer(unix.ITIMER_REAL, itval(100, 0, 2, 500000))
		s.Getitimer(unix.ITIMER_REAL)
		s.Setitimer(unix.ITIMER_REAL, itval(0, 0, 3, 0))
		s.Getitimer(unix.ITIMER_REAL)
		s.Setitimer(unix.ITIMER_REAL, itval(1<<40, 0, 1<<40, 0))
		s.Getitimer(unix.ITIMER_REAL)
		s.Setitimer(unix.ITIMER_REAL, itval(0, 0, 0, 0))
	}),
	sc("setitimer_and_getitimer_bad_arguments_are_EINVAL", func(s *vfstest.Session) {
		s.Setitimer(3, itval(0, 0, 0, 0))
		s.Setitimer(-1, itval(0, 0, 0, 0))
		s.Getitimer(3)
		s.Getitimer(-1)
		s.Setitimer(unix.ITIMER_REAL, itval(0, 1000000, 0, 0))
		s.Setitimer(unix.ITIMER_REAL, itval(-1, 0, 0, 0))
		s.Setitimer(unix.ITIMER_REAL, itval(0, -1, 0, 0))
		s.Setitimer(unix.ITIMER_REAL, itval(1, 0, 0, 1000000))
		s.Setitimer(3, itval(0, 1000000, 0, 0))
		s.Getitimer(unix.ITIMER_REAL)
		s.Getitimer(unix.ITIMER_VIRTUAL)
		s.Getitimer(unix.ITIMER_PROF)
	}),
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
