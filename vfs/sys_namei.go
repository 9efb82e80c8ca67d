package vfs

// mkdir(2), mknod(2), symlink(2), link(2), unlink(2) and rmdir(2): the
// calls that add or remove names. rename(2) is in sys_rename.go.

// filenameCreate walks to the parent of a name that must not exist yet
// and returns with the parent locked (filename_create). The caller
// unlocks nd.path.Dentry.
func (p *Process) filenameCreate(nd *nameidata, dirfd int, path string, wantDir bool) error {
	if err := p.nameiParentForName(nd, dirfd, path); err != nil {
		return err
	}
	if nd.lastType != lastNorm {
		return EEXIST
	}
	dir := nd.path.Dentry
	dir.lock()
	if _, err := p.k.lookupLocked(dir, nd.last); err != ENOENT || noNegatives(dir) {
		dir.unlock()
		if err == nil {
			err = EEXIST
		}
		return err
	}
	// __lookup_hash makes no child in a dead directory: ENOENT comes
	// from the lookup, before link(2)'s EXDEV and EROFS.
	if dir.dir.dead {
		dir.unlock()
		return ENOENT
	}
	if nd.trailing && !wantDir {
		dir.unlock()
		return ENOENT
	}
	if nd.path.Mnt.readonly() {
		dir.unlock()
		return EROFS
	}
	return nil
}

// Mkdir makes a directory (mkdir(2)).
func (p *Process) Mkdir(path string, mode uint32) error {
	return p.Mkdirat(AT_FDCWD, path, mode)
}

// Mkdirat is mkdir relative to dirfd (mkdirat(2)).
func (p *Process) Mkdirat(dirfd int, path string, mode uint32) error {
	tr := p.k.traceBegin(p)
	err := p.mknodat(tr, dirfd, path, S_IFDIR|mode&0o7777, 0)
	if tr != nil {
		tr.end("mkdirat", 0, err, atFD(dirfd), path, mode)
	}
	return err
}

// Mknod makes a special file or an empty regular one (mknod(2)).
func (p *Process) Mknod(path string, mode uint32, dev int) error {
	return p.Mknodat(AT_FDCWD, path, mode, dev)
}

// Mkfifo makes a FIFO (mkfifo(3)).
func (p *Process) Mkfifo(path string, mode uint32) error {
	return p.Mknodat(AT_FDCWD, path, mode&0o7777|S_IFIFO, 0)
}

// Mknodat is mknod relative to dirfd (mknodat(2)): only root makes
// device nodes (but anyone a whiteout, char 0:0); a directory is
// EPERM, an unknown type EINVAL.
func (p *Process) Mknodat(dirfd int, path string, mode uint32, dev int) error {
	tr := p.k.traceBegin(p)
	err := p.mknod(tr, dirfd, path, mode, dev)
	if tr != nil {
		tr.end("mknodat", 0, err, atFD(dirfd), path, mode, dev)
	}
	return err
}

func (p *Process) mknod(tr *callTrace, dirfd int, path string, mode uint32, dev int) error {
	switch mode & S_IFMT {
	case 0:
		mode |= S_IFREG
	case S_IFREG, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK: // devices: CAP_MKNOD in createLocked
	case S_IFDIR:
		return EPERM
	default:
		return EINVAL
	}
	return p.mknodat(tr, dirfd, path, mode, uint64(dev))
}

// mknodat creates a directory, regular file or special file.
func (p *Process) mknodat(tr *callTrace, dirfd int, path string, mode uint32, rdev uint64) error {
	_, err := p.mknodPath(tr, dirfd, path, mode, rdev, false)
	return err
}

// mknodPath is mknodat that can give back the new object's path, held
// (hold), for bind(2).
func (p *Process) mknodPath(tr *callTrace, dirfd int, path string, mode uint32, rdev uint64, hold bool) (Path, error) {
	nd := nameidata{tr: tr}
	if err := p.filenameCreate(&nd, dirfd, path, mode&S_IFMT == S_IFDIR); err != nil {
		return Path{}, err
	}
	defer nd.path.Dentry.unlock()
	perm := mode & 0o7777 &^ p.getUmask()
	if mode&S_IFMT == S_IFDIR {
		perm = mode & 0o1777 &^ p.getUmask() // mkdir keeps only the sticky bit of the upper ones
	}
	d, err := p.createLocked(nd.path, nd.last, mode&S_IFMT|perm, rdev, nd.cred)
	if tr != nil {
		tr.createEnd(&nd, mode, err)
	}
	if err != nil || !hold {
		return Path{}, err
	}
	// Hashed and under the parent's lock: it cannot die before this.
	at := Path{nd.path.Mnt, d}
	if !at.tryGet() {
		return Path{}, ENOENT // the mount was doomed meanwhile
	}
	return at, nil
}

// Symlink makes newpath a symlink to oldpath (symlink(2)).
func (p *Process) Symlink(oldpath, newpath string) error {
	return p.Symlinkat(oldpath, AT_FDCWD, newpath)
}

