package vfs

import (
	"fmt"

	"github.com/govfs/govfs/internal/sysfmt"
)

// The layers of the calls that trace_call.go's read, write, open and
// stat do not cover: the fd calls the core serves itself (close, lseek,
// dup, fcntl...), the backend operation each one dispatches, and the
// path calls' ends (the parent a walk found, the inode operation, the
// permission check that refused it). Each public call takes its
// callTrace with traceBegin and, when it is not nil, goes through these
// helpers; with tracing off none of this runs.

// fdPeek is the fd table's step of a call whose own lookup of fd is
// deep in code that takes no callTrace: fd is looked up once more here,
// just before the call, and the File kept (with a reference) for the
// backend's line after it. The call takes its own reference, so what
// it does is not changed; fdDone drops this one.
func (tr *callTrace) fdPeek(fd int) *File {
	f, err := tr.p.files.get(fd)
	if err != nil {
		tr.layerf("fdtable[%d]: %s", fd, ErrnoOf(err).Name())
		return nil
	}
	tr.fileLayer(fd, f)
	return f
}

// fdDone writes the operation that reached the backend, "f_op: tmpfs
// llseek → 5", or, with op "", none (the call was the core's alone),
// and drops fdPeek's reference.
func (tr *callTrace) fdDone(f *File, op string, ret int64, err error) {
	if f == nil {
		return
	}
	if op != "" {
		tr.fopLayer(f, op, int(ret), err)
	}
	f.DecRef()
}

// iopDone is fdDone for a call that reaches the inode rather than the
// File: fstat's getattr, fchmod's setattr.
func (tr *callTrace) iopDone(f *File, op string, err error) {
	if f == nil {
		return
	}
	tr.iop(f.inode, op, "", err)
	f.DecRef()
}

// iop is an inode operation dispatched to a backend: `i_op: tmpfs
// mkdir "d"`, `i_op: tmpfs rename "a" → "b"`.
func (tr *callTrace) iop(i *Inode, op, what string, err error) { tr.opLine("i_op", i, op, what, err) }

// opLine is iop for any of the backend's tables: i_op, or s_op for the
// superblock's operations (statfs).
func (tr *callTrace) opLine(table string, i *Inode, op, what string, err error) {
	if !tr.wantLayers() {
		return
	}
	s := ""
	if what != "" {
		s = " " + what
	}
	if err != nil {
		s += " → " + ErrnoOf(err).Name()
	}
	tr.linef("%s: %s %s%s", table, i.sb.typ.Name(), op, s)
}

// closeLayer is close's work on the table and the File: the slot
// cleared, the table's reference dropped, and on the last one the
// release the backend is told of. f is fdPeek's, whose reference is
// still held (and is not counted).
func (tr *callTrace) closeLayer(fd int, f *File, err error) {
	if f == nil || err != nil {
		tr.fdDone(f, "", 0, nil)
		return
	}
	if tr.wantLayers() {
		r := f.Refs() - 1 // less fdPeek's
		tr.linef("fdtable[%d] ← cleared; File refs %d → %d", fd, r+1, r)
		if r == 0 {
			if _, ok := f.ops.(Releaser); ok {
				tr.linef("f_op: %s release", opsOwner(f, tr.p))
			} else {
				tr.linef("last reference: __fput, no f_op release")
			}
		}
	}
	f.DecRef() // the last, when r was 0: the release runs here
}

// fdShared is dup's end: the new fd points at the same File, whose
// count went up by one.
func (tr *callTrace) fdShared(oldfd, newfd int, err error) {
	if err != nil || !tr.wantLayers() {
		return
	}
	f, gerr := tr.p.files.get(newfd)
	if gerr != nil {
		return
	}
	r := f.Refs() - 1
	tr.linef("fdtable[%d] ← the File of fdtable[%d]; File refs %d → %d", newfd, oldfd, r-1, r)
	f.DecRef()
}

// pollLayer is one fd of poll(2) or epoll_wait's scan: the File and
// what its f_op poll answered.
func (tr *callTrace) pollLayer(fd int, f *File, mask uint32) {
	if !tr.wantLayers() {
		return
	}
	if f == nil {
		tr.linef("fdtable[%d]: EBADF → POLLNVAL", fd)
		return
	}
	tr.fileLayer(fd, f)
	tr.linef("f_op: %s poll → %s", opsOwner(f, tr.p), pollString(mask))
}

