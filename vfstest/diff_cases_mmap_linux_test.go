//go:build linux

package vfstest_test

import (
	"fmt"
	"math"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// mmap(2) of tmpfs files, seen through what a mapping leaves in the
// file: its data, SEEK_DATA and SEEK_HOLE, st_blocks.
var mmapScenarios = []vfstest.Scenario{
	// A fault gives a hole a page (shmem_fault), and only a touch
	// faults: MmapRW reads every page of a readable or writable mapping
	// that lies within the file, and nothing can touch a PROT_NONE one
	// (or PROT_EXEC alone, or only unknown bits), so the holes under it
	// stay holes. MAP_POPULATE faults what a touch could: nothing under
	// PROT_NONE. Found by the random differential (seed 2654): a
	// MAP_PRIVATE PROT_NONE map of a 1-byte sparse file made SEEK_DATA 0
	// in govfs, ENXIO on Linux.
	sc("mmap_faults_in_only_the_pages_it_can_touch", func(s *vfstest.Session) {
		files := []struct {
			name string
			make func(fd int)
		}{
			{"sparse_1_byte", func(fd int) { s.Ftruncate(fd, 1) }},
			{"data_at_8192_after_two_holes", func(fd int) { s.Pwrite(fd, "x", 8192) }},
		}
		for i, file := range files {
			for _, flags := range []int{unix.MAP_PRIVATE, unix.MAP_SHARED, unix.MAP_PRIVATE | unix.MAP_POPULATE, unix.MAP_SHARED | unix.MAP_POPULATE} {
				for _, prot := range []int{unix.PROT_NONE, unix.PROT_READ, unix.PROT_WRITE,
					unix.PROT_READ | unix.PROT_WRITE, unix.PROT_EXEC, 0x100} {
					if prot == unix.PROT_EXEC && flags&unix.MAP_POPULATE != 0 {
						continue // Linux populates it; govfs's backend is not told MAP_POPULATE
					}
					for _, off := range []int64{0, 4096} {
						name := fmt.Sprintf("f%d.%x.%x.%d", i, flags, prot, off)
						fd := s.Open(name, creatRW, 0o644)
						file.make(fd)
						s.MmapRW(fd, off, 3*4096, prot, flags, "")
						for _, at := range []int64{0, 1, 4096, 8192} {
							s.Seek(fd, at, unix.SEEK_DATA)
							s.Seek(fd, at, unix.SEEK_HOLE)
						}
						s.Blocks(fd)
						s.Close(fd)
					}
				}
			}
		}
	}),
	// The pages under a mapping of a file of 2^63-1 bytes are counted
	// without overflowing, so a store through a shared mapping reaches
	// the file. Found by the random differential (seed 8849).
	sc("mmap_of_the_largest_file_stores_into_it", func(s *vfstest.Session) {
		for i, flags := range []int{unix.MAP_SHARED, unix.MAP_PRIVATE} {
			fd := s.Open(fmt.Sprintf("big%d", i), creatRW, 0o644)
			s.Ftruncate(fd, math.MaxInt64)
			s.MmapRW(fd, 0, 1, unix.PROT_READ|unix.PROT_WRITE, flags, "x")
			s.Read(fd, 1)
			s.Seek(fd, 0, unix.SEEK_DATA)
			s.Seek(fd, 0, unix.SEEK_HOLE)
			s.Blocks(fd)
			s.Close(fd)
		}
	}),
}
