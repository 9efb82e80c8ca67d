package tmpfs_test

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

const pg = 4096

// bootTmpfs boots a kernel with a tmpfs mounted on /mnt with options
// ("" is unlimited) and returns its init process.
func bootTmpfs(t testing.TB, options string) *vfs.Process {
	t.Helper()
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	p := k.Init()
	require.NoError(t, p.Mkdir("/mnt", 0o755))
	require.NoError(t, p.Mount("none", "/mnt", "tmpfs", 0, options))
	return p
}

// pagesUsed is what the instance under /mnt says is in use, in pages.
func pagesUsed(t testing.TB, p interface {
	Statfs(string, *vfs.Statfs_t) error
}) int64 {
	t.Helper()
	var fs vfs.Statfs_t
	require.NoError(t, p.Statfs("/mnt", &fs))
	return int64(fs.Blocks) - int64(fs.Bfree)
}

// pagesHeld is st_blocks of fd in pages.
func pagesHeld(t testing.TB, p *vfs.Process, fd int) int64 {
	t.Helper()
	var st vfs.Stat_t
	require.NoError(t, p.Fstat(fd, &st))
	return st.Blocks / (pg / 512)
}

func pwritePage(t testing.TB, p *vfs.Process, fd int, idx int64, b byte) {
	t.Helper()
	n, err := p.Pwrite(fd, bytes.Repeat([]byte{b}, pg), idx*pg)
	require.NoError(t, err)
	require.Equal(t, pg, n)
}

func requirePage(t testing.TB, p *vfs.Process, fd int, idx int64, b byte) {
	t.Helper()
	got := make([]byte, pg)
	n, err := p.Pread(fd, got, idx*pg)
	require.NoError(t, err)
	require.Equal(t, pg, n)
	if i := bytes.IndexFunc(got, func(r rune) bool { return r != rune(b) }); i >= 0 {
		t.Fatalf("page %d: byte %d is %q, want %q", idx, i, got[i], b)
	}
}

// TestPageTable is issue 6's lost pages: a page kept apart from the
// others (far past them) must still be found when the others grow
// over it, and hole punching must free only the pages that are there.
func TestPageTable(t *testing.T) {
	t.Run("a_far_page_survives_the_pages_growing_over_it", func(t *testing.T) {
		p := bootTmpfs(t, "size=1m")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		pwritePage(t, p, fd, 40, 'x')
		for _, idx := range []int64{10, 30, 50} {
			_, err := p.Pwrite(fd, []byte{'y'}, idx*pg)
			require.NoError(t, err)
		}
		requirePage(t, p, fd, 40, 'x')
		require.Equal(t, int64(4), pagesHeld(t, p, fd))
		require.Equal(t, int64(4), pagesUsed(t, p))
	})
	t.Run("last_byte_first_then_front_to_back_then_extended", func(t *testing.T) {
		p := bootTmpfs(t, "size=1m")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		const pages = 40
		_, err = p.Pwrite(fd, []byte{'z'}, pages*pg-1)
		require.NoError(t, err)
		for idx := int64(0); idx < pages-1; idx++ {
			pwritePage(t, p, fd, idx, 'a')
		}
		pwritePage(t, p, fd, pages, 'b') // extends the file
		got := make([]byte, 1)
		_, err = p.Pread(fd, got, pages*pg-1)
		require.NoError(t, err)
		require.Equal(t, "z", string(got))
		require.Equal(t, int64(pages+1), pagesHeld(t, p, fd))
	})
	t.Run("punching_everything_frees_exactly_what_was_held", func(t *testing.T) {
		p := bootTmpfs(t, "size=1m")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		pwritePage(t, p, fd, 40, 'x')
		for _, idx := range []int64{10, 30, 50, 40} {
			pwritePage(t, p, fd, idx, 'y')
		}
		require.Equal(t, pagesHeld(t, p, fd), pagesUsed(t, p))
		require.NoError(t, p.Fallocate(fd, vfs.FALLOC_FL_PUNCH_HOLE|vfs.FALLOC_FL_KEEP_SIZE, 0, 64*pg))
		require.Zero(t, pagesHeld(t, p, fd))
		require.Zero(t, pagesUsed(t, p))
		require.NoError(t, p.Close(fd))
		require.NoError(t, p.Unlink("/mnt/f"))
		require.Zero(t, pagesUsed(t, p))
	})
	t.Run("a_page_at_the_largest_offset_is_freed_by_truncate", func(t *testing.T) {
		p := bootTmpfs(t, "size=1m")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		const top = int64(1<<63 - 1)
		require.NoError(t, fallocateWithin(t, 5*time.Second, p, fd, 0, top-10, 10))
		_, err = p.Pwrite(fd, []byte("end"), top-10)
		require.NoError(t, err)
		require.Equal(t, int64(1), pagesUsed(t, p))
		require.NoError(t, p.Ftruncate(fd, 0))
		require.Zero(t, pagesHeld(t, p, fd))
		require.Zero(t, pagesUsed(t, p))
	})
}

