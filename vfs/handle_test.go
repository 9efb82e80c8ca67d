package vfs_test

import (
	"errors"
	"io"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func TestFileHandle(t *testing.T) {
	t.Run("is_a_reader_writer_seeker_readerat_closer", func(t *testing.T) {
		_, p := newSystem(t)
		h, err := p.OpenFile("/tmp/f", vfs.O_CREAT|vfs.O_RDWR, 0o640)
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
		h, err := p.OpenFile("/tmp/old", vfs.O_CREAT|vfs.O_RDWR, 0o644)
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
		_, err := p.OpenFile("/tmp/missing", vfs.O_RDONLY, 0)
		var pe *fs.PathError
		require.True(t, errors.As(err, &pe))
		require.Equal(t, "open", pe.Op)
		require.Equal(t, "/tmp/missing", pe.Path)
		require.ErrorIs(t, err, fs.ErrNotExist)
		require.ErrorIs(t, err, vfs.ENOENT)
		h, err := p.OpenFile("/tmp", vfs.O_RDONLY, 0)
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
		h, err := p.OpenFile("/home", vfs.O_RDONLY, 0)
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
