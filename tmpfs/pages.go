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
// Files written front to back — nearly all of them — keep their pages in
// a slice; a page far past the others (a pwrite at 1 TiB) goes to a
// map, so a sparse file costs what it holds.
type pageTable struct {
	dense  []*page
	sparse map[int64]*page
	count  int
}

// denseLimit decides whether idx may extend the slice: it may if it is
// not far past what the slice covers.
func (t *pageTable) denseOK(idx int64) bool {
	return idx < int64(len(t.dense))*2+16
}

func (t *pageTable) get(idx int64) *page {
	if idx < int64(len(t.dense)) {
		return t.dense[idx]
	}
	return t.sparse[idx]
}

// add stores a new page at idx, which holds none.
func (t *pageTable) add(idx int64, pg *page) {
	t.count++
	if idx < int64(len(t.dense)) {
		t.dense[idx] = pg
		return
	}
	if t.denseOK(idx) {
		t.dense = append(t.dense, make([]*page, idx+1-int64(len(t.dense)))...)
		t.dense[idx] = pg
		return
	}
	if t.sparse == nil {
		t.sparse = make(map[int64]*page)
	}
	t.sparse[idx] = pg
}

// remove drops the page at idx back into the pool.
func (t *pageTable) remove(idx int64) {
	var pg *page
	if idx < int64(len(t.dense)) {
		pg, t.dense[idx] = t.dense[idx], nil
	} else {
		pg = t.sparse[idx]
		delete(t.sparse, idx)
	}
	if pg != nil {
		t.count--
		pagePool.Put(pg)
	}
}

// indices returns the indices that hold pages, in order.
func (t *pageTable) indices() []int64 {
	idxs := make([]int64, 0, t.count)
	for i, pg := range t.dense {
		if pg != nil {
			idxs = append(idxs, int64(i))
		}
	}
	return append(idxs, slices.Sorted(maps.Keys(t.sparse))...)
}

// reset gives every page back.
func (t *pageTable) reset() {
	for _, pg := range t.dense {
		if pg != nil {
			pagePool.Put(pg)
		}
	}
	for _, pg := range t.sparse {
		pagePool.Put(pg)
	}
	*t = pageTable{}
}
