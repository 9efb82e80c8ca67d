//go:build linux

package vfstest_test

import (
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Which ends of a pipe a change wakes, seen through edge-triggered
// epoll interests, which report an edge only when woken. Linux keeps two
// queues per pipe (fs/pipe.c): rd_wait, where the read ends are polled,
// and wr_wait, the write ends'. A write wakes rd_wait, even one that
// finds the pipe full; a read wakes wr_wait only if the pipe was full;
// a close wakes both, without a key, only when it leaves one side with
// no ends and not the other; a FIFO's first reader or writer wakes
// rd_wait; F_SETPIPE_SZ wakes wr_wait.
var pipeWakeScenarios = []vfstest.Scenario{
	sc("pipe_wakes_write_reaches_readers_and_read_of_a_full_pipe_writers", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		ep := s.EpollCreate1(0)
		s.EpollCtl(ep, epAdd, r, epIn|epOut|epET, 1)
		s.EpollCtl(ep, epAdd, w, epIn|epOut|epET, 2)
		s.EpollWait(ep, 4, 0)
		s.Write(w, "x")
		s.EpollWait(ep, 4, 0)
		s.Read(r, 1)
		s.EpollWait(ep, 4, 0)
		for range 16 {
			s.Write(w, strings.Repeat("p", 4096))
		}
		s.EpollWait(ep, 4, 0)
		s.Write(w, "full")
		s.EpollWait(ep, 4, 0)
		s.Read(r, 1)
		s.EpollWait(ep, 4, 0)
		s.Read(r, 4096)
		s.EpollWait(ep, 4, 0)
		s.Read(r, 4096)
		s.EpollWait(ep, 4, 0)
		s.Fcntl(w, unix.F_SETPIPE_SZ, 1<<20)
		s.EpollWait(ep, 4, 0)
	}),
	sc("pipe_wakes_close_only_when_one_side_is_left_without_ends", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		w2 := s.Open(s.ProcFD(w), unix.O_WRONLY|unix.O_NONBLOCK, 0)
		r2 := s.Open(s.ProcFD(r), unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.Write(w, "x")
		ep := s.EpollCreate1(0)
		s.EpollCtl(ep, epAdd, r, epIn|epET, 1)
		s.EpollCtl(ep, epAdd, w, epOut|epET, 2)
		s.EpollWait(ep, 4, 0)
		s.Close(w2)
		s.EpollWait(ep, 4, 0)
		s.Close(r2)
		s.EpollWait(ep, 4, 0)
		w3 := s.Open(s.ProcFD(w), unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.EpollWait(ep, 4, 0)
		s.Close(w3)
		s.EpollWait(ep, 4, 0)
		s.Close(s.Dup(w))
		s.EpollWait(ep, 4, 0)
		s.Close(r)
		s.EpollWait(ep, 4, 0)
	}),
	sc("fifo_wakes_its_readers_when_the_first_reader_or_writer_comes", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		rw := s.Open("p", unix.O_RDWR|unix.O_NONBLOCK, 0)
		ep := s.EpollCreate1(0)
		s.EpollCtl(ep, epAdd, r, epIn|epOut|epET, 1)
		s.EpollCtl(ep, epAdd, rw, epIn|epOut|epET, 2)
		s.EpollWait(ep, 4, 0)
		s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.EpollWait(ep, 4, 0)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.EpollWait(ep, 4, 0)
		s.Close(rw)
		s.EpollWait(ep, 4, 0)
		s.Close(w)
		s.EpollWait(ep, 4, 0)
		s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.EpollWait(ep, 4, 0)
	}),
	// The random differential's reproducer, as it shrank it: reopening
	// a pipe's read end through /proc woke its epoll interest.
	sc("rand_seed_51000079", func(s *vfstest.Session) {
		s.Mkdir("w", 0o755)
		s.Chdir("w")
		s.Open("d0", unix.O_CREAT, 0o644)
		s.Pipe2(0)
		s.Close(s.FD(1))
		s.Pipe2(0)
		s.Dup(s.FD(0))
		s.Dup(s.FD(0))
		s.Write(s.FD(3), "a")
		s.EpollCreate1(0)
		s.EpollCtl(s.FD(6), unix.EPOLL_CTL_ADD, s.FD(1), unix.EPOLLIN|unix.EPOLLET, 0)
		s.Dup2(s.FD(6), s.FD(4))
		s.EpollWait(s.FD(4), 1, 0)
		s.OpenProcFD(s.FD(1), unix.O_RDONLY)
		s.EpollWait(s.FD(6), 1, 0)
	}),
	// A pipe whose last end closed loses its buffer; reopened through
	// an O_PATH fd it gets a new one, whose counts start as Linux's
	// alloc_pipe_info starts them, so its lone reader has POLLHUP.
	sc("rand_seed_56000926", func(s *vfstest.Session) {
		r, w := s.Pipe2(0)
		s.Write(w, "lost")
		s.Close(w)
		path := s.Open(s.ProcFD(r), unix.O_PATH, 0)
		s.Close(r)
		r2 := s.Open(s.ProcFD(path), unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.Poll(pfds(r2, unix.POLLIN), 0)
		s.Read(r2, 8)
		ep := s.EpollCreate1(0)
		s.EpollCtl(ep, epAdd, r2, 0, 0)
		s.EpollWait(ep, 4, 0)
		w2 := s.Open(s.ProcFD(path), unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Poll(pfds(r2, unix.POLLIN, w2, unix.POLLOUT), 0)
	}),
}
