package pipefs

import (
	"math/bits"

	"github.com/govfs/govfs/vfs"
)

// end is one open File on a pipe: the read end, the write end, or both
// for a FIFO opened O_RDWR. version (f_pipe) is the writer count a FIFO
// opened O_RDONLY|O_NONBLOCK without writers saw, so that its POLLHUP
// means "a writer came and went since", not "no writer yet"; 0, which
// no count equals (they start at 1), for every other open.
type end struct {
	p       *pipe
	fs      *FS
	version int
}

var (
	_ vfs.FileOperations = (*end)(nil)
	_ vfs.Poller         = (*end)(nil)
	_ vfs.Releaser       = (*end)(nil)
	_ vfs.Ioctler        = (*end)(nil)
	_ vfs.Fcntler        = (*end)(nil)
)

// Read takes what is buffered; empty with writers is EAGAIN (the VFS
// waits), empty without writers is end of file.
func (e *end) Read(f *vfs.File, dst []byte, _ *int64) (int, error) {
	if len(dst) == 0 {
		return 0, nil
	}
	p := e.p
	p.mu.Lock()
	if p.emptyLocked() {
		writers := p.writers
		p.mu.Unlock()
		p.sigio(false) // pipe_read's kill_fasync comes after any read
		if writers == 0 {
			return 0, nil
		}
		return 0, vfs.EAGAIN
	}
	wasFull := p.fullLocked()
	n := p.readLocked(dst)
	p.mu.Unlock()
	if wasFull {
		// pipe_read wakes the writers of a pipe that was full, whether
		// or not a slot is free now.
		p.wakeWriters(vfs.POLLOUT | pollWrnorm)
	}
	p.sigio(false)
	return n, nil
}

// Write is pipe_write: merge the head of the data into the newest page,
// then fill free slots a page at a time. With no slot free it says
// EAGAIN with the count written so far, and the VFS waits for room. The
// lock is dropped every few pages so that a reader on another core
// drains the first pages while the next are copied in; each time the
// lock is taken, an empty pipe means a reader may be asleep, and what is
// written then must wake it.
func (e *end) Write(f *vfs.File, src []byte, _ *int64) (int, error) {
	if len(src) == 0 {
		return 0, nil // before the reader check, as pipe_write's
	}
	p := e.p
	packet := f.Flags()&vfs.O_DIRECT != 0
	p.mu.Lock()
	if p.readers == 0 {
		p.mu.Unlock()
		return 0, vfs.EPIPE
	}
	wasEmpty := p.emptyLocked()
	done := 0
	if rem := len(src) % pageSize; rem != 0 && p.mergeLocked(src[:rem]) {
		done = rem
	}
	var err error
	for pushed := 1; done < len(src); pushed++ {
		if p.fullLocked() {
			err = vfs.EAGAIN
			break
		}
		done += p.pushLocked(src[done:], packet)
		if pushed%chunkPages == 0 && done < len(src) {
			p.mu.Unlock()
			e.wake(wasEmpty)
			p.mu.Lock()
			wasEmpty = p.emptyLocked()
			if p.readers == 0 {
				p.mu.Unlock()
				return done, vfs.EPIPE
			}
		}
	}
	p.mu.Unlock()
	// At the end every write wakes the readers, even one that found the
	// pipe full and stored nothing: Linux's pipe_write does once the
	// pipe has been polled (poll_usage), and only a poller can tell.
	// So an edge-triggered epoll sees each write as an edge. With
	// nobody waiting, the wake-up is an atomic load a queue.
	e.wake(true)
	p.sigio(true)
	return done, err
}

// wake tells the readers that the pipe got data.
func (e *end) wake(yes bool) {
	if yes {
		e.p.wakeReaders(vfs.POLLIN | pollRdnorm)
	}
}

// chunkPages is how many pages one write copies between dropping the lock.
const chunkPages = 4

// Readiness is pipe_poll.
func (e *end) Readiness(f *vfs.File, mask uint32) uint32 {
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	var r uint32
	if readable(f) {
		if !p.emptyLocked() {
			r |= vfs.POLLIN | pollRdnorm
		}
		if p.writers == 0 && e.version != p.wCounter {
			r |= vfs.POLLHUP
		}
	}
	if writable(f) {
		if !p.fullLocked() {
			r |= vfs.POLLOUT | pollWrnorm
		}
		if p.readers == 0 {
			r |= vfs.POLLERR
		}
	}
	return r & mask
}

