package sockfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func boot(t *testing.T) *vfs.Process {
	t.Helper()
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	return k.Init()
}

var types = []struct {
	name string
	typ  int
}{
	{"stream", vfs.SOCK_STREAM},
	{"dgram", vfs.SOCK_DGRAM},
	{"seqpacket", vfs.SOCK_SEQPACKET},
}

func pair(t *testing.T, p *vfs.Process, typ int) (int, int) {
	t.Helper()
	fds, err := p.Socketpair(vfs.AF_UNIX, typ, 0)
	require.NoError(t, err)
	return fds[0], fds[1]
}

func sock(t *testing.T, p *vfs.Process, typ int) int {
	t.Helper()
	fd, err := p.Socket(vfs.AF_UNIX, typ, 0)
	require.NoError(t, err)
	return fd
}

func send(t *testing.T, p *vfs.Process, fd int, s string) {
	t.Helper()
	n, err := p.Write(fd, []byte(s))
	require.NoError(t, err)
	require.Equal(t, len(s), n)
}

func recv(t *testing.T, p *vfs.Process, fd, size int) string {
	t.Helper()
	b := make([]byte, size)
	n, err := p.Read(fd, b)
	require.NoError(t, err)
	return string(b[:n])
}

// revents polls fd once without waiting.
func revents(t *testing.T, p *vfs.Process, fd int) int16 {
	t.Helper()
	pf := []vfs.PollFd{{Fd: int32(fd), Events: vfs.POLLIN | vfs.POLLOUT | vfs.POLLRDHUP}}
	_, err := p.Poll(pf, 0)
	require.NoError(t, err)
	return pf[0].Revents
}
