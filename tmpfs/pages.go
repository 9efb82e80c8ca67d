package tmpfs

import (
	"math"
	"slices"
	"sync"
)

const pageSize = 4096

type page [pageSize]byte

// pagePool recycles the pages that leave files: a tmpfs that creates
// and removes files at a high rate allocates nothing. Without it each
// file's first write costs a fresh 4 KiB that the GC frees, the runtime
// gives back to the OS and the next write faults in again, 5x the time
// of BenchmarkCreateWriteUnlink.
var pagePool = sync.Pool{New: func() any { return new(page) }}

func getPage() *page {
	pg := pagePool.Get().(*page)
	clear(pg[:])
	return pg
}

// pageTable is the page cache of one file: the pages that hold data and
// the ones fallocate reserved that nobody wrote yet. The inode lock
// guards it.
//
// Page 0 is held inline, so an empty or small file costs one pointer;
// the others live in more, made on first use. Files written front to
// back — nearly all of them — keep those in a slice; a page far past
// the others (a pwrite at 1 TiB) goes to a map, so a sparse file costs
// what it holds. The slice grows only to about twice the pages the
// file holds, so scattered pages cannot make it huge.
//
// A page's memory is stable: it is allocated when the page is first
// written and stays at the same address for as long as the file holds
// that page; the table moves pointers between the slice and the map,
// never page contents. A page that leaves the file (truncate, hole
// punch, the last unlink) goes back to pagePool for another file,
// unless the file's pages may be aliased (markMapped): then it is left
// to the garbage collector, so that an alias can never show another
// file's data or another page of the same file.
type pageTable struct {
	first *page
	more  *morePages
}

// morePages holds pages 1 and up. Every key of sparse is past the slice
// (> len(dense)), so a page is in exactly one place, the one get looks
// in: when the slice grows over a key of the map, that page moves into
// the slice. An index is in at most one of: the slice or the map,
// unwritten, zeroed.
type morePages struct {
	dense  []*page // pages 1, 2, ... at dense[idx-1]; dense[len:cap] are nil
	sparse map[int64]*page
	count  int64 // pages in dense and sparse

	// unwritten are pages fallocate reserved and nobody wrote: charged
	// to the instance and counted in st_blocks, but holding no memory,
	// so fallocating 2^62 bytes on an unlimited tmpfs costs one extent,
	// not 2^50 pages. They read as zeros and are holes to SEEK_DATA,
	// like shmem's fallocated pages that are not yet uptodate. A write
	// gives such a page its memory.
	unwritten extents
	// zeroed are unwritten pages that a later fallocate covered again:
	// shmem then makes the page uptodate ("lest undo on failure cancel
	// our earlier guarantee"), so it is data of zeros to SEEK_DATA.
	// They hold no memory either until written.
	zeroed extents

	mapped bool // see markMapped
}

// markMapped records that []byte aliases of the file's pages may exist
// (mmap's mapping_mapped): from now on no page of the file is recycled.
func (t *pageTable) markMapped() { t.moreLocked().mapped = true }

// release gives a page that left the table back to the pool if nothing
// can alias it; one a mapping may alias is zeroed instead, so that the
// mapping reads zeros where the file has no data any more.
func (t *pageTable) release(pg *page) {
	if t.more == nil || !t.more.mapped {
		pagePool.Put(pg)
		return
	}
	clear(pg[:])
}

func (t *pageTable) get(idx int64) *page {
	if idx == 0 {
		return t.first
	}
	m := t.more
	if m == nil {
		return nil
	}
	if idx <= int64(len(m.dense)) {
		return m.dense[idx-1]
	}
	return m.sparse[idx]
}

// add stores a new page at idx, which holds none.
func (t *pageTable) add(idx int64, pg *page) {
	if idx == 0 {
		t.first = pg
		return
	}
	m := t.moreLocked()
	switch {
	case idx <= int64(len(m.dense)):
		m.dense[idx-1] = pg
	case idx <= 2*m.count+16: // not far past the pages held: grow the slice
		m.grow(idx)
		m.dense[idx-1] = pg
	default:
		if m.sparse == nil {
			m.sparse = make(map[int64]*page)
		}
		m.sparse[idx] = pg
	}
	m.count++
}

func (t *pageTable) moreLocked() *morePages {
	if t.more == nil {
		t.more = new(morePages)
	}
	return t.more
}

// grow makes the slice n long and moves into it the pages of the map
// it now covers; leaving them in the map would hide them from get.
func (m *morePages) grow(n int64) {
	old := int64(len(m.dense))
	m.dense = slices.Grow(m.dense, int(n-old))[:n]
	if len(m.sparse) == 0 {
		return
	}
	if n-old < int64(len(m.sparse)) {
		for idx := old + 1; idx <= n; idx++ {
			if pg, ok := m.sparse[idx]; ok {
				m.dense[idx-1] = pg
				delete(m.sparse, idx)
			}
		}
	} else {
		for idx, pg := range m.sparse {
			if idx <= n {
				m.dense[idx-1] = pg
				delete(m.sparse, idx)
			}
		}
	}
	if len(m.sparse) == 0 {
		m.sparse = nil
	}
}

// claimUnwritten takes idx out of the unwritten or zeroed pages,
// reporting whether it was one: a write to it is already paid for.
func (t *pageTable) claimUnwritten(idx int64) bool {
	return t.more != nil && (t.more.unwritten.remove(idx, idx+1) == 1 || t.more.zeroed.remove(idx, idx+1) == 1)
}

// dataPages returns how many pages hold data.
func (t *pageTable) dataPages() int64 {
	var n int64
	if t.first != nil {
		n++
	}
	if t.more != nil {
		n += t.more.count
	}
	return n
}

