package vfs

import (
	"sync"
	"sync/atomic"
)

// Inode is the VFS half of a filesystem object: the attributes every
// object has (mode, owner, times, link count, size) and a pointer to the
// backend's node, which implements the inode operations it supports
// (Lookuper, Creater, Mkdirer, Opener, ... in ops.go).
//
// A backend embeds Inode in its node and calls Init once:
//
//	type node struct {
//		vfs.Inode
//		data []byte
//	}
//	n := &node{}
//	n.Init(sb, n, attr)
//
// Life of an inode: Init makes it. Its reference count (i_count) counts
// the live dentries that point at it: one per hashed name, and one per
// unhashed dentry that a File, an O_PATH fd, a cwd or a root still
// holds. Everything that holds an inode holds it through a dentry, as
// in Linux. When the link count and the reference count are both zero
// the backend's Evict (if any) runs once, so a tmpfs gives back the
// space; nothing can reach the inode after that. Go's collector frees
// the memory.
type Inode struct {
	impl  any
	sb    *SuperBlock
	ino   uint64
	ftype uint32 // S_IFMT bits: the type never changes, so it is read without the lock

	// writecount is i_writecount, changed without the lock: Files open
	// for writing, or minus the running images of the file (writecount.go).
	writecount atomic.Int32

	mu      sync.Mutex // guards the fields below; a leaf lock
	mode    uint32
	nlink   uint32
	uid     uint32
	gid     uint32
	rdev    uint64
	size    int64
	atime   int64 // nanoseconds since the epoch
	mtime   int64
	ctime   int64
	refs    atomic.Int32 // live dentries (i_count); changed without the lock
	evicted bool
	tmpfile bool // made by O_TMPFILE: linkable at nlink 0 (I_LINKABLE)
	orphan  bool // counted in sb.orphans: no link, not yet evicted
	// permHook: impl is a Permissioner. Set by Init, never changed, so
	// read without the lock; it sits in the padding after the flags.
	permHook bool
	private  any // i_pipe, a bound socket: what a special inode leads to
}

// Attr carries what the VFS decided about a new object before asking the
// backend to make it: the type and permission bits (umask applied), the
// owner (the caller's fsuid, the group per setgid-directory rules) and,
// for device nodes, the device number.
type Attr struct {
	Mode uint32
	Uid  uint32
	Gid  uint32
	Rdev uint64
}

// Init sets up a new inode of sb whose backend node is impl. Directories
// start with two links ("." and the name), others with one.
func (i *Inode) Init(sb *SuperBlock, impl any, a Attr) {
	now := sb.now()
	i.impl = impl
	_, i.permHook = impl.(Permissioner)
	i.sb = sb
	i.ino = sb.nextIno.Add(1)
	i.ftype = a.Mode & S_IFMT
	i.mode = a.Mode
	i.uid, i.gid, i.rdev = a.Uid, a.Gid, a.Rdev
	i.nlink = 1
	if a.Mode&S_IFMT == S_IFDIR {
		i.nlink = 2
	}
	i.atime, i.mtime, i.ctime = now, now, now
}

// Impl returns the backend's node.
func (i *Inode) Impl() any { return i.impl }

// SuperBlock returns the filesystem instance the inode belongs to.
func (i *Inode) SuperBlock() *SuperBlock { return i.sb }

// Ino returns the inode number.
func (i *Inode) Ino() uint64 { return i.ino }

// Mode returns the type and permission bits.
func (i *Inode) Mode() uint32 {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.mode
}

// IsDir reports whether the inode is a directory. The type never changes,
// so no lock is needed.
func (i *Inode) IsDir() bool { return i.ftype == S_IFDIR }

func (i *Inode) fileType() uint32 { return i.ftype }

// PrivateLocked returns the object the inode leads to, set by the
// backend that serves it: a FIFO's or pipe's buffer (Linux's i_pipe),
// the socket bound to a socket node. Every open of the inode, by any
// path (a FIFO's name, /proc/PID/fd/N of a pipe), finds the same one.
// i.Lock must be held.
func (i *Inode) PrivateLocked() any { return i.private }

// SetPrivateLocked sets what PrivateLocked returns; i.Lock must be held.
func (i *Inode) SetPrivateLocked(v any) { i.private = v }

// Rdev returns the device number of a device node (i_rdev): the
// major:minor that picks its driver. Set by Init and never changed, so
// it is read without the lock.
func (i *Inode) Rdev() uint64 { return i.rdev }

// Size returns i_size.
func (i *Inode) Size() int64 {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.size
}

// Nlink returns the link count.
func (i *Inode) Nlink() uint32 {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.nlink
}

// Lock takes the inode's attribute lock. Backends use it to guard their
// own data together with the size (it is the i_rwsem of this model).
func (i *Inode) Lock() { i.mu.Lock() }

// Unlock releases the lock taken by Lock.
func (i *Inode) Unlock() { i.mu.Unlock() }

// The methods below whose names end in Locked need i.Lock held.

// SizeLocked returns i_size.
func (i *Inode) SizeLocked() int64 { return i.size }

// SetSizeLocked sets i_size.
func (i *Inode) SetSizeLocked(n int64) { i.size = n }

// NlinkLocked returns the link count.
func (i *Inode) NlinkLocked() uint32 { return i.nlink }

// TouchLocked sets the times named by what ('a', 'm', 'c') to now.
func (i *Inode) TouchLocked(what string) { i.TouchAtLocked(what, i.sb.now()) }

