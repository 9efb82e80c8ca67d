package vfs_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// What users of the other Go filesystems (afero's MemMapFs, fstest's
// MapFS, hand-rolled maps) trip over: each is a Linux rule that a map
// of names does not give for free.

func TestAppendWritesAtTheEnd(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/log", "", 0o644)

	t.Run("two_append_fds_interleave_without_loss", func(t *testing.T) {
		a, err := p.Open("/tmp/log", vfs.O_WRONLY|vfs.O_APPEND, 0)
		require.NoError(t, err)
		b, err := p.Open("/tmp/log", vfs.O_WRONLY|vfs.O_APPEND, 0)
		require.NoError(t, err)
		for _, w := range []struct {
			fd   int
			data string
		}{{a, "a1 "}, {b, "b1 "}, {a, "a2 "}, {b, "b2 "}} {
			_, err := p.Write(w.fd, []byte(w.data))
			require.NoError(t, err)
		}
		require.Equal(t, "a1 b1 a2 b2 ", readFile(t, p, "/tmp/log"))
		require.NoError(t, p.Close(a))
		require.NoError(t, p.Close(b))
	})
	t.Run("seek_does_not_stop_an_append", func(t *testing.T) {
		fd, err := p.Open("/tmp/log", vfs.O_RDWR|vfs.O_APPEND, 0)
		require.NoError(t, err)
		_, err = p.Seek(fd, 0, vfs.SEEK_SET)
		require.NoError(t, err)
		_, err = p.Write(fd, []byte("end"))
		require.NoError(t, err)
		off, err := p.Seek(fd, 0, vfs.SEEK_CUR)
		require.NoError(t, err)
		require.EqualValues(t, len("a1 b1 a2 b2 end"), off, "the offset moves to the end of the write")
		require.NoError(t, p.Close(fd))
		require.Equal(t, "a1 b1 a2 b2 end", readFile(t, p, "/tmp/log"))
	})
	t.Run("concurrent_appends_from_goroutines_lose_nothing", func(t *testing.T) {
		const writers, records = 8, 200
		writeFile(t, p, "/tmp/conc", "", 0o644)
		var wg sync.WaitGroup
		for w := range writers {
			fd, err := p.Open("/tmp/conc", vfs.O_WRONLY|vfs.O_APPEND, 0)
			require.NoError(t, err)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer p.Close(fd)
				for r := range records {
					rec := fmt.Sprintf("w%02d-r%04d\n", w, r)
					if n, err := p.Write(fd, []byte(rec)); err != nil || n != len(rec) {
						t.Errorf("write %q: n=%d err=%v", rec, n, err)
					}
				}
			}()
		}
		wg.Wait()
		lines := strings.Split(strings.TrimSuffix(readFile(t, p, "/tmp/conc"), "\n"), "\n")
		require.Len(t, lines, writers*records)
		seen := make(map[string]bool)
		for _, l := range lines {
			require.Len(t, l, len("w00-r0000"), "a record was torn: %q", l)
			seen[l] = true
		}
		require.Len(t, seen, writers*records, "every record is there once")
	})
}

func TestCreateUnderARegularFileIsENOTDIR(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/file", "", 0o644)
	var st vfs.Stat_t
	cases := []struct {
		name string
		call func() error
	}{
		{"open_O_CREAT", func() error { _, err := p.Open("/tmp/file/x", vfs.O_CREAT|vfs.O_RDWR, 0o644); return err }},
		{"mkdir", func() error { return p.Mkdir("/tmp/file/x", 0o755) }},
		{"symlink", func() error { return p.Symlink("a", "/tmp/file/x") }},
		{"stat_with_a_trailing_slash", func() error { return p.Stat("/tmp/file/", &st) }},
		{"rename_into_it", func() error { return p.Rename("/tmp", "/tmp/file/x") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireErrno(t, c.call(), vfs.ENOTDIR) })
	}
}

