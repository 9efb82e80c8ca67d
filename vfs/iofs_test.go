package vfs_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

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
	// TestFS reads every file to its end: /dev/zero has none, and
	// /dev/console waits for its input. Init's fds 0-2 hold the console
	// and so the mount.
	for fd := range 3 {
		must(p.Close(fd))
	}
	must(p.Unmount("/dev/pts", 0))
	must(p.Unmount("/dev", 0))
	// /proc changes as it is walked (fstest's own fds come and go in
	// /proc/1/fd), which TestFS takes for an inconsistent fs.
	must(p.Unmount("/proc", 0))
	// sysfs attributes say 4096 bytes and seek from there, as Linux's
	// do, whatever they hold; TestFS seeks from the end of the content.
	must(p.Unmount("/sys", 0))
	if err := fstest.TestFS(p.FS(), "home/u/a.txt", "home/u/link", "tmp", "etc", "bin"); err != nil {
		t.Fatal(err)
	}
}

// TestFSDirEntryInfoAfterReadDir: fs.WalkDir reads a whole directory
// (and closes it) before it calls d.Info, and the caller may open files
// in between, so Info must not go through the directory's old fd: that
// number now names another file, whose entries of the same names would
// answer with their sizes.
func TestFSDirEntryInfoAfterReadDir(t *testing.T) {
	_, p := newSystem(t)
	sizes := map[string]int64{}
	for _, d := range []string{"a", "b"} {
		require.NoError(t, p.Mkdir("/home/"+d, 0o755))
		for i, name := range []string{"f1", "f2", "f3"} {
			data := strings.Repeat("x", (i+1)*map[string]int{"a": 1, "b": 10}[d])
			writeFile(t, p, "/home/"+d+"/"+name, data, 0o644)
			sizes["home/"+d+"/"+name] = int64(len(data))
		}
	}
	seen := 0
	err := fs.WalkDir(p.FS(), "home", func(name string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() {
			return nil
		}
		// Reuse the fd the walk's ReadDir just closed, on a directory
		// with the same names.
		other := "/home/b"
		if strings.HasPrefix(name, "home/b/") {
			other = "/home/a"
		}
		fd, err := p.Open(other, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		require.NoError(t, err)
		defer p.Close(fd)
		fi, err := d.Info()
		require.NoError(t, err, name)
		require.Equal(t, sizes[name], fi.Size(), name)
		require.Equal(t, d.Name(), fi.Name())
		seen++
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, len(sizes), seen)
}

// TestFSDirEntryInfoAfterClose: Info works after the directory is
// closed, as os's does, and with no fd reused it is not EBADF.
func TestFSDirEntryInfoAfterClose(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/f", "12345", 0o600)
	list, err := fs.ReadDir(p.FS(), "tmp")
	require.NoError(t, err)
	require.Len(t, list, 1)
	fi, err := list[0].Info()
	require.NoError(t, err)
	require.Equal(t, int64(5), fi.Size())
	require.Equal(t, fs.FileMode(0o600), fi.Mode())
	require.NoError(t, p.Unlink("/tmp/f"))
	_, err = list[0].Info()
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "tmp/f", pe.Path, "the fs.FS name, as the walk knows it")
	require.ErrorIs(t, err, fs.ErrNotExist)
}
