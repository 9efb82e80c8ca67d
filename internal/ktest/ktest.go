// Package ktest holds the helpers every package's tests boot a system
// with, so that each backend's tests do not carry their own copy.
package ktest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// Boot boots a kernel that shuts down when the test ends and returns it
// with init.
func Boot(t testing.TB, opts ...govfs.Option) (*vfs.Kernel, *vfs.Process) {
	t.Helper()
	k, err := govfs.Boot(opts...)
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	return k, k.Init()
}

// RequireErrno fails the test unless err is the Errno want.
func RequireErrno(t testing.TB, err error, want vfs.Errno, msgAndArgs ...any) {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	got, ok := err.(vfs.Errno)
	require.Truef(t, ok, "error %v has type %T, want vfs.Errno", err, err)
	require.Equal(t, want.Name(), got.Name(), msgAndArgs...)
}

// ForkAs forks a child of p that runs as uid and gid.
func ForkAs(t testing.TB, p *vfs.Process, uid, gid int) *vfs.Process {
	t.Helper()
	c, err := p.Fork()
	require.NoError(t, err)
	require.NoError(t, c.Setgid(gid))
	require.NoError(t, c.Setuid(uid))
	return c
}
