package vfs

// read(2), write(2) and their positional and vector forms, lseek(2),
// close(2) and fsync(2): the calls that go through an fd to a File.

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

// Fget returns the open File behind fd with a reference the caller
// must drop with DecRef (fget_raw): what a backend needs to pass a File
// on, as SCM_RIGHTS does, or to look at it, as /proc/PID/fd does. O_PATH
// Files are returned too; EBADF if fd is not open.
func (p *Process) Fget(fd int) (*File, error) {
	f, err := p.files.get(fd)
	if err != nil {
		return nil, err
	}
	return f.expose(), nil
}

// Close closes fd (close(2)).
func (p *Process) Close(fd int) error {
	if tr := p.k.traceBegin(p); tr != nil {
		f := tr.fdPeek(fd)
		err := p.files.close(fd)
		tr.closeLayer(fd, f, err)
		tr.end("close", 0, err, fd)
		return err
	}
	return p.files.close(fd)
}

// Read reads from fd at its offset (read(2)).
func (p *Process) Read(fd int, b []byte) (int, error) {
	tr := p.k.traceBegin(p)
	n, err := p.rw(tr, fd, b, -1, false)
	if tr != nil {
		tr.end("read", int64(n), err, fd, len(b))
	}
	return n, err
}

// Write writes to fd at its offset (write(2)).
func (p *Process) Write(fd int, b []byte) (int, error) {
	tr := p.k.traceBegin(p)
	n, err := p.rw(tr, fd, b, -1, true)
	if tr != nil {
		tr.end("write", int64(n), err, fd, b)
	}
	return n, err
}

// Pread reads at offset without moving the file offset (pread64(2)).
func (p *Process) Pread(fd int, b []byte, offset int64) (int, error) {
	tr := p.k.traceBegin(p)
	n, err := p.prw(tr, fd, b, offset, false)
	if tr != nil {
		tr.end("pread64", int64(n), err, fd, len(b), offset)
	}
	return n, err
}

// Pwrite writes at offset without moving the file offset (pwrite64(2)).
func (p *Process) Pwrite(fd int, b []byte, offset int64) (int, error) {
	tr := p.k.traceBegin(p)
	n, err := p.prw(tr, fd, b, offset, true)
	if tr != nil {
		tr.end("pwrite64", int64(n), err, fd, b, offset)
	}
	return n, err
}

func (p *Process) prw(tr *callTrace, fd int, b []byte, offset int64, write bool) (int, error) {
	if offset < 0 {
		return 0, EINVAL // before the fd is even looked at, as in ksys_pread64
	}
	return p.rw(tr, fd, b, offset, write)
}

// rw is the body of every read and write: find the File, hold it for
// the call, dispatch. tr, if not nil, records the layers.
func (p *Process) rw(tr *callTrace, fd int, b []byte, offset int64, write bool) (int, error) {
	f, err := p.fdget(fd)
	if err != nil {
		return 0, err
	}
	if tr != nil {
		tr.fileLayer(fd, f)
	}
	if len(b) > maxRW {
		b = b[:maxRW]
	}
	var n int
	if write {
		n, err = p.fileWrite(tr, f, b, offset)
	} else {
		n, err = p.fileRead(tr, f, b, offset)
	}
	f.DecRef() // not deferred: a defer costs a tenth of a small read
	return n, err
}

// fileRead is one read with the blocking loop around it: the backend
// says EAGAIN, the loop waits for POLLIN (unless O_NONBLOCK) and tries
// again.
func (p *Process) fileRead(tr *callTrace, f *File, b []byte, offset int64) (int, error) {
	n, err := f.readAt(b, offset)
	if tr != nil {
		tr.dispatched(f, "read", n, err)
	}
	if err == EAGAIN && !f.Nonblock() {
		n, err = p.blockingRead(tr, f, b, offset)
	}
	return finish(n, err)
}

