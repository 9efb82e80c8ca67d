package fusefs_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestBadInput sends the requests the bridge has no govfs call for:
// each fails at once with the host's answer for "not implemented", and
// the mount keeps serving.
func TestBadInput(t *testing.T) {
	_, p, dir := mounted(t, nil)
	require.NoError(t, p.WriteFile("/tmp/f", []byte("data"), 0o644))
	f := filepath.Join(dir, "tmp/f")

	t.Run("xattrs_are_EOPNOTSUPP", func(t *testing.T) {
		require.ErrorIs(t, unix.Setxattr(f, "user.k", []byte("v"), 0), unix.EOPNOTSUPP)
		_, err := unix.Getxattr(f, "user.k", make([]byte, 16))
		require.ErrorIs(t, err, unix.EOPNOTSUPP)
		_, err = unix.Listxattr(f, make([]byte, 16))
		require.ErrorIs(t, err, unix.EOPNOTSUPP)
	})
	t.Run("ioctl_is_ENOTTY", func(t *testing.T) {
		fd, err := unix.Open(f, unix.O_RDONLY, 0)
		require.NoError(t, err)
		defer unix.Close(fd)
		_, err = unix.IoctlGetInt(fd, unix.FS_IOC_GETFLAGS)
		require.ErrorIs(t, err, unix.ENOTTY)
	})
	t.Run("posix_locks_and_seek_data_fall_back_to_the_host", func(t *testing.T) {
		fd, err := unix.Open(f, unix.O_RDWR, 0)
		require.NoError(t, err)
		defer unix.Close(fd)
		require.NoError(t, unix.FcntlFlock(uintptr(fd), unix.F_SETLK, &unix.Flock_t{Type: unix.F_WRLCK}))
		off, err := unix.Seek(fd, 0, unix.SEEK_DATA)
		require.NoError(t, err)
		require.Zero(t, off)
	})
	t.Run("copy_file_range_falls_back_to_read_and_write", func(t *testing.T) {
		out, err := sh(t, dir, "cp tmp/f tmp/copy && cat tmp/copy")
		require.NoError(t, err, out)
		require.Equal(t, "data", out)
	})
	t.Run("a_long_name_is_ENAMETOOLONG", func(t *testing.T) {
		var long [300]byte
		for i := range long {
			long[i] = 'a'
		}
		_, err := os.Create(filepath.Join(dir, "tmp", string(long[:])))
		require.ErrorIs(t, err, syscall.ENAMETOOLONG)
	})
	t.Run("the_mount_still_serves", func(t *testing.T) {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		require.Equal(t, "data", string(b))
	})
}
