package sockfs_test

import (
	"testing"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
	"github.com/stretchr/testify/require"
)

// bootInet starts a kernel (sockfs with AF_UNIX, AF_INET and AF_INET6)
// and returns its init.
func bootInet(t testing.TB) *vfs.Process {
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	return k.Init()
}

// needUnix skips a test when the kernel has no AF_UNIX.
func needUnix(t testing.TB, p *vfs.Process) {
	fd, err := p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	if err == vfs.EAFNOSUPPORT {
		t.Skip("no AF_UNIX in this kernel yet")
	}
	require.NoError(t, err)
	p.Close(fd)
}

var inetLo4 = [4]byte{127, 0, 0, 1}

func mustSocket(t testing.TB, p *vfs.Process, domain, typ int) int {
	fd, err := p.Socket(domain, typ, 0)
	require.NoError(t, err)
	return fd
}

func inetPort(t testing.TB, p *vfs.Process, fd int) int {
	sa, err := p.Getsockname(fd)
	require.NoError(t, err)
	switch a := sa.(type) {
	case *vfs.SockaddrInet4:
		return a.Port
	case *vfs.SockaddrInet6:
		return a.Port
	}
	t.Fatalf("not an inet address: %#v", sa)
	return 0
}

// inetListener4 listens on 127.0.0.1 on an ephemeral port.
func inetListener4(t testing.TB, p *vfs.Process) (fd, port int) {
	fd = mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
	require.NoError(t, p.Bind(fd, &vfs.SockaddrInet4{Addr: inetLo4}))
	require.NoError(t, p.Listen(fd, 8))
	return fd, inetPort(t, p, fd)
}
