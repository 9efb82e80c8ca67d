package vfstest_test

import (
	"fmt"

	"github.com/govfs/govfs/vfs"
)

// mmap in TestStress: a worker maps fds with random arguments and keeps
// some mappings while the other workers truncate, unlink and write the
// files, then unmaps them or leaves them to its process's exit. Only
// anonymous and private mappings are touched: a store through a shared
// mapping while another worker writes the file is a data race, in Go
// as in C (see vfs/mmap.go). The invariants: no mapping outlives its
// process (checked at every exit), and a mapping's File is let go with
// it, which TestStress's end sees as the filesystems back to all free.

func init() {
	stressCalls = append(stressCalls,
		stressCall{"mmap", (*stressWorker).mmap},
		stressCall{"munmap", (*stressWorker).munmap})
}

func (w *stressWorker) mmap() error {
	flags := []int{vfs.MAP_SHARED, vfs.MAP_SHARED, vfs.MAP_PRIVATE, vfs.MAP_SHARED | vfs.MAP_ANONYMOUS,
		vfs.MAP_PRIVATE | vfs.MAP_ANONYMOUS, vfs.MAP_SHARED_VALIDATE | 0x200, 0}[w.rng.IntN(7)]
	prot := []int{vfs.PROT_READ, vfs.PROT_READ | vfs.PROT_WRITE, vfs.PROT_EXEC, vfs.PROT_NONE}[w.rng.IntN(4)]
	length := []int{4096, 8192, 1, 70000, 0, -1, 1 << 47}[w.rng.IntN(7)]
	b, err := w.p.Mmap(w.fd(), w.off()&^4095, length, prot, flags)
	if err != nil {
		return err
	}
	if len(b) != length || cap(b) != length {
		return fmt.Errorf("mmap of %d bytes gave len %d cap %d", length, len(b), cap(b))
	}
	if flags&vfs.MAP_PRIVATE != 0 { // the worker's own memory
		b[0], b[len(b)-1] = 1, 2
	}
	if w.rng.IntN(2) == 0 {
		return w.p.Munmap(b)
	}
	w.maps = append(w.maps, b)
	if len(w.maps) > 8 {
		err, w.maps = w.p.Munmap(w.maps[0]), w.maps[1:]
	}
	return err
}

func (w *stressWorker) munmap() error {
	if len(w.maps) == 0 {
		return w.p.Munmap(make([]byte, 4096)) // never mapped: EINVAL
	}
	i := w.rng.IntN(len(w.maps))
	b := w.maps[i]
	w.maps = append(w.maps[:i], w.maps[i+1:]...)
	return w.p.Munmap(b)
}
