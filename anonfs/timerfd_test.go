package anonfs_test

import (
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fakeTimerSystem boots a kernel on a FakeClock.
func fakeTimerSystem(t *testing.T) (*vfs.FakeClock, *vfs.Process) {
	t.Helper()
	c := vfs.NewFakeClock(epoch)
	k, err := govfs.Boot(govfs.WithClock(c))
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	return c, k.Init()
}

func spec(value, interval time.Duration) *vfs.ItimerSpec {
	return &vfs.ItimerSpec{Value: vfs.NsecToTimespec(int64(value)), Interval: vfs.NsecToTimespec(int64(interval))}
}

// readTicks reads a timerfd: the count, or the error.
func readTicks(p *vfs.Process, fd int) (uint64, error) {
	b := make([]byte, 8)
	n, err := p.Read(fd, b)
	if err != nil {
		return 0, err
	}
	if n != 8 {
		return 0, fmt.Errorf("read %d bytes", n)
	}
	return binary.LittleEndian.Uint64(b), nil
}

func gettime(t *testing.T, p *vfs.Process, fd int) (value, interval time.Duration) {
	t.Helper()
	var cur vfs.ItimerSpec
	require.NoError(t, p.TimerfdGettime(fd, &cur))
	return time.Duration(cur.Value.Nano()), time.Duration(cur.Interval.Nano())
}

func TestTimerfdCreate(t *testing.T) {
	_, p := fakeTimerSystem(t)
	tests := []struct {
		name    string
		clockid int
		flags   int
		want    error
	}{
		{"CLOCK_REALTIME", vfs.CLOCK_REALTIME, 0, nil},
		{"CLOCK_MONOTONIC", vfs.CLOCK_MONOTONIC, 0, nil},
		{"CLOCK_BOOTTIME", vfs.CLOCK_BOOTTIME, 0, nil},
		{"CLOCK_REALTIME_ALARM_as_root", vfs.CLOCK_REALTIME_ALARM, 0, nil},
		{"CLOCK_BOOTTIME_ALARM_as_root", vfs.CLOCK_BOOTTIME_ALARM, 0, nil},
		{"CLOCK_PROCESS_CPUTIME_ID_is_EINVAL", vfs.CLOCK_PROCESS_CPUTIME_ID, 0, vfs.EINVAL},
		{"CLOCK_MONOTONIC_RAW_is_EINVAL", vfs.CLOCK_MONOTONIC_RAW, 0, vfs.EINVAL},
		{"CLOCK_REALTIME_COARSE_is_EINVAL", vfs.CLOCK_REALTIME_COARSE, 0, vfs.EINVAL},
		{"negative_clock_is_EINVAL", -1, 0, vfs.EINVAL},
		{"clock_11_is_EINVAL", 11, 0, vfs.EINVAL},
		{"TFD_TIMER_ABSTIME_as_create_flag_is_EINVAL", vfs.CLOCK_MONOTONIC, vfs.TFD_TIMER_ABSTIME, vfs.EINVAL},
		{"O_RDWR_as_create_flag_is_EINVAL", vfs.CLOCK_MONOTONIC, vfs.O_RDWR, vfs.EINVAL},
		{"TFD_NONBLOCK_and_TFD_CLOEXEC", vfs.CLOCK_MONOTONIC, vfs.TFD_NONBLOCK | vfs.TFD_CLOEXEC, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fd, err := p.TimerfdCreate(tc.clockid, tc.flags)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
				require.Equal(t, -1, fd)
				return
			}
			require.NoError(t, err)
			defer p.Close(fd)
			fl, err := p.FcntlInt(uintptr(fd), vfs.F_GETFL, 0)
			require.NoError(t, err)
			require.Equal(t, vfs.O_RDWR|tc.flags&vfs.TFD_NONBLOCK, fl)
			fdfl, err := p.FcntlInt(uintptr(fd), vfs.F_GETFD, 0)
			require.NoError(t, err)
			require.Equal(t, tc.flags&vfs.TFD_CLOEXEC != 0, fdfl&vfs.FD_CLOEXEC != 0)
			buf := make([]byte, 64)
			n, err := p.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd), buf)
			require.NoError(t, err)
			require.Equal(t, "anon_inode:[timerfd]", string(buf[:n]))
		})
	}
	t.Run("ALARM_clocks_need_CAP_WAKE_ALARM", func(t *testing.T) {
		fd, err := p.TimerfdCreate(vfs.CLOCK_BOOTTIME_ALARM, 0)
		require.NoError(t, err)
		c, err := p.Fork()
		require.NoError(t, err)
		defer c.Exit(0)
		require.NoError(t, c.Setuid(65534))
		_, err = c.TimerfdCreate(vfs.CLOCK_REALTIME_ALARM, 0)
		require.ErrorIs(t, err, vfs.EPERM)
		_, err = c.TimerfdCreate(vfs.CLOCK_BOOTTIME_ALARM, 0)
		require.ErrorIs(t, err, vfs.EPERM)
		// an alarm timerfd root made is EPERM to arm for the user
		require.ErrorIs(t, c.TimerfdSettime(fd, 0, spec(time.Second, 0), nil), vfs.EPERM)
		var cur vfs.ItimerSpec
		require.NoError(t, c.TimerfdGettime(fd, &cur))
	})
}

