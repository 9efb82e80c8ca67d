package vfs

// dup(2), dup2(2), dup3(2), fcntl(2) and ioctl(2): calls about fds and
// open File flags rather than about data.

// Dup returns a new fd, the lowest free, on the same File (dup(2)).
func (p *Process) Dup(oldfd int) (int, error) {
	tr, tf := p.k.traceFD(p, oldfd)
	fd, err := p.dupfd(oldfd, 0, false)
	if tr != nil {
		tr.fdDone(tf, "", 0, nil)
		tr.fdShared(oldfd, fd, err)
		tr.end("dup", int64(fd), err, oldfd)
	}
	return fd, err
}

func (p *Process) dupfd(oldfd, min int, cloexec bool) (int, error) {
	f, err := p.fdgetRaw(oldfd)
	if err != nil {
		return -1, err
	}
	fd, err := p.files.alloc(f, min, cloexec, p.nofile())
	if err != nil {
		f.DecRef()
	}
	return fd, err
}

// Dup2 makes newfd refer to oldfd's File, closing what newfd held
// (dup2(2)). Dup2(fd, fd) on a valid fd changes nothing.
func (p *Process) Dup2(oldfd, newfd int) error {
	tr, tf := p.k.traceFD(p, oldfd)
	err := p.dup3(tr, oldfd, newfd, 0, true)
	if tr != nil {
		tr.fdDone(tf, "", 0, nil)
		if oldfd != newfd {
			tr.fdShared(oldfd, newfd, err)
		}
		tr.end("dup2", int64(newfd), err, oldfd, newfd)
	}
	return err
}

// Dup3 is dup2 with O_CLOEXEC and without the oldfd == newfd shortcut,
// which is EINVAL (dup3(2)).
func (p *Process) Dup3(oldfd, newfd, flags int) error {
	tr, tf := p.k.traceFD(p, oldfd)
	err := p.dup3(tr, oldfd, newfd, flags, false)
	if tr != nil {
		tr.fdDone(tf, "", 0, nil)
		if oldfd != newfd {
			tr.fdShared(oldfd, newfd, err)
		}
		tr.end("dup3", int64(newfd), err, oldfd, newfd, flags)
	}
	return err
}

func (p *Process) dup3(tr *callTrace, oldfd, newfd, flags int, isDup2 bool) error {
	if flags&^O_CLOEXEC != 0 {
		return EINVAL
	}
	if oldfd == newfd {
		if !isDup2 {
			return EINVAL
		}
		f, err := p.fdgetRaw(oldfd)
		if err == nil {
			f.DecRef()
		}
		return err
	}
	if newfd < 0 || newfd >= p.nofile() {
		return EBADF
	}
	f, err := p.fdgetRaw(oldfd)
	if err != nil {
		return err
	}
	if tr != nil {
		tr.replacing(newfd)
	}
	if err := p.files.replace(newfd, f, flags&O_CLOEXEC != 0); err != nil {
		f.DecRef()
		return err
	}
	return nil
}

// Fcntler handles fcntl(2) commands that belong to a kind of file
// (F_GETPIPE_SZ, F_SETPIPE_SZ). Missing: EBADF for those, as for a pipe
// command on a non-pipe, and EINVAL for any other.
type Fcntler interface {
	// Fcntl runs cmd for the calling process t, whose credentials
	// decide privileged cases.
	Fcntl(f *File, t *Process, cmd, arg int) (int, error)
}

// setflMask is what F_SETFL may change (SETFL_MASK). O_ASYNC is not in
// it: only a file that can signal readiness (Fasyncer) takes it.
const setflMask = O_APPEND | O_NONBLOCK | O_NDELAY | O_DIRECT | O_NOATIME

// Fasyncer is a file that can raise SIGIO when it becomes ready
// (O_ASYNC, fasync): Fasync puts f on the backend's FasyncList or takes
// it off (fown.go). Missing: F_SETFL ignores O_ASYNC and FIOASYNC is
// ENOTTY.
type Fasyncer interface {
	Fasync(f *File, on bool) error
}

// setFlags replaces the bits of mask in the status flags with those of set.
func (f *File) setFlags(mask, set uint32) {
	for {
		old := f.flags.Load()
		if f.flags.CompareAndSwap(old, old&^mask|set&mask) {
			return
		}
	}
}

// setAsync turns O_ASYNC on or off through the file's Fasync.
func (f *File) setAsync(on bool) error {
	if (f.flags.Load()&O_ASYNC != 0) == on {
		return nil
	}
	fa, ok := f.ops.(Fasyncer)
	if !ok {
		return ENOTTY
	}
	if err := fa.Fasync(f, on); err != nil {
		return err
	}
	var set uint32
	if on {
		set = O_ASYNC
	}
	f.setFlags(O_ASYNC, set)
	return nil
}

// FcntlInt performs an fcntl(2) command with an int argument.
func (p *Process) FcntlInt(fd uintptr, cmd, arg int) (int, error) {
	tr, tf := p.k.traceFD(p, int(fd))
	r, err := p.fcntl(int(fd), cmd, arg)
	if tr != nil {
		op := "" // the core's own commands: the fd table or the File's flags
		switch cmd {
		case F_DUPFD, F_DUPFD_CLOEXEC:
			tr.fdShared(int(fd), r, err)
		case F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_SETOWN, F_GETOWN, F_SETSIG, F_GETSIG:
		default:
			op = "fcntl" // a Fcntler's (F_SETPIPE_SZ)
		}
		tr.fdDone(tf, op, int64(r), err)
		tr.end("fcntl", int64(r), err, int(fd), cmd, arg)
	}
	return r, err
}

