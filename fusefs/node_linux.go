package fusefs

import (
	"context"
	"strings"
	"sync"
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

	mu   sync.Mutex
	open []*handle // the host's open files on this node, newest last
}

var (
	_ fs.NodeLookuper   = (*node)(nil)
	_ fs.NodeGetattrer  = (*node)(nil)
	_ fs.NodeSetattrer  = (*node)(nil)
	_ fs.NodeReadlinker = (*node)(nil)
	_ fs.NodeStatfser   = (*node)(nil)
	_ fs.NodeAccesser   = (*node)(nil)
)

// path is the node's name in govfs, "/" for the mount's root. A node
// the host still holds but no directory names any more (unlinked, or
// renamed over, while open) has the empty path, which every govfs path
// call refuses with ENOENT as Linux does: it must not fall back to the
// root, as go-fuse's Inode.Path(nil) would.
func (n *node) path() string {
	var names []string
	for in := n.EmbeddedInode(); !in.IsRoot(); {
		name, parent := in.Parent()
		if parent == nil {
			return ""
		}
		names = append(names, name)
		in = parent
	}
	var b strings.Builder
	for i := len(names) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(names[i])
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// child is the govfs path of the entry name in the directory n.
func (n *node) child(name string) string {
	switch dir := n.path(); dir {
	case "":
		return ""
	case "/":
		return "/" + name
	default:
		return dir + "/" + name
	}
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

// Getattr is fstat on an open file of the node when there is one (the
// host's fstat sends none, and an unlinked or renamed-over file has
// only its fds left), else fstatat by path. A path that now names
// another object is ESTALE: its attributes are not this node's.
func (n *node) Getattr(ctx context.Context, f fs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	h, _ := f.(*handle)
	if h == nil {
		h = n.anyOpen()
	}
	if h != nil {
		return h.Getattr(ctx, out)
	}
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return errno
	}
	var st vfs.Stat_t
	if err := p.Fstatat(vfs.AT_FDCWD, n.path(), &st, vfs.AT_SYMLINK_NOFOLLOW); err != nil {
		return toErrno(err)
	}
	if !n.IsRoot() && stableAttr(&st).Ino != n.StableAttr().Ino {
		return syscall.ESTALE
	}
	fillAttr(&st, &out.Attr)
	return 0
}

func (n *node) anyOpen() *handle {
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.open) == 0 {
		return nil
	}
	return n.open[len(n.open)-1]
}

func (n *node) addOpen(h *handle) *handle {
	h.n = n
	n.mu.Lock()
	n.open = append(n.open, h)
	n.mu.Unlock()
	return h
}

func (n *node) dropOpen(h *handle) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for i, o := range n.open {
		if o == h {
			n.open = append(n.open[:i], n.open[i+1:]...)
			return
		}
	}
}

// Setattr is chmod, chown, truncate and utimensat in the order Linux's
// notify_change applies them, each checked by govfs. ftruncate comes
// with the open file and goes through its fd; so does every change to
// a file that no name leads to any more (unlinked while open), made
// then with the credentials of whoever opened it.
func (n *node) Setattr(ctx context.Context, f fs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	p, errno := n.b.creds.forCaller(ctx)
	if errno != 0 {
		return errno
	}
	h, _ := f.(*handle)
	path := n.path()
	if path == "" && h == nil {
		h = n.anyOpen()
	}
	byFD := path == "" && h != nil
	if mode, ok := in.GetMode(); ok {
		var err error
		if byFD {
			err = h.p.Fchmod(h.fd, mode&0o7777)
		} else {
			err = p.Fchmodat(vfs.AT_FDCWD, path, mode&0o7777, 0)
		}
		if err != nil {
			return toErrno(err)
		}
	}
	if u, g, ok := setattrOwner(in); ok {
		var err error
		if byFD {
			err = h.p.Fchown(h.fd, u, g)
		} else {
			err = p.Fchownat(vfs.AT_FDCWD, path, u, g, vfs.AT_SYMLINK_NOFOLLOW)
		}
		if err != nil {
			return toErrno(err)
		}
	}
	if size, ok := in.GetSize(); ok {
		var err error
		if h != nil && (byFD || f != nil) {
			err = h.p.Ftruncate(h.fd, int64(size))
		} else {
			err = p.Truncate(path, int64(size))
		}
		if err != nil {
			return toErrno(err)
		}
	}
	if ts, ok := setattrTimes(in); ok {
		if byFD {
			return syscall.ESTALE // govfs has no futimens: no name, no utimensat
		}
		if err := p.UtimesNanoAt(vfs.AT_FDCWD, path, ts, vfs.AT_SYMLINK_NOFOLLOW); err != nil {
			return toErrno(err)
		}
	}
	return n.Getattr(ctx, f, out)
}

// setattrOwner reads SETATTR's owner fields as chown's (-1: unchanged).
func setattrOwner(in *fuse.SetAttrIn) (uid, gid int, ok bool) {
	uid, gid = -1, -1
	if u, uok := in.GetUID(); uok {
		uid, ok = int(u), true
	}
	if g, gok := in.GetGID(); gok {
		gid, ok = int(g), true
	}
	return uid, gid, ok
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