func TestTimerfdSettimeErrors(t *testing.T) {
	_, p := fakeTimerSystem(t)
	fd, err := p.TimerfdCreate(vfs.CLOCK_MONOTONIC, 0)
	require.NoError(t, err)
	pipe := make([]int, 2)
	require.NoError(t, p.Pipe(pipe))
	bad := func(sec, nsec int64) *vfs.ItimerSpec {
		return &vfs.ItimerSpec{Value: vfs.Timespec{Sec: sec, Nsec: nsec}}
	}
	tests := []struct {
		name  string
		fd    int
		flags int
		new   *vfs.ItimerSpec
		want  error
	}{
		{"nil_new_value_is_EFAULT_before_EBADF", -1, 0, nil, vfs.EFAULT},
		{"unknown_flag_is_EINVAL_before_EBADF", -1, 4, spec(0, 0), vfs.EINVAL},
		{"negative_nsec_is_EINVAL", fd, 0, bad(1, -1), vfs.EINVAL},
		{"nsec_of_a_second_is_EINVAL", fd, 0, bad(0, 1e9), vfs.EINVAL},
		{"negative_sec_is_EINVAL", fd, 0, bad(-1, 0), vfs.EINVAL},
		{"unnormalised_interval_is_EINVAL", fd, 0, &vfs.ItimerSpec{Interval: vfs.Timespec{Nsec: 2e9}}, vfs.EINVAL},
		{"closed_fd_is_EBADF", 99, 0, spec(0, 0), vfs.EBADF},
		{"negative_fd_is_EBADF", -1, 0, spec(0, 0), vfs.EBADF},
		{"pipe_is_EINVAL", pipe[0], 0, spec(time.Second, 0), vfs.EINVAL},
		{"both_flags_are_fine", fd, vfs.TFD_TIMER_ABSTIME | vfs.TFD_TIMER_CANCEL_ON_SET, spec(time.Hour, 0), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := p.TimerfdSettime(tc.fd, tc.flags, tc.new, nil)
			if tc.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.want)
			}
		})
	}
	t.Run("gettime_EBADF_EINVAL_then_EFAULT", func(t *testing.T) {
		var cur vfs.ItimerSpec
		require.ErrorIs(t, p.TimerfdGettime(99, &cur), vfs.EBADF)
		require.ErrorIs(t, p.TimerfdGettime(pipe[1], &cur), vfs.EINVAL)
		require.ErrorIs(t, p.TimerfdGettime(99, nil), vfs.EBADF)
		require.ErrorIs(t, p.TimerfdGettime(fd, nil), vfs.EFAULT)
	})
}

