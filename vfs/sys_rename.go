package vfs

// rename(2) and renameat2(2): the one call that changes two directories
// at once, and so the one that needs Kernel.renameMu.

// Rename moves oldpath to newpath, replacing what was there (rename(2)).
func (p *Process) Rename(oldpath, newpath string) error {
	return p.Renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0)
}

// Renameat is rename relative to dirfds (renameat(2)).
func (p *Process) Renameat(olddirfd int, oldpath string, newdirfd int, newpath string) error {
	return p.Renameat2(olddirfd, oldpath, newdirfd, newpath, 0)
}

// Renameat2 is renameat with RENAME_NOREPLACE (EEXIST if newpath
// exists) or RENAME_EXCHANGE (swap the two, which must both exist).
func (p *Process) Renameat2(olddirfd int, oldpath string, newdirfd int, newpath string, flags uint) error {
	tr := p.k.traceBegin(p)
	err := p.rename(tr, olddirfd, oldpath, newdirfd, newpath, flags)
	if tr != nil {
		tr.end("renameat2", 0, err, atFD(olddirfd), oldpath, atFD(newdirfd), newpath, flags)
	}
	return err
}

func (p *Process) rename(tr *callTrace, olddirfd int, oldpath string, newdirfd int, newpath string, flags uint) error {
	if flags&^(RENAME_NOREPLACE|RENAME_EXCHANGE|RENAME_WHITEOUT) != 0 ||
		flags&RENAME_EXCHANGE != 0 && flags&(RENAME_NOREPLACE|RENAME_WHITEOUT) != 0 {
		return EINVAL
	}
	ond, nnd := nameidata{tr: tr}, nameidata{tr: tr}
	if err := p.nameiParentForName(&ond, olddirfd, oldpath); err != nil {
		return err
	}
	if err := p.nameiParentForName(&nnd, newdirfd, newpath); err != nil {
		return err
	}
	if ond.path.Mnt != nnd.path.Mnt {
		return EXDEV
	}
	if ond.lastType != lastNorm {
		return EBUSY
	}
	if nnd.lastType != lastNorm {
		if flags&RENAME_NOREPLACE != 0 {
			return EEXIST
		}
		return EBUSY
	}
	if ond.path.Mnt.readonly() {
		return EROFS
	}
	k := p.k
	k.renameMu.Lock()
	defer k.renameMu.Unlock()
	oldDir, newDir := ond.path.Dentry, nnd.path.Dentry
	unlock := lockRename(oldDir, newDir)
	defer unlock()
	err := k.renameLocked(&ond, &nnd, flags)
	if tr != nil {
		tr.renameEnd(&ond, &nnd, err)
	}
	return err
}

// lockRename locks the two parents, an ancestor before its descendant
// (lock_rename); renameMu makes any other order safe.
func lockRename(a, b *Dentry) func() {
	if a == b {
		a.lock()
		return a.unlock
	}
	if isAncestor(b, a) {
		a, b = b, a
	}
	a.lock()
	b.lock()
	return func() { b.unlock(); a.unlock() }
}

// isAncestor reports whether anc is d or above it; renameMu is held.
func isAncestor(anc, d *Dentry) bool {
	for {
		if d == anc {
			return true
		}
		parent := d.Parent()
		if parent == d {
			return false
		}
		d = parent
	}
}

