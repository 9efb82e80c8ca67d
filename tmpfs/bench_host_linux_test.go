//go:build linux

package tmpfs_test

// The host kernel's tmpfs as a benchmark peer: files under /dev/shm,
// reached with golang.org/x/sys/unix. Paths are walked relative to an
// fd on a fresh directory there, so that the kernel walks exactly the
// names govfs walks (/tmp/a/... is <dir>/tmp/a/...).

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func init() {
	newKernelFS = newHostFS
	kernelFDs = hostFDs
}

type hostFS struct {
	base  string
	dirfd int
	st    unix.Stat_t
}

// benchShmDir makes a fresh directory on /dev/shm, or skips if that is not a
// tmpfs.
func benchShmDir(tb testing.TB) string {
	var sfs unix.Statfs_t
	if err := unix.Statfs("/dev/shm", &sfs); err != nil || sfs.Type != unix.TMPFS_MAGIC {
		tb.Skipf("/dev/shm is not a tmpfs (%v)", err)
	}
	base, err := os.MkdirTemp("/dev/shm", "govfs-bench-")
	if err != nil {
		tb.Skip(err)
	}
	return base
}

func newHostFS(tb testing.TB) benchFS {
	base := benchShmDir(tb)
	dirfd, err := unix.Open(base, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		os.RemoveAll(base)
		tb.Fatal(err)
	}
	return &hostFS{base: base, dirfd: dirfd}
}

// benchRel turns "/tmp/x" into "tmp/x", relative to dirfd.
func benchRel(path string) string { return strings.TrimPrefix(path, "/") }

func (h *hostFS) close() {
	unix.Close(h.dirfd)
	os.RemoveAll(h.base)
}

func (h *hostFS) mkdir(path string) error { return unix.Mkdirat(h.dirfd, benchRel(path), 0o755) }

func (h *hostFS) createEmpty(path string) error {
	fd, err := unix.Openat(h.dirfd, benchRel(path), unix.O_CREAT|unix.O_EXCL|unix.O_WRONLY|unix.O_CLOEXEC, 0o644)
	if err != nil {
		return err
	}
	return unix.Close(fd)
}

func (h *hostFS) stat(path string) error { return unix.Fstatat(h.dirfd, benchRel(path), &h.st, 0) }

func (h *hostFS) openClose(path string) error {
	fd, err := unix.Openat(h.dirfd, benchRel(path), unix.O_RDONLY, 0)
	if err != nil {
		return err
	}
	return unix.Close(fd)
}

func (h *hostFS) createWriteUnlink(path string, data []byte) error {
	fd, err := unix.Openat(h.dirfd, benchRel(path), unix.O_CREAT|unix.O_WRONLY|unix.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := unix.Write(fd, data); err != nil {
		unix.Close(fd)
		return err
	}
	if err := unix.Close(fd); err != nil {
		return err
	}
	return unix.Unlinkat(h.dirfd, benchRel(path), 0)
}

func (h *hostFS) rename(oldpath, newpath string) error {
	return unix.Renameat(h.dirfd, benchRel(oldpath), h.dirfd, benchRel(newpath))
}

func (h *hostFS) openDir(path string) (benchDir, error) {
	fd, err := unix.Openat(h.dirfd, benchRel(path), unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	return &hostDir{fd: fd, buf: make([]byte, 32<<10)}, nil
}

type hostDir struct {
	fd  int
	buf []byte
}

func (d *hostDir) list(count bool) (int, error) {
	if _, err := unix.Seek(d.fd, 0, unix.SEEK_SET); err != nil {
		return 0, err
	}
	total := 0
	for {
		n, err := unix.Getdents(d.fd, d.buf)
		if err != nil || n == 0 {
			return total, err
		}
		if count {
			_, c, _ := unix.ParseDirent(d.buf[:n], -1, nil)
			total += c
		} else {
			total += n
		}
	}
}

func (d *hostDir) close() { unix.Close(d.fd) }

// hostFDs opens n fds in this process (one file on /dev/shm, dup'ed),
// raising the soft RLIMIT_NOFILE as far as the hard limit allows, or
// skips when the hard limit is too low.
func hostFDs(b *testing.B, n int) func() error {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		b.Fatal(err)
	}
	if lim.Max < uint64(n)+256 {
		b.Skipf("RLIMIT_NOFILE hard limit is %d, too low for %d fds", lim.Max, n)
	}
	if lim.Cur < uint64(n)+256 {
		old := lim
		lim.Cur = uint64(n) + 256
		if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
			b.Skip(err)
		}
		b.Cleanup(func() { unix.Setrlimit(unix.RLIMIT_NOFILE, &old) })
	}
	base := benchShmDir(b)
	b.Cleanup(func() { os.RemoveAll(base) })
	fd, err := unix.Open(base+"/fdfile", unix.O_CREAT|unix.O_RDWR|unix.O_CLOEXEC, 0o644)
	if err != nil {
		b.Fatal(err)
	}
	fds := []int{fd}
	b.Cleanup(func() {
		for _, fd := range fds {
			unix.Close(fd)
		}
	})
	for len(fds) < n {
		nfd, err := unix.Dup(fd)
		if err != nil {
			b.Fatal(err)
		}
		fds = append(fds, nfd)
	}
	return func() error {
		nfd, err := unix.Dup(fd)
		if err != nil {
			return err
		}
		return unix.Close(nfd)
	}
}
