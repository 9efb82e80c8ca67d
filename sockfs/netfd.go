package sockfs

import (
	"context"
	"net"
	"os"
	"sync"
	"time"

	"github.com/govfs/govfs/vfs"
)

// The Go net adapters (net.go, netconn.go, netlistener.go) sit on one
// netFD: a socket fd of a process in O_NONBLOCK mode, and the waiting Go's
// runtime poller would do for a host socket (internal/poll.FD). A call
// tries the syscall; on EAGAIN it sleeps until the File's queue says the
// socket may be ready, the deadline's timer fires, the deadline is
// changed, or the netFD is closed, and tries again. So SetReadDeadline
// from another goroutine and Close both wake a blocked Read, which the
// core's own blocking loop could not do.
//
// Life of a netFD: made open with one fd and a reference on its File;
// every call holds a reference of the netFD (incref/decref) while it uses
// the fd; Close marks it closing, wakes the sleepers and shuts the socket
// down, and the last reference out closes the fd. Until then the fd
// number cannot be reused under a call still running.

type netFD struct {
	p      *vfs.Process
	fd     int
	f      *vfs.File // our reference: the queue and Readiness
	net    string
	stream bool // SOCK_STREAM: a write goes on until all is taken
	eof    bool // not SOCK_DGRAM: a read of 0 bytes is the end (Go's ZeroReadIsEOF)
	laddr  net.Addr
	raddr  net.Addr
	unlink string // a listener's socket file, removed by Close as Go does

	mu      sync.Mutex
	refs    int
	closing bool
	closed  chan struct{} // closed by Close
	rd, wd  netDeadline
}

// newNetFD wraps fd, which must be an open socket of p of type typ.
func newNetFD(p *vfs.Process, fd int, network string, typ int) (*netFD, error) {
	f, err := p.Fget(fd)
	if err != nil {
		return nil, err
	}
	nfd := &netFD{p: p, fd: fd, f: f, net: network, closed: make(chan struct{}),
		stream: typ == vfs.SOCK_STREAM, eof: typ != vfs.SOCK_DGRAM}
	nfd.rd.changed = make(chan struct{})
	nfd.wd.changed = make(chan struct{})
	return nfd, nil
}

// incref starts a call: net.ErrClosed once Close has begun.
func (fd *netFD) incref() error {
	fd.mu.Lock()
	defer fd.mu.Unlock()
	if fd.closing {
		return net.ErrClosed
	}
	fd.refs++
	return nil
}

// decref ends a call; the last one out after Close closes the fd.
func (fd *netFD) decref() {
	fd.mu.Lock()
	fd.refs--
	last := fd.closing && fd.refs == 0
	fd.mu.Unlock()
	if last {
		fd.destroy()
	}
}

// Close shuts the socket down, so that a peer blocked on it sees end of
// file even if a forked process still holds the File, wakes every call
// sleeping on the netFD, and closes the fd once they are out.
func (fd *netFD) Close() error {
	fd.mu.Lock()
	if fd.closing {
		fd.mu.Unlock()
		return net.ErrClosed
	}
	fd.closing = true
	close(fd.closed)
	idle := fd.refs == 0
	fd.mu.Unlock()
	fd.p.Shutdown(fd.fd, vfs.SHUT_RDWR) // a listener or unconnected socket may refuse: no matter
	if idle {
		fd.destroy()
	}
	return nil
}

func (fd *netFD) destroy() {
	fd.f.DecRef()
	fd.p.Close(fd.fd)
	if fd.unlink != "" {
		fd.p.Unlink(fd.unlink)
	}
}

// netDeadline is one direction's deadline; changed is closed and replaced
// each time it is set, which wakes the calls waiting under the old one.
type netDeadline struct {
	mu      sync.Mutex
	t       time.Time
	changed chan struct{}
}

func (d *netDeadline) set(t time.Time) {
	d.mu.Lock()
	d.t = t
	close(d.changed)
	d.changed = make(chan struct{})
	d.mu.Unlock()
}

func (d *netDeadline) get() (time.Time, <-chan struct{}) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.t, d.changed
}

// expired reports whether d has passed on the kernel's clock: a call
// made after its deadline times out before it tries, as with Go's own
// sockets, even if data is waiting.
func (fd *netFD) expired(d *netDeadline) bool {
	t, _ := d.get()
	return !t.IsZero() && !fd.p.Kernel().Clock().Now().Before(t)
}

// wait sleeps until the socket may be ready for mask, and returns nil
// then (the caller tries again), os.ErrDeadlineExceeded once d passes,
// net.ErrClosed after Close, or ctx's error when done is closed (a
// DialContext's context; nil otherwise).
func (fd *netFD) wait(d *netDeadline, mask uint32, ctx context.Context) error {
	t, changed := d.get()
	var timer <-chan struct{}
	if !t.IsZero() {
		k := fd.p.Kernel()
		left := t.Sub(k.Clock().Now())
		if left <= 0 {
			return os.ErrDeadlineExceeded
		}
		ch := make(chan struct{})
		tm := k.AfterFunc(left, func() { close(ch) })
		defer tm.Stop()
		timer = ch
	}
	var done <-chan struct{}
	if ctx != nil {
		done = ctx.Done()
	}
	q := fd.f.EventQueue()
	w := vfs.NewWaiter(mask)
	q.Add(w)
	defer q.Remove(w)
	// Registered before this look: a Notify after it cannot be lost.
	if fd.f.Readiness(mask) != 0 {
		return nil
	}
	select {
	case <-w.C():
	case <-changed:
	case <-timer:
		return os.ErrDeadlineExceeded
	case <-fd.closed:
		return net.ErrClosed
	case <-done:
		if ctx.Err() == context.DeadlineExceeded {
			return os.ErrDeadlineExceeded
		}
		return ctx.Err()
	}
	return nil
}

// setDeadline sets the read and/or write deadline.
func (fd *netFD) setDeadline(t time.Time, read, write bool) error {
	if err := fd.incref(); err != nil {
		return err
	}
	defer fd.decref()
	if read {
		fd.rd.set(t)
	}
	if write {
		fd.wd.set(t)
	}
	return nil
}

// opError wraps err as the net package does: an errno from the syscall
// named call becomes an *os.SyscallError, and the whole an *net.OpError.
func (fd *netFD) opError(op, call string, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(vfs.Errno); ok {
		err = os.NewSyscallError(call, e)
	}
	oe := &net.OpError{Op: op, Net: fd.net, Source: fd.laddr, Addr: fd.raddr, Err: err}
	if op == "listen" || op == "accept" {
		oe.Source, oe.Addr = nil, fd.laddr
	}
	return oe
}
