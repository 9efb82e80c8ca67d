package vfs

// read(2), write(2) and their positional and vector forms, lseek(2),
// close(2) and fsync(2): the calls that go through an fd to a File.

import "time"

// maxRW is MAX_RW_COUNT: the most one call moves.
const maxRW = 0x7ffff000

// fdget returns the File behind fd with a reference held, refusing an
// O_PATH File as Linux's fdget does (EBADF).
func (p *Process) fdget(fd int) (*File, error) {
	f, err := p.files.get(fd)
	if err != nil {
		return nil, err
	}
	if f.fmode&fmodePath != 0 {
		f.DecRef()
		return nil, EBADF
	}
	return f, nil
}

// fdgetRaw is fdget that accepts O_PATH Files (fdget_raw).
func (p *Process) fdgetRaw(fd int) (*File, error) { return p.files.get(fd) }

// Close closes fd (close(2)).
func (p *Process) Close(fd int) error {
	err := p.files.close(fd)
	if p.k.tracing() {
		p.k.traceSys(p, "close", 0, err, fd)
	}
	return err
}

// Read reads from fd at its offset (read(2)).
func (p *Process) Read(fd int, b []byte) (int, error) {
	n, err := p.rw(fd, b, -1, false)
	if p.k.tracing() {
		p.k.traceSys(p, "read", int64(n), err, fd, len(b))
	}
	return n, err
}

// Write writes to fd at its offset (write(2)).
func (p *Process) Write(fd int, b []byte) (int, error) {
	n, err := p.rw(fd, b, -1, true)
	if p.k.tracing() {
		p.k.traceSys(p, "write", int64(n), err, fd, b)
	}
	return n, err
}

// Pread reads at offset without moving the file offset (pread64(2)).
func (p *Process) Pread(fd int, b []byte, offset int64) (int, error) {
	n, err := p.prw(fd, b, offset, false)
	if p.k.tracing() {
		p.k.traceSys(p, "pread64", int64(n), err, fd, len(b), offset)
	}
	return n, err
}

// Pwrite writes at offset without moving the file offset (pwrite64(2)).
func (p *Process) Pwrite(fd int, b []byte, offset int64) (int, error) {
	n, err := p.prw(fd, b, offset, true)
	if p.k.tracing() {
		p.k.traceSys(p, "pwrite64", int64(n), err, fd, b, offset)
	}
	return n, err
}

func (p *Process) prw(fd int, b []byte, offset int64, write bool) (int, error) {
	if offset < 0 {
		return 0, EINVAL // before the fd is even looked at, as in ksys_pread64
	}
	return p.rw(fd, b, offset, write)
}

