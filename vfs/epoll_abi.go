package vfs

// The numbers and structs of eventfd(2) and epoll(7), as x/sys/unix
// spells them on linux/amd64 (abi_anon_linux_test.go proves each
// against its twin).

// Eventfd2(2) flags: EFD_CLOEXEC and EFD_NONBLOCK are O_CLOEXEC and
// O_NONBLOCK.
const (
	EFD_SEMAPHORE = 0x1
	EFD_CLOEXEC   = 0x80000
	EFD_NONBLOCK  = 0x800
)

// Epoll_create1(2) and epoll_ctl(2).
const (
	EPOLL_CLOEXEC = 0x80000
	EPOLL_CTL_ADD = 0x1
	EPOLL_CTL_DEL = 0x2
	EPOLL_CTL_MOD = 0x3
)

// Epoll events: the poll bits, and the flags that say how an interest
// reports them (the private bits: EPOLLET and after).
const (
	EPOLLIN        = 0x1
	EPOLLPRI       = 0x2
	EPOLLOUT       = 0x4
	EPOLLERR       = 0x8
	EPOLLHUP       = 0x10
	EPOLLNVAL      = 0x20
	EPOLLRDNORM    = 0x40
	EPOLLRDBAND    = 0x80
	EPOLLWRNORM    = 0x100
	EPOLLWRBAND    = 0x200
	EPOLLMSG       = 0x400
	EPOLLRDHUP     = 0x2000
	EPOLLEXCLUSIVE = 0x10000000
	EPOLLWAKEUP    = 0x20000000
	EPOLLONESHOT   = 0x40000000
	EPOLLET        = 0x80000000
)

// EpollEvent is struct epoll_event as x/sys/unix lays it out on
// linux/amd64: Fd and Pad together are the 64-bit user data (Fd the low
// half), which epoll_wait returns verbatim.
type EpollEvent struct {
	Events uint32
	Fd     int32
	Pad    int32
}

// Sigset_t is a signal mask as x/sys/unix has it on linux: signal n is
// bit (n-1)%64 of Val[(n-1)/64].
type Sigset_t struct {
	Val [16]uint64
}

// has reports whether sig is in the set.
func (s *Sigset_t) has(sig int) bool {
	if sig < 1 || sig > 64*len(s.Val) {
		return false
	}
	return s.Val[(sig-1)/64]&(1<<uint((sig-1)%64)) != 0
}
