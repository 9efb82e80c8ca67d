package main

import (
	"testing"

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
