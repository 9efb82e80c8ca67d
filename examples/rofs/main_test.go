package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// The example runs to the end and narrates without failing.
func TestMainRuns(t *testing.T) {
	main()
}

// rofs passes the conformance kit as a read-only filesystem: the kit
// mounts it with MS_RDONLY and checks its content (reads, stat,
// getdents, lseek, readlink, ENOENT, EACCES for others) and EROFS for
// every change; the behaviours that write are left out.
func TestFileSystem(t *testing.T) {
	vfstest.TestFileSystem(t, FileSystemType{Tree: Tree}, "", vfstest.ReadOnly(), vfstest.Content(entries(Tree)...))
}

// entries describes the tree to the kit. Every node belongs to root.
func entries(tree []Node) []vfstest.Entry {
	var es []vfstest.Entry
	for _, n := range tree {
		es = append(es, vfstest.Entry{Path: n.Path, Mode: n.Mode, Data: n.Data, Target: n.Target})
	}
	return es
}

// rofs is read-only whatever mount(8) asks: a read-write mount and a
// remount to read-write are EACCES.
func TestReadWriteIsRefused(t *testing.T) {
	k, err := govfs.Boot()
	require.NoError(t, err)
	defer k.Shutdown()
	p := k.Init()
	require.NoError(t, k.RegisterFileSystem(FileSystemType{Tree: Tree}))
	require.NoError(t, p.Mkdir("/mnt", 0o755))
	require.ErrorIs(t, p.Mount("rofs", "/mnt", "rofs", 0, ""), vfs.EACCES)
	require.NoError(t, p.Mount("rofs", "/mnt", "rofs", vfs.MS_RDONLY, ""))
	require.ErrorIs(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT, ""), vfs.EACCES)
	require.NoError(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT|vfs.MS_RDONLY, ""))
	_, err = p.Open("/mnt/README", vfs.O_WRONLY, 0)
	require.ErrorIs(t, err, vfs.EROFS, "still read-only")
}
