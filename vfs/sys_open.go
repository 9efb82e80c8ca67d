package vfs

// open(2) and friends: from flags and a path to an fd (fs/open.c and
// the open half of fs/namei.c).

// Open opens path relative to the cwd (open(2)).
func (p *Process) Open(path string, flags int, mode uint32) (int, error) {
	return p.Openat(AT_FDCWD, path, flags, mode)
}

// Creat is open(path, O_CREAT|O_WRONLY|O_TRUNC, mode).
func (p *Process) Creat(path string, mode uint32) (int, error) {
	return p.Openat(AT_FDCWD, path, O_CREAT|O_WRONLY|O_TRUNC, mode)
}

// Openat opens path relative to dirfd (openat(2)). Unknown flags are
// ignored, as the kernel ignores them.
func (p *Process) Openat(dirfd int, path string, flags int, mode uint32) (int, error) {
	var op openOp
	op.build(flags, mode, 0)
	op.tr = p.k.traceBegin(p)
	fd, err := p.openat(dirfd, path, &op)
	if op.tr != nil {
		op.tr.end("openat", int64(fd), err, atFD(dirfd), path, flagsArg(flags), mode)
	}
	return fd, err
}

// Openat2 is openat(2) with an open_how: unknown flags, a mode without
// O_CREAT or O_TMPFILE and unknown RESOLVE_* bits are EINVAL.
func (p *Process) Openat2(dirfd int, path string, how *OpenHow) (int, error) {
	tr := p.k.traceBegin(p)
	fd, err := p.openat2(tr, dirfd, path, how)
	if tr != nil {
		tr.end("openat2", int64(fd), err, atFD(dirfd), path, *how)
	}
	return fd, err
}

func (p *Process) openat2(tr *callTrace, dirfd int, path string, how *OpenHow) (int, error) {
	const known = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK |
		O_DSYNC | O_SYNC | O_DIRECT | oLargefile | O_DIRECTORY | O_NOFOLLOW | O_NOATIME |
		O_CLOEXEC | O_PATH | O_TMPFILE | O_ASYNC
	const resolves = RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS |
		RESOLVE_BENEATH | RESOLVE_IN_ROOT | RESOLVE_CACHED
	switch {
	case how.Flags&^uint64(known) != 0, how.Resolve&^uint64(resolves) != 0,
		how.Mode&^0o7777 != 0,
		how.Flags&(O_CREAT|O_TMPFILE&^O_DIRECTORY) == 0 && how.Mode != 0,
		how.Resolve&(RESOLVE_BENEATH|RESOLVE_IN_ROOT) == RESOLVE_BENEATH|RESOLVE_IN_ROOT:
		return -1, EINVAL
	case how.Flags&O_PATH != 0 && how.Flags&^(O_PATH|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC) != 0:
		return -1, EINVAL
	case how.Resolve&RESOLVE_CACHED != 0 && how.Flags&(O_CREAT|O_TRUNC|O_TMPFILE&^O_DIRECTORY) != 0:
		// Everything govfs holds is cached, but a create or truncate
		// never is: "try again without RESOLVE_CACHED".
		return -1, EAGAIN
	}
	var op openOp
	op.build(int(how.Flags), uint32(how.Mode), how.Resolve)
	op.tr = tr
	return p.openat(dirfd, path, &op)
}

// RESOLVE_CACHED asks openat2 to use only what is cached (a lookup that
// would block is EAGAIN); x/sys/unix lacks it (linux/openat2.h).
const RESOLVE_CACHED = 0x20

// openOp is what build_open_flags makes of the arguments.
type openOp struct {
	flags  int    // as given, minus what O_PATH ignores
	mode   uint32 // S_IFREG|perm for a new file
	acc    int    // may* bits the open needs
	fmode  uint32
	lookup int // lookup* flags
	err    error
	tr     *callTrace // the traced call's record; nil when not traced
}

