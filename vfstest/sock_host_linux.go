//go:build linux

package vfstest

import (
	"crypto/rand"
	"encoding/hex"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// The socket calls on the host. A scenario names unix sockets as govfs
// does, with vfs's sockaddr types; the host adapter turns them into the
// kernel's so that both sides mean the same thing:
//
//   - a relative path is relative to the emulated cwd: the call runs on a
//     throwaway thread that unshared its fs_struct and fchdir'd there
//     (in an As or InNamespace block, on the block's own thread), so the
//     sun_path the kernel sees, its length limit and what getsockname
//     reads back are the scenario's own;
//   - an abstract name ("@x") gets a prefix unique to this Host, so runs
//     in parallel or after each other never meet in the host's one
//     abstract namespace, and the prefix is taken off every address the
//     kernel returns. Names of autobind's shape ("@" and five lowercase
//     hex digits) are the kernel's and pass unchanged, so a scenario can
//     connect to what getsockname returned; scenarios must not pick
//     such names themselves. The prefix makes the longest abstract name
//     shorter on the host than in govfs. A call on a socket of another
//     family gets the name unprefixed: that socket only looks at the
//     address's length, which the prefix would change.
//
// Ports and autobind names, which the kernel picks, are normalised when
// the transcript is written (format_sock_linux.go).

// SocketSys is the socket half of a system under test: the calls of
// *vfs.Process with its sockaddr types, which the host adapter converts
// to and from x/sys/unix's.
type SocketSys interface {
	Socket(domain, typ, proto int) (fd int, err error)
	Socketpair(domain, typ, proto int) (fds [2]int, err error)
	Bind(fd int, sa vfs.Sockaddr) error
	Connect(fd int, sa vfs.Sockaddr) error
	Listen(fd int, backlog int) error
	Accept4(fd int, flags int) (nfd int, sa vfs.Sockaddr, err error)
	Getsockname(fd int) (vfs.Sockaddr, error)
	Getpeername(fd int) (vfs.Sockaddr, error)
	Shutdown(fd int, how int) error
	Sendto(fd int, p []byte, flags int, to vfs.Sockaddr) error
	Recvfrom(fd int, p []byte, flags int) (n int, from vfs.Sockaddr, err error)
	SendmsgN(fd int, p, oob []byte, to vfs.Sockaddr, flags int) (n int, err error)
	Recvmsg(fd int, p, oob []byte, flags int) (n, oobn, recvflags int, from vfs.Sockaddr, err error)
	GetsockoptInt(fd, level, opt int) (int, error)
	SetsockoptInt(fd, level, opt, value int) error
	GetsockoptUcred(fd, level, opt int) (*vfs.Ucred, error)
	SetsockoptTimeval(fd, level, opt int, tv *vfs.Timeval) error
}

var (
	_ SocketSys = (*Host)(nil)
	_ SocketSys = (*Govfs)(nil)
)

// selfPider is a system that can say which pid is its own, so a
// transcript shows SO_PEERCRED and SCM_CREDENTIALS pids as "self".
type selfPider interface{ selfPid() int }

func (h *Host) selfPid() int  { return unix.Getpid() }
func (g *Govfs) selfPid() int { return g.Process.Pid() }

// newAbstractPrefix makes a Host's prefix for abstract names.
func newAbstractPrefix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "vfstest-" + hex.EncodeToString(b) + "-"
}

// hostSockaddr converts a scenario's address for a call on fd to
// x/sys/unix's, and says whether it is a relative path (the call must
// run in the emulated cwd).
func (h *Host) hostSockaddr(fd int, sa vfs.Sockaddr) (unix.Sockaddr, bool) {
	switch a := sa.(type) {
	case nil:
		return nil, false
	case *vfs.SockaddrUnix:
		name := a.Name
		if name != "" && (name[0] == '@' || name[0] == 0) {
			if isAutobind("@"+name[1:]) || !isUnixSocket(fd) {
				// The kernel's own name: pass it back as it came. Or a
				// socket of another family, which only looks at the
				// address's length: keep the scenario's.
				return &unix.SockaddrUnix{Name: "@" + name[1:]}, false
			}
			return &unix.SockaddrUnix{Name: "@" + h.abstract + name[1:]}, false
		}
		return &unix.SockaddrUnix{Name: name}, name != "" && name[0] != '/'
	case *vfs.SockaddrInet4:
		return &unix.SockaddrInet4{Port: a.Port, Addr: a.Addr}, false
	case *vfs.SockaddrInet6:
		return &unix.SockaddrInet6{Port: a.Port, ZoneId: a.ZoneId, Addr: a.Addr}, false
	}
	return nil, false
}

// isUnixSocket reports whether fd is an AF_UNIX socket.
func isUnixSocket(fd int) bool {
	d, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN)
	return err == nil && d == unix.AF_UNIX
}

// scenarioSockaddr converts an address the kernel returned back to the
// scenario's form.
func (h *Host) scenarioSockaddr(sa unix.Sockaddr) vfs.Sockaddr {
	switch a := sa.(type) {
	case *unix.SockaddrUnix:
		name := a.Name
		if rest, ok := strings.CutPrefix(name, "@"+h.abstract); ok {
			name = "@" + rest
		}
		return &vfs.SockaddrUnix{Name: name}
	case *unix.SockaddrInet4:
		return &vfs.SockaddrInet4{Port: a.Port, Addr: a.Addr}
	case *unix.SockaddrInet6:
		return &vfs.SockaddrInet6{Port: a.Port, ZoneId: a.ZoneId, Addr: a.Addr}
	}
	return nil
}