func TestTimerfdExpirations(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int)
	}{
		{"one_shot_fires_once_at_its_time", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Second, 0), nil))
			c.Advance(999 * time.Millisecond)
			_, err := readTicks(p, fd)
			require.ErrorIs(t, err, vfs.EAGAIN)
			c.Advance(time.Millisecond)
			requireTicks(t, p, fd, 1)
			c.Advance(time.Hour)
			_, err = readTicks(p, fd)
			require.ErrorIs(t, err, vfs.EAGAIN)
			v, i := gettime(t, p, fd)
			require.Zero(t, v)
			require.Zero(t, i)
		}},
		{"periodic_counts_every_period_since_the_last_read", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Second, time.Second), nil))
			c.Advance(10 * time.Second)
			requireTicks(t, p, fd, 10)
			c.Advance(2500 * time.Millisecond)
			requireTicks(t, p, fd, 2)
			v, i := gettime(t, p, fd)
			require.Equal(t, 500*time.Millisecond, v)
			require.Equal(t, time.Second, i)
		}},
		{"an_hour_of_1ms_periods_is_one_expiry_on_the_clock", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Millisecond, time.Millisecond), nil))
			c.Advance(time.Hour)
			require.Zero(t, c.Timers(), "an expired periodic timer waits to be read, unarmed")
			requireTicks(t, p, fd, 3_600_000)
			require.Equal(t, 1, c.Timers())
		}},
		{"gettime_counts_the_periods_it_forwards_over", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			require.NoError(t, p.TimerfdSettime(fd, 0, spec(2*time.Second, 3*time.Second), nil))
			c.Advance(9 * time.Second) // at 2, 5, 8
			v, _ := gettime(t, p, fd)
			require.Equal(t, 2*time.Second, v)
			c.Advance(time.Second) // 10: none more
			requireTicks(t, p, fd, 3)
		}},
		{"first_value_and_interval_differ", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			require.NoError(t, p.TimerfdSettime(fd, 0, spec(5*time.Second, time.Second), nil))
			c.Advance(4 * time.Second)
			_, err := readTicks(p, fd)
			require.ErrorIs(t, err, vfs.EAGAIN)
			c.Advance(3 * time.Second)
			requireTicks(t, p, fd, 3)
		}},
		{"abstime_in_the_past_fires_before_settime_returns", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			c.Advance(time.Millisecond) // CLOCK_MONOTONIC starts at 0 at boot
			require.NoError(t, p.TimerfdSettime(fd, vfs.TFD_TIMER_ABSTIME, &vfs.ItimerSpec{Value: vfs.Timespec{Nsec: 1}}, nil))
			requireTicks(t, p, fd, 1)
		}},
		{"abstime_in_the_past_with_interval_counts_the_periods_since", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			c.Advance(10 * time.Second)
			require.NoError(t, p.TimerfdSettime(fd, vfs.TFD_TIMER_ABSTIME, &vfs.ItimerSpec{Value: vfs.Timespec{Sec: 1}, Interval: vfs.Timespec{Sec: 2}}, nil))
			requireTicks(t, p, fd, 5) // 1, 3, 5, 7, 9
			v, _ := gettime(t, p, fd)
			require.Equal(t, time.Second, v)
		}},
		{"abstime_in_the_future_fires_at_that_time", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			var now vfs.Timespec
			require.NoError(t, p.ClockGettime(vfs.CLOCK_MONOTONIC, &now))
			at := vfs.NsecToTimespec(now.Nano() + int64(3*time.Second))
			require.NoError(t, p.TimerfdSettime(fd, vfs.TFD_TIMER_ABSTIME, &vfs.ItimerSpec{Value: at}, nil))
			v, _ := gettime(t, p, fd)
			require.Equal(t, 3*time.Second, v)
			c.Advance(2 * time.Second)
			_, err := readTicks(p, fd)
			require.ErrorIs(t, err, vfs.EAGAIN)
			c.Advance(time.Second)
			requireTicks(t, p, fd, 1)
		}},
		{"zero_value_disarms_and_returns_the_old_setting", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			require.NoError(t, p.TimerfdSettime(fd, 0, spec(5*time.Second, time.Second), nil))
			c.Advance(2 * time.Second)
			var old vfs.ItimerSpec
			require.NoError(t, p.TimerfdSettime(fd, 0, spec(0, 7*time.Second), &old))
			require.Equal(t, *spec(3*time.Second, time.Second), old)
			c.Advance(time.Hour)
			_, err := readTicks(p, fd)
			require.ErrorIs(t, err, vfs.EAGAIN)
			v, i := gettime(t, p, fd)
			require.Zero(t, v)
			require.Equal(t, 7*time.Second, i, "a disarmed timer keeps the interval it was given")
			require.Zero(t, c.Timers())
		}},
		{"old_value_of_an_expired_periodic_timer_is_its_next_expiry", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Second, 4*time.Second), nil))
			c.Advance(6 * time.Second) // at 1, 5; next 9
			var old vfs.ItimerSpec
			require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Minute, 0), &old))
			require.Equal(t, *spec(3*time.Second, 4*time.Second), old)
		}},
		{"settime_drops_the_unread_expirations", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Second, 0), nil))
			c.Advance(time.Second)
			require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Hour, 0), nil))
			_, err := readTicks(p, fd)
			require.ErrorIs(t, err, vfs.EAGAIN)
		}},
		{"a_timer_for_the_year_2500_waits_and_reports_the_time_to_2262", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			y2500 := time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
			rfd, err := p.TimerfdCreate(vfs.CLOCK_REALTIME, vfs.TFD_NONBLOCK)
			require.NoError(t, err)
			require.NoError(t, p.TimerfdSettime(rfd, vfs.TFD_TIMER_ABSTIME, &vfs.ItimerSpec{Value: vfs.Timespec{Sec: y2500}, Interval: vfs.Timespec{Sec: y2500}}, nil))
			v, i := gettime(t, p, rfd)
			require.Equal(t, time.Duration(1<<63-1-epoch.UnixNano()), v)
			require.Equal(t, time.Duration(1<<63-1), i)
			c.Advance(200 * 365 * 24 * time.Hour)
			_, err = readTicks(p, rfd)
			require.ErrorIs(t, err, vfs.EAGAIN)
			require.NoError(t, p.TimerfdSettime(fd, 0, &vfs.ItimerSpec{Value: vfs.Timespec{Sec: 1 << 62}}, nil))
			v, _ = gettime(t, p, fd)
			require.Greater(t, v, time.Duration(0))
		}},
		{"a_1ns_period_counts_without_overflow", func(t *testing.T, c *vfs.FakeClock, p *vfs.Process, fd int) {
			require.NoError(t, p.TimerfdSettime(fd, 0, &vfs.ItimerSpec{Value: vfs.Timespec{Nsec: 1}, Interval: vfs.Timespec{Nsec: 1}}, nil))
			c.Advance(time.Second)
			requireTicks(t, p, fd, 1e9)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, p := fakeTimerSystem(t)
			fd, err := p.TimerfdCreate(vfs.CLOCK_MONOTONIC, vfs.TFD_NONBLOCK)
			require.NoError(t, err)
			tc.run(t, c, p, fd)
		})
	}
}

