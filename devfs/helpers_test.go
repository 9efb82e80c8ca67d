package devfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func boot(t testing.TB, opts ...govfs.Option) (*vfs.Kernel, *vfs.Process) {
	t.Helper()
	k, err := govfs.Boot(opts...)
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	return k, k.Init()
}

func open(t *testing.T, p *vfs.Process, path string, flags int) int {
	t.Helper()
	fd, err := p.Open(path, flags, 0)
	require.NoError(t, err, "open %s", path)
	return fd
}

func read(t *testing.T, p *vfs.Process, fd, n int) string {
	t.Helper()
	buf := make([]byte, n)
	got, err := p.Read(fd, buf)
	require.NoError(t, err)
	return string(buf[:got])
}

func write(t *testing.T, p *vfs.Process, fd int, s string) {
	t.Helper()
	n, err := p.Write(fd, []byte(s))
	require.NoError(t, err)
	require.Equal(t, len(s), n)
}

func requireErrno(t testing.TB, err error, want vfs.Errno, msgAndArgs ...any) {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	got, ok := err.(vfs.Errno)
	require.Truef(t, ok, "error %v has type %T, want vfs.Errno", err, err)
	require.Equal(t, want.Name(), got.Name(), msgAndArgs...)
}

func forkAs(t testing.TB, p *vfs.Process, uid, gid int) *vfs.Process {
	t.Helper()
	c, err := p.Fork()
	require.NoError(t, err)
	require.NoError(t, c.Setgid(gid))
	require.NoError(t, c.Setuid(uid))
	return c
}
