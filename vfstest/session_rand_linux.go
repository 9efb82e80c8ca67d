//go:build linux

package vfstest

import "golang.org/x/sys/unix"

// Session calls that the random op table needs: directory reads and
// seeks whose transcript does not depend on the filesystem's directory
// offsets.

// RewindDir is lseek(fd, 0, SEEK_SET) and a whole getdents64 listing,
// the two calls a RewindDir op of FileRandOps makes.
func (s *Session) RewindDir(fd int) []Dirent {
	s.Seek(fd, 0, unix.SEEK_SET)
	return s.ReadDir(fd, 4096)
}

// RewindGetdents is lseek(fd, 0, SEEK_SET) and one getdents64 call
// with a buffer of size bytes.
func (s *Session) RewindGetdents(fd, size int) []Dirent {
	s.Seek(fd, 0, unix.SEEK_SET)
	return s.Getdents(fd, size)
}

// SeekFile is lseek(2), except on a directory, where it rewinds
// (lseek(fd, 0, SEEK_SET)) instead: a directory's offsets are cookies of
// the filesystem's choosing (tmpfs's end of directory is INT_MAX since
// 6.11), and so is what reading from any other offset returns.
func (s *Session) SeekFile(fd int, off int64, whence int) int64 {
	var st StatT
	if s.sys.Fstat(fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR {
		off, whence = 0, unix.SEEK_SET
	}
	return s.Seek(fd, off, whence)
}
