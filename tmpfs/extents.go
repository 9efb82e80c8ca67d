package tmpfs

import (
	"slices"
	"sort"
)

// extent is the page range [start, end).
type extent struct{ start, end int64 }

// extents is a set of page indices kept as sorted, disjoint ranges that
// do not touch, so a set of 2^50 pages is one range. tmpfs keeps the
// fallocated pages that were never written in one (see pageTable).
type extents struct {
	r []extent
	n int64 // pages in the set
}

// len returns how many pages the set holds.
func (e *extents) len() int64 { return e.n }

// after returns the index of the first range that ends after idx.
func (e *extents) after(idx int64) int {
	return sort.Search(len(e.r), func(i int) bool { return e.r[i].end > idx })
}

// count returns how many pages of [start, end) are in the set.
func (e *extents) count(start, end int64) int64 {
	var n int64
	for i := e.after(start); i < len(e.r) && e.r[i].start < end; i++ {
		n += min(end, e.r[i].end) - max(start, e.r[i].start)
	}
	return n
}

// union adds the sorted, disjoint ranges add to the set in one merge,
// so that adding the many gaps between written pages is linear.
func (e *extents) union(add []extent) {
	if len(add) == 0 {
		return
	}
	out := make([]extent, 0, len(e.r)+len(add))
	var n int64
	for i, j := 0, 0; i < len(e.r) || j < len(add); {
		var x extent
		if j == len(add) || i < len(e.r) && e.r[i].start < add[j].start {
			x, i = e.r[i], i+1
		} else {
			x, j = add[j], j+1
		}
		if last := len(out) - 1; last >= 0 && x.start <= out[last].end {
			if x.end > out[last].end {
				n += x.end - out[last].end
				out[last].end = x.end
			}
			continue
		}
		out = append(out, x)
		n += x.end - x.start
	}
	e.r, e.n = out, n
}

// remove takes [start, end) out of the set and returns how many pages
// of it the set held.
func (e *extents) remove(start, end int64) int64 {
	i := e.after(start)
	j := i
	var n int64
	for j < len(e.r) && e.r[j].start < end {
		n += min(end, e.r[j].end) - max(start, e.r[j].start)
		j++
	}
	if n == 0 {
		return 0
	}
	var keep [2]extent
	k := 0
	if e.r[i].start < start {
		keep[k] = extent{e.r[i].start, start}
		k++
	}
	if e.r[j-1].end > end {
		keep[k] = extent{end, e.r[j-1].end}
		k++
	}
	e.r = slices.Replace(e.r, i, j, keep[:k]...)
	e.n -= n
	if e.n == 0 {
		e.r = nil
	}
	return n
}

// take removes the part of the set in [start, end) and returns it.
func (e *extents) take(start, end int64) []extent {
	var out []extent
	for i := e.after(start); i < len(e.r) && e.r[i].start < end; i++ {
		out = append(out, extent{max(start, e.r[i].start), min(end, e.r[i].end)})
	}
	e.remove(start, end)
	return out
}

// minus returns the parts of the sorted, disjoint ranges in that are
// not in the set.
func (e *extents) minus(in []extent) []extent {
	var out []extent
	for _, x := range in {
		for i := e.after(x.start); i < len(e.r) && e.r[i].start < x.end && x.start < x.end; i++ {
			if e.r[i].start > x.start {
				out = append(out, extent{x.start, e.r[i].start})
			}
			x.start = e.r[i].end
		}
		if x.start < x.end {
			out = append(out, x)
		}
	}
	return out
}

// next returns the first index at or after idx in the set.
func (e *extents) next(idx int64) (int64, bool) {
	if i := e.after(idx); i < len(e.r) {
		return max(idx, e.r[i].start), true
	}
	return 0, false
}