// held returns the pages charged to the file: with data or unwritten.
func (t *pageTable) held() int64 {
	n := t.dataPages()
	if t.more != nil {
		n += t.more.unwritten.len() + t.more.zeroed.len()
	}
	return n
}

// dataIn returns the indices in [first, last] that hold data, in order.
func (t *pageTable) dataIn(first, last int64) []int64 {
	var idxs []int64
	if first == 0 && t.first != nil {
		idxs = append(idxs, 0)
	}
	m := t.more
	if m == nil {
		return idxs
	}
	for idx := max(first, 1); idx <= min(last, int64(len(m.dense))); idx++ {
		if m.dense[idx-1] != nil {
			idxs = append(idxs, idx)
		}
	}
	n := len(idxs)
	for idx := range m.sparse {
		if first <= idx && idx <= last {
			idxs = append(idxs, idx)
		}
	}
	slices.Sort(idxs[n:]) // the map's keys are all past the slice's
	return idxs
}

// fallocate charges s for the pages in [first, last] that hold
// nothing and makes them unwritten; the ones that were unwritten become
// zeroed. If s is out of space it leaves what shmem_fallocate leaves:
// that allocates page by page and stops at the first it cannot charge,
// having made the unwritten pages before that one uptodate on the way.
func (t *pageTable) fallocate(first, last int64, s *super) error {
	holes := t.holesIn(first, last)
	var need int64
	for _, h := range holes {
		need += h.end - h.start
	}
	err := s.reserve(need, 0)
	upto := last + 1
	if err != nil {
		upto = nth(holes, s.free()) // the hole it would have failed at
	}
	m := t.moreLocked()
	m.zeroed.union(m.unwritten.take(first, upto))
	if err != nil {
		return err
	}
	m.unwritten.union(holes)
	return nil
}

// holesIn returns the ranges of [first, last] that hold nothing: no
// data, not unwritten, not zeroed.
func (t *pageTable) holesIn(first, last int64) []extent {
	idxs := t.dataIn(first, last)
	gaps := make([]extent, 0, len(idxs)+1)
	next := first
	for _, idx := range idxs {
		if idx > next {
			gaps = append(gaps, extent{next, idx})
		}
		next = idx + 1
	}
	if next <= last {
		gaps = append(gaps, extent{next, last + 1})
	}
	if m := t.more; m != nil {
		gaps = m.unwritten.minus(m.zeroed.minus(gaps))
	}
	return gaps
}

// nth returns the index of page n (from 0) of the sorted ranges rs, or
// the end of the last range if they hold no more.
func nth(rs []extent, n int64) int64 {
	for _, r := range rs {
		if n < r.end-r.start {
			return r.start + n
		}
		n -= r.end - r.start
	}
	if len(rs) == 0 {
		return 0
	}
	return rs[len(rs)-1].end
}

// removeRange drops every page in [first, last], with data or
// unwritten, and returns how many there were.
func (t *pageTable) removeRange(first, last int64) int64 {
	var n int64
	if first == 0 && t.first != nil {
		t.release(t.first)
		t.first = nil
		n++
	}
	m := t.more
	if m == nil {
		return n
	}
	var freed int64
	for idx := max(first, 1); idx <= min(last, int64(len(m.dense))); idx++ {
		if pg := m.dense[idx-1]; pg != nil {
			t.release(pg)
			m.dense[idx-1] = nil
			freed++
		}
	}
	for len(m.dense) > 0 && m.dense[len(m.dense)-1] == nil {
		m.dense = m.dense[:len(m.dense)-1]
	}
	if last-first < int64(len(m.sparse)) {
		for idx := first; idx <= last; idx++ {
			if pg, ok := m.sparse[idx]; ok {
				t.release(pg)
				delete(m.sparse, idx)
				freed++
			}
		}
	} else {
		for idx, pg := range m.sparse {
			if first <= idx && idx <= last {
				t.release(pg)
				delete(m.sparse, idx)
				freed++
			}
		}
	}
	m.count -= freed
	n += freed + m.unwritten.remove(first, last+1) + m.zeroed.remove(first, last+1)
	if m.count == 0 && m.unwritten.len() == 0 && m.zeroed.len() == 0 && !m.mapped {
		t.more = nil // an emptied file costs what an empty one does
	}
	return n
}

// nextData returns the first index at or after idx that holds data,
// zeroed pages included.
func (t *pageTable) nextData(idx int64) (int64, bool) {
	if idx == 0 && t.first != nil {
		return 0, true
	}
	m := t.more
	if m == nil {
		return 0, false
	}
	next, ok := m.zeroed.next(idx)
	for i := max(idx, 1); i <= int64(len(m.dense)) && (!ok || i < next); i++ {
		if m.dense[i-1] != nil {
			return i, true
		}
	}
	for i := range m.sparse {
		if i >= idx && (!ok || i < next) {
			next, ok = i, true
		}
	}
	return next, ok
}

// nextHole returns the first index at or after idx that holds no data.
func (t *pageTable) nextHole(idx int64) int64 {
	for {
		if t.get(idx) != nil {
			idx++
		} else if t.more != nil && t.more.zeroed.count(idx, idx+1) == 1 {
			idx = t.more.zeroed.r[t.more.zeroed.after(idx)].end
		} else {
			return idx
		}
	}
}

// reset drops every page and returns how many were charged.
func (t *pageTable) reset() int64 {
	n := t.held()
	t.removeRange(0, maxPageIndex)
	*t = pageTable{}
	return n
}

// maxPageIndex is the page that holds the largest file offset.
const maxPageIndex = math.MaxInt64 / pageSize
