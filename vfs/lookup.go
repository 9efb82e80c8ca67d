package vfs

// The lookup of one name in one directory, for the path walk and the
// calls that hold the directory's lock (lookup_fast, lookup_slow).

// lookup finds name in dir: from the dentry cache, else from the
// backend's Lookup (lookup_fast, then lookup_slow). A cached name in a
// revalidating directory is asked about without the directory's lock,
// as lookup_fast calls d_revalidate in RCU mode: only a stale one pays
// for the lock, where it is asked again and dropped.
func (k *Kernel) lookup(dir *Dentry, name string) (*Dentry, error) {
	d := dir.lookupCached(name)
	if d != nil && (!dir.dir.revalidate || dir.inode.impl.(Revalidater).Revalidate(d)) {
		return d, nil
	}
	lk, _ := dir.inode.impl.(Lookuper)
	dir.lock()
	defer dir.unlock()
	return dir.lookupSlowLocked(lk, name)
}

// lookupLocked is lookup with dir's lock already held; a name that is
// not there is ENOENT, one longer than NAME_MAX ENAMETOOLONG.
func (k *Kernel) lookupLocked(dir *Dentry, name string) (*Dentry, error) {
	lk, _ := dir.inode.impl.(Lookuper)
	return dir.lookupSlowLocked(lk, name)
}

// lookupSlowLocked asks the backend (lk, nil when it has no Lookup) for a
// name the cache lacks and caches the answer; dir's lock is held. A
// cached name of a directory whose backend revalidates (d_revalidate)
// is asked about first, and dropped from the cache if it is stale. In a
// removed directory every name is ENOENT, even one too long (IS_DEADDIR
// in __lookup_slow comes before the backend's length check).
func (dir *Dentry) lookupSlowLocked(lk Lookuper, name string) (*Dentry, error) {
	if d := dir.childLocked(name); d != nil {
		if !dir.dir.revalidate || dir.inode.impl.(Revalidater).Revalidate(d) {
			return d, nil
		}
		dir.removeChildLocked(d)
		d.unhash() // holders keep it, as an unlinked file's do
	}
	if dir.dir.dead {
		return nil, ENOENT
	}
	if len(name) > NAME_MAX {
		return nil, ENAMETOOLONG
	}
	if lk == nil {
		return nil, ENOENT
	}
	inode, err := lk.Lookup(name)
	if err != nil {
		return nil, err
	}
	d := newDentry(dir, name, inode)
	dir.hashNewLocked(d)
	return d, nil
}

// NoNegatives is implemented by directories whose Lookup of a missing
// name is a failure, not a negative dentry a new name could be made on:
// Linux's proc lookups return ERR_PTR(-ENOENT) where a disk
// filesystem's d_add(dentry, NULL). So creat, mkdir, mknod, symlink,
// link and rename onto a missing name there fail with ENOENT straight
// from the lookup, before the directory's write permission is asked,
// for every caller.
type NoNegatives interface {
	NoNegatives()
}

// noNegatives reports whether dir's lookups make no negative dentries.
func noNegatives(dir *Dentry) bool {
	_, ok := dir.inode.impl.(NoNegatives)
	return ok
}
