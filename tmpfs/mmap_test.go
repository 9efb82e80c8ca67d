package tmpfs_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// openMapped makes /mnt/f with size bytes of 'a' and returns it open
// read-write.
func openMapped(t *testing.T, p *vfs.Process, size int) int {
	t.Helper()
	fd, err := p.Open("/mnt/f", vfs.O_RDWR|vfs.O_CREAT, 0o644)
	require.NoError(t, err)
	if size > 0 {
		_, err = p.Pwrite(fd, bytes.Repeat([]byte{'a'}, size), 0)
		require.NoError(t, err)
	}
	return fd
}

func preadAll(t *testing.T, p *vfs.Process, fd int, n int, off int64) []byte {
	t.Helper()
	b := make([]byte, n)
	got, err := p.Pread(fd, b, off)
	require.NoError(t, err)
	return b[:got]
}

func TestMmapShared(t *testing.T) {
	t.Run("store_through_the_map_is_seen_by_read", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, 3*pg)
		b, err := p.Mmap(fd, 0, 3*pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
		require.NoError(t, err)
		require.Len(t, b, 3*pg)
		copy(b[pg-2:], "hello") // across a page boundary
		require.Equal(t, "aahelloa", string(preadAll(t, p, fd, 8, pg-4)))
		require.NoError(t, p.Munmap(b))
	})
	t.Run("write_is_seen_through_the_map", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, 2*pg)
		b, err := p.Mmap(fd, pg, pg, vfs.PROT_READ, vfs.MAP_SHARED)
		require.NoError(t, err)
		_, err = p.Pwrite(fd, []byte("xyz"), pg+10)
		require.NoError(t, err)
		require.Equal(t, "axyza", string(b[9:14]))
		require.NoError(t, p.Munmap(b))
	})
	t.Run("two_maps_of_one_page_alias", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, 2*pg)
		b1, err := p.Mmap(fd, 0, 2*pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
		require.NoError(t, err)
		b2, err := p.Mmap(fd, pg, pg, vfs.PROT_READ, vfs.MAP_SHARED)
		require.NoError(t, err)
		b1[pg] = 'Z'
		require.Equal(t, byte('Z'), b2[0])
		require.NoError(t, p.Munmap(b1))
		require.NoError(t, p.Munmap(b2))
		require.Equal(t, vfs.EINVAL, p.Munmap(b2), "a second munmap of the same mapping")
	})
	t.Run("hole_in_the_map_becomes_data", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, 0)
		require.NoError(t, p.Ftruncate(fd, 3*pg))
		b, err := p.Mmap(fd, 0, 3*pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
		require.NoError(t, err)
		b[2*pg+1] = 'q'
		require.Equal(t, []byte{0, 'q'}, preadAll(t, p, fd, 2, 2*pg))
		require.NoError(t, p.Munmap(b))
	})
	t.Run("extending_a_mapped_file_shows_through", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, 10)
		b, err := p.Mmap(fd, 0, 2*pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
		require.NoError(t, err)
		_, err = p.Pwrite(fd, []byte("end"), 2*pg-3)
		require.NoError(t, err)
		require.Equal(t, "end", string(b[2*pg-3:]))
		b[pg+5] = 'm' // in the hole the write left: now data
		require.Equal(t, []byte{'m'}, preadAll(t, p, fd, 1, pg+5))
		require.NoError(t, p.Munmap(b))
	})
}

func TestMmapPrivate(t *testing.T) {
	t.Run("store_is_not_seen_by_read", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, pg)
		b, err := p.Mmap(fd, 0, pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_PRIVATE)
		require.NoError(t, err)
		require.Equal(t, byte('a'), b[0])
		b[0] = 'P'
		require.Equal(t, "a", string(preadAll(t, p, fd, 1, 0)))
		require.NoError(t, p.Munmap(b))
	})
	t.Run("holes_under_it_get_pages_as_linux_read_faults_give_them", func(t *testing.T) {
		// Found by the random differential: on Linux the fault allocates
		// page 0, so SEEK_DATA from 0 finds it.
		p := bootTmpfs(t, "")
		fd, err := p.Open("/tmp/holes", vfs.O_RDWR|vfs.O_CREAT, 0o644)
		require.NoError(t, err)
		_, err = p.Pwrite(fd, []byte("a"), 2*pg-1)
		require.NoError(t, err)
		b, err := p.Mmap(fd, 0, 1, vfs.PROT_READ, vfs.MAP_PRIVATE)
		require.NoError(t, err)
		off, err := p.Seek(fd, 0, vfs.SEEK_DATA)
		require.NoError(t, err)
		require.Zero(t, off)
		require.NoError(t, p.Munmap(b))
	})
	t.Run("past_the_end_reads_zeros", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, 5)
		b, err := p.Mmap(fd, 0, 2*pg, vfs.PROT_READ, vfs.MAP_PRIVATE)
		require.NoError(t, err)
		require.Equal(t, "aaaaa\x00", string(b[:6]))
		require.Equal(t, make([]byte, pg), b[pg:])
		require.NoError(t, p.Munmap(b))
	})
}

