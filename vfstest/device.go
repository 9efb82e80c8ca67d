package vfstest

// The device half of the conformance kit: TestDevice checks one device
// node and the driver behind it. device_behaviours.go has the
// behaviours.

import (
	"path"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/tmpfs"
	"github.com/govfs/govfs/vfs"
)

// Device describes a device node for TestDevice: where it is, what its
// stat says and what its driver does, each the way Linux's driver does
// it. An expectation left at its zero value leaves out the behaviours
// that need it, and the summary counts them as skipped with the field's
// name.
type Device struct {
	Path     string // the node, absolute: "/dev/null"
	Mode     uint32 // type and permission bits: vfs.S_IFCHR|0o666
	Rdev     uint64 // vfs.Mkdev(1, 3)
	Uid, Gid uint32

	Read  DeviceRead
	Write DeviceWrite
	Seek  DeviceSeek
	Size  int64 // a block device's size in bytes, for SeeksInSize

	// Poll is what poll(2) reports for POLLIN|POLLOUT on a fresh open,
	// among those two bits (0: not checked).
	Poll int16
	// Ioctl is the errno of a request the driver does not know: ENOTTY
	// for almost every driver, EINVAL for random (0: not checked).
	Ioctl vfs.Errno
	Mmap  DeviceMmap
	// Exclusive says the driver has one user at a time: a second open
	// is EBUSY until the first is closed (a tape drive).
	Exclusive bool
}

// DeviceRead is what reads of a fresh open give.
type DeviceRead int

const (
	ReadUnchecked DeviceRead = iota
	ReadsEOF                 // every read is 0 bytes (/dev/null, a console without input, an empty tape)
	ReadsZeros               // a read fills the buffer with zeros (/dev/zero, /dev/full, a fresh disk)
	ReadsFull                // a read fills the buffer, with any bytes (/dev/urandom)
)

// DeviceWrite is what a write does.
type DeviceWrite int

const (
	WriteUnchecked DeviceWrite = iota
	WritesAccepted             // taken whole; reads go on as Read says (/dev/null, a console)
	WritesENOSPC               // every write is ENOSPC (/dev/full)
	WritesStored               // what is written at the start reads back after a reopen (a disk, a rewinding tape)
)

// DeviceSeek is what lseek(2) does.
type DeviceSeek int

const (
	SeekUnchecked DeviceSeek = iota
	SeeksToZero              // every lseek answers 0 and pread/pwrite work (null_lseek, noop_llseek)
	SeeksESPIPE              // lseek, pread and pwrite are ESPIPE (a terminal)
	SeeksInSize              // a file of Size bytes: SEEK_END is Size, pwrite past it ENOSPC (a block device)
)

// DeviceMmap is what mmap(2) of the device does.
type DeviceMmap int

const (
	MmapUnchecked DeviceMmap = iota
	MmapENODEV               // the driver has no mmap
	MmapZeros                // a mapping reads zeros: fresh memory (/dev/zero), or a disk never written
)

// TestDevice checks a device node and its driver. For every behaviour
// it calls boot for a fresh kernel, whose process it gets must be root
// and see d.Path, and runs the behaviour there; the behaviours that
// make nodes do so in a tmpfs of their own, which they unmount at the
// end, so a File the driver leaks fails them. At the end it logs how
// many behaviours ran and which expectations of d were left out.
//
//	vfstest.TestDevice(t, boot, vfstest.Device{Path: "/dev/null",
//		Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(1, 3),
//		Read: vfstest.ReadsEOF, Write: vfstest.WritesAccepted,
//		Seek: vfstest.SeeksToZero, Poll: vfs.POLLIN | vfs.POLLOUT,
//		Ioctl: vfs.ENOTTY, Mmap: vfstest.MmapENODEV})
func TestDevice(t *testing.T, boot func(t *testing.T) *vfs.Process, d Device) {
	t.Helper()
	if d.Path == "" || !path.IsAbs(d.Path) {
		t.Fatalf("vfstest: Device.Path %q: want an absolute path", d.Path)
	}
	if typ := d.Mode & vfs.S_IFMT; typ != vfs.S_IFCHR && typ != vfs.S_IFBLK {
		t.Fatalf("vfstest: Device.Mode %#o is not a character or block device's", d.Mode)
	}
	sum := kitSummary{}
	for _, b := range deviceBehaviours() {
		var sub *testing.T
		var why string
		t.Run(b.name, func(t *testing.T) {
			sub = t
			p := boot(t)
			c := &devCheck{fsCheck: fsCheck{t: t, k: p.Kernel(), p: p, o: &kitOptions{}, dir: "/", skipWhy: &why}, d: d}
			b.run(c)
		})
		sum.count(sub, why)
	}
	sum.report(t, d.Path, &kitOptions{})
}

type devBehaviour struct {
	name string
	run  func(c *devCheck)
}

// devCheck is one behaviour's world: a booted kernel's root process
// and the device under test.
type devCheck struct {
	fsCheck
	d Device
}

// need skips the behaviour when the Device leaves field undescribed.
func (c *devCheck) need(described bool, field string) {
	c.t.Helper()
	if !described {
		c.skip("Device."+field, "Device.%s is not described", field)
	}
}

// scratch mounts a fresh tmpfs (with flags) at a directory of its own
// and unmounts it when the behaviour ends: the unmount fails if a File
// opened through a node there was never released.
func (c *devCheck) scratch(flags uintptr) string {
	c.t.Helper()
	if c.k.FileSystemType("tmpfs") == nil {
		require.NoError(c.t, c.k.RegisterFileSystem(tmpfs.FileSystemType{}))
	}
	dir := "/vfstest.dev"
	c.ok(c.p.Mkdir(dir, 0o755), "mkdir(%q)", dir)
	c.ok(c.p.Mount("tmpfs", dir, "tmpfs", flags, ""), "mount tmpfs on %q", dir)
	c.t.Cleanup(func() {
		if c.t.Failed() {
			return
		}
		require.NoError(c.t, c.p.Unmount(dir, 0), "umount %q after every fd on its node was closed: something still holds it", dir)
	})
	return dir
}

// twin makes a second node for the device in dir.
func (c *devCheck) twin(dir string) string {
	c.t.Helper()
	name := dir + "/twin"
	c.ok(c.p.Mknod(name, c.d.Mode, int(c.d.Rdev)), "mknod(%q, %#o, %d:%d)", name, c.d.Mode, vfs.Major(c.d.Rdev), vfs.Minor(c.d.Rdev))
	return name
}

// accessMode is the widest access the Device's expectations use.
func (c *devCheck) accessMode() int {
	if c.d.Write != WriteUnchecked {
		return vfs.O_RDWR
	}
	return vfs.O_RDONLY
}
