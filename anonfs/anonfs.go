package anonfs

import "github.com/govfs/govfs/vfs"

// FS is the anon_inodefs instance of one kernel.
type FS struct {
	k     *vfs.Kernel
	sb    *vfs.SuperBlock
	mnt   *vfs.Mount
	inode *anonInode
}

// fsType is the registered "anon_inodefs"; mount(2) of it is refused,
// as Linux refuses it (SB_NOUSER).
type fsType struct{ fs *FS }

func (fsType) Name() string { return "anon_inodefs" }

func (fsType) Mount(*vfs.Kernel, string, uintptr, string) (*vfs.SuperBlock, error) {
	return nil, vfs.EINVAL
}

// anonInode is the one inode every anon File shares (anon_inode_inode).
type anonInode struct {
	vfs.Inode
}

// registrations are what Register wires up besides the filesystem: each
// object's file (eventfd.go, timerfd.go, epoll.go) appends its maker's
// registration in an init, so the objects stay independent of each
// other.
var registrations []func(k *vfs.Kernel, fs *FS) error

// Register adds anon_inodefs to k and registers the makers of its
// objects with the core, so that eventfd(2), timerfd_create(2) and
// epoll_create(2) make their Files here.
func Register(k *vfs.Kernel) (*FS, error) {
	fs := &FS{k: k}
	if err := k.RegisterFileSystem(fsType{fs}); err != nil {
		return nil, err
	}
	fs.sb = vfs.NewSuperBlock(k, fsType{fs}, vfs.ANON_INODE_FS_MAGIC, fs)
	root := &anonInode{}
	root.Init(fs.sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	fs.sb.SetRoot(&root.Inode)
	fs.mnt = k.KernMount(fs.sb)
	// Linux makes the shared inode once at boot, so it belongs to root
	// whoever opens an eventfd later.
	fs.inode = &anonInode{}
	fs.inode.Init(fs.sb, fs.inode, vfs.Attr{Mode: 0o600})
	for _, r := range registrations {
		if err := r(k, fs); err != nil {
			return nil, err
		}
	}
	return fs, nil
}

// Of returns the anonfs registered on k, nil if none is.
func Of(k *vfs.Kernel) *FS {
	if t, ok := k.FileSystemType("anon_inodefs").(fsType); ok {
		return t.fs
	}
	return nil
}

// Kernel returns the kernel the instance belongs to.
func (fs *FS) Kernel() *vfs.Kernel { return fs.k }

// NewFile makes an open File of the shared anon inode whose object is
// ops (anon_inode_getfile). name is the object's kind in brackets,
// "[eventfd]"; the File's path reads "anon_inode:[eventfd]". flags are
// the O_* flags the File starts with (O_RDWR, O_NONBLOCK); O_CLOEXEC
// belongs to the fd, not the File, and is dropped here.
// If ops is a vfs.Seeker, lseek(2) reaches it (embed noopSeek for
// Linux's noop_llseek); pread and pwrite stay ESPIPE either way.
func (fs *FS) NewFile(name string, flags int, ops vfs.FileOperations) *vfs.File {
	f := vfs.NewPseudoFile(fs.mnt, &fs.inode.Inode, "anon_inode:"+name, flags, ops)
	if _, ok := ops.(vfs.Seeker); ok {
		f.AllowSeek()
	}
	return f
}

// noopSeek is noop_llseek: lseek succeeds, returns 0 and moves nothing,
// as it does on an eventfd, a timerfd and an epoll fd. An object's ops
// embed it.
type noopSeek struct{}

func (noopSeek) Seek(*vfs.File, int64, int) (int64, error) { return 0, nil }