func (p *Process) blockingRead(tr *callTrace, f *File, b []byte, offset int64) (n int, err error) {
	q := f.EventQueue()
	if q == nil {
		return 0, EAGAIN
	}
	rcv, _ := sockTimeouts(f) // read(2) on a socket honours SO_RCVTIMEO
	if berr := p.block([]*WaitQueue{q}, POLLIN|pollRdnorm|POLLRDHUP, p.sockDeadline(rcv), func() bool {
		n, err = f.readAt(b, offset)
		if tr != nil && tr.retry() {
			tr.fopLayer(f, "read", n, err)
		}
		return err != EAGAIN
	}); berr != nil {
		if berr == errDeadline {
			berr = EAGAIN
		}
		if tr != nil {
			tr.blockEnd(berr)
		}
		return 0, berr
	}
	return n, err
}

// fileWrite is one write with the blocking loop around it. A backend
// writes what fits and says EAGAIN for the rest; a blocking write goes
// on until all is written, and a signal ends it with the partial count.
// EPIPE raises SIGPIPE on the writer.
func (p *Process) fileWrite(tr *callTrace, f *File, b []byte, offset int64) (int, error) {
	done, err := f.writeAt(b, offset)
	if tr != nil {
		tr.dispatched(f, "write", done, err)
	}
	if err == EAGAIN && (done < len(b) || len(b) == 0) && !f.Nonblock() {
		var n int
		n, err = p.blockingWrite(tr, f, b[done:], offset)
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

func (p *Process) blockingWrite(tr *callTrace, f *File, b []byte, offset int64) (done int, err error) {
	q := f.EventQueue()
	if q == nil {
		return 0, EAGAIN
	}
	_, snd := sockTimeouts(f)
	if berr := p.block([]*WaitQueue{q}, POLLOUT|pollWrnorm, p.sockDeadline(snd), func() bool {
		var n int
		n, err = f.writeAt(b[done:], offset)
		if tr != nil && tr.retry() {
			tr.fopLayer(f, "write", n, err)
		}
		done += n
		return err != EAGAIN || done == len(b) && len(b) > 0
	}); berr != nil {
		if berr == errDeadline {
			berr = EAGAIN
		}
		if tr != nil {
			tr.blockEnd(berr)
		}
		return done, berr
	}
	return done, err
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
	tr := p.k.traceBegin(p)
	n, err := p.rwv(tr, fd, iovs, false)
	if tr != nil {
		tr.end("readv", int64(n), err, fd, len(iovs))
	}
	return n, err
}

// Writev writes each buffer in turn (writev(2)).
func (p *Process) Writev(fd int, iovs [][]byte) (int, error) {
	tr := p.k.traceBegin(p)
	n, err := p.rwv(tr, fd, iovs, true)
	if tr != nil {
		tr.end("writev", int64(n), err, fd, len(iovs))
	}
	return n, err
}

const iovMax = 1024 // UIO_MAXIOV

func (p *Process) rwv(tr *callTrace, fd int, iovs [][]byte, write bool) (int, error) {
	f, err := p.fdget(fd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if tr != nil {
		tr.fileLayer(fd, f)
	}
	// vfs_readv/vfs_writev check the access mode before looking at the
	// vector, so even a vector of nothing on the wrong end is EBADF.
	if write && f.fmode&fmodeWrite == 0 || !write && f.fmode&fmodeRead == 0 {
		return 0, EBADF
	}
	if _, ok := f.ops.(NoReadWriter); ok {
		return 0, EINVAL // before the vector's length: even of nothing
	}
	if _, ok := f.ops.(NoWriter); ok && write {
		return 0, EINVAL
	}
	if len(iovs) > iovMax {
		return 0, EINVAL
	}
	if _, ok := f.ops.(SegmentWriter); ok && write {
		return p.writeSegments(tr, f, iovs)
	}
	// One vector is one call to the backend, as Linux hands it one
	// iov_iter: an O_APPEND writev lands whole, a writev of at most
	// PIPE_BUF bytes to a pipe is atomic, a readv takes one packet.
	buf, err := gather(iovs, write)
	if err != nil || len(buf) == 0 {
		return 0, err
	}
	var n int
	if write {
		n, err = p.fileWrite(tr, f, buf, -1)
	} else {
		n, err = p.fileRead(tr, f, buf, -1)
		if len(iovs) > 1 {
			scatter(iovs, buf[:n])
		}
	}
	return n, err
}

// writeSegments is do_loop_readv_writev for a SegmentWriter: a vector
// of nothing writes nothing; otherwise each segment is one Write, the
// first one even if empty (the iterator starts on it), later empty
// ones skipped (advancing past a segment skips them). The first error
// is returned only if nothing was written.
func (p *Process) writeSegments(tr *callTrace, f *File, iovs [][]byte) (int, error) {
	total := 0
	for _, b := range iovs {
		total += len(b)
	}
	if total == 0 {
		return 0, nil
	}
	done := 0
	for i, seg := range iovs {
		if len(seg) == 0 && i > 0 {
			continue
		}
		n, err := p.fileWrite(tr, f, seg, -1)
		if err != nil {
			if done == 0 {
				return 0, err
			}
			return done, nil
		}
		done += n
		if n != len(seg) {
			break
		}
	}
	return done, nil
}

// gather returns the vector as one buffer: the only one, or a copy of
// the bytes to write, or room for the bytes to read. The total is capped
// at MAX_RW_COUNT, and a total that overflows is EINVAL.
func gather(iovs [][]byte, write bool) ([]byte, error) {
	total := 0
	for _, b := range iovs {
		if total += len(b); total < 0 {
			return nil, EINVAL
		}
	}
	total = min(total, maxRW)
	if total == 0 {
		return nil, nil
	}
	for _, b := range iovs {
		if len(b) == total {
			return b, nil // the only non-empty one: no copy
		}
		if len(b) > 0 {
			break
		}
	}
	if !write {
		return make([]byte, total), nil
	}
	buf := make([]byte, 0, total)
	for _, b := range iovs {
		buf = append(buf, b[:min(len(b), total-len(buf))]...)
	}
	return buf, nil
}

// scatter copies what a readv read into its vector.
func scatter(iovs [][]byte, data []byte) {
	for _, b := range iovs {
		data = data[copy(b, data):]
	}
}

// Seek moves fd's offset (lseek(2)).
func (p *Process) Seek(fd int, offset int64, whence int) (int64, error) {
	tr, tf := p.k.traceFD(p, fd)
	off, err := p.seek(fd, offset, whence)
	if tr != nil {
		tr.fdDone(tf, "llseek", off, err)
		tr.end("lseek", off, err, fd, offset, whence)
	}
	return off, err
}

func (p *Process) seek(fd int, offset int64, whence int) (int64, error) {
	f, err := p.fdget(fd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if uint32(whence) > SEEK_HOLE { // ksys_lseek, before any file's llseek says ESPIPE
		return 0, EINVAL
	}
	return f.seek(offset, whence)
}

// Fsync flushes fd's file (fsync(2)); in memory there is little to do.
func (p *Process) Fsync(fd int) error {
	tr, tf := p.k.traceFD(p, fd)
	f, err := p.fdget(fd)
	if err == nil {
		if s, ok := f.ops.(Fsyncer); ok {
			err = s.Fsync(f)
		}
		f.DecRef()
	}
	if tr != nil {
		tr.fdDone(tf, "fsync", 0, err)
		tr.end("fsync", 0, err, fd)
	}
	return err
}

// Sync flushes everything (sync(2)): nothing to do in memory.
func (p *Process) Sync() {
	if p.k.tracing() {
		p.k.traceSys(p, "sync", 0, nil)
	}
}
