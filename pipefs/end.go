package pipefs

import (
	"math/bits"

	"github.com/govfs/govfs/vfs"
)

// end is one open File on a pipe: the read end, the write end, or both
// for a FIFO opened O_RDWR. version is the writer count seen at open, so
// POLLHUP means "a writer came and went since", not "no writer yet".
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
// waits), empty without writers is end of file. A blocking reader first
// lingers a little (linger.go).
func (e *end) Read(f *vfs.File, dst []byte, _ *int64) (int, error) {
	if len(dst) == 0 {
		return 0, nil
	}
	linger := !f.Nonblock()
	n, err := e.read(dst, linger)
	if err == vfs.EAGAIN && linger && lingering() {
		n, err = e.linger(dst)
	}
	return n, err
}

func (e *end) read(dst []byte, linger bool) (int, error) {
	p := e.p
	p.rmu.Lock()
	n, wasFull := p.readR(dst, linger)
	if n == 0 && p.writers.Load() == 0 {
		// The last writer's data is published before its close: look
		// once more, now that no write can come.
		n, wasFull = p.readR(dst, false)
	}
	p.rmu.Unlock()
	if wasFull {
		p.q.Notify(vfs.POLLOUT)
	}
	if n == 0 && p.writers.Load() != 0 {
		return 0, vfs.EAGAIN
	}
	return n, nil
}

// Write is pipe_write: merge the head of the data into the newest page,
// then fill free slots a page at a time, published every few pages so
// that a reader on another core drains the first pages while the next
// are copied in. With no slot free it says EAGAIN with the count written
// so far, and the VFS waits for room.
func (e *end) Write(f *vfs.File, src []byte, _ *int64) (int, error) {
	p := e.p
	packet := f.Flags()&vfs.O_DIRECT != 0
	if p.readers.Load() == 0 {
		return 0, vfs.EPIPE
	}
	p.wmu.Lock()
	done := 0
	if rem := len(src) % pageSize; rem != 0 && p.mergeW(src[:rem]) {
		done = rem
	}
	var err error
	for pushed := 1; done < len(src); pushed++ {
		if !p.roomW() {
			err = vfs.EAGAIN
			break
		}
		done += p.pushW(src[done:], packet)
		if pushed%chunkPages == 0 && done < len(src) {
			// Let a reader drain these pages while the next are
			// copied in, wake it if it sleeps, and stop if it has gone.
			p.publishW()
			p.q.Notify(vfs.POLLIN)
			if p.readers.Load() == 0 {
				p.wmu.Unlock()
				return done, vfs.EPIPE
			}
		}
	}
	p.publishW()
	p.wmu.Unlock()
	// Every write that stored data notifies, not only one into an empty
	// pipe: an edge-triggered epoll sees each write as an edge, as
	// Linux's pipe_write wakes once the pipe has been polled
	// (poll_usage). With nobody waiting, Notify is one atomic load.
	if done > 0 {
		p.q.Notify(vfs.POLLIN)
	}
	return done, err
}

// chunkPages is how many pages one write copies between publishing them.
const chunkPages = 4

// Readiness is pipe_poll. It takes no lock: each answer is true at the
// moment of one atomic load, and the wait loop looks again after every
// wake-up.
func (e *end) Readiness(f *vfs.File, mask uint32) uint32 {
	p := e.p
	var r uint32
	if readable(f) {
		if !p.empty() {
			r |= vfs.POLLIN | pollRdnorm
		}
		if p.writers.Load() == 0 && int64(e.version) != p.wCounter.Load() {
			r |= vfs.POLLHUP
		}
	}
	if writable(f) {
		if !p.full() {
			r |= vfs.POLLOUT | pollWrnorm
		}
		if p.readers.Load() == 0 {
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

// EventQueue is the pipe's one wait queue.
func (e *end) EventQueue(*vfs.File) *vfs.WaitQueue { return &e.p.q }

// Release drops this end's reader and writer counts and wakes whoever
// that ends: readers see EOF or POLLHUP, writers EPIPE or POLLERR.
func (e *end) Release(f *vfs.File) {
	p := e.p
	p.mu.Lock()
	if readable(f) {
		p.readers.Add(-1)
	}
	if writable(f) {
		p.writers.Add(-1)
	}
	gone := p.readers.Load() == 0 && p.writers.Load() == 0
	p.mu.Unlock()
	p.q.Notify(vfs.POLLIN | vfs.POLLOUT | vfs.POLLHUP | vfs.POLLERR)
	if gone {
		e.fs.forgetFIFO(f.Inode(), p)
	}
}

// Fasync accepts O_ASYNC, as pipe_fasync does. govfs records the flag
// but does not yet deliver SIGIO.
func (e *end) Fasync(*vfs.File, bool) error { return nil }

// Ioctl answers FIONREAD: the bytes buffered.
func (e *end) Ioctl(f *vfs.File, _ *vfs.Process, req uint, arg any) (int, error) {
	if req != vfs.FIONREAD {
		return -1, vfs.ENOTTY
	}
	v, err := vfs.IoctlArg[int32](arg)
	if err != nil {
		return -1, err
	}
	e.p.rmu.Lock()
	*v = int32(e.p.bytesR())
	e.p.rmu.Unlock()
	return 0, nil
}

// Fcntl answers F_GETPIPE_SZ and F_SETPIPE_SZ (pipe_fcntl).
func (e *end) Fcntl(f *vfs.File, t *vfs.Process, cmd, arg int) (int, error) {
	p := e.p
	switch cmd {
	case vfs.F_GETPIPE_SZ:
		return p.size(), nil
	case vfs.F_SETPIPE_SZ:
		size, ok := roundPipeSize(arg)
		if !ok {
			return -1, vfs.EINVAL
		}
		if size > int(e.fs.MaxSize.Load()) && t.Geteuid() != 0 {
			return -1, vfs.EPERM
		}
		if err := p.resize(size / pageSize); err != nil {
			return -1, err
		}
		// As pipe_resize_ring does: there may be room now for a writer
		// that sleeps on a full pipe, and no read will say so.
		p.q.Notify(vfs.POLLOUT)
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
