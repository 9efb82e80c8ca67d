package devfs_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/devfs"
	"github.com/govfs/govfs/vfs"
)

// ram0 against the block requests of linux/fs.h and blkdev's read and
// write rules, and the read-modify-write counts it exists to show.
func TestRAMDisk(t *testing.T) {
	t.Run("size_requests_report_the_disk", func(t *testing.T) {
		k, p := boot(t)
		fd := open(t, p, "/dev/ram0", vfs.O_RDWR)
		var size uint64
		_, err := p.Ioctl(fd, vfs.BLKGETSIZE64, &size)
		require.NoError(t, err)
		require.EqualValues(t, 4<<20, size)
		require.EqualValues(t, devfs.Of(k).RAM.Size(), size)
		var sectors uint64
		_, err = p.Ioctl(fd, vfs.BLKGETSIZE, &sectors)
		require.NoError(t, err)
		require.EqualValues(t, 4<<20/512, sectors)
		ssz, err := p.IoctlGetInt(fd, vfs.BLKSSZGET)
		require.NoError(t, err)
		require.Equal(t, 512, ssz)
	})

	t.Run("a_block_device_opens_O_DIRECT_where_a_char_device_is_EINVAL", func(t *testing.T) {
		// blkdev_open sets FMODE_CAN_ODIRECT; the memory devices do not.
		_, p := boot(t)
		fd := open(t, p, "/dev/ram0", vfs.O_RDWR|vfs.O_DIRECT)
		fl, err := p.FcntlInt(uintptr(fd), vfs.F_GETFL, 0)
		require.NoError(t, err)
		require.Equal(t, vfs.O_DIRECT, fl&vfs.O_DIRECT)
		_, err = p.Open("/dev/null", vfs.O_RDWR|vfs.O_DIRECT, 0)
		requireErrno(t, err, vfs.EINVAL)
	})

	t.Run("bad_arguments_are_EFAULT_and_tty_requests_ENOTTY", func(t *testing.T) {
		_, p := boot(t)
		fd := open(t, p, "/dev/ram0", vfs.O_RDONLY)
		for _, req := range []uint{vfs.BLKGETSIZE64, vfs.BLKGETSIZE, vfs.BLKSSZGET} {
			_, err := p.Ioctl(fd, req, nil)
			requireErrno(t, err, vfs.EFAULT)
			_, err = p.Ioctl(fd, req, new(string))
			requireErrno(t, err, vfs.EFAULT)
		}
		_, err := p.IoctlGetTermios(fd, vfs.TCGETS)
		requireErrno(t, err, vfs.ENOTTY)
	})

	t.Run("a_write_inside_one_sector_reads_and_writes_it_whole", func(t *testing.T) {
		k, p := boot(t)
		ram := devfs.Of(k).RAM
		fd := open(t, p, "/dev/ram0", vfs.O_RDWR)
		_, err := p.Pwrite(fd, []byte("hello"), 100)
		require.NoError(t, err)
		st := ram.Stats()
		require.EqualValues(t, 1, st.LastWrite)
		require.EqualValues(t, 1, st.LastRMW)
		buf := make([]byte, 5)
		_, err = p.Pread(fd, buf, 100)
		require.NoError(t, err)
		require.Equal(t, "hello", string(buf))
	})

	t.Run("an_aligned_write_of_whole_sectors_reads_nothing", func(t *testing.T) {
		k, p := boot(t)
		ram := devfs.Of(k).RAM
		fd := open(t, p, "/dev/ram0", vfs.O_RDWR)
		_, err := p.Pwrite(fd, make([]byte, 2048), 1024)
		require.NoError(t, err)
		st := ram.Stats()
		require.EqualValues(t, 4, st.LastWrite)
		require.EqualValues(t, 0, st.LastRMW)
	})

	t.Run("an_unaligned_write_across_sectors_reads_both_ends", func(t *testing.T) {
		k, p := boot(t)
		ram := devfs.Of(k).RAM
		fd := open(t, p, "/dev/ram0", vfs.O_RDWR)
		_, err := p.Pwrite(fd, []byte(strings.Repeat("x", 1024)), 500)
		require.NoError(t, err)
		st := ram.Stats()
		require.EqualValues(t, 3, st.LastWrite, "bytes 500..1523 touch sectors 0, 1 and 2")
		require.EqualValues(t, 2, st.LastRMW, "sector 1 is covered whole")
		// The bytes around the write are still there.
		_, err = p.Pwrite(fd, []byte("AB"), 498)
		require.NoError(t, err)
		buf := make([]byte, 6)
		_, err = p.Pread(fd, buf, 497)
		require.NoError(t, err)
		require.Equal(t, "\x00ABxxx", string(buf))
	})

	t.Run("reads_stop_at_the_end_and_writes_there_are_ENOSPC", func(t *testing.T) {
		_, p := boot(t)
		fd := open(t, p, "/dev/ram0", vfs.O_RDWR)
		end, err := p.Seek(fd, 0, vfs.SEEK_END)
		require.NoError(t, err)
		require.EqualValues(t, 4<<20, end)
		n, err := p.Read(fd, make([]byte, 10))
		require.NoError(t, err)
		require.Zero(t, n)
		_, err = p.Write(fd, []byte("x"))
		requireErrno(t, err, vfs.ENOSPC)
		n, err = p.Pwrite(fd, []byte("abcd"), end-2)
		require.NoError(t, err)
		require.Equal(t, 2, n, "cut at the end of the disk")
		_, err = p.Seek(fd, -1, vfs.SEEK_SET)
		requireErrno(t, err, vfs.EINVAL)
	})

	t.Run("the_size_is_set_at_registration", func(t *testing.T) {
		d := devfs.NewRAMDisk(1000)
		require.EqualValues(t, 512, d.Size(), "rounded down to whole sectors")
	})

	t.Run("a_node_in_tmpfs_reaches_the_same_disk", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.Mknod("/tmp/disk", vfs.S_IFBLK|0o600, int(vfs.Mkdev(1, 0))))
		a := open(t, p, "/dev/ram0", vfs.O_RDWR)
		b := open(t, p, "/tmp/disk", vfs.O_RDONLY)
		write(t, p, a, "shared")
		require.Equal(t, "shared", read(t, p, b, 6))
	})

	t.Run("stat_shows_a_block_device_of_size_0", func(t *testing.T) {
		_, p := boot(t)
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/dev/ram0", &st))
		require.EqualValues(t, vfs.S_IFBLK|0o660, st.Mode)
		require.EqualValues(t, vfs.Mkdev(1, 0), st.Rdev)
		require.Zero(t, st.Size)
		require.EqualValues(t, 6, st.Gid)
	})
}

