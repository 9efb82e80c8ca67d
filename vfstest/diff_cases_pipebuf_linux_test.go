//go:build linux

package vfstest_test

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// The pipe buffer: how much fits and how partial writes split, the size
// commands F_GETPIPE_SZ and F_SETPIPE_SZ, FIONREAD, and packet mode
// (O_DIRECT). Linux keeps a pipe as a ring of page-sized buffers (16 by
// default), which shows in what fits.
var pipeBufScenarios = []vfstest.Scenario{
	sc("pipe_holds_65536_one_byte_writes", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		fill(s, w, 1)
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Write(w, "x")
	}),
	sc("pipe_holds_640_100_byte_writes_40_to_a_page", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		fill(s, w, 100)
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Write(w, "x")
	}),
	sc("pipe_holds_sixteen_4096_byte_writes", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		fill(s, w, 4096)
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Write(w, "x")
	}),
	sc("one_65536_byte_write_fills_the_pipe", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		fill(s, w, 65536)
		s.IoctlGetInt(r, vfstest.FIONREAD)
	}),
	sc("pipe_of_4097_byte_writes_is_full_after_45066_bytes", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		fill(s, w, 4097)
		s.IoctlGetInt(r, vfstest.FIONREAD)
	}),
	sc("nonblocking_write_of_at_most_PIPE_BUF_that_does_not_fit_writes_nothing", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, strings.Repeat("a", 65000))
		s.Write(w, strings.Repeat("b", 4096))
		s.Write(w, strings.Repeat("c", 537))
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Write(w, strings.Repeat("d", 536))
		s.IoctlGetInt(r, vfstest.FIONREAD)
	}),
	sc("nonblocking_write_over_PIPE_BUF_into_a_partly_full_pipe_is_partial", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, strings.Repeat("a", 60000))
		s.Write(w, strings.Repeat("b", 10000))
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Write(w, strings.Repeat("c", 5000))
		s.IoctlGetInt(r, vfstest.FIONREAD)
	}),
	sc("write_merges_its_tail_into_a_partly_filled_page", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, strings.Repeat("a", 61441))
		s.Write(w, strings.Repeat("b", 5000))
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Write(w, strings.Repeat("c", 4095))
		s.IoctlGetInt(r, vfstest.FIONREAD)
	}),
	sc("a_full_pipe_drained_by_one_byte_still_refuses_a_one_byte_write", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		fill(s, w, 4096)
		s.Read(r, 1)
		s.Write(w, "x")
		s.Read(r, 4095)
		s.Write(w, "y")
		s.IoctlGetInt(r, vfstest.FIONREAD)
	}),
	// What a page takes after reads: pipe_read frees a page read to its
	// end, so a drained pipe starts the next write on a fresh page, but
	// a page read only in part keeps taking merges after what is left.
	sc("a_drained_pipe_starts_its_next_write_on_a_fresh_page", fillAfterRead(100, 100)),
	sc("a_page_read_in_part_still_takes_merges", fillAfterRead(200, 150)),
	sc("F_GETPIPE_SZ_is_65536_on_both_ends", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Fcntl(r, unix.F_GETPIPE_SZ, 0)
		s.Fcntl(w, unix.F_GETPIPE_SZ, 0)
	}),
	sc("F_SETPIPE_SZ_rounds_up_to_a_power_of_two_number_of_pages", func(s *vfstest.Session) {
		r, w := s.Pipe()
		for _, size := range []int{0, 1, 4096, 4097, 65537, 1 << 20, 12288, -1} {
			s.Fcntl(w, unix.F_SETPIPE_SZ, size)
			s.Fcntl(r, unix.F_GETPIPE_SZ, 0)
		}
	}),
	{
		// govfs's uid 0 holds every capability; a host sandbox may lack
		// CAP_SYS_RESOURCE (then Linux says EPERM) and cannot judge.
		Name: "F_SETPIPE_SZ_above_pipe_max_size_is_allowed_with_CAP_SYS_RESOURCE",
		Skip: skipUnlessHostCap(unix.CAP_SYS_RESOURCE, "CAP_SYS_RESOURCE"),
		Run: func(s *vfstest.Session) {
			r, _ := s.Pipe()
			s.Fcntl(r, unix.F_SETPIPE_SZ, 1<<20+1)
			s.Fcntl(r, unix.F_GETPIPE_SZ, 0)
		},
	},
	sc("F_SETPIPE_SZ_below_what_is_buffered_is_EBUSY", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, strings.Repeat("a", 10000))
		s.Fcntl(w, unix.F_SETPIPE_SZ, 4096)
		s.Fcntl(w, unix.F_SETPIPE_SZ, 8192)
		s.Fcntl(w, unix.F_GETPIPE_SZ, 0)
		s.Fcntl(w, unix.F_SETPIPE_SZ, 16384)
		s.Read(r, 20000)
	}),
	sc("F_SETPIPE_SZ_counts_pages_in_use_not_bytes", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, "a")
		s.Write(w, strings.Repeat("b", 5000))
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Fcntl(w, unix.F_SETPIPE_SZ, 4096)
		s.Fcntl(w, unix.F_SETPIPE_SZ, 8192)
		s.Read(r, 10000)
	}),
	sc("a_4096_byte_pipe_holds_one_page", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Fcntl(w, unix.F_SETPIPE_SZ, 4096)
		fill(s, w, 1)
		s.Read(r, 4000)
		s.Write(w, "x")
		s.Read(r, 100)
		s.Write(w, strings.Repeat("y", 5000))
	}),
	sc("F_SETPIPE_SZ_keeps_the_buffered_data", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, "first ")
		s.Fcntl(r, unix.F_SETPIPE_SZ, 1<<20)
		s.Write(w, "second")
		s.Fcntl(r, unix.F_SETPIPE_SZ, 4096)
		s.Read(r, 100)
	}),
	// A resize moves the pages, not what is in them: a page read in
	// part keeps its unread bytes, and the newest page its room.
	sc("F_SETPIPE_SZ_after_a_partial_read_keeps_the_read_offset_and_the_merges", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, strings.Repeat("a", 3000))
		s.Write(w, strings.Repeat("b", 5000))
		s.Read(r, 1000)
		s.Fcntl(r, unix.F_SETPIPE_SZ, 8192)
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Write(w, "tail")
		fill(s, w, 100)
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Read(r, 2100)
		s.Read(r, 70000)
	}),
	sc("pipe_size_commands_on_a_regular_file_are_EBADF", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Fcntl(fd, unix.F_GETPIPE_SZ, 0)
		s.Fcntl(fd, unix.F_SETPIPE_SZ, 4096)
		s.Mkdir("d", 0o755)
		s.Fcntl(s.Open("d", dirOnly, 0), unix.F_GETPIPE_SZ, 0)
	}),
	sc("FIONREAD_counts_buffered_bytes_on_either_end", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Write(w, "hello")
		s.Write(w, " world")
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.IoctlGetInt(w, vfstest.FIONREAD)
		s.Read(r, 4)
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Fstat(r)
		s.Read(r, 100)
		s.IoctlGetInt(r, vfstest.FIONREAD)
	}),
	sc("FIONREAD_on_a_regular_file_is_the_bytes_after_the_offset", func(s *vfstest.Session) {
		s.WriteFile("f", "0123456789", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.IoctlGetInt(fd, vfstest.FIONREAD)
		s.Read(fd, 3)
		s.IoctlGetInt(fd, vfstest.FIONREAD)
		s.Seek(fd, 20, unix.SEEK_SET)
		s.IoctlGetInt(fd, vfstest.FIONREAD)
		s.Mkdir("d", 0o755)
		s.IoctlGetInt(s.Open("d", dirOnly, 0), vfstest.FIONREAD)
		s.IoctlGetInt(fd, 0x5401)
	}),
	sc("packet_mode_keeps_each_write_a_packet", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_DIRECT | unix.O_NONBLOCK)
		s.Write(w, "abc")
		s.Write(w, "defg")
		s.Write(w, "")
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Read(r, 100)
		s.Read(r, 100)
		s.Read(r, 100)
	}),
	sc("packet_mode_short_read_discards_the_rest_of_the_packet", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_DIRECT | unix.O_NONBLOCK)
		s.Write(w, "hello world")
		s.Write(w, "next")
		s.Read(r, 5)
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Read(r, 100)
		s.Read(r, 100)
	}),
	sc("packet_mode_splits_large_writes_into_4096_byte_packets", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_DIRECT | unix.O_NONBLOCK)
		s.Write(w, pattern(10000))
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Read(r, 65536)
		s.Read(r, 65536)
		s.Read(r, 65536)
		s.Read(r, 65536)
	}),
	sc("packet_mode_pipe_holds_sixteen_packets", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_DIRECT | unix.O_NONBLOCK)
		fill(s, w, 1)
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.Read(r, 10)
		s.Write(w, "xy")
		s.Write(w, "z")
	}),
	sc("F_SETFL_O_DIRECT_later_writes_merge_into_a_plain_page", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, "ab")
		s.Write(w, "cd")
		s.Fcntl(w, unix.F_SETFL, unix.O_NONBLOCK|unix.O_DIRECT)
		s.Write(w, "ef")
		s.Write(w, "gh")
		s.Read(r, 3)
		s.Read(r, 100)
		s.Read(r, 1)
		s.Read(r, 100)
	}),
	sc("packet_mode_is_decided_by_the_writer", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		d := s.Dup(w)
		s.Fcntl(r, unix.F_SETFL, unix.O_NONBLOCK|unix.O_DIRECT)
		s.Write(w, "plain")
		s.Write(d, "-more")
		s.Read(r, 3)
		s.Read(r, 100)
	}),
}

// skipUnlessHostCap returns a Skip reason when the test process lacks the
// capability (a bit of CapEff in /proc/self/status), else "".
func skipUnlessHostCap(bit int, name string) string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "cannot read /proc/self/status: " + err.Error()
	}
	for _, line := range strings.Split(string(status), "\n") {
		if hex, ok := strings.CutPrefix(line, "CapEff:"); ok {
			caps, err := strconv.ParseUint(strings.TrimSpace(hex), 16, 64)
			if err == nil && caps&(1<<bit) != 0 {
				return ""
			}
		}
	}
	return "the host lacks " + name + ", which govfs's root has"
}

// fillAfterRead writes n bytes, reads m of them, then fills the pipe
// with 100-byte writes: what FIONREAD says then shows how much the page
// the reads left behind could still take.
func fillAfterRead(n, m int) func(*vfstest.Session) {
	return func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, strings.Repeat("a", n))
		s.Read(r, m)
		fill(s, w, 100)
		s.IoctlGetInt(r, vfstest.FIONREAD)
	}
}
