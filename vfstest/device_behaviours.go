package vfstest

import (
	"bytes"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The behaviours of TestDevice, each checked against what Linux does
// for a device node: the node's side (stat, open flags, permissions,
// second names, nodev) holds for every device; the driver's side
// (read, write, lseek, poll, ioctl, mmap) as the Device describes it.

func deviceBehaviours() []devBehaviour {
	return []devBehaviour{
		{"StatsAsDescribed", checkDevStat},
		{"OPathNeedsNoDriver", checkDevOPath},
		{"ODirectoryIsENOTDIR", checkDevODirectory},
		{"OCreatOpensTheNode", checkDevOCreat},
		{"OTruncIsIgnored", checkDevOTrunc},
		{"AccessModeBindsTheFd", checkDevAccessMode},
		{"Reads", checkDevReads},
		{"Writes", checkDevWrites},
		{"Seeks", checkDevSeeks},
		{"PreadAndPwrite", checkDevPositional},
		{"Polls", checkDevPoll},
		{"UnknownIoctl", checkDevIoctl},
		{"Mmap", checkDevMmap},
		{"ModeAndOwnerBindOtherUsers", checkDevPermission},
		{"SecondNameReachesTheDriver", checkDevTwin},
		{"NodevMountIsEACCES", checkDevNodev},
		{"ExclusiveOrShared", checkDevExclusive},
		{"ConcurrentCalls", checkDevConcurrent},
	}
}

// checkDevStat compares stat of the node with the Device, and fstat of
// an open fd (through the driver) and of an O_PATH fd with stat.
func checkDevStat(c *devCheck) {
	st := c.stat(c.d.Path)
	require.Equal(c.t, c.d.Mode, st.Mode, "st_mode of %s: %#o", c.d.Path, st.Mode)
	require.Equal(c.t, c.d.Rdev, st.Rdev, "st_rdev of %s: %d:%d", c.d.Path, vfs.Major(st.Rdev), vfs.Minor(st.Rdev))
	require.Equal(c.t, [2]uint32{c.d.Uid, c.d.Gid}, [2]uint32{st.Uid, st.Gid}, "owner of %s", c.d.Path)
	require.Zero(c.t, st.Size, "a device node's st_size is 0")
	require.Equal(c.t, uint64(1), st.Nlink, "st_nlink of %s", c.d.Path)
	for _, flags := range []int{vfs.O_PATH, vfs.O_RDONLY} {
		fd := c.open(c.d.Path, flags, 0)
		fst := c.fstat(fd)
		c.close(fd)
		require.Equal(c.t, [4]uint64{st.Ino, st.Dev, st.Rdev, uint64(st.Mode)},
			[4]uint64{fst.Ino, fst.Dev, fst.Rdev, uint64(fst.Mode)}, "fstat of an fd opened %#x and stat agree", flags)
	}
}

// checkDevOPath opens the node without its driver: fstat works, the
// calls that need the driver are EBADF, and an exclusive device stays
// free.
func checkDevOPath(c *devCheck) {
	fd := c.open(c.d.Path, vfs.O_PATH, 0)
	buf := make([]byte, 8)
	_, err := c.p.Read(fd, buf)
	c.is(err, vfs.EBADF, "read of an O_PATH fd")
	_, err = c.p.Write(fd, buf)
	c.is(err, vfs.EBADF, "write of an O_PATH fd")
	var n int32
	_, err = c.p.Ioctl(fd, vfs.FIONREAD, &n)
	c.is(err, vfs.EBADF, "ioctl of an O_PATH fd")
	fd2 := c.open(c.d.Path, vfs.O_RDONLY, 0) // the driver was never asked, so it is not busy
	c.close(fd2)
	c.close(fd)
}

func checkDevODirectory(c *devCheck) {
	_, err := c.p.Open(c.d.Path, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	c.is(err, vfs.ENOTDIR, "open(%q, O_DIRECTORY)", c.d.Path)
	_, err = c.p.Open(c.d.Path+"/", vfs.O_RDONLY, 0)
	c.is(err, vfs.ENOTDIR, "open(%q)", c.d.Path+"/")
}

// checkDevOCreat: O_CREAT of an existing node opens it; with O_EXCL it
// is EEXIST.
func checkDevOCreat(c *devCheck) {
	c.close(c.open(c.d.Path, vfs.O_RDONLY|vfs.O_CREAT, 0o644))
	_, err := c.p.Open(c.d.Path, vfs.O_RDONLY|vfs.O_CREAT|vfs.O_EXCL, 0o644)
	c.is(err, vfs.EEXIST, "open(%q, O_CREAT|O_EXCL)", c.d.Path)
	require.Equal(c.t, c.d.Mode, c.stat(c.d.Path).Mode, "O_CREAT left the node as it was")
}

// checkDevOTrunc: O_TRUNC truncates only regular files; on a device it
// changes nothing, not even the times, and a disk keeps its data.
func checkDevOTrunc(c *devCheck) {
	if c.d.Write == WritesStored {
		fd := c.open(c.d.Path, vfs.O_WRONLY, 0)
		c.write(fd, "kept")
		c.close(fd)
	}
	before := c.stat(c.d.Path)
	c.close(c.open(c.d.Path, vfs.O_WRONLY|vfs.O_TRUNC, 0))
	after := c.stat(c.d.Path)
	require.Equal(c.t, before.Mtim, after.Mtim, "O_TRUNC of a device moves no mtime")
	require.Equal(c.t, before.Size, after.Size)
	if c.d.Write == WritesStored {
		fd := c.open(c.d.Path, vfs.O_RDONLY, 0)
		require.Equal(c.t, "kept", c.read(fd, 4), "O_TRUNC kept the data")
		c.close(fd)
	}
}

// checkDevAccessMode: a read-only fd cannot write, a write-only fd
// cannot read (EBADF), whatever the driver.
func checkDevAccessMode(c *devCheck) {
	buf := make([]byte, 8)
	fd := c.open(c.d.Path, vfs.O_RDONLY, 0)
	_, err := c.p.Write(fd, buf)
	c.is(err, vfs.EBADF, "write of an O_RDONLY fd")
	c.close(fd)
	fd = c.open(c.d.Path, vfs.O_WRONLY, 0)
	_, err = c.p.Read(fd, buf)
	c.is(err, vfs.EBADF, "read of an O_WRONLY fd")
	c.close(fd)
}

// readAs checks two reads of 64 bytes from fd against want.
func (c *devCheck) readAs(fd int, want DeviceRead, what string) {
	c.t.Helper()
	for i := range 2 {
		buf := bytes.Repeat([]byte{0xA5}, 64)
		n, err := c.p.Read(fd, buf)
		c.ok(err, "read %d of %s", i+1, what)
		switch want {
		case ReadsEOF:
			require.Zero(c.t, n, "read %d of %s is at end of file", i+1, what)
		case ReadsZeros:
			require.Equal(c.t, make([]byte, 64), buf[:n], "read %d of %s", i+1, what)
			require.Equal(c.t, 64, n, "read %d of %s fills the buffer", i+1, what)
		case ReadsFull:
			require.Equal(c.t, 64, n, "read %d of %s fills the buffer", i+1, what)
		}
	}
}

func checkDevReads(c *devCheck) {
	c.need(c.d.Read != ReadUnchecked, "Read")
	fd := c.open(c.d.Path, vfs.O_RDONLY, 0)
	c.readAs(fd, c.d.Read, c.d.Path)
	c.close(fd)
}

func checkDevWrites(c *devCheck) {
	c.need(c.d.Write != WriteUnchecked, "Write")
	data := []byte("vfstest writes a device")
	fd := c.open(c.d.Path, vfs.O_WRONLY, 0)
	n, err := c.p.Write(fd, data)
	switch c.d.Write {
	case WritesENOSPC:
		c.is(err, vfs.ENOSPC, "write(%q)", c.d.Path)
		_, err = c.p.Write(fd, nil)
		c.is(err, vfs.ENOSPC, "write(%q) of nothing", c.d.Path)
	default:
		c.ok(err, "write(%q)", c.d.Path)
		require.Equal(c.t, len(data), n, "write(%q) takes the whole buffer", c.d.Path)
	}
	c.close(fd)
	fd = c.open(c.d.Path, vfs.O_RDONLY, 0)
	switch c.d.Write {
	case WritesStored:
		require.Equal(c.t, string(data), c.read(fd, len(data)), "what was written reads back after a reopen")
	default:
		if c.d.Read != ReadUnchecked {
			c.readAs(fd, c.d.Read, "the device after a write")
		}
	}
	c.close(fd)
}

func checkDevSeeks(c *devCheck) {
	c.need(c.d.Seek != SeekUnchecked, "Seek")
	fd := c.open(c.d.Path, vfs.O_RDONLY, 0)
	defer c.close(fd)
	type seek struct {
		off    int64
		whence int
	}
	seeks := []seek{{100, vfs.SEEK_SET}, {10, vfs.SEEK_CUR}, {-5, vfs.SEEK_END}, {0, vfs.SEEK_END}, {-1, vfs.SEEK_SET}}
	for _, s := range seeks {
		got, err := c.p.Seek(fd, s.off, s.whence)
		switch c.d.Seek {
		case SeeksToZero:
			c.ok(err, "lseek(%d, %d)", s.off, s.whence)
			require.Zero(c.t, got, "lseek(%d, %d) of %s answers 0", s.off, s.whence, c.d.Path)
		case SeeksESPIPE:
			c.is(err, vfs.ESPIPE, "lseek(%d, %d)", s.off, s.whence)
		}
	}
	if c.d.Seek != SeeksInSize {
		return
	}
	require.Equal(c.t, int64(100), c.seek(fd, 100, vfs.SEEK_SET))
	require.Equal(c.t, int64(110), c.seek(fd, 10, vfs.SEEK_CUR))
	require.Equal(c.t, c.d.Size, c.seek(fd, 0, vfs.SEEK_END), "SEEK_END of a block device is its size")
	require.Equal(c.t, "", c.read(fd, 8), "a read at the end of the device")
	_, err := c.p.Seek(fd, -1, vfs.SEEK_SET)
	c.is(err, vfs.EINVAL, "lseek(-1, SEEK_SET)")
}

// checkDevPositional: pread and pwrite at an offset, a negative offset
// being EINVAL before anything else (ksys_pread64).
func checkDevPositional(c *devCheck) {
	c.need(c.d.Seek != SeekUnchecked, "Seek")
	fd := c.open(c.d.Path, c.accessMode(), 0)
	defer c.close(fd)
	buf := make([]byte, 8)
	_, err := c.p.Pread(fd, buf, -1)
	c.is(err, vfs.EINVAL, "pread at -1")
	_, err = c.p.Pread(fd, buf, 100)
	switch c.d.Seek {
	case SeeksESPIPE:
		c.is(err, vfs.ESPIPE, "pread of %s", c.d.Path)
		if c.d.Write != WriteUnchecked {
			_, err = c.p.Pwrite(fd, buf, 100)
			c.is(err, vfs.ESPIPE, "pwrite of %s", c.d.Path)
		}
	case SeeksToZero:
		c.ok(err, "pread of %s at 100", c.d.Path)
	case SeeksInSize:
		c.ok(err, "pread of %s at 100", c.d.Path)
		n, err := c.p.Pread(fd, buf, c.d.Size)
		c.ok(err, "pread at the end")
		require.Zero(c.t, n, "pread at the end of the device")
		if c.d.Write != WriteUnchecked {
			_, err = c.p.Pwrite(fd, buf, c.d.Size)
			c.is(err, vfs.ENOSPC, "pwrite at the end of a block device")
			c.pwrite(fd, "ab", 1000)
			require.Equal(c.t, "ab", c.pread(fd, 2, 1000), "pwrite then pread")
		}
	}
}

// checkDevPoll polls for each of POLLIN and POLLOUT alone: one the
// Device expects must come within a second (a console's reader may
// still be on its way to the end of its input), one it does not must
// not be there at once.
func checkDevPoll(c *devCheck) {
	c.need(c.d.Poll != 0, "Poll")
	fd := c.open(c.d.Path, c.accessMode(), 0)
	defer c.close(fd)
	for _, bit := range []int16{vfs.POLLIN, vfs.POLLOUT} {
		fds := []vfs.PollFd{{Fd: int32(fd), Events: bit}}
		want, timeout := int16(0), 0
		if c.d.Poll&bit != 0 {
			want, timeout = bit, 1000
		}
		_, err := c.p.Poll(fds, timeout)
		c.ok(err, "poll")
		require.Equal(c.t, want, fds[0].Revents&bit, "poll(%s, %#x): revents %#x", c.d.Path, bit, fds[0].Revents)
	}
}

// kitUnknownIoctl is _IOR('x', 0x77, int): no driver knows it.
const kitUnknownIoctl = 0x80047877

func checkDevIoctl(c *devCheck) {
	c.need(c.d.Ioctl != 0, "Ioctl")
	fd := c.open(c.d.Path, vfs.O_RDONLY, 0)
	defer c.close(fd)
	var v int32
	_, err := c.p.Ioctl(fd, kitUnknownIoctl, &v)
	c.is(err, c.d.Ioctl, "ioctl(%s, an unknown request)", c.d.Path)
	_, err = c.p.Ioctl(fd, kitUnknownIoctl, nil)
	c.is(err, c.d.Ioctl, "ioctl(%s, an unknown request, NULL)", c.d.Path)
}

func checkDevMmap(c *devCheck) {
	c.need(c.d.Mmap != MmapUnchecked, "Mmap")
	fd := c.open(c.d.Path, vfs.O_RDWR, 0)
	defer c.close(fd)
	for _, flags := range []int{vfs.MAP_SHARED, vfs.MAP_PRIVATE} {
		b, err := c.p.Mmap(fd, 0, 4096, vfs.PROT_READ|vfs.PROT_WRITE, flags)
		if c.d.Mmap == MmapENODEV {
			c.is(err, vfs.ENODEV, "mmap(%s, %#x)", c.d.Path, flags)
			continue
		}
		c.ok(err, "mmap(%s, %#x)", c.d.Path, flags)
		require.Len(c.t, b, 4096)
		require.True(c.t, bytes.Equal(make([]byte, 4096), b), "a new mapping of %s is zeros", c.d.Path)
		if flags == vfs.MAP_PRIVATE {
			b[0] = 1 // writable, and the device's to nobody
		}
		c.ok(c.p.Munmap(b), "munmap")
	}
}
