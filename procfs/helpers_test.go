package procfs_test

import (
	"github.com/govfs/govfs/internal/ktest"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func readFile(t testing.TB, p *vfs.Process, path string) string {
	t.Helper()
	b, err := p.ReadFile(path)
	require.NoError(t, err, "read %s", path)
	return string(b)
}

func readAll(t testing.TB, p *vfs.Process, fd int) string {
	t.Helper()
	var out []byte
	buf := make([]byte, 4096)
	for {
		n, err := p.Read(fd, buf)
		if err == io.EOF || (err == nil && n == 0) {
			return string(out)
		}
		require.NoError(t, err)
		out = append(out, buf[:n]...)
	}
}

func readlink(t testing.TB, p *vfs.Process, path string) string {
	t.Helper()
	buf := make([]byte, 4096)
	n, err := p.Readlink(path, buf)
	require.NoError(t, err, "readlink %s", path)
	return string(buf[:n])
}

func listDir(t testing.TB, p *vfs.Process, path string) []string {
	t.Helper()
	fd, err := p.Open(path, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err, "open %s", path)
	defer p.Close(fd)
	var names []string
	buf := make([]byte, 8192)
	for {
		n, err := p.Getdents(fd, buf)
		require.NoError(t, err)
		if n == 0 {
			return names
		}
		for off := 0; off < n; {
			reclen := int(buf[off+16]) | int(buf[off+17])<<8
			name := buf[off+19 : off+reclen]
			for i, c := range name {
				if c == 0 {
					name = name[:i]
					break
				}
			}
			if s := string(name); s != "." && s != ".." {
				names = append(names, s)
			}
			off += reclen
		}
	}
}

// The shared helpers, under this package's names.
func boot(t testing.TB) (*vfs.Kernel, *vfs.Process) { return ktest.Boot(t) }

var (
	requireErrno = ktest.RequireErrno
	forkAs       = ktest.ForkAs
)
