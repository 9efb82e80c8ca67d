package tmpfs

import (
	"math"

	"github.com/govfs/govfs/vfs"
)

// regular is a regular file. Its data lives in pages indexed by page
// number, allocated on first write: a file with a byte at 1 TiB holds
// one page, and the holes read as zeros. The inode lock guards pages
// together with the size, so an O_APPEND write finds the end and writes
// there in one step.
//
// The padding makes a regular 192 bytes, a size class whose objects
// start on a cache-line boundary: stat(2) takes the inode's lock, and
// without it the lock of one file shared a line with the page table of
// the file made before it, so two goroutines each stat'ing its own file
// took turns with the line.
type regular struct {
	vfs.Inode
	pages pageTable
	mm    *mmapState // shared mappings (mmap.go); nil until the first mmap
	_     [40]byte
}

var (
	_ vfs.FileOperations = (*regular)(nil)
	_ vfs.Truncater      = (*regular)(nil)
	_ vfs.Fallocater     = (*regular)(nil)
	_ vfs.Getattrer      = (*regular)(nil)
	_ vfs.Seeker         = (*regular)(nil)
	_ vfs.Evicter        = (*regular)(nil)
	_ vfs.DirectIOer     = (*regular)(nil)
)

// DirectIO lets a regular file be opened O_DIRECT, as shmem's open
// does: its direct I/O is the same copy to and from its pages.
func (*regular) DirectIO() {}

func (s *super) newRegular(a vfs.Attr) (*regular, error) {
	if err := s.reserve(0, 1); err != nil {
		return nil, err
	}
	f := &regular{}
	f.Init(s.sb, f, a)
	return f, nil
}

func (f *regular) super() *super { return superOf(&f.Inode) }

// Read copies from the pages, zeros from the holes (shmem_file_read_iter).
func (f *regular) Read(file *vfs.File, dst []byte, off *int64) (int, error) {
	f.Lock()
	pos, size := *off, f.SizeLocked()
	if pos >= size {
		f.Unlock()
		file.Accessed() // even a read at the end, or of nothing, is an access
		return 0, nil
	}
	n := int(min(int64(len(dst)), size-pos))
	for done := 0; done < n; {
		idx, in := (pos+int64(done))/pageSize, int((pos+int64(done))%pageSize)
		chunk := min(n-done, pageSize-in)
		if pg := f.pages.get(idx); pg != nil {
			copy(dst[done:done+chunk], pg[in:])
		} else {
			clear(dst[done : done+chunk])
		}
		done += chunk
	}
	f.Unlock()
	*off = pos + int64(n)
	file.Accessed()
	return n, nil
}

// Write stores into the pages, allocating them as needed; a write that
// runs out of space stops short, or is ENOSPC if it wrote nothing.
func (f *regular) Write(file *vfs.File, src []byte, off *int64) (int, error) {
	f.Lock()
	defer f.Unlock()
	file.Append(off)
	pos := *off
	if pos > math.MaxInt64-int64(len(src)) {
		return 0, vfs.EFBIG
	}
	done := 0
	var err error
	for done < len(src) {
		idx, in := (pos+int64(done))/pageSize, int((pos+int64(done))%pageSize)
		pg, perr := f.pageLocked(idx)
		if perr != nil {
			err = perr
			break
		}
		done += copy(pg[in:], src[done:])
	}
	if done == 0 {
		return 0, err
	}
	end := pos + int64(done)
	if old := f.SizeLocked(); end > old {
		f.SetSizeLocked(end)
		f.populateBytesLocked(old, pos) // the hole a mapping may see
	}
	f.TouchLocked("mc")
	*off = end
	return done, nil
}

// pageLocked returns page idx for writing, allocating it against the
// size limit; a fallocated page was paid for and now gets its memory.
func (f *regular) pageLocked(idx int64) (*page, error) {
	if pg := f.pages.get(idx); pg != nil {
		return pg, nil
	}
	if !f.pages.claimUnwritten(idx) {
		if err := f.super().reserve(1, 0); err != nil {
			return nil, err
		}
	}
	pg := f.newPageLocked(idx)
	f.pages.add(idx, pg)
	return pg, nil
}

// Truncate changes the size; pages past the end go, and the tail of the
// last page is zeroed so that growing again reads zeros. As in
// shmem_setattr, a truncate to the same size also drops the pages
// fallocated past the end with KEEP_SIZE.
func (f *regular) Truncate(size int64) error {
	f.Lock()
	defer f.Unlock()
	old := f.SizeLocked()
	if size <= old {
		f.punchLocked(size, math.MaxInt64) // every page past the new end, whole or in part, fallocated ones too
	}
	f.SetSizeLocked(size)
	f.populateBytesLocked(old, size)
	f.TouchLocked("mc")
	return nil
}

