package devfs_test

import (
	"slices"
	"testing"

	"github.com/govfs/govfs/devfs"
	"github.com/govfs/govfs/vfs"
	"github.com/stretchr/testify/require"
)

func TestDevListing(t *testing.T) {
	_, p := boot(t)
	fd, err := p.Open("/dev", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err)
	buf := make([]byte, 4096)
	n, err := p.Getdents(fd, buf)
	require.NoError(t, err)
	_, _, names := vfs.ParseDirent(buf[:n], -1, nil)
	slices.Sort(names) // the order of a directory is the filesystem's
	require.Equal(t, []string{"console", "fd", "full", "nst0", "null", "poll", "ptmx", "pts", "ram0", "random", "st0", "stderr", "stdin", "stdout", "tty", "urandom", "zero"}, names)
}

func TestDevNodes(t *testing.T) {
	t.Run("stat_fields_are_Linux's", func(t *testing.T) {
		_, p := boot(t)
		for _, c := range []struct {
			path         string
			mode         uint32
			major, minor uint32
			gid          uint32
		}{
			{"/dev/null", vfs.S_IFCHR | 0o666, 1, 3, 0}, {"/dev/zero", vfs.S_IFCHR | 0o666, 1, 5, 0},
			{"/dev/full", vfs.S_IFCHR | 0o666, 1, 7, 0}, {"/dev/random", vfs.S_IFCHR | 0o666, 1, 8, 0},
			{"/dev/urandom", vfs.S_IFCHR | 0o666, 1, 9, 0}, {"/dev/tty", vfs.S_IFCHR | 0o666, 5, 0, 0},
			{"/dev/console", vfs.S_IFCHR | 0o600, 5, 1, 0}, {"/dev/ram0", vfs.S_IFBLK | 0o660, 1, 0, 6},
			{"/dev/st0", vfs.S_IFCHR | 0o660, 9, 0, 26}, {"/dev/nst0", vfs.S_IFCHR | 0o660, 9, 128, 26},
		} {
			var st vfs.Stat_t
			require.NoError(t, p.Stat(c.path, &st))
			require.Equal(t, c.mode, st.Mode, c.path)
			require.Equal(t, vfs.Mkdev(c.major, c.minor), st.Rdev, c.path)
			require.Zero(t, st.Size, c.path)
			require.Zero(t, st.Uid, c.path)
			require.Equal(t, c.gid, st.Gid, c.path)
		}
		buf := make([]byte, 64)
		n, err := p.Readlink("/dev/stderr", buf)
		require.NoError(t, err)
		require.Equal(t, "/proc/self/fd/2", string(buf[:n]))
	})

	t.Run("chmod_of_a_dev_node_lasts_and_governs_the_open", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.Chmod("/dev/null", 0o600))
		user := forkAs(t, p, 1000, 1000)
		_, err := user.Open("/dev/null", vfs.O_WRONLY, 0)
		requireErrno(t, err, vfs.EACCES)
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/dev/null", &st))
		require.EqualValues(t, vfs.S_IFCHR|0o600, st.Mode)
		require.NoError(t, p.Chown("/dev/null", 1000, 1000))
		fd, err := user.Open("/dev/null", vfs.O_WRONLY, 0)
		require.NoError(t, err)
		require.NoError(t, user.Close(fd))
	})

	t.Run("dev_takes_new_names_as_a_tmpfs", func(t *testing.T) {
		// devtmpfs is a tmpfs on Linux: root makes files, directories,
		// links and nodes in /dev, and the new node reaches its driver.
		_, p := boot(t)
		require.NoError(t, p.Mknod("/dev/null2", vfs.S_IFCHR|0o666, int(vfs.Mkdev(1, 3))))
		fd := open(t, p, "/dev/null2", vfs.O_RDWR)
		write(t, p, fd, "gone")
		require.Equal(t, "", read(t, p, fd, 8))
		require.NoError(t, p.Close(fd))
		require.NoError(t, p.Mkdir("/dev/pts2", 0o755))
		require.NoError(t, p.Symlink("null2", "/dev/pts2/l"))
		fd = open(t, p, "/dev/newfile", vfs.O_CREAT|vfs.O_WRONLY)
		write(t, p, fd, "data")
		require.NoError(t, p.Close(fd))
		require.NoError(t, p.Rename("/dev/newfile", "/dev/pts2/f"))
		require.NoError(t, p.Unlink("/dev/null"))
		_, err := p.Open("/dev/null", vfs.O_RDONLY, 0)
		requireErrno(t, err, vfs.ENOENT)
		user := forkAs(t, p, 1000, 1000)
		_, err = user.Open("/dev/userfile", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
		requireErrno(t, err, vfs.EACCES, "/dev is 0755 root")
	})

	t.Run("mount_options_reconfigure_the_one_instance", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.Mkdir("/tmp/dev2", 0o755))
		requireErrno(t, p.Mount("devtmpfs", "/tmp/dev2", "devtmpfs", 0, "size=lots"), vfs.EINVAL)
		require.NoError(t, p.Mount("devtmpfs", "/tmp/dev2", "devtmpfs", 0, "size=1m"))
		var sf vfs.Statfs_t
		require.NoError(t, p.Statfs("/dev", &sf))
		require.EqualValues(t, 256, sf.Blocks, "/dev shows the size given to the other mount")
	})

	t.Run("a_driver_any_package_registers_gets_a_node", func(t *testing.T) {
		k, p := boot(t)
		require.NoError(t, k.RegisterCharDevice(vfs.Device{Name: "widget", Major: 60, Count: 2, Driver: widget{}}))
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/dev/widget1", &st))
		require.EqualValues(t, vfs.S_IFCHR|0o600, st.Mode)
		require.Equal(t, vfs.Mkdev(60, 1), st.Rdev)
		require.NoError(t, devfs.Of(k).AddNode(devfs.Node{Name: "gadget", Mode: vfs.S_IFCHR | 0o644, Rdev: vfs.Mkdev(61, 0)}))
		_, err := p.Open("/dev/gadget", vfs.O_RDONLY, 0)
		requireErrno(t, err, vfs.ENXIO, "a node without a driver")
		requireErrno(t, devfs.Of(k).AddNode(devfs.Node{Name: "null", Mode: vfs.S_IFCHR}), vfs.EEXIST)
		requireErrno(t, devfs.Of(k).AddNode(devfs.Node{Name: "a/b", Mode: vfs.S_IFCHR}), vfs.EINVAL)
	})

	t.Run("devtmpfs_mounted_twice_is_one_tree", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.Mkdir("/tmp/dev2", 0o755))
		require.NoError(t, p.Mount("devtmpfs", "/tmp/dev2", "devtmpfs", 0, ""))
		var a, b vfs.Stat_t
		require.NoError(t, p.Stat("/dev/zero", &a))
		require.NoError(t, p.Stat("/tmp/dev2/zero", &b))
		require.Equal(t, a.Ino, b.Ino)
		require.Equal(t, a.Dev, b.Dev)
		var sf vfs.Statfs_t
		require.NoError(t, p.Statfs("/dev", &sf))
		require.EqualValues(t, vfs.TMPFS_MAGIC, sf.Type)
	})
}

// widget is the smallest driver: /dev/null's operations.
type widget struct{}

func (widget) OpenSpecial(*vfs.File, *vfs.Process) (vfs.FileOperations, error) { return widget{}, nil }
func (widget) Read(*vfs.File, []byte, *int64) (int, error)                     { return 0, nil }
func (widget) Write(_ *vfs.File, b []byte, _ *int64) (int, error)              { return len(b), nil }
