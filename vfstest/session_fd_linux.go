//go:build linux

package vfstest

import (
	"fmt"
	"strconv"

	"golang.org/x/sys/unix"
)

// Calls on open files and the fd table. Each forwards to the System under
// test and records one transcript line.

func (s *Session) Open(path string, flags int, mode uint32) int {
	return s.fdCall(fmt.Sprintf("open(%s, %s, %s)", quotePath(path), openFlags(flags), octal(mode)),
		func() (int, error) { return s.sys.Open(path, flags, mode) })
}

func (s *Session) Openat(dirfd int, path string, flags int, mode uint32) int {
	return s.fdCall(fmt.Sprintf("openat(%s, %s, %s, %s)", s.fd(dirfd), quotePath(path), openFlags(flags), octal(mode)),
		func() (int, error) { return s.sys.Openat(dirfd, path, flags, mode) })
}

func (s *Session) Openat2(dirfd int, path string, how OpenHow) int {
	call := fmt.Sprintf("openat2(%s, %s, {%s, %s, %s})", s.fd(dirfd), quotePath(path),
		openFlags(int(how.Flags)), octal(uint32(how.Mode)), flagsOr0(int(how.Resolve), resolveFlagNames))
	return s.fdCall(call, func() (int, error) { return s.sys.Openat2(dirfd, path, &how) })
}

// WriteFile creates (or truncates) path with mode and writes data to it,
// recording the open, write and close.
func (s *Session) WriteFile(path string, data string, mode uint32) {
	fd := s.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, mode)
	if fd < 0 {
		return
	}
	s.Write(fd, data)
	s.Close(fd)
}

func (s *Session) Close(fd int) bool {
	return s.errCall(fmt.Sprintf("close(%s)", s.fd(fd)), func() error { return s.sys.Close(fd) })
}

// Read reads up to n bytes and returns what it read.
func (s *Session) Read(fd, n int) string {
	buf := make([]byte, n)
	return s.readCall(fmt.Sprintf("read(%s, %d)", s.fd(fd), n), buf,
		func() (int, error) { return s.sys.Read(fd, buf) })
}

func (s *Session) Pread(fd, n int, off int64) string {
	buf := make([]byte, n)
	return s.readCall(fmt.Sprintf("pread(%s, %d, %d)", s.fd(fd), n, off), buf,
		func() (int, error) { return s.sys.Pread(fd, buf, off) })
}

