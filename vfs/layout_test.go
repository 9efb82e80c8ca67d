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
			require.Zero(t, open%128, "open bits start a pair of lines")
			require.False(t, lines[open/128], "two tables' bits on one pair of lines")
			lines[open/128] = true
		}
	})
	t.Run("mount_counts_off_the_pair_of_lines_every_walk_reads", func(t *testing.T) {
		// Every walk reads a mount's first line; every open writes a
		// shard. Each shard's counter is on a pair of lines of its own.
		require.EqualValues(t, 128, unsafe.Offsetof(Mount{}.refs))
		// Mounts come from the 2304-byte size class, whose objects
		// start on a pair of lines (2304 = 18 × 128).
		require.Greater(t, unsafe.Sizeof(Mount{}), uintptr(2048))
		require.LessOrEqual(t, unsafe.Sizeof(Mount{}), uintptr(2304))
		var m Mount
		base := uintptr(unsafe.Pointer(&m))
		pairs := map[uintptr]bool{0: true}
		for i := range m.refs.shards {
			pair := (uintptr(unsafe.Pointer(&m.refs.shards[i].n)) - base) / 128
			require.False(t, pairs[pair], "shard %d shares a pair of lines", i)
			pairs[pair] = true
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
