package vfs

// stat(2), access(2), readlink(2) and statfs(2): calls that look at an
// object without opening it.

// atLookup turns AT_* flags into lookup flags, refusing unknown ones.
func atLookup(flags, allowed int) (int, error) {
	if flags&^allowed != 0 {
		return 0, EINVAL
	}
	lf := lookupFollow
	if flags&AT_SYMLINK_NOFOLLOW != 0 {
		lf = 0
	}
	if flags&AT_EMPTY_PATH != 0 {
		lf |= lookupEmpty
	}
	return lf, nil
}

// Stat fills st for path, following a final symlink (stat(2)).
func (p *Process) Stat(path string, st *Stat_t) error {
	return p.fstatat("stat", AT_FDCWD, path, st, 0)
}

// Lstat is Stat on the symlink itself (lstat(2)).
func (p *Process) Lstat(path string, st *Stat_t) error {
	return p.fstatat("lstat", AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW)
}

// Fstatat is stat relative to dirfd (newfstatat(2)).
func (p *Process) Fstatat(dirfd int, path string, st *Stat_t, flags int) error {
	return p.fstatat("newfstatat", dirfd, path, st, flags)
}

func (p *Process) fstatat(name string, dirfd int, path string, st *Stat_t, flags int) error {
	if p.k.tracing() {
		// Out of line: a cached stat is so short that keeping the record
		// live across the walk cost it a few percent.
		return p.fstatatTraced(name, dirfd, path, st, flags)
	}
	return p.statPath(dirfd, path, st, flags)
}

func (p *Process) fstatatTraced(name string, dirfd int, path string, st *Stat_t, flags int) error {
	tr := p.k.traceBegin(p)
	if tr == nil {
		return p.statPath(dirfd, path, st, flags)
	}
	lf, err := atLookup(flags, statFlags)
	if err == nil {
		var at Path
		at, err = p.nameiCred(tr, nil, dirfd, path, lf)
		tr.walkEnd(path, at, err)
		if err == nil {
			at.Inode().fillStat(st)
		}
	}
	tr.end(name, 0, err, atFD(dirfd), path, flags)
	return err
}

// atStatxSyncType is AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC, which
// fstatat accepts; in memory there is nothing to sync.
const atStatxSyncType = 0x6000

// statFlags are the AT_* flags fstatat accepts.
const statFlags = AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | atStatxSyncType

func (p *Process) statPath(dirfd int, path string, st *Stat_t, flags int) error {
	lf, err := atLookup(flags, statFlags)
	if err != nil {
		return err
	}
	at, err := p.namei(dirfd, path, lf)
	if err != nil {
		return err
	}
	at.Inode().fillStat(st)
	return nil
}

// Fstat fills st for the File at fd (fstat(2)); O_PATH fds work too.
func (p *Process) Fstat(fd int, st *Stat_t) error {
	tr, tf := p.k.traceFD(p, fd)
	f, err := p.fdgetRaw(fd)
	if err == nil {
		f.inode.fillStat(st)
		f.DecRef()
	}
	if tr != nil {
		tr.iopDone(tf, "getattr", err)
		tr.end("fstat", 0, err, fd)
	}
	return err
}

// Access checks the real user's permission for path (access(2)).
func (p *Process) Access(path string, mode uint32) error {
	return p.Faccessat(AT_FDCWD, path, mode, 0)
}

// Faccessat is access relative to dirfd (faccessat2(2)): AT_EACCESS
// checks with the effective ids instead of the real ones.
func (p *Process) Faccessat(dirfd int, path string, mode uint32, flags int) error {
	tr := p.k.traceBegin(p)
	err := p.faccessat(tr, dirfd, path, mode, flags)
	if tr != nil {
		tr.end("faccessat2", 0, err, atFD(dirfd), path, mode, flags)
	}
	return err
}