// inCwd runs f with the emulated cwd as the thread's real one when
// relative is set: on the block's thread when it has an fs_struct of its
// own, else on a throwaway thread that unshares one (the process's cwd
// is never changed, and the umask comes along in the copy).
func (h *Host) inCwd(relative bool, f func() error) error {
	if !relative {
		return f()
	}
	if h.ownFS {
		if err := unix.Fchdir(h.cwd); err != nil {
			return err
		}
		return f()
	}
	var err error
	onThrowawayThread(func() {
		if err = unix.Unshare(unix.CLONE_FS); err != nil {
			return
		}
		if err = unix.Fchdir(h.cwd); err != nil {
			return
		}
		err = f()
	})
	return err
}

func (h *Host) Socket(domain, typ, proto int) (int, error) { return unix.Socket(domain, typ, proto) }
func (h *Host) Socketpair(domain, typ, proto int) ([2]int, error) {
	return unix.Socketpair(domain, typ, proto)
}

func (h *Host) Bind(fd int, sa vfs.Sockaddr) error {
	usa, rel := h.hostSockaddr(fd, sa)
	if usa == nil {
		return unix.EINVAL
	}
	return h.inCwd(rel, func() error { return unix.Bind(fd, usa) })
}

func (h *Host) Connect(fd int, sa vfs.Sockaddr) error {
	usa, rel := h.hostSockaddr(fd, sa)
	if usa == nil {
		return unix.EINVAL
	}
	return h.inCwd(rel, func() error { return unix.Connect(fd, usa) })
}

func (h *Host) Listen(fd, backlog int) error { return unix.Listen(fd, backlog) }

func (h *Host) Accept4(fd, flags int) (int, vfs.Sockaddr, error) {
	var sa unix.Sockaddr
	nfd, err := retryEINTR(func() (nfd int, err error) { nfd, sa, err = unix.Accept4(fd, flags); return nfd, err })
	return nfd, h.scenarioSockaddr(sa), err
}

func (h *Host) Getsockname(fd int) (vfs.Sockaddr, error) {
	sa, err := unix.Getsockname(fd)
	return h.scenarioSockaddr(sa), err
}

func (h *Host) Getpeername(fd int) (vfs.Sockaddr, error) {
	sa, err := unix.Getpeername(fd)
	return h.scenarioSockaddr(sa), err
}

func (h *Host) Shutdown(fd, how int) error { return unix.Shutdown(fd, how) }

func (h *Host) Sendto(fd int, p []byte, flags int, to vfs.Sockaddr) error {
	usa, rel := h.hostSockaddr(fd, to)
	return h.inCwd(rel, func() error {
		_, err := retryEINTR(func() (int, error) { return 0, unix.Sendto(fd, p, flags, usa) })
		return err
	})
}

func (h *Host) Recvfrom(fd int, p []byte, flags int) (int, vfs.Sockaddr, error) {
	var sa unix.Sockaddr
	n, err := retryEINTR(func() (n int, err error) { n, sa, err = unix.Recvfrom(fd, p, flags); return n, err })
	return n, h.scenarioSockaddr(sa), err
}

func (h *Host) SendmsgN(fd int, p, oob []byte, to vfs.Sockaddr, flags int) (int, error) {
	usa, rel := h.hostSockaddr(fd, to)
	n := 0
	err := h.inCwd(rel, func() (err error) {
		n, err = retryEINTR(func() (int, error) { return unix.SendmsgN(fd, p, oob, usa, flags) })
		return err
	})
	return n, err
}

func (h *Host) Recvmsg(fd int, p, oob []byte, flags int) (int, int, int, vfs.Sockaddr, error) {
	var oobn, rf int
	var sa unix.Sockaddr
	n, err := retryEINTR(func() (n int, err error) { n, oobn, rf, sa, err = unix.Recvmsg(fd, p, oob, flags); return n, err })
	return n, oobn, rf, h.scenarioSockaddr(sa), err
}

// retryEINTR makes a call again while the Go runtime's signals interrupt
// it: with SO_RCVTIMEO or SO_SNDTIMEO set, Linux does not restart a
// socket call after a signal (sock_intr_errno), and the interruption is
// not what a scenario tests. Connect is not retried: an interrupted
// connect goes on without the caller.
func retryEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != unix.EINTR {
			return n, err
		}
	}
}

func (h *Host) GetsockoptInt(fd, level, opt int) (int, error) {
	return unix.GetsockoptInt(fd, level, opt)
}

func (h *Host) SetsockoptInt(fd, level, opt, value int) error {
	return unix.SetsockoptInt(fd, level, opt, value)
}

func (h *Host) GetsockoptUcred(fd, level, opt int) (*vfs.Ucred, error) {
	u, err := unix.GetsockoptUcred(fd, level, opt)
	if err != nil {
		return nil, err
	}
	return &vfs.Ucred{Pid: u.Pid, Uid: u.Uid, Gid: u.Gid}, nil
}

func (h *Host) SetsockoptTimeval(fd, level, opt int, tv *vfs.Timeval) error {
	return unix.SetsockoptTimeval(fd, level, opt, &unix.Timeval{Sec: tv.Sec, Usec: tv.Usec})
}
