package vfs

// The fd objects that have no path — eventfd, timerfd, epoll — are made
// by a backend (package anonfs, Linux's anon_inodefs) that registers a
// maker for each here, the way pipefs registers pipe(2)'s. The core
// checks nothing but what every such call shares: the maker exists
// (ENOSYS otherwise), and O_CLOEXEC (EFD_CLOEXEC, TFD_CLOEXEC and
// EPOLL_CLOEXEC are all O_CLOEXEC) picks the new fd's close-on-exec bit.
// The maker validates its own flags and arguments.

// EventfdMaker makes the File of eventfd(2).
type EventfdMaker interface {
	Eventfd(p *Process, initval uint, flags int) (*File, error)
}

// TimerfdMaker makes the File of timerfd_create(2).
type TimerfdMaker interface {
	TimerfdCreate(p *Process, clockid int, flags int) (*File, error)
}

// EpollMaker makes the File of epoll_create1(2).
type EpollMaker interface {
	EpollCreate(p *Process, flags int) (*File, error)
}

// RegisterEventfd makes eventfd(2) use m; EBUSY if one is registered.
func (k *Kernel) RegisterEventfd(m EventfdMaker) error {
	return registerHook(k, &k.hooks.eventfd, m)
}

// RegisterTimerfd makes timerfd_create(2) use m; EBUSY if one is
// registered.
func (k *Kernel) RegisterTimerfd(m TimerfdMaker) error {
	return registerHook(k, &k.hooks.timerfd, m)
}

// RegisterEpoll makes epoll_create(2) use m; EBUSY if one is registered.
func (k *Kernel) RegisterEpoll(m EpollMaker) error {
	return registerHook(k, &k.hooks.epoll, m)
}

func registerHook[T comparable](k *Kernel, slot *T, m T) error {
	k.hooks.mu.Lock()
	defer k.hooks.mu.Unlock()
	var zero T
	if *slot != zero {
		return EBUSY
	}
	*slot = m
	return nil
}

func loadHook[T any](k *Kernel, slot *T) T {
	k.hooks.mu.Lock()
	defer k.hooks.mu.Unlock()
	return *slot
}

// Eventfd makes an event counter (eventfd2(2)) starting at initval;
// flags are EFD_CLOEXEC, EFD_NONBLOCK and EFD_SEMAPHORE.
func (p *Process) Eventfd(initval uint, flags int) (int, error) {
	fd, err := p.anonFD(func() (*File, error) {
		m := loadHook(p.k, &p.k.hooks.eventfd)
		if m == nil {
			return nil, ENOSYS
		}
		return m.Eventfd(p, initval, flags)
	}, flags)
	if p.k.tracing() {
		p.k.traceNewFDs(p, "eventfd2", int64(fd), err, []int{fd}, initval, flags)
	}
	return fd, err
}

// TimerfdCreate makes a timer read as a file (timerfd_create(2)) on
// clockid; flags are TFD_CLOEXEC and TFD_NONBLOCK.
func (p *Process) TimerfdCreate(clockid int, flags int) (int, error) {
	fd, err := p.anonFD(func() (*File, error) {
		m := loadHook(p.k, &p.k.hooks.timerfd)
		if m == nil {
			return nil, ENOSYS
		}
		return m.TimerfdCreate(p, clockid, flags)
	}, flags)
	if p.k.tracing() {
		p.k.traceNewFDs(p, "timerfd_create", int64(fd), err, []int{fd}, clockid, flags)
	}
	return fd, err
}

// EpollCreate1 makes an epoll instance (epoll_create1(2)); flags is 0 or
// EPOLL_CLOEXEC.
func (p *Process) EpollCreate1(flags int) (int, error) {
	fd, err := p.anonFD(func() (*File, error) {
		m := loadHook(p.k, &p.k.hooks.epoll)
		if m == nil {
			return nil, ENOSYS
		}
		return m.EpollCreate(p, flags)
	}, flags)
	if p.k.tracing() {
		p.k.traceNewFDs(p, "epoll_create1", int64(fd), err, []int{fd}, flags)
	}
	return fd, err
}

// EpollCreate is epoll_create(2): size is only checked to be positive,
// as Linux has ignored it since 2.6.8.
func (p *Process) EpollCreate(size int) (int, error) {
	if size <= 0 {
		return -1, EINVAL
	}
	return p.EpollCreate1(0)
}

// anonFD makes a File with mk and installs it at the lowest free fd;
// an exited process makes none (ESRCH).
func (p *Process) anonFD(mk func() (*File, error), flags int) (int, error) {
	if p.exiting.Load() {
		return -1, ESRCH
	}
	f, err := mk()
	if err != nil {
		return -1, err
	}
	return p.InstallFD(f, flags&O_CLOEXEC != 0)
}
