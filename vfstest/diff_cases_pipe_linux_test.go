//go:build linux

package vfstest_test

import (
	"fmt"
	"hash/fnv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// pipe(2) and pipe2(2): the two ends, their flags and errors, end of file
// and EPIPE, and the calls that block until the other end acts.
var pipeScenarios = []vfstest.Scenario{
	sc("pipe_takes_the_two_lowest_free_fds", func(s *vfstest.Session) {
		s.Open(".", dirOnly, 0)
		hole := s.Open(".", dirOnly, 0)
		s.Open(".", dirOnly, 0)
		s.Close(hole)
		s.Pipe()
		s.Pipe()
	}),
	sc("pipe2_O_CLOEXEC_sets_FD_CLOEXEC_on_both_ends", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_CLOEXEC)
		s.Fcntl(r, unix.F_GETFD, 0)
		s.Fcntl(w, unix.F_GETFD, 0)
		r, w = s.Pipe()
		s.Fcntl(r, unix.F_GETFD, 0)
		s.Fcntl(w, unix.F_GETFD, 0)
	}),
	sc("pipe2_O_NONBLOCK_shows_in_F_GETFL_of_both_ends", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Fcntl(r, unix.F_GETFL, 0)
		s.Fcntl(w, unix.F_GETFL, 0)
		s.Fcntl(r, unix.F_GETFD, 0)
	}),
	sc("pipe2_O_DIRECT_shows_in_F_GETFL_of_the_write_end_only", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_DIRECT | unix.O_NONBLOCK | unix.O_CLOEXEC)
		s.Fcntl(r, unix.F_GETFL, 0)
		s.Fcntl(w, unix.F_GETFL, 0)
	}),
	sc("pipe2_with_other_flags_is_EINVAL_and_leaks_no_fd", func(s *vfstest.Session) {
		for _, flags := range []int{unix.O_WRONLY, unix.O_RDWR, unix.O_APPEND, unix.O_TRUNC, unix.O_CREAT,
			unix.O_SYNC, unix.O_NOATIME, unix.O_PATH, unix.O_DIRECTORY, unix.O_CLOEXEC | unix.O_APPEND, 1 << 30} {
			s.Pipe2(flags)
		}
		s.Pipe()
	}),
	sc("pipe_ends_share_one_fifo_inode_of_mode_0600", func(s *vfstest.Session) {
		r, w := s.Pipe()
		a := s.Fstat(r)
		b := s.Fstat(w)
		s.Note("same inode", a.Ino == b.Ino && a.Dev == b.Dev)
		r2, _ := s.Pipe()
		c := s.Fstat(r2)
		s.Note("second pipe has another inode", c.Ino != a.Ino)
	}),
	sc("pipe_ends_are_O_RDONLY_and_O_WRONLY_without_O_LARGEFILE", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Fcntl(r, unix.F_GETFL, 0)
		s.Fcntl(w, unix.F_GETFL, 0)
		s.Fcntl(r, unix.F_SETFL, unix.O_NONBLOCK|unix.O_APPEND)
		s.Fcntl(r, unix.F_GETFL, 0)
		s.Fcntl(w, unix.F_GETFL, 0)
	}),
	sc("read_of_write_end_and_write_of_read_end_are_EBADF", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Read(w, 10)
		s.Write(r, "x")
		s.Write(w, "ok")
		s.Read(r, 10)
	}),
	sc("lseek_pread_pwrite_fallocate_on_a_pipe_are_ESPIPE", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, "abc")
		s.Seek(r, 0, unix.SEEK_SET)
		s.Seek(r, 0, unix.SEEK_CUR)
		s.Seek(w, 0, unix.SEEK_END)
		s.Pread(r, 1, 0)
		s.Pwrite(w, "x", 0)
		s.Fallocate(w, 0, 0, 10)
		s.Read(r, 10)
	}),
	sc("ftruncate_and_getdents_on_a_pipe_fail", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Ftruncate(w, 0)
		s.Ftruncate(r, 0)
		s.Getdents(r, 4096)
		s.Fchdir(r)
	}),
	sc("nonblocking_read_of_empty_pipe_is_EAGAIN", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Read(r, 10)
		s.Write(w, "a")
		s.Read(r, 10)
		s.Read(r, 10)
	}),
	sc("zero_length_read_and_write_on_a_pipe_return_0", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Read(r, 0)
		s.Write(w, "")
		s.Write(w, "x")
		s.Read(r, 0)
		s.Close(r)
		s.Write(w, "")
		s.Write(w, "y")
	}),
	sc("read_drains_the_data_then_sees_EOF_once_the_writer_closed", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, "hello ")
		s.Write(w, "world")
		s.Close(w)
		s.Read(r, 3)
		s.Read(r, 100)
		s.Read(r, 100)
		s.Read(r, 100)
	}),
	sc("write_with_the_read_end_closed_is_EPIPE", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Close(r)
		s.Write(w, "x")
		s.Write(w, strings.Repeat("y", 100000))
		s.Fstat(w)
	}),
	sc("closing_the_read_end_discards_buffered_data_and_writes_are_EPIPE", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.Write(w, "buffered")
		s.IoctlGetInt(w, vfstest.FIONREAD)
		s.Close(r)
		s.Write(w, "more")
		s.IoctlGetInt(w, vfstest.FIONREAD)
	}),
	sc("a_dup_of_the_write_end_holds_EOF_off_until_both_close", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		w2 := s.Dup(w)
		s.Close(w)
		s.Read(r, 10)
		s.Write(w2, "via dup")
		s.Close(w2)
		s.Read(r, 10)
		s.Read(r, 10)
	}),
	sc("a_dup_of_the_read_end_holds_EPIPE_off_until_both_close", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK)
		r2 := s.Fcntl(r, unix.F_DUPFD_CLOEXEC, s.FD(0))
		s.Close(r)
		s.Write(w, "still read")
		s.Read(r2, 100)
		s.Close(r2)
		s.Write(w, "x")
	}),
	sc("O_NONBLOCK_belongs_to_one_end_not_to_the_pipe", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Fcntl(r, unix.F_SETFL, unix.O_NONBLOCK)
		s.Fcntl(r, unix.F_GETFL, 0)
		s.Fcntl(w, unix.F_GETFL, 0)
		s.Read(r, 1)
		d := s.Dup(r)
		s.Fcntl(d, unix.F_GETFL, 0)
	}),
	sc("pipe_with_only_one_free_fd_is_EMFILE_and_leaks_nothing", func(s *vfstest.Session) {
		s.SetNofile(1)
		s.Pipe()
		s.Pipe2(unix.O_CLOEXEC)
		s.Open(".", dirOnly, 0)
		s.Open(".", dirOnly, 0)
	}),
	sc("fchmod_of_a_pipe_end_changes_the_pipe_inode", func(s *vfstest.Session) {
		s.NeedRoot("chown to another owner needs CAP_CHOWN")
		r, w := s.Pipe()
		s.Fchmod(w, 0o640)
		s.Fstat(r)
		s.Fchown(r, 12, 34)
		s.Fstat(w)
	}),
	sc("blocking_read_returns_what_a_later_write_brings", func(s *vfstest.Session) {
		r, w := s.Pipe()
		wait := s.Go(func(bg *vfstest.Session) { bg.Read(r, 100) })
		s.Write(w, "wake up")
		wait()
	}),
	sc("blocking_read_returns_EOF_when_the_writer_closes", func(s *vfstest.Session) {
		r, w := s.Pipe()
		wait := s.Go(func(bg *vfstest.Session) { bg.Read(r, 100) })
		s.Close(w)
		wait()
	}),
	sc("blocking_write_larger_than_the_pipe_completes_as_the_reader_drains", func(s *vfstest.Session) {
		r, w := s.Pipe()
		data := pattern(200000)
		wait := s.Go(func(bg *vfstest.Session) { bg.Write(w, data) })
		got := drain(s, r, len(data))
		wait()
		s.Note("read back what was written", got == data)
		s.IoctlGetInt(r, vfstest.FIONREAD)
	}),
	sc("blocked_write_returns_its_partial_count_when_the_reader_closes", func(s *vfstest.Session) {
		r, w := s.Pipe()
		wait := s.Go(func(bg *vfstest.Session) { bg.Write(w, pattern(100000)) })
		s.Note("pipe filled while the write blocks", waitUntil(func() bool {
			n, err := s.Sys().IoctlGetInt(r, vfstest.FIONREAD)
			return err == nil && n == 65536
		}))
		s.Close(r)
		wait()
		s.Write(w, "x")
	}),
}

