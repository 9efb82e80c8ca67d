//go:build linux

package vfstest_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfstest"
)

// sandboxDir is the sandbox of every scenario inside its own, freshly
// booted govfs.
const sandboxDir = "/tmp/sandbox-1"

// newGovfs boots a fresh govfs and returns a process in an empty sandbox
// directory with the test binary's credentials, as the host side has:
// init itself when the tests run as root, otherwise a child of init that
// took the uid, gid and groups of the test process and owns the sandbox
// (as the host user owns its sandbox in /dev/shm).
func newGovfs(t *testing.T) vfstest.System {
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	p := k.Init()
	require.NoError(t, p.Mkdir(sandboxDir, 0o755))
	if uid, gid := os.Geteuid(), os.Getegid(); uid != 0 {
		groups, err := os.Getgroups()
		require.NoError(t, err)
		require.NoError(t, p.Chown(sandboxDir, uid, gid))
		p, err = p.Fork()
		require.NoError(t, err)
		require.NoError(t, p.Setgroups(groups))
		require.NoError(t, p.Setgid(gid))
		require.NoError(t, p.Setuid(uid))
	}
	require.NoError(t, p.Chdir(sandboxDir))
	return vfstest.NewGovfs(p, sandboxDir)
}

// TestDifferential runs every case against Linux and against govfs.
func TestDifferential(t *testing.T) {
	vfstest.Differential(t, newGovfs, append(fileScenarios(), sockGate(t)...))
}
