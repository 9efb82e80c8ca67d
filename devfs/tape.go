package devfs

import (
	"sync"

	"github.com/govfs/govfs/vfs"
)

// Tape is a tape drive (drivers/scsi/st.c, st(4)): a sequence of files
// separated by file marks, read and written only at the head. st0 (9:0)
// rewinds when it is closed; nst0 (9:128) leaves the head where it is,
// so `cp /dev/nst0 a; cp /dev/nst0 b` copies two consecutive files.
//
//	file 0 data │mark│ file 1 data │mark│ end of data
//	            ▲ a read reaching a mark returns 0 and leaves the
//	              head after it, at the start of the next file
//
// Writing anywhere ends the recorded data there, as on a real tape. A
// close after a write writes a file mark. The drive has one user at a
// time: a second open is EBUSY.
type Tape struct {
	capacity int64

	mu      sync.Mutex
	files   []tapeFile
	fileno  int   // the head: file number ...
	pos     int64 // ... and byte offset in that file
	eodRead int   // reads that met the end of data in a row
	used    int64 // bytes of data on the tape
	open    bool
}

type tapeFile struct {
	data []byte
	mark bool // followed by a file mark
}

const defaultTapeSize = 1 << 20

// Generic status bits of MtGet.Gstat (linux/mtio.h).
const (
	gmtEOF    = 0x80000000
	gmtBOT    = 0x40000000
	gmtEOD    = 0x08000000
	gmtOnline = 0x01000000
	mtISSCSI2 = 0x72
)

// NewTape makes an empty tape that holds capacity bytes of data.
func NewTape(capacity int64) *Tape { return &Tape{capacity: capacity} }

// Files returns the number of files on the tape and the head's file.
func (t *Tape) Files() (n, head int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.files), t.fileno
}

func (t *Tape) read(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.fileno >= len(t.files) || !t.files[t.fileno].mark && t.pos >= int64(len(t.files[t.fileno].data)) {
		// End of data: two reads return 0, the third EIO (st(4)).
		t.eodRead++
		if t.eodRead > 2 {
			return 0, vfs.EIO
		}
		return 0, nil
	}
	t.eodRead = 0
	f := &t.files[t.fileno]
	if t.pos >= int64(len(f.data)) { // at the mark: step over it
		t.fileno, t.pos = t.fileno+1, 0
		return 0, nil
	}
	n := copy(b, f.data[t.pos:])
	t.pos += int64(n)
	return n, nil
}

// truncateLocked ends the recorded data at the head.
func (t *Tape) truncateLocked() {
	if t.fileno >= len(t.files) {
		t.files = append(t.files, tapeFile{})
	}
	t.files = t.files[:t.fileno+1]
	f := &t.files[t.fileno]
	f.data, f.mark = f.data[:t.pos:t.pos], false
	t.used = 0
	for _, x := range t.files {
		t.used += int64(len(x.data))
	}
}

func (t *Tape) write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.truncateLocked()
	t.eodRead = 0
	n := int(min(int64(len(b)), t.capacity-t.used))
	if n == 0 && len(b) > 0 {
		return 0, vfs.ENOSPC // end of medium
	}
	f := &t.files[t.fileno]
	f.data = append(f.data, b[:n]...)
	t.pos += int64(n)
	t.used += int64(n)
	return n, nil
}

// weofLocked writes count file marks at the head (MTWEOF).
func (t *Tape) weofLocked(count int) {
	t.truncateLocked()
	for i := 0; i < count; i++ {
		if i > 0 {
			t.files = append(t.files, tapeFile{})
		}
		t.files[len(t.files)-1].mark = true
		t.fileno, t.pos = len(t.files), 0
	}
}

// op performs one MTIOCTOP.
func (t *Tape) op(o *vfs.MtOp) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	count := int(o.Count)
	t.eodRead = 0
	switch o.Op {
	case vfs.MTREW, vfs.MTOFFL, vfs.MTRESET:
		t.fileno, t.pos = 0, 0
	case vfs.MTNOP:
	case vfs.MTWEOF:
		if count < 0 {
			return vfs.EINVAL
		}
		t.weofLocked(count)
	case vfs.MTFSF:
		if count < 0 {
			return t.bsfLocked(-count)
		}
		for range count {
			if t.fileno >= len(t.files) || !t.files[t.fileno].mark {
				t.eomLocked()
				return vfs.EIO // spaced into the end of data
			}
			t.fileno, t.pos = t.fileno+1, 0
		}
	case vfs.MTBSF:
		if count < 0 {
			return t.op(&vfs.MtOp{Op: vfs.MTFSF, Count: -o.Count})
		}
		return t.bsfLocked(count)
	case vfs.MTEOM:
		t.eomLocked()
	case vfs.MTERASE:
		t.files, t.fileno, t.pos, t.used = nil, 0, 0, 0
	default:
		return vfs.ENOSYS // st_int_ioctl's answer to an unknown operation
	}
	return nil
}

