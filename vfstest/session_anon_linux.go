//go:build linux

package vfstest

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// Calls on the anon-inode objects: eventfd and epoll, and the fdinfo
// lines they add. Each forwards to the system's anonSystem and records
// one transcript line:
//
//	eventfd2(0, EFD_NONBLOCK) = fd0
//	epoll_ctl(fd0+1, EPOLL_CTL_ADD, fd0, {EPOLLIN|EPOLLET, 0x7}) = 0
//	epoll_wait(fd0+1, 4, 0) = 1 [{EPOLLIN, 0x7}]
//	write(fd0, u64 0x3) = 8
//	fdinfo(fd0+1) = [flags:02 | tfd:fd0 events:0x19 data:0x7 pos:0 ino:fstat(tfd)]

// anonSystem is the anon half of a system under test, with vfs's
// structs: *vfs.Process has it, the host adapter converts.
type anonSystem interface {
	Eventfd(initval uint, flags int) (int, error)
	EpollCreate(size int) (int, error)
	EpollCreate1(flags int) (int, error)
	EpollCtl(epfd, op, fd int, event *vfs.EpollEvent) error
	EpollWait(epfd int, events []vfs.EpollEvent, msec int) (int, error)
}

var (
	_ anonSystem = (*Host)(nil)
	_ anonSystem = (*Govfs)(nil)
)

func (h *Host) Eventfd(initval uint, flags int) (int, error) { return unix.Eventfd(initval, flags) }
func (h *Host) EpollCreate(size int) (int, error)            { return unix.EpollCreate(size) }
func (h *Host) EpollCreate1(flags int) (int, error)          { return unix.EpollCreate1(flags) }

func (h *Host) EpollCtl(epfd, op, fd int, event *vfs.EpollEvent) error {
	return unix.EpollCtl(epfd, op, fd, (*unix.EpollEvent)(event))
}

// EpollWait is epoll_wait(2), retried with the time left when a signal
// of the Go runtime interrupts it, as Poll is.
func (h *Host) EpollWait(epfd int, events []vfs.EpollEvent, msec int) (int, error) {
	u := make([]unix.EpollEvent, len(events))
	deadline := time.Now().Add(time.Duration(msec) * time.Millisecond)
	for {
		n, err := unix.EpollWait(epfd, u, msec)
		if err == unix.EINTR {
			if msec > 0 {
				msec = max(int(time.Until(deadline).Milliseconds()), 0)
			}
			continue
		}
		for i := range max(n, 0) {
			events[i] = vfs.EpollEvent(u[i])
		}
		return n, err
	}
}

func (s *Session) anonSys(call string) anonSystem {
	if a, ok := s.sys.(anonSystem); ok {
		return a
	}
	s.record(call, fmt.Sprintf("-1 error(\"no eventfd or epoll in %T\")", s.sys))
	return nil
}

