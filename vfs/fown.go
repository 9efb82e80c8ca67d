package vfs

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// Signal-driven I/O (fs/fcntl.c): a File with O_ASYNC, on a list its
// backend keeps, sends a signal to its owner each time the backend says
// it became readable or writable.
//
//	fcntl(fd, F_SETOWN, pid)    File.owner = {pid, setter's uid and euid}
//	fcntl(fd, F_SETSIG, sig)    File.owner.sig (0: SIGIO)
//	fcntl(fd, F_SETFL, O_ASYNC) backend's Fasync: its FasyncList.Helper(f, true)
//	a write to the pipe         backend's FasyncList.Kill() ─▶ each File's
//	                            owner, if the setter may signal it, gets sig
//
// Any File has an owner, O_ASYNC or not, as in Linux; only a backend
// with Fasync (pipes, FIFOs, sockets) ever signals it. govfs has no
// process groups: every process leads a group of its own number, as
// /proc/PID/stat shows, so an owner of -N (a group) is process N.

// Fcntl commands of signal-driven I/O, and its default signal.
const (
	F_SETOWN = 8
	F_GETOWN = 9
	F_SETSIG = 10
	F_GETSIG = 11
	SIGIO    = 29
)

// fown is a File's owner (struct fown_struct).
type fown struct {
	mu        sync.Mutex
	pid       int  // 0: nobody
	group     bool // F_SETOWN of -pid
	sig       int  // F_SETSIG's; 0 sends SIGIO
	uid, euid uint32
}

// fownOf returns f's owner, made on first use: most Files never have one.
func (f *File) fownOf() *fown {
	o := f.owner.Load()
	if o == nil {
		f.owner.CompareAndSwap(nil, new(fown))
		o = f.owner.Load()
	}
	return o
}

// setown is F_SETOWN (f_setown): any process may name any other, and
// whether the signal may go there is judged when it is sent, by the
// credentials of the caller now.
func (p *Process) setown(f *File, arg int) error {
	who := int32(arg) // fcntl's int argument
	if who == math.MinInt32 {
		return EINVAL
	}
	group := who < 0
	if group {
		who = -who
	}
	if who != 0 {
		if t, ok := p.k.Process(int(who)); !ok || t.reaped.Load() {
			return ESRCH
		}
	}
	c := p.cred.Load()
	o := f.fownOf()
	o.mu.Lock()
	o.pid, o.group, o.uid, o.euid = int(who), group, c.Uid, c.Euid
	o.mu.Unlock()
	return nil
}

// getown is F_GETOWN (f_getown): the owner, negative for a group, or 0
// once the owner has been reaped.
func (f *File) getown(k *Kernel) int {
	o := f.owner.Load()
	if o == nil {
		return 0
	}
	o.mu.Lock()
	pid, group := o.pid, o.group
	o.mu.Unlock()
	if pid == 0 {
		return 0
	}
	if t, ok := k.Process(pid); !ok || t.reaped.Load() {
		return 0
	}
	if group {
		return -pid
	}
	return pid
}

// setsig is F_SETSIG: a signal number, or 0 for SIGIO.
func (f *File) setsig(sig int) error {
	if sig < 0 || sig > 64 {
		return EINVAL
	}
	o := f.fownOf()
	o.mu.Lock()
	o.sig = sig
	o.mu.Unlock()
	return nil
}

// getsig is F_GETSIG.
func (f *File) getsig() int {
	o := f.owner.Load()
	if o == nil {
		return 0
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.sig
}

// sendSigio signals f's owner (send_sigio), if it has one and the
// credentials of whoever named it may signal it (sigio_perm): root, or
// a real or effective uid equal to the owner's real or saved uid.
func (f *File) sendSigio() {
	o := f.owner.Load()
	if o == nil {
		return
	}
	o.mu.Lock()
	pid, sig, uid, euid := o.pid, o.sig, o.uid, o.euid
	o.mu.Unlock()
	if pid == 0 {
		return
	}
	t, ok := f.inode.sb.k.Process(pid)
	if !ok || t.reaped.Load() {
		return
	}
	c := t.cred.Load()
	if euid != 0 && euid != c.Suid && euid != c.Uid && uid != c.Suid && uid != c.Uid {
		return
	}
	if sig == 0 {
		sig = SIGIO
	}
	t.signal(sig)
}

// FasyncList is a backend's list of the Files that asked for SIGIO
// (a fasync_struct list): its Fasync calls Helper, and each event the
// Files wait for calls Kill. A pipe keeps one for its readers and one
// for its writers; a socket one for itself.
type FasyncList struct {
	n     atomic.Int32 // len(files), read without the lock by Kill
	mu    sync.Mutex
	files []*File
}

// Helper adds f to the list or takes it off (fasync_helper).
func (l *FasyncList) Helper(f *File, on bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, g := range l.files {
		if g == f {
			if !on {
				l.files = slices.Delete(l.files, i, i+1)
				l.n.Add(-1)
			}
			return
		}
	}
	if on {
		l.files = append(l.files, f)
		l.n.Add(1)
	}
}

// Kill signals the owner of every File on the list (kill_fasync). It
// costs one atomic load when the list is empty.
func (l *FasyncList) Kill() {
	if l.n.Load() == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, f := range l.files {
		f.sendSigio() // takes only leaves: the owner's lock, the pid table's, the target's signals
	}
}
