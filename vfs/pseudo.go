package vfs

// Objects without a path — pipes, sockets, eventfds — still have an
// inode, a dentry and a File, in a filesystem that is registered but
// never mounted (pipefs, sockfs, anon_inodefs). These helpers make them
// (kern_mount, alloc_file_pseudo, fd_install).

// KernMount makes an internal mount of sb, attached nowhere, for the
// Files of a pseudo filesystem (kern_mount).
func (k *Kernel) KernMount(sb *SuperBlock) *Mount {
	m := newMount(sb, sb.root, sb.typ.Name())
	m.internal = true
	return m
}

// NewPseudoFile makes an open File on inode (alloc_file_pseudo): its
// dentry is named name ("pipe:[1234]") and lives in mnt's root without
// being hashed there. flags are the O_* flags (access mode, O_NONBLOCK).
// The File is a stream: no offset, no lseek.
func NewPseudoFile(mnt *Mount, inode *Inode, name string, flags int, ops FileOperations) *File {
	d := newDentry(mnt.root, name, inode)
	d.dead.Store(true)
	d.refs.Store(1) // the File's: the dentry is never hashed
	f := &File{path: Path{mnt, d}, inode: inode, ops: ops}
	switch flags & O_ACCMODE {
	case O_RDONLY:
		f.fmode = fmodeRead
	case O_WRONLY:
		f.fmode = fmodeWrite
	case O_RDWR:
		f.fmode = fmodeRead | fmodeWrite
	}
	f.fmode |= fmodeStream
	f.flags.Store(uint32(flags &^ (O_CLOEXEC | O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY)))
	f.refs.Store(1)
	mnt.get()
	return f
}

// InstallFD puts f at the lowest free fd (fd_install), taking over the
// caller's reference; on EMFILE the File is released. A File its maker
// gave no credentials gets p's, as alloc_file takes current_cred():
// linkat(fd, "", AT_EMPTY_PATH) by an unprivileged caller asks for them.
func (p *Process) InstallFD(f *File, cloexec bool) (int, error) {
	if f.cred == nil {
		f.cred = p.cred.Load()
	}
	fd, err := p.files.alloc(f, 0, cloexec, p.nofile())
	if err != nil {
		f.DecRef()
		return -1, err
	}
	return fd, nil
}

// Cred returns the credentials the File was opened with (f_cred).
func (f *File) Cred() *Cred { return f.cred }

// SetCred sets the opener's credentials of a File made by a backend.
func (f *File) SetCred(c *Cred) { f.cred = c }

// Name returns the File's dentry name: for a pseudo file, "pipe:[ino]".
func (f *File) Name() string { return f.path.Dentry.Name() }

// Pipe makes a pipe: p[0] reads, p[1] writes (pipe(2)).
func (p *Process) Pipe(fds []int) error { return p.Pipe2(fds, 0) }

// Pipe2 is pipe with O_CLOEXEC, O_NONBLOCK and O_DIRECT (packet mode).
// The pipes come from the PipeMaker registered on the kernel (pipefs).
func (p *Process) Pipe2(fds []int, flags int) error {
	err := p.pipe2(fds, flags)
	if p.k.tracing() {
		p.k.traceNewFDs(p, "pipe2", 0, err, fds, fds, flags)
	}
	return err
}

func (p *Process) pipe2(fds []int, flags int) error {
	if len(fds) != 2 {
		return EINVAL
	}
	if flags&^(O_CLOEXEC|O_NONBLOCK|O_DIRECT) != 0 {
		return EINVAL
	}
	k := p.k
	k.hooks.mu.Lock()
	pm := k.hooks.pipe
	k.hooks.mu.Unlock()
	if pm == nil {
		return ENOSYS
	}
	r, w, err := pm.MakePipe(p.cred.Load(), flags)
	if err != nil {
		return err
	}
	cloexec := flags&O_CLOEXEC != 0
	rfd, err := p.InstallFD(r, cloexec)
	if err != nil {
		w.DecRef()
		return err
	}
	wfd, err := p.InstallFD(w, cloexec)
	if err != nil {
		p.files.close(rfd)
		return err
	}
	fds[0], fds[1] = rfd, wfd
	return nil
}

// PipeMaker makes the two Files of a new pipe; pipefs registers one.
type PipeMaker interface {
	MakePipe(c *Cred, flags int) (r, w *File, err error)
}

// RegisterPipeMaker makes pipe(2) use m; EBUSY if one is registered.
func (k *Kernel) RegisterPipeMaker(m PipeMaker) error {
	k.hooks.mu.Lock()
	defer k.hooks.mu.Unlock()
	if k.hooks.pipe != nil {
		return EBUSY
	}
	k.hooks.pipe = m
	return nil
}

// Owner returns the ids a new object is owned by (fsuid, fsgid).
func (c *Cred) Owner() (uid, gid uint32) { return c.Fsuid, c.Fsgid }

// AllowSeek lets lseek(2) reach the Seeker of a File made by
// NewPseudoFile, which stays a stream otherwise (pread and pwrite are
// ESPIPE): Linux's anon inodes answer lseek with noop_llseek. Call it
// before the File is installed.
func (f *File) AllowSeek() { f.fmode |= fmodeLseek }
