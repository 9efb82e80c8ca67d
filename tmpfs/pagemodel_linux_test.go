package tmpfs_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// hostModelFS is a tmpfs of the host kernel mounted at dir, reached
// through the names the model uses (/mnt/...), so that the model of
// TestPageTableModel is itself checked against Linux.
type hostModelFS struct{ dir string }

func (h hostModelFS) path(p string) string { return h.dir + strings.TrimPrefix(p, "/mnt") }

// errno turns the host's errors into the vfs.Errno the model expects.
func errno(err error) error {
	var e unix.Errno
	if errors.As(err, &e) {
		return vfs.Errno(e)
	}
	return err
}

func (h hostModelFS) Open(path string, flags int, mode uint32) (int, error) {
	fd, err := unix.Open(h.path(path), flags|unix.O_CLOEXEC, mode)
	return fd, errno(err)
}
func (h hostModelFS) Close(fd int) error       { return errno(unix.Close(fd)) }
func (h hostModelFS) Unlink(path string) error { return errno(unix.Unlink(h.path(path))) }
func (h hostModelFS) Pwrite(fd int, b []byte, off int64) (int, error) {
	n, err := unix.Pwrite(fd, b, off)
	return n, errno(err)
}
func (h hostModelFS) Pread(fd int, b []byte, off int64) (int, error) {
	n, err := unix.Pread(fd, b, off)
	return n, errno(err)
}
func (h hostModelFS) Ftruncate(fd int, size int64) error { return errno(unix.Ftruncate(fd, size)) }
func (h hostModelFS) Fallocate(fd int, mode uint32, off, length int64) error {
	return errno(unix.Fallocate(fd, mode, off, length))
}
func (h hostModelFS) Seek(fd int, off int64, whence int) (int64, error) {
	n, err := unix.Seek(fd, off, whence)
	return n, errno(err)
}
func (h hostModelFS) Fstat(fd int, st *vfs.Stat_t) error {
	var hst unix.Stat_t
	if err := unix.Fstat(fd, &hst); err != nil {
		return errno(err)
	}
	st.Size, st.Blocks = hst.Size, hst.Blocks
	return nil
}
func (h hostModelFS) Statfs(path string, st *vfs.Statfs_t) error {
	var hst unix.Statfs_t
	if err := unix.Statfs(h.path(path), &hst); err != nil {
		return errno(err)
	}
	st.Blocks, st.Bfree = hst.Blocks, hst.Bfree
	return nil
}

// TestPageTableModelHost runs TestPageTableModel's seeds against a
// tmpfs of the host kernel: the model the govfs tmpfs is held to is
// what Linux does. It needs root, to mount.
func TestPageTableModelHost(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a tmpfs")
	}
	for _, limit := range []int64{0, 256} {
		for seed := range uint64(4) {
			t.Run(fmt.Sprintf("limit=%d/seed=%d", limit, seed), func(t *testing.T) {
				dir := t.TempDir()
				if err := unix.Mount("none", dir, "tmpfs", 0, sizeOption(limit)+",huge=never"); err != nil {
					t.Skipf("mount tmpfs: %v", err)
				}
				t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
				rng := rand.New(rand.NewPCG(seed, 6))
				r := newModelRunOn(t, hostModelFS{dir}, 3, limit)
				for range 300 {
					r.step(randomOp(rng, 3))
				}
				r.finish()
			})
		}
	}
}