// Symlinkat is symlink relative to newdirfd (symlinkat(2)).
func (p *Process) Symlinkat(oldpath string, newdirfd int, newpath string) error {
	tr := p.k.traceBegin(p)
	err := p.symlinkat(tr, oldpath, newdirfd, newpath)
	if tr != nil {
		tr.end("symlinkat", 0, err, oldpath, atFD(newdirfd), newpath)
	}
	return err
}

func (p *Process) symlinkat(tr *callTrace, target string, newdirfd int, newpath string) error {
	if err := checkPath(target, 0); err != nil {
		return err
	}
	nd := nameidata{tr: tr}
	if err := p.filenameCreate(&nd, newdirfd, newpath, false); err != nil {
		return err
	}
	dir := nd.path.Dentry
	defer dir.unlock()
	if err := p.mayCreateLocked(nd.path, nd.cred); err != nil {
		tr.permFailed("may_create", err, "dir", dir.inode, nd.cred)
		return err
	}
	s, ok := dir.inode.impl.(Symlinker)
	if !ok {
		return EPERM
	}
	d := newDentry(dir, nd.last, nil)
	inode, err := s.Symlink(d, target, newAttr(nd.cred, dir.inode, S_IFLNK|0o777, 0))
	if tr != nil {
		tr.iop(dir.inode, "symlink", quoted(nd.last)+" → "+quoted(target), err)
	}
	if err != nil {
		return err
	}
	d.instantiate(inode)
	dir.hashNewLocked(d)
	return nil
}

// mayCreateLocked is may_create: the directory is alive and writable.
func (p *Process) mayCreateLocked(dir Path, cred *Cred) error {
	if dir.Dentry.dir.dead {
		return ENOENT
	}
	return permission(cred, dir.Inode(), mayWrite|mayExec)
}

// Link makes newpath another name for oldpath (link(2)).
func (p *Process) Link(oldpath, newpath string) error {
	return p.Linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0)
}

// Linkat is link relative to dirfds (linkat(2)); AT_SYMLINK_FOLLOW
// follows a final symlink in oldpath, AT_EMPTY_PATH links dirfd's file.
func (p *Process) Linkat(olddirfd int, oldpath string, newdirfd int, newpath string, flags int) error {
	tr := p.k.traceBegin(p)
	err := p.linkat(tr, olddirfd, oldpath, newdirfd, newpath, flags)
	if tr != nil {
		tr.end("linkat", 0, err, atFD(olddirfd), oldpath, atFD(newdirfd), newpath, flags)
	}
	return err
}

func (p *Process) linkat(tr *callTrace, olddirfd int, oldpath string, newdirfd int, newpath string, flags int) error {
	if flags&^(AT_SYMLINK_FOLLOW|AT_EMPTY_PATH) != 0 {
		return EINVAL
	}
	var lf int
	if flags&AT_SYMLINK_FOLLOW != 0 {
		lf |= lookupFollow
	}
	if flags&AT_EMPTY_PATH != 0 {
		lf |= lookupEmpty
	}
	if oldpath == "" && flags&AT_EMPTY_PATH != 0 && !p.mayLinkFD(olddirfd) {
		return ENOENT
	}
	// Held, so that a concurrent unlink cannot evict the inode while it
	// gains its new name.
	old, err := p.nameiHeldTr(tr, olddirfd, oldpath, lf)
	if err != nil {
		return err
	}
	defer old.put()
	nd := nameidata{tr: tr}
	if err := p.filenameCreate(&nd, newdirfd, newpath, false); err != nil {
		return err
	}
	dir := nd.path.Dentry
	defer dir.unlock()
	if old.Mnt != nd.path.Mnt {
		return EXDEV
	}
	if err := p.mayLinkat(old.Inode(), nd.cred); err != nil {
		return err
	}
	if err := p.mayCreateLocked(nd.path, nd.cred); err != nil {
		tr.permFailed("may_create", err, "dir", dir.inode, nd.cred)
		return err
	}
	l, ok := dir.inode.impl.(Linker)
	if !ok || old.Inode().IsDir() {
		return EPERM
	}
	if !old.Inode().linkable() {
		return ENOENT // unlinked, and not an O_TMPFILE file
	}
	d := newDentry(dir, nd.last, nil)
	err = l.Link(old.Dentry, d)
	if tr != nil {
		tr.iop(dir.inode, "link", quoted(old.Dentry.Name())+" → "+quoted(nd.last), err)
	}
	if err != nil {
		return err
	}
	d.instantiate(old.Inode())
	dir.hashNewLocked(d)
	old.Inode().linked()
	return nil
}

// mayLinkFD is the rule of linkat(fd, "", AT_EMPTY_PATH): the fd must
// have been opened with the caller's own credentials, or the caller be
// privileged (CAP_DAC_READ_SEARCH) — else a leaked fd would let anyone
// give a file a name. An fd that is not open is left to the lookup.
func (p *Process) mayLinkFD(fd int) bool {
	if fd == AT_FDCWD {
		return true
	}
	f, err := p.fdgetRaw(fd)
	if err != nil {
		return true
	}
	defer f.DecRef()
	c := p.cred.Load()
	return c.privileged() || f.cred == c
}