// punchLocked frees the pages wholly inside the bytes [from, last] and
// zeroes the parts of the others that are (shmem_undo_range). last is
// inclusive, as lend is in Linux, so that math.MaxInt64 reaches the top
// page without (idx+1)*pageSize overflowing.
func (f *regular) punchLocked(from, last int64) {
	firstPage, lastPage := from/pageSize, last/pageSize
	wholeFirst, wholeLast := firstPage, lastPage
	if from%pageSize != 0 {
		f.zeroLocked(firstPage, from%pageSize, min(last-firstPage*pageSize, pageSize-1))
		wholeFirst++
	}
	if last%pageSize != pageSize-1 && lastPage >= wholeFirst {
		f.zeroLocked(lastPage, 0, last%pageSize)
		wholeLast--
	}
	if wholeFirst <= wholeLast {
		f.super().reserve(-f.pages.removeRange(wholeFirst, wholeLast), 0)
	}
}

// zeroLocked zeroes bytes [from, to] of page idx if it holds data; an
// unwritten page reads as zeros already.
func (f *regular) zeroLocked(idx, from, to int64) {
	if pg := f.pages.get(idx); pg != nil {
		clear(pg[from : to+1])
	}
}

// Fallocate reserves pages (mode 0 or KEEP_SIZE) or punches a hole
// (PUNCH_HOLE|KEEP_SIZE); tmpfs does not do the other modes. The VFS
// has checked that off+length does not pass the largest file size.
//
// Reserved pages are charged to the instance at once, all or none, and
// hold no memory until written (see morePages.unwritten): Linux
// allocates each page and can take the whole of RAM for a large range
// on an unlimited tmpfs; here the range is one extent, whatever its
// length.
func (f *regular) Fallocate(mode uint32, off, length int64) error {
	f.Lock()
	defer f.Unlock()
	end := off + length
	switch mode {
	case 0, vfs.FALLOC_FL_KEEP_SIZE:
		s := f.super()
		first, last := off/pageSize, (end-1)/pageSize
		if maxp := s.maxPages.Load(); maxp > 0 && last-first+1 > maxp {
			return vfs.ENOSPC // before looking at a page, as shmem_fallocate
		}
		if err := f.pages.fallocate(first, last, s); err != nil {
			return err
		}
		if mode == 0 && end > f.SizeLocked() {
			f.SetSizeLocked(end)
		}
		f.populateBytesLocked(off, end)
		f.TouchLocked("mc")
	case vfs.FALLOC_FL_PUNCH_HOLE | vfs.FALLOC_FL_KEEP_SIZE:
		f.punchLocked(off, end-1)
		f.populateBytesLocked(off, end)
		f.TouchLocked("mc")
	default:
		return vfs.EOPNOTSUPP
	}
	return nil
}

// Getattr reports the pages held, fallocated ones too, in 512-byte
// blocks; the VFS holds the inode lock, which guards the pages.
func (f *regular) Getattr(st *vfs.Stat_t) {
	st.Blocks = f.pages.held() * (pageSize / 512)
}

// Seek is generic lseek plus SEEK_DATA and SEEK_HOLE at page
// granularity (shmem_file_llseek).
func (f *regular) Seek(file *vfs.File, off int64, whence int) (int64, error) {
	f.Lock()
	size := f.SizeLocked()
	var pos int64
	var err error
	switch whence {
	case vfs.SEEK_DATA, vfs.SEEK_HOLE:
		pos, err = f.seekDataLocked(off, size, whence == vfs.SEEK_DATA)
	default:
		pos, err = vfs.GenericSeek(file.Pos(), size, off, whence)
	}
	f.Unlock()
	if err == nil && pos >= 0 { // shmem_file_llseek sets only offsets >= 0
		file.SetPos(pos)
	}
	return pos, err
}

// topPage is the last page a file can have: the one holding byte
// MaxInt64-1. Linux's mapping_seek_hole_data overflows there (the end
// of that page is 2^63), so data in it is invisible to SEEK_DATA, and a
// SEEK_HOLE that runs into it returns -2^63 as an offset; both are
// matched, since the tests compare with that kernel.
const topPage = math.MaxInt64 / pageSize

func (f *regular) seekDataLocked(off, size int64, data bool) (int64, error) {
	if off < 0 || off >= size {
		return 0, vfs.ENXIO
	}
	// Data is a page that was written; a fallocated one is still a hole,
	// and so is the end of the file.
	lastPage := (size - 1) / pageSize
	if data {
		idx, ok := f.pages.nextData(off / pageSize)
		if !ok || idx > lastPage || idx == topPage {
			return 0, vfs.ENXIO
		}
		return max(off, idx*pageSize), nil
	}
	if idx := f.pages.nextHole(off / pageSize); idx <= lastPage {
		return max(off, idx*pageSize), nil
	}
	if lastPage == topPage {
		return math.MinInt64, nil // the scan ran into the top page's data
	}
	return size, nil
}

// Evict gives the pages and the inode back to the instance.
func (f *regular) Evict() {
	f.Lock()
	n := f.pages.reset()
	f.Unlock()
	f.super().reserve(-n, -1)
}
