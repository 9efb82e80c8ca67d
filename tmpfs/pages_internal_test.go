package tmpfs

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestPageTableStable checks the promise pageTable's doc makes for
// mmap: a page keeps its memory while the file holds it, wherever the
// table keeps it (inline, slice, map) and whatever happens around it;
// the syscalls cannot see this, so it looks at the table itself.
func TestPageTableStable(t *testing.T) {
	var tb pageTable
	pages := map[int64]*page{}
	put := func(idx int64) {
		pg := new(page)
		pg[0] = byte(idx)
		tb.add(idx, pg)
		pages[idx] = pg
	}
	requireSame := func(step string) {
		t.Helper()
		for idx, pg := range pages {
			require.Same(t, pg, tb.get(idx), "page %d after %s", idx, step)
		}
		require.Equal(t, int64(len(pages)), tb.dataPages(), step)
	}

	put(0)
	put(40) // far past the others: the map
	require.Contains(t, tb.more.sparse, int64(40))
	requireSame("a far page")
	for idx := int64(1); idx <= 20; idx++ {
		put(idx)
	}
	require.Contains(t, tb.more.sparse, int64(40))
	put(41) // the slice grows over 40
	require.Empty(t, tb.more.sparse, "the slice took the map's page")
	requireSame("the slice grew over the far page")

	put(1 << 30)
	require.NoError(t, tb.fallocate(51, 60, &super{}))
	require.Contains(t, tb.more.sparse, int64(1<<30))
	require.Equal(t, int64(2), tb.removeRange(20, 20)+tb.removeRange(60, 60))
	delete(pages, 20)
	requireSame("a punch around them")
	for idx := int64(1); idx < 100; idx++ { // front to back, through the fallocated pages
		if tb.get(idx) == nil {
			tb.claimUnwritten(idx)
			put(idx)
		}
	}
	requireSame("filling the holes")
	require.Equal(t, int64(len(pages)), tb.held(), "no page left unwritten")
}

// TestPageTableMapped checks that a page of a file marked mapped is
// never handed to another file: it does not go back to the pool.
func TestPageTableMapped(t *testing.T) {
	var tb pageTable
	tb.markMapped()
	gone := map[*page]bool{}
	for idx := range int64(20) {
		pg := getPage()
		tb.add(idx, pg)
		gone[pg] = true
	}
	tb.add(1<<30, getPage())
	gone[tb.get(1<<30)] = true
	require.Equal(t, int64(10), tb.removeRange(10, 19))
	require.Equal(t, int64(11), tb.reset())
	for range 1000 {
		pg := getPage()
		require.False(t, gone[pg], "a page of a mapped file was recycled")
	}
}

// TestRegularIsLineAligned checks regular's padding: 192 bytes is a
// size class whose objects start on a cache line, so one file's inode
// lock never shares a line with another file.
func TestRegularIsLineAligned(t *testing.T) {
	require.EqualValues(t, 192, unsafe.Sizeof(regular{}))
}