func (p *Process) faccessat(tr *callTrace, dirfd int, path string, mode uint32, flags int) error {
	if mode&^(R_OK|W_OK|X_OK) != 0 {
		return EINVAL
	}
	lf, err := atLookup(flags, AT_EACCESS|AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH)
	if err != nil {
		return err
	}
	cred := p.cred.Load()
	if flags&AT_EACCESS == 0 && (cred.Fsuid != cred.Uid || cred.Fsgid != cred.Gid) {
		c := *cred
		c.Fsuid, c.Fsgid = c.Uid, c.Gid
		cred = &c
	}
	at, err := p.nameiCred(tr, cred, dirfd, path, lf)
	if tr != nil {
		tr.walkEnd(path, at, err)
	}
	if err != nil {
		return err
	}
	if mode == F_OK {
		return nil
	}
	if mode&X_OK != 0 && at.Inode().fileType() == S_IFREG && at.Mnt.flags.Load()&mntNoexec != 0 {
		return EACCES // nothing on a noexec mount is executable
	}
	if err := permission(cred, at.Inode(), int(mode)); err != nil {
		if tr != nil {
			tr.permLayer("access", err, "file", at.Inode(), cred)
		}
		return err
	}
	if mode&W_OK != 0 && writesFS(at) {
		return EROFS
	}
	return nil
}

// Readlink reads a symlink's target into buf, without a NUL, truncated
// to len(buf) (readlink(2)).
func (p *Process) Readlink(path string, buf []byte) (int, error) {
	return p.Readlinkat(AT_FDCWD, path, buf)
}

// Readlinkat is readlink relative to dirfd (readlinkat(2)).
func (p *Process) Readlinkat(dirfd int, path string, buf []byte) (int, error) {
	tr := p.k.traceBegin(p)
	n, err := p.readlinkat(tr, dirfd, path, buf)
	if tr != nil {
		tr.objEnd("i_op", "get_link", "", err)
		tr.end("readlinkat", int64(n), err, atFD(dirfd), path, len(buf))
	}
	return n, err
}

func (p *Process) readlinkat(tr *callTrace, dirfd int, path string, buf []byte) (int, error) {
	if len(buf) == 0 {
		return 0, EINVAL
	}
	at, err := p.nameiTr(tr, dirfd, path, lookupEmpty)
	if err != nil {
		return 0, err
	}
	inode := at.Inode()
	if inode.fileType() != S_IFLNK {
		if path == "" {
			return 0, ENOENT // an empty path names the dirfd, not a symlink
		}
		return 0, EINVAL
	}
	var target string
	if j, ok := inode.impl.(Jumper); ok && !isProcessReadlinker(inode) {
		to, err := j.Jump(p)
		if err != nil {
			return 0, err
		}
		if _, _, err := p.rootAndCwd(); err != nil {
			return 0, err
		}
		target = p.DPath(to) // " (deleted)" after unlink, as d_path
	} else if target, err = readlinkInode(inode, p); err != nil {
		return 0, err
	}
	at.accessed()
	return copy(buf, target), nil
}

// Statfs describes the filesystem holding path (statfs(2)).
func (p *Process) Statfs(path string, buf *Statfs_t) error {
	tr := p.k.traceBegin(p)
	at, err := p.nameiTr(tr, AT_FDCWD, path, lookupFollow)
	if err == nil {
		err = statfsPath(at, buf)
	}
	if tr != nil {
		tr.objEnd("s_op", "statfs", "", err)
		tr.end("statfs", 0, err, path)
	}
	return err
}

// Fstatfs describes the filesystem holding fd's file (fstatfs(2)).
func (p *Process) Fstatfs(fd int, buf *Statfs_t) error {
	tr, tf := p.k.traceFD(p, fd)
	f, err := p.fdgetRaw(fd)
	if err == nil {
		err = statfsPath(f.path, buf)
		f.DecRef()
	}
	if tr != nil {
		if tf != nil {
			tr.opLine("s_op", tf.inode, "statfs", "", err)
		}
		tr.fdDone(tf, "", 0, nil)
		tr.end("fstatfs", 0, err, fd)
	}
	return err
}

// Statfs flags Linux reports (ST_VALID is not in x/sys/unix).
const stValid = 0x20

func statfsPath(at Path, buf *Statfs_t) error {
	if err := at.Mnt.sb.statfs(buf); err != nil {
		return err
	}
	buf.Flags = stValid | ST_RELATIME
	if at.Mnt.readonly() {
		buf.Flags |= ST_RDONLY
	}
	fl := at.Mnt.flags.Load()
	for _, m := range [...][2]int64{{mntNosuid, ST_NOSUID}, {mntNodev, ST_NODEV}, {mntNoexec, ST_NOEXEC}} {
		if int64(fl)&m[0] != 0 {
			buf.Flags |= m[1]
		}
	}
	return nil
}

// isProcessReadlinker reports whether a magic link spells its own
// target (procfs: the reader's view, checked against the target).
func isProcessReadlinker(i *Inode) bool {
	_, ok := i.impl.(ProcessReadlinker)
	return ok
}
