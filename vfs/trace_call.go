package vfs

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/govfs/govfs/internal/sysfmt"
)

// The layers one traced call crosses. A call that may be traced takes a
// callTrace at its start (traceBegin: one atomic load, nil while tracing
// is off or the call's process is filtered out) and hands it down its
// own path: a parameter of the fd calls' helpers, nd.tr in the path
// walk. Each layer adds its lines with a nil check in front, so a call
// made with tracing off pays one load and some never-taken branches,
// and allocates nothing. At the end the call's line and its layers are
// written in one Write, under the tracer's lock, so calls made at once
// from many goroutines (one process's threads among them) never mix
// their lines; a per-process buffer would mix them.

// TraceLevel says how much of each call a Tracer writes.
type TraceLevel int

const (
	// TraceSyscalls writes one strace-style line per call (k.Trace's).
	TraceSyscalls TraceLevel = iota
	// TraceLayers adds, indented under it, the layers the call crossed:
	// the fd table lookup, the File, the backend's file operation, the
	// sleeps on a wait queue, where a path walk ended and the
	// permission check that failed it.
	TraceLayers
	// TraceWalk adds each step of the path walk: where it starts, every
	// component with its dentry cache hit or miss (a miss asks the
	// backend's Lookup), mount crossings, symlinks and magic links, "."
	// and "..", or govfs's walk cache answering a whole path at once
	// (walkcache.go: root's repeated plain walks, which Linux does not
	// have).
	TraceWalk
)

// TraceOptions choose what Kernel.TraceWith writes. The zero value
// traces every call of every process, one line each, as Kernel.Trace.
type TraceOptions struct {
	Level TraceLevel
	// PID keeps only the calls of that process; 0 keeps every process's
	// (pids start at 1).
	PID int
	// FDs keeps only the calls on one of these fds, as numbered in the
	// calling process: the fd a call takes (read, close, fstat...), a
	// dirfd of an *at call, or the fd a call returns (open, dup, socket,
	// accept4; pipe2 and socketpair by either of the pair). Empty keeps
	// every call. A slice rather than one number, so that fd 0 can be
	// chosen and both ends of a pipe watched at once.
	FDs []int
}

// TraceWith starts writing calls to w as opt says; TraceWith(nil, ...)
// stops. It replaces what an earlier Trace or TraceWith set.
func (k *Kernel) TraceWith(w io.Writer, opt TraceOptions) {
	if w == nil {
		k.tracer.Store(nil)
		return
	}
	opt.FDs = append([]int(nil), opt.FDs...)
	k.tracer.Store(&Tracer{w: w, opt: opt})
}

// callTrace is the record of one traced call: the layers it crossed,
// one line each, in the order it crossed them.
type callTrace struct {
	t      *Tracer
	p      *Process
	layers strings.Builder
	tries  int    // calls of a blocking loop's try: the second and later follow a wake-up
	at     *Inode // where nameiTr's walk ended, for the path call's last layer
}

// traceBegin starts the record of one call of p, or returns nil when
// tracing is off or the tracer does not want p's calls.
func (k *Kernel) traceBegin(p *Process) *callTrace {
	t := k.tracer.Load()
	if t == nil {
		return nil
	}
	return t.begin(p)
}

func (t *Tracer) begin(p *Process) *callTrace {
	if t.opt.PID != 0 && t.opt.PID != p.pid {
		return nil
	}
	return &callTrace{t: t, p: p}
}

// wantLayers reports whether the layer lines are wanted; wantWalk, the
// walk's.
func (tr *callTrace) wantLayers() bool { return tr.t.opt.Level >= TraceLayers }
func (tr *callTrace) wantWalk() bool   { return tr.t.opt.Level >= TraceWalk }

// layerf adds a layer line at TraceLayers and above.
func (tr *callTrace) layerf(format string, args ...any) {
	if tr.wantLayers() {
		tr.linef(format, args...)
	}
}

// walkf adds a walk step at TraceWalk.
func (tr *callTrace) walkf(format string, args ...any) {
	if tr.wantWalk() {
		tr.linef("  "+format, args...)
	}
}

func (tr *callTrace) linef(format string, args ...any) {
	tr.layers.WriteString("    ")
	fmt.Fprintf(&tr.layers, format, args...)
	tr.layers.WriteByte('\n')
}

// end writes the call's line and its layers.
func (tr *callTrace) end(name string, ret int64, err error, args ...any) {
	tr.t.emit(tr.p, name, ret, err, args, tr.layers.String())
}

