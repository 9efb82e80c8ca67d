//go:build linux

package vfstest_test

import (
	"math"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// read, write, pread, pwrite and unlinked-but-open files.
var rwScenarios = []vfstest.Scenario{
	sc("read_write_move_the_shared_offset", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Write(fd, "hello world")
		s.Read(fd, 5)
		s.Seek(fd, 0, unix.SEEK_SET)
		s.Read(fd, 5)
		s.Read(fd, 100)
		s.Read(fd, 100)
		s.Write(fd, "")
	}),
	sc("pread_pwrite_do_not_move_the_offset", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Write(fd, "abcdef")
		s.Pwrite(fd, "XY", 1)
		s.Pread(fd, 3, 2)
		s.Pread(fd, 10, 6)
		s.Pread(fd, 10, 100)
		s.Seek(fd, 0, unix.SEEK_CUR)
		s.Read(fd, 10)
	}),
	sc("pread_pwrite_with_negative_offset_are_EINVAL", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Pread(fd, 1, -1)
		s.Pwrite(fd, "x", -1)
		s.Fstat(fd)
	}),
	sc("read_on_write_only_fd_is_EBADF", func(s *vfstest.Session) {
		fd := s.Open("f", creatWR, 0o644)
		s.Read(fd, 1)
		s.Pread(fd, 1, 0)
	}),
	sc("write_on_read_only_fd_is_EBADF", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Write(fd, "y")
		s.Pwrite(fd, "y", 0)
	}),
	sc("calls_on_a_bad_fd_are_EBADF", func(s *vfstest.Session) {
		bad := s.FD(40)
		s.Read(bad, 1)
		s.Write(bad, "x")
		s.Pread(bad, 1, 0)
		s.Seek(bad, 0, unix.SEEK_SET)
		s.Fstat(bad)
		s.Close(bad)
		s.Close(-1)
		s.Ftruncate(bad, 0)
		s.Fchmod(bad, 0o644)
		s.Getdents(bad, 4096)
	}),
	sc("read_on_directory_is_EISDIR", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		fd := s.Open("d", dirOnly, 0)
		s.Read(fd, 10)
		s.Pread(fd, 10, 0)
		s.Write(fd, "x")
	}),
	sc("sparse_pwrite_far_away_reads_back_zeros", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Pwrite(fd, "end", 1<<20)
		s.Fstat(fd)
		s.Pread(fd, 4096, 4096)
		s.Pread(fd, 8, 1<<20-5)
		s.Read(fd, 16)
	}),
	sc("write_after_seek_past_end_leaves_zero_gap", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Write(fd, "ab")
		s.Seek(fd, 6, unix.SEEK_SET)
		s.Write(fd, "cd")
		s.Pread(fd, 100, 0)
		s.Fstat(fd)
	}),
	sc("large_write_then_read_back_in_chunks", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Write(fd, strings.Repeat("0123456789abcdef", 1024))
		s.Seek(fd, 0, unix.SEEK_SET)
		s.Read(fd, 10000)
		s.Read(fd, 10000)
		s.Read(fd, 10000)
	}),
	sc("unlinked_open_file_stays_readable_through_its_fd", func(s *vfstest.Session) {
		s.WriteFile("f", "still here", 0o644)
		fd := s.Open("f", unix.O_RDWR, 0)
		s.Unlink("f")
		s.Stat("f")
		s.Read(fd, 100)
		s.Write(fd, "!")
		s.Pread(fd, 100, 0)
		s.Fstat(fd)
	}),
	sc("rewritten_file_seen_by_every_open_fd", func(s *vfstest.Session) {
		s.WriteFile("f", "aaaa", 0o644)
		a := s.Open("f", unix.O_RDWR, 0)
		b := s.Open("f", readOnly, 0)
		s.Pwrite(a, "bb", 1)
		s.Read(b, 10)
	}),
	sc("dup_fds_share_offset_but_independent_opens_do_not", func(s *vfstest.Session) {
		s.WriteFile("f", "0123456789", 0o644)
		a := s.Open("f", readOnly, 0)
		b := s.Dup(a)
		c := s.Open("f", readOnly, 0)
		s.Read(a, 3)
		s.Read(b, 3)
		s.Read(c, 3)
	}),
}

