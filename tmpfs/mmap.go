package tmpfs

import (
	"github.com/govfs/govfs/vfs"
)

// mmap of a tmpfs file (shmem_mmap).
//
// A shared mapping must be one contiguous []byte that is the file's
// data, but the file keeps its data in separate 4 KiB pages. So the
// first shared mapping of a range of pages makes a region: one array
// covering those pages (and as many again past them, so that a file
// that grows can be mapped further), into which the pages that hold
// data are copied, and whose 4 KiB parts then become the file's pages
// in the page table. From then on the region's memory is the file's
// for those page indices: a write that allocates a page in the range
// gets its part of the region, and no page of the file is ever given
// to another file (markMapped), so a slice can alias nothing but this
// file. A mapping is a subslice of a region; mappings of the same range
// share it. A region goes when its last mapping does (its pages stay
// in the table as ordinary pages).
//
// The model, against Linux:
//   - Faults. Every page of a region below the end of the file holds
//     data, as if each had been faulted in (MAP_POPULATE): mapping a
//     sparse file, or extending a mapped one, charges the pages at once
//     (statfs shows them), and fallocated pages in a region are data to
//     SEEK_DATA. If the instance is full the mmap is ENOMEM; Linux
//     would map and send SIGBUS on the first touch.
//   - Past the end. Bytes of a mapping past the end of the file read
//     as zeros and what is stored there does not reach the file (Linux:
//     SIGBUS). Truncating below a mapping zeroes the pages it frees, so
//     the mapping then reads zeros there; a later extension brings the
//     pages back zeroed, as Linux's truncate unmaps them and a later
//     fault finds new zeroed pages. A store made between the two is
//     lost, where Linux would have sent SIGBUS.
//   - Holes punched in a region read as zeros and hold data again at
//     once (charged), where Linux frees them until the next touch.
//   - A later shared mapping that reaches past a live region's end, or
//     overlaps its start, cannot be made contiguous with it: ENOMEM.
//     Map the largest range first.
//   - Memory. A region's room past the pages it was made for is Go
//     memory that size= does not count until the file has pages there
//     (Linux reserves only address space); a private mapping's copy is
//     never charged, as Linux charges copied pages to the process, not
//     to the tmpfs (the holes it reads get pages in the file, below).
//   - MAP_PRIVATE copies the bytes at the time of the call, giving the
//     holes under it pages as the read faults of Linux would: later
//     changes to the file never show (POSIX leaves it unspecified;
//     Linux shows them until the page is first written).
//   - What is faulted. Linux gives a hole a page at the first touch of
//     it through a mapping. Here a mapping that can be read or written
//     is faulted in whole at mmap, as if every page had been touched
//     (one never touched leaves holes on Linux); one that can be
//     neither (PROT_NONE, or PROT_EXEC or unknown bits alone) is a copy,
//     shared or not, and leaves the file as it was, as a mapping nothing
//     touches does: its holes stay holes to SEEK_DATA and st_blocks. A
//     store through it does not reach the file (Linux: SIGSEGV); a
//     PROT_EXEC mapping with MAP_POPULATE, which Linux faults in,
//     faults nothing here.

var (
	_ vfs.Mmaper   = (*regular)(nil)
	_ vfs.Unmapper = (*regular)(nil)
)

// maxRegionPages bounds the room a region keeps to grow into: 1 GiB,
// the longest mapping the VFS makes.
const maxRegionPages = 1 << 30 / pageSize

// region is a run of page indices [start, start+len(mem)/pageSize) at
// one contiguous address.
type region struct {
	start int64
	mem   []byte
	users int // live mappings of it
}

func (r *region) end() int64 { return r.start + int64(len(r.mem)/pageSize) }

// page returns the part of the region that is page idx.
func (r *region) page(idx int64) *page {
	o := (idx - r.start) * pageSize
	return (*page)(r.mem[o : o+pageSize])
}

// mmapState is a file's regions and the mappings of them, keyed by the
// first byte of each slice (two mappings of one page share a key).
// The inode lock guards it; a file that was never mapped shared has
// none, so that a regular stays in its 192-byte size class.
type mmapState struct {
	regions []*region
	users   map[*byte]*region
}

// Mmap maps length bytes at off: a subslice of a region if shared and
// touchable, a copy otherwise.
func (f *regular) Mmap(file *vfs.File, off int64, length int, shared bool, prot int) ([]byte, error) {
	touchable := prot&(vfs.PROT_READ|vfs.PROT_WRITE) != 0 // see "What is faulted" above
	f.Lock()
	defer f.Unlock()
	if !shared || !touchable {
		// Linux's read faults give a private mapping's holes pages in the
		// file (shmem_fault); mapping is when we fault, as for shared. A
		// mapping nothing can touch faults nothing.
		first, end := off/pageSize, min(pagesTo(off+int64(length)), pagesTo(f.SizeLocked()))
		for idx := first; touchable && idx < end; idx++ {
			if _, err := f.pageLocked(idx); err != nil {
				break // a full instance: Linux's fault would SIGBUS
			}
		}
		b := make([]byte, length)
		f.copyOutLocked(b, off)
		return b, nil
	}
	first := off / pageSize
	end := first + int64((length+pageSize-1)/pageSize)
	if f.mm == nil {
		f.mm = new(mmapState)
	}
	r, err := f.regionLocked(first, end)
	if err != nil {
		return nil, err
	}
	if err := f.populateLocked(first, end); err != nil {
		f.putRegionLocked(r)
		return nil, vfs.ENOMEM
	}
	o := (first - r.start) * pageSize
	b := r.mem[o : o+int64(length) : o+int64(length)]
	if f.mm.users == nil {
		f.mm.users = make(map[*byte]*region)
	}
	f.mm.users[&b[0]] = r
	return b, nil
}

