package vfs_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// A GenFile's opens share recycled SeqFiles and buffers; each must still
// read its own snapshot.
func TestSeqFile(t *testing.T) {
	t.Run("a_snapshot_outlives_the_opens_that_recycle_buffers_after_it", func(t *testing.T) {
		_, p, root := bootMiniproc(t)
		root.knob = 7
		fd, err := p.Open("/mp/knob", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		for i := range 100 {
			root.knob = 1000 + i
			require.Equal(t, strconv.Itoa(1000+i)+"\n", readFile(t, p, "/mp/knob"))
		}
		require.Equal(t, "7\n", readAll(t, p, fd))
		require.NoError(t, p.Close(fd))
	})

	t.Run("a_File_kept_past_its_last_reference_reads_EBADF_not_the_next_open", func(t *testing.T) {
		_, p, root := bootMiniproc(t)
		root.knob = 7
		fd, err := p.Open("/mp/knob", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		f := vfs.FileForTest(p, fd)
		f.DecRef()
		require.NoError(t, p.Close(fd)) // the last reference: released
		root.knob = 8
		other, err := p.Open("/mp/knob", vfs.O_RDONLY, 0) // may get f's SeqFile
		require.NoError(t, err)
		_, err = vfs.ReadForTest(f, make([]byte, 16))
		requireErrno(t, err, vfs.EBADF)
		require.Equal(t, "8\n", readAll(t, p, other))
		require.NoError(t, p.Close(other))
	})
}
