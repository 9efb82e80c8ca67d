//go:build linux

package vfstest_test

import (
	"fmt"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// poll(2): what each kind of file reports, on pipes above all, and the
// rules of the call itself (count, POLLNVAL, negative fds, events 0).
var pollScenarios = []vfstest.Scenario{
	sc("poll_empty_pipe_read_end_reports_nothing", func(s *vfstest.Session) {
		r, _ := s.Pipe()
		s.Poll(pfds(r, unix.POLLIN|unix.POLLPRI|unix.POLLOUT|unix.POLLRDHUP), 0)
		s.Poll(pfds(r, unix.POLLIN), 10)
	}),
	sc("poll_pipe_with_data_reports_POLLIN_and_POLLRDNORM", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Write(w, "x")
		s.Poll(pfds(r, unix.POLLIN), 0)
		s.Poll(pfds(r, unix.POLLIN|pollRdnorm|pollRdband|unix.POLLPRI), 0)
		s.Poll(pfds(r, unix.POLLOUT), 0)
	}),
	sc("poll_pipe_write_end_reports_POLLOUT_and_POLLWRNORM", func(s *vfstest.Session) {
		_, w := s.Pipe()
		s.Poll(pfds(w, unix.POLLOUT), 0)
		s.Poll(pfds(w, unix.POLLIN|unix.POLLOUT|pollWrnorm|pollWrband), 0)
	}),
	sc("poll_full_pipe_write_end_has_no_POLLOUT", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		fill(s, w, 4096)
		s.Poll(pfds(w, unix.POLLOUT), 0)
		s.Poll(pfds(r, unix.POLLIN|unix.POLLOUT), 0)
	}),
	sc("poll_full_pipe_has_POLLOUT_only_once_a_whole_page_is_read", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		fill(s, w, 4096)
		s.Read(r, 1)
		s.Poll(pfds(w, unix.POLLOUT), 0)
		s.Read(r, 4094)
		s.Poll(pfds(w, unix.POLLOUT), 0)
		s.Read(r, 1)
		s.Poll(pfds(w, unix.POLLOUT), 0)
	}),
	sc("poll_pipe_of_100_byte_writes_has_POLLOUT_once_a_page_is_freed", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		fill(s, w, 100)
		s.Poll(pfds(w, unix.POLLOUT), 0)
		s.Read(r, 4000)
		s.Poll(pfds(w, unix.POLLOUT), 0)
		s.Read(r, 96)
		s.Poll(pfds(w, unix.POLLOUT), 0)
	}),
	sc("poll_pipe_with_15_pages_and_one_byte_has_no_POLLOUT", func(s *vfstest.Session) {
		_, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, strings.Repeat("a", 15*4096+1))
		s.Poll(pfds(w, unix.POLLOUT), 0)
		_, w2 := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w2, strings.Repeat("a", 14*4096+1))
		s.Poll(pfds(w2, unix.POLLOUT), 0)
	}),
	sc("poll_read_end_after_the_writer_closed_is_POLLHUP", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Close(w)
		s.Poll(pfds(r, unix.POLLIN), 0)
		s.Poll(pfds(r, unix.POLLIN|unix.POLLRDHUP), 0)
	}),
	sc("poll_read_end_with_data_left_after_the_writer_closed_is_POLLIN_POLLHUP", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Write(w, "left")
		s.Close(w)
		s.Poll(pfds(r, unix.POLLIN), 0)
		s.Read(r, 100)
		s.Poll(pfds(r, unix.POLLIN), 0)
	}),
	sc("poll_write_end_after_the_reader_closed_is_POLLERR", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Close(r)
		s.Poll(pfds(w, unix.POLLOUT), 0)
		s.Poll(pfds(w, unix.POLLIN), 0)
	}),
	sc("poll_full_pipe_write_end_after_the_reader_closed", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		fill(s, w, 65536)
		s.Close(r)
		s.Poll(pfds(w, unix.POLLOUT), 0)
	}),
	sc("poll_with_events_0_still_reports_POLLHUP_and_POLLERR", func(s *vfstest.Session) {
		r, w := s.Pipe()
		r2, w2 := s.Pipe()
		s.Write(w, "data")
		s.Close(w)
		s.Close(r2)
		s.Poll(pfds(r, 0, w2, 0), 0)
		_, w3 := s.Pipe()
		s.Poll(pfds(w3, 0), 0)
	}),
	sc("poll_closed_fd_is_POLLNVAL_and_counts", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Close(w)
		s.Poll(pfds(w, unix.POLLOUT), 0)
		s.Poll(pfds(w, 0, s.FD(50), unix.POLLIN), 0)
		s.Poll(pfds(r, unix.POLLIN, w, unix.POLLIN), 0)
	}),
	sc("poll_negative_fd_is_ignored", func(s *vfstest.Session) {
		_, w := s.Pipe()
		s.Poll(pfds(-1, unix.POLLIN|unix.POLLOUT), 0)
		s.Poll(pfds(-1, unix.POLLOUT, w, unix.POLLOUT, -2, unix.POLLIN), 0)
	}),
	sc("poll_O_PATH_fd_is_POLLNVAL", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		fd := s.Open("f", unix.O_PATH, 0)
		s.Poll(pfds(fd, unix.POLLIN), 0)
	}),
	sc("poll_regular_file_and_directory_are_always_ready", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Poll(pfds(fd, unix.POLLIN|unix.POLLOUT|unix.POLLPRI), 0)
		s.Poll(pfds(fd, unix.POLLIN|unix.POLLOUT|pollRdnorm|pollWrnorm|unix.POLLRDHUP), 0)
		s.Poll(pfds(fd, 0), 0)
		s.Mkdir("d", 0o755)
		s.Poll(pfds(s.Open("d", dirOnly, 0), unix.POLLIN|unix.POLLOUT), 0)
	}),
	sc("poll_returns_how_many_fds_have_events", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.WriteFile("f", "", 0o644)
		f := s.Open("f", readOnly, 0)
		s.Poll(pfds(r, unix.POLLIN, w, unix.POLLOUT, f, unix.POLLIN), 0)
		s.Write(w, "x")
		s.Poll(pfds(r, unix.POLLIN, w, unix.POLLOUT, r, unix.POLLIN, w, unix.POLLIN), 0)
		s.Poll(nil, 0)
	}),
	sc("poll_more_fds_than_RLIMIT_NOFILE_is_EINVAL", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Write(w, "x")
		s.SetNofile(2)
		// The limit counts from fd 0, not from fd0: poll lists as long as
		// the limit and one longer, recorded as notes.
		for _, extra := range []int{0, 1} {
			fds := make([]vfstest.PollFd, s.FD(2)+extra)
			for i := range fds {
				fds[i] = vfstest.PollFd{Fd: int32(r), Events: unix.POLLIN}
			}
			n, err := s.Sys().Poll(fds, 0)
			res := "every fd has POLLIN"
			if err != nil {
				res = errnoName(s, err)
			} else if n != len(fds) {
				res = fmt.Sprintf("%d fds short", len(fds)-n)
			}
			s.Note(fmt.Sprintf("poll of RLIMIT_NOFILE%+d fds", extra), res)
		}
	}),
	sc("poll_packet_mode_pipe_full_of_packets_has_no_POLLOUT", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_DIRECT | unix.O_NONBLOCK)
		fill(s, w, 1)
		s.Poll(pfds(w, unix.POLLOUT, r, unix.POLLIN), 0)
		s.Read(r, 1)
		s.Poll(pfds(w, unix.POLLOUT), 0)
	}),
	sc("poll_one_page_pipe_holding_one_byte_has_no_POLLOUT", func(s *vfstest.Session) {
		_, w := s.Pipe2(unix.O_NONBLOCK)
		s.Fcntl(w, unix.F_SETPIPE_SZ, 4096)
		s.Poll(pfds(w, unix.POLLOUT), 0)
		s.Write(w, "x")
		s.Poll(pfds(w, unix.POLLOUT), 0)
		s.Write(w, "y")
	}),
	sc("blocking_poll_wakes_when_data_arrives", func(s *vfstest.Session) {
		r, w := s.Pipe()
		wait := s.Go(func(bg *vfstest.Session) { bg.Poll(pfds(r, unix.POLLIN), -1) })
		s.Write(w, "x")
		wait()
	}),
	sc("blocking_poll_wakes_with_POLLHUP_when_the_writer_closes", func(s *vfstest.Session) {
		r, w := s.Pipe()
		wait := s.Go(func(bg *vfstest.Session) { bg.Poll(pfds(r, unix.POLLIN), 5000) })
		s.Close(w)
		wait()
	}),
}

// Poll bits x/sys/unix lacks on linux.
const (
	pollRdnorm = 0x40
	pollRdband = 0x80
	pollWrnorm = 0x100
	pollWrband = 0x200
)

// pfds builds a pollfd list from fd, events pairs.
func pfds(fdEvents ...int) []vfstest.PollFd {
	out := make([]vfstest.PollFd, 0, len(fdEvents)/2)
	for i := 0; i+1 < len(fdEvents); i += 2 {
		out = append(out, vfstest.PollFd{Fd: int32(fdEvents[i]), Events: int16(fdEvents[i+1])})
	}
	return out
}
