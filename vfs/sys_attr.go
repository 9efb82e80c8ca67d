package vfs

// chmod(2), chown(2), truncate(2), fallocate(2) and utimensat(2): the
// calls that change an object's attributes (notify_change and friends).

// Chmod sets path's permission bits (chmod(2)).
func (p *Process) Chmod(path string, mode uint32) error {
	return p.Fchmodat(AT_FDCWD, path, mode, 0)
}

// Fchmodat is chmod relative to dirfd (fchmodat2(2)): with
// AT_SYMLINK_NOFOLLOW a final symlink is EOPNOTSUPP (a symlink's mode
// cannot change); any other flag but AT_EMPTY_PATH is EINVAL.
func (p *Process) Fchmodat(dirfd int, path string, mode uint32, flags int) error {
	tr := p.k.traceBegin(p)
	lf, err := atLookup(flags, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH)
	if err == nil {
		var at Path
		if at, err = p.nameiTr(tr, dirfd, path, lf); err == nil {
			if at.Inode().fileType() == S_IFLNK {
				err = EOPNOTSUPP
			} else {
				err = p.chmod(at, mode)
			}
		}
	}
	if tr != nil {
		tr.objEnd("i_op", "setattr", "inode_owner_or_capable", err)
		tr.end("fchmodat", 0, err, atFD(dirfd), path, mode)
	}
	return err
}

// Fchmod sets the permission bits of fd's file (fchmod(2)).
func (p *Process) Fchmod(fd int, mode uint32) error {
	tr, tf := p.k.traceFD(p, fd)
	f, err := p.fdget(fd)
	if err == nil {
		err = p.chmod(f.path, mode)
		f.DecRef()
	}
	if tr != nil {
		tr.iopDone(tf, "setattr", err)
		tr.end("fchmod", 0, err, fd, mode)
	}
	return err
}

func (p *Process) chmod(at Path, mode uint32) error {
	cred := p.cred.Load()
	inode := at.Inode()
	if at.Mnt.readonly() {
		return EROFS
	}
	if err := checkSetattr(inode, ATTR_MODE); err != nil {
		return err
	}
	if !isOwner(cred, inode) {
		return EPERM
	}
	inode.mu.Lock()
	defer inode.mu.Unlock()
	mode &= 0o7777
	if cred.Fsuid != 0 && !cred.inGroup(inode.gid) {
		mode &^= S_ISGID
	}
	inode.mode = inode.mode&S_IFMT | mode
	inode.TouchLocked("c")
	return nil
}

// Chown sets path's owner and group; -1 leaves one alone (chown(2)).
func (p *Process) Chown(path string, uid, gid int) error {
	return p.Fchownat(AT_FDCWD, path, uid, gid, 0)
}

// Lchown is Chown on a symlink itself (lchown(2)).
func (p *Process) Lchown(path string, uid, gid int) error {
	return p.Fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW)
}

// Fchownat is chown relative to dirfd (fchownat(2)).
func (p *Process) Fchownat(dirfd int, path string, uid, gid, flags int) error {
	tr := p.k.traceBegin(p)
	lf, err := atLookup(flags, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH)
	if err == nil {
		var at Path
		if at, err = p.nameiTr(tr, dirfd, path, lf); err == nil {
			err = p.chown(at, uid, gid)
		}
	}
	if tr != nil {
		tr.objEnd("i_op", "setattr", "chown_ok", err)
		tr.end("fchownat", 0, err, atFD(dirfd), path, uid, gid, flags)
	}
	return err
}

// Fchown sets the owner of fd's file (fchown(2)).
func (p *Process) Fchown(fd int, uid, gid int) error {
	tr, tf := p.k.traceFD(p, fd)
	f, err := p.fdget(fd)
	if err == nil {
		err = p.chown(f.path, uid, gid)
		f.DecRef()
	}
	if tr != nil {
		tr.iopDone(tf, "setattr", err)
		tr.end("fchown", 0, err, fd, uid, gid)
	}
	return err
}

