package vfs

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestLayoutKeepsHotCountsOffReadLines checks the cache-line layout the
// type docs promise: the lock-free walk reads a dentry's first line,
// opens and closes write its count on the second, and the size is a
// size class whose objects start on a line; the same for Files and the
// fd table, which every open and close writes.
func TestLayoutKeepsHotCountsOffReadLines(t *testing.T) {
	t.Run("dentry_refs_on_their_own_line", func(t *testing.T) {
		require.EqualValues(t, 128, unsafe.Sizeof(Dentry{}))
		require.EqualValues(t, 64, unsafe.Offsetof(Dentry{}.refs))
	})
	t.Run("file_fills_two_whole_lines", func(t *testing.T) {
		// Every open and close writes its File: two Files must not
		// share a line, so the size is the 128-byte class.
		require.EqualValues(t, 128, unsafe.Sizeof(File{}))
	})
	t.Run("fd_bits_of_two_tables_never_share_a_line", func(t *testing.T) {
		// Two processes' tables, made back to back as fork makes them:
		// every open and close writes the open bits.
		var tables []*FDTable
		for range 8 {
			tables = append(tables, newFDTable())
		}
		lines := map[uintptr]bool{}
		for _, tab := range tables {
			c := tab.chunks[0].Load()
			open := uintptr(unsafe.Pointer(&c.open[0]))
			require.Zero(t, open%64, "open bits start a line")
			require.False(t, lines[open/64], "two tables' bits on one line")
			lines[open/64] = true
		}
	})
	t.Run("fd_table_and_chunk_fill_whole_lines", func(t *testing.T) {
		require.EqualValues(t, 192, unsafe.Sizeof(FDTable{}))
		require.EqualValues(t, 128, unsafe.Offsetof(FDTable{}.hint))
		require.EqualValues(t, 128, unsafe.Sizeof(fdChunk{}))
		c := newFDChunk(3)
		require.Zero(t, uintptr(unsafe.Pointer(&c.open[0]))%64)
		require.Zero(t, uintptr(unsafe.Pointer(&c.used[0]))%64)
	})
}