func (p *Process) fcntl(fd, cmd, arg int) (int, error) {
	f, err := p.fdgetRaw(fd)
	if err != nil {
		return -1, err
	}
	defer f.DecRef()
	switch cmd {
	case F_DUPFD, F_DUPFD_CLOEXEC:
		if arg < 0 || arg >= p.nofile() {
			return -1, EINVAL
		}
		return p.dupfd(fd, arg, cmd == F_DUPFD_CLOEXEC)
	case F_GETFD:
		on, err := p.files.getCloexec(fd)
		if on {
			return FD_CLOEXEC, err
		}
		return 0, err
	case F_SETFD:
		return 0, p.files.setCloexec(fd, arg&FD_CLOEXEC != 0)
	case F_GETFL:
		return f.Flags(), nil
	}
	if f.fmode&fmodePath != 0 {
		return -1, EBADF
	}
	switch cmd {
	case F_SETFL:
		if arg&O_NOATIME != 0 && !isOwner(p.cred.Load(), f.inode) {
			return -1, EPERM
		}
		if _, ok := f.ops.(DirectIOer); arg&O_DIRECT != 0 && !ok && f.inode.fileType() != S_IFIFO {
			return -1, EINVAL
		}
		if (uint32(arg)^f.flags.Load())&O_ASYNC != 0 {
			if err := f.setAsync(arg&O_ASYNC != 0); err != nil && err != ENOTTY {
				return -1, err
			}
		}
		f.setFlags(setflMask, uint32(arg))
		return 0, nil
	case F_SETOWN:
		return 0, p.setown(f, arg)
	case F_GETOWN:
		return f.getown(p.k), nil
	case F_SETSIG:
		return 0, f.setsig(arg)
	case F_GETSIG:
		return f.getsig(), nil
	case F_GETPIPE_SZ, F_SETPIPE_SZ:
		if fc, ok := f.ops.(Fcntler); ok {
			return fc.Fcntl(f, p, cmd, arg)
		}
		return -1, EBADF
	}
	if fc, ok := f.ops.(Fcntler); ok {
		return fc.Fcntl(f, p, cmd, arg)
	}
	return -1, EINVAL
}

// ioctl requests the VFS answers for every file (do_vfs_ioctl).
const (
	FIONREAD = 0x541b
	FIONBIO  = 0x5421
	FIOASYNC = 0x5452
	FIOCLEX  = 0x5451
	FIONCLEX = 0x5450
)

// Ioctl performs a device- or file-specific request (ioctl(2)). arg is a
// pointer to what the request reads or fills (*int32 for FIONREAD and
// FIONBIO); requests the VFS does not know go to the File's Ioctler.
func (p *Process) Ioctl(fd int, req uint, arg any) (int, error) {
	tr, tf := p.k.traceFD(p, fd)
	r, err := p.ioctl(fd, req, arg)
	if tr != nil {
		tr.fdDone(tf, "ioctl", int64(r), err)
		tr.end("ioctl", int64(r), err, fd, req)
	}
	return r, err
}

func (p *Process) ioctl(fd int, req uint, arg any) (int, error) {
	f, err := p.fdget(fd)
	if err != nil {
		return -1, err
	}
	defer f.DecRef()
	switch req {
	case FIOCLEX, FIONCLEX:
		return 0, p.files.setCloexec(fd, req == FIOCLEX)
	case FIONBIO, FIOASYNC:
		v, err := IoctlArg[int32](arg)
		if err != nil {
			return -1, err
		}
		if req == FIOASYNC {
			return 0, f.setAsync(*v != 0)
		}
		var set uint32
		if *v != 0 {
			set = O_NONBLOCK
		}
		f.setFlags(O_NONBLOCK, set)
		return 0, nil
	}
	if io, ok := f.ops.(Ioctler); ok {
		return io.Ioctl(f, p, req, arg)
	}
	if req == FIONREAD && f.inode.fileType() == S_IFREG {
		v, err := IoctlArg[int32](arg)
		if err != nil {
			return -1, err
		}
		f.posMu.Lock()
		*v = int32(f.inode.Size() - f.pos)
		f.posMu.Unlock()
		return 0, nil
	}
	return -1, ENOTTY
}

// IoctlGetInt performs a request that fills an int (FIONREAD).
func (p *Process) IoctlGetInt(fd int, req uint) (int, error) {
	var v int32
	_, err := p.Ioctl(fd, req, &v)
	return int(v), err
}

// IoctlSetPointerInt is IoctlSetInt under x/sys/unix's name for a
// request that takes an int by pointer (TIOCSPTLCK).
func (p *Process) IoctlSetPointerInt(fd int, req uint, value int) error {
	return p.IoctlSetInt(fd, req, value)
}

// IoctlSetInt performs a request that takes an int by pointer (FIONBIO).
func (p *Process) IoctlSetInt(fd int, req uint, value int) error {
	v := int32(value)
	_, err := p.Ioctl(fd, req, &v)
	return err
}
