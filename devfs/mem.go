package devfs

import (
	"crypto/rand"

	"github.com/govfs/govfs/vfs"
)

// The memory devices of major 1 (drivers/char/mem.c and random.c):
// null 1:3, zero 1:5, full 1:7, random 1:8, urandom 1:9. None of them
// has an offset that means anything: lseek always answers 0, as
// null_lseek does (random's noop_llseek keeps the offset, which reads
// never move from 0).

const memMajor = 1

// memDriver opens the minors of major 1. q is /dev/random's wait queue,
// which nothing notifies: its pool is always ready.
type memDriver struct{ q *vfs.WaitQueue }

func (d memDriver) OpenSpecial(f *vfs.File, _ *vfs.Process) (vfs.FileOperations, error) {
	switch vfs.Minor(f.Inode().Rdev()) {
	case 3:
		return nullOps{}, nil
	case 5:
		return zeroOps{}, nil
	case 7:
		return fullOps{}, nil
	case 8:
		return randomOps{q: d.q}, nil
	case 9:
		return urandomOps{}, nil
	}
	return nil, vfs.ENXIO // minors mem.c leaves empty (port, kmem)
}

func registerMem(k *vfs.Kernel, fs *FS) error {
	if err := k.RegisterCharDevice(vfs.Device{Name: "mem", Major: memMajor, Minor: 3, Count: 7, Driver: memDriver{q: new(vfs.WaitQueue)}}); err != nil {
		return err
	}
	for _, n := range []struct {
		name  string
		minor uint32
	}{{"null", 3}, {"zero", 5}, {"full", 7}, {"random", 8}, {"urandom", 9}} {
		if err := fs.AddNode(Node{Name: n.name, Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(memMajor, n.minor)}); err != nil {
			return err
		}
	}
	return nil
}

// memSeek is null_lseek: every seek lands on 0.
type memSeek struct{}

func (memSeek) Seek(f *vfs.File, _ int64, _ int) (int64, error) {
	f.SetPos(0)
	return 0, nil
}

// nullOps is /dev/null: reads are at end of file, writes vanish.
type nullOps struct{ memSeek }

func (nullOps) Read(*vfs.File, []byte, *int64) (int, error)        { return 0, nil }
func (nullOps) Write(_ *vfs.File, b []byte, _ *int64) (int, error) { return len(b), nil }

// zeroOps is /dev/zero: reads fill the buffer with zeros, writes vanish.
type zeroOps struct{ memSeek }

func (zeroOps) Read(_ *vfs.File, b []byte, _ *int64) (int, error) {
	clear(b)
	return len(b), nil
}

func (zeroOps) Write(_ *vfs.File, b []byte, _ *int64) (int, error) { return len(b), nil }

// Mmap is mmap_zero: fresh zeroed memory, the SVR4 way to ask for
// anonymous memory before MAP_ANONYMOUS. A shared mapping is shared
// with nothing here (govfs processes do not fork address spaces).
func (zeroOps) Mmap(_ *vfs.File, _ int64, length int, _ bool, _ int) ([]byte, error) {
	return make([]byte, length), nil
}

// fullOps is /dev/full: reads like /dev/zero, every write (even of
// nothing) is ENOSPC.
type fullOps struct{ memSeek }

func (fullOps) Read(_ *vfs.File, b []byte, _ *int64) (int, error) {
	clear(b)
	return len(b), nil
}

func (fullOps) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.ENOSPC }

// randomOps is /dev/random and /dev/urandom, which since Linux 5.6
// differ only before the pool is seeded: a read fills the whole buffer.
// A write is taken as entropy and accepted whole. Its ioctls
// (RNDGETENTCNT, ...) are not modelled; like random_ioctl, it answers
// an unknown request with EINVAL, not ENOTTY.
type randomOps struct {
	memSeek
	q *vfs.WaitQueue
}

func (randomOps) Read(_ *vfs.File, b []byte, _ *int64) (int, error) {
	rand.Read(b) // never fails (crypto/rand)
	return len(b), nil
}

func (randomOps) Write(_ *vfs.File, b []byte, _ *int64) (int, error) { return len(b), nil }

func (randomOps) Ioctl(*vfs.File, *vfs.Process, uint, any) (int, error) { return -1, vfs.EINVAL }

// Readiness is random_poll with the pool ready: readable, and not
// writable, since writing entropy is only wanted while it is not.
func (randomOps) Readiness(_ *vfs.File, mask uint32) uint32 { return vfs.POLLIN & mask }

func (o randomOps) EventQueue(*vfs.File) *vfs.WaitQueue { return o.q }

// urandomOps is /dev/urandom: /dev/random without a poll method, so
// poll(2) gives the default mask, readable and writable.
type urandomOps struct{ memSeek }

func (urandomOps) Read(f *vfs.File, b []byte, off *int64) (int, error) {
	return randomOps{}.Read(f, b, off)
}

func (urandomOps) Write(_ *vfs.File, b []byte, _ *int64) (int, error) { return len(b), nil }

func (urandomOps) Ioctl(*vfs.File, *vfs.Process, uint, any) (int, error) { return -1, vfs.EINVAL }
