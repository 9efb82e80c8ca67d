package sockfs_test

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func hostErrno(err error) (int, bool) {
	var e unix.Errno
	if errors.As(err, &e) {
		return int(e), true
	}
	return 0, false
}

// hostSys is sys on the host kernel: the oracle the scenarios were
// written against.
type hostSys struct {
	t   *testing.T
	dir string
	fds []int
}

func newHost(t *testing.T) sys {
	h := &hostSys{t: t, dir: t.TempDir()}
	old := unix.Umask(0o022)
	t.Cleanup(func() {
		unix.Umask(old)
		for _, fd := range h.fds {
			unix.Close(fd)
		}
	})
	return h
}

func (h *hostSys) keep(fd int, err error) (int, error) {
	if err == nil {
		h.fds = append(h.fds, fd)
	}
	return fd, err
}
func (h *hostSys) Socket(typ int) (int, error) { return h.keep(unix.Socket(unix.AF_UNIX, typ, 0)) }
func (h *hostSys) Socketpair(typ int) ([2]int, error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, typ, 0)
	if err == nil {
		h.fds = append(h.fds, fds[0], fds[1])
	}
	return fds, err
}
func (h *hostSys) Bind(fd int, n string) error { return unix.Bind(fd, &unix.SockaddrUnix{Name: n}) }
func (h *hostSys) Connect(fd int, n string) error {
	return unix.Connect(fd, &unix.SockaddrUnix{Name: n})
}
func (h *hostSys) Listen(fd, n int) error { return unix.Listen(fd, n) }
func (h *hostSys) Accept(fd int) (int, string, error) {
	nfd, sa, err := unix.Accept(fd)
	h.keep(nfd, err)
	return nfd, hostName(sa), err
}
func (h *hostSys) Write(fd int, b []byte) (int, error) { return unix.Write(fd, b) }
func (h *hostSys) Read(fd int, b []byte) (int, error)  { return unix.Read(fd, b) }
func (h *hostSys) Sendto(fd int, b []byte, flags int, to string) error {
	var sa unix.Sockaddr
	if to != "" {
		sa = &unix.SockaddrUnix{Name: to}
	}
	return unix.Sendto(fd, b, flags, sa)
}
func (h *hostSys) Recvfrom(fd int, b []byte, flags int) (int, string, int, error) {
	n, _, rf, from, err := unix.Recvmsg(fd, b, nil, flags)
	return n, hostName(from), rf, err
}
func (h *hostSys) SendFd(fd int, b []byte, passed int) error {
	_, err := unix.SendmsgN(fd, b, unix.UnixRights(passed), nil, 0)
	return err
}
func (h *hostSys) RecvFds(fd int, b []byte) (int, int, error) {
	oob := make([]byte, unix.CmsgSpace(4*4))
	n, oobn, _, _, err := unix.Recvmsg(fd, b, oob, 0)
	if err != nil {
		return n, 0, err
	}
	msgs, err := unix.ParseSocketControlMessage(oob[:oobn])
	require.NoError(h.t, err)
	c := 0
	for i := range msgs {
		fds, err := unix.ParseUnixRights(&msgs[i])
		require.NoError(h.t, err)
		for _, fd := range fds {
			unix.Close(fd)
		}
		c += len(fds)
	}
	return n, c, nil
}
func (h *hostSys) Close(fd int) error         { return unix.Close(fd) }
func (h *hostSys) Shutdown(fd, how int) error { return unix.Shutdown(fd, how) }
func (h *hostSys) GetsockoptInt(fd, l, o int) (int, error) {
	return unix.GetsockoptInt(fd, l, o)
}
func (h *hostSys) SetsockoptInt(fd, l, o, v int) error { return unix.SetsockoptInt(fd, l, o, v) }
func (h *hostSys) Getsockname(fd int) (string, error) {
	sa, err := unix.Getsockname(fd)
	return hostName(sa), err
}
func (h *hostSys) Getpeername(fd int) (string, error) {
	sa, err := unix.Getpeername(fd)
	return hostName(sa), err
}
func (h *hostSys) Poll(fd int) int {
	pf := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN | unix.POLLOUT | unix.POLLRDHUP}}
	_, err := unix.Poll(pf, 0)
	for err == unix.EINTR {
		_, err = unix.Poll(pf, 0)
	}
	require.NoError(h.t, err)
	return int(pf[0].Revents)
}
func (h *hostSys) Unlink(path string) error { return unix.Unlink(path) }
func (h *hostSys) Mode(path string) (uint32, error) {
	var st unix.Stat_t
	err := unix.Stat(path, &st)
	return st.Mode, err
}
func (h *hostSys) Mkfile(path string) error         { return os.WriteFile(path, nil, 0o644) }
func (h *hostSys) Pid() int                         { return unix.Getpid() }
func (h *hostSys) Fchmod(fd int, mode uint32) error { return unix.Fchmod(fd, mode) }
func (h *hostSys) Fionread(fd int) (int, error)     { return unix.IoctlGetInt(fd, unix.SIOCINQ) }
func (h *hostSys) Dir() string                      { return h.dir }
func (h *hostSys) Tag() string                      { return fmt.Sprintf("host%d", unix.Getpid()) }

func hostName(sa unix.Sockaddr) string {
	if a, ok := sa.(*unix.SockaddrUnix); ok {
		return a.Name
	}
	return ""
}

// TestParityHost runs the parity scenarios on the host kernel: each
// expectation the govfs run checks holds on Linux.
func TestParityHost(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, newHost(t)) })
	}
}
