package tmpfs

import (
	"math"
	"slices"

	"github.com/govfs/govfs/vfs"
)

// regular is a regular file. Its data lives in pages indexed by page
// number, allocated on first write: a file with a byte at 1 TiB holds
// one page, and the holes read as zeros. The inode lock guards pages
// together with the size, so an O_APPEND write finds the end and writes
// there in one step.
type regular struct {
	vfs.Inode
	pages pageTable
}

var (
	_ vfs.FileOperations = (*regular)(nil)
	_ vfs.Truncater      = (*regular)(nil)
	_ vfs.Fallocater     = (*regular)(nil)
	_ vfs.Getattrer      = (*regular)(nil)
	_ vfs.Seeker         = (*regular)(nil)
	_ vfs.Evicter        = (*regular)(nil)
)

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
	if end > f.SizeLocked() {
		f.SetSizeLocked(end)
	}
	f.TouchLocked("mc")
	*off = end
	return done, nil
}

// pageLocked returns page idx for writing, allocating it against the
// size limit; a fallocated page becomes data.
func (f *regular) pageLocked(idx int64) (*page, error) {
	if pg := f.pages.get(idx); pg != nil {
		f.pages.written(idx)
		return pg, nil
	}
	if err := f.super().reserve(1, 0); err != nil {
		return nil, err
	}
	pg := getPage()
	f.pages.add(idx, pg)
	return pg, nil
}

// Truncate changes the size; pages past the end go, and the tail of the
// last page is zeroed so that growing again reads zeros.
func (f *regular) Truncate(size int64) error {
	f.Lock()
	defer f.Unlock()
	old := f.SizeLocked()
	if size < old {
		f.punchLocked(size, math.MaxInt64) // every page past the new end, whole or in part
	}
	f.SetSizeLocked(size)
	f.TouchLocked("mc")
	return nil
}

// punchLocked frees whole pages in [from, to) and zeroes partial ones.
func (f *regular) punchLocked(from, to int64) {
	var freed int64
	for _, idx := range f.pages.indices() {
		start, end := idx*pageSize, (idx+1)*pageSize
		switch {
		case end <= from || start >= to:
		case start >= from && end <= to:
			f.pages.remove(idx)
			freed++
		default:
			pg := f.pages.get(idx)
			clear(pg[max(from, start)-start : min(to, end)-start])
		}
	}
	if freed > 0 {
		f.super().reserve(-freed, 0)
	}
}

// Fallocate reserves pages (mode 0 or KEEP_SIZE) or punches a hole
// (PUNCH_HOLE|KEEP_SIZE); tmpfs does not do the other modes.
func (f *regular) Fallocate(mode uint32, off, length int64) error {
	f.Lock()
	defer f.Unlock()
	end := off + length
	switch mode {
	case 0, vfs.FALLOC_FL_KEEP_SIZE:
		var need int64
		for idx := off / pageSize; idx*pageSize < end; idx++ {
			if f.pages.get(idx) == nil {
				need++
			}
		}
		if err := f.super().reserve(need, 0); err != nil {
			return err
		}
		for idx := off / pageSize; idx*pageSize < end; idx++ {
			if f.pages.get(idx) == nil {
				f.pages.add(idx, getPage())
				f.pages.markUnwritten(idx)
			}
		}
		if mode == 0 && end > f.SizeLocked() {
			f.SetSizeLocked(end)
		}
		f.TouchLocked("mc")
	case vfs.FALLOC_FL_PUNCH_HOLE | vfs.FALLOC_FL_KEEP_SIZE:
		f.punchLocked(off, end)
		f.TouchLocked("mc")
	default:
		return vfs.EOPNOTSUPP
	}
	return nil
}

// Getattr reports the pages held, in 512-byte blocks; the VFS holds
// the inode lock, which guards the pages.
func (f *regular) Getattr(st *vfs.Stat_t) {
	st.Blocks = int64(f.pages.len()) * (pageSize / 512)
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
	if err == nil {
		file.SetPos(pos)
	}
	return pos, err
}

func (f *regular) seekDataLocked(off, size int64, data bool) (int64, error) {
	if off < 0 || off >= size {
		return 0, vfs.ENXIO
	}
	// Data is a page that was written; a fallocated one is still a hole.
	idxs := slices.DeleteFunc(f.pages.indices(), func(i int64) bool { return !f.pages.hasData(i) })
	for idx := off / pageSize; idx*pageSize < size; idx++ {
		_, present := slices.BinarySearch(idxs, idx)
		if present == data {
			return max(off, idx*pageSize), nil
		}
		if data {
			// jump to the next present page
			i, _ := slices.BinarySearch(idxs, idx)
			if i == len(idxs) {
				break
			}
			idx = idxs[i] - 1
		}
	}
	if data {
		return 0, vfs.ENXIO
	}
	return size, nil
}

// Evict gives the pages and the inode back to the instance.
func (f *regular) Evict() {
	f.Lock()
	n := int64(f.pages.len())
	f.pages.reset()
	f.Unlock()
	f.super().reserve(-n, -1)
}