// resolveLookup turns openat2's RESOLVE_* bits into lookup flags.
func resolveLookup(resolve uint64) int {
	lf := 0
	for _, r := range [...][2]uint64{
		{RESOLVE_BENEATH, lookupBeneath}, {RESOLVE_IN_ROOT, lookupInRoot},
		{RESOLVE_NO_SYMLINKS, lookupNoSymlinks}, {RESOLVE_NO_XDEV, lookupNoXdev},
		{RESOLVE_NO_MAGICLINKS, lookupNoMagic},
	} {
		if resolve&r[0] != 0 {
			lf |= int(r[1])
		}
	}
	return lf
}

// build fills op from open's arguments (build_open_flags), in place.
func (op *openOp) build(flags int, mode uint32, resolve uint64) {
	*op = openOp{flags: flags, mode: mode & 0o7777}
	if flags&O_PATH != 0 {
		op.flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
		op.fmode = fmodePath
	} else {
		switch flags & O_ACCMODE {
		case O_RDONLY:
			op.acc, op.fmode = mayRead, fmodeRead
		case O_WRONLY:
			op.acc, op.fmode = mayWrite, fmodeWrite
		case O_RDWR:
			op.acc, op.fmode = mayRead|mayWrite, fmodeRead|fmodeWrite
		default: // 3: ioctl-only access that needs both permissions
			op.acc = mayRead | mayWrite
		}
		op.fmode |= fmodeLseek | fmodePread | fmodePwrite
		const tmpfileBit = O_TMPFILE &^ O_DIRECTORY // __O_TMPFILE
		// O_TMPFILE needs write access from the access mode, not O_TRUNC.
		switch {
		case flags&tmpfileBit != 0 && flags&(O_TMPFILE|O_CREAT) != O_TMPFILE,
			flags&tmpfileBit != 0 && op.acc&mayWrite == 0,
			flags&(O_CREAT|O_DIRECTORY) == O_CREAT|O_DIRECTORY:
			op.err = EINVAL
		}
		if flags&O_TRUNC != 0 {
			op.acc |= mayWrite
		}
	}
	if op.flags&O_NOFOLLOW == 0 {
		op.lookup |= lookupFollow
	}
	if op.flags&O_DIRECTORY != 0 {
		op.lookup |= lookupDirectory
	}
	if resolve != 0 {
		op.lookup |= resolveLookup(resolve)
	}
}

// openat is do_sys_openat2: reserve an fd, find or make the object,
// check it may be opened, make the File, install it.
func (p *Process) openat(dirfd int, path string, op *openOp) (int, error) {
	if op.err != nil {
		return -1, op.err
	}
	// As Linux does, take the fd before the walk: a full table is
	// EMFILE whatever the path, and an open blocked on a FIFO holds its
	// number (dup2 onto it is EBUSY).
	fd, err := p.files.alloc(nil, 0, op.flags&O_CLOEXEC != 0, p.nofile())
	if err != nil {
		return -1, err
	}
	f, err := p.openFileRetry(dirfd, path, op)
	if err != nil {
		p.files.fill(fd, nil)
		return -1, err
	}
	if op.tr != nil {
		op.tr.installLayer(fd, f)
	}
	p.files.fill(fd, f)
	return fd, nil
}

// openFileRetry is openFile, walked again while what the walk found
// died or was unmounted before the File could hold it (do_filp_open's
// retry after a failed RCU walk, then retry_estale).
func (p *Process) openFileRetry(dirfd int, path string, op *openOp) (*File, error) {
	for range maxRetries {
		f, err := p.openFile(dirfd, path, op)
		if err != errStale {
			return f, err
		}
	}
	return nil, ENOENT
}

// errStale says a walk's result was not held in time: walk again.
const errStale = ESTALE

// maxRetries bounds the walks one call makes while others keep
// removing what it finds; each retry means another call made progress.
const maxRetries = 64