// bsfLocked spaces back over count marks: the head ends before the
// last one crossed, at the end of the file it closes.
func (t *Tape) bsfLocked(count int) error {
	if count == 0 {
		return nil
	}
	if t.fileno-count < 0 {
		t.fileno, t.pos = 0, 0
		return vfs.EIO // hit the beginning of the tape
	}
	t.fileno -= count
	t.pos = int64(len(t.files[t.fileno].data))
	return nil
}

// eomLocked moves the head to the end of the recorded data.
func (t *Tape) eomLocked() {
	n := len(t.files)
	if n > 0 && !t.files[n-1].mark {
		t.fileno, t.pos = n-1, int64(len(t.files[n-1].data))
		return
	}
	t.fileno, t.pos = n, 0
}

func (t *Tape) status(g *vfs.MtGet) {
	t.mu.Lock()
	defer t.mu.Unlock()
	*g = vfs.MtGet{Type: mtISSCSI2, Fileno: int32(t.fileno), Blkno: int32(t.pos / SectorSize)}
	g.Gstat = gmtOnline
	switch {
	case t.fileno == 0 && t.pos == 0:
		g.Gstat |= gmtBOT
	case t.pos == 0:
		g.Gstat |= gmtEOF
	}
	if t.fileno >= len(t.files) {
		g.Gstat |= gmtEOD
	}
}

// tapeOps is an open tape; rewind says whether close rewinds (st0).
type tapeOps struct {
	t      *Tape
	rewind bool
	mu     sync.Mutex
	wrote  bool // the last operation was a write: close writes a mark
}

func (o *tapeOps) Read(_ *vfs.File, b []byte, _ *int64) (int, error) {
	o.setWrote(false)
	return o.t.read(b)
}

func (o *tapeOps) Write(_ *vfs.File, b []byte, _ *int64) (int, error) {
	n, err := o.t.write(b)
	o.setWrote(n > 0)
	return n, err
}

func (o *tapeOps) setWrote(v bool) {
	o.mu.Lock()
	o.wrote = v
	o.mu.Unlock()
}

// Seek is noop_llseek: the offset never moves from 0.
func (o *tapeOps) Seek(f *vfs.File, _ int64, _ int) (int64, error) { return f.Pos(), nil }

func (o *tapeOps) Ioctl(_ *vfs.File, _ *vfs.Process, req uint, arg any) (int, error) {
	switch req {
	case vfs.MTIOCTOP:
		m, err := vfs.IoctlArg[vfs.MtOp](arg)
		if err != nil {
			return -1, err
		}
		o.setWrote(false)
		if err := o.t.op(m); err != nil {
			return -1, err
		}
	case vfs.MTIOCGET:
		g, err := vfs.IoctlArg[vfs.MtGet](arg)
		if err != nil {
			return -1, err
		}
		o.t.status(g)
	default:
		return -1, vfs.ENOTTY
	}
	return 0, nil
}

// Release is st_release: a mark after a write, a rewind for st0, and
// the drive is free again.
func (o *tapeOps) Release(*vfs.File) {
	o.mu.Lock()
	wrote := o.wrote
	o.mu.Unlock()
	t := o.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if wrote {
		t.weofLocked(1)
	}
	if o.rewind {
		t.fileno, t.pos = 0, 0
	}
	t.eodRead = 0
	t.open = false
}

type tapeDriver struct{ t *Tape }

// OpenSpecial opens minor 0 (st0, rewinding) or 128 (nst0).
func (d tapeDriver) OpenSpecial(f *vfs.File, _ *vfs.Process) (vfs.FileOperations, error) {
	minor := vfs.Minor(f.Inode().Rdev())
	if minor&^128 != 0 {
		return nil, vfs.ENXIO // only one drive
	}
	d.t.mu.Lock()
	defer d.t.mu.Unlock()
	if d.t.open {
		return nil, vfs.EBUSY
	}
	d.t.open = true
	return &tapeOps{t: d.t, rewind: minor&128 == 0}, nil
}

func registerTape(k *vfs.Kernel, fs *FS) error {
	if err := k.RegisterCharDevice(vfs.Device{Name: "st", Major: 9, Minor: 0, Count: 256, Driver: tapeDriver{fs.Tape}}); err != nil {
		return err
	}
	if err := fs.AddNode(Node{Name: "st0", Mode: vfs.S_IFCHR | 0o660, Gid: tapeGid, Rdev: vfs.Mkdev(9, 0)}); err != nil {
		return err
	}
	return fs.AddNode(Node{Name: "nst0", Mode: vfs.S_IFCHR | 0o660, Gid: tapeGid, Rdev: vfs.Mkdev(9, 128)})
}