func requireTicks(t *testing.T, p *vfs.Process, fd int, want uint64) {
	t.Helper()
	n, err := readTicks(p, fd)
	require.NoError(t, err)
	require.Equal(t, want, n)
}

func TestTimerfdFile(t *testing.T) {
	c, p := fakeTimerSystem(t)
	fd, err := p.TimerfdCreate(vfs.CLOCK_MONOTONIC, vfs.TFD_NONBLOCK)
	require.NoError(t, err)

	t.Run("read_of_fewer_than_8_bytes_is_EINVAL_even_when_expired", func(t *testing.T) {
		require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Second, 0), nil))
		c.Advance(time.Second)
		_, err := p.Read(fd, make([]byte, 7))
		require.ErrorIs(t, err, vfs.EINVAL)
		n, err := p.Read(fd, make([]byte, 64))
		require.NoError(t, err)
		require.Equal(t, 8, n)
	})
	t.Run("write_is_EINVAL_lseek_is_0_pread_is_ESPIPE", func(t *testing.T) {
		_, err := p.Write(fd, make([]byte, 8))
		require.ErrorIs(t, err, vfs.EINVAL)
		off, err := p.Seek(fd, 100, 0)
		require.NoError(t, err)
		require.Zero(t, off)
		_, err = p.Pread(fd, make([]byte, 8), 0)
		require.ErrorIs(t, err, vfs.ESPIPE)
		_, err = p.Pwrite(fd, make([]byte, 8), 0)
		require.ErrorIs(t, err, vfs.ESPIPE)
	})
	t.Run("POLLIN_while_an_expiration_is_unread", func(t *testing.T) {
		pfd := []vfs.PollFd{{Fd: int32(fd), Events: vfs.POLLIN | vfs.POLLOUT}}
		n, err := p.Poll(pfd, 0)
		require.NoError(t, err)
		require.Zero(t, n)
		require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Second, 0), nil))
		c.Advance(time.Second)
		n, err = p.Poll(pfd, 0)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Equal(t, int16(vfs.POLLIN), pfd[0].Revents)
		requireTicks(t, p, fd, 1)
		n, _ = p.Poll(pfd, 0)
		require.Zero(t, n)
	})
	t.Run("a_blocked_poll_wakes_at_the_expiry", func(t *testing.T) {
		require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Minute, 0), nil))
		done := make(chan int)
		go func() {
			pfd := []vfs.PollFd{{Fd: int32(fd), Events: vfs.POLLIN}}
			n, _ := p.Poll(pfd, -1)
			done <- n
		}()
		c.Advance(time.Minute)
		require.Equal(t, 1, <-done)
		requireTicks(t, p, fd, 1)
	})
	t.Run("fdinfo_shows_the_timer", func(t *testing.T) {
		c, p := fakeTimerSystem(t)
		c.Advance(time.Second)
		fd, err := p.TimerfdCreate(vfs.CLOCK_MONOTONIC, vfs.TFD_NONBLOCK)
		require.NoError(t, err)
		require.NoError(t, p.TimerfdSettime(fd, vfs.TFD_TIMER_ABSTIME|vfs.TFD_TIMER_CANCEL_ON_SET, &vfs.ItimerSpec{Value: vfs.Timespec{Nsec: 1}, Interval: vfs.Timespec{Sec: 3, Nsec: 5}}, nil))
		require.Equal(t, "clockid: 1\nticks: 1\nsettime flags: 03\nit_value: (0, 0)\nit_interval: (3, 5)\n", fdinfoTail(t, p, fd))
		requireTicks(t, p, fd, 1)
		require.Equal(t, "clockid: 1\nticks: 0\nsettime flags: 03\nit_value: (2, 6)\nit_interval: (3, 5)\n", fdinfoTail(t, p, fd))
		require.NoError(t, p.TimerfdSettime(fd, 0, spec(0, 0), nil))
		require.Equal(t, "clockid: 1\nticks: 0\nsettime flags: 00\nit_value: (0, 0)\nit_interval: (0, 0)\n", fdinfoTail(t, p, fd))
	})
	t.Run("fstat_is_the_shared_anon_inode", func(t *testing.T) {
		var st vfs.Stat_t
		require.NoError(t, p.Fstat(fd, &st))
		require.Equal(t, uint32(0o600), st.Mode)
	})
}

