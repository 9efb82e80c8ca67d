package devfs_test

import (
	"github.com/govfs/govfs/internal/ktest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

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

// The shared helpers, under this package's names.
var (
	boot         = ktest.Boot
	requireErrno = ktest.RequireErrno
	forkAs       = ktest.ForkAs
)
