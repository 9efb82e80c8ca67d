package procfs

import (
	"sync"
	"time"

	"github.com/govfs/govfs/vfs"
)

// FS is the procfs of one kernel. Every mount of "proc" shows the same
// tree, as Linux's mounts of one pid namespace do.
type FS struct {
	k    *vfs.Kernel
	sb   *vfs.SuperBlock
	mnt  *vfs.Mount // keeps sb alive while /proc is unmounted
	boot time.Time  // what /proc/uptime counts from

	sysOnce sync.Once
	sys     *vfs.Inode // /proc/sys, made on first use (sys.go)
}

// sysDir is /proc/sys: one inode, so every lookup finds the same
// directory and the listing's inode number is stat's.
func (fs *FS) sysDir() *vfs.Inode {
	fs.sysOnce.Do(func() { fs.sys = newSysDir(fs.sb, fs.k) })
	return fs.sys
}

// Kernel returns the kernel whose processes fs shows.
func (fs *FS) Kernel() *vfs.Kernel { return fs.k }

// SuperBlock returns the superblock inodes of fs are made on.
func (fs *FS) SuperBlock() *vfs.SuperBlock { return fs.sb }

type fsType struct{ fs *FS }

// Name is "proc", the type Linux mounts on /proc.
func (fsType) Name() string { return "proc" }

// Mount returns the shared instance; no options are taken.
func (t fsType) Mount(*vfs.Kernel, string, uintptr, string) (*vfs.SuperBlock, error) {
	return t.fs.sb, nil
}

// Of returns the procfs registered on k, nil if none is: the instance
// hangs off its registered filesystem type, not a global map.
func Of(k *vfs.Kernel) *FS {
	if t, ok := k.FileSystemType("proc").(fsType); ok {
		return t.fs
	}
	return nil
}

// Register adds the filesystem type "proc" to k. Mount it with
// p.Mount("proc", "/proc", "proc", 0, "").
func Register(k *vfs.Kernel) (*FS, error) {
	fs := &FS{k: k, boot: k.Clock().Now()}
	fs.sb = vfs.NewSuperBlock(k, fsType{fs}, vfs.PROC_SUPER_MAGIC, fs)
	r := &root{fs: fs}
	r.Init(fs.sb, r, vfs.Attr{Mode: vfs.S_IFDIR | 0o555})
	fs.sb.SetRoot(&r.Inode)
	fs.mnt = k.KernMount(fs.sb)
	if err := k.RegisterFileSystem(fsType{fs}); err != nil {
		return nil, err
	}
	return fs, nil
}

// genInode makes a generated file (size 0, bytes built at each open).
// One with nothing to store still opens for writing where the mode lets
// the opener (root may), and its writes are EINVAL, as a seq_file's
// without a write method are.
func (fs *FS) genInode(mode uint32, uid, gid uint32, g vfs.GenFile) *vfs.Inode {
	if g.Store == nil {
		g.Store = func([]byte) error { return vfs.EINVAL }
	}
	n := &genNode{GenFile: g}
	n.Init(fs.sb, n, vfs.Attr{Mode: vfs.S_IFREG | mode, Uid: uid, Gid: gid})
	return &n.Inode
}

type genNode struct {
	vfs.Inode
	vfs.GenFile
	priv    func(f *vfs.File) error // nil, or the opener's access check
	chmodOK bool                    // one of /proc's own files, not a pid's (perm.go)
}

// Open checks the opener against priv, then snapshots the content.
func (n *genNode) Open(f *vfs.File) (vfs.FileOperations, error) {
	if n.priv != nil {
		if err := n.priv(f); err != nil {
			return nil, err
		}
	}
	return n.GenFile.Open(f)
}

// symlink is a plain link with a fixed target (/proc/mounts).
type symlink struct {
	vfs.Inode
	target string
}

func (l *symlink) Readlink() (string, error) { return l.target, nil }

func (fs *FS) symlinkInode(target string) *vfs.Inode {
	l := &symlink{target: target}
	l.Init(fs.sb, l, vfs.Attr{Mode: vfs.S_IFLNK | 0o777})
	l.SetSizeLocked(int64(len(target)))
	return &l.Inode
}
