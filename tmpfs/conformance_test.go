package tmpfs_test

import (
	"testing"

	"github.com/govfs/govfs/tmpfs"
	"github.com/govfs/govfs/vfstest"
)

func TestFileSystem(t *testing.T) {
	vfstest.TestFileSystem(t, tmpfs.FileSystemType{}, "")
}

func TestFileSystemWithLimits(t *testing.T) {
	vfstest.TestFileSystem(t, tmpfs.FileSystemType{}, "size=1m,nr_inodes=1000,mode=755")
}
