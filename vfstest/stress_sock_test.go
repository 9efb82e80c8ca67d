package vfstest_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/govfs/govfs/vfs"
)

// TestStress's socket calls, joined when the kernel has AF_UNIX sockets
// (sockfs registered). Every socket is non-blocking and every send and
// receive adds MSG_DONTWAIT, so no call can block; sockets are bound to
// the stress names (files and FIFOs among them) and to abstract names,
// connected, listened on and accepted, passed over each other with
// SCM_RIGHTS (cycles included), shut down and closed while the other
// thread and forked children use them.
//
// The run's end adds an invariant: every socket File made during the run
// has been released once all processes are gone — fds in flight, in
// cycles of sockets passing each other, included.

// sockTracker remembers the socket Files the workers made and which of
// them have been released.
type sockTracker struct {
	mu       sync.Mutex
	files    map[*vfs.File]bool // made during the run
	released atomic.Int64
}

// track registers the File behind fd, if it is a socket not yet known,
// with a hook counting its release. The other thread may have closed or
// replaced fd already; whatever File fd names now is tracked if it is a
// socket.
func (t *sockTracker) track(p *vfs.Process, fd int) {
	f, err := p.Fget(fd)
	if err != nil {
		return
	}
	defer f.DecRef()
	if !f.IsSocket() {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.files == nil {
		t.files = map[*vfs.File]bool{}
	}
	if t.files[f] {
		return
	}
	t.files[f] = true
	f.OnRelease(func() { t.released.Add(1) })
}

// waitReleased waits up to d for every tracked socket to be released and
// returns how many were made and how many were released.
func (t *sockTracker) waitReleased(d time.Duration) (made, released int) {
	t.mu.Lock()
	made = len(t.files)
	t.mu.Unlock()
	deadline := time.Now().Add(d)
	for int(t.released.Load()) < made && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	return made, int(t.released.Load())
}

// sockStressTracker is the tracker of the running TestStress.
var sockStressTracker *sockTracker

func (w *stressWorker) keepSock(fds ...int) {
	for _, fd := range fds {
		sockStressTracker.track(w.p, fd)
	}
	w.keep(fds...)
}

func (w *stressWorker) sockType() int {
	t := []int{vfs.SOCK_STREAM, vfs.SOCK_DGRAM, vfs.SOCK_SEQPACKET, vfs.SOCK_STREAM, 0, 11}[w.rng.IntN(6)]
	t |= vfs.SOCK_NONBLOCK
	if w.rng.IntN(3) == 0 {
		t |= vfs.SOCK_CLOEXEC
	}
	return t
}

// stressSockNames are where listeners and dialers meet: paths on both
// filesystems and abstract names.
var stressSockNames = []string{stressDir + "/s0", stressDir + "/s1", smallDir + "/s0", "@stress0", "@stress1"}

func (w *stressWorker) sockName() vfs.Sockaddr {
	switch w.rng.IntN(8) {
	case 0:
		return &vfs.SockaddrUnix{Name: ""}
	case 1:
		return &vfs.SockaddrInet4{Port: 9}
	case 2, 3:
		return &vfs.SockaddrUnix{Name: w.path()}
	}
	return &vfs.SockaddrUnix{Name: stressSockNames[w.rng.IntN(len(stressSockNames))]}
}

func (w *stressWorker) msgFlags() int {
	f := vfs.MSG_DONTWAIT | vfs.MSG_NOSIGNAL
	for _, b := range []int{vfs.MSG_PEEK, vfs.MSG_TRUNC, vfs.MSG_WAITALL, vfs.MSG_CMSG_CLOEXEC, vfs.MSG_EOR} {
		if w.rng.IntN(6) == 0 {
			f |= b
		}
	}
	return f
}

// keepRights keeps the fds a receive installed, from its control buffer.
func (w *stressWorker) keepRights(oob []byte) error {
	msgs, err := vfs.ParseSocketControlMessage(oob)
	if err != nil {
		return fmt.Errorf("recvmsg gave a control buffer that does not parse: %v", err)
	}
	for i := range msgs {
		if fds, err := vfs.ParseUnixRights(&msgs[i]); err == nil {
			w.keepSock(fds...)
		}
	}
	return nil
}

var sockStressCalls = []stressCall{
	{"socketpair", func(w *stressWorker) error {
		fds, err := w.p.Socketpair(vfs.AF_UNIX, w.sockType(), 0)
		if err == nil {
			w.keepSock(fds[0], fds[1])
		}
		return err
	}},
	{"socket", func(w *stressWorker) error {
		fd, err := w.p.Socket(vfs.AF_UNIX, w.sockType(), 0)
		if err == nil {
			w.keepSock(fd)
		}
		return err
	}},
	{"serve", func(w *stressWorker) error { // a listener on one of the meeting names
		typ := []int{vfs.SOCK_STREAM, vfs.SOCK_SEQPACKET}[w.rng.IntN(2)] | vfs.SOCK_NONBLOCK
		fd, err := w.p.Socket(vfs.AF_UNIX, typ, 0)
		if err != nil {
			return err
		}
		w.keepSock(fd)
		name := w.sockName()
		if err := w.p.Bind(fd, name); err != nil {
			return err
		}
		if err := w.p.Listen(fd, w.rng.IntN(4)); err != nil || w.rng.IntN(2) == 0 {
			return err
		}
		c, err := w.p.Socket(vfs.AF_UNIX, typ, 0) // and a client, accepted (or the other thread's)
		if err != nil {
			return err
		}
		w.keepSock(c)
		if err := w.p.Connect(c, name); err != nil {
			return err
		}
		a, _, err := w.p.Accept4(fd, vfs.SOCK_NONBLOCK)
		if err == nil {
			w.keepSock(a)
		}
		return err
	}},
	{"dial", func(w *stressWorker) error {
		typ := []int{vfs.SOCK_STREAM, vfs.SOCK_SEQPACKET, vfs.SOCK_DGRAM}[w.rng.IntN(3)] | vfs.SOCK_NONBLOCK
		fd, err := w.p.Socket(vfs.AF_UNIX, typ, 0)
		if err != nil {
			return err
		}
		w.keepSock(fd)
		return w.p.Connect(fd, w.sockName())
	}},
	{"bind", func(w *stressWorker) error { return w.p.Bind(w.fd(), w.sockName()) }},
	{"connect", func(w *stressWorker) error { return w.p.Connect(w.fd(), w.sockName()) }},
	{"listen", func(w *stressWorker) error { return w.p.Listen(w.fd(), []int{0, 1, 4, -1}[w.rng.IntN(4)]) }},
	{"accept4", func(w *stressWorker) error { // twice: listeners are a few fds among many
		fd, _, err := w.p.Accept4(w.fd(), vfs.SOCK_NONBLOCK)
		if err == nil {
			w.keepSock(fd)
		}
		return err
	}},
	{"accept4", func(w *stressWorker) error {
		fd, _, err := w.p.Accept4(w.fd(), vfs.SOCK_NONBLOCK|[]int{0, vfs.SOCK_CLOEXEC, vfs.O_RDWR}[w.rng.IntN(3)])
		if err == nil {
			w.keepSock(fd)
		}
		return err
	}},
	{"sendto", func(w *stressWorker) error {
		var to vfs.Sockaddr
		if w.rng.IntN(4) == 0 {
			to = w.sockName()
		}
		return w.p.Sendto(w.fd(), w.data(), w.msgFlags()&^vfs.MSG_PEEK, to)
	}},
	{"sendmsg", func(w *stressWorker) error { // SCM_RIGHTS of any fd, the socket itself included
		rights := []int{w.fd()}
		if w.rng.IntN(3) == 0 {
			rights = append(rights, w.fd(), w.fd())
		}
		data := w.data()
		_, err := w.p.SendmsgN(w.fd(), data[:min(100, len(data))], vfs.UnixRights(rights...), nil, w.msgFlags())
		return err
	}},
	{"recvfrom", func(w *stressWorker) error { _, _, err := w.p.Recvfrom(w.fd(), w.data(), w.msgFlags()); return err }},
	{"recvmsg", func(w *stressWorker) error {
		oob := make([]byte, []int{0, 16, 20, 24, 64}[w.rng.IntN(5)])
		_, oobn, _, _, err := w.p.Recvmsg(w.fd(), w.data(), oob, w.msgFlags())
		if err != nil {
			return err
		}
		if oobn < 0 || oobn > len(oob) {
			return fmt.Errorf("recvmsg reported %d control bytes in a %d-byte buffer", oobn, len(oob))
		}
		return w.keepRights(oob[:oobn])
	}},
	{"shutdown", func(w *stressWorker) error { return w.p.Shutdown(w.fd(), w.rng.IntN(4)) }},
	{"getsockopt", func(w *stressWorker) error {
		opt := []int{vfs.SO_TYPE, vfs.SO_ERROR, vfs.SO_SNDBUF, vfs.SO_RCVBUF, vfs.SO_ACCEPTCONN, 9999}[w.rng.IntN(6)]
		_, err := w.p.GetsockoptInt(w.fd(), vfs.SOL_SOCKET, opt)
		if err == nil && w.rng.IntN(2) == 0 {
			_, err = w.p.GetsockoptUcred(w.fd(), vfs.SOL_SOCKET, vfs.SO_PEERCRED)
		}
		return err
	}},
	{"setsockopt", func(w *stressWorker) error {
		opt := []int{vfs.SO_PASSCRED, vfs.SO_SNDBUF, vfs.SO_RCVBUF, vfs.SO_REUSEADDR}[w.rng.IntN(4)]
		return w.p.SetsockoptInt(w.fd(), vfs.SOL_SOCKET, opt, []int{0, 1, 4096, -1}[w.rng.IntN(4)])
	}},
	{"getname", func(w *stressWorker) error {
		if _, err := w.p.Getsockname(w.fd()); err != nil {
			return err
		}
		_, err := w.p.Getpeername(w.fd())
		return err
	}},
}

// stressSockets reports whether k's processes can make AF_UNIX sockets.
func stressSockets(p *vfs.Process) bool {
	fd, err := p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	if err == nil {
		_ = p.Close(fd)
	}
	return !errors.Is(err, vfs.EAFNOSUPPORT)
}