// rw is the body of every read and write: find the File, hold it for
// the call, dispatch.
func (p *Process) rw(fd int, b []byte, offset int64, write bool) (int, error) {
	f, err := p.fdget(fd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if len(b) > maxRW {
		b = b[:maxRW]
	}
	if write {
		return p.fileWrite(f, b, offset)
	}
	return p.fileRead(f, b, offset)
}

// fileRead is one read with the blocking loop around it: the backend
// says EAGAIN, the loop waits for POLLIN (unless O_NONBLOCK) and tries
// again.
func (p *Process) fileRead(f *File, b []byte, offset int64) (int, error) {
	n, err := f.readAt(b, offset)
	if err == EAGAIN && !f.Nonblock() {
		n, err = p.blockingRead(f, b, offset)
	}
	return finish(n, err)
}

func (p *Process) blockingRead(f *File, b []byte, offset int64) (int, error) {
	pl, ok := f.ops.(Poller)
	if !ok {
		return 0, EAGAIN
	}
	w := NewWaiter(POLLIN | pollRdnorm | POLLRDHUP)
	q := pl.EventQueue(f)
	q.Add(w)
	defer q.Remove(w)
	for {
		n, err := f.readAt(b, offset)
		if err != EAGAIN {
			return n, err
		}
		if _, err := p.wait(w, time.Time{}); err != nil {
			return 0, err
		}
	}
}

// fileWrite is one write with the blocking loop around it. A backend
// writes what fits and says EAGAIN for the rest; a blocking write goes
// on until all is written, and a signal ends it with the partial count.
// EPIPE raises SIGPIPE on the writer.
func (p *Process) fileWrite(f *File, b []byte, offset int64) (int, error) {
	done, err := f.writeAt(b, offset)
	if err == EAGAIN && done < len(b) && !f.Nonblock() {
		var n int
		n, err = p.blockingWrite(f, b[done:], offset)
		done += n
	}
	// A write that stored data clears the set-id bits; one refused by
	// the checks before it (EBADF, EINVAL at offsets past 2^63, EFBIG)
	// leaves them, as Linux's file_remove_privs runs after those.
	if c := p.cred.Load(); c.Fsuid != 0 && done > 0 {
		removePrivs(c, f.inode)
	}
	if err == EPIPE {
		p.signal(SIGPIPE)
	}
	return finish(done, err)
}

func (p *Process) blockingWrite(f *File, b []byte, offset int64) (int, error) {
	pl, ok := f.ops.(Poller)
	if !ok {
		return 0, EAGAIN
	}
	w := NewWaiter(POLLOUT | pollWrnorm)
	q := pl.EventQueue(f)
	q.Add(w)
	defer q.Remove(w)
	done := 0
	for {
		n, err := f.writeAt(b[done:], offset)
		done += n
		if err != EAGAIN || done == len(b) {
			return done, err
		}
		if _, err := p.wait(w, time.Time{}); err != nil {
			return done, err
		}
	}
}

// finish applies the rule for partial transfers: bytes moved win over an
// error, which is then dropped.
func finish(n int, err error) (int, error) {
	if n > 0 {
		return n, nil
	}
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Readv reads into each buffer in turn (readv(2)); a short read stops.
func (p *Process) Readv(fd int, iovs [][]byte) (int, error) {
	n, err := p.rwv(fd, iovs, false)
	if p.k.tracing() {
		p.k.traceSys(p, "readv", int64(n), err, fd, len(iovs))
	}
	return n, err
}

// Writev writes each buffer in turn (writev(2)).
func (p *Process) Writev(fd int, iovs [][]byte) (int, error) {
	n, err := p.rwv(fd, iovs, true)
	if p.k.tracing() {
		p.k.traceSys(p, "writev", int64(n), err, fd, len(iovs))
	}
	return n, err
}

const iovMax = 1024 // UIO_MAXIOV

func (p *Process) rwv(fd int, iovs [][]byte, write bool) (int, error) {
	f, err := p.fdget(fd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	// vfs_readv/vfs_writev check the access mode before looking at the
	// vector, so even a vector of nothing on the wrong end is EBADF.
	if write && f.fmode&fmodeWrite == 0 || !write && f.fmode&fmodeRead == 0 {
		return 0, EBADF
	}
	if len(iovs) > iovMax {
		return 0, EINVAL
	}
	total := 0
	for _, b := range iovs {
		if len(b) == 0 {
			continue
		}
		var n int
		if write {
			n, err = p.fileWrite(f, b, -1)
		} else {
			n, err = p.fileRead(f, b, -1)
		}
		total += n
		if err != nil || n < len(b) {
			break
		}
	}
	if total == 0 && err != nil {
		return 0, err
	}
	return total, nil
}

// Seek moves fd's offset (lseek(2)).
func (p *Process) Seek(fd int, offset int64, whence int) (int64, error) {
	off, err := p.seek(fd, offset, whence)
	if p.k.tracing() {
		p.k.traceSys(p, "lseek", off, err, fd, offset, whence)
	}
	return off, err
}

func (p *Process) seek(fd int, offset int64, whence int) (int64, error) {
	f, err := p.fdget(fd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	return f.seek(offset, whence)
}

// Fsync flushes fd's file (fsync(2)); in memory there is little to do.
func (p *Process) Fsync(fd int) error {
	f, err := p.fdget(fd)
	if err == nil {
		if s, ok := f.ops.(Fsyncer); ok {
			err = s.Fsync(f)
		}
		f.DecRef()
	}
	if p.k.tracing() {
		p.k.traceSys(p, "fsync", 0, err, fd)
	}
	return err
}

// Sync flushes everything (sync(2)): nothing to do in memory.
func (p *Process) Sync() {
	if p.k.tracing() {
		p.k.traceSys(p, "sync", 0, nil)
	}
}
