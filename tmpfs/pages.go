package tmpfs

import (
	"maps"
	"slices"
	"sync"
)

const pageSize = 4096

type page [pageSize]byte

// pagePool recycles the pages of truncated and deleted files: a tmpfs
// that creates and removes files at a high rate allocates nothing.
var pagePool = sync.Pool{New: func() any { return new(page) }}

func getPage() *page {
	pg := pagePool.Get().(*page)
	clear(pg[:])
	return pg
}

// pageTable maps page indices to pages (the page cache of one file).
// Page 0 is held inline, so an empty or small file costs one pointer;
// the others live in more, made on first use. Files written front to
// back — nearly all of them — keep those in a slice; a page far past
// the others (a pwrite at 1 TiB) goes to a map, so a sparse file costs
// what it holds.
type pageTable struct {
	first *page
	more  *morePages
}

type morePages struct {
	dense     []*page // pages 1, 2, ... at dense[idx-1]
	sparse    map[int64]*page
	count     int
	unwritten map[int64]bool // fallocated pages never written: holes to SEEK_DATA
}

// markUnwritten records that page idx was allocated but not written
// (a page that is not PageUptodate).
func (t *pageTable) markUnwritten(idx int64) {
	if t.more == nil {
		t.more = new(morePages)
	}
	if t.more.unwritten == nil {
		t.more.unwritten = make(map[int64]bool)
	}
	t.more.unwritten[idx] = true
}

// written records that page idx now holds data.
func (t *pageTable) written(idx int64) {
	if t.more != nil && t.more.unwritten != nil {
		delete(t.more.unwritten, idx)
	}
}

// hasData reports whether page idx exists and was written.
func (t *pageTable) hasData(idx int64) bool {
	return t.get(idx) != nil && (t.more == nil || !t.more.unwritten[idx])
}

func (t *pageTable) get(idx int64) *page {
	if idx == 0 {
		return t.first
	}
	m := t.more
	if m == nil {
		return nil
	}
	if idx-1 < int64(len(m.dense)) {
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
	if t.more == nil {
		t.more = new(morePages)
	}
	m := t.more
	m.count++
	i := idx - 1
	switch {
	case i < int64(len(m.dense)):
		m.dense[i] = pg
	case i < int64(len(m.dense))*2+16: // not far past the slice: extend it
		m.dense = append(m.dense, make([]*page, i+1-int64(len(m.dense)))...)
		m.dense[i] = pg
	default:
		if m.sparse == nil {
			m.sparse = make(map[int64]*page)
		}
		m.sparse[idx] = pg
	}
}

// remove drops the page at idx back into the pool.
func (t *pageTable) remove(idx int64) {
	var pg *page
	switch m := t.more; {
	case idx == 0:
		pg, t.first = t.first, nil
	case m == nil:
	case idx-1 < int64(len(m.dense)):
		pg, m.dense[idx-1] = m.dense[idx-1], nil
	default:
		pg = m.sparse[idx]
		delete(m.sparse, idx)
	}
	if pg == nil {
		return
	}
	if idx != 0 {
		t.more.count--
	}
	t.written(idx)
	pagePool.Put(pg)
}

// len returns how many pages the file holds.
func (t *pageTable) len() int {
	n := 0
	if t.first != nil {
		n++
	}
	if t.more != nil {
		n += t.more.count
	}
	return n
}

// indices returns the indices that hold pages, in order.
func (t *pageTable) indices() []int64 {
	idxs := make([]int64, 0, t.len())
	if t.first != nil {
		idxs = append(idxs, 0)
	}
	if m := t.more; m != nil {
		for i, pg := range m.dense {
			if pg != nil {
				idxs = append(idxs, int64(i)+1)
			}
		}
		idxs = append(idxs, slices.Sorted(maps.Keys(m.sparse))...)
	}
	return idxs
}

// reset gives every page back.
func (t *pageTable) reset() {
	if t.first != nil {
		pagePool.Put(t.first)
	}
	if m := t.more; m != nil {
		for _, pg := range m.dense {
			if pg != nil {
				pagePool.Put(pg)
			}
		}
		for _, pg := range m.sparse {
			pagePool.Put(pg)
		}
	}
	*t = pageTable{}
}
