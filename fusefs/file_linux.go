package fusefs

import (
	"context"
	"syscall"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"

	"github.com/govfs/govfs/vfs"
)

var (
	_ fs.NodeOpener    = (*node)(nil)
	_ fs.NodeCreater   = (*node)(nil)
	_ fs.FileReader    = (*handle)(nil)
	_ fs.FileWriter    = (*handle)(nil)
	_ fs.FileWritever  = (*handle)(nil)
	_ fs.FileFlusher   = (*handle)(nil)
	_ fs.FileFsyncer   = (*handle)(nil)
	_ fs.FileReleaser  = (*handle)(nil)
	_ fs.FileAllocater = (*handle)(nil)
	_ fs.FileGetattrer = (*handle)(nil)
)

// handle is a file the host has open: a govfs fd in the credential
// process of whoever opened it. Reads and writes go through that fd and
// need no credentials (Linux checks at open, not at read), so they skip
// the caller lookup.
type handle struct {
	p  *vfs.Process
	fd int
	n  *node
}

// openFlags keeps what govfs should see of the host's open flags.
// O_APPEND goes: the host kernel already turns an append into a WRITE
// at the end of the file, and govfs's pwrite on an O_APPEND file would
// append again (as Linux's does). O_CREAT/O_EXCL/O_TRUNC were dealt with
// by LOOKUP, CREATE and SETATTR; FMODE_EXEC and O_LARGEFILE are the
// host's own bits.
func openFlags(flags uint32) int {
	const oLargefile = 0x8000 // the kernel's __O_LARGEFILE; Go's syscall.O_LARGEFILE is 0 on 64-bit
	const drop = syscall.O_APPEND | syscall.O_CREAT | syscall.O_EXCL | syscall.O_TRUNC |
		oLargefile | fuse.FMODE_EXEC
	return int(flags&^drop) | vfs.O_CLOEXEC
}

// fuseFlags asks the host not to cache what govfs makes up on each
// read: a file outside tmpfs (/proc, /sys, a device's attributes)
// reports size 0 or a guess, so the host reads it with direct I/O, as
// much as read returns. tmpfs files use the page cache, dropped at
// every open (no FOPEN_KEEP_CACHE): a host open sees what govfs holds
// at that moment, and its reads then come from the cache, with the
// kernel's readahead, at close to the speed of a host FUSE loopback.
func fuseFlags(p *vfs.Process, fd int) uint32 {
	var st vfs.Statfs_t
	if err := p.Fstatfs(fd, &st); err != nil || st.Type != vfs.TMPFS_MAGIC {
		return fuse.FOPEN_DIRECT_IO
	}
	return 0
}

func (n *node) Open(ctx context.Context, flags uint32) (fs.FileHandle, uint32, syscall.Errno) {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return nil, 0, errno
	}
	fd, err := openNoSymlinks(p, n.path(), openFlags(flags), 0)
	if err != nil {
		return nil, 0, toErrno(err)
	}
	return n.addOpen(&handle{p: p, fd: fd}), fuseFlags(p, fd), 0
}

// Create is open(O_CREAT) with the host's flags (O_EXCL included).
func (n *node) Create(ctx context.Context, name string, flags, mode uint32, out *fuse.EntryOut) (*fs.Inode, fs.FileHandle, uint32, syscall.Errno) {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return nil, nil, 0, errno
	}
	excl := int(flags & syscall.O_EXCL)
	fd, err := openNoSymlinks(p, n.child(name), openFlags(flags)|vfs.O_CREAT|excl, mode)
	if err != nil {
		return nil, nil, 0, toErrno(err)
	}
	var st vfs.Stat_t
	if errno := fstatNew(p, fd, &st); errno != 0 {
		return nil, nil, 0, errno
	}
	child := n.newChild(ctx, &st, out)
	return child, child.Operations().(*node).addOpen(&handle{p: p, fd: fd}), fuseFlags(p, fd), 0
}

