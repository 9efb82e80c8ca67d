package main

import (
	"testing"

	"github.com/govfs/govfs/vfstest"
)

// The example runs to the end and narrates without failing.
func TestMainRuns(t *testing.T) {
	main()
}

// notes passes the conformance kit; what it does not do (directories,
// links, symlinks) is skipped.
func TestFileSystem(t *testing.T) {
	vfstest.TestFileSystem(t, FileSystemType{}, "")
}
