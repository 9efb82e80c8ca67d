package devfs_test

import (
	"testing"

	"github.com/govfs/govfs/devfs"
	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// devContent is what a fresh devtmpfs holds: Linux's nodes, numbers,
// modes and owners, and the symlinks.
var devContent = []vfstest.Entry{
	{Path: "null", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(1, 3)},
	{Path: "zero", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(1, 5)},
	{Path: "full", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(1, 7)},
	{Path: "random", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(1, 8)},
	{Path: "urandom", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(1, 9)},
	{Path: "tty", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(5, 0)},
	{Path: "console", Mode: vfs.S_IFCHR | 0o600, Rdev: vfs.Mkdev(5, 1)},
	{Path: "ram0", Mode: vfs.S_IFBLK | 0o660, Gid: 6, Rdev: vfs.Mkdev(1, 0)},
	{Path: "st0", Mode: vfs.S_IFCHR | 0o660, Gid: 26, Rdev: vfs.Mkdev(9, 0)},
	{Path: "nst0", Mode: vfs.S_IFCHR | 0o660, Gid: 26, Rdev: vfs.Mkdev(9, 128)},
	{Path: "fd", Mode: vfs.S_IFLNK | 0o777, Target: "/proc/self/fd"},
	{Path: "stdin", Mode: vfs.S_IFLNK | 0o777, Target: "/proc/self/fd/0"},
	{Path: "stdout", Mode: vfs.S_IFLNK | 0o777, Target: "/proc/self/fd/1"},
	{Path: "stderr", Mode: vfs.S_IFLNK | 0o777, Target: "/proc/self/fd/2"},
}

func registerDevfs(k *vfs.Kernel) error {
	_, err := devfs.Register(k)
	return err
}

// TestFileSystem runs the whole conformance kit on devtmpfs, which is a
// tmpfs on Linux as here: the behaviours that write run in a directory
// of their own below /dev's nodes, which the Content behaviours check.
func TestFileSystem(t *testing.T) {
	vfstest.TestFileSystem(t, devfs.FileSystemType{}, "", vfstest.Setup(registerDevfs), vfstest.Content(devContent...))
}
