package tmpfs_test

// The peers the benchmarks in bench_test.go run: govfs and afero (the
// kernel's tmpfs is in bench_host_linux_test.go).

import (
	"os"
	"testing"

	"github.com/spf13/afero"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// --- govfs -----------------------------------------------------------

type govfsFS struct {
	k  *vfs.Kernel
	p  *vfs.Process
	st vfs.Stat_t
}

func newGovfsFS(tb testing.TB) benchFS {
	k, err := govfs.Boot()
	if err != nil {
		tb.Fatal(err)
	}
	return &govfsFS{k: k, p: k.Init()}
}

func (g *govfsFS) close() { g.k.Shutdown() }

func (g *govfsFS) mkdir(path string) error { return g.p.Mkdir(path, 0o755) }

func (g *govfsFS) createEmpty(path string) error {
	fd, err := g.p.Open(path, vfs.O_CREAT|vfs.O_EXCL|vfs.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	return g.p.Close(fd)
}

func (g *govfsFS) stat(path string) error { return g.p.Stat(path, &g.st) }

func (g *govfsFS) openClose(path string) error {
	fd, err := g.p.Open(path, vfs.O_RDONLY, 0)
	if err != nil {
		return err
	}
	return g.p.Close(fd)
}

func (g *govfsFS) createWriteUnlink(path string, data []byte) error {
	fd, err := g.p.Open(path, vfs.O_CREAT|vfs.O_WRONLY|vfs.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := g.p.Write(fd, data); err != nil {
		return err
	}
	if err := g.p.Close(fd); err != nil {
		return err
	}
	return g.p.Unlink(path)
}

func (g *govfsFS) rename(oldpath, newpath string) error { return g.p.Rename(oldpath, newpath) }

func (g *govfsFS) openDir(path string) (benchDir, error) {
	fd, err := g.p.Open(path, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	if err != nil {
		return nil, err
	}
	return &govfsDir{p: g.p, fd: fd, buf: make([]byte, 32<<10)}, nil
}

type govfsDir struct {
	p   *vfs.Process
	fd  int
	buf []byte
}

func (d *govfsDir) list(count bool) (int, error) {
	if _, err := d.p.Seek(d.fd, 0, vfs.SEEK_SET); err != nil {
		return 0, err
	}
	total := 0
	for {
		n, err := d.p.Getdents(d.fd, d.buf)
		if err != nil || n == 0 {
			return total, err
		}
		if count {
			_, c, _ := vfs.ParseDirent(d.buf[:n], -1, nil)
			total += c
		} else {
			total += n
		}
	}
}

func (d *govfsDir) close() { d.p.Close(d.fd) }

// --- afero -----------------------------------------------------------

type aferoFS struct{ fs afero.Fs }

func newAferoFS(testing.TB) benchFS { return &aferoFS{fs: afero.NewMemMapFs()} }

func (a *aferoFS) close() {}

func (a *aferoFS) mkdir(path string) error { return a.fs.Mkdir(path, 0o755) }

func (a *aferoFS) createEmpty(path string) error {
	f, err := a.fs.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

func (a *aferoFS) stat(path string) error {
	_, err := a.fs.Stat(path)
	return err
}

func (a *aferoFS) openClose(path string) error {
	f, err := a.fs.Open(path)
	if err != nil {
		return err
	}
	return f.Close()
}

func (a *aferoFS) createWriteUnlink(path string, data []byte) error {
	f, err := a.fs.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return a.fs.Remove(path)
}

func (a *aferoFS) rename(oldpath, newpath string) error { return a.fs.Rename(oldpath, newpath) }

func (a *aferoFS) openDir(path string) (benchDir, error) {
	if _, err := a.fs.Stat(path); err != nil {
		return nil, err
	}
	return &aferoDir{fs: a.fs, path: path}, nil
}

// aferoDir opens the directory afresh for each listing: an afero File
// cannot rewind a directory.
type aferoDir struct {
	fs   afero.Fs
	path string
}

func (d *aferoDir) list(bool) (int, error) {
	f, err := d.fs.Open(d.path)
	if err != nil {
		return 0, err
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	return len(names), err
}

func (d *aferoDir) close() {}
