package devfs

import (
	"encoding/binary"
	"slices"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// /dev/poll as Solaris has it (poll(7D)): a control object made from a
// file. Each open is a set of fds to watch, kept between calls, so a
// server with thousands of connections does not hand the kernel the
// whole list at every wait as poll(2) does:
//
//	write(dp, []pollfd{{fd, POLLIN, 0}, ...})  add fds, or OR events into an fd's
//	write(dp, []pollfd{{fd, POLLREMOVE, 0}})   remove an fd
//	ioctl(dp, DP_POLL, &DvPoll{Fds: out, Timeout: ms})
//	                                           wait; the ready fds land in out
//	ioctl(dp, DP_ISPOLLED, &PollFd{Fd: fd})    1 and its events if fd is in the set
//
// The fds are those of the process that waits. A closed fd in the set
// is reported POLLNVAL, as poll(2) reports it, where Solaris drops it
// from the set. Linux has no /dev/poll (epoll is its successor); govfs
// gives it a number from the range devices.txt leaves for local use.

// /dev/poll's requests and the event that removes an fd (sys/devpoll.h,
// sys/poll.h).
const (
	DP_POLL     = 0x4401 // ('D' << 8) | 1: *DvPoll
	DP_ISPOLLED = 0x4402 // ('D' << 8) | 2: *vfs.PollFd
	POLLREMOVE  = 0x0800
)

// DvPoll is struct dvpoll: where DP_POLL puts the ready fds (at most
// len(Fds)) and how long it waits, in milliseconds (-1: until one is
// ready).
type DvPoll struct {
	Fds     []vfs.PollFd
	Timeout int
}

const (
	devpollMajor = 240 // LOCAL/EXPERIMENTAL USE
	pollfdSize   = 8   // struct pollfd: int fd; short events, revents
)

type devpollDriver struct{}

func (devpollDriver) OpenSpecial(f *vfs.File, _ *vfs.Process) (vfs.FileOperations, error) {
	f.SetStream()
	return &devpollOps{set: make(map[int32]int16)}, nil
}

// devpollOps is one open /dev/poll: its set.
type devpollOps struct {
	mu  sync.Mutex
	set map[int32]int16 // fd → events
}

// Write takes whole pollfd records: a length that is not a multiple of
// 8, or a negative fd, is EINVAL and changes nothing.
func (o *devpollOps) Write(_ *vfs.File, b []byte, _ *int64) (int, error) {
	if len(b)%pollfdSize != 0 {
		return 0, vfs.EINVAL
	}
	for rec := b; len(rec) > 0; rec = rec[pollfdSize:] {
		if int32(binary.LittleEndian.Uint32(rec)) < 0 {
			return 0, vfs.EINVAL
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for rec := b; len(rec) > 0; rec = rec[pollfdSize:] {
		fd := int32(binary.LittleEndian.Uint32(rec))
		ev := int16(binary.LittleEndian.Uint16(rec[4:]))
		if ev&POLLREMOVE != 0 {
			delete(o.set, fd)
			continue
		}
		o.set[fd] |= ev
	}
	return len(b), nil
}

// Read is EINVAL: the set is read with DP_POLL.
func (o *devpollOps) Read(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EINVAL }

func (o *devpollOps) Ioctl(_ *vfs.File, t *vfs.Process, req uint, arg any) (int, error) {
	switch req {
	case DP_POLL:
		dv, err := vfs.IoctlArg[DvPoll](arg)
		if err != nil {
			return -1, err
		}
		return o.poll(t, dv)
	case DP_ISPOLLED:
		pfd, err := vfs.IoctlArg[vfs.PollFd](arg)
		if err != nil {
			return -1, err
		}
		o.mu.Lock()
		ev, ok := o.set[pfd.Fd]
		o.mu.Unlock()
		if !ok {
			return 0, nil
		}
		pfd.Revents = ev
		return 1, nil
	}
	return -1, vfs.ENOTTY
}

// poll waits on the set with poll(2)'s rules, as the calling process,
// and copies the ready fds out in fd order, as many as Fds holds (with
// no room, it is poll(2) with no fds: a sleep).
func (o *devpollOps) poll(t *vfs.Process, dv *DvPoll) (int, error) {
	o.mu.Lock()
	fds := make([]vfs.PollFd, 0, len(o.set))
	for fd, ev := range o.set {
		fds = append(fds, vfs.PollFd{Fd: fd, Events: ev})
	}
	o.mu.Unlock()
	slices.SortFunc(fds, func(a, b vfs.PollFd) int { return int(a.Fd - b.Fd) })
	if _, err := t.Poll(fds, dv.Timeout); err != nil {
		return -1, err
	}
	n := 0
	for _, p := range fds {
		if p.Revents != 0 && n < len(dv.Fds) {
			dv.Fds[n] = p
			n++
		}
	}
	return n, nil
}

func registerDevpoll(k *vfs.Kernel, fs *FS) error {
	if err := fs.AddNode(Node{Name: "poll", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(devpollMajor, 0)}); err != nil {
		return err
	}
	return k.RegisterCharDevice(vfs.Device{Name: "devpoll", Major: devpollMajor, Count: 1, Driver: devpollDriver{}})
}