// Tmpfile is open(O_TMPFILE) in the directory: a file with no name,
// known to the host by its open file only until linkat names it.
func (n *node) Tmpfile(ctx context.Context, flags, mode uint32, out *fuse.EntryOut) (*fs.Inode, fs.FileHandle, uint32, syscall.Errno) {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return nil, nil, 0, errno
	}
	fd, err := openNoSymlinks(p, n.path(), openFlags(flags)|vfs.O_TMPFILE, mode)
	if err != nil {
		return nil, nil, 0, toErrno(err)
	}
	var st vfs.Stat_t
	if errno := fstatNew(p, fd, &st); errno != 0 {
		return nil, nil, 0, errno
	}
	child := n.newChild(ctx, &st, out)
	return child, child.Operations().(*node).addOpen(&handle{p: p, fd: fd}), fuseFlags(p, fd), 0
}

// openNoSymlinks opens a node's path refusing every symlink on the way
// (openat2's RESOLVE_NO_SYMLINKS). The host kernel resolved the links
// already, one LOOKUP and READLINK at a time, so a symlink here is a
// directory swapped for one since: following it would open whatever the
// swapper pointed at, the race that go-fuse's posixtest OpenSymlinkRace
// plays.
func openNoSymlinks(p *vfs.Process, path string, flags int, mode uint32) (int, error) {
	return p.Openat2(vfs.AT_FDCWD, path, &vfs.OpenHow{Flags: uint64(flags), Mode: uint64(mode & 0o7777), Resolve: vfs.RESOLVE_NO_SYMLINKS})
}

// Read preads straight into the reply buffer go-fuse hands us.
func (h *handle) Read(ctx context.Context, dest []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	k, err := h.p.Pread(h.fd, dest, off)
	if err != nil {
		return nil, toErrno(err)
	}
	return fuse.ReadResultData(dest[:k]), 0
}

func (h *handle) Write(ctx context.Context, data []byte, off int64) (uint32, syscall.Errno) {
	k, err := h.p.Pwrite(h.fd, data, off)
	return uint32(k), toErrno(err)
}

// Flush comes with every close(2) on the host; closing a dup runs
// govfs's per-close work (as close does) and keeps the file open.
func (h *handle) Flush(ctx context.Context) syscall.Errno {
	fd, err := h.p.Dup(h.fd)
	if err != nil {
		return toErrno(err)
	}
	return toErrno(h.p.Close(fd))
}

func (h *handle) Fsync(ctx context.Context, flags uint32) syscall.Errno {
	return toErrno(h.p.Fsync(h.fd))
}

func (h *handle) Allocate(ctx context.Context, off, size uint64, mode uint32) syscall.Errno {
	return toErrno(h.p.Fallocate(h.fd, mode, int64(off), int64(size)))
}

func (h *handle) Getattr(ctx context.Context, out *fuse.AttrOut) syscall.Errno {
	var st vfs.Stat_t
	if err := h.p.Fstat(h.fd, &st); err != nil {
		return toErrno(err)
	}
	fillAttr(&st, &out.Attr)
	return 0
}

// Release comes after the host's last close: the govfs fd goes too.
func (h *handle) Release(ctx context.Context) syscall.Errno {
	h.n.dropOpen(h)
	return toErrno(h.p.Close(h.fd))
}

// Writev writes a request that arrived in pieces (go-fuse splits large
// WRITEs across its buffers) without first copying it together.
func (h *handle) Writev(ctx context.Context, data [][]byte, off int64) (uint32, syscall.Errno) {
	var total int
	for _, b := range data {
		k, err := h.p.Pwrite(h.fd, b, off+int64(total))
		total += k
		if err != nil && total == 0 {
			return 0, toErrno(err)
		}
		if err != nil || k < len(b) {
			break
		}
	}
	return uint32(total), 0
}

// fstatNew is fstat of an fd just opened for the host; if it fails, the
// fd is closed, since no handle will ever hold it.
func fstatNew(p *vfs.Process, fd int, st *vfs.Stat_t) syscall.Errno {
	if err := p.Fstat(fd, st); err != nil {
		p.Close(fd)
		return toErrno(err)
	}
	return 0
}
