package vfs

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestLayoutKeepsHotCountsOffReadLines checks the cache-line layout the
// type docs promise: the lock-free walk reads a dentry's first line,
// opens and closes write its count on the second, and the size is a
// size class whose objects start on a line.
func TestLayoutKeepsHotCountsOffReadLines(t *testing.T) {
	t.Run("dentry_refs_on_their_own_line", func(t *testing.T) {
		require.EqualValues(t, 128, unsafe.Sizeof(Dentry{}))
		require.EqualValues(t, 64, unsafe.Offsetof(Dentry{}.refs))
	})
	t.Run("file_fits_its_96_byte_size_class", func(t *testing.T) {
		require.LessOrEqual(t, unsafe.Sizeof(File{}), uintptr(96))
	})
}
