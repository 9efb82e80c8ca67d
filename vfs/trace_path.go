package vfs

import "fmt"

// The layers of the path calls (mkdir, unlink, rename, chmod, mount,
// execve...): where the walk ended, for a call that works on a parent
// the parent and the name left; the inode operation dispatched; the
// permission or capability check that refused the call. The walk's own
// steps are namei.go's, through nd.tr.

// parentEnd is where a walk to a parent (mkdir, unlink, rename...)
// ended: the parent's dentry and the name left for the inode
// operation. A full walk's end is walkEnd's namei line.
func (tr *callTrace) parentEnd(nd *nameidata, name string, err error) {
	if !tr.wantLayers() {
		return
	}
	if err != nil {
		tr.linef("namei %q: %s", name, ErrnoOf(err).Name())
		return
	}
	i := nd.path.Dentry.inode
	tr.linef("namei %q → parent dentry %q, %s inode %d; last %q", name, nd.path.Dentry.Name(), i.sb.typ.Name(), i.ino, nd.last)
}

// nameiTr is namei for a traced call: the walk's steps and its end go
// to tr when it is not nil.
func (p *Process) nameiTr(tr *callTrace, dirfd int, name string, flags int) (Path, error) {
	if tr == nil {
		return p.namei(dirfd, name, flags)
	}
	at, err := p.nameiCred(tr, nil, dirfd, name, flags)
	tr.walkEnd(name, at, err)
	if err == nil {
		tr.at = at.Inode()
	}
	return at, err
}

// nameiHeldTr is nameiHeld for a traced call.
func (p *Process) nameiHeldTr(tr *callTrace, dirfd int, name string, flags int) (Path, error) {
	if tr == nil {
		return p.nameiHeld(dirfd, name, flags)
	}
	for range maxRetries {
		at, err := p.nameiTr(tr, dirfd, name, flags)
		if err != nil {
			return Path{}, err
		}
		if at.tryGet() {
			return at, nil
		}
	}
	return Path{}, ENOENT
}

// permFailed is the permission check that refused a path call after
// its walk: may_create or may_delete on the directory, or an owner
// check on the object (EPERM: chmod by a non-owner, the sticky bit).
func (tr *callTrace) permFailed(check string, err error, what string, i *Inode, c *Cred) {
	if tr == nil || err != EACCES && err != EPERM {
		return
	}
	if c == nil {
		c = tr.p.cred.Load()
	}
	tr.permLayer(check, err, what, i, c)
}

// quoted is a name as the i_op lines show it.
func quoted(s string) string { return fmt.Sprintf("%q", s) }

// objEnd ends a path call that works on the object its walk found
// (chmod, truncate, readlink...): the inode operation it dispatched, or
// the permission or owner check that refused it. Other errors are the
// call's line's alone.
func (tr *callTrace) objEnd(table, op, check string, err error) {
	if tr.at == nil || !tr.wantLayers() {
		return
	}
	switch err {
	case nil:
		tr.opLine(table, tr.at, op, "", nil)
	case EACCES, EPERM:
		tr.permFailed(check, err, "file", tr.at, nil)
	}
}

// cwdEnd is chdir's and chroot's end: the process's fs_struct now
// holds the directory the walk found; chroot by a non-root is refused
// by its capability check.
func (tr *callTrace) cwdEnd(root bool, err error) {
	if tr.at == nil || !tr.wantLayers() {
		return
	}
	what := "pwd"
	if root {
		what = "root"
	}
	switch err {
	case nil:
		tr.linef("fs->%s ← dentry, %s inode %d", what, tr.at.sb.typ.Name(), tr.at.ino)
	case EPERM:
		tr.linef("capable(CAP_SYS_CHROOT): EPERM (cred fsuid %d)", tr.p.cred.Load().Fsuid)
	case EACCES:
		tr.permFailed("may_exec", err, "dir", tr.at, nil)
	}
}

// fsMountLayer is mount's call into the filesystem type: the new
// superblock it made, or its refusal.
func (tr *callTrace) fsMountLayer(t FileSystemType, sb *SuperBlock, err error) {
	if !tr.wantLayers() {
		return
	}
	if err != nil {
		tr.linef("fs_type: %s mount → %s", t.Name(), ErrnoOf(err).Name())
		return
	}
	tr.linef("fs_type: %s mount → new superblock, root inode %d", t.Name(), sb.root.inode.ino)
}