// chown applies chown_ok and chgrp_ok: only root gives a file away; the
// owner may pick a group it belongs to. Changing a non-directory's
// owner drops setuid, and setgid if group-executable, even for root.
func (p *Process) chown(at Path, uid, gid int) error {
	cred := p.cred.Load()
	inode := at.Inode()
	if at.Mnt.readonly() {
		return EROFS
	}
	var valid uint
	if uid != -1 {
		valid |= ATTR_UID
	}
	if gid != -1 {
		valid |= ATTR_GID
	}
	if err := checkSetattr(inode, valid); err != nil {
		return err
	}
	inode.mu.Lock()
	defer inode.mu.Unlock()
	newUID, newGID := inode.uid, inode.gid
	if uid != -1 {
		newUID = uint32(uid)
	}
	if gid != -1 {
		newGID = uint32(gid)
	}
	dropSGID := inode.mode&S_IFMT != S_IFDIR && dropsSGIDLocked(cred, inode)
	killsPrivs := inode.mode&S_IFMT != S_IFDIR && inode.mode&S_ISUID != 0 || dropSGID
	if cred.Fsuid != 0 {
		switch {
		case uid != -1 || gid != -1:
			if newUID != inode.uid || cred.Fsuid != inode.uid {
				return EPERM
			}
			if newGID != inode.gid && !cred.inGroup(newGID) {
				return EPERM
			}
		case killsPrivs && cred.Fsuid != inode.uid:
			// chown(f, -1, -1) changes nothing but would drop the
			// set-id bits, which is a chmod: the owner's right.
			return EPERM
		}
	}
	inode.uid, inode.gid = newUID, newGID
	if inode.mode&S_IFMT != S_IFDIR {
		inode.mode &^= S_ISUID
	}
	if dropSGID {
		inode.mode &^= S_ISGID
	}
	inode.TouchLocked("c")
	return nil
}

// Truncate sets path's size (truncate(2)).
func (p *Process) Truncate(path string, length int64) error {
	tr := p.k.traceBegin(p)
	err := p.truncate(tr, path, length)
	if tr != nil {
		tr.objEnd("i_op", "setattr", "may_open", err)
		tr.end("truncate", 0, err, path, length)
	}
	return err
}

func (p *Process) truncate(tr *callTrace, path string, length int64) error {
	if length < 0 {
		return EINVAL
	}
	// Held: a truncate that grows a file racing its unlink must not
	// give pages to an evicted inode.
	at, err := p.nameiHeldTr(tr, AT_FDCWD, path, lookupFollow)
	if err != nil {
		return err
	}
	defer at.put()
	inode := at.Inode()
	switch inode.fileType() {
	case S_IFDIR:
		return EISDIR
	case S_IFREG:
	default:
		return EINVAL
	}
	if err := permission(p.cred.Load(), inode, mayWrite); err != nil {
		return err
	}
	if at.Mnt.readonly() {
		return EROFS
	}
	if err := getWriteAccess(inode); err != nil {
		return err
	}
	defer putWriteAccess(inode)
	removePrivs(p.cred.Load(), inode)
	return truncateInode(inode, length)
}

// Ftruncate sets the size of fd's file, which must be open for writing
// (ftruncate(2)).
func (p *Process) Ftruncate(fd int, length int64) error {
	tr, tf := p.k.traceFD(p, fd)
	var err error = EINVAL
	if length >= 0 {
		var f *File
		if f, err = p.fdget(fd); err == nil {
			err = EINVAL
			if f.inode.fileType() == S_IFREG && f.fmode&fmodeWrite != 0 {
				removePrivs(p.cred.Load(), f.inode)
				err = truncateInode(f.inode, length)
			}
			f.DecRef()
		}
	}
	if tr != nil {
		tr.iopDone(tf, "setattr", err)
		tr.end("ftruncate", 0, err, fd, length)
	}
	return err
}

// truncateInode asks the backend to change a regular file's size. A
// file without Truncater has a size it generates (procfs, sysctl):
// truncating it is accepted and changes nothing, so that
// open(O_WRONLY|O_TRUNC) — "echo 1 > knob" — works as on Linux.
func truncateInode(i *Inode, size int64) error {
	t, ok := i.impl.(Truncater)
	if !ok {
		return nil
	}
	return t.Truncate(size)
}

// Fallocate reserves, punches or zeroes a range of fd's file
// (fallocate(2)).
func (p *Process) Fallocate(fd int, mode uint32, off, length int64) error {
	tr, tf := p.k.traceFD(p, fd)
	err := p.fallocate(fd, mode, off, length)
	if tr != nil {
		tr.fdDone(tf, "fallocate", 0, err)
		tr.end("fallocate", 0, err, fd, mode, off, length)
	}
	return err
}