var (
	efdFlagNames = []flagName{{unix.EFD_SEMAPHORE, "EFD_SEMAPHORE"}, {unix.EFD_NONBLOCK, "EFD_NONBLOCK"}, {unix.EFD_CLOEXEC, "EFD_CLOEXEC"}}
	epollOpNames = []flagName{{unix.EPOLL_CTL_ADD, "EPOLL_CTL_ADD"}, {unix.EPOLL_CTL_DEL, "EPOLL_CTL_DEL"}, {unix.EPOLL_CTL_MOD, "EPOLL_CTL_MOD"}}
	epollEvNames = []flagName{
		{unix.EPOLLIN, "EPOLLIN"}, {unix.EPOLLPRI, "EPOLLPRI"}, {unix.EPOLLOUT, "EPOLLOUT"},
		{unix.EPOLLERR, "EPOLLERR"}, {unix.EPOLLHUP, "EPOLLHUP"}, {0x20, "EPOLLNVAL"},
		{unix.EPOLLRDNORM, "EPOLLRDNORM"}, {unix.EPOLLRDBAND, "EPOLLRDBAND"},
		{unix.EPOLLWRNORM, "EPOLLWRNORM"}, {unix.EPOLLWRBAND, "EPOLLWRBAND"}, {unix.EPOLLMSG, "EPOLLMSG"},
		{unix.EPOLLRDHUP, "EPOLLRDHUP"}, {unix.EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE"},
		{unix.EPOLLWAKEUP, "EPOLLWAKEUP"}, {unix.EPOLLONESHOT, "EPOLLONESHOT"}, {unix.EPOLLET, "EPOLLET"},
	}
)

func epollEvents(ev uint32) string { return flagsOr0(int(ev), epollEvNames) }

// epollData is the 64-bit user data in hex.
func epollData(ev vfs.EpollEvent) string {
	return fmt.Sprintf("%#x", uint64(uint32(ev.Fd))|uint64(uint32(ev.Pad))<<32)
}

// Eventfd is eventfd2(2).
func (s *Session) Eventfd(initval uint, flags int) int {
	call := fmt.Sprintf("eventfd2(%d, %s)", initval, flagsOr0(flags, efdFlagNames))
	a := s.anonSys(call)
	if a == nil {
		return -1
	}
	return s.fdCall(call, func() (int, error) { return a.Eventfd(initval, flags) })
}

// EpollCreate1 is epoll_create1(2).
func (s *Session) EpollCreate1(flags int) int {
	call := fmt.Sprintf("epoll_create1(%s)", flagsOr0(flags, []flagName{{unix.EPOLL_CLOEXEC, "EPOLL_CLOEXEC"}}))
	a := s.anonSys(call)
	if a == nil {
		return -1
	}
	return s.fdCall(call, func() (int, error) { return a.EpollCreate1(flags) })
}

// EpollCreate is epoll_create(2).
func (s *Session) EpollCreate(size int) int {
	call := fmt.Sprintf("epoll_create(%d)", size)
	a := s.anonSys(call)
	if a == nil {
		return -1
	}
	return s.fdCall(call, func() (int, error) { return a.EpollCreate(size) })
}

// EpollCtl is epoll_ctl(2) with an event of events and data.
func (s *Session) EpollCtl(epfd, op, fd int, events uint32, data uint64) bool {
	ev := &vfs.EpollEvent{Events: events, Fd: int32(uint32(data)), Pad: int32(uint32(data >> 32))}
	return s.epollCtl(epfd, op, fd, ev)
}

// EpollCtlNil is epoll_ctl(2) with a NULL event.
func (s *Session) EpollCtlNil(epfd, op, fd int) bool { return s.epollCtl(epfd, op, fd, nil) }

func (s *Session) epollCtl(epfd, op, fd int, ev *vfs.EpollEvent) bool {
	evs := "NULL"
	if ev != nil {
		evs = fmt.Sprintf("{%s, %s}", epollEvents(ev.Events), epollData(*ev))
	}
	call := fmt.Sprintf("epoll_ctl(%s, %s, %s, %s)", s.fd(epfd), enumName(op, epollOpNames), s.fd(fd), evs)
	a := s.anonSys(call)
	if a == nil {
		return false
	}
	return s.errCall(call, func() error { return a.EpollCtl(epfd, op, fd, ev) })
}

// EpollWait is epoll_wait(2) for up to max events; the line lists them
// in the order returned. It returns the count (-1 when it fails).
func (s *Session) EpollWait(epfd, max, msec int) int {
	call := fmt.Sprintf("epoll_wait(%s, %d, %d)", s.fd(epfd), max, msec)
	a := s.anonSys(call)
	if a == nil {
		return -1
	}
	evs := make([]vfs.EpollEvent, max)
	n := 0
	err := guard(func() (err error) { n, err = a.EpollWait(epfd, evs, msec); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return -1
	}
	parts := make([]string, n)
	for i, ev := range evs[:n] {
		parts[i] = fmt.Sprintf("{%s, %s}", epollEvents(ev.Events), epollData(ev))
	}
	s.record(call, fmt.Sprintf("%d [%s]", n, strings.Join(parts, ", ")))
	return n
}

// WriteU64 writes v as the 8 bytes an eventfd takes.
func (s *Session) WriteU64(fd int, v uint64) int {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, v)
	return s.countCall(fmt.Sprintf("write(%s, u64 %#x)", s.fd(fd), v), func() (int, error) { return s.sys.Write(fd, b) })
}

// ReadU64 reads n bytes (8 for an eventfd) and records the first 8 as
// a number; it returns it, or 0 when the read fails.
func (s *Session) ReadU64(fd, n int) uint64 {
	call := fmt.Sprintf("read(%s, %d)", s.fd(fd), n)
	b := make([]byte, max(n, 8))
	got := 0
	err := guard(func() (err error) { got, err = s.sys.Read(fd, b[:n]); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return 0
	}
	v := binary.LittleEndian.Uint64(b)
	s.record(call, fmt.Sprintf("%d u64 %#x", got, v))
	return v
}

// tfdLine rewrites "tfd: 5 events: 19 data: 7  pos:0 ino:40e sdev:10".
func (s *Session) tfdLine(l string) string {
	f := strings.Fields(strings.NewReplacer("pos:", "pos: ", "ino:", "ino: ", "sdev:", "sdev: ").Replace(l))
	if len(f) != 12 {
		return "unparsed " + strconv.Quote(l)
	}
	fd, _ := strconv.Atoi(f[1])
	ino, _ := strconv.ParseUint(f[9], 16, 64)
	sdev, _ := strconv.ParseUint(f[11], 16, 64)
	where := "other"
	var st StatT
	if s.sys.Fstat(fd, &st) == nil && st.Ino == ino && uint64(unix.Major(st.Dev))<<20|uint64(unix.Minor(st.Dev)) == sdev {
		where = "fstat(tfd)"
	}
	return fmt.Sprintf("tfd:%s events:%s data:0x%s pos:%s ino:%s", s.fd(fd), epollEvents(uint32(hexNum(f[3]))), f[5], f[7], where)
}

func hexNum(s string) uint64 {
	v, _ := strconv.ParseUint(s, 16, 64)
	return v
}