// TouchAtLocked sets the times named by what to now, a time the caller
// read once for several inodes (the parent and child of one change).
func (i *Inode) TouchAtLocked(what string, now int64) {
	for _, c := range what {
		switch c {
		case 'a':
			i.atime = now
		case 'm':
			i.mtime = now
		case 'c':
			i.ctime = now
		}
	}
}

// Touch is TouchLocked with the lock taken.
func (i *Inode) Touch(what string) { i.TouchAt(what, i.sb.now()) }

// TouchAt is TouchAtLocked with the lock taken.
func (i *Inode) TouchAt(what string, now int64) {
	i.mu.Lock()
	i.TouchAtLocked(what, now)
	i.mu.Unlock()
}

// Ctime returns the inode's change time, in nanoseconds.
func (i *Inode) Ctime() int64 {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.ctime
}

// IncNlink adds a link and updates ctime (inc_nlink + ctime).
func (i *Inode) IncNlink() {
	i.mu.Lock()
	if i.orphan { // an O_TMPFILE file getting its first name
		i.orphan = false
		i.sb.orphans.Add(-1)
	}
	i.nlink++
	i.TouchLocked("c")
	i.mu.Unlock()
}

// DropNlink removes a link and updates ctime; at zero links with no
// reference left the inode is evicted (the unlinker's dentry usually
// holds one, so eviction comes when that dentry dies).
func (i *Inode) DropNlink() { i.DropNlinkAt(i.sb.now()) }

// DropNlinkAt is DropNlink with the ctime given.
func (i *Inode) DropNlinkAt(now int64) {
	i.mu.Lock()
	if i.nlink > 0 {
		i.nlink--
	}
	i.TouchAtLocked("c", now)
	i.orphanIfUnlinkedLocked()
	evict := i.shouldEvictLocked()
	i.mu.Unlock()
	if evict {
		i.evict()
	}
}

// ClearNlink sets the link count to zero (a removed directory).
func (i *Inode) ClearNlink() {
	i.mu.Lock()
	i.nlink = 0
	i.TouchLocked("c")
	i.orphanIfUnlinkedLocked()
	evict := i.shouldEvictLocked()
	i.mu.Unlock()
	if evict {
		i.evict()
	}
}

// orphanIfUnlinkedLocked counts an inode that lost its last link in its
// superblock until it is evicted (s_remove_count): a filesystem with
// such an inode still open cannot be remounted read-only.
func (i *Inode) orphanIfUnlinkedLocked() {
	if i.nlink == 0 && !i.orphan && !i.evicted {
		i.orphan = true
		i.sb.orphans.Add(1)
	}
}

func (i *Inode) shouldEvictLocked() bool {
	if i.nlink == 0 && i.refs.Load() == 0 && !i.evicted {
		i.evicted = true
		if i.orphan {
			i.orphan = false
			i.sb.orphans.Add(-1)
		}
		return true
	}
	return false
}

func (i *Inode) evict() {
	if e, ok := i.impl.(Evicter); ok {
		e.Evict()
	}
}

func (i *Inode) linkable() bool {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.nlink > 0 || i.tmpfile
}

// linked ends an O_TMPFILE file's linkability at nlink 0 once it has a
// name (vfs_link clears I_LINKABLE): unlinked again, it is gone for good.
func (i *Inode) linked() {
	i.mu.Lock()
	i.tmpfile = false
	i.mu.Unlock()
}

// iget takes a reference for a dentry (ihold).
func (i *Inode) iget() { i.refs.Add(1) }

// iput drops a dentry's reference; only the last one takes the lock, to
// see whether the inode is gone.
func (i *Inode) iput() {
	switch r := i.refs.Add(-1); {
	case r > 0:
		return
	case r < 0:
		panic("vfs: Inode reference count below zero")
	}
	i.mu.Lock()
	evict := i.shouldEvictLocked()
	i.mu.Unlock()
	if evict {
		i.evict()
	}
}

// fillStat fills st from the inode, then lets the backend adjust it,
// all under one hold of the lock.
func (i *Inode) fillStat(st *Stat_t) {
	i.mu.Lock()
	*st = Stat_t{
		Dev:     i.sb.dev,
		Ino:     i.ino,
		Nlink:   uint64(i.nlink),
		Mode:    i.mode,
		Uid:     i.uid,
		Gid:     i.gid,
		Rdev:    i.rdev,
		Size:    i.size,
		Blksize: pageSize,
		Atim:    NsecToTimespec(i.atime),
		Mtim:    NsecToTimespec(i.mtime),
		Ctim:    NsecToTimespec(i.ctime),
	}
	if g, ok := i.impl.(Getattrer); ok {
		g.Getattr(st)
	}
	i.mu.Unlock()
}

// owner returns uid, gid and mode under the lock, for permission checks.
func (i *Inode) owner() (uid, gid, mode uint32) {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.uid, i.gid, i.mode
}

// forceEvict evicts the inode whatever its counts (evict_inodes at
// shutdown); it runs at most once, like every eviction.
func (i *Inode) forceEvict() {
	i.mu.Lock()
	already := i.evicted
	i.evicted = true
	if i.orphan {
		i.orphan = false
		i.sb.orphans.Add(-1)
	}
	i.mu.Unlock()
	if !already {
		i.evict()
	}
}