func TestMmapTruncate(t *testing.T) {
	t.Run("truncate_below_the_map_reads_zeros_and_never_panics", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, 4*pg)
		b, err := p.Mmap(fd, 0, 4*pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
		require.NoError(t, err)
		require.NoError(t, p.Ftruncate(fd, pg+100))
		require.Equal(t, byte('a'), b[pg+99])
		require.Equal(t, make([]byte, 3*pg-100), b[pg+100:], "freed and cut pages read zeros")
		b[3*pg] = 'x' // Linux: SIGBUS; here: lost
		require.NoError(t, p.Ftruncate(fd, 4*pg))
		require.Equal(t, byte(0), b[3*pg], "extension brings zeroed pages back")
		require.Equal(t, make([]byte, 3*pg-100), preadAll(t, p, fd, 3*pg-100, pg+100))
		b[3*pg] = 'y'
		require.Equal(t, "y", string(preadAll(t, p, fd, 1, 3*pg)))
		require.NoError(t, p.Munmap(b))
	})
	t.Run("truncated_pages_never_reach_another_file", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, 2*pg)
		b, err := p.Mmap(fd, 0, 2*pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
		require.NoError(t, err)
		require.NoError(t, p.Ftruncate(fd, 0))
		g, err := p.Open("/mnt/g", vfs.O_RDWR|vfs.O_CREAT, 0o644)
		require.NoError(t, err)
		for i := range 64 {
			pwritePage(t, p, g, int64(i), 'g')
		}
		for i := range b {
			b[i] = 'X' // a stray store into freed pages
		}
		for i := range 64 {
			requirePage(t, p, g, int64(i), 'g')
		}
		require.NoError(t, p.Munmap(b))
	})
	t.Run("statfs_is_back_to_free_after_unlink_and_munmap", func(t *testing.T) {
		p := bootTmpfs(t, "size=1M")
		before := pagesUsed(t, p)
		fd := openMapped(t, p, 0)
		require.NoError(t, p.Ftruncate(fd, 8*pg))
		b, err := p.Mmap(fd, 0, 8*pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
		require.NoError(t, err)
		require.Equal(t, before+8, pagesUsed(t, p), "a shared mapping faults its pages in")
		require.NoError(t, p.Close(fd))
		require.NoError(t, p.Unlink("/mnt/f"))
		b[0] = 1 // the mapping keeps the file
		require.Equal(t, before+8, pagesUsed(t, p))
		require.NoError(t, p.Munmap(b))
		require.Equal(t, before, pagesUsed(t, p))
	})
}

func TestMmapAfterMunmap(t *testing.T) {
	t.Run("the_file_is_still_fine", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, pg)
		b, err := p.Mmap(fd, 0, pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
		require.NoError(t, err)
		b[0] = 'M'
		require.NoError(t, p.Munmap(b))
		_, err = p.Pwrite(fd, []byte("w"), 1)
		require.NoError(t, err)
		require.Equal(t, "Mwa", string(preadAll(t, p, fd, 3, 0)))
		b2, err := p.Mmap(fd, 0, 2*pg, vfs.PROT_READ, vfs.MAP_SHARED)
		require.NoError(t, err, "a larger map once the first is gone")
		require.Equal(t, "Mwa", string(b2[:3]))
		require.NoError(t, p.Munmap(b2))
	})
	t.Run("map_past_a_live_region_is_ENOMEM", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, pg)
		b, err := p.Mmap(fd, 0, pg, vfs.PROT_READ, vfs.MAP_SHARED)
		require.NoError(t, err)
		b2, err := p.Mmap(fd, pg, pg, vfs.PROT_READ, vfs.MAP_SHARED)
		require.NoError(t, err, "within the room the region keeps to grow")
		_, err = p.Mmap(fd, pg, 4*pg, vfs.PROT_READ, vfs.MAP_SHARED)
		require.Equal(t, vfs.ENOMEM, err)
		require.NoError(t, p.Munmap(b))
		require.NoError(t, p.Munmap(b2))
	})
}