const (
	pollRdnorm = 0x40
	pollWrnorm = 0x100
)

func readable(f *vfs.File) bool { return f.Flags()&vfs.O_ACCMODE != vfs.O_WRONLY }
func writable(f *vfs.File) bool { return f.Flags()&vfs.O_ACCMODE != vfs.O_RDONLY }

// EventQueue is the queue of the ends like f: read ends, write ends,
// or ends open for both.
func (e *end) EventQueue(f *vfs.File) *vfs.WaitQueue {
	switch r, w := readable(f), writable(f); {
	case r && w:
		return &e.p.bq
	case r:
		return &e.p.rq
	}
	return &e.p.wq
}

// Release drops this end's reader and writer counts. If that leaves one
// side without ends and not the other, both are woken, without a key
// (pipe_release): readers see EOF or POLLHUP, writers EPIPE or POLLERR.
func (e *end) Release(f *vfs.File) {
	p := e.p
	p.mu.Lock()
	if readable(f) {
		p.readers--
	}
	if writable(f) {
		p.writers--
	}
	gone := p.readers == 0 && p.writers == 0
	oneSide := (p.readers == 0) != (p.writers == 0)
	p.mu.Unlock()
	if oneSide {
		p.wakeReaders(vfs.NoKey)
		p.wakeWriters(vfs.NoKey)
		p.sigio(true)
		p.sigio(false)
	}
	if gone {
		e.fs.forgetFIFO(f.Inode(), p)
	}
}

// Fasync puts the end on the pipe's SIGIO lists or takes it off
// (pipe_fasync): a reading end is signalled when the pipe is written, a
// writing end when it is read, both when the other side's last end goes.
func (e *end) Fasync(f *vfs.File, on bool) error {
	p := e.p
	fa := p.fasync.Load()
	if fa == nil {
		p.fasync.CompareAndSwap(nil, new(pipeFasync))
		fa = p.fasync.Load()
	}
	if readable(f) {
		fa.readers.Helper(f, on)
	}
	if writable(f) {
		fa.writers.Helper(f, on)
	}
	return nil
}

// Ioctl answers FIONREAD: the bytes buffered.
func (e *end) Ioctl(f *vfs.File, _ *vfs.Process, req uint, arg any) (int, error) {
	if req != vfs.FIONREAD {
		return -1, vfs.ENOTTY
	}
	v, err := vfs.IoctlArg[int32](arg)
	if err != nil {
		return -1, err
	}
	e.p.mu.Lock()
	*v = int32(e.p.bytesLocked())
	e.p.mu.Unlock()
	return 0, nil
}

// Fcntl answers F_GETPIPE_SZ and F_SETPIPE_SZ (pipe_fcntl).
func (e *end) Fcntl(f *vfs.File, t *vfs.Process, cmd, arg int) (int, error) {
	p := e.p
	switch cmd {
	case vfs.F_GETPIPE_SZ:
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.sizeLocked(), nil
	case vfs.F_SETPIPE_SZ:
		size, ok := roundPipeSize(arg)
		if !ok {
			return -1, vfs.EINVAL
		}
		if size > int(e.fs.MaxSize.Load()) && t.Geteuid() != 0 {
			return -1, vfs.EPERM
		}
		p.mu.Lock()
		if size/pageSize < p.usedLocked() {
			p.mu.Unlock()
			return -1, vfs.EBUSY
		}
		p.resizeLocked(size / pageSize)
		p.mu.Unlock()
		// As pipe_resize_ring does: there may be room now for a writer
		// that sleeps on a full pipe, and no read will say so.
		p.wakeWriters(vfs.NoKey)
		return size, nil
	}
	return -1, vfs.EINVAL
}

// roundPipeSize rounds up to a power-of-two number of pages, at least
// one (round_pipe_size); past 2 GiB it fails.
func roundPipeSize(arg int) (int, bool) {
	if arg < 0 || arg > 1<<31 {
		return 0, false
	}
	if arg <= pageSize {
		return pageSize, true
	}
	return 1 << bits.Len(uint(arg-1)), true
}
