package tmpfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func TestSparseFile(t *testing.T) {
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	p := k.Init()
	require.NoError(t, p.Mkdir("/mnt", 0o755))
	require.NoError(t, p.Mount("none", "/mnt", "tmpfs", 0, "size=1m"))
	fd, err := p.Open("/mnt/sparse", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	require.NoError(t, err)
	const far = int64(1) << 40

	t.Run("pwrite_at_1TiB_costs_one_page", func(t *testing.T) {
		n, err := p.Pwrite(fd, []byte("x"), far)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		var st vfs.Stat_t
		require.NoError(t, p.Fstat(fd, &st))
		require.Equal(t, far+1, st.Size)
		require.Equal(t, int64(8), st.Blocks, "one 4 KiB page in 512-byte blocks")
		var fs vfs.Statfs_t
		require.NoError(t, p.Fstatfs(fd, &fs))
		require.Equal(t, fs.Blocks-1, fs.Bfree, "the size=1m instance lent one page")
	})
	t.Run("holes_read_as_zeros", func(t *testing.T) {
		buf := []byte("garbage!")
		n, err := p.Pread(fd, buf, far/2)
		require.NoError(t, err)
		require.Equal(t, 8, n)
		require.Equal(t, make([]byte, 8), buf)
		buf = make([]byte, 4)
		n, err = p.Pread(fd, buf, far-2)
		require.NoError(t, err)
		require.Equal(t, "\x00\x00x", string(buf[:n]))
	})
	t.Run("SEEK_DATA_and_SEEK_HOLE_find_the_page", func(t *testing.T) {
		off, err := p.Seek(fd, 0, vfs.SEEK_DATA)
		require.NoError(t, err)
		require.Equal(t, far, off)
		off, err = p.Seek(fd, 0, vfs.SEEK_HOLE)
		require.NoError(t, err)
		require.Equal(t, int64(0), off)
		off, err = p.Seek(fd, far, vfs.SEEK_HOLE)
		require.NoError(t, err)
		require.Equal(t, far+1, off, "the end of the file is a hole")
	})
	t.Run("truncate_frees_the_page", func(t *testing.T) {
		require.NoError(t, p.Ftruncate(fd, 10))
		var st vfs.Stat_t
		require.NoError(t, p.Fstat(fd, &st))
		require.Zero(t, st.Blocks)
		var fs vfs.Statfs_t
		require.NoError(t, p.Fstatfs(fd, &fs))
		require.Equal(t, fs.Blocks, fs.Bfree)
	})
	t.Run("a_write_past_size_limit_is_ENOSPC", func(t *testing.T) {
		n, err := p.Pwrite(fd, make([]byte, 2<<20), 0)
		require.NoError(t, err, "a short write, not an error")
		require.Equal(t, 1<<20, n, "stops where the 1 MiB instance is full")
		_, err = p.Pwrite(fd, []byte("y"), far)
		require.ErrorIs(t, err, vfs.ENOSPC)
	})
}
