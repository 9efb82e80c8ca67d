package vfs

import (
	"strings"
	"sync/atomic"
)

// Mount attaches a SuperBlock's tree (or, for a bind mount, a subtree of
// it) at a dentry of another mount (struct vfsmount + struct mount).
// Paths are (Mount, Dentry) pairs, so the same dentry seen through two
// mounts can carry different flags.
//
// Life of a mount: mount(2) makes it and hashes it at (parent,
// mountpoint); every File, cwd and root inside it holds a reference.
// umount(2) refuses a referenced mount with EBUSY; MNT_DETACH unhashes
// it at once and lets the references drain. A path walk finds mounts
// without taking references, so what it returns is made to hold by
// tryGet, which either lands before umount(2) counts (EBUSY) or fails
// on the doomed mount: the busy check and the walk cannot both miss
// each other (legitimize_mnt; the count is sharded, see mntcount.go). When
// a detached mount's last reference goes, it lets go of its root and
// its superblock, and the last mount of a superblock shuts it down
// (kill_sb).
type Mount struct {
	sb         *SuperBlock
	root       *Dentry
	parent     *Mount // nil for the namespace root and detached mounts
	mountpoint *Dentry
	flags      atomic.Int32 // mnt* bits
	// Every walk and open reads the fields above; every open and last
	// close writes one shard of refs. The padding puts the shards a
	// pair of lines away from them (the CPU fetches lines in 128-byte
	// pairs): shard 0 used to share the first line, and two processes
	// opening files took turns with it whenever one of them counted
	// there (speedup 0.93 with two, 1.95 on other shards).
	_        [92]byte
	refs     mntCount     // path holders (mntcount.go)
	writers  atomic.Int64 // Files open for writing through this mount
	doomed   atomic.Bool  // umount(2) is counting or has detached it: no new holders past the count
	detached atomic.Bool  // unhashed: the last put releases it
	children int          // mounts on top of dentries of this one; under mountMu
	internal bool         // a kern_mount of a pseudo filesystem: attached nowhere
	id       int          // mnt_id
	source   string       // what mount(2) was given as the source
}

// newMount makes a mount of sb whose root is root (alloc_vfsmnt): it
// holds the root dentry and keeps the superblock active.
func newMount(sb *SuperBlock, root *Dentry, source string) *Mount {
	root.get()
	sb.active.Add(1)
	return &Mount{sb: sb, root: root, source: source, id: int(sb.k.nextMntID.Add(1))}
}

// Per-mount flags (MNT_* in include/linux/mount.h).
const (
	mntNosuid = 1 << iota
	mntNodev
	mntNoexec
	mntReadonly
)

type mountKey struct {
	parent *Mount
	d      *Dentry
}

// SuperBlock returns the mounted filesystem instance.
func (m *Mount) SuperBlock() *SuperBlock { return m.sb }

// Detached reports whether umount(2) has taken the mount out of the
// tree; Files opened before a lazy umount can still hold it.
func (m *Mount) Detached() bool { return m.detached.Load() }

// Root returns the dentry at the mount's root.
func (m *Mount) Root() *Dentry { return m.root }

// readonly reports whether writes through m fail with EROFS: the mount
// is read-only, or its whole filesystem is (__mnt_is_readonly).
func (m *Mount) readonly() bool { return m.flags.Load()&mntReadonly != 0 || m.sb.readonly.Load() }

// wantWrite and dropWrite count the Files open for writing through m and
// its filesystem, which a remount read-only must wait for (EBUSY).
func (m *Mount) wantWrite() { m.writers.Add(1); m.sb.writers.Add(1) }

func (m *Mount) dropWrite() { m.writers.Add(-1); m.sb.writers.Add(-1) }

// writesFS reports whether writing at would change a read-only
// filesystem: files, directories and symlinks live in it, while FIFOs,
// sockets and devices are written elsewhere (inode_permission's EROFS).
func writesFS(at Path) bool {
	if !at.Mnt.readonly() {
		return false
	}
	switch at.Inode().fileType() {
	case S_IFREG, S_IFDIR, S_IFLNK:
		return true
	}
	return false
}

