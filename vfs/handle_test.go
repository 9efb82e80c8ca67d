package vfs_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func TestFileHandle(t *testing.T) {
	t.Run("is_a_reader_writer_seeker_readerat_closer", func(t *testing.T) {
		_, p := newSystem(t)
		h, err := p.OpenFile("/tmp/f", os.O_CREATE|os.O_RDWR, 0o640)
		require.NoError(t, err)
		var (
			_ io.ReadWriteSeeker = h
			_ io.ReaderAt        = h
			_ io.WriterAt        = h
			_ io.Closer          = h
			_ fs.ReadDirFile     = h
		)
		_, err = io.WriteString(h, "hello, world")
		require.NoError(t, err)
		_, err = h.Seek(0, io.SeekStart)
		require.NoError(t, err)
		all, err := io.ReadAll(h)
		require.NoError(t, err)
		require.Equal(t, "hello, world", string(all))
		buf := make([]byte, 5)
		n, err := h.ReadAt(buf, 7)
		require.NoError(t, err)
		require.Equal(t, "world", string(buf[:n]))
		n, err = h.ReadAt(buf, 10)
		require.Equal(t, 2, n)
		require.ErrorIs(t, err, io.EOF, "a short ReadAt says io.EOF")
		fi, err := h.Stat()
		require.NoError(t, err)
		require.Equal(t, "f", fi.Name())
		require.Equal(t, int64(12), fi.Size())
		require.Equal(t, fs.FileMode(0o640), fi.Mode())
		require.NoError(t, h.Close())
		require.ErrorIs(t, h.Close(), fs.ErrClosed)
		_, err = h.Read(buf)
		require.ErrorIs(t, err, fs.ErrClosed)
	})
	t.Run("name_does_not_change_on_rename", func(t *testing.T) {
		_, p := newSystem(t)
		h, err := p.OpenFile("/tmp/old", os.O_CREATE|os.O_RDWR, 0o644)
		require.NoError(t, err)
		defer h.Close()
		require.NoError(t, p.Rename("/tmp/old", "/tmp/new"))
		require.Equal(t, "/tmp/old", h.Name())
		_, err = h.WriteString("still here")
		require.NoError(t, err)
		fi, err := h.Stat()
		require.NoError(t, err)
		require.Equal(t, int64(10), fi.Size())
	})
	t.Run("errors_are_PathErrors_that_errors_Is_can_match", func(t *testing.T) {
		_, p := newSystem(t)
		_, err := p.OpenFile("/tmp/missing", os.O_RDONLY, 0)
		var pe *fs.PathError
		require.True(t, errors.As(err, &pe))
		require.Equal(t, "open", pe.Op)
		require.Equal(t, "/tmp/missing", pe.Path)
		require.ErrorIs(t, err, fs.ErrNotExist)
		require.ErrorIs(t, err, vfs.ENOENT)
		h, err := p.OpenFile("/tmp", os.O_RDONLY, 0)
		require.NoError(t, err)
		defer h.Close()
		_, err = h.Read(make([]byte, 1))
		require.ErrorIs(t, err, vfs.EISDIR)
	})
	t.Run("ReadDir_in_batches_then_EOF", func(t *testing.T) {
		_, p := newSystem(t)
		for _, name := range []string{"a", "b", "c", "d", "e"} {
			writeFile(t, p, "/home/"+name, name, 0o644)
		}
		require.NoError(t, p.Mkdir("/home/sub", 0o755))
		h, err := p.OpenFile("/home", os.O_RDONLY, 0)
		require.NoError(t, err)
		defer h.Close()
		var names []string
		for {
			batch, err := h.ReadDir(4)
			if err == io.EOF {
				require.Empty(t, batch)
				break
			}
			require.NoError(t, err)
			require.LessOrEqual(t, len(batch), 4)
			for _, e := range batch {
				names = append(names, e.Name())
				if e.Name() == "sub" {
					require.True(t, e.IsDir())
					fi, err := e.Info()
					require.NoError(t, err)
					require.True(t, fi.IsDir())
				}
			}
		}
		require.ElementsMatch(t, []string{"a", "b", "c", "d", "e", "sub"}, names)
	})
}

func TestOpenFileTakesOSFlags(t *testing.T) {
	t.Run("create_excl_twice_is_EEXIST", func(t *testing.T) {
		_, p := newSystem(t)
		h, err := p.OpenFile("/tmp/f", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		require.NoError(t, err)
		require.NoError(t, h.Close())
		_, err = p.OpenFile("/tmp/f", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		require.ErrorIs(t, err, fs.ErrExist)
		require.ErrorIs(t, err, vfs.EEXIST)
	})
	t.Run("trunc_and_append", func(t *testing.T) {
		_, p := newSystem(t)
		writeFile(t, p, "/tmp/f", "0123456789", 0o644)
		h, err := p.OpenFile("/tmp/f", os.O_WRONLY|os.O_TRUNC|os.O_APPEND, 0)
		require.NoError(t, err)
		h.WriteString("ab")
		h.Seek(0, io.SeekStart)
		h.WriteString("cd")
		require.NoError(t, h.Close())
		b, err := p.ReadFile("/tmp/f")
		require.NoError(t, err)
		require.Equal(t, "abcd", string(b), "O_TRUNC emptied it, O_APPEND wrote at the end")
	})
	t.Run("the_fd_is_close_on_exec", func(t *testing.T) {
		_, p := newSystem(t)
		h, err := p.OpenFile("/tmp", os.O_RDONLY, 0)
		require.NoError(t, err)
		defer h.Close()
		fl, err := p.FcntlInt(uintptr(h.Fd()), vfs.F_GETFD, 0)
		require.NoError(t, err)
		require.Equal(t, vfs.FD_CLOEXEC, fl)
	})
	t.Run("special_perm_bits_become_S_ISUID_S_ISGID_S_ISVTX", func(t *testing.T) {
		_, p := newSystem(t)
		p.Umask(0)
		h, err := p.OpenFile("/tmp/f", os.O_WRONLY|os.O_CREATE, 0o755|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)
		require.NoError(t, err)
		defer h.Close()
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/tmp/f", &st))
		require.Equal(t, uint32(vfs.S_IFREG|vfs.S_ISUID|vfs.S_ISGID|vfs.S_ISVTX|0o755), st.Mode)
	})
	t.Run("a_bit_with_no_os_name_is_EINVAL", func(t *testing.T) {
		_, p := newSystem(t)
		_, err := p.OpenFile("/tmp/f", os.O_RDONLY|1<<30, 0)
		var pe *fs.PathError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "open", pe.Op)
		require.ErrorIs(t, err, vfs.EINVAL)
	})
}
