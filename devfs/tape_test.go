package devfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/devfs"
	"github.com/govfs/govfs/vfs"
)

func mt(t *testing.T, p *vfs.Process, fd int, op int16, count int32) error {
	t.Helper()
	_, err := p.Ioctl(fd, vfs.MTIOCTOP, &vfs.MtOp{Op: op, Count: count})
	return err
}

func fileno(t *testing.T, p *vfs.Process, fd int) int32 {
	t.Helper()
	var g vfs.MtGet
	_, err := p.Ioctl(fd, vfs.MTIOCGET, &g)
	require.NoError(t, err)
	return g.Fileno
}

// writeTape records the files on nst0, each closed by a file mark.
func writeTape(t *testing.T, p *vfs.Process, files ...string) {
	t.Helper()
	fd := open(t, p, "/dev/nst0", vfs.O_WRONLY)
	for i, f := range files {
		write(t, p, fd, f)
		if i < len(files)-1 {
			require.NoError(t, mt(t, p, fd, vfs.MTWEOF, 1))
		}
	}
	require.NoError(t, p.Close(fd)) // the close after a write adds the last mark
	fd = open(t, p, "/dev/st0", vfs.O_RDONLY)
	require.NoError(t, p.Close(fd)) // st0 rewinds on close
}

// The tape against st(4).
func TestTape(t *testing.T) {
	t.Run("a_read_stops_at_a_file_mark_with_0", func(t *testing.T) {
		_, p := boot(t)
		writeTape(t, p, "first", "second")
		fd := open(t, p, "/dev/nst0", vfs.O_RDONLY)
		require.Equal(t, "first", read(t, p, fd, 100))
		require.Equal(t, "", read(t, p, fd, 100), "the mark")
		require.Equal(t, "second", read(t, p, fd, 100), "the next file")
	})

	t.Run("closing_nst0_leaves_the_head_after_the_mark", func(t *testing.T) {
		_, p := boot(t)
		writeTape(t, p, "first", "second")
		for _, want := range []string{"first", "second"} {
			fd := open(t, p, "/dev/nst0", vfs.O_RDONLY)
			require.Equal(t, want, read(t, p, fd, 100))
			require.Equal(t, "", read(t, p, fd, 100))
			require.NoError(t, p.Close(fd))
		}
	})

	t.Run("closing_st0_rewinds", func(t *testing.T) {
		_, p := boot(t)
		writeTape(t, p, "first", "second")
		for range 2 {
			fd := open(t, p, "/dev/st0", vfs.O_RDONLY)
			require.Equal(t, "first", read(t, p, fd, 100))
			require.NoError(t, p.Close(fd))
		}
	})

	t.Run("end_of_data_reads_0_twice_then_EIO", func(t *testing.T) {
		_, p := boot(t)
		writeTape(t, p, "only")
		fd := open(t, p, "/dev/nst0", vfs.O_RDONLY)
		require.Equal(t, "only", read(t, p, fd, 100))
		require.Equal(t, "", read(t, p, fd, 100))
		require.Equal(t, "", read(t, p, fd, 100))
		require.Equal(t, "", read(t, p, fd, 100))
		_, err := p.Read(fd, make([]byte, 10))
		requireErrno(t, err, vfs.EIO)
	})

	t.Run("MTFSF_MTBSF_MTREW_MTEOM_move_the_head_and_MTIOCGET_reports_the_file", func(t *testing.T) {
		_, p := boot(t)
		writeTape(t, p, "a", "b", "c")
		fd := open(t, p, "/dev/nst0", vfs.O_RDONLY)
		require.EqualValues(t, 0, fileno(t, p, fd))
		require.NoError(t, mt(t, p, fd, vfs.MTFSF, 2))
		require.EqualValues(t, 2, fileno(t, p, fd))
		require.Equal(t, "c", read(t, p, fd, 10))
		require.NoError(t, mt(t, p, fd, vfs.MTREW, 1))
		require.EqualValues(t, 0, fileno(t, p, fd))
		require.NoError(t, mt(t, p, fd, vfs.MTFSF, 2))
		require.NoError(t, mt(t, p, fd, vfs.MTBSF, 1))
		require.EqualValues(t, 1, fileno(t, p, fd), "before the mark that ends file 1")
		require.Equal(t, "", read(t, p, fd, 10), "that mark")
		require.Equal(t, "c", read(t, p, fd, 10))
		require.NoError(t, mt(t, p, fd, vfs.MTEOM, 1))
		require.EqualValues(t, 3, fileno(t, p, fd))
	})

	t.Run("spacing_past_either_end_is_EIO", func(t *testing.T) {
		_, p := boot(t)
		writeTape(t, p, "a", "b")
		fd := open(t, p, "/dev/nst0", vfs.O_RDONLY)
		requireErrno(t, mt(t, p, fd, vfs.MTFSF, 5), vfs.EIO)
		require.EqualValues(t, 2, fileno(t, p, fd), "left at the end of data")
		requireErrno(t, mt(t, p, fd, vfs.MTBSF, 5), vfs.EIO)
		require.EqualValues(t, 0, fileno(t, p, fd), "left at the beginning")
	})

	t.Run("MTEOM_then_write_appends_a_file", func(t *testing.T) {
		k, p := boot(t)
		writeTape(t, p, "a")
		fd := open(t, p, "/dev/nst0", vfs.O_WRONLY)
		require.NoError(t, mt(t, p, fd, vfs.MTEOM, 1))
		write(t, p, fd, "b")
		require.NoError(t, p.Close(fd))
		n, _ := devfs.Of(k).Tape.Files()
		require.Equal(t, 2, n)
	})

	t.Run("writing_in_the_middle_ends_the_recorded_data", func(t *testing.T) {
		k, p := boot(t)
		writeTape(t, p, "a", "b", "c")
		fd := open(t, p, "/dev/nst0", vfs.O_WRONLY)
		require.NoError(t, mt(t, p, fd, vfs.MTFSF, 1))
		write(t, p, fd, "B")
		require.NoError(t, p.Close(fd))
		n, _ := devfs.Of(k).Tape.Files()
		require.Equal(t, 2, n, "c is gone")
	})

	t.Run("one_user_at_a_time_EBUSY", func(t *testing.T) {
		_, p := boot(t)
		fd := open(t, p, "/dev/nst0", vfs.O_RDONLY)
		_, err := p.Open("/dev/st0", vfs.O_RDONLY, 0)
		requireErrno(t, err, vfs.EBUSY)
		require.NoError(t, p.Close(fd))
		require.NoError(t, p.Close(open(t, p, "/dev/st0", vfs.O_RDONLY)))
	})

	t.Run("bad_requests", func(t *testing.T) {
		_, p := boot(t)
		fd := open(t, p, "/dev/nst0", vfs.O_RDWR)
		_, err := p.Ioctl(fd, vfs.MTIOCTOP, nil)
		requireErrno(t, err, vfs.EFAULT)
		_, err = p.Ioctl(fd, vfs.MTIOCGET, &vfs.MtOp{})
		requireErrno(t, err, vfs.EFAULT)
		requireErrno(t, mt(t, p, fd, 99, 1), vfs.ENOSYS)
		requireErrno(t, mt(t, p, fd, vfs.MTWEOF, -1), vfs.EINVAL)
		_, err = p.IoctlGetTermios(fd, vfs.TCGETS)
		requireErrno(t, err, vfs.ENOTTY)
	})

	t.Run("the_end_of_the_medium_is_ENOSPC", func(t *testing.T) {
		k, p := boot(t)
		_ = k
		fd := open(t, p, "/dev/nst0", vfs.O_WRONLY)
		n, err := p.Write(fd, make([]byte, 2<<20))
		require.NoError(t, err)
		require.Equal(t, 1<<20, n, "the default tape holds 1 MiB")
		_, err = p.Write(fd, []byte("x"))
		requireErrno(t, err, vfs.ENOSPC)
	})
}
