package bin_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// startSleep runs "sleep args..." in a child of init on its own
// goroutine and returns the child once its sleep's timer is armed.
func startSleep(t *testing.T, clock *vfs.FakeClock, init *vfs.Process, args ...string) *vfs.Process {
	t.Helper()
	c, err := init.Fork()
	require.NoError(t, err)
	before := clock.Timers()
	go c.Exec("/bin/sleep", append([]string{"sleep"}, args...), nil)
	require.Eventually(t, func() bool { return clock.Timers() > before }, 5*time.Second, time.Millisecond)
	return c
}

func waitCode(t *testing.T, init *vfs.Process, pid int) int {
	t.Helper()
	status, err := init.Wait(pid)
	require.NoError(t, err)
	return status >> 8
}

func TestSleepKill(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, clock *vfs.FakeClock, init *vfs.Process)
	}{
		{"sleep_ends_when_the_kernel_clock_has_moved", func(t *testing.T, clock *vfs.FakeClock, init *vfs.Process) {
			c := startSleep(t, clock, init, "1.5", "0.5")
			clock.Advance(time.Second)
			require.False(t, c.Exited())
			clock.Advance(time.Second)
			require.Equal(t, 0, waitCode(t, init, c.Pid()))
		}},
		{"kill_ends_sleep_with_128_plus_the_signal", func(t *testing.T, clock *vfs.FakeClock, init *vfs.Process) {
			c := startSleep(t, clock, init, "1d")
			_, stderr, code := run(t, init, "", "kill", strconv.Itoa(c.Pid()))
			require.Empty(t, stderr)
			require.Zero(t, code)
			require.Equal(t, 128+vfs.SIGTERM, waitCode(t, init, c.Pid()))
		}},
		{"kill_by_name_and_number", func(t *testing.T, clock *vfs.FakeClock, init *vfs.Process) {
			a := startSleep(t, clock, init, "100")
			b := startSleep(t, clock, init, "100")
			_, _, code := run(t, init, "", "kill", "-s", "INT", strconv.Itoa(a.Pid()))
			require.Zero(t, code)
			_, _, code = run(t, init, "", "kill", "-9", strconv.Itoa(b.Pid()))
			require.Zero(t, code)
			require.Equal(t, 128+vfs.SIGINT, waitCode(t, init, a.Pid()))
			require.Equal(t, 128+vfs.SIGKILL, waitCode(t, init, b.Pid()))
		}},
		{"sleep_inf_sleeps_until_killed", func(t *testing.T, clock *vfs.FakeClock, init *vfs.Process) {
			c := startSleep(t, clock, init, "inf", "inf", "1e300d")
			clock.Advance(100 * 365 * 24 * time.Hour)
			require.False(t, c.Exited())
			require.NoError(t, init.KillPid(c.Pid(), vfs.SIGTERM))
			require.Equal(t, 128+vfs.SIGTERM, waitCode(t, init, c.Pid()))
		}},
		{"kill_ends_cat_blocked_on_a_pipe", func(t *testing.T, clock *vfs.FakeClock, init *vfs.Process) {
			fds := make([]int, 2)
			require.NoError(t, init.Pipe(fds))
			c, err := init.Fork()
			require.NoError(t, err)
			require.NoError(t, c.Dup2(fds[0], 0))
			go c.Exec("/bin/cat", []string{"cat"}, nil)
			// A signal between cat's check and its read's sleep is
			// missed (vfs/signal.go): send until it is gone.
			require.Eventually(t, func() bool {
				init.KillPid(c.Pid(), vfs.SIGTERM)
				return c.Exited()
			}, 5*time.Second, time.Millisecond)
			require.Equal(t, 128+vfs.SIGTERM, waitCode(t, init, c.Pid()))
		}},
		{"cat_dies_of_SIGPIPE_as_on_linux", func(t *testing.T, clock *vfs.FakeClock, init *vfs.Process) {
			require.NoError(t, init.WriteFile("/tmp/f", []byte("data\n"), 0o644))
			fds := make([]int, 2)
			require.NoError(t, init.Pipe(fds))
			require.NoError(t, init.Close(fds[0]))
			c, err := init.Fork()
			require.NoError(t, err)
			require.NoError(t, c.Dup2(fds[1], 1))
			require.NoError(t, c.Exec("/bin/cat", []string{"cat", "/tmp/f", "/tmp/f"}, nil))
			require.Equal(t, 128+vfs.SIGPIPE, waitCode(t, init, c.Pid()))
		}},
		{"a_signal_sent_before_sleep_began_ends_it", func(t *testing.T, clock *vfs.FakeClock, init *vfs.Process) {
			c, err := init.Fork()
			require.NoError(t, err)
			require.NoError(t, c.Kill(vfs.SIGHUP))
			require.NoError(t, c.Exec("/bin/sleep", []string{"sleep", "100"}, nil))
			require.Equal(t, 128+vfs.SIGHUP, waitCode(t, init, c.Pid()))
		}},
		{"sleep_sleeps_on_after_a_signal_ignored_by_default", func(t *testing.T, clock *vfs.FakeClock, init *vfs.Process) {
			c := startSleep(t, clock, init, "2")
			clock.Advance(time.Second)
			require.NoError(t, init.KillPid(c.Pid(), vfs.SIGCHLD))
			require.Eventually(t, func() bool { return clock.Timers() == 1 }, 5*time.Second, time.Millisecond)
			require.False(t, c.Exited())
			clock.Advance(time.Second)
			require.Equal(t, 0, waitCode(t, init, c.Pid()))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := vfs.NewFakeClock(epoch)
			k, err := govfs.Boot(govfs.WithClock(clock))
			require.NoError(t, err)
			defer k.Shutdown()
			tc.run(t, clock, k.Init())
		})
	}
	runCases(t, []progCase{
		{name: "sleep_bad_interval", argv: []string{"sleep", "abc"},
			stderr: "sleep: invalid time interval 'abc'\nTry 'sleep --help' for more information.\n", code: 1},
		{name: "sleep_missing_operand", argv: []string{"sleep"},
			stderr: "sleep: missing operand\nTry 'sleep --help' for more information.\n", code: 1},
		{name: "sleep_zero", argv: []string{"sleep", "0", "0.0s", "0e3m"}},
		{name: "sleep_negative", argv: []string{"sleep", "-1"},
			stderr: "sleep: invalid time interval '-1'\nTry 'sleep --help' for more information.\n", code: 1},
		{name: "sleep_nan", argv: []string{"sleep", "nan"},
			stderr: "sleep: invalid time interval 'nan'\nTry 'sleep --help' for more information.\n", code: 1},
		{name: "kill_l_lists_names", argv: []string{"kill", "-l"},
			match: "HUP\nINT\nQUIT\n(.*\n)*TERM\n(.*\n)*SYS\n"},
		{name: "kill_l_converts", argv: []string{"kill", "-l", "15", "SIGKILL"}, stdout: "TERM\n9\n"},
		{name: "kill_unknown_pid", argv: []string{"kill", "99999"}, stderr: "kill: 99999: No such process\n", code: 1},
		{name: "kill_not_permitted", uid: 65534, argv: []string{"kill", "1"}, stderr: "kill: 1: Operation not permitted\n", code: 1},
		{name: "kill_bad_signal", argv: []string{"kill", "-FOO", "1"},
			stderr: "kill: 'FOO': invalid signal\nTry 'kill --help' for more information.\n", code: 1},
		{name: "kill_no_pid", argv: []string{"kill"},
			stderr: "kill: no process ID specified\nTry 'kill --help' for more information.\n", code: 1},
		{name: "kill_0_checks_only", argv: []string{"kill", "-0", "1"}},
	})
}