func TestRenameDirIntoItsOwnSubdirIsEINVAL(t *testing.T) {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/tmp/a", 0o755))
	require.NoError(t, p.Mkdir("/tmp/a/b", 0o755))
	require.NoError(t, p.Mkdir("/tmp/a/b/c", 0o755))
	requireErrno(t, p.Rename("/tmp/a", "/tmp/a/b/c/a"), vfs.EINVAL)
	requireErrno(t, p.Rename("/tmp/a", "/tmp/a/x"), vfs.EINVAL)
	require.NoError(t, p.Rename("/tmp/a", "/tmp/a"), "renaming onto itself does nothing")
	require.Equal(t, []string{"b"}, listDir(t, p, "/tmp/a"), "the tree is intact")
}

func TestRemoveNonEmptyDirIsENOTEMPTY(t *testing.T) {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/tmp/full", 0o755))
	writeFile(t, p, "/tmp/full/f", "", 0o644)
	require.NoError(t, p.Mkdir("/tmp/src", 0o755))
	requireErrno(t, p.Rmdir("/tmp/full"), vfs.ENOTEMPTY)
	requireErrno(t, p.Rename("/tmp/src", "/tmp/full"), vfs.ENOTEMPTY, "rename over a non-empty dir")
	requireErrno(t, p.Unlink("/tmp/full"), vfs.EISDIR, "unlink is not rmdir")
}

func TestOExclOnAnExistingNameIsEEXIST(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/f", "", 0o644)
	require.NoError(t, p.Symlink("/tmp/nowhere", "/tmp/dangling"))
	for _, path := range []string{"/tmp/f", "/tmp/dangling", "/tmp"} {
		t.Run(strings.ReplaceAll(path[1:], "/", "_"), func(t *testing.T) {
			_, err := p.Open(path, vfs.O_CREAT|vfs.O_EXCL|vfs.O_RDWR, 0o644)
			requireErrno(t, err, vfs.EEXIST)
		})
	}
	var st vfs.Stat_t
	requireErrno(t, p.Stat("/tmp/nowhere", &st), vfs.ENOENT, "O_EXCL did not create through the symlink")
}

func TestUnlinkedFileStaysReadable(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/f", "before", 0o644)
	fd, err := p.Open("/tmp/f", vfs.O_RDWR, 0)
	require.NoError(t, err)
	require.NoError(t, p.Unlink("/tmp/f"))
	writeFile(t, p, "/tmp/f", "a new file", 0o644)

	_, err = p.Pwrite(fd, []byte("!"), 6)
	require.NoError(t, err)
	require.Equal(t, "before!", readAll(t, p, fd))
	var st vfs.Stat_t
	require.NoError(t, p.Fstat(fd, &st))
	require.Zero(t, st.Nlink)
	require.NotEqual(t, stat(t, p, "/tmp/f").Ino, st.Ino)
	require.Equal(t, "a new file", readFile(t, p, "/tmp/f"))
	require.NoError(t, p.Close(fd))
}

func TestErrorsIs(t *testing.T) {
	_, p := newSystem(t)
	user := forkAs(t, p, userUID, userGID)
	writeFile(t, p, "/tmp/f", "", 0o600)
	_, enoent := p.Open("/tmp/missing", vfs.O_RDONLY, 0)
	eexist := p.Mkdir("/tmp", 0o755)
	_, eacces := user.Open("/tmp/f", vfs.O_RDONLY, 0)
	eperm := user.Chmod("/tmp/f", 0o777)
	require.ErrorIs(t, enoent, fs.ErrNotExist)
	require.ErrorIs(t, eexist, fs.ErrExist)
	require.ErrorIs(t, eacces, fs.ErrPermission)
	require.ErrorIs(t, eperm, fs.ErrPermission)
	require.NotErrorIs(t, enoent, fs.ErrExist)
	var errno vfs.Errno
	require.True(t, errors.As(&fs.PathError{Op: "open", Path: "/tmp/missing", Err: enoent}, &errno))
	require.Equal(t, vfs.ENOENT, errno)
}