func (s *Session) readCall(call string, buf []byte, f func() (int, error)) string {
	n := 0
	err := guard(func() (err error) { n, err = f(); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return ""
	}
	if n < 0 || n > len(buf) {
		s.record(call, fmt.Sprintf("%d (out of range)", n))
		return ""
	}
	s.record(call, fmt.Sprintf("%d %s", n, quoteData(buf[:n])))
	return string(buf[:n])
}

func (s *Session) Write(fd int, data string) int {
	return s.countCall(fmt.Sprintf("write(%s, %s)", s.fd(fd), quoteData([]byte(data))),
		func() (int, error) { return s.sys.Write(fd, []byte(data)) })
}

func (s *Session) Pwrite(fd int, data string, off int64) int {
	return s.countCall(fmt.Sprintf("pwrite(%s, %s, %d)", s.fd(fd), quoteData([]byte(data)), off),
		func() (int, error) { return s.sys.Pwrite(fd, []byte(data), off) })
}

func (s *Session) countCall(call string, f func() (int, error)) int {
	n := 0
	err := guard(func() (err error) { n, err = f(); return err })
	s.record(call, s.result(err, strconv.Itoa(n)))
	if err != nil {
		return -1
	}
	return n
}

func (s *Session) Seek(fd int, off int64, whence int) int64 {
	var pos int64
	err := guard(func() (err error) { pos, err = s.sys.Seek(fd, off, whence); return err })
	s.record(fmt.Sprintf("lseek(%s, %d, %s)", s.fd(fd), off, whenceName(whence)),
		s.result(err, strconv.FormatInt(pos, 10)))
	if err != nil {
		return -1
	}
	return pos
}

func (s *Session) Dup(fd int) int {
	return s.fdCall(fmt.Sprintf("dup(%s)", s.fd(fd)), func() (int, error) { return s.sys.Dup(fd) })
}

func (s *Session) Dup2(oldfd, newfd int) bool {
	return s.errCall(fmt.Sprintf("dup2(%s, %s)", s.fd(oldfd), s.fd(newfd)),
		func() error { return s.sys.Dup2(oldfd, newfd) })
}

func (s *Session) Dup3(oldfd, newfd, flags int) bool {
	return s.errCall(fmt.Sprintf("dup3(%s, %s, %s)", s.fd(oldfd), s.fd(newfd), flagsOr0(flags, dup3FlagNames)),
		func() error { return s.sys.Dup3(oldfd, newfd, flags) })
}

// Fcntl is fcntl(2) with an int argument; arguments and results are shown
// symbolically for the commands that have flags or fds.
func (s *Session) Fcntl(fd, cmd, arg int) int {
	var argStr string
	switch cmd {
	case unix.F_DUPFD, unix.F_DUPFD_CLOEXEC:
		argStr = s.fd(arg)
	case unix.F_SETFD:
		argStr = flagsOr0(arg, fdFlagNames)
	case unix.F_SETFL:
		argStr = openFlags(arg)
	default:
		argStr = strconv.Itoa(arg)
	}
	v := 0
	err := guard(func() (err error) { v, err = s.sys.FcntlInt(uintptr(fd), cmd, arg); return err })
	var res string
	switch {
	case err != nil:
		res = s.errString(err)
		v = -1
	case cmd == unix.F_DUPFD || cmd == unix.F_DUPFD_CLOEXEC:
		res = s.fd(v)
	case cmd == unix.F_GETFD:
		res = flagsOr0(v, fdFlagNames)
	case cmd == unix.F_GETFL:
		res = openFlags(v)
	default:
		res = strconv.Itoa(v)
	}
	s.record(fmt.Sprintf("fcntl(%s, %s, %s)", s.fd(fd), fcntlName(cmd), argStr), res)
	return v
}

func (s *Session) Ftruncate(fd int, length int64) bool {
	return s.errCall(fmt.Sprintf("ftruncate(%s, %d)", s.fd(fd), length),
		func() error { return s.sys.Ftruncate(fd, length) })
}

func (s *Session) Fallocate(fd int, mode uint32, off, length int64) bool {
	return s.errCall(fmt.Sprintf("fallocate(%s, %s, %d, %d)", s.fd(fd), flagsOr0(int(mode), fallocNames), off, length),
		func() error { return s.sys.Fallocate(fd, mode, off, length) })
}

func (s *Session) Fchmod(fd int, mode uint32) bool {
	return s.errCall(fmt.Sprintf("fchmod(%s, %s)", s.fd(fd), octal(mode)),
		func() error { return s.sys.Fchmod(fd, mode) })
}

func (s *Session) Fchown(fd, uid, gid int) bool {
	return s.errCall(fmt.Sprintf("fchown(%s, %d, %d)", s.fd(fd), uid, gid),
		func() error { return s.sys.Fchown(fd, uid, gid) })
}

func (s *Session) Fstat(fd int) StatT {
	var st StatT
	return s.statCall(fmt.Sprintf("fstat(%s)", s.fd(fd)), &st, func() error { return s.sys.Fstat(fd, &st) })
}

func (s *Session) statCall(call string, st *StatT, f func() error) StatT {
	err := guard(f)
	if err != nil {
		s.record(call, s.errString(err))
		return StatT{}
	}
	s.record(call, statString(*st))
	return *st
}

func (s *Session) Fchdir(fd int) bool {
	return s.errCall(fmt.Sprintf("fchdir(%s)", s.fd(fd)), func() error { return s.sys.Fchdir(fd) })
}

// Getdents makes one getdents64 call with a buffer of size bytes and
// records the byte count and the entries, sorted by name.
func (s *Session) Getdents(fd, size int) []Dirent {
	ents, n, err := s.getdents(fd, size)
	call := fmt.Sprintf("getdents64(%s, %d)", s.fd(fd), size)
	if err != nil {
		s.record(call, s.errString(err))
		return nil
	}
	s.record(call, fmt.Sprintf("%d bytes, %s", n, direntsString(ents)))
	return ents
}

func (s *Session) getdents(fd, size int) ([]Dirent, int, error) {
	buf := make([]byte, size)
	n := 0
	err := guard(func() (err error) { n, err = s.sys.Getdents(fd, buf); return err })
	if err != nil {
		return nil, 0, err
	}
	if n < 0 || n > size {
		return nil, n, fmt.Errorf("getdents returned %d for a %d-byte buffer", n, size)
	}
	return ParseDirents(buf[:n]), n, nil
}

// ReadDir calls getdents64 with a buffer of size bytes until it returns 0
// and records everything read as one line: how the entries were split
// between calls depends on the directory's order, which is filesystem
// specific.
func (s *Session) ReadDir(fd, size int) []Dirent {
	all, err := s.readAll(fd, size)
	call := fmt.Sprintf("getdents64(%s, %d) until 0", s.fd(fd), size)
	if err != nil {
		s.record(call, s.errString(err)+" after "+direntsString(all))
		return all
	}
	s.record(call, direntsString(all))
	return all
}

func (s *Session) readAll(fd, size int) ([]Dirent, error) {
	var all []Dirent
	for range 100000 {
		ents, n, err := s.getdents(fd, size)
		if err != nil || n == 0 {
			return all, err
		}
		all = append(all, ents...)
	}
	return all, fmt.Errorf("getdents never returned 0")
}

// CheckDirResume reads the whole directory, then for every entry seeks to
// its d_off and reads on, checking that exactly the entries after it come
// back. It records one line: "ok", or the first mismatch by position.
func (s *Session) CheckDirResume(fd int) {
	call := fmt.Sprintf("getdents64(%s) resumed at every d_off", s.fd(fd))
	res := s.dirResume(fd)
	s.record(call, res)
}

func (s *Session) dirResume(fd int) string {
	if _, err := guard2(func() (int64, error) { return s.sys.Seek(fd, 0, unix.SEEK_SET) }); err != nil {
		return "rewind: " + s.errString(err)
	}
	all, err := s.readAll(fd, 4096)
	if err != nil {
		return "read: " + s.errString(err)
	}
	for i, e := range all {
		if _, err := guard2(func() (int64, error) { return s.sys.Seek(fd, e.Off, unix.SEEK_SET) }); err != nil {
			return fmt.Sprintf("seek to d_off of entry #%d: %s", i, s.errString(err))
		}
		rest, err := s.readAll(fd, 4096)
		if err != nil {
			return fmt.Sprintf("read after entry #%d: %s", i, s.errString(err))
		}
		if got, want := direntsString(rest), direntsString(all[i+1:]); got != want {
			return fmt.Sprintf("after entry #%d of %d got %s, want %s", i, len(all), got, want)
		}
	}
	return fmt.Sprintf("ok (%d entries)", len(all))
}

func guard2[T any](f func() (T, error)) (v T, err error) {
	err = guard(func() (err error) { v, err = f(); return err })
	return v, err
}
