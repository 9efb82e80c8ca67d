package vfs

// timerfd_settime(2), timerfd_gettime(2) and clock_gettime(2). The
// timer itself is a backend's object (anonfs's timerfd); the VFS checks
// the arguments in Linux's order — the new value is copied in (EFAULT)
// and checked (EINVAL) before the fd is looked at (EBADF), and an fd
// that is no timerfd is EINVAL — and hands the rest to the object.

// TimerfdOperations is what a timerfd's FileOperations add to read and
// poll. The VFS calls them with arguments already checked: flags within
// TFD_TIMER_ABSTIME|TFD_TIMER_CANCEL_ON_SET, newValue's timespecs
// normalised and not negative.
type TimerfdOperations interface {
	// TimerfdSettime arms or disarms the timer (timerfd_settime) and
	// stores its previous setting in old.
	TimerfdSettime(f *File, p *Process, flags int, newValue, old *ItimerSpec) error
	// TimerfdGettime reports the time to the next expiration and the
	// interval (timerfd_gettime).
	TimerfdGettime(f *File, cur *ItimerSpec) error
}

// timerfdSettimeFlags is TFD_SETTIME_FLAGS.
const timerfdSettimeFlags = TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET

// TimerfdSettime arms the timerfd fd to expire after newValue.Value
// (at it, with TFD_TIMER_ABSTIME) and then every newValue.Interval;
// a zero Value disarms it. The previous setting goes to oldValue unless
// it is nil. A nil newValue is EFAULT.
func (p *Process) TimerfdSettime(fd int, flags int, newValue *ItimerSpec, oldValue *ItimerSpec) error {
	tr, tf := p.k.traceFD(p, fd)
	err := p.timerfdSettime(fd, flags, newValue, oldValue)
	if tr != nil {
		var v any = "NULL"
		if newValue != nil {
			v = *newValue
		}
		tr.fdDone(tf, "timerfd_settime", 0, err)
		tr.end("timerfd_settime", 0, err, fd, flags, v)
	}
	return err
}

func (p *Process) timerfdSettime(fd int, flags int, newValue *ItimerSpec, oldValue *ItimerSpec) error {
	if newValue == nil {
		return EFAULT
	}
	if flags&^timerfdSettimeFlags != 0 || !timespecValid(newValue.Value) || !timespecValid(newValue.Interval) {
		return EINVAL
	}
	f, ops, err := p.timerfdGet(fd)
	if err != nil {
		return err
	}
	defer f.DecRef()
	var old ItimerSpec
	if err := ops.TimerfdSettime(f, p, flags, newValue, &old); err != nil {
		return err
	}
	if oldValue != nil {
		*oldValue = old
	}
	return nil
}

// TimerfdGettime stores in curValue the time left to the timerfd fd's
// next expiration (zero if it is disarmed) and its interval.
func (p *Process) TimerfdGettime(fd int, curValue *ItimerSpec) error {
	tr, tf := p.k.traceFD(p, fd)
	err := p.timerfdGettime(fd, curValue)
	if tr != nil {
		tr.fdDone(tf, "timerfd_gettime", 0, err)
		tr.end("timerfd_gettime", 0, err, fd)
	}
	return err
}

func (p *Process) timerfdGettime(fd int, curValue *ItimerSpec) error {
	f, ops, err := p.timerfdGet(fd)
	if err != nil {
		return err
	}
	defer f.DecRef()
	var cur ItimerSpec
	if err := ops.TimerfdGettime(f, &cur); err != nil {
		return err
	}
	if curValue == nil {
		return EFAULT // copied out after the timer was read, as Linux does
	}
	*curValue = cur
	return nil
}

// timerfdGet is timerfd_fget: EBADF for no fd, EINVAL for an fd that is
// no timerfd.
func (p *Process) timerfdGet(fd int) (*File, TimerfdOperations, error) {
	f, err := p.fdget(fd)
	if err != nil {
		return nil, nil, err
	}
	ops, ok := f.ops.(TimerfdOperations)
	if !ok {
		f.DecRef()
		return nil, nil, EINVAL
	}
	return f, ops, nil
}

// ClockGettime reads clock clockid into ts (clock_gettime(2)):
// CLOCK_REALTIME and its _COARSE and _ALARM twins read the kernel's
// Clock as time since 1970; CLOCK_MONOTONIC, _RAW, _COARSE and
// CLOCK_BOOTTIME (and _ALARM) the time since the kernel booted, which
// is what TFD_TIMER_ABSTIME times on those clocks are measured in. The
// CPU-time clocks read 0: a govfs process spends none. Another clockid
// is EINVAL, a nil ts EFAULT. clockid is an int32, as in x/sys/unix.
func (p *Process) ClockGettime(clockid int32, ts *Timespec) error {
	if p.exiting.Load() {
		return ESRCH
	}
	switch clockid {
	case CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID:
		if ts == nil {
			return EFAULT
		}
		*ts = Timespec{}
		return nil
	case CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_REALTIME_ALARM,
		CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE,
		CLOCK_BOOTTIME, CLOCK_BOOTTIME_ALARM:
	default:
		return EINVAL
	}
	if ts == nil {
		return EFAULT
	}
	*ts = NsecToTimespec(p.k.clockNow(int(clockid)))
	return nil
}
