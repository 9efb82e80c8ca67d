//go:build linux

package vfstest

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// What a random sequence must not call: a call that could wait for good.
// A sequence has no second thread to end the wait, so a read, write or
// open that could block is not made, on either side, and the transcript
// says so. Both sides decide from what they hold, which is the same as
// long as they have not differed before.
//
//	read(fd0+1, 8) = not made: would block
//
// Only files that can block are asked about: anon inodes (an eventfd, a
// timerfd) and pipes and FIFOs, opened without O_NONBLOCK. Regular
// files never block, and sockets have timeouts.

// pipeAtomic is how much a write to a pipe with a free slot always
// takes whole: at most a page, merged into the last one or in the next.
const pipeAtomic = 4096

// blockingFD returns fd's file type and status flags when fd is an anon
// inode (type 0) or a pipe or FIFO opened without O_NONBLOCK, and ok
// false for every other fd.
func (s *Session) blockingFD(fd int) (typ uint32, fl int, ok bool) {
	var st StatT
	if s.sys.Fstat(fd, &st) != nil {
		return 0, 0, false
	}
	if typ = st.Mode & unix.S_IFMT; typ != 0 && typ != unix.S_IFIFO {
		return 0, 0, false
	}
	fl, err := s.sys.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil || fl&(unix.O_NONBLOCK|unix.O_PATH) != 0 {
		return 0, 0, false
	}
	return typ, fl, true
}

// readMayBlock reports, recording it, that a read of fd is not made
// because it would block: fd can block (blockingFD), is open for
// reading, and poll finds it neither readable nor hung up.
func (s *Session) readMayBlock(call string, fd int) bool {
	_, fl, ok := s.blockingFD(fd)
	if !ok || fl&unix.O_ACCMODE == unix.O_WRONLY {
		return false
	}
	pfd := []PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	if n, err := s.sys.Poll(pfd, 0); err != nil || n > 0 {
		return false
	}
	s.record(call, "not made: would block")
	return true
}

// writeMayBlock reports, recording it, that a write of pieces of these
// lengths to fd is not made because it could block: fd can block
// (blockingFD) and is open for writing, and
//   - it is an anon inode and a piece is the 8 bytes an eventfd takes,
//     whose value, added to a count the sequence cannot see, may pass
//     the ceiling and wait for a reader that never comes;
//   - or it is a pipe with readers that has no free slot, or has one
//     but is written more than pipeAtomic bytes at once.
func (s *Session) writeMayBlock(call string, fd int, lens ...int) bool {
	typ, fl, ok := s.blockingFD(fd)
	if !ok || fl&unix.O_ACCMODE == unix.O_RDONLY {
		return false
	}
	total := 0
	for _, n := range lens {
		total += n
		if typ == 0 && n == 8 {
			s.record(call, "not made: could block")
			return true
		}
	}
	if typ == 0 || total == 0 {
		return false
	}
	return s.pipeFull(call, fd, total)
}

// pipeWriteMayBlock is writeMayBlock for pipes alone: an eventfd's
// 8-byte writes of small values, which WriteU64 makes, never block.
func (s *Session) pipeWriteMayBlock(call string, fd, n int) bool {
	typ, fl, ok := s.blockingFD(fd)
	if !ok || typ == 0 || fl&unix.O_ACCMODE == unix.O_RDONLY || n == 0 {
		return false
	}
	return s.pipeFull(call, fd, n)
}

// pipeFull reports, recording it, that a blocking write of n bytes to
// the pipe fd could wait: poll finds readers (no POLLERR, which makes
// the write EPIPE at once) and no free slot, or n is more than a free
// slot always takes.
func (s *Session) pipeFull(call string, fd, n int) bool {
	pfd := []PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
	if _, err := s.sys.Poll(pfd, 0); err != nil || pfd[0].Revents&unix.POLLERR != 0 ||
		pfd[0].Revents&unix.POLLOUT != 0 && n <= pipeAtomic {
		return false
	}
	s.record(call, "not made: could block")
	return true
}

// openMayBlock reports, recording it, that an open of path (relative to
// dirfd) with flags is not made because it could wait for a partner:
// path is a FIFO, and the open is for reading alone or writing alone,
// without O_NONBLOCK or O_PATH. Whether a partner is there to meet is
// not asked: a sequence cannot see another process's opens.
func (s *Session) openMayBlock(call string, dirfd int, path string, flags int) bool {
	if flags&(unix.O_NONBLOCK|unix.O_PATH) != 0 {
		return false
	}
	if acc := flags & unix.O_ACCMODE; acc != unix.O_RDONLY && acc != unix.O_WRONLY {
		return false
	}
	var st StatT
	if s.sys.Fstatat(dirfd, path, &st, 0) != nil || st.Mode&unix.S_IFMT != unix.S_IFIFO {
		return false
	}
	s.record(call, "not made: could wait for a partner")
	return true
}

// openCall is how openMayBlock's record names an open.
func (s *Session) openCall(dirfd int, path string, flags int) string {
	if dirfd == unix.AT_FDCWD {
		return fmt.Sprintf("open(%s, %s)", quotePath(path), openFlags(flags))
	}
	return fmt.Sprintf("openat(%s, %s, %s)", s.fd(dirfd), quotePath(path), openFlags(flags))
}