// pollString spells a poll mask as strace does: POLLIN|POLLHUP, or 0.
func pollString(m uint32) string { return sysfmt.FlagsOr0(int(m), pollNames) }

var pollNames = []sysfmt.Name{
	{Bits: POLLIN, Name: "POLLIN"}, {Bits: POLLPRI, Name: "POLLPRI"}, {Bits: POLLOUT, Name: "POLLOUT"},
	{Bits: POLLERR, Name: "POLLERR"}, {Bits: POLLHUP, Name: "POLLHUP"}, {Bits: POLLNVAL, Name: "POLLNVAL"},
	{Bits: POLLRDHUP, Name: "POLLRDHUP"},
}

// nameiEnd is a path call's walk, with where it ended: namei's line for
// a full walk; for a walk to a parent (mkdir, unlink, rename...) the
// parent's dentry and the name left for the inode operation.
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

// traceFD is traceBegin for a call on fd, with fdPeek's step done: the
// File is nil when tracing is off, the fd is not open or the layers
// are not wanted.
func (k *Kernel) traceFD(p *Process, fd int) (*callTrace, *File) {
	tr := k.traceBegin(p)
	if tr == nil || !tr.wantLayers() {
		return tr, nil
	}
	return tr, tr.fdPeek(fd)
}

// replacing is dup2's step on newfd before it takes the File: what the
// fd held, which dup2 closes.
func (tr *callTrace) replacing(newfd int) {
	if !tr.wantLayers() {
		return
	}
	if f, err := tr.p.files.get(newfd); err == nil {
		tr.linef("fdtable[%d] held %s: closed", newfd, tr.fileString(f))
		f.DecRef()
	}
}

// pollScan is one scan of poll(2)'s fds: each fd's File and what its
// f_op poll answered, of the events asked for.
func (tr *callTrace) pollScan(fds []PollFd, files []*File) {
	if !tr.wantLayers() {
		return
	}
	for i, pfd := range fds {
		if pfd.Fd >= 0 {
			tr.pollLayer(int(pfd.Fd), files[i], uint32(uint16(pfd.Revents)))
		}
	}
}

// pollFds is poll(2)'s array as strace spells it:
// [{fd=3, events=POLLIN}]; the fd filter sees its fds.
type pollFds []PollFd

func (a pollFds) String() string {
	s := "["
	for i, pfd := range a {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("{fd=%d, events=%s}", pfd.Fd, pollString(uint32(uint16(pfd.Events))))
	}
	return s + "]"
}

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

// acceptTry is one try of accept's backend: a new connection, or
// EAGAIN while the queue is empty.
func (tr *callTrace) acceptTry(f *File, err error) {
	if !tr.wantLayers() {
		return
	}
	res := "new connection"
	if err != nil {
		res = ErrnoOf(err).Name()
	}
	tr.linef("f_op: %s accept → %s", opsOwner(f, tr.p), res)
}

// traceNewFDs writes a call that made Files and gave them fds (pipe2,
// socket, socketpair, eventfd2, timerfd_create, epoll_create1): each
// new File, the backend behind it and its slot. The fds are looked at
// after the call; one another thread closed meanwhile shows nothing.
func (k *Kernel) traceNewFDs(p *Process, name string, ret int64, err error, fds []int, args ...any) {
	tr := k.traceBegin(p)
	if tr == nil {
		return
	}
	if err == nil && tr.wantLayers() {
		for _, fd := range fds {
			if f, gerr := p.files.get(fd); gerr == nil {
				tr.installLayer(fd, f)
				f.DecRef()
			}
		}
	}
	tr.end(name, ret, err, args...)
}

// rightsLayer is SCM_RIGHTS: each File passed now has one reference
// more, held by the message until the receiver installs it.
func (tr *callTrace) rightsLayer(files []*File) {
	if !tr.wantLayers() {
		return
	}
	for _, f := range files {
		tr.linef("SCM_RIGHTS: %s in flight, refs %d", tr.fileString(f), f.Refs())
	}
}