// lseek, truncate, ftruncate and fallocate.
var seekTruncScenarios = []vfstest.Scenario{
	sc("lseek_end_and_cur_are_relative", func(s *vfstest.Session) {
		s.WriteFile("f", "0123456789", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Seek(fd, -3, unix.SEEK_END)
		s.Read(fd, 10)
		s.Seek(fd, -5, unix.SEEK_CUR)
		s.Read(fd, 2)
		s.Seek(fd, 100, unix.SEEK_END)
		s.Read(fd, 2)
	}),
	sc("lseek_to_negative_offset_is_EINVAL", func(s *vfstest.Session) {
		s.WriteFile("f", "0123", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Seek(fd, 2, unix.SEEK_SET)
		s.Seek(fd, -1, unix.SEEK_SET)
		s.Seek(fd, -10, unix.SEEK_END)
		s.Seek(fd, -3, unix.SEEK_CUR)
		s.Seek(fd, 0, unix.SEEK_CUR)
	}),
	sc("lseek_bad_whence_is_EINVAL", func(s *vfstest.Session) {
		s.WriteFile("f", "0123", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Seek(fd, 0, 5)
		s.Seek(fd, 0, -1)
	}),
	sc("lseek_data_and_hole_on_a_dense_file", func(s *vfstest.Session) {
		s.WriteFile("f", "0123456789", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Seek(fd, 0, unix.SEEK_DATA)
		s.Seek(fd, 4, unix.SEEK_DATA)
		s.Seek(fd, 0, unix.SEEK_HOLE)
		s.Seek(fd, 10, unix.SEEK_DATA)
		s.Seek(fd, 10, unix.SEEK_HOLE)
		s.Seek(fd, 11, unix.SEEK_HOLE)
		s.Seek(fd, -1, unix.SEEK_DATA)
	}),
	sc("lseek_data_on_empty_file_is_ENXIO", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Seek(fd, 0, unix.SEEK_DATA)
		s.Seek(fd, 0, unix.SEEK_HOLE)
	}),
	sc("truncate_grows_with_zeros_and_shrinks", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		s.Truncate("f", 8)
		fd := s.Open("f", readOnly, 0)
		s.Read(fd, 100)
		s.Truncate("f", 2)
		s.Pread(fd, 100, 0)
		s.Stat("f")
	}),
	sc("ftruncate_shrinks_below_offset_then_read_is_eof", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Write(fd, "0123456789")
		s.Ftruncate(fd, 4)
		s.Read(fd, 10)
		s.Seek(fd, 0, unix.SEEK_CUR)
		s.Write(fd, "X")
		s.Pread(fd, 100, 0)
	}),
	sc("truncate_to_negative_length_is_EINVAL", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		s.Truncate("f", -1)
		fd := s.Open("f", unix.O_RDWR, 0)
		s.Ftruncate(fd, -1)
		s.Stat("f")
	}),
	sc("ftruncate_on_read_only_fd_is_EINVAL", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Ftruncate(fd, 0)
		s.Stat("f")
	}),
	sc("truncate_on_directory_is_EISDIR", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Truncate("d", 0)
		s.Truncate("missing", 0)
		s.Truncate("", 0)
		fd := s.Open("d", dirOnly, 0)
		s.Ftruncate(fd, 0)
	}),
	sc("fallocate_grows_file_unless_keep_size", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Write(fd, "ab")
		s.Fallocate(fd, 0, 0, 100)
		s.Fstat(fd)
		s.Fallocate(fd, unix.FALLOC_FL_KEEP_SIZE, 0, 1000)
		s.Fstat(fd)
		s.Pread(fd, 200, 0)
	}),
	sc("fallocate_punch_hole_requires_keep_size", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Write(fd, "0123456789")
		s.Fallocate(fd, unix.FALLOC_FL_PUNCH_HOLE, 2, 3)
		s.Fallocate(fd, unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE, 2, 3)
		s.Pread(fd, 20, 0)
		s.Fstat(fd)
	}),
	sc("fallocate_bad_arguments_are_rejected", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Fallocate(fd, 0, 0, 0)
		s.Fallocate(fd, 0, -1, 10)
		s.Fallocate(fd, 0, 0, -1)
		r := s.Open("f", readOnly, 0)
		s.Fallocate(r, 0, 0, 10)
		s.Mkdir("d", 0o755)
		s.Fallocate(s.Open("d", dirOnly, 0), 0, 0, 10)
	}),
	// Found by the random differential test (seed=700073): a failed
	// O_APPEND write must not move the offset, so the writev after it
	// is EFBIG too, not EINVAL.
	sc("a_failed_append_leaves_the_offset", func(s *vfstest.Session) {
		a := s.Open("f", unix.O_RDWR|unix.O_CREAT|unix.O_APPEND, 0o644)
		b := s.Open("f", unix.O_RDWR, 0)
		s.Pwrite(b, "a", 9223372036854775806)
		s.Write(a, "x")
		s.Writev(a, "", "x")
		s.SeekFile(a, 0, unix.SEEK_CUR)
	}),
	// Found by the random differential test (seed=804795): Linux's
	// SEEK_DATA/SEEK_HOLE overflow at the file's last possible page.
	sc("seek_data_and_hole_at_the_top_page", func(s *vfstest.Session) {
		for i, body := range []func(fd int){
			func(fd int) { s.Pwrite(fd, "a", math.MaxInt64-1) },
			func(fd int) { s.Pwrite(fd, "a", 0); s.Pwrite(fd, "a", math.MaxInt64-1) },
			func(fd int) { s.Pwrite(fd, "a", math.MaxInt64-4097); s.Ftruncate(fd, math.MaxInt64) },
			func(fd int) { s.Pwrite(fd, "a", math.MaxInt64-4095) },
		} {
			fd := s.Open("f"+strconv.Itoa(i), creatRW, 0o644)
			body(fd)
			for _, off := range []int64{0, 4096, math.MaxInt64 - 8192, math.MaxInt64 - 4095, math.MaxInt64 - 1} {
				s.SeekFile(fd, off, unix.SEEK_DATA)
				s.SeekFile(fd, off, unix.SEEK_HOLE)
				s.SeekFile(fd, 0, unix.SEEK_CUR)
			}
		}
	}),
}
