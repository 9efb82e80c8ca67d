package tmpfs

import "github.com/govfs/govfs/vfs"

// symlink is a symbolic link: the target string is all it holds.
type symlink struct {
	vfs.Inode
	target string
}

var _ vfs.Readlinker = (*symlink)(nil)

func (l *symlink) Readlink() (string, error) { return l.target, nil }

func (l *symlink) Evict() { superOf(&l.Inode).reserve(0, -1) }

// special is a FIFO, socket or device node. tmpfs only names it; the
// VFS sends its opens to pipefs or devfs, and connect(2) to sockfs.
type special struct {
	vfs.Inode
}

func (n *special) Evict() { superOf(&n.Inode).reserve(0, -1) }

func superOf(i *vfs.Inode) *super { return i.SuperBlock().Impl().(*super) }