// Unmap lets a shared mapping's region go with its last mapping.
func (f *regular) Unmap(file *vfs.File, b []byte) {
	f.Lock()
	defer f.Unlock()
	if f.mm == nil {
		return // a private copy
	}
	if r := f.mm.users[&b[0]]; r != nil { // nil: a private copy
		f.putRegionLocked(r)
	}
}

// putRegionLocked drops one mapping of r, and r with the last. A key of
// users names the region its byte is in, so it stays while r lives,
// whichever of the mappings with that key goes first.
func (f *regular) putRegionLocked(r *region) {
	r.users--
	if r.users > 0 {
		return
	}
	for i, x := range f.mm.regions {
		if x == r {
			f.mm.regions = append(f.mm.regions[:i], f.mm.regions[i+1:]...)
			break
		}
	}
	for k, x := range f.mm.users {
		if x == r {
			delete(f.mm.users, k)
		}
	}
}

// regionLocked returns, with one more user, a region holding the pages
// [first, end): one that does, or a new one, which ends before the next
// region. One in the way is ENOMEM.
func (f *regular) regionLocked(first, end int64) (*region, error) {
	for _, r := range f.mm.regions {
		if r.start <= first && end <= r.end() {
			r.users++
			return r, nil
		}
		if r.start < end && first < r.end() {
			return nil, vfs.ENOMEM // see the top of the file
		}
	}
	n := max(min(2*(end-first), maxRegionPages), end-first) // room to grow into
	for _, r := range f.mm.regions {
		if r.start >= end {
			n = min(n, r.start-first)
		}
	}
	r := &region{start: first, mem: make([]byte, n*pageSize), users: 1}
	f.pages.markMapped()
	for _, idx := range f.pages.dataIn(r.start, r.end()-1) {
		pg := r.page(idx)
		*pg = *f.pages.get(idx)
		f.pages.replace(idx, pg)
	}
	f.mm.regions = append(f.mm.regions, r)
	return r, nil
}

// regionOf returns the region holding page idx, if any.
func (f *regular) regionOf(idx int64) *region {
	if f.mm == nil {
		return nil
	}
	for _, r := range f.mm.regions {
		if r.start <= idx && idx < r.end() {
			return r
		}
	}
	return nil
}

// newPageLocked returns zeroed memory for a new page idx: its part of a
// region, or a page from the pool.
func (f *regular) newPageLocked(idx int64) *page {
	if r := f.regionOf(idx); r != nil {
		pg := r.page(idx)
		clear(pg[:])
		return pg
	}
	return getPage()
}

// populateLocked gives every page of a region in [first, end) that lies
// below the end of the file its memory, so a store through a mapping
// is the file's data ("faulting it in"). ENOSPC if the instance is full.
func (f *regular) populateLocked(first, end int64) error {
	if f.mm == nil || len(f.mm.regions) == 0 {
		return nil
	}
	end = min(end, pagesTo(f.SizeLocked()))
	for _, r := range f.mm.regions { // only the regions' pages: a write at 1 TiB is not a 2^28-page loop
		for idx := max(first, r.start); idx < min(end, r.end()); idx++ {
			if f.pages.get(idx) != nil {
				continue
			}
			if _, err := f.pageLocked(idx); err != nil {
				return err
			}
		}
	}
	return nil
}

// pagesTo is the number of pages holding bytes [0, n): n rounded up to
// pages without overflowing, for n up to a file of 2^63-1 bytes.
func pagesTo(n int64) int64 {
	if n <= 0 {
		return 0
	}
	return (n-1)/pageSize + 1
}

// populateBytesLocked is populateLocked over the pages holding the
// bytes [from, to); the callers that change sizes or punch holes call
// it, and ignore a full instance as Linux's fault would SIGBUS later.
func (f *regular) populateBytesLocked(from, to int64) {
	if f.mm != nil && len(f.mm.regions) != 0 && from < to {
		f.populateLocked(from/pageSize, (to-1)/pageSize+1)
	}
}

// copyOutLocked copies the file's bytes at off into b, zeros past the
// end of the file and in holes.
func (f *regular) copyOutLocked(b []byte, off int64) {
	size := f.SizeLocked()
	for done := 0; done < len(b) && off+int64(done) < size; {
		pos := off + int64(done)
		idx, in := pos/pageSize, int(pos%pageSize)
		chunk := int(min(int64(min(len(b)-done, pageSize-in)), size-pos))
		if pg := f.pages.get(idx); pg != nil {
			copy(b[done:done+chunk], pg[in:])
		}
		done += chunk
	}
}

// replace puts pg at idx, which holds a page.
func (t *pageTable) replace(idx int64, pg *page) {
	if idx == 0 {
		t.first = pg
		return
	}
	m := t.more
	if idx <= int64(len(m.dense)) {
		m.dense[idx-1] = pg
	} else {
		m.sparse[idx] = pg
	}
}