// renameLocked is the checks and the move of do_renameat2 and
// vfs_rename, with both parents locked.
func (k *Kernel) renameLocked(ond, nnd *nameidata, flags uint) error {
	oldDir, newDir := ond.path.Dentry, nnd.path.Dentry
	old, err := k.lookupLocked(oldDir, ond.last)
	if err != nil {
		return err
	}
	target, err := k.lookupLocked(newDir, nnd.last)
	switch {
	// A removed directory makes no negative entry either (IS_DEADDIR in
	// lookup_one_qstr_excl): its ENOENT comes before the checks below.
	case err == ENOENT && !noNegatives(newDir) && !newDir.dir.dead:
		target = nil
		if flags&RENAME_EXCHANGE != 0 {
			return ENOENT
		}
	case err != nil:
		return err
	case flags&RENAME_NOREPLACE != 0:
		return EEXIST
	}
	isDir := old.inode.IsDir()
	newIsDir := target != nil && target.inode.IsDir()
	if flags&RENAME_EXCHANGE != 0 && !newIsDir && nnd.trailing {
		return ENOTDIR
	}
	if !isDir && (ond.trailing || flags&RENAME_EXCHANGE == 0 && nnd.trailing) {
		return ENOTDIR
	}
	if isAncestor(old, newDir) {
		return EINVAL // into its own subtree
	}
	if target != nil && isAncestor(target, oldDir) {
		if flags&RENAME_EXCHANGE != 0 {
			return EINVAL
		}
		return ENOTEMPTY
	}
	if target != nil && old.inode == target.inode {
		return nil // two names of one inode: nothing to do
	}
	cred := ond.cred
	if err := mayDeleteKind(cred, oldDir.inode, old.inode, isDir); err != nil {
		return err
	}
	if target == nil {
		if newDir.dir.dead {
			return ENOENT
		}
		if err := permission(cred, newDir.inode, mayWrite|mayExec); err != nil {
			return err
		}
	} else {
		kind := isDir
		if flags&RENAME_EXCHANGE != 0 {
			kind = newIsDir
		}
		if err := mayDeleteKind(cred, newDir.inode, target.inode, kind); err != nil {
			return err
		}
	}
	r, ok := oldDir.inode.impl.(Renamer)
	if !ok {
		return EPERM
	}
	wh, whOK := oldDir.inode.impl.(Mknoder)
	if flags&RENAME_WHITEOUT != 0 && !whOK {
		return EINVAL
	}
	if oldDir != newDir {
		if isDir {
			if err := permission(cred, old.inode, mayWrite); err != nil {
				return err
			}
		}
		if flags&RENAME_EXCHANGE != 0 && newIsDir {
			if err := permission(cred, target.inode, mayWrite); err != nil {
				return err
			}
		}
	}
	if old.mounts.Load() > 0 || (target != nil && target.mounts.Load() > 0) {
		return EBUSY
	}
	newd := target
	if newd == nil {
		newd = newDentry(newDir, nnd.last, nil)
	}
	if target != nil && newIsDir && flags&RENAME_EXCHANGE == 0 {
		target.lock()
		defer target.unlock()
		if !target.emptyLocked() {
			return ENOTEMPTY
		}
	}
	if err := r.Rename(old, newDir.inode, newd, flags); err != nil {
		return err
	}
	oldName := old.Name()
	k.treeChanging() // remembered walks through old or target end here
	dMove(oldDir, old, newDir, nnd.last, target, flags)
	k.treeChanged()
	if flags&RENAME_WHITEOUT != 0 {
		// Leave a whiteout, a 0:0 character device, at the old name
		// (what overlayfs reads as "deleted here").
		d := newDentry(oldDir, oldName, nil)
		a := newAttr(cred, oldDir.inode, S_IFCHR, 0)
		inode, err := wh.Mknod(d, a)
		if err != nil {
			return err
		}
		d.instantiate(inode)
		oldDir.hashNewLocked(d)
	}
	return nil
}

// mayDeleteKind is may_delete with the directory-ness check: a directory
// must replace a directory (ENOTDIR) and a file a file (EISDIR).
func mayDeleteKind(c *Cred, dir, victim *Inode, isDir bool) error {
	if err := mayDelete(c, dir, victim); err != nil {
		return err
	}
	switch {
	case isDir && !victim.IsDir():
		return ENOTDIR
	case !isDir && victim.IsDir():
		return EISDIR
	}
	return nil
}

// dMove moves old to newName in newDir in the cache (d_move), dropping
// the replaced target, or swaps the two names (d_exchange).
func dMove(oldDir, old, newDir *Dentry, newName string, target *Dentry, flags uint) {
	oldName := old.Name()
	oldDir.removeChildLocked(old)
	if target != nil {
		newDir.removeChildLocked(target)
		if flags&RENAME_EXCHANGE != 0 {
			target.rename(oldName)
			oldDir.addChildLocked(target)
		} else {
			if target.dir != nil {
				target.dir.dead = true
			}
			target.unhash()
		}
	}
	old.rename(newName)
	newDir.addChildLocked(old)
}
