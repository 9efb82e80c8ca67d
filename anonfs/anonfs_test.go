package anonfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/anonfs"
	"github.com/govfs/govfs/vfs"
)

// nopOps is an object with nothing in it, for testing the inode side.
type nopOps struct{}

func (nopOps) Read(*vfs.File, []byte, *int64) (int, error)  { return 0, vfs.EINVAL }
func (nopOps) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EINVAL }

func TestAnonInode(t *testing.T) {
	k, err := govfs.Boot()
	require.NoError(t, err)
	defer k.Shutdown()
	p := k.Init()
	fs := anonfs.Of(k)
	require.NotNil(t, fs)

	install := func(name string) int {
		fd, err := p.InstallFD(fs.NewFile(name, vfs.O_RDWR, nopOps{}), false)
		require.NoError(t, err)
		return fd
	}

	t.Run("every_object_shares_one_inode_mode_0600_without_type", func(t *testing.T) {
		a, b := install("[eventfd]"), install("[eventpoll]")
		var sa, sb vfs.Stat_t
		require.NoError(t, p.Fstat(a, &sa))
		require.NoError(t, p.Fstat(b, &sb))
		require.Equal(t, sa.Ino, sb.Ino)
		require.Equal(t, uint32(0o600), sa.Mode)
		require.Equal(t, uint64(1), sa.Nlink)
		require.Equal(t, int64(0), sa.Size)
		require.NoError(t, p.Close(a))
		require.NoError(t, p.Close(b))
		c := install("[timerfd]")
		var sc vfs.Stat_t
		require.NoError(t, p.Fstat(c, &sc))
		require.Equal(t, sa.Ino, sc.Ino, "the shared inode outlives its Files")
		require.NoError(t, p.Close(c))
	})

	t.Run("fd_link_reads_anon_inode_name", func(t *testing.T) {
		fd := install("[eventfd]")
		defer p.Close(fd)
		buf := make([]byte, 64)
		n, err := p.Readlink("/proc/self/fd/"+itoa(fd), buf)
		require.NoError(t, err)
		require.Equal(t, "anon_inode:[eventfd]", string(buf[:n]))
	})

	t.Run("statfs_is_anon_inodefs", func(t *testing.T) {
		fd := install("[eventfd]")
		defer p.Close(fd)
		var st vfs.Statfs_t
		require.NoError(t, p.Fstatfs(fd, &st))
		require.Equal(t, int64(vfs.ANON_INODE_FS_MAGIC), st.Type)
	})

	t.Run("lseek_is_a_noop_and_pread_is_ESPIPE", func(t *testing.T) {
		fd, err := p.InstallFD(fs.NewFile("[eventfd]", vfs.O_RDWR, seekOps{}), false)
		require.NoError(t, err)
		defer p.Close(fd)
		off, err := p.Seek(fd, 10, 0)
		require.NoError(t, err)
		require.Equal(t, int64(0), off)
		_, err = p.Seek(fd, 0, 7)
		require.ErrorIs(t, err, vfs.EINVAL)
		_, err = p.Pread(fd, make([]byte, 8), 0)
		require.ErrorIs(t, err, vfs.ESPIPE)
		_, err = p.Pwrite(fd, make([]byte, 8), 0)
		require.ErrorIs(t, err, vfs.ESPIPE)
	})

	t.Run("mount_is_refused", func(t *testing.T) {
		require.NoError(t, p.Mkdir("/tmp/anon", 0o755))
		require.ErrorIs(t, p.Mount("none", "/tmp/anon", "anon_inodefs", 0, ""), vfs.EINVAL)
	})
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// seekOps is an object that seeks as Linux's anon inodes do.
type seekOps struct {
	nopOps
	anonfs.NoopSeekForTest
}
