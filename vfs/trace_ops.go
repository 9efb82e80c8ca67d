package vfs

import (
	"fmt"

	"github.com/govfs/govfs/internal/sysfmt"
)

// The layers of the fd calls that trace_call.go's read, write, open
// and stat do not cover: the calls the core serves itself (close,
// lseek, dup, fcntl, poll...), the backend operation each one
// dispatches, the Files the fd-making calls install. The path calls'
// are in trace_path.go. Each public call takes its callTrace with
// traceBegin (traceFD) and, when it is not nil, goes through these
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

// forkLayer is what a child shares with its parent: a copy of the fd
// table whose fds point at the same Files, one reference more each.
func (tr *callTrace) forkLayer(c *Process) {
	if tr.wantLayers() {
		tr.linef("dup_fd: %d fds copied to pid %d's table, each File's refs +1 (shared offsets)", c.files.Count(), c.pid)
	}
}