func TestSymlinkLoopsAreELOOP(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/target", "end", 0o644)
	require.NoError(t, p.Symlink("self", "/tmp/self"))
	require.NoError(t, p.Symlink("pong", "/tmp/ping"))
	require.NoError(t, p.Symlink("ping", "/tmp/pong"))
	require.NoError(t, p.Symlink("loopdir/x", "/tmp/loopdir"))
	// chainN: N symlinks, each to the next, the last to target.
	for i := 40; i >= 1; i-- {
		next := fmt.Sprintf("c%d", i+1)
		if i == 40 {
			next = "target"
		}
		require.NoError(t, p.Symlink(next, fmt.Sprintf("/tmp/c%d", i)))
	}
	require.NoError(t, p.Symlink("c1", "/tmp/c0"))

	var st vfs.Stat_t
	cases := []struct {
		name string
		call func() error
		want vfs.Errno
	}{
		{"self_loop", func() error { return p.Stat("/tmp/self", &st) }, vfs.ELOOP},
		{"loop_of_two", func() error { return p.Stat("/tmp/ping", &st) }, vfs.ELOOP},
		{"loop_through_a_directory_component", func() error { return p.Stat("/tmp/loopdir/y", &st) }, vfs.ELOOP},
		{"loop_in_the_middle_of_a_path", func() error { return p.Stat("/tmp/ping/x", &st) }, vfs.ELOOP},
		{"open_of_a_loop", func() error { _, err := p.Open("/tmp/ping", vfs.O_RDONLY, 0); return err }, vfs.ELOOP},
		{"create_through_a_loop", func() error { _, err := p.Open("/tmp/ping", vfs.O_CREAT|vfs.O_RDWR, 0o644); return err }, vfs.ELOOP},
		{"chain_of_40_is_followed", func() error { return p.Stat("/tmp/c1", &st) }, 0},
		{"chain_of_41_is_ELOOP", func() error { return p.Stat("/tmp/c0", &st) }, vfs.ELOOP},
		{"lstat_of_a_loop_is_fine", func() error { return p.Lstat("/tmp/ping", &st) }, 0},
		{"O_NOFOLLOW_on_a_symlink_is_ELOOP", func() error { _, err := p.Open("/tmp/c40", vfs.O_RDONLY|vfs.O_NOFOLLOW, 0); return err }, vfs.ELOOP},
		{"unlink_of_a_loop_removes_the_link", func() error { return p.Unlink("/tmp/self") }, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireResult(t, c.call(), c.want) })
	}
}

func TestConcurrentCreatesInOneDirectory(t *testing.T) {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/tmp/busy", 0o777))
	const workers = 64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("/tmp/busy/f%02d", w)
			fd, err := p.Open(name, vfs.O_CREAT|vfs.O_EXCL|vfs.O_WRONLY, 0o644)
			if err != nil {
				t.Errorf("create %s: %v", name, err)
				return
			}
			p.Write(fd, []byte(name))
			p.Close(fd)
			if err := p.Mkdir(name+".d", 0o755); err != nil {
				t.Errorf("mkdir %s.d: %v", name, err)
			}
		}()
	}
	wg.Wait()
	names := listDir(t, p, "/tmp/busy")
	require.Len(t, names, 2*workers)
	for w := range workers {
		name := fmt.Sprintf("/tmp/busy/f%02d", w)
		require.Equal(t, name, readFile(t, p, name))
	}
	require.EqualValues(t, 2+workers, stat(t, p, "/tmp/busy").Nlink, "each subdirectory's .. is a link")
}

func TestOpenFdSurvivesRename(t *testing.T) {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/tmp/d", 0o755))
	writeFile(t, p, "/tmp/d/f", "0123456789", 0o644)
	fd, err := p.Open("/tmp/d/f", vfs.O_RDONLY, 0)
	require.NoError(t, err)
	defer p.Close(fd)
	var before vfs.Stat_t
	require.NoError(t, p.Fstat(fd, &before))
	buf := make([]byte, 4)
	_, err = p.Read(fd, buf)
	require.NoError(t, err)

	require.NoError(t, p.Rename("/tmp/d/f", "/tmp/d/g"))
	require.NoError(t, p.Rename("/tmp/d", "/tmp/e"))
	writeFile(t, p, "/tmp/d_f_replacement", "other", 0o644)

	var after vfs.Stat_t
	require.NoError(t, p.Fstat(fd, &after))
	require.Equal(t, before.Ino, after.Ino)
	require.Equal(t, "456789", readAll(t, p, fd), "reading continues at the offset")
	require.Equal(t, before.Ino, stat(t, p, "/tmp/e/g").Ino)
	require.True(t, bytes.Equal(buf, []byte("0123")))
}
