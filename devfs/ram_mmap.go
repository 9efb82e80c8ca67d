package devfs

import "github.com/govfs/govfs/vfs"

// Mmap maps the disk, as blkdev_mmap does through the page cache. A
// shared mapping must alias the sectors that read(2) and write(2) use,
// so the first one moves the whole disk into one array and points every
// sector into it (the disk then holds all its memory, as brd does once
// every sector was written); a private one is a copy. A range past the
// end of the disk is ENXIO (POSIX's answer; Linux maps it and delivers
// SIGBUS on access, which a slice cannot).
func (o ramOps) Mmap(_ *vfs.File, off int64, length int, shared bool, _ int) ([]byte, error) {
	d := o.d
	if off < 0 || off+int64(length) > d.size {
		return nil, vfs.ENXIO
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if !shared {
		b := make([]byte, length)
		d.copyOutLocked(b, off)
		return b, nil
	}
	if d.flat == nil {
		flat := make([]byte, d.size)
		for s, p := range d.sectors {
			copy(flat[s*SectorSize:], p[:])
		}
		for s := int64(0); s < d.size/SectorSize; s++ {
			d.sectors[s] = (*[SectorSize]byte)(flat[s*SectorSize:])
		}
		d.flat = flat
	}
	return d.flat[off : off+int64(length) : off+int64(length)], nil
}

// copyOutLocked copies the disk's bytes at off into b, not counted as
// sector reads (a page fault is not a read(2)).
func (d *RAMDisk) copyOutLocked(b []byte, off int64) {
	for n := 0; n < len(b); {
		s, in := (off+int64(n))/SectorSize, (off+int64(n))%SectorSize
		if p := d.sectors[s]; p != nil {
			n += copy(b[n:], p[in:])
		} else {
			n += copy(b[n:], make([]byte, SectorSize-in))
		}
	}
}
