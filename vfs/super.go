package vfs

import "sync/atomic"

// FileSystemType is a registered kind of filesystem (struct
// file_system_type). Kernel.RegisterFileSystem adds one under its Name;
// mount(2) calls its Mount to make a new instance.
type FileSystemType interface {
	// Name is the type's name as mount(2) and /proc/filesystems show it.
	Name() string
	// Mount makes a SuperBlock from the mount(2) arguments. Called by
	// mount(2) (and by Kernel.MountRoot); flags are the MS_* bits, data
	// the comma-separated options.
	Mount(k *Kernel, source string, flags uintptr, data string) (*SuperBlock, error)
}

// SuperBlock is one instance of a filesystem (struct super_block): its
// root, its inode numbers, its device number and statfs. The backend's
// per-instance state is impl, which may implement Statfser.
type SuperBlock struct {
	k       *Kernel
	typ     FileSystemType
	magic   int64
	impl    any
	root    *Dentry
	dev     uint64
	nextIno atomic.Uint64

	readonly atomic.Bool  // SB_RDONLY: every mount of it is read-only
	writers  atomic.Int64 // Files open for writing, through any mount
	orphans  atomic.Int64 // inodes with no link that are still open
	active   atomic.Int32 // mounts of it, attached or draining (s_active)
	dead     atomic.Bool  // shut down by its last mount's release
}

// NewSuperBlock makes a superblock for a new instance of typ (sget +
// get_anon_bdev): it gets a fresh anonymous device number 0:N.
func NewSuperBlock(k *Kernel, typ FileSystemType, magic int64, impl any) *SuperBlock {
	sb := &SuperBlock{k: k, typ: typ, magic: magic, impl: impl}
	sb.dev = Mkdev(0, uint32(k.nextDev.Add(1)))
	return sb
}

// SetRoot makes the root dentry for the root inode (d_make_root). The
// root is its own parent, as in Linux.
func (sb *SuperBlock) SetRoot(root *Inode) *Dentry {
	d := newDentry(nil, "/", root)
	d.parent.Store(d)
	d.refs.Store(1) // the superblock's (s_root)
	sb.root = d
	return d
}

// Root returns the root dentry.
func (sb *SuperBlock) Root() *Dentry { return sb.root }

// Kernel returns the kernel the instance belongs to.
func (sb *SuperBlock) Kernel() *Kernel { return sb.k }

// Type returns the filesystem type.
func (sb *SuperBlock) Type() FileSystemType { return sb.typ }

// Impl returns the backend's per-instance state.
func (sb *SuperBlock) Impl() any { return sb.impl }

// Dev returns st_dev for the inodes of this instance.
func (sb *SuperBlock) Dev() uint64 { return sb.dev }

// Magic returns f_type for statfs(2).
func (sb *SuperBlock) Magic() int64 { return sb.magic }

// Now returns the kernel clock's time in nanoseconds, for timestamps.
func (sb *SuperBlock) now() int64 { return sb.k.now() }

// Now is the exported form of the clock read, for backends.
func (sb *SuperBlock) Now() int64 { return sb.now() }

func (sb *SuperBlock) statfs(st *Statfs_t) error {
	*st = Statfs_t{Type: sb.magic, Bsize: pageSize, Frsize: pageSize, Namelen: NAME_MAX}
	st.Fsid.Val[0] = int32(Minor(sb.dev))
	if s, ok := sb.impl.(Statfser); ok {
		return s.Statfs(st)
	}
	return nil
}

// Killer is told, once, that the last mount of a superblock is gone
// (kill_sb), after the VFS has evicted every inode in its tree; a
// backend frees what the instance holds beyond its inodes. Implemented
// by a SuperBlock's impl; optional.
type Killer interface {
	Kill()
}

// deactivate drops a mount's hold on sb (deactivate_super); the last
// one shuts it down (generic_shutdown_super): every inode still in its
// tree is evicted, whatever its link count, since nothing can reach
// the instance any more, and the backend's Kill runs.
func (sb *SuperBlock) deactivate() {
	if sb.active.Add(-1) != 0 || !sb.dead.CompareAndSwap(false, true) {
		return
	}
	sb.root.evictTree()
	if k, ok := sb.impl.(Killer); ok {
		k.Kill()
	}
}

// Dead reports whether the superblock has been shut down.
func (sb *SuperBlock) Dead() bool { return sb.dead.Load() }
