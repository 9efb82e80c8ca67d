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
	{Path: "ptmx", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(5, 2)},
	{Path: "poll", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(240, 0)},
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

// devBoot is TestDevice's world: a booted govfs, as root.
func devBoot(t *testing.T) *vfs.Process {
	_, p := boot(t)
	return p
}

// devices are the drivers of package devfs as TestDevice sees them,
// each expectation what the host kernel does for the same node (the
// mem devices, the console; checked by the differential cases) or what
// st(4) and brd say (the tape, the RAM disk). Linux answers POLLIN
// alone for /dev/random once its pool is ready (random_poll), and
// EINVAL for an ioctl it does not know.
var devices = []vfstest.Device{
	{Path: "/dev/null", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(1, 3),
		Read: vfstest.ReadsEOF, Write: vfstest.WritesAccepted, Seek: vfstest.SeeksToZero,
		Poll: vfs.POLLIN | vfs.POLLOUT, Ioctl: vfs.ENOTTY, Mmap: vfstest.MmapENODEV},
	{Path: "/dev/zero", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(1, 5),
		Read: vfstest.ReadsZeros, Write: vfstest.WritesAccepted, Seek: vfstest.SeeksToZero,
		Poll: vfs.POLLIN | vfs.POLLOUT, Ioctl: vfs.ENOTTY, Mmap: vfstest.MmapZeros},
	{Path: "/dev/full", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(1, 7),
		Read: vfstest.ReadsZeros, Write: vfstest.WritesENOSPC, Seek: vfstest.SeeksToZero,
		Poll: vfs.POLLIN | vfs.POLLOUT, Ioctl: vfs.ENOTTY, Mmap: vfstest.MmapENODEV},
	{Path: "/dev/random", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(1, 8),
		Read: vfstest.ReadsFull, Write: vfstest.WritesAccepted, Seek: vfstest.SeeksToZero,
		Poll: vfs.POLLIN, Ioctl: vfs.EINVAL, Mmap: vfstest.MmapENODEV},
	{Path: "/dev/urandom", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(1, 9),
		Read: vfstest.ReadsFull, Write: vfstest.WritesAccepted, Seek: vfstest.SeeksToZero,
		Poll: vfs.POLLIN | vfs.POLLOUT, Ioctl: vfs.EINVAL, Mmap: vfstest.MmapENODEV},
	{Path: "/dev/tty", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(5, 0),
		Read: vfstest.ReadsEOF, Write: vfstest.WritesAccepted, Seek: vfstest.SeeksESPIPE,
		Poll: vfs.POLLIN | vfs.POLLOUT, Ioctl: vfs.ENOTTY, Mmap: vfstest.MmapENODEV},
	{Path: "/dev/console", Mode: vfs.S_IFCHR | 0o600, Rdev: vfs.Mkdev(5, 1),
		Read: vfstest.ReadsEOF, Write: vfstest.WritesAccepted, Seek: vfstest.SeeksESPIPE,
		Poll: vfs.POLLIN | vfs.POLLOUT, Ioctl: vfs.ENOTTY, Mmap: vfstest.MmapENODEV},
	{Path: "/dev/ram0", Mode: vfs.S_IFBLK | 0o660, Gid: 6, Rdev: vfs.Mkdev(1, 0),
		Read: vfstest.ReadsZeros, Write: vfstest.WritesStored, Seek: vfstest.SeeksInSize, Size: 4 << 20,
		Poll: vfs.POLLIN | vfs.POLLOUT, Ioctl: vfs.ENOTTY, Mmap: vfstest.MmapZeros},
	{Path: "/dev/st0", Mode: vfs.S_IFCHR | 0o660, Gid: 26, Rdev: vfs.Mkdev(9, 0),
		Read: vfstest.ReadsEOF, Write: vfstest.WritesStored, Seek: vfstest.SeeksToZero,
		Poll: vfs.POLLIN | vfs.POLLOUT, Ioctl: vfs.ENOTTY, Mmap: vfstest.MmapENODEV, Exclusive: true},
	{Path: "/dev/nst0", Mode: vfs.S_IFCHR | 0o660, Gid: 26, Rdev: vfs.Mkdev(9, 128),
		Read: vfstest.ReadsEOF, Write: vfstest.WritesAccepted, Seek: vfstest.SeeksToZero,
		Poll: vfs.POLLIN | vfs.POLLOUT, Ioctl: vfs.ENOTTY, Mmap: vfstest.MmapENODEV, Exclusive: true},
	{Path: "/dev/poll", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(240, 0),
		Ioctl: vfs.ENOTTY, Mmap: vfstest.MmapENODEV},
}

// TestDevices runs vfstest.TestDevice on every driver's node. /dev/poll
// is described only as far as Solaris's poll(7D) says: reads and
// writes that are not pollfd records are EINVAL.
func TestDevices(t *testing.T) {
	for _, d := range devices {
		t.Run(d.Path[len("/dev/"):], func(t *testing.T) {
			vfstest.TestDevice(t, devBoot, d)
		})
	}
}
