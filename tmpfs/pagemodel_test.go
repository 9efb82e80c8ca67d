package tmpfs_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The page table against a model: a []byte per file and the state of
// each of its pages, driven by random pwrite, ftruncate, fallocate
// (mode 0, KEEP_SIZE, PUNCH_HOLE|KEEP_SIZE), pread and lseek
// (SEEK_DATA, SEEK_HOLE), with st_blocks and statfs checked after every
// step. Offsets stay inside a window of modelPages pages: enough for a
// page to start in the sparse map and be grown over by the slice.

const modelPages = 128

type pageState uint8

const (
	hole      pageState = iota
	unwritten           // fallocated, never written: charged, reads zeros, a hole to SEEK_DATA
	data
)

type fileModel struct {
	data  []byte // the file's bytes; len(data) is its size
	pages map[int64]pageState
}

func (m *fileModel) held() int64 { return int64(len(m.pages)) }

type opKind uint8

const (
	opPwrite opKind = iota
	opTruncate
	opFallocate
	opFallocateKeepSize
	opPunchHole
	opPread
	opSeekData
	opSeekHole
	opUnlink // unlink and recreate: everything the file held goes back
	numOps
)

type modelOp struct {
	kind   opKind
	file   int
	off, n int64
}

func (o modelOp) String() string {
	names := [...]string{"pwrite", "ftruncate", "fallocate", "fallocate(KEEP_SIZE)",
		"fallocate(PUNCH_HOLE|KEEP_SIZE)", "pread", "lseek(SEEK_DATA)", "lseek(SEEK_HOLE)", "unlink"}
	return fmt.Sprintf("%s(file %d, off %d, n %d)", names[o.kind], o.file, o.off, o.n)
}

// modelFS is the calls the model drives: a *vfs.Process, or on Linux
// the host kernel's tmpfs (pagemodel_linux_test.go), so that the model
// itself is checked against Linux.
type modelFS interface {
	Open(path string, flags int, mode uint32) (int, error)
	Close(fd int) error
	Unlink(path string) error
	Pwrite(fd int, b []byte, off int64) (int, error)
	Pread(fd int, b []byte, off int64) (int, error)
	Ftruncate(fd int, size int64) error
	Fallocate(fd int, mode uint32, off, length int64) error
	Seek(fd int, off int64, whence int) (int64, error)
	Fstat(fd int, st *vfs.Stat_t) error
	Statfs(path string, st *vfs.Statfs_t) error
}

// modelRun is one tmpfs instance at /mnt with files /mnt/0, /mnt/1, ...
// and their models. limit is the size= of the instance in pages, 0 for
// unlimited.
type modelRun struct {
	t      testing.TB
	p      modelFS
	limit  int64
	fds    []int
	models []*fileModel
	seq    byte // what the next pwrite writes
}

func newModelRun(t testing.TB, files int, limit int64) *modelRun {
	return newModelRunOn(t, bootTmpfs(t, sizeOption(limit)), files, limit)
}

func sizeOption(limit int64) string {
	if limit == 0 {
		return ""
	}
	return fmt.Sprintf("size=%d", limit*pg)
}

func newModelRunOn(t testing.TB, p modelFS, files int, limit int64) *modelRun {
	r := &modelRun{t: t, p: p, limit: limit}
	for i := range files {
		r.fds = append(r.fds, r.create(i))
		r.models = append(r.models, &fileModel{pages: map[int64]pageState{}})
	}
	return r
}

func (r *modelRun) create(i int) int {
	fd, err := r.p.Open(fmt.Sprintf("/mnt/%d", i), vfs.O_CREAT|vfs.O_RDWR|vfs.O_TRUNC, 0o644)
	require.NoError(r.t, err)
	return fd
}

func (r *modelRun) used() int64 {
	var n int64
	for _, m := range r.models {
		n += m.held()
	}
	return n
}

// free is what the model says the instance has left, -1 if unlimited.
func (r *modelRun) free() int64 {
	if r.limit == 0 {
		return -1
	}
	return r.limit - r.used()
}

// randomOp draws an op: offsets are page-aligned half the time, so that
// hole punches free whole pages; lengths run from a byte to 8 pages.
func randomOp(rng *rand.Rand, files int) modelOp {
	o := modelOp{kind: opKind(rng.IntN(int(numOps))), file: rng.IntN(files)}
	o.off = rng.Int64N(modelPages) * pg
	if rng.IntN(2) == 0 {
		o.off += rng.Int64N(pg)
	}
	switch rng.IntN(3) {
	case 0:
		o.n = 1 + rng.Int64N(100)
	case 1:
		o.n = pg
	default:
		o.n = 1 + rng.Int64N(8*pg)
	}
	return o
}

