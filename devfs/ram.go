package devfs

import (
	"sync"

	"github.com/govfs/govfs/vfs"
)

// RAMDisk is ram0 (block 1:0, drivers/block/brd.c): a disk made of
// 512-byte sectors in memory. A disk reads and writes whole sectors
// only, so a write that covers part of a sector must first read the
// sector, change the part and write it all back: the read-modify-write
// that Linux's page cache exists to hide (and to batch). This driver
// has no cache, so every read(2) and write(2) goes to the sectors, and
// Stats counts what each one cost.
type RAMDisk struct {
	size int64 // bytes, a multiple of SectorSize

	mu      sync.Mutex
	sectors map[int64]*[SectorSize]byte // absent: never written, zeros
	flat    []byte                      // the whole disk, once shared-mapped (ram_mmap.go)
	stats   RAMStats
}

// SectorSize is the RAM disk's logical and physical sector size.
const SectorSize = 512

const defaultRAMSize = 4 << 20 // brd's rd_size default: 4096 KiB

// RAMStats counts sector transfers since the disk was made.
type RAMStats struct {
	SectorsRead    int64 // sectors read, by read(2) or by a read-modify-write
	SectorsWritten int64 // sectors written
	RMW            int64 // sectors a write covered only in part, so read first
	LastWrite      int64 // sectors the last write(2) touched
	LastRMW        int64 // of those, how many it had to read first
}

// NewRAMDisk makes a disk of size bytes, rounded down to whole sectors.
func NewRAMDisk(size int64) *RAMDisk {
	return &RAMDisk{size: max(0, size) &^ (SectorSize - 1), sectors: make(map[int64]*[SectorSize]byte)}
}

// Size returns the disk's size in bytes.
func (d *RAMDisk) Size() int64 { return d.size }

// Stats returns the transfer counts.
func (d *RAMDisk) Stats() RAMStats {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stats
}

// readAt reads whole sectors; the bytes past the end of the disk read as
// end of file, as a block device's do.
func (d *RAMDisk) readAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, vfs.EINVAL
	}
	if off >= d.size {
		return 0, nil
	}
	b = b[:min(int64(len(b)), d.size-off)]
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for n < len(b) {
		s, in := (off+int64(n))/SectorSize, (off+int64(n))%SectorSize
		var sec [SectorSize]byte
		if p := d.sectors[s]; p != nil {
			sec = *p
		}
		d.stats.SectorsRead++
		n += copy(b[n:], sec[in:])
	}
	return n, nil
}

// writeAt writes through whole sectors: a sector the write covers only
// in part is read, patched and written back. At the end of the disk a
// write is cut short; one that starts there is ENOSPC (blkdev_write_iter).
func (d *RAMDisk) writeAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, vfs.EINVAL
	}
	if off >= d.size {
		if len(b) == 0 {
			return 0, nil
		}
		return 0, vfs.ENOSPC
	}
	b = b[:min(int64(len(b)), d.size-off)]
	d.mu.Lock()
	defer d.mu.Unlock()
	var touched, rmw int64
	n := 0
	for n < len(b) {
		s, in := (off+int64(n))/SectorSize, (off+int64(n))%SectorSize
		var sec [SectorSize]byte
		part := in != 0 || len(b)-n < SectorSize
		if part { // read the sector first
			if p := d.sectors[s]; p != nil {
				sec = *p
			}
			d.stats.SectorsRead++
			rmw++
		}
		n += copy(sec[in:], b[n:])
		if p := d.sectors[s]; p != nil {
			*p = sec // in place: a shared mapping may alias it
		} else {
			d.sectors[s] = &sec
		}
		d.stats.SectorsWritten++
		touched++
	}
	d.stats.RMW += rmw
	d.stats.LastWrite, d.stats.LastRMW = touched, rmw
	return n, nil
}

// ramOps is an open ram0: a seekable file of the disk's size.
type ramOps struct{ d *RAMDisk }

// DirectIO lets the disk be opened O_DIRECT, as blkdev_open does. The
// alignment a real block device asks of direct I/O is not checked.
func (ramOps) DirectIO() {}

func (o ramOps) Read(_ *vfs.File, b []byte, off *int64) (int, error) {
	n, err := o.d.readAt(b, *off)
	*off += int64(n)
	return n, err
}

func (o ramOps) Write(_ *vfs.File, b []byte, off *int64) (int, error) {
	n, err := o.d.writeAt(b, *off)
	*off += int64(n)
	return n, err
}

// Seek is blkdev_llseek: generic_file_llseek over the disk's size.
func (o ramOps) Seek(f *vfs.File, off int64, whence int) (int64, error) {
	pos, err := vfs.GenericSeek(f.Pos(), o.d.size, off, whence)
	if err == nil {
		f.SetPos(pos)
	}
	return pos, err
}

// Ioctl answers the block requests of include/uapi/linux/fs.h.
func (o ramOps) Ioctl(_ *vfs.File, _ *vfs.Process, req uint, arg any) (int, error) {
	switch req {
	case vfs.BLKGETSIZE64, vfs.BLKGETSIZE:
		v, err := vfs.IoctlArg[uint64](arg)
		if err != nil {
			return -1, err
		}
		*v = uint64(o.d.size)
		if req == vfs.BLKGETSIZE {
			*v /= 512
		}
	case vfs.BLKSSZGET:
		v, err := vfs.IoctlArg[int32](arg)
		if err != nil {
			return -1, err
		}
		*v = SectorSize
	default:
		return -1, vfs.ENOTTY
	}
	return 0, nil
}

type ramDriver struct{ d *RAMDisk }

func (r ramDriver) OpenSpecial(*vfs.File, *vfs.Process) (vfs.FileOperations, error) {
	return ramOps{r.d}, nil
}

func registerRAM(k *vfs.Kernel, fs *FS) error {
	if err := k.RegisterBlockDevice(vfs.Device{Name: "ramdisk", Major: 1, Minor: 0, Count: 1, Driver: ramDriver{fs.RAM}}); err != nil {
		return err
	}
	return fs.AddNode(Node{Name: "ram0", Mode: vfs.S_IFBLK | 0o660, Gid: diskGid, Rdev: vfs.Mkdev(1, 0)})
}

// diskGid and tapeGid are the groups udev gives disks and tapes.
const (
	diskGid = 6
	tapeGid = 26
)