func TestMmapRegionEdges(t *testing.T) {
	t.Run("punched_hole_reads_zeros_and_takes_stores_again", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, 3*pg)
		b, err := p.Mmap(fd, 0, 3*pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
		require.NoError(t, err)
		require.NoError(t, p.Fallocate(fd, vfs.FALLOC_FL_PUNCH_HOLE|vfs.FALLOC_FL_KEEP_SIZE, pg, pg))
		require.Equal(t, make([]byte, pg), b[pg:2*pg])
		b[pg+1] = 'h'
		require.Equal(t, []byte{0, 'h'}, preadAll(t, p, fd, 2, pg))
		require.NoError(t, p.Munmap(b))
	})
	t.Run("fallocated_pages_in_a_map_hold_stores", func(t *testing.T) {
		p := bootTmpfs(t, "size=1M")
		before := pagesUsed(t, p)
		fd := openMapped(t, p, 0)
		b, err := p.Mmap(fd, 0, 4*pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
		require.NoError(t, err)
		require.Equal(t, before, pagesUsed(t, p), "an empty file faults nothing in")
		require.NoError(t, p.Fallocate(fd, 0, 0, 2*pg))
		require.Equal(t, before+2, pagesUsed(t, p))
		b[pg] = 'f'
		require.Equal(t, "f", string(preadAll(t, p, fd, 1, pg)))
		require.NoError(t, p.Munmap(b))
	})
	t.Run("far_offset_of_a_sparse_file", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, 0)
		const far = int64(1) << 40
		_, err := p.Pwrite(fd, []byte("far"), far+pg)
		require.NoError(t, err)
		b, err := p.Mmap(fd, far, 2*pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
		require.NoError(t, err)
		require.Equal(t, "far", string(b[pg:pg+3]))
		b[0] = 'z'
		require.Equal(t, "z", string(preadAll(t, p, fd, 1, far)))
		require.NoError(t, p.Munmap(b))
	})
	t.Run("private_map_charges_the_holes_it_reads_not_its_copy", func(t *testing.T) {
		p := bootTmpfs(t, "size=1M")
		fd := openMapped(t, p, 0)
		require.NoError(t, p.Ftruncate(fd, 8*pg))
		before := pagesUsed(t, p)
		b, err := p.Mmap(fd, 0, 8*pg, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_PRIVATE)
		require.NoError(t, err)
		require.Equal(t, before+8, pagesUsed(t, p), "the read faults' pages, in the file")
		b[0] = 'x'
		require.Equal(t, before+8, pagesUsed(t, p), "the copy is the process's")
		require.NoError(t, p.Munmap(b))
	})
	t.Run("full_instance_is_ENOMEM", func(t *testing.T) {
		p := bootTmpfs(t, "size=16k")
		fd := openMapped(t, p, 0)
		require.NoError(t, p.Ftruncate(fd, 8*pg))
		_, err := p.Mmap(fd, 0, 8*pg, vfs.PROT_READ, vfs.MAP_SHARED)
		require.Equal(t, vfs.ENOMEM, err)
		require.NoError(t, p.Ftruncate(fd, 0))
		require.Equal(t, int64(0), pagesUsed(t, p), "the pages faulted in before the failure went with the truncate")
	})
	t.Run("shutdown_with_a_live_mapping", func(t *testing.T) {
		p := bootTmpfs(t, "")
		fd := openMapped(t, p, pg)
		_, err := p.Mmap(fd, 0, pg, vfs.PROT_READ, vfs.MAP_SHARED)
		require.NoError(t, err)
		p.Kernel().Shutdown() // exit drops the mapping; the Cleanup's second Shutdown does nothing
		require.Zero(t, p.Mappings())
	})
}

func TestMmapFarWriteIsQuick(t *testing.T) {
	p := bootTmpfs(t, "")
	fd := openMapped(t, p, pg)
	b, err := p.Mmap(fd, 0, pg, vfs.PROT_READ, vfs.MAP_SHARED)
	require.NoError(t, err)
	start := time.Now()
	_, err = p.Pwrite(fd, []byte("x"), 1<<50) // the hole it leaves is 2^38 pages, none in the region
	require.NoError(t, err)
	require.Less(t, time.Since(start), time.Second)
	require.NoError(t, p.Munmap(b))
}