// decodeOps reads up to maxFuzzOps ops from fuzz input, 5 bytes each:
// kind, file, page, byte in page (x16), length (in 64-byte units, or
// whole pages when the top bit is set). The cap keeps each run, and so
// the minimizing of a long input, fast.
func decodeOps(b []byte, files int) []modelOp {
	const maxFuzzOps = 64
	var ops []modelOp
	for ; len(b) >= 5 && len(ops) < maxFuzzOps; b = b[5:] {
		o := modelOp{kind: opKind(b[0] % byte(numOps)), file: int(b[1]) % files}
		o.off = int64(b[2]%modelPages)*pg + int64(b[3])*16%pg
		if b[4]&0x80 != 0 {
			o.n = int64(b[4]&0x7f%8+1) * pg
		} else {
			o.n = int64(b[4])*64 + 1
		}
		ops = append(ops, o)
	}
	return ops
}

// step applies o to tmpfs and to the model and checks they agree.
func (r *modelRun) step(o modelOp) {
	t, p := r.t, r.p
	fd, m := r.fds[o.file], r.models[o.file]
	first, last := o.off/pg, (o.off+o.n-1)/pg
	switch o.kind {
	case opPwrite:
		r.seq++
		buf := bytes.Repeat([]byte{r.seq}, int(o.n))
		want := o.n
		for idx := first; idx <= last; idx++ {
			if m.pages[idx] == hole && r.free() == 0 {
				want = max(0, idx*pg-o.off)
				break
			}
			m.pages[idx] = data
		}
		n, err := p.Pwrite(fd, buf, o.off)
		if want == 0 {
			require.ErrorIs(t, err, vfs.ENOSPC, "%v", o)
			return
		}
		require.NoError(t, err, "%v", o)
		require.Equal(t, int(want), n, "%v", o)
		if end := o.off + want; end > int64(len(m.data)) {
			m.data = append(m.data, make([]byte, end-int64(len(m.data)))...)
		}
		copy(m.data[o.off:], buf[:want])
	case opTruncate:
		size := o.off
		require.NoError(t, p.Ftruncate(fd, size), "%v", o)
		if size <= int64(len(m.data)) { // the same size too drops pages past the end
			for idx := range m.pages {
				if idx*pg >= size {
					delete(m.pages, idx)
				}
			}
			m.data = m.data[:size]
		} else {
			m.data = append(m.data, make([]byte, size-int64(len(m.data)))...)
		}
	case opFallocate, opFallocateKeepSize:
		mode := uint32(0)
		if o.kind == opFallocateKeepSize {
			mode = vfs.FALLOC_FL_KEEP_SIZE
		}
		var need int64
		for idx := first; idx <= last; idx++ {
			if m.pages[idx] == hole {
				need++
			}
		}
		err := p.Fallocate(fd, mode, o.off, o.n)
		if r.limit > 0 && last-first+1 > r.limit {
			require.ErrorIs(t, err, vfs.ENOSPC, "%v", o) // before looking at a page
			break
		}
		if r.limit > 0 && need > r.free() {
			require.ErrorIs(t, err, vfs.ENOSPC, "%v", o)
			// shmem_fallocate went page by page and made the unwritten
			// pages before the first it could not charge uptodate.
			for idx, free := first, r.free(); idx <= last; idx++ {
				if m.pages[idx] == hole {
					if free == 0 {
						break
					}
					free--
				} else if m.pages[idx] == unwritten {
					m.pages[idx] = data
				}
			}
			break
		}
		require.NoError(t, err, "%v", o)
		for idx := first; idx <= last; idx++ {
			switch m.pages[idx] {
			case hole:
				m.pages[idx] = unwritten
			case unwritten: // fallocated again: shmem makes it uptodate
				m.pages[idx] = data
			}
		}
		if end := o.off + o.n; mode == 0 && end > int64(len(m.data)) {
			m.data = append(m.data, make([]byte, end-int64(len(m.data)))...)
		}
	case opPunchHole:
		require.NoError(t, p.Fallocate(fd, vfs.FALLOC_FL_PUNCH_HOLE|vfs.FALLOC_FL_KEEP_SIZE, o.off, o.n), "%v", o)
		for idx := first; idx <= last; idx++ {
			if idx*pg >= o.off && (idx+1)*pg <= o.off+o.n {
				delete(m.pages, idx)
			}
		}
		if o.off < int64(len(m.data)) {
			clear(m.data[o.off:min(o.off+o.n, int64(len(m.data)))])
		}
	case opPread:
		got := make([]byte, o.n)
		n, err := p.Pread(fd, got, o.off)
		require.NoError(t, err, "%v", o)
		want := m.data[min(o.off, int64(len(m.data))):min(o.off+o.n, int64(len(m.data)))]
		if !bytes.Equal(want, got[:n]) {
			i := 0
			for i < min(len(want), n) && want[i] == got[i] {
				i++
			}
			t.Fatalf("%v: read %d bytes, want %d; first difference at byte %d", o, n, len(want), o.off+int64(i))
		}
	case opSeekData, opSeekHole:
		whence := vfs.SEEK_DATA
		if o.kind == opSeekHole {
			whence = vfs.SEEK_HOLE
		}
		want, wantErr := m.seek(o.off, o.kind == opSeekData)
		got, err := p.Seek(fd, o.off, whence)
		if wantErr != nil {
			require.ErrorIs(t, err, wantErr, "%v", o)
		} else {
			require.NoError(t, err, "%v", o)
			require.Equal(t, want, got, "%v", o)
		}
	case opUnlink:
		require.NoError(t, p.Close(fd))
		require.NoError(t, p.Unlink(fmt.Sprintf("/mnt/%d", o.file)))
		r.fds[o.file] = r.create(o.file)
		r.models[o.file] = &fileModel{pages: map[int64]pageState{}}
	}
	r.check(o)
}

