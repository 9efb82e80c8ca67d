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
