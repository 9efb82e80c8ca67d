//go:build linux

package vfstest_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
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
	p := bootLikeHost(t).Init()
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

// hostKnobs are the sysctls that change what a path call answers: a
// host whose distribution sets them otherwise (systemd turns
// protected_symlinks and protected_regular on) must be compared with a
// govfs set the same way.
var hostKnobs = []string{"fs/protected_hardlinks", "fs/protected_symlinks", "fs/protected_regular", "fs/protected_fifos"}

// bootLikeHost boots a fresh govfs, shut down when the test ends, with
// the host's values of hostKnobs.
func bootLikeHost(t *testing.T) *vfs.Kernel {
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	for _, knob := range hostKnobs {
		b, err := os.ReadFile("/proc/sys/" + knob)
		if err != nil {
			continue // no such knob on this host: govfs keeps the kernel's default
		}
		require.NoError(t, k.WriteSysctl(knob, string(b)), "host's %s", knob)
	}
	return k
}

// TestDifferential runs every case against Linux and against govfs.
func TestDifferential(t *testing.T) {
	vfstest.Differential(t, newGovfs, append(fileScenarios(), sockGate(t)...))
}
