package vfs

// The types and numbers of the timer calls — clock_gettime(2),
// timerfd_create(2), setitimer(2) — with the names, fields and (on
// linux/amd64) layouts of their x/sys/unix twins;
// abi_timer_linux_test.go proves each against its twin.

// Clock ids (include/uapi/linux/time.h).
const (
	CLOCK_REALTIME           = 0x0
	CLOCK_MONOTONIC          = 0x1
	CLOCK_PROCESS_CPUTIME_ID = 0x2
	CLOCK_THREAD_CPUTIME_ID  = 0x3
	CLOCK_MONOTONIC_RAW      = 0x4
	CLOCK_REALTIME_COARSE    = 0x5
	CLOCK_MONOTONIC_COARSE   = 0x6
	CLOCK_BOOTTIME           = 0x7
	CLOCK_REALTIME_ALARM     = 0x8
	CLOCK_BOOTTIME_ALARM     = 0x9
)

// timerfd flags: TFD_CLOEXEC and TFD_NONBLOCK for timerfd_create,
// TFD_TIMER_ABSTIME and TFD_TIMER_CANCEL_ON_SET for timerfd_settime.
const (
	TFD_CLOEXEC             = 0x80000
	TFD_NONBLOCK            = 0x800
	TFD_TIMER_ABSTIME       = 0x1
	TFD_TIMER_CANCEL_ON_SET = 0x2
)

// Interval timers of setitimer(2).
const (
	ITIMER_REAL    = 0x0
	ITIMER_VIRTUAL = 0x1
	ITIMER_PROF    = 0x2
)

// ItimerWhich names one of a process's interval timers (ITIMER_*).
type ItimerWhich int

// ItimerSpec is struct itimerspec: timerfd_settime(2) and
// timerfd_gettime(2). Value is the time to the next expiration (zero:
// disarmed), Interval the period after it (zero: one-shot).
type ItimerSpec struct {
	Interval Timespec
	Value    Timespec
}

// Itimerval is struct itimerval: setitimer(2) and getitimer(2).
type Itimerval struct {
	Interval Timeval
	Value    Timeval
}
