package vfs_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// newFakeSystem boots a kernel whose clock moves only when the test
// advances it.
func newFakeSystem(t testing.TB) (*vfs.FakeClock, *vfs.Process) {
	t.Helper()
	c := vfs.NewFakeClock(epoch)
	k, err := govfs.Boot(govfs.WithClock(c))
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	return c, k.Init()
}

func TestFakeClock(t *testing.T) {
	tests := []struct {
		name string
		// run arms timers on c, advances it and returns what fired, in
		// order, with the clock's reading at each call.
		run  func(c *vfs.FakeClock, fired func(string))
		want []string
	}{
		{
			name: "timers_fire_in_due_order",
			run: func(c *vfs.FakeClock, fired func(string)) {
				c.AfterFunc(3*time.Second, func() { fired("3s") })
				c.AfterFunc(time.Second, func() { fired("1s") })
				c.AfterFunc(2*time.Second, func() { fired("2s") })
				c.Advance(5 * time.Second)
			},
			want: []string{"1s@1s", "2s@2s", "3s@3s"},
		},
		{
			name: "equal_due_times_fire_in_arming_order",
			run: func(c *vfs.FakeClock, fired func(string)) {
				for _, n := range []string{"a", "b", "c"} {
					c.AfterFunc(time.Second, func() { fired(n) })
				}
				c.Advance(time.Second)
			},
			want: []string{"a@1s", "b@1s", "c@1s"},
		},
		{
			name: "advance_short_of_the_due_time_fires_nothing",
			run: func(c *vfs.FakeClock, fired func(string)) {
				c.AfterFunc(time.Second, func() { fired("1s") })
				c.Advance(999 * time.Millisecond)
				fired("end")
				c.Advance(time.Millisecond)
			},
			want: []string{"end@999ms", "1s@1s"},
		},
		{
			name: "stopped_timer_never_fires",
			run: func(c *vfs.FakeClock, fired func(string)) {
				t := c.AfterFunc(time.Second, func() { fired("stopped") })
				c.AfterFunc(2*time.Second, func() { fired("kept") })
				if t.Stop() && !t.Stop() {
					fired("stop_true_then_false")
				}
				c.Advance(time.Minute)
			},
			want: []string{"stop_true_then_false@0s", "kept@2s"},
		},
		{
			name: "timer_armed_by_a_timer_fires_in_the_same_advance",
			run: func(c *vfs.FakeClock, fired func(string)) {
				c.AfterFunc(time.Second, func() {
					fired("first")
					c.AfterFunc(time.Second, func() { fired("second") })
					c.AfterFunc(time.Hour, func() { fired("too_late") })
				})
				c.Advance(3 * time.Second)
			},
			want: []string{"first@1s", "second@2s"},
		},
		{
			name: "zero_duration_fires_on_the_next_advance",
			run: func(c *vfs.FakeClock, fired func(string)) {
				c.AfterFunc(0, func() { fired("zero") })
				c.AfterFunc(-time.Second, func() { fired("negative") })
				fired("armed")
				c.Advance(0)
			},
			want: []string{"armed@0s", "zero@0s", "negative@0s"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := vfs.NewFakeClock(epoch)
			var got []string
			tt.run(c, func(s string) { got = append(got, s+"@"+c.Now().Sub(epoch).String()) })
			require.Equal(t, tt.want, got)
		})
	}
}

func TestFakeClockWaitForTimers(t *testing.T) {
	c := vfs.NewFakeClock(epoch)
	armed := make(chan vfs.Timer)
	go func() { armed <- c.AfterFunc(time.Second, func() {}) }()
	c.WaitForTimers(1)
	require.Equal(t, 1, c.Timers())
	require.True(t, (<-armed).Stop())
	require.Zero(t, c.Timers())
}

func TestKernelAfterFunc(t *testing.T) {
	t.Run("fake_clock_runs_the_timer_on_advance", func(t *testing.T) {
		c := vfs.NewFakeClock(epoch)
		k := vfs.NewKernel(vfs.WithClock(c))
		ran := false
		k.AfterFunc(time.Hour, func() { ran = true })
		c.Advance(time.Hour - 1)
		require.False(t, ran)
		c.Advance(1)
		require.True(t, ran)
	})
	t.Run("clock_without_timers_falls_back_to_the_runtime", func(t *testing.T) {
		k := vfs.NewKernel(vfs.WithClock(nowOnly{}))
		fired := make(chan struct{})
		k.AfterFunc(time.Millisecond, func() { close(fired) })
		<-fired
	})
	t.Run("real_clock_timer_stops", func(t *testing.T) {
		k := vfs.NewKernel()
		tm := k.AfterFunc(time.Hour, func() { t.Error("stopped timer ran") })
		require.True(t, tm.Stop())
		require.False(t, tm.Stop())
	})
}

// nowOnly is a Clock that cannot arm timers.
type nowOnly struct{}

func (nowOnly) Now() time.Time { return time.Now() }
