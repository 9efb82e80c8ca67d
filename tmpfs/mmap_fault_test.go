package tmpfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestMmapFaultsWhatItCanTouch: mmap faults in the pages under a
// mapping that can be read or written, and none under one that cannot
// (PROT_NONE, an unknown prot bit): on Linux nothing can touch those, so
// the holes stay holes to SEEK_DATA and st_blocks. Found by the random
// differential: a MAP_PRIVATE PROT_NONE map of a 1-byte sparse file made
// SEEK_DATA 0 where Linux says ENXIO.
func TestMmapFaultsWhatItCanTouch(t *testing.T) {
	for _, tc := range []struct {
		name        string
		prot, flags int
		data        bool // page 0 holds data afterwards
	}{
		{"private_PROT_NONE_leaves_the_hole", vfs.PROT_NONE, vfs.MAP_PRIVATE, false},
		{"shared_PROT_NONE_leaves_the_hole", vfs.PROT_NONE, vfs.MAP_SHARED, false},
		{"private_unknown_prot_bit_leaves_the_hole", 0x100, vfs.MAP_PRIVATE, false},
		{"private_PROT_EXEC_leaves_the_hole", vfs.PROT_EXEC, vfs.MAP_PRIVATE, false},
		{"private_PROT_READ_faults_the_hole_in", vfs.PROT_READ, vfs.MAP_PRIVATE, true},
		{"private_PROT_WRITE_faults_the_hole_in", vfs.PROT_WRITE, vfs.MAP_PRIVATE, true},
		{"shared_PROT_READ_faults_the_hole_in", vfs.PROT_READ, vfs.MAP_SHARED, true},
		{"shared_PROT_WRITE_faults_the_hole_in", vfs.PROT_WRITE, vfs.MAP_SHARED, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := bootTmpfs(t, "")
			fd, err := p.Open("/mnt/f", vfs.O_RDWR|vfs.O_CREAT, 0o644)
			require.NoError(t, err)
			require.NoError(t, p.Ftruncate(fd, 1))
			b, err := p.Mmap(fd, 0, pg, tc.prot, tc.flags)
			require.NoError(t, err)
			require.NoError(t, p.Munmap(b))
			var st vfs.Stat_t
			require.NoError(t, p.Fstat(fd, &st))
			off, err := p.Seek(fd, 0, vfs.SEEK_DATA)
			hole, herr := p.Seek(fd, 0, vfs.SEEK_HOLE)
			require.NoError(t, herr)
			if tc.data {
				require.NoError(t, err)
				require.Zero(t, off)
				require.Equal(t, int64(1), hole)
				require.Equal(t, int64(pg/512), st.Blocks)
				return
			}
			require.ErrorIs(t, err, vfs.ENXIO)
			require.Zero(t, hole)
			require.Zero(t, st.Blocks)
		})
	}
	t.Run("shared_PROT_EXEC_is_a_copy_of_the_data", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, 2)
		b, err := p.Mmap(fd, 0, pg, vfs.PROT_EXEC, vfs.MAP_SHARED)
		require.NoError(t, err)
		require.Equal(t, "aa\x00", string(b[:3]))
		require.NoError(t, p.Munmap(b))
	})
}

// TestMmapOfTheLargestFile: the pages under a mapping of a file of
// 2^63-1 bytes are counted without overflowing, so they are faulted in
// and a store through a shared mapping reaches the file. Found by the
// random differential (seed 8849): the rounded-up size wrapped negative,
// nothing was faulted, and read(2) saw "\x00" where Linux sees "x".
func TestMmapOfTheLargestFile(t *testing.T) {
	for _, flags := range []int{vfs.MAP_SHARED, vfs.MAP_PRIVATE} {
		name := map[int]string{vfs.MAP_SHARED: "shared_store_reaches_the_file", vfs.MAP_PRIVATE: "private_map_faults_the_hole_in"}[flags]
		t.Run(name, func(t *testing.T) {
			p := bootTmpfs(t, "")
			fd, err := p.Open("/mnt/f", vfs.O_RDWR|vfs.O_CREAT, 0o644)
			require.NoError(t, err)
			require.NoError(t, p.Ftruncate(fd, 1<<63-1))
			b, err := p.Mmap(fd, 0, 1, vfs.PROT_READ|vfs.PROT_WRITE, flags)
			require.NoError(t, err)
			b[0] = 'x'
			require.NoError(t, p.Munmap(b))
			off, err := p.Seek(fd, 0, vfs.SEEK_DATA)
			require.NoError(t, err)
			require.Zero(t, off)
			want := map[int]string{vfs.MAP_SHARED: "x", vfs.MAP_PRIVATE: "\x00"}[flags]
			require.Equal(t, want, string(preadAll(t, p, fd, 1, 0)))
		})
	}
}