func mntFlags(ms uintptr) int32 {
	var f int32
	if ms&MS_RDONLY != 0 {
		f |= mntReadonly
	}
	if ms&MS_NOSUID != 0 {
		f |= mntNosuid
	}
	if ms&MS_NODEV != 0 {
		f |= mntNodev
	}
	if ms&MS_NOEXEC != 0 {
		f |= mntNoexec
	}
	return f
}

// mountEdge is one mount on a dentry, and the mount it is on.
type mountEdge struct{ parent, m *Mount }

// lookupMnt returns the mount on top of (parent, d), if any. Every walk
// that crosses a mountpoint asks, so it takes no lock: Linux reads its
// mount hash under RCU, and here each mountpoint dentry holds its own
// share of the hash, a list that attach and detach replace (under
// mountMu) rather than change. A walk that read the list just before a
// detach may return the detached mount, as one that read the hash under
// the lock just before would: tryGet refuses it.
func (k *Kernel) lookupMnt(parent *Mount, d *Dentry) *Mount {
	if es := d.mnts.Load(); es != nil {
		for i := len(*es) - 1; i >= 0; i-- {
			if (*es)[i].parent == parent {
				return (*es)[i].m
			}
		}
	}
	return nil
}

// setMnts replaces d's list of mounts with es; mountMu must be held.
func setMnts(d *Dentry, es []mountEdge) {
	if len(es) == 0 {
		d.mnts.Store(nil)
		return
	}
	d.mnts.Store(&es)
}

// followMounts moves p onto the root of whatever is mounted on it, as
// many times as mounts are stacked (follow_mount).
func (k *Kernel) followMounts(p Path) Path {
	for p.Dentry.mounts.Load() > 0 {
		m := k.lookupMnt(p.Mnt, p.Dentry)
		if m == nil {
			break
		}
		p = Path{m, m.root}
	}
	return p
}

// attach hashes m on top of at.
// A mountpoint that was removed, or a mount that was detached, while
// the caller walked to it gets nothing: ENOENT, as do_lock_mount says
// for an unlinked mountpoint.
func (k *Kernel) attach(m *Mount, at Path) error {
	k.mountMu.Lock()
	if at.Dentry.Unhashed() && at.Dentry != at.Mnt.root || at.Mnt.detached.Load() {
		k.mountMu.Unlock()
		m.detached.Store(true)
		m.stopCounting()
		m.releaseIfUnused()
		return ENOENT
	}
	defer k.mountMu.Unlock()
	k.treeChanging() // remembered walks past the mountpoint end here
	defer k.treeChanged()
	key := mountKey{at.Mnt, at.Dentry}
	k.mounts[key] = append(k.mounts[key], m)
	var es []mountEdge
	if old := at.Dentry.mnts.Load(); old != nil {
		es = append(es, *old...)
	}
	setMnts(at.Dentry, append(es, mountEdge{at.Mnt, m}))
	m.parent, m.mountpoint = at.Mnt, at.Dentry
	at.Mnt.children++
	at.Dentry.mounts.Add(1)
	return nil
}

// detach unhashes m; mountMu must be held.
func (k *Kernel) detachLocked(m *Mount) {
	key := mountKey{m.parent, m.mountpoint}
	stack := k.mounts[key]
	for i, x := range stack {
		if x == m {
			stack = append(stack[:i:i], stack[i+1:]...)
			break
		}
	}
	if len(stack) == 0 {
		delete(k.mounts, key)
	} else {
		k.mounts[key] = stack
	}
	if old := m.mountpoint.mnts.Load(); old != nil {
		es := make([]mountEdge, 0, len(*old))
		for _, e := range *old {
			if e.m != m {
				es = append(es, e)
			}
		}
		setMnts(m.mountpoint, es)
	}
	m.parent.children--
	m.mountpoint.mounts.Add(-1)
	m.parent = nil
	m.detached.Store(true)
	m.stopCounting()
}

// parseMountOptions splits "size=64k,mode=755" into key/value pairs, in
// order; a bare word has an empty value.
func ParseMountOptions(data string) [][2]string {
	var out [][2]string
	for _, opt := range strings.Split(data, ",") {
		if opt == "" {
			continue
		}
		k, v, _ := strings.Cut(opt, "=")
		out = append(out, [2]string{k, v})
	}
	return out
}