func (p *Process) fallocate(fd int, mode uint32, off, length int64) error {
	const known = FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE |
		FALLOC_FL_ZERO_RANGE | FALLOC_FL_INSERT_RANGE
	// The fd first, then the arguments (ksys_fallocate, vfs_fallocate).
	f, err := p.fdget(fd)
	if err != nil {
		return err
	}
	defer f.DecRef()
	if off < 0 || length <= 0 {
		return EINVAL
	}
	if mode&^known != 0 {
		return EOPNOTSUPP
	}
	if mode&FALLOC_FL_PUNCH_HOLE != 0 && mode&FALLOC_FL_KEEP_SIZE == 0 {
		return EOPNOTSUPP
	}
	if f.fmode&fmodeWrite == 0 {
		return EBADF
	}
	switch f.inode.fileType() {
	case S_IFDIR:
		return EISDIR
	case S_IFREG:
	case S_IFIFO:
		return ESPIPE
	default:
		return ENODEV
	}
	if off+length < 0 {
		return EFBIG
	}
	fa, ok := f.inode.impl.(Fallocater)
	if !ok {
		return EOPNOTSUPP
	}
	// shmem_fallocate calls file_modified once it has accepted the mode
	// and before any work, so a user's fallocate drops the set-id bits
	// even if it then fails, but not when the mode is refused.
	err = fa.Fallocate(mode, off, length)
	if err != EOPNOTSUPP {
		removePrivs(p.cred.Load(), f.inode)
	}
	return err
}

// UTIME_NOW and UTIME_OMIT are in abi_consts.go.

// UtimesNano sets path's access and modification times (utimensat(2)
// with AT_FDCWD): ts[0] is atime, ts[1] mtime; UTIME_NOW and UTIME_OMIT
// in Nsec mean "now" and "leave alone".
func (p *Process) UtimesNano(path string, ts []Timespec) error {
	return p.UtimesNanoAt(AT_FDCWD, path, ts, 0)
}

// UtimesNanoAt is utimensat(2); a nil ts means both "now".
func (p *Process) UtimesNanoAt(dirfd int, path string, ts []Timespec, flags int) error {
	tr := p.k.traceBegin(p)
	err := p.utimensat(tr, dirfd, path, ts, flags)
	if tr != nil {
		tr.objEnd("i_op", "setattr", "inode_owner_or_capable", err)
		tr.end("utimensat", 0, err, atFD(dirfd), path, flags)
	}
	return err
}

func (p *Process) utimensat(tr *callTrace, dirfd int, path string, ts []Timespec, flags int) error {
	if ts == nil {
		ts = []Timespec{{Nsec: UTIME_NOW}, {Nsec: UTIME_NOW}}
	}
	if len(ts) != 2 {
		return EINVAL
	}
	// The order of utimensat(2): "change nothing" succeeds before any
	// check, then the flags, the path, and last the times themselves.
	if ts[0].Nsec == UTIME_OMIT && ts[1].Nsec == UTIME_OMIT {
		return nil
	}
	lf, err := atLookup(flags, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH)
	if err != nil {
		return err
	}
	at, err := p.nameiTr(tr, dirfd, path, lf)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.Nsec != UTIME_NOW && t.Nsec != UTIME_OMIT && (t.Nsec < 0 || t.Nsec >= 1e9) {
			return EINVAL
		}
	}
	if at.Mnt.readonly() {
		return EROFS
	}
	cred, inode := p.cred.Load(), at.Inode()
	if !isOwner(cred, inode) {
		// Anyone who may write the file may set both times to now;
		// anything else (UTIME_OMIT included) is the owner's.
		if ts[0].Nsec != UTIME_NOW || ts[1].Nsec != UTIME_NOW {
			return EPERM
		}
		if err := permission(cred, inode, mayWrite); err != nil {
			return err
		}
	}
	// utimensat's permission checks come first (the host: an ordinary
	// user's utimensat(NULL) of an eventfd is EACCES, chmod EOPNOTSUPP).
	if err := checkSetattr(inode, ATTR_ATIME|ATTR_MTIME); err != nil {
		return err
	}
	now := inode.sb.now()
	inode.mu.Lock()
	defer inode.mu.Unlock()
	for i, field := range [...]*int64{&inode.atime, &inode.mtime} {
		switch ts[i].Nsec {
		case UTIME_OMIT:
		case UTIME_NOW:
			*field = now
		default:
			*field = ts[i].Nano()
		}
	}
	inode.ctime = now
	return nil
}
