package vfs_test

import (
	"testing"
	"testing/fstest"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func TestFSPassesFstest(t *testing.T) {
	k, err := govfs.Boot()
	if err != nil {
		t.Fatal(err)
	}
	defer k.Shutdown()
	p := k.Init()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(p.Mkdir("/home/u", 0o755))
	fd, err := p.Open("/home/u/a.txt", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	must(err)
	_, err = p.Write(fd, []byte("hello"))
	must(err)
	must(p.Close(fd))
	must(p.Symlink("a.txt", "/home/u/link"))
	if err := fstest.TestFS(p.FS(), "home/u/a.txt", "home/u/link", "tmp", "etc", "bin"); err != nil {
		t.Fatal(err)
	}
}
