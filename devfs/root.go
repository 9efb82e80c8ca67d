package devfs

import "github.com/govfs/govfs/vfs"

// root is /dev: a directory whose names come from the node table and
// the device registries (devfs.go), each made into an inode on its
// first lookup and kept, so Chmod and Chown of a node last.
type root struct {
	vfs.Inode
	fs *FS
}

var (
	_ vfs.Lookuper = (*root)(nil)
	_ vfs.Opener   = (*root)(nil)
)

// node is a device node: the VFS sends its opens to the driver
// registered for its number, as for a device node anywhere.
type node struct{ vfs.Inode }

// link is one of /dev's symlinks.
type link struct {
	vfs.Inode
	target string
}

func (l *link) Readlink() (string, error) { return l.target, nil }

// Lookup finds name among the entries, making its inode the first time.
func (r *root) Lookup(name string) (*vfs.Inode, error) {
	fs := r.fs
	fs.mu.Lock()
	in := fs.inodes[name]
	fs.mu.Unlock()
	if in != nil {
		return in, nil
	}
	for _, e := range fs.entries() {
		if e.name == name {
			return fs.inode(e), nil
		}
	}
	return nil, vfs.ENOENT
}

// inode returns e's inode, making it once.
func (fs *FS) inode(e entry) *vfs.Inode {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if in := fs.inodes[e.name]; in != nil {
		return in
	}
	var in *vfs.Inode
	if e.target != "" {
		l := &link{target: e.target}
		l.Init(fs.sb, l, vfs.Attr{Mode: vfs.S_IFLNK | 0o777})
		l.SetSizeLocked(int64(len(e.target)))
		in = &l.Inode
	} else {
		n := &node{}
		n.Init(fs.sb, n, vfs.Attr{Mode: e.node.Mode, Uid: e.node.Uid, Gid: e.node.Gid, Rdev: e.node.Rdev})
		in = &n.Inode
	}
	fs.inodes[e.name] = in
	return in
}

// Open gives the directory its listing.
func (r *root) Open(*vfs.File) (vfs.FileOperations, error) { return rootOps{fs: r.fs}, nil }

type rootOps struct {
	vfs.SimpleDirOperations
	fs *FS
}

// Iterate lists ".", "..", then the entries by name; the cookie after
// entry i is i+3.
func (o rootOps) Iterate(f *vfs.File, ctx *vfs.DirContext) error {
	if !ctx.EmitDots(f) {
		return nil
	}
	es := o.fs.entries()
	for i := int(ctx.Pos) - 2; i < len(es); i++ {
		in := o.fs.inode(es[i])
		if !ctx.Emit(es[i].name, in.Ino(), vfs.DType(in.Mode()&vfs.S_IFMT), int64(i)+3) {
			return nil
		}
	}
	return nil
}
