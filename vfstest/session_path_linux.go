//go:build linux

package vfstest

import (
	"fmt"
	"strconv"

	"golang.org/x/sys/unix"
)

// Calls that name files by path. Each forwards to the System under test
// and records one transcript line.

func (s *Session) Mkdir(path string, mode uint32) bool {
	return s.errCall(fmt.Sprintf("mkdir(%s, %s)", quotePath(path), octal(mode)),
		func() error { return s.sys.Mkdir(path, mode) })
}

func (s *Session) Mkdirat(dirfd int, path string, mode uint32) bool {
	return s.errCall(fmt.Sprintf("mkdirat(%s, %s, %s)", s.fd(dirfd), quotePath(path), octal(mode)),
		func() error { return s.sys.Mkdirat(dirfd, path, mode) })
}

func (s *Session) Rmdir(path string) bool {
	return s.errCall(fmt.Sprintf("rmdir(%s)", quotePath(path)), func() error { return s.sys.Rmdir(path) })
}

func (s *Session) Unlink(path string) bool {
	return s.errCall(fmt.Sprintf("unlink(%s)", quotePath(path)), func() error { return s.sys.Unlink(path) })
}

func (s *Session) Unlinkat(dirfd int, path string, flags int) bool {
	return s.errCall(fmt.Sprintf("unlinkat(%s, %s, %s)", s.fd(dirfd), quotePath(path), flagsOr0(flags, atFlagNames)),
		func() error { return s.sys.Unlinkat(dirfd, path, flags) })
}

func (s *Session) Rename(oldpath, newpath string) bool {
	return s.errCall(fmt.Sprintf("rename(%s, %s)", quotePath(oldpath), quotePath(newpath)),
		func() error { return s.sys.Rename(oldpath, newpath) })
}

func (s *Session) Renameat2(olddirfd int, oldpath string, newdirfd int, newpath string, flags uint) bool {
	call := fmt.Sprintf("renameat2(%s, %s, %s, %s, %s)", s.fd(olddirfd), quotePath(oldpath),
		s.fd(newdirfd), quotePath(newpath), flagsOr0(int(flags), renameFlagNames))
	return s.errCall(call, func() error { return s.sys.Renameat2(olddirfd, oldpath, newdirfd, newpath, flags) })
}

func (s *Session) Link(oldpath, newpath string) bool {
	return s.errCall(fmt.Sprintf("link(%s, %s)", quotePath(oldpath), quotePath(newpath)),
		func() error { return s.sys.Link(oldpath, newpath) })
}

func (s *Session) Linkat(olddirfd int, oldpath string, newdirfd int, newpath string, flags int) bool {
	call := fmt.Sprintf("linkat(%s, %s, %s, %s, %s)", s.fd(olddirfd), quotePath(oldpath),
		s.fd(newdirfd), quotePath(newpath), flagsOr0(flags, atFlagNames))
	return s.errCall(call, func() error { return s.sys.Linkat(olddirfd, oldpath, newdirfd, newpath, flags) })
}

func (s *Session) Symlink(target, linkpath string) bool {
	return s.errCall(fmt.Sprintf("symlink(%s, %s)", quotePath(target), quotePath(linkpath)),
		func() error { return s.sys.Symlink(target, linkpath) })
}

func (s *Session) Symlinkat(target string, newdirfd int, linkpath string) bool {
	return s.errCall(fmt.Sprintf("symlinkat(%s, %s, %s)", quotePath(target), s.fd(newdirfd), quotePath(linkpath)),
		func() error { return s.sys.Symlinkat(target, newdirfd, linkpath) })
}

// Readlink reads a link's target with a buffer of size bytes.
func (s *Session) Readlink(path string, size int) string {
	buf := make([]byte, size)
	return s.readCall(fmt.Sprintf("readlink(%s, %d)", quotePath(path), size), buf,
		func() (int, error) { return s.sys.Readlink(path, buf) })
}

func (s *Session) Readlinkat(dirfd int, path string, size int) string {
	buf := make([]byte, size)
	return s.readCall(fmt.Sprintf("readlinkat(%s, %s, %d)", s.fd(dirfd), quotePath(path), size), buf,
		func() (int, error) { return s.sys.Readlinkat(dirfd, path, buf) })
}

func (s *Session) Chmod(path string, mode uint32) bool {
	return s.errCall(fmt.Sprintf("chmod(%s, %s)", quotePath(path), octal(mode)),
		func() error { return s.sys.Chmod(path, mode) })
}

