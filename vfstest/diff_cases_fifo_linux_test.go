//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// FIFOs: named pipes in the tree. Opening one is a rendezvous of readers
// and writers; the buffer behind it lives only while someone has it open.
var fifoScenarios = []vfstest.Scenario{
	sc("mkfifo_makes_an_empty_S_IFIFO_node", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o666)
		s.Stat("p")
		s.Lstat("p")
		s.Mkfifo("q", 0o4777)
		s.Stat("q")
	}),
	sc("mknod_S_IFIFO_makes_the_same_node_as_mkfifo", func(s *vfstest.Session) {
		s.Mkfifo("a", 0o640)
		s.Mknod("b", unix.S_IFIFO|0o640, 0)
		s.Mknod("c", unix.S_IFIFO|0o640, int(unix.Mkdev(1, 3)))
		for _, p := range []string{"a", "b", "c"} {
			s.Stat(p)
			s.Open(p, unix.O_RDONLY|unix.O_NONBLOCK, 0)
		}
		s.ReadDir(s.Open(".", dirOnly, 0), 4096)
	}),
	sc("fifo_open_for_reading_with_O_NONBLOCK_succeeds_at_once", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.Fcntl(r, unix.F_GETFL, 0)
		s.Fstat(r)
		s.Write(r, "x")
	}),
	sc("fifo_nonblocking_reader_without_a_writer_reads_EOF", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.Read(r, 10)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Read(r, 10)
		s.Close(w)
		s.Read(r, 10)
	}),
	sc("fifo_open_for_writing_with_O_NONBLOCK_and_no_reader_is_ENXIO", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK|unix.O_CREAT, 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Fcntl(w, unix.F_GETFL, 0)
		s.Close(r)
		s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
	}),
	sc("fifo_open_O_RDWR_never_blocks_and_counts_as_a_reader", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		rw := s.Open("p", unix.O_RDWR, 0)
		s.Fcntl(rw, unix.F_GETFL, 0)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Write(w, "one")
		s.Write(rw, "two")
		s.Fcntl(rw, unix.F_SETFL, unix.O_NONBLOCK)
		s.Read(rw, 100)
		s.Read(rw, 100)
	}),
	sc("fifo_carries_data_from_writer_to_reader", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		w := s.Open("p", unix.O_WRONLY, 0)
		s.Write(w, "through ")
		s.Write(w, "the fifo")
		s.Read(r, 5)
		s.Read(r, 100)
		s.Read(w, 1)
		s.Close(w)
		s.Read(r, 100)
	}),
	sc("fifo_open_with_O_TRUNC_is_not_an_error", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK|unix.O_TRUNC, 0)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK|unix.O_TRUNC, 0)
		s.Write(w, "kept")
		s.Open("p", unix.O_RDWR|unix.O_TRUNC, 0)
		s.Read(r, 100)
		s.Stat("p")
	}),
	sc("fifo_open_with_O_CREAT_opens_it_and_O_EXCL_is_EEXIST", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o600)
		s.Open("p", unix.O_RDWR|unix.O_CREAT, 0o644)
		s.Open("p", unix.O_RDWR|unix.O_CREAT|unix.O_EXCL, 0o644)
		s.Open("p", unix.O_RDWR|unix.O_DIRECTORY, 0)
		s.Stat("p")
	}),
	sc("truncate_and_ftruncate_of_a_fifo_are_EINVAL", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		s.Truncate("p", 0)
		s.Truncate("p", 10)
		rw := s.Open("p", unix.O_RDWR, 0)
		s.Ftruncate(rw, 0)
		s.Fallocate(rw, 0, 0, 10)
	}),
	sc("lseek_pread_pwrite_on_a_fifo_are_ESPIPE", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		rw := s.Open("p", unix.O_RDWR|unix.O_NONBLOCK, 0)
		s.Write(rw, "abc")
		s.Seek(rw, 0, unix.SEEK_SET)
		s.Seek(rw, 0, unix.SEEK_CUR)
		s.Pread(rw, 1, 0)
		s.Pwrite(rw, "x", 0)
		s.Read(rw, 10)
	}),
	sc("poll_fifo_reader_with_no_writer_ever_has_no_POLLHUP", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.Poll(pfds(r, unix.POLLIN), 0)
		s.Poll(pfds(r, 0), 0)
	}),
	sc("poll_fifo_reader_after_a_writer_came_and_went_is_POLLHUP", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Poll(pfds(r, unix.POLLIN, w, unix.POLLOUT), 0)
		s.Close(w)
		s.Poll(pfds(r, unix.POLLIN), 0)
		r2 := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.Poll(pfds(r2, unix.POLLIN, r, unix.POLLIN), 0)
		s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Poll(pfds(r2, unix.POLLIN, r, unix.POLLIN), 0)
	}),
	// Only a reader that opened O_NONBLOCK while there was no writer
	// waits for a writer to come and go before its POLLHUP (f_pipe);
	// one that found a writer sees POLLHUP as soon as the writers go.
	sc("poll_fifo_reader_opened_beside_a_writer_is_POLLHUP_when_it_goes", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		rw := s.Open("p", unix.O_RDWR, 0)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.Poll(pfds(r, unix.POLLIN), 0)
		s.Close(rw)
		s.Poll(pfds(r, unix.POLLIN), 0)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		r2 := s.Open("p", unix.O_RDONLY, 0)
		s.Close(w)
		s.Poll(pfds(r, unix.POLLIN, r2, unix.POLLIN), 0)
	}),
	sc("fifo_open_for_neither_reading_nor_writing_is_EINVAL", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		s.Open("p", unix.O_ACCMODE, 0)
		s.Open("p", unix.O_ACCMODE|unix.O_NONBLOCK, 0)
		s.Open("p", unix.O_ACCMODE|unix.O_PATH, 0)
		r, _ := s.Pipe2(0)
		s.Open(s.ProcFD(r), unix.O_ACCMODE, 0)
	}),
	// fifo_open's is_pipe: a pipe reopened through /proc/self/fd has no
	// name to meet a partner by, so its opens never wait, and a writer
	// without readers is not ENXIO: its writes are EPIPE.
	sc("pipe_reopened_through_proc_never_waits_for_a_partner", func(s *vfstest.Session) {
		r, w := s.Pipe2(0)
		s.Close(r)
		w2 := s.Open(s.ProcFD(w), unix.O_WRONLY|unix.O_NONBLOCK, 0)
		w3 := s.Open(s.ProcFD(w), unix.O_WRONLY, 0)
		s.Write(w2, "x")
		s.Write(w3, "x")
		s.Poll(pfds(w2, unix.POLLOUT, w3, unix.POLLOUT), 0)
		r, w = s.Pipe2(0)
		s.Close(w)
		r2 := s.Open(s.ProcFD(r), unix.O_RDONLY, 0)
		r3 := s.Open(s.ProcFD(r), unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.Read(r2, 8)
		s.Poll(pfds(r, unix.POLLIN, r2, unix.POLLIN, r3, unix.POLLIN), 0)
		w = s.Open(s.ProcFD(r), unix.O_WRONLY, 0)
		s.Write(w, "hello")
		s.Read(r3, 8)
		s.Close(w)
		s.Poll(pfds(r2, unix.POLLIN, r3, unix.POLLIN), 0)
	}),
	sc("poll_fifo_opened_O_RDWR", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		rw := s.Open("p", unix.O_RDWR|unix.O_NONBLOCK, 0)
		s.Poll(pfds(rw, unix.POLLIN|unix.POLLOUT), 0)
		s.Write(rw, "x")
		s.Poll(pfds(rw, unix.POLLIN|unix.POLLOUT), 0)
	}),
	sc("fifo_data_dies_with_the_last_close", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		rw := s.Open("p", unix.O_RDWR|unix.O_NONBLOCK, 0)
		s.Write(rw, "lost")
		s.Close(rw)
		rw = s.Open("p", unix.O_RDWR|unix.O_NONBLOCK, 0)
		s.IoctlGetInt(rw, vfstest.FIONREAD)
		s.Read(rw, 10)
		s.Stat("p")
	}),
	sc("fifo_data_survives_while_any_end_is_open", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Write(w, "kept")
		s.Close(r)
		r = s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.Read(r, 10)
	}),
	sc("FIONREAD_on_a_fifo_counts_buffered_bytes", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.IoctlGetInt(r, vfstest.FIONREAD)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Write(w, "12345")
		s.IoctlGetInt(r, vfstest.FIONREAD)
		s.IoctlGetInt(w, vfstest.FIONREAD)
		s.Read(r, 2)
		s.IoctlGetInt(r, vfstest.FIONREAD)
	}),
	sc("fifo_two_readers_share_one_stream", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r1 := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		r2 := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Write(w, "abcdef")
		s.Read(r1, 2)
		s.Read(r2, 2)
		s.Read(r1, 10)
		s.Read(r2, 10)
		s.Close(r1)
		s.Write(w, "still one reader")
		s.Close(r2)
		s.Write(w, "x")
	}),
	sc("unlinked_open_fifo_keeps_working", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Unlink("p")
		s.Stat("p")
		s.Write(w, "after unlink")
		s.Read(r, 100)
		s.Fstat(r)
		s.Mkfifo("p", 0o644)
		s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
	}),
	sc("renamed_open_fifo_keeps_working", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.Rename("p", "q")
		w := s.Open("q", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Write(w, "same buffer")
		s.Read(r, 100)
	}),
	sc("hard_links_to_a_fifo_reach_one_buffer", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		s.Link("p", "q")
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		w := s.Open("q", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Write(w, "linked")
		s.Read(r, 100)
		s.Stat("q")
	}),
	sc("fifo_reader_closed_then_write_is_EPIPE", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Write(w, "unread")
		s.Close(r)
		s.Write(w, "x")
		s.Poll(pfds(w, unix.POLLOUT), 0)
	}),
	sc("fifo_pipe_size_is_reset_when_the_last_end_closes", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		rw := s.Open("p", unix.O_RDWR, 0)
		s.Fcntl(rw, unix.F_GETPIPE_SZ, 0)
		s.Fcntl(rw, unix.F_SETPIPE_SZ, 8192)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		s.Fcntl(r, unix.F_GETPIPE_SZ, 0)
		s.Close(rw)
		s.Close(r)
		rw = s.Open("p", unix.O_RDWR, 0)
		s.Fcntl(rw, unix.F_GETPIPE_SZ, 0)
	}),
	sc("fifo_open_with_O_DIRECT_is_EINVAL_but_F_SETFL_O_DIRECT_is_packet_mode", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		s.Open("p", unix.O_RDWR|unix.O_DIRECT, 0)
		rw := s.Open("p", unix.O_RDWR|unix.O_NONBLOCK, 0)
		s.Fcntl(rw, unix.F_SETFL, unix.O_NONBLOCK|unix.O_DIRECT)
		s.Write(rw, "one")
		s.Write(rw, "two")
		s.Read(rw, 100)
		s.Read(rw, 1)
		s.Read(rw, 100)
	}),
	sc("fifo_open_O_PATH_does_not_wait_for_a_partner", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		fd := s.Open("p", unix.O_PATH, 0)
		s.Fstat(fd)
		s.Read(fd, 1)
		s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
	}),
	sc("fifo_blocking_opens_of_reader_and_writer_meet", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		var r int
		wait := s.Go(func(bg *vfstest.Session) {
			fd, err := bg.Sys().Open("p", unix.O_RDONLY, 0)
			r = fd
			bg.Note("blocking open for reading returned an fd", err == nil)
		})
		w, err := s.Sys().Open("p", unix.O_WRONLY, 0)
		s.Note("blocking open for writing returned an fd", err == nil)
		wait()
		// The two fds were allocated in a racy order: move them to fixed numbers.
		sys := s.Sys()
		_ = sys.Dup2(r, s.FD(10))
		_ = sys.Dup2(w, s.FD(11))
		_ = sys.Close(r)
		_ = sys.Close(w)
		s.Write(s.FD(11), "met")
		s.Read(s.FD(10), 10)
		s.Fcntl(s.FD(10), unix.F_GETFL, 0)
		s.Fcntl(s.FD(11), unix.F_GETFL, 0)
	}),
}
