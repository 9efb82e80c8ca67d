//go:build linux

package vfs

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// timerTwins pairs each constant of timer_abi.go with its x/sys/unix
// twin.
var timerTwins = []struct {
	name      string
	got, want int64
}{
	{"CLOCK_REALTIME", CLOCK_REALTIME, unix.CLOCK_REALTIME},
	{"CLOCK_MONOTONIC", CLOCK_MONOTONIC, unix.CLOCK_MONOTONIC},
	{"CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID, unix.CLOCK_PROCESS_CPUTIME_ID},
	{"CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID, unix.CLOCK_THREAD_CPUTIME_ID},
	{"CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW, unix.CLOCK_MONOTONIC_RAW},
	{"CLOCK_REALTIME_COARSE", CLOCK_REALTIME_COARSE, unix.CLOCK_REALTIME_COARSE},
	{"CLOCK_MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE, unix.CLOCK_MONOTONIC_COARSE},
	{"CLOCK_BOOTTIME", CLOCK_BOOTTIME, unix.CLOCK_BOOTTIME},
	{"CLOCK_REALTIME_ALARM", CLOCK_REALTIME_ALARM, unix.CLOCK_REALTIME_ALARM},
	{"CLOCK_BOOTTIME_ALARM", CLOCK_BOOTTIME_ALARM, unix.CLOCK_BOOTTIME_ALARM},
	{"TFD_CLOEXEC", TFD_CLOEXEC, unix.TFD_CLOEXEC},
	{"TFD_NONBLOCK", TFD_NONBLOCK, unix.TFD_NONBLOCK},
	{"TFD_TIMER_ABSTIME", TFD_TIMER_ABSTIME, unix.TFD_TIMER_ABSTIME},
	{"TFD_TIMER_CANCEL_ON_SET", TFD_TIMER_CANCEL_ON_SET, unix.TFD_TIMER_CANCEL_ON_SET},
	{"ITIMER_REAL", ITIMER_REAL, unix.ITIMER_REAL},
	{"ITIMER_VIRTUAL", ITIMER_VIRTUAL, unix.ITIMER_VIRTUAL},
	{"ITIMER_PROF", ITIMER_PROF, unix.ITIMER_PROF},
}

func TestTimerTwinsEqual(t *testing.T) {
	for _, c := range timerTwins {
		require.Equalf(t, c.want, c.got, "%s", c.name)
	}
}

func TestTimerStructLayouts(t *testing.T) {
	require.Equal(t, unsafe.Sizeof(unix.ItimerSpec{}), unsafe.Sizeof(ItimerSpec{}))
	require.Equal(t, unsafe.Offsetof(unix.ItimerSpec{}.Value), unsafe.Offsetof(ItimerSpec{}.Value))
	require.Equal(t, unsafe.Sizeof(unix.Itimerval{}), unsafe.Sizeof(Itimerval{}))
	require.Equal(t, unsafe.Offsetof(unix.Itimerval{}.Value), unsafe.Offsetof(Itimerval{}.Value))
	require.Equal(t, unsafe.Sizeof(unix.Timeval{}), unsafe.Sizeof(Timeval{}))
	var w unix.ItimerWhich = unix.ITIMER_PROF
	require.Equal(t, int(w), int(ItimerWhich(ITIMER_PROF)))
}