// fdinfoTail reads /proc/self/fdinfo/fd past the four common lines.
func fdinfoTail(t *testing.T, p *vfs.Process, fd int) string {
	t.Helper()
	f, err := p.Open(fmt.Sprintf("/proc/self/fdinfo/%d", fd), vfs.O_RDONLY, 0)
	require.NoError(t, err)
	defer p.Close(f)
	b := make([]byte, 512)
	n, err := p.Read(f, b)
	require.NoError(t, err)
	s := string(b[:n])
	for range 4 {
		s = s[indexByte(s, '\n')+1:]
	}
	return s
}

func indexByte(s string, c byte) int {
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func TestTimerfdBlockingRead(t *testing.T) {
	t.Run("read_blocks_until_the_expiry", func(t *testing.T) {
		c, p := fakeTimerSystem(t)
		fd, err := p.TimerfdCreate(vfs.CLOCK_BOOTTIME, 0)
		require.NoError(t, err)
		require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Second, time.Second), nil))
		got := make(chan uint64)
		go func() { n, _ := readTicks(p, fd); got <- n }()
		c.Advance(time.Second)
		require.Equal(t, uint64(1), <-got)
	})
	t.Run("a_signal_interrupts_a_blocked_read_with_EINTR", func(t *testing.T) {
		_, p := fakeTimerSystem(t)
		fd, err := p.TimerfdCreate(vfs.CLOCK_MONOTONIC, 0)
		require.NoError(t, err)
		require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Hour, 0), nil))
		errc := make(chan error)
		go func() { _, err := readTicks(p, fd); errc <- err }()
		require.ErrorIs(t, killUntil(t, p, errc), vfs.EINTR)
	})
	t.Run("exit_ends_a_blocked_read_with_ESRCH", func(t *testing.T) {
		_, p := fakeTimerSystem(t)
		child, err := p.Fork()
		require.NoError(t, err)
		fd, err := child.TimerfdCreate(vfs.CLOCK_MONOTONIC, 0)
		require.NoError(t, err)
		errc := make(chan error)
		go func() { _, err := readTicks(child, fd); errc <- err }()
		time.Sleep(time.Millisecond)
		child.Exit(0)
		require.ErrorIs(t, <-errc, vfs.ESRCH)
	})
}