// TestTruncate is ftruncate(2) on fallocated pages.
func TestTruncate(t *testing.T) {
	t.Run("to_the_same_size_drops_pages_fallocated_past_the_end", func(t *testing.T) {
		p := bootTmpfs(t, "size=1m")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		_, err = p.Pwrite(fd, []byte("x"), 0)
		require.NoError(t, err)
		require.NoError(t, p.Fallocate(fd, vfs.FALLOC_FL_KEEP_SIZE, pg, 2*pg))
		require.Equal(t, int64(3), pagesHeld(t, p, fd))
		require.NoError(t, p.Ftruncate(fd, 1))
		require.Equal(t, int64(1), pagesHeld(t, p, fd), "as shmem_setattr: newsize <= oldsize")
		require.Equal(t, int64(1), pagesUsed(t, p))
	})
}

// TestFallocateAgain is fallocate(2) over pages an earlier fallocate
// reserved: shmem makes them uptodate, data of zeros to SEEK_DATA, even
// on the way to an ENOSPC (checked against Linux 6.18).
func TestFallocateAgain(t *testing.T) {
	t.Run("makes_unwritten_pages_data", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		require.NoError(t, p.Fallocate(fd, 0, 0, 4*pg))
		_, err = p.Seek(fd, 0, vfs.SEEK_DATA)
		require.ErrorIs(t, err, vfs.ENXIO)
		require.NoError(t, p.Fallocate(fd, 0, 2*pg, 4*pg))
		off, err := p.Seek(fd, 0, vfs.SEEK_DATA)
		require.NoError(t, err)
		require.Equal(t, int64(2*pg), off)
		off, err = p.Seek(fd, off, vfs.SEEK_HOLE)
		require.NoError(t, err)
		require.Equal(t, int64(4*pg), off, "pages 4 and 5 are new: still holes")
		require.Equal(t, int64(6), pagesHeld(t, p, fd))
		requirePage(t, p, fd, 3, 0)
	})
	t.Run("ENOSPC_leaves_the_pages_before_the_failure_data", func(t *testing.T) {
		p := bootTmpfs(t, "size=64k")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		require.NoError(t, p.Fallocate(fd, vfs.FALLOC_FL_KEEP_SIZE, 0, 4*pg))
		_, err = p.Pwrite(fd, make([]byte, 11*pg), 20*pg)
		require.NoError(t, err)
		require.ErrorIs(t, p.Fallocate(fd, 0, 0, 8*pg), vfs.ENOSPC)
		require.Equal(t, int64(15), pagesHeld(t, p, fd))
		require.Equal(t, int64(15), pagesUsed(t, p))
		off, err := p.Seek(fd, 0, vfs.SEEK_DATA)
		require.NoError(t, err)
		require.Zero(t, off)
	})
}

// fallocateWithin runs Fallocate and panics if it takes longer than d:
// the call still holds the inode lock, so failing the test normally
// would hang its cleanup.
func fallocateWithin(t *testing.T, d time.Duration, p *vfs.Process, fd int, mode uint32, off, length int64) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.Fallocate(fd, mode, off, length) }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		panic(fmt.Sprintf("%s: fallocate(%d, %d, %d) still running after %v", t.Name(), mode, off, length, d))
	}
}

