package anonfs

import (
	"encoding/binary"
	"math/bits"
	"strconv"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// eventfd(2): a 64-bit counter as a file (fs/eventfd.c). A write adds
// its 8-byte value; a read takes the whole count and leaves 0, or, with
// EFD_SEMAPHORE, takes 1. The count never reaches 2^64-1: a write that
// would pass 0xfffffffffffffffe waits until a read makes room. The
// object never blocks itself: it says EAGAIN and notifies its queue,
// and the VFS's one loop does the waiting, with EINTR for a signal and
// ESRCH for an exit as every blocking read and write.
//
//	count 0 ──write(3)──▶ 3 ──read──▶ 0 (returns 3)
//	                        ╰─read, EFD_SEMAPHORE──▶ 2 (returns 1)

// eventfdFlags are the flags eventfd2(2) knows (EFD_FLAGS_SET).
const eventfdFlags = vfs.EFD_SEMAPHORE | vfs.EFD_CLOEXEC | vfs.EFD_NONBLOCK

// eventfdMax is ULLONG_MAX: the count stays below it.
const eventfdMax = ^uint64(0)

func init() {
	registrations = append(registrations, func(k *vfs.Kernel, fs *FS) error {
		return k.RegisterEventfd(&eventfdMaker{fs: fs})
	})
}

// eventfdMaker makes eventfds and numbers them with the lowest free id,
// as Linux's eventfd_ida does: fdinfo shows it as eventfd-id.
type eventfdMaker struct {
	fs  *FS
	mu  sync.Mutex
	ids []uint64 // a bit per id in use
}

// Eventfd is eventfd2(2)'s maker. initval is an unsigned int on Linux:
// higher bits are dropped, as the syscall's argument drops them.
func (m *eventfdMaker) Eventfd(p *vfs.Process, initval uint, flags int) (*vfs.File, error) {
	if flags&^eventfdFlags != 0 {
		return nil, vfs.EINVAL
	}
	e := &eventfd{m: m, count: uint64(uint32(initval)), semaphore: flags&vfs.EFD_SEMAPHORE != 0, id: m.allocID()}
	return m.fs.NewFile("[eventfd]", vfs.O_RDWR|flags&vfs.EFD_NONBLOCK, e), nil
}

func (m *eventfdMaker) allocID() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, w := range m.ids {
		if w != ^uint64(0) {
			b := bits.TrailingZeros64(^w)
			m.ids[i] |= 1 << b
			return i*64 + b
		}
	}
	m.ids = append(m.ids, 1)
	return (len(m.ids) - 1) * 64
}

func (m *eventfdMaker) freeID(id int) {
	m.mu.Lock()
	m.ids[id/64] &^= 1 << (id % 64)
	m.mu.Unlock()
}

// eventfd is struct eventfd_ctx, the File's operations.
type eventfd struct {
	noopSeek
	m         *eventfdMaker
	semaphore bool
	id        int
	q         vfs.WaitQueue

	mu    sync.Mutex
	count uint64
}

var (
	_ vfs.Poller         = (*eventfd)(nil)
	_ vfs.Releaser       = (*eventfd)(nil)
	_ vfs.FdinfoShower   = (*eventfd)(nil)
	_ vfs.Seeker         = (*eventfd)(nil)
	_ vfs.FileOperations = (*eventfd)(nil)
	_ vfs.SegmentWriter  = (*eventfd)(nil)
)

// Read is eventfd_read: 8 bytes at least (EINVAL), the count as a
// little-endian uint64; EAGAIN while it is 0.
func (e *eventfd) Read(_ *vfs.File, dst []byte, _ *int64) (int, error) {
	if len(dst) < 8 {
		return 0, vfs.EINVAL
	}
	e.mu.Lock()
	if e.count == 0 {
		e.mu.Unlock()
		return 0, vfs.EAGAIN
	}
	v := e.count
	if e.semaphore {
		v = 1
	}
	e.count -= v
	e.mu.Unlock()
	binary.LittleEndian.PutUint64(dst, v)
	e.q.Notify(vfs.POLLOUT)
	return 8, nil
}

// Write is eventfd_write: exactly 8 bytes (EINVAL otherwise, since Linux
// 6.6), a value below 2^64-1 (EINVAL), added when the count stays below
// 2^64-1 and EAGAIN until then.
// WritesBySegment: eventfd has write, not write_iter, so a writev of
// [8 bytes, 8 bytes] adds twice and [4, 4] is EINVAL, as on Linux.
func (*eventfd) WritesBySegment() {}

func (e *eventfd) Write(_ *vfs.File, src []byte, _ *int64) (int, error) {
	if len(src) != 8 {
		return 0, vfs.EINVAL
	}
	v := binary.LittleEndian.Uint64(src)
	if v == eventfdMax {
		return 0, vfs.EINVAL
	}
	e.mu.Lock()
	if eventfdMax-e.count <= v {
		e.mu.Unlock()
		return 0, vfs.EAGAIN
	}
	e.count += v
	e.mu.Unlock()
	// Every write wakes, even of 0 and even if the count was already
	// non-zero: an edge-triggered epoll sees each one as Linux's does.
	e.q.Notify(vfs.POLLIN)
	return 8, nil
}

// Readiness is eventfd_poll: POLLIN while the count is non-zero,
// POLLOUT while a write of 1 would not wait. Neither comes with
// POLLRDNORM or POLLWRNORM.
func (e *eventfd) Readiness(_ *vfs.File, mask uint32) uint32 {
	e.mu.Lock()
	c := e.count
	e.mu.Unlock()
	var r uint32
	if c > 0 {
		r |= vfs.POLLIN
	}
	if c == eventfdMax {
		r |= vfs.POLLERR
	}
	if c < eventfdMax-1 {
		r |= vfs.POLLOUT
	}
	return r & mask
}

// EventQueue is the eventfd's one queue (ctx->wqh).
func (e *eventfd) EventQueue(*vfs.File) *vfs.WaitQueue { return &e.q }

// Release gives the id back.
func (e *eventfd) Release(*vfs.File) { e.m.freeID(e.id) }

// ShowFdinfo adds eventfd_show_fdinfo's lines:
//
//	eventfd-count:                5
//	eventfd-id: 0
//	eventfd-semaphore: 1
func (e *eventfd) ShowFdinfo(_ *vfs.File, b []byte) []byte {
	e.mu.Lock()
	c := e.count
	e.mu.Unlock()
	b = append(b, "eventfd-count: "...)
	b = appendPadded(b, strconv.FormatUint(c, 16), 16)
	b = append(b, "\neventfd-id: "...)
	b = strconv.AppendInt(b, int64(e.id), 10)
	b = append(b, "\neventfd-semaphore: "...)
	if e.semaphore {
		return append(b, "1\n"...)
	}
	return append(b, "0\n"...)
}

// appendPadded appends s right-aligned in width columns, as printf's
// %16llx does.
func appendPadded(b []byte, s string, width int) []byte {
	for i := len(s); i < width; i++ {
		b = append(b, ' ')
	}
	return append(b, s...)
}