// openFile is the part of open(2) that makes a File (do_filp_open).
func (p *Process) openFile(dirfd int, path string, op *openOp) (*File, error) {
	var (
		at      Path
		created bool
		err     error
	)
	switch {
	case op.flags&O_TMPFILE == O_TMPFILE:
		return p.openTmpfile(dirfd, path, op)
	case op.flags&O_CREAT != 0:
		at, created, err = p.openCreate(dirfd, path, op)
	default:
		at, err = p.nameiCred(op.tr, nil, dirfd, path, op.lookup)
		if op.tr != nil {
			op.tr.walkEnd(path, at, err)
		}
	}
	if err != nil {
		return nil, err
	}
	if !created {
		if err := p.mayOpen(at, op); err != nil {
			return nil, err
		}
	}
	f, err := p.newFile(at, op)
	if err != nil {
		return nil, err
	}
	if op.flags&O_TRUNC != 0 && !created && f.fmode&fmodePath == 0 && at.Inode().fileType() == S_IFREG {
		removePrivs(p.cred.Load(), at.Inode())
		if err := truncateInode(at.Inode(), 0); err != nil {
			f.DecRef()
			return nil, err
		}
	}
	return f, nil
}

// mayOpen checks an existing object against the open's needs (may_open).
func (p *Process) mayOpen(at Path, op *openOp) error {
	inode := at.Inode()
	switch inode.fileType() {
	case S_IFLNK:
		if op.fmode&fmodePath == 0 {
			return ELOOP
		}
	case S_IFDIR:
		if op.acc&mayWrite != 0 || op.flags&O_CREAT != 0 {
			return EISDIR
		}
	case S_IFCHR, S_IFBLK:
		if at.Mnt.flags.Load()&mntNodev != 0 && op.fmode&fmodePath == 0 {
			return EACCES
		}
	}
	if op.flags&O_DIRECTORY != 0 && !inode.IsDir() {
		return ENOTDIR
	}
	if op.fmode&fmodePath != 0 {
		return nil
	}
	cred := p.cred.Load()
	if err := permission(cred, inode, op.acc); err != nil {
		if op.tr != nil {
			op.tr.permLayer("may_open", err, "file", inode, cred)
		}
		return err
	}
	if op.acc&mayWrite != 0 && writesFS(at) {
		return EROFS
	}
	if op.flags&O_NOATIME != 0 && !isOwner(cred, inode) {
		return EPERM
	}
	if inode.fileType() == S_IFSOCK {
		return ENXIO // the socket inode's open, after all of may_open
	}
	return nil
}

// openCreate finds or creates the last component for O_CREAT
// (open_last_lookups). A dangling symlink is followed and its target
// created, unless O_EXCL or O_NOFOLLOW forbid it.
func (p *Process) openCreate(dirfd int, path string, op *openOp) (Path, bool, error) {
	nd := nameidata{tr: op.tr}
	if err := p.nameiParent(&nd, dirfd, path, op.lookup); err != nil {
		return Path{}, false, err
	}
	for {
		if nd.lastType == lastBound {
			return nd.path, false, nil
		}
		if nd.lastType != lastNorm && op.flags&O_EXCL != 0 {
			return Path{}, false, EEXIST // "." and ".." exist (do_open)
		}
		if nd.lastType != lastNorm || nd.trailing {
			return Path{}, false, EISDIR
		}
		dir := nd.path
		dir.Dentry.lock()
		child, err := p.k.lookupLocked(dir.Dentry, nd.last)
		if err == ENOENT && !noNegatives(dir.Dentry) {
			var d *Dentry
			d, err = p.createLocked(dir, nd.last, S_IFREG|(op.mode&^p.getUmask()), 0, nd.cred)
			dir.Dentry.unlock()
			if op.tr != nil {
				op.tr.createStep(dir.Dentry, nd.last, err)
			}
			if err != nil {
				return Path{}, false, err
			}
			return Path{dir.Mnt, d}, true, nil
		}
		dir.Dentry.unlock()
		if op.tr != nil {
			op.tr.lookupStep(dir.Dentry, nd.last, true, err)
		}
		if err != nil {
			return Path{}, false, err
		}
		if op.flags&O_EXCL != 0 {
			return Path{}, false, EEXIST
		}
		at := p.k.followMounts(Path{dir.Mnt, child})
		if at.Inode().fileType() != S_IFLNK || op.lookup&lookupFollow == 0 {
			// Before everything else may_open checks, ELOOP included.
			if err := p.k.mayCreateInSticky(nd.cred, dir.Inode(), at.Inode()); err != nil {
				if op.tr != nil {
					op.tr.permLayer("may_create_in_sticky", err, "dir", dir.Inode(), nd.cred)
				}
				return Path{}, false, err
			}
			return at, false, nil
		}
		if err := nd.pickLink(at); err != nil {
			return Path{}, false, err
		}
		if nd.lastType == lastNorm {
			if err := nd.mayLookup(); err != nil {
				return Path{}, false, err
			}
		}
	}
}

