package vfs

import "strings"

// getdents64(2), chdir(2), fchdir(2), getcwd(2), chroot(2): the calls
// about directories as places rather than as files.

// Getdents reads linux_dirent64 records from the directory fd (getdents64(2)).
func (p *Process) Getdents(fd int, buf []byte) (int, error) {
	tr, tf := p.k.traceFD(p, fd)
	n, err := p.getdents(fd, buf)
	if tr != nil {
		tr.fdDone(tf, "iterate_shared", int64(n), err)
		tr.end("getdents64", int64(n), err, fd, len(buf))
	}
	return n, err
}

func (p *Process) getdents(fd int, buf []byte) (int, error) {
	f, err := p.fdget(fd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	it, ok := f.ops.(Iterater)
	if !ok || !f.inode.IsDir() {
		return 0, ENOTDIR
	}
	if f.path.Dentry.deadDir() {
		return 0, ENOENT // iterate_dir's IS_DEADDIR
	}
	f.posMu.Lock()
	defer f.posMu.Unlock()
	ctx := DirContext{Pos: f.pos, buf: buf}
	err = it.Iterate(f, &ctx)
	f.pos = ctx.Pos
	f.Accessed() // iterate_dir touches atime whatever came of it
	if ctx.n == 0 {
		if err != nil {
			return 0, err
		}
		if ctx.full {
			return 0, EINVAL
		}
	}
	return ctx.n, nil
}

// accessed updates atime by the relatime rule: only if it is not newer
// than mtime or ctime, or is a day old (touch_atime + relatime_need_update).
func (i *Inode) accessed() {
	now := i.sb.now()
	i.mu.Lock()
	if i.atime <= i.mtime || i.atime <= i.ctime || now-i.atime >= 24*3600*1e9 {
		i.atime = now
	}
	i.mu.Unlock()
}

// accessed is touch_atime: nothing through a read-only mount, or on a
// read-only filesystem (atime_needs_update).
func (p Path) accessed() {
	if !p.Mnt.readonly() {
		p.Dentry.inode.accessed()
	}
}

// Accessed updates the atime of the File's inode after a read, unless
// the File was opened O_NOATIME or through a read-only mount
// (file_accessed).
func (f *File) Accessed() {
	if f.flags.Load()&O_NOATIME == 0 {
		f.path.accessed()
	}
}

// Chdir changes the working directory (chdir(2)).
func (p *Process) Chdir(path string) error {
	tr := p.k.traceBegin(p)
	at, err := p.nameiHeldTr(tr, AT_FDCWD, path, lookupFollow|lookupDirectory)
	if err == nil {
		err = p.setCwd(at, false)
	}
	if tr != nil {
		tr.cwdEnd(false, err)
		tr.end("chdir", 0, err, path)
	}
	return err
}

// Fchdir changes the working directory to fd's directory (fchdir(2)).
func (p *Process) Fchdir(fd int) error {
	tr, tf := p.k.traceFD(p, fd)
	f, err := p.fdgetRaw(fd)
	if err == nil {
		if !f.inode.IsDir() {
			err = ENOTDIR
		} else {
			f.path.get()
			err = p.setCwd(f.path, false)
		}
		f.DecRef()
	}
	if tr != nil {
		tr.fdDone(tf, "", 0, nil)
		tr.end("fchdir", 0, err, fd)
	}
	return err
}

// Chroot changes the root directory; only root may (chroot(2)).
func (p *Process) Chroot(path string) error {
	tr := p.k.traceBegin(p)
	at, err := p.nameiHeldTr(tr, AT_FDCWD, path, lookupFollow|lookupDirectory)
	if err == nil {
		if !p.cred.Load().privileged() {
			at.put()
			err = EPERM
		} else {
			err = p.setCwd(at, true)
		}
	}
	if tr != nil {
		tr.cwdEnd(true, err)
		tr.end("chroot", 0, err, path)
	}
	return err
}

// setCwd installs at as the cwd (or the root) after the search check,
// taking over the caller's reference on at.
func (p *Process) setCwd(at Path, root bool) error {
	if err := permission(p.cred.Load(), at.Inode(), mayExec); err != nil {
		at.put()
		return err
	}
	p.fsMu.Lock()
	if p.paths.Load() == nil {
		p.fsMu.Unlock()
		at.put()
		return ESRCH // exited while the path was looked up
	}
	fp := *p.paths.Load()
	prev := fp.cwd
	if root {
		prev, fp.root = fp.root, at
	} else {
		fp.cwd = at
	}
	p.paths.Store(&fp)
	p.fsMu.Unlock()
	prev.put()
	return nil
}

// Getcwd writes the working directory, NUL-terminated, into buf and
// returns its length with the NUL (getcwd(2)): ERANGE if it does not
// fit, ENOENT if the directory was removed.
func (p *Process) Getcwd(buf []byte) (int, error) {
	n, err := p.getcwd(buf)
	if tr := p.k.traceBegin(p); tr != nil {
		if err == nil && tr.wantLayers() {
			tr.linef("d_path(fs->pwd) → %q, walked up the dentries' parents to fs->root", string(buf[:n-1]))
		}
		tr.end("getcwd", int64(n), err, len(buf))
	}
	return n, err
}

func (p *Process) getcwd(buf []byte) (int, error) {
	root, cwd, err := p.rootAndCwd()
	if err != nil {
		return 0, err
	}
	if cwd.Dentry.Unhashed() {
		return 0, ENOENT
	}
	path, reachable := p.k.dPath(cwd, root)
	if !reachable {
		path = "(unreachable)" + path
	}
	if len(path)+1 > len(buf) {
		return 0, ERANGE
	}
	copy(buf, path)
	buf[len(path)] = 0
	return len(path) + 1, nil
}

// dPath spells the path of at as seen from root (d_path): up through
// parents and from mount roots to mountpoints. reachable is false when
// the walk passed the top of the tree without meeting root.
func (k *Kernel) dPath(at, root Path) (path string, reachable bool) {
	k.renameMu.RLock()
	defer k.renameMu.RUnlock()
	k.mountMu.RLock()
	defer k.mountMu.RUnlock()
	var names []string
	reachable = true
	for at != root {
		if at.Dentry == at.Mnt.root {
			if at.Mnt.parent == nil {
				reachable = false
				break
			}
			at = Path{at.Mnt.parent, at.Mnt.mountpoint}
			continue
		}
		names = append(names, at.Dentry.Name())
		at.Dentry = at.Dentry.Parent()
	}
	var b strings.Builder
	for i := len(names) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(names[i])
	}
	if b.Len() == 0 {
		return "/", reachable
	}
	return b.String(), reachable
}

// PathOf spells the path of an open File as its process's root sees it
// (the root of the mount tree once the process exited), with
// " (deleted)" for an unlinked one, as /proc/PID/fd links show.
func (p *Process) PathOf(f *File) string { return p.DPath(f.path) }
