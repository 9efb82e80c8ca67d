package fusefs

import (
	"context"
	"syscall"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"

	"github.com/govfs/govfs/vfs"
)

// node is one govfs object the host kernel knows by a FUSE node id.
// It holds no govfs reference: a request names the object by its path
// from the mounted process's root (go-fuse's Inode tree keeps the
// names and follows renames), and the govfs call walks that path afresh
// as the caller's credential process, so every permission check is
// govfs's own.
type node struct {
	fs.Inode
	b *bridge
}

var (
	_ fs.NodeLookuper   = (*node)(nil)
	_ fs.NodeGetattrer  = (*node)(nil)
	_ fs.NodeSetattrer  = (*node)(nil)
	_ fs.NodeReadlinker = (*node)(nil)
	_ fs.NodeStatfser   = (*node)(nil)
	_ fs.NodeAccesser   = (*node)(nil)
)

// path is the node's name in govfs: "/" for the mount's root.
func (n *node) path() string { return "/" + n.Path(nil) }

// child is the govfs path of the entry name in the directory n.
func (n *node) child(name string) string {
	if p := n.Path(nil); p != "" {
		return "/" + p + "/" + name
	}
	return "/" + name
}

// newChild makes (or finds) the host's node for a govfs object just
// looked up or created, and fills the entry reply from its stat.
func (n *node) newChild(ctx context.Context, st *vfs.Stat_t, out *fuse.EntryOut) *fs.Inode {
	fillAttr(st, &out.Attr)
	return n.NewInode(ctx, &node{b: n.b}, stableAttr(st))
}

// Lookup is fstatat(path, AT_SYMLINK_NOFOLLOW): the host kernel follows
// symlinks itself, by READLINK.
func (n *node) Lookup(ctx context.Context, name string, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return nil, errno
	}
	var st vfs.Stat_t
	if err := p.Fstatat(vfs.AT_FDCWD, n.child(name), &st, vfs.AT_SYMLINK_NOFOLLOW); err != nil {
		return nil, toErrno(err)
	}
	return n.newChild(ctx, &st, out), 0
}

// Getattr is fstat on an open file, else fstatat by path: an unlinked
// file that the host holds open has only its fd left.
func (n *node) Getattr(ctx context.Context, f fs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	var st vfs.Stat_t
	if h, ok := f.(*handle); ok {
		if err := h.p.Fstat(h.fd, &st); err != nil {
			return toErrno(err)
		}
	} else {
		p, errno := n.b.creds.forCaller(ctx)
		if errno != 0 {
			return errno
		}
		if err := p.Fstatat(vfs.AT_FDCWD, n.path(), &st, vfs.AT_SYMLINK_NOFOLLOW); err != nil {
			return toErrno(err)
		}
	}
	fillAttr(&st, &out.Attr)
	return 0
}

// Setattr is chmod, chown, truncate and utimensat in the order Linux's
// notify_change applies them, each checked by govfs; through the open
// file when the host sent one (ftruncate on a file opened for writing).
func (n *node) Setattr(ctx context.Context, f fs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return errno
	}
	h, _ := f.(*handle)
	path := n.path()
	if mode, ok := in.GetMode(); ok {
		if err := p.Fchmodat(vfs.AT_FDCWD, path, mode&0o7777, 0); err != nil {
			return toErrno(err)
		}
	}
	uid, uok := in.GetUID()
	gid, gok := in.GetGID()
	if uok || gok {
		u, g := -1, -1
		if uok {
			u = int(uid)
		}
		if gok {
			g = int(gid)
		}
		if err := p.Fchownat(vfs.AT_FDCWD, path, u, g, vfs.AT_SYMLINK_NOFOLLOW); err != nil {
			return toErrno(err)
		}
	}
	if size, ok := in.GetSize(); ok {
		var err error
		if h != nil {
			err = h.p.Ftruncate(h.fd, int64(size))
		} else {
			err = p.Truncate(path, int64(size))
		}
		if err != nil {
			return toErrno(err)
		}
	}
	if ts, ok := setattrTimes(in); ok {
		if err := p.UtimesNanoAt(vfs.AT_FDCWD, path, ts, vfs.AT_SYMLINK_NOFOLLOW); err != nil {
			return toErrno(err)
		}
	}
	return n.Getattr(ctx, f, out)
}

// setattrTimes turns SETATTR's time fields into utimensat's pair, with
// UTIME_NOW kept as such: "now" needs only write permission, an
// explicit time needs ownership.
func setattrTimes(in *fuse.SetAttrIn) ([]vfs.Timespec, bool) {
	ts := []vfs.Timespec{{Nsec: vfs.UTIME_OMIT}, {Nsec: vfs.UTIME_OMIT}}
	set := false
	pick := func(valid, now uint32, sec uint64, nsec uint32, t *vfs.Timespec) {
		switch {
		case in.Valid&valid == 0:
		case in.Valid&now != 0:
			*t, set = vfs.Timespec{Nsec: vfs.UTIME_NOW}, true
		default:
			*t, set = vfs.Timespec{Sec: int64(sec), Nsec: int64(nsec)}, true
		}
	}
	pick(fuse.FATTR_ATIME, fuse.FATTR_ATIME_NOW, in.Atime, in.Atimensec, &ts[0])
	pick(fuse.FATTR_MTIME, fuse.FATTR_MTIME_NOW, in.Mtime, in.Mtimensec, &ts[1])
	return ts, set
}

// Readlink reads the link's target; for /proc's magic links that is the
// name govfs gives the open file ("/tmp/f", "pipe:[12]").
func (n *node) Readlink(ctx context.Context) ([]byte, syscall.Errno) {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return nil, errno
	}
	buf := make([]byte, 256)
	for {
		k, err := p.Readlink(n.path(), buf)
		if err != nil {
			return nil, toErrno(err)
		}
		if k < len(buf) || len(buf) >= pathMax {
			return buf[:k], 0
		}
		buf = make([]byte, 2*len(buf))
	}
}

func (n *node) Statfs(ctx context.Context, out *fuse.StatfsOut) syscall.Errno {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return errno
	}
	var st vfs.Statfs_t
	if err := p.Statfs(n.path(), &st); err != nil {
		return toErrno(err)
	}
	fillStatfs(&st, out)
	return 0
}

// Access answers access(2) and chdir's search check, which the host
// kernel asks the filesystem about when default_permissions is off.
func (n *node) Access(ctx context.Context, mask uint32) syscall.Errno {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return errno
	}
	return toErrno(p.Faccessat(vfs.AT_FDCWD, n.path(), mask, 0))
}