// mayLinkat applies fs.protected_hardlinks (may_linkat): with it on, a
// caller who does not own the file may link it only if it is a regular
// file without set-id powers that the caller may read and write.
func (p *Process) mayLinkat(i *Inode, c *Cred) error {
	if !p.k.Sysctl.ProtectedHardlinks.Load() || isOwner(c, i) {
		return nil
	}
	_, _, mode := i.owner()
	switch {
	case mode&S_IFMT != S_IFREG, mode&S_ISUID != 0, mode&(S_ISGID|S_IXGRP) == S_ISGID|S_IXGRP,
		permission(c, i, mayRead|mayWrite) != nil: // inode_permission, a Permissioner's too
		return EPERM
	}
	return nil
}

// Unlink removes a name that is not a directory (unlink(2)).
func (p *Process) Unlink(path string) error {
	return p.Unlinkat(AT_FDCWD, path, 0)
}

// Rmdir removes an empty directory (rmdir(2)).
func (p *Process) Rmdir(path string) error {
	return p.Unlinkat(AT_FDCWD, path, AT_REMOVEDIR)
}

// Unlinkat is unlink, or rmdir with AT_REMOVEDIR, relative to dirfd
// (unlinkat(2)).
func (p *Process) Unlinkat(dirfd int, path string, flags int) error {
	tr := p.k.traceBegin(p)
	var err error = EINVAL
	switch {
	case flags&^AT_REMOVEDIR != 0:
	case flags&AT_REMOVEDIR != 0:
		err = p.rmdir(tr, dirfd, path)
	default:
		err = p.unlink(tr, dirfd, path)
	}
	if tr != nil {
		tr.end("unlinkat", 0, err, atFD(dirfd), path, flags)
	}
	return err
}

// lookupVictim walks to the parent of a name to remove, locks the
// parent and finds the name. The caller unlocks nd.path.Dentry.
func (p *Process) lookupVictim(nd *nameidata) (*Dentry, error) {
	if nd.path.Mnt.readonly() {
		return nil, EROFS
	}
	dir := nd.path.Dentry
	dir.lock()
	victim, err := p.k.lookupLocked(dir, nd.last)
	if err != nil {
		dir.unlock()
		return nil, err
	}
	return victim, nil
}

func (p *Process) unlink(tr *callTrace, dirfd int, path string) error {
	nd := nameidata{tr: tr}
	if err := p.nameiParentForName(&nd, dirfd, path); err != nil {
		return err
	}
	if nd.lastType != lastNorm {
		return EISDIR
	}
	victim, err := p.lookupVictim(&nd)
	if err != nil {
		return err
	}
	dir := nd.path.Dentry
	defer dir.unlock()
	isDir := victim.inode.IsDir()
	switch {
	case nd.trailing && isDir:
		return EISDIR
	case nd.trailing:
		return ENOTDIR
	}
	if err := mayDelete(nd.cred, dir.inode, victim.inode); err != nil {
		tr.deleteFailed(err, dir.inode, victim.inode, nd.cred)
		return err
	}
	if isDir {
		return EISDIR
	}
	if victim.mounts.Load() > 0 {
		return EBUSY
	}
	u, ok := dir.inode.impl.(Unlinker)
	if !ok {
		return EPERM
	}
	err = u.Unlink(victim)
	if tr != nil {
		tr.iop(dir.inode, "unlink", quoted(nd.last), err)
	}
	if err != nil {
		return err
	}
	dir.removeChildLocked(victim)
	victim.unhash()
	return nil
}

func (p *Process) rmdir(tr *callTrace, dirfd int, path string) error {
	nd := nameidata{tr: tr}
	if err := p.nameiParentForName(&nd, dirfd, path); err != nil {
		return err
	}
	switch nd.lastType {
	case lastDot:
		return EINVAL
	case lastDotDot:
		return ENOTEMPTY
	case lastRoot:
		return EBUSY
	}
	victim, err := p.lookupVictim(&nd)
	if err != nil {
		return err
	}
	dir := nd.path.Dentry
	defer dir.unlock()
	if err := mayDelete(nd.cred, dir.inode, victim.inode); err != nil {
		tr.deleteFailed(err, dir.inode, victim.inode, nd.cred)
		return err
	}
	if !victim.inode.IsDir() {
		return ENOTDIR
	}
	if victim.mounts.Load() > 0 || victim == nd.path.Mnt.root {
		return EBUSY
	}
	r, ok := dir.inode.impl.(Rmdirer)
	if !ok {
		return EPERM
	}
	victim.lock()
	defer victim.unlock()
	if !victim.emptyLocked() {
		return ENOTEMPTY
	}
	err = r.Rmdir(victim)
	if tr != nil {
		tr.iop(dir.inode, "rmdir", quoted(nd.last), err)
	}
	if err != nil {
		return err
	}
	victim.dir.dead = true
	dir.removeChildLocked(victim)
	victim.unhash()
	return nil
}
