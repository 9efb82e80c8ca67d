package vfstest

// The conformance kit's calls: one system call each, failing the
// behaviour when it fails.

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The helpers below do one call each and fail the behaviour if it fails.
// Those that make an object are also the probes: the first mkdir,
// symlink, link, ... of a behaviour skips it if the backend lacks the
// operation.

// open opens path and closes the fd when the behaviour ends.
func (c *fsCheck) open(path string, flags int, mode uint32) int {
	c.t.Helper()
	fd, err := c.p.Open(path, flags, mode)
	if flags&vfs.O_CREAT != 0 && errors.Is(err, vfs.EACCES) {
		c.skip("create", "the filesystem does not create regular files: open(%q, O_CREAT) = EACCES", path)
	}
	c.ok(err, "open(%q, %#x)", path, flags)
	c.t.Cleanup(func() { c.p.Close(fd) })
	return fd
}

func (c *fsCheck) close(fd int) {
	c.t.Helper()
	c.ok(c.p.Close(fd), "close(%d)", fd)
}

// create makes a regular file holding data.
func (c *fsCheck) create(path, data string) {
	c.t.Helper()
	fd := c.open(path, vfs.O_CREAT|vfs.O_EXCL|vfs.O_WRONLY, 0o644)
	if data != "" {
		c.write(fd, data)
	}
	c.close(fd)
}

func (c *fsCheck) write(fd int, data string) {
	c.t.Helper()
	n, err := c.p.Write(fd, []byte(data))
	c.ok(err, "write(%d, %d bytes)", fd, len(data))
	require.Equal(c.t, len(data), n, "write(%d) count", fd)
}

func (c *fsCheck) pwrite(fd int, data string, off int64) {
	c.t.Helper()
	n, err := c.p.Pwrite(fd, []byte(data), off)
	c.ok(err, "pwrite(%d, %d bytes, %d)", fd, len(data), off)
	require.Equal(c.t, len(data), n, "pwrite(%d) count", fd)
}

// read reads up to n bytes at the fd's offset.
func (c *fsCheck) read(fd, n int) string {
	c.t.Helper()
	buf := make([]byte, n)
	got, err := c.p.Read(fd, buf)
	c.ok(err, "read(%d, %d)", fd, n)
	return string(buf[:got])
}

func (c *fsCheck) pread(fd, n int, off int64) string {
	c.t.Helper()
	buf := make([]byte, n)
	got, err := c.p.Pread(fd, buf, off)
	c.ok(err, "pread(%d, %d, %d)", fd, n, off)
	return string(buf[:got])
}

// readFile returns the whole content of path, read in odd-sized pieces.
func (c *fsCheck) readFile(path string) string {
	c.t.Helper()
	fd := c.open(path, vfs.O_RDONLY, 0)
	defer c.close(fd)
	return c.readToEOF(fd)
}

func (c *fsCheck) readToEOF(fd int) string {
	c.t.Helper()
	var out []byte
	buf := make([]byte, 1000)
	for {
		n, err := c.p.Read(fd, buf)
		c.ok(err, "read(%d)", fd)
		if n == 0 {
			return string(out)
		}
		out = append(out, buf[:n]...)
	}
}

func (c *fsCheck) seek(fd int, off int64, whence int) int64 {
	c.t.Helper()
	pos, err := c.p.Seek(fd, off, whence)
	c.ok(err, "lseek(%d, %d, %d)", fd, off, whence)
	return pos
}

func (c *fsCheck) stat(path string) vfs.Stat_t {
	c.t.Helper()
	var st vfs.Stat_t
	c.ok(c.p.Stat(path, &st), "stat(%q)", path)
	return st
}

func (c *fsCheck) lstat(path string) vfs.Stat_t {
	c.t.Helper()
	var st vfs.Stat_t
	c.ok(c.p.Lstat(path, &st), "lstat(%q)", path)
	return st
}

func (c *fsCheck) fstat(fd int) vfs.Stat_t {
	c.t.Helper()
	var st vfs.Stat_t
	c.ok(c.p.Fstat(fd, &st), "fstat(%d)", fd)
	return st
}

// gone fails unless path does not exist.
func (c *fsCheck) gone(path string) {
	c.t.Helper()
	var st vfs.Stat_t
	err := c.p.Lstat(path, &st)
	c.is(err, vfs.ENOENT, "lstat(%q)", path)
	require.ErrorIs(c.t, err, fs.ErrNotExist)
}

func (c *fsCheck) mkdir(path string) {
	c.t.Helper()
	c.need(c.p.Mkdir(path, 0o755), "mkdir", "mkdir(%q)", path)
}

// try reports whether an optional step of a behaviour worked, false if
// the backend lacks the operation; any other error fails the behaviour.
func (c *fsCheck) try(err error, op string, what string, args ...any) bool {
	c.t.Helper()
	if kitUnsupported(err) {
		c.t.Logf("the filesystem does not support %s (%s = %s): that part of the behaviour is left out",
			op, fmt.Sprintf(what, args...), kitErrno(err))
		return false
	}
	c.ok(err, what, args...)
	return true
}

// tryMkdir makes a directory for the optional part of a behaviour.
func (c *fsCheck) tryMkdir(path string) bool {
	c.t.Helper()
	return c.try(c.p.Mkdir(path, 0o755), "mkdir", "mkdir(%q)", path)
}

func (c *fsCheck) symlink(target, path string) {
	c.t.Helper()
	c.need(c.p.Symlink(target, path), "symlink", "symlink(%q, %q)", target, path)
}

func (c *fsCheck) link(old, new string) {
	c.t.Helper()
	c.need(c.p.Link(old, new), "link", "link(%q, %q)", old, new)
}

func (c *fsCheck) unlink(path string) {
	c.t.Helper()
	c.need(c.p.Unlink(path), "unlink", "unlink(%q)", path)
}

func (c *fsCheck) rmdir(path string) {
	c.t.Helper()
	c.need(c.p.Rmdir(path), "rmdir", "rmdir(%q)", path)
}

func (c *fsCheck) rename(old, new string) {
	c.t.Helper()
	c.need(c.p.Rename(old, new), "rename", "rename(%q, %q)", old, new)
}

func (c *fsCheck) truncate(path string, size int64) {
	c.t.Helper()
	err := c.p.Truncate(path, size)
	if errors.Is(err, vfs.EINVAL) && size >= 0 {
		// ops.go: a regular file without Truncater has a fixed size.
		c.skip("truncate", "the filesystem does not change file sizes: truncate(%q, %d) = EINVAL", path, size)
	}
	c.need(err, "truncate", "truncate(%q, %d)", path, size)
}