// attachLayer is a mount grafted on the tree at a mountpoint.
func (tr *callTrace) attachLayer(what string, m *Mount, at Path, err error) {
	if !tr.wantLayers() {
		return
	}
	s := ""
	if err != nil {
		s = ": " + ErrnoOf(err).Name()
	}
	tr.linef("attach %s (%s) on dentry %q, %s inode %d%s", what, m.sb.typ.Name(), at.Dentry.Name(),
		at.Dentry.inode.sb.typ.Name(), at.Dentry.inode.ino, s)
}

// umountLayer is umount's end: the mount detached, or why not.
func (tr *callTrace) umountLayer(err error) {
	if tr.at == nil || !tr.wantLayers() {
		return
	}
	switch err {
	case nil:
		tr.linef("detach mount of %s", tr.at.sb.typ.Name())
	case EPERM:
		tr.linef("can_umount: EPERM (cred fsuid %d, no CAP_SYS_ADMIN)", tr.p.cred.Load().Fsuid)
	}
}

// createEnd is mkdir's and mknod's inode operation, or the check that
// refused it: may_create's on the directory, CAP_MKNOD's for a device.
func (tr *callTrace) createEnd(nd *nameidata, mode uint32, err error) {
	if !tr.wantLayers() {
		return
	}
	dir := nd.path.Inode()
	switch {
	case err == EACCES:
		tr.permFailed("may_create", err, "dir", dir, nd.cred)
	case err == EPERM && mode&S_IFMT != S_IFDIR:
		tr.linef("capable(CAP_MKNOD): EPERM (cred fsuid %d)", tr.p.cred.Load().Fsuid)
	case err == nil || err != ENOENT && err != EROFS:
		op := "mknod"
		switch mode & S_IFMT {
		case S_IFDIR:
			op = "mkdir"
		case S_IFREG:
			op = "create"
		}
		tr.iop(dir, op, quoted(nd.last), err)
	}
}

// renameEnd is rename's inode operation on the old directory, or the
// check that refused it: may_delete's in the old directory (write and
// search, and the sticky bit), else may_create's in the new one.
func (tr *callTrace) renameEnd(ond, nnd *nameidata, err error) {
	if !tr.wantLayers() {
		return
	}
	from, to := ond.path.Inode(), nnd.path.Inode()
	switch err {
	case EACCES, EPERM:
		if permission(ond.cred, from, mayWrite|mayExec) != nil || err == EPERM {
			tr.permFailed("may_delete", err, "dir", from, ond.cred)
		} else {
			tr.permFailed("may_create", err, "dir", to, nnd.cred)
		}
	case nil, ENOSPC: // other errors are the VFS's checks: the backend was not asked
		what := quoted(ond.last) + " → " + quoted(nnd.last)
		if from != to {
			what = fmt.Sprintf("%q in %q → %q in %q", ond.last, ond.path.Dentry.Name(), nnd.last, nnd.path.Dentry.Name())
		}
		tr.iop(from, "rename", what, err)
	}
}

// binfmtLayer is exec's look at the file's first bytes: the "#!" line
// naming a registered program, or ENOEXEC.
func (tr *callTrace) binfmtLayer(f *File, name string, ok bool) {
	if !tr.wantLayers() {
		return
	}
	tr.linef("open_exec: %s, f_op %s read of the first bytes", tr.fileString(f), opsOwner(f, tr.p))
	if !ok {
		tr.linef("search_binary_handler: no \"#!\" line naming a registered program: ENOEXEC")
		return
	}
	tr.linef("search_binary_handler: \"#!\" → program %q", name)
}

// deleteFailed is may_delete's refusal: EACCES when the directory is
// not writable and searchable, EPERM from the sticky bit (the caller
// owns neither the directory nor the file) or an immutable file.
func (tr *callTrace) deleteFailed(err error, dir, victim *Inode, c *Cred) {
	if tr == nil || !tr.wantLayers() {
		return
	}
	if err != EPERM {
		tr.permFailed("may_delete", err, "dir", dir, c)
		return
	}
	vuid, _, _ := victim.owner()
	uid, _, mode := dir.owner()
	tr.linef("may_delete: EPERM (sticky dir %04o uid %d, file uid %d, cred fsuid %d)", mode&0o7777, uid, vuid, c.Fsuid)
}