// killUntil sends SIGUSR1 until the call reporting on errc returns: a
// signal sent before the call sleeps does not interrupt it.
func killUntil(t *testing.T, p *vfs.Process, errc chan error) error {
	t.Helper()
	for {
		require.NoError(t, p.Kill(vfs.SIGUSR1))
		select {
		case err := <-errc:
			return err
		case <-time.After(time.Millisecond):
		}
	}
}

func TestTimerfdLifetime(t *testing.T) {
	t.Run("close_disarms_the_timer", func(t *testing.T) {
		c, p := fakeTimerSystem(t)
		fd, err := p.TimerfdCreate(vfs.CLOCK_MONOTONIC, 0)
		require.NoError(t, err)
		require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Second, time.Second), nil))
		require.Equal(t, 1, c.Timers())
		require.NoError(t, p.Close(fd))
		require.Zero(t, c.Timers())
	})
	t.Run("a_dup_keeps_it_armed_after_close", func(t *testing.T) {
		c, p := fakeTimerSystem(t)
		fd, err := p.TimerfdCreate(vfs.CLOCK_MONOTONIC, vfs.TFD_NONBLOCK)
		require.NoError(t, err)
		require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Second, 0), nil))
		fd2, err := p.Dup(fd)
		require.NoError(t, err)
		require.NoError(t, p.Close(fd))
		c.Advance(time.Second)
		requireTicks(t, p, fd2, 1)
	})
	t.Run("fork_shares_the_timer_and_its_count", func(t *testing.T) {
		c, p := fakeTimerSystem(t)
		fd, err := p.TimerfdCreate(vfs.CLOCK_MONOTONIC, vfs.TFD_NONBLOCK)
		require.NoError(t, err)
		require.NoError(t, p.TimerfdSettime(fd, 0, spec(time.Second, time.Second), nil))
		child, err := p.Fork()
		require.NoError(t, err)
		c.Advance(3 * time.Second)
		requireTicks(t, child, fd, 3)
		_, err = readTicks(p, fd)
		require.ErrorIs(t, err, vfs.EAGAIN, "the parent's fd is the same File: the child read the count")
		child.Exit(0)
		c.Advance(time.Second)
		requireTicks(t, p, fd, 1)
	})
	t.Run("exec_closes_a_TFD_CLOEXEC_timerfd_and_disarms_it_and_keeps_the_other", func(t *testing.T) {
		c, p := fakeTimerSystem(t)
		k := p.Kernel()
		armed := -1
		require.NoError(t, k.RegisterProgram("look", func(q *vfs.Process, _, _ []string) int {
			armed = c.Timers()
			return 0
		}))
		require.NoError(t, k.Install("/bin/look", "look"))
		child, err := p.Fork()
		require.NoError(t, err)
		for _, flags := range []int{vfs.TFD_CLOEXEC, 0} {
			fd, err := child.TimerfdCreate(vfs.CLOCK_MONOTONIC, flags)
			require.NoError(t, err)
			require.NoError(t, child.TimerfdSettime(fd, 0, spec(time.Minute, 0), nil))
		}
		require.Equal(t, 2, c.Timers())
		require.NoError(t, child.Exec("/bin/look", nil, nil))
		require.Equal(t, 1, armed)
		_, err = p.Wait(child.Pid())
		require.NoError(t, err)
		require.Zero(t, c.Timers())
	})
	t.Run("exit_disarms_the_timers_of_the_process", func(t *testing.T) {
		c, p := fakeTimerSystem(t)
		child, err := p.Fork()
		require.NoError(t, err)
		for range 3 {
			fd, err := child.TimerfdCreate(vfs.CLOCK_REALTIME, 0)
			require.NoError(t, err)
			require.NoError(t, child.TimerfdSettime(fd, 0, spec(time.Second, time.Second), nil))
		}
		require.Equal(t, 3, c.Timers())
		child.Exit(0)
		require.Zero(t, c.Timers())
	})
}