// emit writes one call, if the fd filter keeps it, in one Write.
func (t *Tracer) emit(p *Process, name string, ret int64, err error, args []any, layers string) {
	if t.opt.PID != 0 && t.opt.PID != p.pid || !t.keepsFDs(name, ret, err, args) {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[%d] %s(%s) = ", p.pid, name, strings.Join(traceArgs(name, args), ", "))
	if err != nil {
		e := ErrnoOf(err)
		fmt.Fprintf(&b, "-1 %s (%s)\n", e.Name(), e.Error())
	} else {
		b.WriteString(traceResult(name, ret, args))
		b.WriteByte('\n')
	}
	b.WriteString(layers)
	t.mu.Lock()
	io.WriteString(t.w, b.String())
	t.mu.Unlock()
}

// notFDFirst lists the calls whose first integer argument is not an fd.
var notFDFirst = map[string]bool{
	"fork": true, "exit_group": true, "wait4": true, "kill": true, "setitimer": true,
	"getitimer": true, "alarm": true, "socket": true, "socketpair": true, "getcwd": true,
	"poll": true, "eventfd2": true, "timerfd_create": true, "epoll_create1": true,
	"munmap": true, "pipe2": true,
}

// fdResult lists the calls that return a new fd.
var fdResult = map[string]bool{
	"openat": true, "openat2": true, "dup": true, "dup2": true, "dup3": true, "socket": true,
	"accept4": true, "eventfd2": true, "timerfd_create": true, "epoll_create1": true,
}

// keepsFDs applies TraceOptions.FDs to one call.
func (t *Tracer) keepsFDs(name string, ret int64, err error, args []any) bool {
	if len(t.opt.FDs) == 0 {
		return true
	}
	want := func(fd int) bool {
		for _, w := range t.opt.FDs {
			if w == fd {
				return true
			}
		}
		return false
	}
	if err == nil && fdResult[name] && want(int(ret)) {
		return true
	}
	if name == "fcntl" && err == nil && len(args) > 1 {
		if cmd, _ := intArg(args[1]); (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) && want(int(ret)) {
			return true
		}
	}
	firstInt := true
	for i, a := range args {
		switch v := a.(type) {
		case atFD:
			if want(int(v)) {
				return true
			}
		case int:
			// the first int is the fd of an fd call; dup2/dup3's second
			// and epoll_ctl's third are fds too; mmap's is its fifth.
			if firstInt && !notFDFirst[name] && name != "mmap" ||
				i == 1 && strings.HasPrefix(name, "dup") || i == 2 && name == "epoll_ctl" ||
				i == 4 && name == "mmap" {
				if want(v) {
					return true
				}
			}
			firstInt = false
		case pollFds:
			for _, pfd := range v {
				if want(int(pfd.Fd)) {
					return true
				}
			}
		case []int: // pipe2's and socketpair's fds
			for _, fd := range v {
				if err == nil && want(fd) {
					return true
				}
			}
		}
	}
	return false
}

// The spelling of the layers.

// fileLayer is the fd table's step: which File fd led to.
func (tr *callTrace) fileLayer(fd int, f *File) {
	if !tr.wantLayers() {
		return
	}
	tr.linef("fdtable[%d] → %s", fd, tr.fileString(f))
}

// fileString spells a File: its flags, its offset unless it is a
// stream, and its path or pseudo name.
func (tr *callTrace) fileString(f *File) string {
	s := "File{" + sysfmt.OpenFlags(f.Flags())
	if f.fmode&fmodeStream == 0 {
		s += fmt.Sprintf(", pos %d", f.FdinfoPos()) // under the offset lock, as fdinfo reads it
	}
	return s + ", " + tr.p.DPath(f.path) + "}"
}

// fopLayer is the dispatch to the backend: whose operation ran and what
// it said.
func (tr *callTrace) fopLayer(f *File, op string, n int, err error) {
	if !tr.wantLayers() {
		return
	}
	res := fmt.Sprint(n)
	if err != nil {
		res = ErrnoOf(err).Name()
	}
	tr.linef("f_op: %s %s → %s", opsOwner(f, tr.p), op, res)
}

// opsOwner names the backend behind a File's operations: the package
// of their type (pipefs for a FIFO on tmpfs, whose f_op is the pipe's),
// or the superblock's filesystem type for the core's own operations
// (simple_dir_operations). A socket says its type too.
func opsOwner(f *File, p *Process) string {
	owner := f.inode.sb.typ.Name()
	if t := reflect.TypeOf(f.ops); t != nil {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if pkg := t.PkgPath(); pkg != "" && !strings.HasSuffix(pkg, "/vfs") {
			owner = pkg[strings.LastIndexByte(pkg, '/')+1:]
		}
	}
	if so, ok := f.ops.(SocketOperations); ok {
		switch sockOpt(f, p, so, SO_TYPE) {
		case SOCK_STREAM:
			owner += " stream"
		case SOCK_DGRAM:
			owner += " dgram"
		case SOCK_SEQPACKET:
			owner += " seqpacket"
		}
	}
	return owner
}

// dispatched is fopLayer for a call's first try, before any blocking
// loop.
func (tr *callTrace) dispatched(f *File, op string, n int, err error) {
	tr.tries = 0
	tr.fopLayer(f, op, n, err)
}

// retry is called by a blocking loop's try, before it calls the backend
// again: the first try in the loop follows the registration on the
// wait queue (which closes the window a wake-up could be lost in),
// every later one a sleep that a wake-up ended. It reports true, so the
// caller can write `if tr != nil && tr.retry()`.
func (tr *callTrace) retry() bool {
	if tr.tries++; tr.tries == 1 {
		tr.layerf("add waiter to waitqueue, try again")
	} else {
		tr.layerf("sleep on waitqueue (would block)")
		tr.layerf("woken")
	}
	return true
}

// blockEnd notes how a blocking loop that did not finish ended: a
// signal (EINTR), the deadline (EAGAIN), the process's exit (ESRCH).
func (tr *callTrace) blockEnd(err error) {
	if tr.tries > 0 {
		tr.layerf("sleep on waitqueue (would block)")
	}
	tr.layerf("ended by %s", ErrnoOf(err).Name())
	tr.tries = 0
}

// The path walk's lines (namei.go calls these with nd.tr set).

// walkStart says where a walk begins: "/", the cwd or a dirfd.
func (tr *callTrace) walkStart(nd *nameidata, dirfd int, name string) {
	if !tr.wantWalk() || nd.path.Mnt == nil {
		return
	}
	from := "cwd " + tr.p.DPath(nd.path)
	switch {
	case len(name) > 0 && name[0] == '/':
		from = "root " + tr.p.DPath(nd.path)
	case dirfd != AT_FDCWD:
		from = fmt.Sprintf("fdtable[%d] %s", dirfd, tr.p.DPath(nd.path))
	}
	tr.linef("walk %q from %s", name, from)
}

// lookupStep is one component looked up: in the dentry cache, or by
// the backend's Lookup after a miss.
func (tr *callTrace) lookupStep(dir *Dentry, comp string, cached bool, err error) {
	if !tr.wantWalk() {
		return
	}
	s := "dcache hit"
	if !cached {
		s = "dcache miss → " + dir.inode.sb.typ.Name() + " lookup"
	}
	if err != nil {
		s += ": " + ErrnoOf(err).Name()
	}
	tr.walkf("%q: %s", comp, s)
}

// walkEnd says where a walk led, or that it failed.
func (tr *callTrace) walkEnd(name string, at Path, err error) {
	if !tr.wantLayers() {
		return
	}
	if err != nil {
		tr.linef("namei %q: %s", name, ErrnoOf(err).Name())
		return
	}
	i := at.Dentry.inode
	tr.linef("namei %q → dentry %q, %s inode %d", name, at.Dentry.Name(), i.sb.typ.Name(), i.ino)
}

// permLayer spells a failed permission check: the object's mode and
// owner against the caller's ids.
func (tr *callTrace) permLayer(check string, err error, what string, i *Inode, c *Cred) {
	if !tr.wantLayers() {
		return
	}
	i.mu.Lock()
	mode, uid, gid := i.mode, i.uid, i.gid
	i.mu.Unlock()
	tr.linef("%s: %s (%s %04o uid %d gid %d, cred fsuid %d fsgid %d)",
		check, ErrnoOf(err).Name(), what, mode&0o7777, uid, gid, c.Fsuid, c.Fsgid)
}

// createStep is O_CREAT's last component, not found and made by the
// backend's create (an inode operation): a layer, since it is the
// backend's work, not a step of the walk.
func (tr *callTrace) createStep(dir *Dentry, name string, err error) {
	if !tr.wantLayers() {
		return
	}
	s := ""
	if err != nil {
		s = ": " + ErrnoOf(err).Name()
	}
	tr.linef("i_op: %s create %q%s", dir.inode.sb.typ.Name(), name, s)
}

// installLayer is open's end: the new File and the fd that points at
// it, written before the fd holds it (after, a close could free it).
func (tr *callTrace) installLayer(fd int, f *File) {
	if !tr.wantLayers() {
		return
	}
	tr.linef("new %s, f_op %s", tr.fileString(f), opsOwner(f, tr.p))
	tr.linef("fdtable[%d] ← File", fd)
}