// newFile makes the File for an open of at (do_dentry_open). The File
// holds the path; if the walk's result died or its mount was doomed
// before that, it is errStale and the open walks again.
func (p *Process) newFile(at Path, op *openOp) (*File, error) {
	f := allocFile(fileShard(p, at))
	if !at.tryGetOn(f.shard) {
		filePool.Put(f) // untouched: nobody saw it
		return nil, errStale
	}
	inode := at.Inode()
	f.path, f.inode, f.fmode, f.cred = at, inode, op.fmode, p.cred.Load()
	fl := op.flags &^ (O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)
	if fl&O_PATH == 0 {
		fl |= oLargefile
	}
	f.flags.Store(uint32(fl))
	if op.fmode&fmodePath != 0 {
		f.ops, f.recycle = pathOps{}, true
	} else {
		// Write access first, as do_dentry_open counts it before the
		// backend's open: a running executable is ETXTBSY.
		writer := op.fmode&fmodeWrite != 0 && !isSpecial(inode.fileType())
		if writer {
			if err := getWriteAccess(inode); err != nil {
				at.putOn(f.shard)
				return nil, err
			}
		}
		ops, err := p.fileOps(f)
		if err != nil {
			if writer {
				putWriteAccess(inode)
			}
			at.putOn(f.shard)
			return nil, err
		}
		f.ops = ops
		if writer {
			f.fmode |= fmodeWriter
			at.Mnt.wantWrite()
		}
	}
	f.refs.Store(1)
	if _, ok := f.ops.(DirectIOer); fl&(O_DIRECT|O_PATH) == O_DIRECT && !ok {
		f.DecRef() // do_dentry_open undoes the backend's open
		return nil, EINVAL
	}
	return f, nil
}

// isSpecial reports whether a file type is a FIFO, socket or device,
// whose writes do not write the filesystem (special_file).
func isSpecial(typ uint32) bool {
	return typ == S_IFIFO || typ == S_IFSOCK || typ == S_IFCHR || typ == S_IFBLK
}

// fileOps finds the FileOperations for a new File (the f_op of
// init_special_inode, or the backend's).
func (p *Process) fileOps(f *File) (FileOperations, error) {
	inode := f.inode
	switch inode.fileType() {
	case S_IFIFO, S_IFCHR, S_IFBLK:
		o := p.k.specialOpener(inode)
		if o == nil {
			return nil, ENXIO
		}
		return o.OpenSpecial(f, p)
	case S_IFSOCK:
		return nil, ENXIO
	}
	if o, ok := inode.impl.(Opener); ok {
		_, f.recycle = o.(FileForgetter)
		return o.Open(f)
	}
	// From here on no backend sees f before the fd holds it.
	if ops, ok := inode.impl.(FileOperations); ok {
		f.recycle = true
		return ops, nil
	}
	if inode.IsDir() {
		f.recycle = true
		return SimpleDirOperations{}, nil
	}
	return nil, ENXIO
}
