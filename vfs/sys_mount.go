package vfs

// mount(2) and umount2(2).

// Mount attaches a new instance of fstype at target, or with MS_BIND the
// tree at source, or with MS_REMOUNT changes the flags of the mount at
// target. Only root may mount.
func (p *Process) Mount(source, target, fstype string, flags uintptr, data string) error {
	tr := p.k.traceBegin(p)
	err := p.mount(tr, source, target, fstype, flags, data)
	if tr != nil {
		tr.end("mount", 0, err, source, target, fstype, flags, data)
	}
	return err
}

func (p *Process) mount(tr *callTrace, source, target, fstype string, flags uintptr, data string) error {
	// The target is walked first, then the privilege checked
	// (do_mount, then path_mount's may_mount): a missing target is
	// ENOENT even for a user.
	at, err := p.nameiTr(tr, AT_FDCWD, target, lookupFollow)
	if err != nil {
		return err
	}
	if !p.cred.Load().privileged() {
		if tr != nil {
			tr.layerf("may_mount: EPERM (cred fsuid %d, no CAP_SYS_ADMIN)", p.cred.Load().Fsuid)
		}
		return EPERM
	}
	k := p.k
	switch {
	case flags&MS_REMOUNT != 0:
		if at.Dentry != at.Mnt.root {
			return EINVAL
		}
		m, sb, ro := at.Mnt, at.Mnt.sb, flags&MS_RDONLY != 0
		if flags&MS_BIND != 0 {
			// Only this mount's flags change (mnt_make_readonly).
			if ro && m.writers.Load() > 0 {
				return EBUSY
			}
		} else {
			// The filesystem changes, under every mount of it
			// (sb_prepare_remount_readonly).
			if ro && (sb.writers.Load() > 0 || sb.orphans.Load() > 0) {
				return EBUSY // open for writing, or unlinked but open
			}
			if r, ok := sb.impl.(Remounter); ok {
				if err := r.Remount(flags, data); err != nil {
					return err
				}
			}
			sb.readonly.Store(ro)
		}
		m.flags.Store(mntFlags(flags))
		return nil
	case flags&MS_BIND != 0:
		src, err := p.nameiTr(tr, AT_FDCWD, source, lookupFollow)
		if err != nil {
			return err
		}
		if src.Inode().IsDir() != at.Inode().IsDir() {
			return ENOTDIR
		}
		m := newMount(src.Mnt.sb, src.Dentry, source)
		m.flags.Store(src.Mnt.flags.Load())
		err = k.attach(m, at)
		if tr != nil {
			tr.attachLayer("bind mount of "+p.DPath(src), m, at, err)
		}
		return err
	}
	t, err := k.fsType(fstype)
	if err != nil {
		return err
	}
	if !at.Inode().IsDir() {
		return ENOTDIR
	}
	sb, err := t.Mount(k, source, flags, data)
	if tr != nil {
		tr.fsMountLayer(t, sb, err)
	}
	if err != nil {
		return err
	}
	sb.readonly.Store(flags&MS_RDONLY != 0)
	m := newMount(sb, sb.root, source)
	m.flags.Store(mntFlags(flags))
	err = k.attach(m, at)
	if tr != nil {
		tr.attachLayer("new mount", m, at, err)
	}
	return err
}

// Remounter applies new options to a mounted instance (MS_REMOUNT);
// implemented by a SuperBlock's impl.
type Remounter interface {
	Remount(flags uintptr, data string) error
}

// testHookUmountCounted runs, in tests only, between umount's busy
// check and the detach: the window an open racing it must not slip into.
var testHookUmountCounted func()

// Unmount detaches the mount whose root is target (umount2(2)): EBUSY
// while anything holds it open, unless MNT_DETACH, which detaches it now
// and lets it die when the last user goes.
func (p *Process) Unmount(target string, flags int) error {
	tr := p.k.traceBegin(p)
	err := p.unmount(tr, target, flags)
	if tr != nil {
		tr.umountLayer(err)
		tr.end("umount2", 0, err, target, flags)
	}
	return err
}

func (p *Process) unmount(tr *callTrace, target string, flags int) error {
	if flags&^(MNT_FORCE|MNT_DETACH|MNT_EXPIRE|UMOUNT_NOFOLLOW) != 0 {
		return EINVAL
	}
	lf := lookupFollow
	if flags&UMOUNT_NOFOLLOW != 0 {
		lf = 0
	}
	at, err := p.nameiTr(tr, AT_FDCWD, target, lf)
	if err != nil {
		return err
	}
	if !p.cred.Load().privileged() { // can_umount, after the walk
		return EPERM
	}
	m := at.Mnt
	if at.Dentry != m.root {
		return EINVAL
	}
	k := p.k
	k.mountMu.Lock()
	if m.parent == nil {
		k.mountMu.Unlock()
		if m == k.rootMnt {
			return EBUSY
		}
		return EINVAL
	}
	// Remembered walks into m end here; and while a doomed m makes
	// opens walk again, they must walk, not remember.
	k.treeChanging()
	defer k.treeChanged()
	if flags&MNT_DETACH == 0 {
		// Doom first, then count: an open that took its reference
		// before this sees EBUSY here, one after it sees doomed and
		// walks again, past the mount (MNT_SYNC_UMOUNT).
		m.doomed.Store(true)
		if m.busy() || m.children > 0 {
			m.thaw()
			m.doomed.Store(false)
			k.mountMu.Unlock()
			return EBUSY
		}
		if testHookUmountCounted != nil {
			testHookUmountCounted()
		}
	}
	k.detachLocked(m)
	k.mountMu.Unlock()
	m.releaseIfUnused()
	return nil
}
