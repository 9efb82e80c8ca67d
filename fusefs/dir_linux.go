package fusefs

import (
	"context"
	"syscall"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"

	"github.com/govfs/govfs/vfs"
)

// The namespace operations: each is the govfs call of the same name on
// the child's path, then an fstatat to tell the host what now exists.

var (
	_ fs.NodeMkdirer        = (*node)(nil)
	_ fs.NodeMknoder        = (*node)(nil)
	_ fs.NodeSymlinker      = (*node)(nil)
	_ fs.NodeLinker         = (*node)(nil)
	_ fs.NodeUnlinker       = (*node)(nil)
	_ fs.NodeRmdirer        = (*node)(nil)
	_ fs.NodeRenamer        = (*node)(nil)
	_ fs.NodeOpendirHandler = (*node)(nil)
	_ fs.FileReaddirenter   = (*dirHandle)(nil)
	_ fs.FileReleasedirer   = (*dirHandle)(nil)
	_ fs.FileSeekdirer      = (*dirHandle)(nil)
	_ fs.FileFsyncdirer     = (*dirHandle)(nil)
)

// made stats the entry a namespace call just made and answers with it.
func (n *node) made(ctx context.Context, p *vfs.Process, name string, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	var st vfs.Stat_t
	if err := p.Fstatat(vfs.AT_FDCWD, n.child(name), &st, vfs.AT_SYMLINK_NOFOLLOW); err != nil {
		return nil, toErrno(err)
	}
	return n.newChild(ctx, &st, out), 0
}

func (n *node) Mkdir(ctx context.Context, name string, mode uint32, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return nil, errno
	}
	if err := p.Mkdir(n.child(name), mode); err != nil {
		return nil, toErrno(err)
	}
	return n.made(ctx, p, name, out)
}

// Mknod makes FIFOs, sockets and device nodes in govfs. The host kernel
// never sends OPEN for them: it opens a FIFO or device node on the mount
// as its own pipe or its own device, so those opens cannot block here.
func (n *node) Mknod(ctx context.Context, name string, mode, rdev uint32, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return nil, errno
	}
	if err := p.Mknod(n.child(name), mode, int(decodeDev(rdev))); err != nil {
		return nil, toErrno(err)
	}
	return n.made(ctx, p, name, out)
}

func (n *node) Symlink(ctx context.Context, target, name string, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return nil, errno
	}
	if err := p.Symlink(target, n.child(name)); err != nil {
		return nil, toErrno(err)
	}
	return n.made(ctx, p, name, out)
}

func (n *node) Link(ctx context.Context, target fs.InodeEmbedder, name string, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return nil, errno
	}
	old, ok := target.(*node)
	if !ok {
		return nil, syscall.EXDEV
	}
	if err := p.Link(old.path(), n.child(name)); err != nil {
		return nil, toErrno(err)
	}
	return n.made(ctx, p, name, out)
}

func (n *node) Unlink(ctx context.Context, name string) syscall.Errno {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return errno
	}
	return toErrno(p.Unlink(n.child(name)))
}

func (n *node) Rmdir(ctx context.Context, name string) syscall.Errno {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return errno
	}
	return toErrno(p.Rmdir(n.child(name)))
}

// Rename is renameat2, flags (RENAME_NOREPLACE, RENAME_EXCHANGE) and all.
func (n *node) Rename(ctx context.Context, name string, newParent fs.InodeEmbedder, newName string, flags uint32) syscall.Errno {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return errno
	}
	dst, ok := newParent.(*node)
	if !ok {
		return syscall.EXDEV
	}
	return toErrno(p.Renameat2(vfs.AT_FDCWD, n.child(name), vfs.AT_FDCWD, dst.child(newName), uint(flags)))
}

// OpendirHandle opens the directory in govfs (the search and read
// checks are govfs's) and hands out its entries, read with getdents.
func (n *node) OpendirHandle(ctx context.Context, flags uint32) (fs.FileHandle, uint32, syscall.Errno) {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return nil, 0, errno
	}
	fd, err := openNoSymlinks(p, n.path(), vfs.O_RDONLY|vfs.O_DIRECTORY|vfs.O_CLOEXEC, 0)
	if err != nil {
		return nil, 0, toErrno(err)
	}
	var st vfs.Stat_t
	if errno := fstatNew(p, fd, &st); errno != 0 {
		return nil, 0, errno
	}
	return &dirHandle{h: n.addOpen(&handle{p: p, fd: fd}), dev: st.Dev}, 0, 0
}

// dirHandle is an open govfs directory: getdents fills buf, Readdirent
// hands out one record at a time, and d_off is the cookie the host
// seeks back to (the kernel rereads after an interrupted READDIR).
type dirHandle struct {
	h    *handle // the directory's fd, also in the node's open list for fstat
	dev  uint64  // to number entries as stableAttr does: a mount point's entry keeps its parent's device
	buf  []byte
	todo []byte
}

func (d *dirHandle) Readdirent(ctx context.Context) (*fuse.DirEntry, syscall.Errno) {
	if len(d.todo) == 0 {
		if d.buf == nil {
			d.buf = make([]byte, 8192)
		}
		k, err := d.h.p.Getdents(d.h.fd, d.buf)
		if err != nil {
			return nil, toErrno(err)
		}
		if k == 0 {
			return nil, 0
		}
		d.todo = d.buf[:k]
	}
	de, rest := parseDirent(d.todo)
	d.todo = rest
	de.Ino = stableAttr(&vfs.Stat_t{Dev: d.dev, Ino: de.Ino}).Ino
	return de, 0
}

func (d *dirHandle) Seekdir(ctx context.Context, off uint64) syscall.Errno {
	d.todo = nil
	_, err := d.h.p.Seek(d.h.fd, int64(off), 0)
	return toErrno(err)
}

func (d *dirHandle) Fsyncdir(ctx context.Context, flags uint32) syscall.Errno {
	return toErrno(d.h.p.Fsync(d.h.fd))
}

func (d *dirHandle) Releasedir(ctx context.Context, releaseFlags uint32) { d.h.Release(ctx) }

// parseDirent reads one linux_dirent64 record: d_ino u64, d_off i64,
// d_reclen u16, d_type u8, then the NUL-terminated name.
func parseDirent(b []byte) (*fuse.DirEntry, []byte) {
	le := func(b []byte) uint64 {
		var v uint64
		for i := len(b) - 1; i >= 0; i-- {
			v = v<<8 | uint64(b[i])
		}
		return v
	}
	reclen := int(le(b[16:18]))
	name := b[19:reclen]
	for i, c := range name {
		if c == 0 {
			name = name[:i]
			break
		}
	}
	return &fuse.DirEntry{
		Ino:  le(b[0:8]),
		Off:  le(b[8:16]),
		Mode: uint32(b[18]) << 12, // DT_* is S_IF* >> 12
		Name: string(name),
	}, b[reclen:]
}
