package sockfs_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// sys is the slice of the socket API the parity scenarios use, so that
// one scenario runs against govfs here and against the host kernel in
// parity_linux_test.go, with the same expectations: every errno a
// scenario asserts is Linux's.
type sys interface {
	Socket(typ int) (int, error)
	Socketpair(typ int) ([2]int, error)
	Bind(fd int, name string) error
	Connect(fd int, name string) error
	Listen(fd, backlog int) error
	Accept(fd int) (int, string, error)
	Write(fd int, b []byte) (int, error)
	Read(fd int, b []byte) (int, error)
	Sendto(fd int, b []byte, flags int, to string) error
	Recvfrom(fd int, b []byte, flags int) (int, string, int, error) // n, from ("" none), recvflags
	SendFd(fd int, b []byte, passed int) error
	RecvFds(fd int, b []byte) (int, int, error) // n, fds received
	Close(fd int) error
	Shutdown(fd, how int) error
	GetsockoptInt(fd, level, opt int) (int, error)
	SetsockoptInt(fd, level, opt, v int) error
	Getsockname(fd int) (string, error)
	Getpeername(fd int) (string, error)
	Poll(fd int) int
	Unlink(path string) error
	Mode(path string) (uint32, error) // stat's st_mode; ENOENT
	Mkfile(path string) error
	Pid() int
	Fionread(fd int) (int, error)
	Fchmod(fd int, mode uint32) error
	// Dir is a directory to bind path names in; Tag makes abstract
	// names unique on a shared host.
	Dir() string
	Tag() string
}

// errno is err's number, 0 for nil, so that host and govfs errors compare.
func errno(err error) int {
	if err == nil {
		return 0
	}
	if n, ok := errNum(err); ok {
		return n
	}
	return -1
}

// is checks that err is the errno want (0: no error).
func is(t *testing.T, err error, want vfs.Errno, what string) {
	t.Helper()
	require.Equal(t, want.Name(), vfs.Errno(errno(err)).Name(), what)
}

func errNum(err error) (int, bool) {
	var v vfs.Errno
	if errors.As(err, &v) {
		return int(v), true
	}
	return hostErrno(err)
}

// govfsSys is sys on a booted govfs kernel.
type govfsSys struct {
	t *testing.T
	p *vfs.Process
}

func newGovfs(t *testing.T) sys { return &govfsSys{t: t, p: boot(t)} }

func (g *govfsSys) Socket(typ int) (int, error) { return g.p.Socket(vfs.AF_UNIX, typ, 0) }
func (g *govfsSys) Socketpair(typ int) ([2]int, error) {
	return g.p.Socketpair(vfs.AF_UNIX, typ, 0)
}
func (g *govfsSys) Bind(fd int, n string) error { return g.p.Bind(fd, &vfs.SockaddrUnix{Name: n}) }
func (g *govfsSys) Connect(fd int, n string) error {
	return g.p.Connect(fd, &vfs.SockaddrUnix{Name: n})
}
func (g *govfsSys) Listen(fd, n int) error { return g.p.Listen(fd, n) }
func (g *govfsSys) Accept(fd int) (int, string, error) {
	nfd, sa, err := g.p.Accept(fd)
	return nfd, unixName(sa), err
}
func (g *govfsSys) Write(fd int, b []byte) (int, error) { return g.p.Write(fd, b) }
func (g *govfsSys) Read(fd int, b []byte) (int, error)  { return g.p.Read(fd, b) }
func (g *govfsSys) Sendto(fd int, b []byte, flags int, to string) error {
	var sa vfs.Sockaddr
	if to != "" {
		sa = &vfs.SockaddrUnix{Name: to}
	}
	return g.p.Sendto(fd, b, flags, sa)
}
func (g *govfsSys) Recvfrom(fd int, b []byte, flags int) (int, string, int, error) {
	n, _, rf, from, err := g.p.Recvmsg(fd, b, nil, flags)
	return n, unixName(from), rf, err
}
func (g *govfsSys) SendFd(fd int, b []byte, passed int) error {
	_, err := g.p.SendmsgN(fd, b, vfs.UnixRights(passed), nil, 0)
	return err
}
func (g *govfsSys) RecvFds(fd int, b []byte) (int, int, error) {
	oob := make([]byte, vfs.CmsgSpace(4*4))
	n, oobn, _, _, err := g.p.Recvmsg(fd, b, oob, 0)
	if err != nil {
		return n, 0, err
	}
	return n, countFds(g.t, oob[:oobn], func(fd int) { g.p.Close(fd) }), nil
}
func countFds(t *testing.T, oob []byte, closeFd func(int)) int {
	msgs, err := vfs.ParseSocketControlMessage(oob)
	require.NoError(t, err)
	n := 0
	for i := range msgs {
		fds, err := vfs.ParseUnixRights(&msgs[i])
		require.NoError(t, err)
		for _, fd := range fds {
			closeFd(fd)
		}
		n += len(fds)
	}
	return n
}
func (g *govfsSys) Close(fd int) error         { return g.p.Close(fd) }
func (g *govfsSys) Shutdown(fd, how int) error { return g.p.Shutdown(fd, how) }
func (g *govfsSys) GetsockoptInt(fd, l, o int) (int, error) {
	return g.p.GetsockoptInt(fd, l, o)
}
func (g *govfsSys) SetsockoptInt(fd, l, o, v int) error { return g.p.SetsockoptInt(fd, l, o, v) }
func (g *govfsSys) Getsockname(fd int) (string, error) {
	sa, err := g.p.Getsockname(fd)
	return unixName(sa), err
}
func (g *govfsSys) Getpeername(fd int) (string, error) {
	sa, err := g.p.Getpeername(fd)
	return unixName(sa), err
}
func (g *govfsSys) Poll(fd int) int          { return int(revents(g.t, g.p, fd)) }
func (g *govfsSys) Unlink(path string) error { return g.p.Unlink(path) }
func (g *govfsSys) Mode(path string) (uint32, error) {
	var st vfs.Stat_t
	err := g.p.Stat(path, &st)
	return st.Mode, err
}
func (g *govfsSys) Mkfile(path string) error {
	fd, err := g.p.Open(path, vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	if err == nil {
		g.p.Close(fd)
	}
	return err
}
func (g *govfsSys) Pid() int                         { return g.p.Pid() }
func (g *govfsSys) Fchmod(fd int, mode uint32) error { return g.p.Fchmod(fd, mode) }
func (g *govfsSys) Fionread(fd int) (int, error)     { return g.p.IoctlGetInt(fd, vfs.FIONREAD) }
func (g *govfsSys) Dir() string                      { return "/tmp" }
func (g *govfsSys) Tag() string                      { return "govfs" }

func unixName(sa vfs.Sockaddr) string {
	if a, ok := sa.(*vfs.SockaddrUnix); ok {
		return a.Name
	}
	return ""
}

// TestParity runs the parity scenarios on govfs (parity_linux_test.go
// runs them on the host kernel too).
func TestParity(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, newGovfs(t)) })
	}
}
