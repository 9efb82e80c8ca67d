//go:build linux

package vfstest_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfstest"
)

// sandboxDir is the sandbox of every scenario inside its own, freshly
// booted govfs.
const sandboxDir = "/tmp/sandbox-1"

// newGovfs boots a fresh govfs, takes init (uid 0, cwd "/") and moves it
// into an empty sandbox directory.
func newGovfs(t *testing.T) vfstest.System {
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	p := k.Init()
	require.NoError(t, p.Mkdir(sandboxDir, 0o755))
	require.NoError(t, p.Chdir(sandboxDir))
	return vfstest.NewGovfs(p, sandboxDir)
}

// TestDifferential runs every case against Linux and against govfs.
func TestDifferential(t *testing.T) {
	vfstest.Differential(t, newGovfs, allScenarios())
}
