//go:build linux

package vfstest

import (
	"errors"
	"strings"
	"syscall"

	"github.com/govfs/govfs/vfs"
)

// The raw calls of *vfs.Process have exactly the x/sys/unix signatures.
var _ Sys = (*vfs.Process)(nil)

// Govfs is the govfs side of the differential harness: a *vfs.Process
// whose working directory is a sandbox directory, with the calls whose
// struct types differ converted to the harness's own.
type Govfs struct {
	*vfs.Process
	root string // absolute path of the sandbox inside govfs
}

var _ System = (*Govfs)(nil)

// NewGovfs wraps p, whose working directory must already be the sandbox
// directory root (an absolute path in p's tree), for Differential.
func NewGovfs(p *vfs.Process, root string) *Govfs {
	return &Govfs{Process: p, root: strings.TrimSuffix(root, "/")}
}

func (g *Govfs) Stat(path string, st *StatT) error {
	var v vfs.Stat_t
	err := g.Process.Stat(path, &v)
	*st = govfsStat(&v)
	return err
}

func (g *Govfs) Lstat(path string, st *StatT) error {
	var v vfs.Stat_t
	err := g.Process.Lstat(path, &v)
	*st = govfsStat(&v)
	return err
}

func (g *Govfs) Fstat(fd int, st *StatT) error {
	var v vfs.Stat_t
	err := g.Process.Fstat(fd, &v)
	*st = govfsStat(&v)
	return err
}

func (g *Govfs) Fstatat(dirfd int, path string, st *StatT, flags int) error {
	var v vfs.Stat_t
	err := g.Process.Fstatat(dirfd, path, &v, flags)
	*st = govfsStat(&v)
	return err
}

func govfsStat(v *vfs.Stat_t) StatT {
	return StatT{
		Mode: v.Mode, Nlink: v.Nlink, Size: v.Size, Uid: v.Uid, Gid: v.Gid,
		Rdev: v.Rdev, Ino: v.Ino, Dev: v.Dev,
		Atime: v.Atim.Nano(), Mtime: v.Mtim.Nano(), Ctime: v.Ctim.Nano(),
	}
}

func (g *Govfs) Openat2(dirfd int, path string, how *OpenHow) (int, error) {
	return g.Process.Openat2(dirfd, path, &vfs.OpenHow{Flags: how.Flags, Mode: how.Mode, Resolve: how.Resolve})
}

// Poll is poll(2) on govfs's struct pollfd.
func (g *Govfs) Poll(fds []PollFd, timeout int) (int, error) {
	v := make([]vfs.PollFd, len(fds))
	for i, p := range fds {
		v[i] = vfs.PollFd{Fd: p.Fd, Events: p.Events}
	}
	n, err := g.Process.Poll(v, timeout)
	for i := range fds {
		fds[i].Revents = v[i].Revents
	}
	return n, err
}

// Getcwd reports the working directory relative to the sandbox.
func (g *Govfs) Getcwd() (string, error) {
	buf := make([]byte, vfs.PathMax)
	n, err := g.Process.Getcwd(buf)
	if err != nil {
		return "", err
	}
	dir := strings.TrimRight(string(buf[:n]), "\x00")
	return sandboxPath(g.root, dir), nil
}

func (g *Govfs) Getrlimit(resource int, rlim *Rlimit) error {
	var v vfs.Rlimit
	err := g.Process.Getrlimit(resource, &v)
	*rlim = Rlimit{Cur: v.Cur, Max: v.Max}
	return err
}

func (g *Govfs) Setrlimit(resource int, rlim *Rlimit) error {
	return g.Process.Setrlimit(resource, &vfs.Rlimit{Cur: rlim.Cur, Max: rlim.Max})
}

// Errno maps a vfs.Errno (or, defensively, a syscall.Errno) to its number.
func (g *Govfs) Errno(err error) (uintptr, bool) {
	var en vfs.Errno
	if errors.As(err, &en) {
		return uintptr(en), true
	}
	var se syscall.Errno
	if errors.As(err, &se) {
		return uintptr(se), true
	}
	return 0, false
}
