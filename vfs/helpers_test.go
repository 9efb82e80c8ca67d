package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// Helpers shared by the behaviour tests of this package. Each test boots
// its own kernel, so tests never see each other's files.

// newSystem boots a kernel (tmpfs at /, with /tmp, /home, /etc, /bin)
// that shuts down when the test ends, and returns it with init.
func newSystem(t testing.TB) (*vfs.Kernel, *vfs.Process) {
	t.Helper()
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	return k, k.Init()
}

// forkAs forks a child of p and drops it to uid and gid with the given
// supplementary groups, the way login does: setgroups, setgid, setuid.
func forkAs(t testing.TB, p *vfs.Process, uid, gid int, groups ...int) *vfs.Process {
	t.Helper()
	c, err := p.Fork()
	require.NoError(t, err)
	require.NoError(t, c.Setgroups(groups))
	require.NoError(t, c.Setgid(gid))
	require.NoError(t, c.Setuid(uid))
	return c
}

// requireErrno checks that err is exactly the Errno want (not wrapped,
// not some other error type), printing both by name when it is not.
func requireErrno(t testing.TB, err error, want vfs.Errno, msgAndArgs ...any) {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	got, ok := err.(vfs.Errno)
	require.Truef(t, ok, "error %v has type %T, want vfs.Errno", err, err)
	require.Equal(t, want.Name(), got.Name(), msgAndArgs...)
}

// requireResult checks err against want, where want 0 means success.
func requireResult(t testing.TB, err error, want vfs.Errno, msgAndArgs ...any) {
	t.Helper()
	if want == 0 {
		require.NoError(t, err, msgAndArgs...)
		return
	}
	requireErrno(t, err, want, msgAndArgs...)
}

// writeFile creates (or truncates) path with data and mode.
func writeFile(t testing.TB, p *vfs.Process, path, data string, mode uint32) {
	t.Helper()
	fd, err := p.Open(path, vfs.O_CREAT|vfs.O_WRONLY|vfs.O_TRUNC, mode)
	require.NoError(t, err, "create %s", path)
	n, err := p.Write(fd, []byte(data))
	require.NoError(t, err)
	require.Equal(t, len(data), n)
	require.NoError(t, p.Close(fd))
}

// readFile returns the whole content of path.
func readFile(t testing.TB, p *vfs.Process, path string) string {
	t.Helper()
	fd, err := p.Open(path, vfs.O_RDONLY, 0)
	require.NoError(t, err, "open %s", path)
	defer p.Close(fd)
	return readAll(t, p, fd)
}

// readAll reads fd from its offset to the end.
func readAll(t testing.TB, p *vfs.Process, fd int) string {
	t.Helper()
	var out []byte
	buf := make([]byte, 4096)
	for {
		n, err := p.Read(fd, buf)
		require.NoError(t, err)
		if n == 0 {
			return string(out)
		}
		out = append(out, buf[:n]...)
	}
}

// stat returns stat(2) of path, which must succeed.
func stat(t testing.TB, p *vfs.Process, path string) vfs.Stat_t {
	t.Helper()
	var st vfs.Stat_t
	require.NoError(t, p.Stat(path, &st), "stat %s", path)
	return st
}

// getcwd returns the working directory as getcwd(2) spells it.
func getcwd(t testing.TB, p *vfs.Process) string {
	t.Helper()
	buf := make([]byte, vfs.PathMax)
	n, err := p.Getcwd(buf)
	require.NoError(t, err)
	require.Positive(t, n)
	return string(buf[:n-1]) // without the NUL
}

// listDir returns the names in the directory at path, without "." and
// "..", in the order getdents gives them.
func listDir(t testing.TB, p *vfs.Process, path string) []string {
	t.Helper()
	fd, err := p.Open(path, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err, "open %s", path)
	defer p.Close(fd)
	var names []string
	buf := make([]byte, 1024)
	for {
		n, err := p.Getdents(fd, buf)
		require.NoError(t, err)
		if n == 0 {
			return names
		}
		_, _, names = vfs.ParseDirent(buf[:n], -1, names)
	}
}