// TestRAMDiskMmap against mmap(2) of a block device: a shared mapping
// and read(2)/write(2) see each other, a private one is a copy.
func TestRAMDiskMmap(t *testing.T) {
	_, p := boot(t)
	fd := open(t, p, "/dev/ram0", vfs.O_RDWR)
	_, err := p.Pwrite(fd, []byte("before"), 4096)
	require.NoError(t, err)
	priv, err := p.Mmap(fd, 4096, 4096, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_PRIVATE)
	require.NoError(t, err)
	shared, err := p.Mmap(fd, 4096, 8192, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
	require.NoError(t, err)
	require.Equal(t, "before", string(shared[:6]))
	copy(shared[100:], "stored")
	buf := make([]byte, 6)
	_, err = p.Pread(fd, buf, 4096+100)
	require.NoError(t, err)
	require.Equal(t, "stored", string(buf), "a store through the mapping is read(2)'s")
	_, err = p.Pwrite(fd, []byte("after"), 4096+5000)
	require.NoError(t, err)
	require.Equal(t, "after", string(shared[5000:5005]), "a write(2) shows through the mapping")
	copy(priv, "mine")
	_, err = p.Pread(fd, buf[:4], 4096)
	require.NoError(t, err)
	require.Equal(t, "befo", string(buf[:4]), "a private mapping is a copy")
	require.NoError(t, p.Munmap(shared))
	require.NoError(t, p.Munmap(priv))
	_, err = p.Mmap(fd, 4<<20-4096, 8192, vfs.PROT_READ, vfs.MAP_SHARED)
	requireErrno(t, err, vfs.ENXIO, "past the end of the disk")
}
