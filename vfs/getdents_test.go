package vfs_test

import (
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// getdents64: the record layout, d_off cookies and lseek, the EINVAL for
// a small buffer, and listings that run while other goroutines change
// the directory.

// dirent is one linux_dirent64 record as it lies in the buffer.
type dirent struct {
	ino    uint64
	off    int64
	reclen int
	typ    uint8
	name   string
}

// parseRecords decodes every record in buf and checks the bytes that are
// not fields: a NUL after the name and zero padding to 8 bytes.
func parseRecords(t *testing.T, buf []byte) []dirent {
	t.Helper()
	var out []dirent
	for len(buf) > 0 {
		require.GreaterOrEqual(t, len(buf), 24, "a record is at least 24 bytes")
		d := dirent{
			ino:    binary.LittleEndian.Uint64(buf[0:]),
			off:    int64(binary.LittleEndian.Uint64(buf[8:])),
			reclen: int(binary.LittleEndian.Uint16(buf[16:])),
			typ:    buf[18],
		}
		require.Zero(t, d.reclen%8, "reclen is 8-aligned")
		require.LessOrEqual(t, d.reclen, len(buf))
		name, pad, ok := strings.Cut(string(buf[19:d.reclen]), "\x00")
		require.True(t, ok, "the name is NUL-terminated")
		require.Equal(t, strings.Repeat("\x00", len(pad)), pad, "padding is zeros")
		d.name = name
		require.Equal(t, (19+len(name)+1+7)&^7, d.reclen, "reclen of %q", name)
		out = append(out, d)
		buf = buf[d.reclen:]
	}
	return out
}

// readRecords reads the directory fd to its end with a buffer of size.
func readRecords(t *testing.T, p *vfs.Process, fd, size int) []dirent {
	t.Helper()
	var out []dirent
	buf := make([]byte, size)
	for {
		n, err := p.Getdents(fd, buf)
		require.NoError(t, err)
		if n == 0 {
			return out
		}
		out = append(out, parseRecords(t, buf[:n])...)
	}
}

func TestGetdents(t *testing.T) {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/tmp/d", 0o755))
	require.NoError(t, p.Mkdir("/tmp/d/sub", 0o755))
	writeFile(t, p, "/tmp/d/file", "", 0o644)
	require.NoError(t, p.Symlink("file", "/tmp/d/link"))
	require.NoError(t, p.Mkfifo("/tmp/d/fifo", 0o644))
	long := strings.Repeat("L", 200)
	writeFile(t, p, "/tmp/d/"+long, "", 0o644)
	fd, err := p.Open("/tmp/d", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err)
	defer p.Close(fd)
	all := readRecords(t, p, fd, 4096)

	t.Run("records_carry_ino_type_and_name", func(t *testing.T) {
		want := map[string]uint8{".": vfs.DT_DIR, "..": vfs.DT_DIR, "sub": vfs.DT_DIR, "file": vfs.DT_REG,
			"link": vfs.DT_LNK, "fifo": vfs.DT_FIFO, long: vfs.DT_REG}
		require.Len(t, all, len(want))
		for _, d := range all {
			require.Equal(t, want[d.name], d.typ, d.name)
			var st vfs.Stat_t
			require.NoError(t, p.Lstat("/tmp/d/"+d.name, &st))
			require.Equal(t, st.Ino, d.ino, d.name)
		}
		require.Equal(t, []string{".", ".."}, []string{all[0].name, all[1].name}, "the dots come first")
	})
	t.Run("d_off_cookies_increase", func(t *testing.T) {
		for i := 1; i < len(all); i++ {
			require.Greater(t, all[i].off, all[i-1].off)
		}
	})
	t.Run("d_off_cookies_resume_after_seek", func(t *testing.T) {
		buf := make([]byte, 4096)
		for i, d := range all {
			off, err := p.Seek(fd, d.off, vfs.SEEK_SET)
			require.NoError(t, err)
			require.Equal(t, d.off, off)
			n, err := p.Getdents(fd, buf)
			require.NoError(t, err)
			got := parseRecords(t, buf[:n])
			require.Len(t, got, len(all)-i-1, "after the cookie of %q", d.name)
			if len(got) > 0 {
				require.Equal(t, all[i+1:], got, "after the cookie of %q", d.name)
			}
		}
		_, err := p.Seek(fd, 0, vfs.SEEK_SET)
		require.NoError(t, err)
		require.Equal(t, all, readRecords(t, p, fd, 4096), "offset 0 starts over")
	})
	t.Run("one_record_at_a_time_gives_the_same_listing", func(t *testing.T) {
		_, err := p.Seek(fd, 0, vfs.SEEK_SET)
		require.NoError(t, err)
		require.Equal(t, all, readRecords(t, p, fd, 232), "232 bytes fit only the longest record")
	})
	t.Run("a_buffer_smaller_than_one_record_is_EINVAL", func(t *testing.T) {
		_, err := p.Seek(fd, 0, vfs.SEEK_SET)
		require.NoError(t, err)
		_, err = p.Getdents(fd, make([]byte, 23))
		requireErrno(t, err, vfs.EINVAL)
		n, err := p.Getdents(fd, make([]byte, 24))
		require.NoError(t, err)
		require.Equal(t, 24, n, "exactly one record fits")
		var longOff int64
		for i, d := range all {
			if d.name == long {
				longOff = all[i-1].off
			}
		}
		_, err = p.Seek(fd, longOff, vfs.SEEK_SET)
		require.NoError(t, err)
		_, err = p.Getdents(fd, make([]byte, 64))
		requireErrno(t, err, vfs.EINVAL, "the next record needs 224 bytes")
		n, err = p.Getdents(fd, make([]byte, 224))
		require.NoError(t, err)
		require.Equal(t, 224, n, "the failed call did not move the offset")
	})
	t.Run("the_end_of_the_directory_reads_zero", func(t *testing.T) {
		n, err := p.Getdents(fd, make([]byte, 4096))
		require.NoError(t, err)
		require.Zero(t, n)
	})
	t.Run("getdents_on_a_file_is_ENOTDIR", func(t *testing.T) {
		ffd, err := p.Open("/tmp/d/file", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		defer p.Close(ffd)
		_, err = p.Getdents(ffd, make([]byte, 4096))
		requireErrno(t, err, vfs.ENOTDIR)
	})
	t.Run("getdents_on_a_removed_directory_is_ENOENT", func(t *testing.T) {
		dfd, err := p.Open("/tmp/d/sub", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		require.NoError(t, err)
		defer p.Close(dfd)
		require.NoError(t, p.Rmdir("/tmp/d/sub"))
		_, err = p.Getdents(dfd, make([]byte, 4096))
		requireErrno(t, err, vfs.ENOENT)
	})
}

// TestGetdentsDuringChanges lists a directory in small steps while
// goroutines create and remove other names in it: every name that lived
// through the whole listing appears exactly once.
func TestGetdentsDuringChanges(t *testing.T) {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/tmp/d", 0o777))
	const stable = 300
	for i := range stable {
		writeFile(t, p, fmt.Sprintf("/tmp/d/stable%03d", i), "", 0o644)
	}

	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				name := fmt.Sprintf("/tmp/d/churn%d_%d", w, i%50)
				if fd, err := p.Open(name, vfs.O_CREAT|vfs.O_WRONLY, 0o644); err == nil {
					p.Close(fd)
				}
				if i%3 == 0 {
					p.Rename(name, name+"_moved")
					p.Unlink(name + "_moved")
				} else {
					p.Unlink(name)
				}
			}
		}()
	}
	defer func() { stop.Store(true); wg.Wait() }()

	for round := range 20 {
		fd, err := p.Open("/tmp/d", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		require.NoError(t, err)
		seen := make(map[string]int)
		buf := make([]byte, 128) // a few records per call
		for {
			n, err := p.Getdents(fd, buf)
			require.NoError(t, err)
			if n == 0 {
				break
			}
			_, _, names := vfs.ParseDirent(buf[:n], -1, nil)
			for _, name := range names {
				seen[name]++
			}
		}
		require.NoError(t, p.Close(fd))
		for i := range stable {
			name := fmt.Sprintf("stable%03d", i)
			require.Equalf(t, 1, seen[name], "round %d: %s seen %d times", round, name, seen[name])
		}
	}
}