// seek is SEEK_DATA or SEEK_HOLE on the model.
func (m *fileModel) seek(off int64, wantData bool) (int64, error) {
	size := int64(len(m.data))
	if off >= size {
		return 0, vfs.ENXIO
	}
	for idx := off / pg; idx*pg < size; idx++ {
		if (m.pages[idx] == data) == wantData {
			return max(off, idx*pg), nil
		}
	}
	if wantData {
		return 0, vfs.ENXIO
	}
	return size, nil
}

// check compares sizes, st_blocks and the instance's accounting.
func (r *modelRun) check(o modelOp) {
	var used int64
	for i, fd := range r.fds {
		var st vfs.Stat_t
		require.NoError(r.t, r.p.Fstat(fd, &st))
		m := r.models[i]
		require.Equal(r.t, int64(len(m.data)), st.Size, "file %d after %v", i, o)
		require.Equal(r.t, m.held()*(pg/512), st.Blocks, "file %d after %v", i, o)
		used += m.held()
	}
	if r.limit > 0 {
		require.LessOrEqual(r.t, used, r.limit, "after %v", o)
		require.Equal(r.t, used, pagesUsed(r.t, r.p), "statfs after %v", o)
	}
}

// finish removes every file: the instance must be empty again.
func (r *modelRun) finish() {
	for i, fd := range r.fds {
		require.NoError(r.t, r.p.Close(fd))
		require.NoError(r.t, r.p.Unlink(fmt.Sprintf("/mnt/%d", i)))
	}
	if r.limit > 0 {
		var fs vfs.Statfs_t
		require.NoError(r.t, r.p.Statfs("/mnt", &fs))
		require.Equal(r.t, fs.Blocks, fs.Bfree, "statfs after removing everything")
	}
}

// TestPageTableModel runs fixed seeds of random ops on an unlimited
// instance and on a size=1m one where three files compete for 256
// pages (issue 6: hole punching made the count drift, 258 pages in use
// were seen on 256).
func TestPageTableModel(t *testing.T) {
	for _, limit := range []int64{0, 256} {
		for seed := range uint64(4) {
			t.Run(fmt.Sprintf("limit=%d/seed=%d", limit, seed), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(seed, 6))
				r := newModelRun(t, 3, limit)
				for range 300 {
					r.step(randomOp(rng, 3))
				}
				r.finish()
			})
		}
	}
}

// FuzzPageTable is TestPageTableModel's model under go test -fuzz.
func FuzzPageTable(f *testing.F) {
	f.Add([]byte{0, 0, 40, 0, 0x80, 0, 0, 10, 0, 0, 0, 0, 30, 0, 0, 0, 0, 50, 0, 0, 5, 0, 40, 0, 0x80})
	f.Add([]byte{3, 0, 0, 0, 0x87, 0, 0, 3, 5, 10, 4, 0, 2, 1, 0x81, 6, 0, 0, 0, 0, 7, 0, 0, 0, 0})
	f.Add([]byte{0, 1, 100, 0, 0x83, 0, 1, 0, 0, 0x87, 0, 1, 8, 0, 0x87, 1, 1, 50, 0, 0, 8, 1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := newModelRun(t, 2, 64)
		for _, o := range decodeOps(b, 2) {
			r.step(o)
		}
		r.finish()
	})
}