// pattern is n bytes that differ from one 4 KiB page to the next, so that
// reading back in the wrong order shows in the hash.
func pattern(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteByte(byte('a' + (i/4096+i)%26))
	}
	return b.String()
}

// fill makes chunk-byte nonblocking writes to fd until one fails or is
// short, without recording them, and notes how many went in and what
// stopped them. It returns the bytes written.
func fill(s *vfstest.Session, fd, chunk int) int {
	buf := []byte(strings.Repeat("x", chunk))
	total, writes := 0, 0
	stop := "nothing (gave up)"
	for range 1 << 18 {
		n, err := s.Sys().Write(fd, buf)
		if err != nil {
			stop = errnoName(s, err)
			break
		}
		total += n
		writes++
		if n < chunk {
			stop = fmt.Sprintf("a short write of %d", n)
			break
		}
	}
	s.Note(fmt.Sprintf("%d-byte writes", chunk), fmt.Sprintf("%d accepted, %d bytes, stopped by %s", writes, total, stop))
	return total
}

func errnoName(s *vfstest.Session, err error) string {
	if n, ok := s.Sys().Errno(err); ok {
		return unix.ErrnoName(syscall.Errno(n))
	}
	return err.Error()
}

// drain reads fd, unrecorded, until it has want bytes, hits EOF or fails,
// and notes how many bytes came (how they were split between reads is
// timing).
func drain(s *vfstest.Session, fd, want int) string {
	var b strings.Builder
	buf := make([]byte, 65536)
	for b.Len() < want {
		n, err := s.Sys().Read(fd, buf)
		if err != nil || n == 0 {
			break
		}
		b.Write(buf[:n])
	}
	h := fnv.New32a()
	h.Write([]byte(b.String()))
	s.Note("drained", fmt.Sprintf("%d bytes fnv32a=%08x", b.Len(), h.Sum32()))
	return b.String()
}

// waitUntil polls cond for up to vfstest.BackgroundTimeout.
func waitUntil(cond func() bool) bool {
	deadline := time.Now().Add(vfstest.BackgroundTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
	return true
}