func (s *Session) Fchmodat(dirfd int, path string, mode uint32, flags int) bool {
	call := fmt.Sprintf("fchmodat(%s, %s, %s, %s)", s.fd(dirfd), quotePath(path), octal(mode), flagsOr0(flags, atFlagNames))
	return s.errCall(call, func() error { return s.sys.Fchmodat(dirfd, path, mode, flags) })
}

func (s *Session) Chown(path string, uid, gid int) bool {
	return s.errCall(fmt.Sprintf("chown(%s, %d, %d)", quotePath(path), uid, gid),
		func() error { return s.sys.Chown(path, uid, gid) })
}

func (s *Session) Lchown(path string, uid, gid int) bool {
	return s.errCall(fmt.Sprintf("lchown(%s, %d, %d)", quotePath(path), uid, gid),
		func() error { return s.sys.Lchown(path, uid, gid) })
}

func (s *Session) Truncate(path string, length int64) bool {
	return s.errCall(fmt.Sprintf("truncate(%s, %d)", quotePath(path), length),
		func() error { return s.sys.Truncate(path, length) })
}

func (s *Session) Access(path string, mode uint32) bool {
	return s.errCall(fmt.Sprintf("access(%s, %s)", quotePath(path), accessMode(mode)),
		func() error { return s.sys.Access(path, mode) })
}

func (s *Session) Faccessat(dirfd int, path string, mode uint32, flags int) bool {
	call := fmt.Sprintf("faccessat(%s, %s, %s, %s)", s.fd(dirfd), quotePath(path), accessMode(mode), flagsOr0(flags, accessAtFlagNames))
	return s.errCall(call, func() error { return s.sys.Faccessat(dirfd, path, mode, flags) })
}

func (s *Session) Mknod(path string, mode uint32, dev int) bool {
	return s.errCall(fmt.Sprintf("mknod(%s, %s, %s)", quotePath(path), nodeMode(mode), devString(uint64(dev))),
		func() error { return s.sys.Mknod(path, mode, dev) })
}

func (s *Session) Mkfifo(path string, mode uint32) bool {
	return s.errCall(fmt.Sprintf("mkfifo(%s, %s)", quotePath(path), octal(mode)),
		func() error { return s.sys.Mkfifo(path, mode) })
}

func (s *Session) Stat(path string) StatT {
	var st StatT
	return s.statCall(fmt.Sprintf("stat(%s)", quotePath(path)), &st, func() error { return s.sys.Stat(path, &st) })
}

func (s *Session) Lstat(path string) StatT {
	var st StatT
	return s.statCall(fmt.Sprintf("lstat(%s)", quotePath(path)), &st, func() error { return s.sys.Lstat(path, &st) })
}

func (s *Session) Fstatat(dirfd int, path string, flags int) StatT {
	var st StatT
	call := fmt.Sprintf("fstatat(%s, %s, %s)", s.fd(dirfd), quotePath(path), flagsOr0(flags, atFlagNames))
	return s.statCall(call, &st, func() error { return s.sys.Fstatat(dirfd, path, &st, flags) })
}

func (s *Session) Chdir(path string) bool {
	return s.errCall(fmt.Sprintf("chdir(%s)", quotePath(path)), func() error { return s.sys.Chdir(path) })
}

// Getcwd records the working directory as the scenario sees it ("/" is
// the sandbox).
func (s *Session) Getcwd() string {
	dir, err := guard2(s.sys.Getcwd)
	s.record("getcwd()", s.result(err, strconv.Quote(dir)))
	return dir
}

func (s *Session) Umask(mask int) int {
	old := -1
	err := guard(func() error { old = s.sys.Umask(mask); return nil })
	s.record(fmt.Sprintf("umask(%#o)", mask), s.result(err, fmt.Sprintf("%#o", old)))
	return old
}

// SetNofile sets the soft RLIMIT_NOFILE to fd0+n, keeping the hard limit,
// so that fd0+n-1 is the highest fd a new allocation may return. Record
// restores the limit when the scenario ends.
func (s *Session) SetNofile(n int) bool {
	call := fmt.Sprintf("setrlimit(RLIMIT_NOFILE, cur=%s)", s.fd(s.base+n))
	if s.refuseInAs(call) {
		return false
	}
	return s.errCall(call, func() error {
		var lim Rlimit
		if err := s.sys.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
			return err
		}
		lim.Cur = uint64(s.base + n)
		return s.sys.Setrlimit(unix.RLIMIT_NOFILE, &lim)
	})
}
