package vfs

// Making objects: the one create path that open(O_CREAT), mkdir(2) and
// mknod(2) share (vfs_create, vfs_mkdir, vfs_mknod after may_create),
// and O_TMPFILE's unnamed file.

import "strconv"

// createLocked makes a new object named name in dir after the checks of
// may_create; dir's lock is held.
func (p *Process) createLocked(dir Path, name string, mode uint32, rdev uint64, cred *Cred) (*Dentry, error) {
	parent := dir.Dentry
	// The order of lookup_open: a removed directory, then a read-only
	// mount, then permission.
	if parent.dir.dead {
		return nil, ENOENT
	}
	if dir.Mnt.readonly() {
		return nil, EROFS
	}
	if err := permission(cred, parent.inode, mayWrite|mayExec); err != nil {
		return nil, err
	}
	// vfs_mknod: a device node needs CAP_MKNOD, after may_create; a
	// whiteout (char 0:0, what overlayfs makes) does not.
	if ft := mode & S_IFMT; (ft == S_IFCHR && rdev != 0 || ft == S_IFBLK) && !p.cred.Load().privileged() {
		return nil, EPERM
	}
	a := newAttr(cred, parent.inode, mode, rdev)
	d := newDentry(parent, name, nil)
	var inode *Inode
	var err error
	switch mode & S_IFMT {
	case S_IFREG:
		c, ok := parent.inode.impl.(Creater)
		if !ok {
			return nil, EACCES
		}
		inode, err = c.Create(d, a)
	case S_IFDIR:
		c, ok := parent.inode.impl.(Mkdirer)
		if !ok {
			return nil, EPERM
		}
		inode, err = c.Mkdir(d, a)
	default:
		c, ok := parent.inode.impl.(Mknoder)
		if !ok {
			return nil, EPERM
		}
		inode, err = c.Mknod(d, a)
	}
	if err != nil {
		return nil, err
	}
	d.instantiate(inode)
	parent.hashNewLocked(d)
	return d, nil
}

// openTmpfile makes an unnamed file in the directory at path (O_TMPFILE).
func (p *Process) openTmpfile(dirfd int, path string, op *openOp) (*File, error) {
	dir, err := p.namei(dirfd, path, op.lookup|lookupDirectory)
	if err != nil {
		return nil, err
	}
	cred := p.cred.Load()
	if err := permission(cred, dir.Inode(), mayWrite|mayExec); err != nil {
		return nil, err
	}
	if dir.Mnt.readonly() {
		return nil, EROFS
	}
	t, ok := dir.Inode().impl.(TmpFiler)
	if !ok {
		return nil, EOPNOTSUPP
	}
	inode, err := t.Tmpfile(newAttr(cred, dir.Inode(), S_IFREG|(op.mode&^p.getUmask()), 0))
	if err != nil {
		return nil, err
	}
	d := newDentry(dir.Dentry, "#"+strconv.FormatUint(inode.ino, 10), inode)
	d.dead.Store(true)
	d.refs.Store(1) // ours until the File holds it
	inode.mu.Lock()
	inode.nlink, inode.tmpfile = 0, op.flags&O_EXCL == 0 // no links until linkat
	inode.orphanIfUnlinkedLocked()
	inode.mu.Unlock()
	f, err := p.newFile(Path{dir.Mnt, d}, op)
	d.put() // without a File, this evicts the new inode
	return f, err
}