// TestFallocateHuge is issue 6's fallocate of 2^62 bytes: ENOSPC at
// once on a sized instance, as on Linux, and on an unlimited one pages
// that are accounted for but hold no memory until written.
func TestFallocateHuge(t *testing.T) {
	const huge = int64(1) << 62
	t.Run("on_size=1m_is_ENOSPC_at_once", func(t *testing.T) {
		p := bootTmpfs(t, "size=1m")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		for _, mode := range []uint32{0, vfs.FALLOC_FL_KEEP_SIZE} {
			err := fallocateWithin(t, 5*time.Second, p, fd, mode, 0, huge)
			require.ErrorIs(t, err, vfs.ENOSPC)
		}
		var st vfs.Stat_t
		require.NoError(t, p.Fstat(fd, &st))
		require.Zero(t, st.Size)
		require.Zero(t, st.Blocks)
		require.Zero(t, pagesUsed(t, p))
	})
	t.Run("one_page_more_than_is_free_is_ENOSPC_and_takes_nothing", func(t *testing.T) {
		p := bootTmpfs(t, "size=1m")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		pwritePage(t, p, fd, 1<<30, 'x')
		require.ErrorIs(t, p.Fallocate(fd, 0, 0, 1<<20), vfs.ENOSPC)
		require.Equal(t, int64(1), pagesUsed(t, p))
		require.NoError(t, p.Fallocate(fd, 0, 0, 1<<20-pg))
		require.Equal(t, int64(256), pagesUsed(t, p))
		require.Equal(t, int64(256), pagesHeld(t, p, fd))
	})
	t.Run("past_the_largest_file_size_is_EFBIG", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		require.ErrorIs(t, p.Fallocate(fd, 0, 1<<63-11, 100), vfs.EFBIG)
	})
	t.Run("unlimited_holds_no_memory_for_unwritten_pages", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		require.NoError(t, fallocateWithin(t, 5*time.Second, p, fd, 0, 0, 64<<20))
		runtime.GC()
		runtime.ReadMemStats(&after)
		require.Less(t, int64(after.HeapAlloc)-int64(before.HeapAlloc), int64(1<<20),
			"64 MiB fallocated, not written")
		require.Equal(t, int64(64<<20/pg), pagesHeld(t, p, fd))
	})
	t.Run("unlimited_takes_2^62_bytes_at_once", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd, err := p.Open("/mnt/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		require.NoError(t, fallocateWithin(t, 5*time.Second, p, fd, 0, 0, huge))
		var st vfs.Stat_t
		require.NoError(t, p.Fstat(fd, &st))
		require.Equal(t, huge, st.Size)
		require.Equal(t, huge/512, st.Blocks)

		buf := []byte("garbage")
		_, err = p.Pread(fd, buf, huge/2)
		require.NoError(t, err)
		require.Equal(t, make([]byte, len(buf)), buf, "fallocated pages read as zeros")
		_, err = p.Seek(fd, 0, vfs.SEEK_DATA)
		require.ErrorIs(t, err, vfs.ENXIO, "fallocated pages are holes to SEEK_DATA")

		_, err = p.Pwrite(fd, []byte("data"), huge/2+1)
		require.NoError(t, err)
		require.NoError(t, p.Fstat(fd, &st))
		require.Equal(t, huge/512, st.Blocks, "writing a fallocated page takes no more")
		off, err := p.Seek(fd, 0, vfs.SEEK_DATA)
		require.NoError(t, err)
		require.Equal(t, huge/2, off)
		off, err = p.Seek(fd, off, vfs.SEEK_HOLE)
		require.NoError(t, err)
		require.Equal(t, huge/2+pg, off)

		require.NoError(t, p.Fallocate(fd, vfs.FALLOC_FL_PUNCH_HOLE|vfs.FALLOC_FL_KEEP_SIZE, pg, huge))
		require.NoError(t, p.Fstat(fd, &st))
		require.Equal(t, int64(pg/512), st.Blocks, "page 0 is left")
		require.NoError(t, p.Ftruncate(fd, 0))
		require.NoError(t, p.Fstat(fd, &st))
		require.Zero(t, st.Blocks)
	})
}
