package vfs

import (
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Dentry is a name in the directory tree cache (struct dentry): it joins
// a parent directory, a name and an inode. Hard links are several
// dentries on one inode; a mount hides a dentry behind another
// filesystem's root.
//
// Life of a dentry: the path walk or a create makes it and hashes it into
// its parent's children; unlink, rmdir and rename-over unhash it. Its
// reference count (d_lockref) counts the parent's cache while it is
// hashed, and every path holder: a File, an O_PATH fd, a cwd, a root, a
// mount's root. When the count reaches zero the dentry is dead for good
// (a lock-free walk that found it cannot revive it, and retries), and it
// drops its reference on the inode, which may evict it. An unlinked but
// open file is an unhashed dentry whose Files still hold it. govfs
// caches only positive dentries: a miss is asked of the backend each
// time (or is ENOENT for a dcache-only directory).
//
// A directory's dentry owns its children in a dirCache, whose lock is
// the directory's i_rwsem of this model: shared for lookups and
// readdir, exclusive for any change of names.
//
// The fields the lock-free walk reads fill the first cache line and the
// reference count has the second to itself, as Linux keeps d_lockref
// off the line its RCU walk reads: every open and close writes refs,
// and a walk through a sibling (which compares this dentry's name)
// must not have to fetch the line back. The padding makes a Dentry 128
// bytes, a size class whose objects start on a line boundary.
type Dentry struct {
	parent atomic.Pointer[Dentry] // the root is its own parent
	name   atomic.Pointer[string] // replaced, never changed, by rename
	name0  string                 // the first name, which name points at
	inode  *Inode
	dir    *dirCache // non-nil for a directory
	cookie uint64    // readdir position in the parent, under the parent's lock
	mounts atomic.Int32
	dead   atomic.Bool // unhashed: unlinked, removed or renamed over

	refs atomic.Int64 // the cache's while hashed, plus path holders; 0 is final
	// mnts is what is mounted here, through which parent mount, in
	// mount order: the walk's view of the mount hash (mount.go).
	mnts atomic.Pointer[[]mountEdge]
	_    [48]byte
}

// dirCache is a directory's children and their order. A small
// directory keeps them in few, which the path walk reads without any
// lock (its "RCU walk": a hit is checked by name, a miss is retried
// under the lock); a larger one moves them to a map read under the
// shared lock. order lists them by cookie for readdir, so a listing
// resumes where it stopped and sees every entry that lived through it
// exactly once.
type dirCache struct {
	mu    sync.RWMutex
	few   [smallDir]atomic.Pointer[Dentry] // packed: the first nfew are used
	nfew  atomic.Int32
	big   atomic.Bool        // the children are in many, not few
	many  map[string]*Dentry // once there are more than smallDir
	count int
	order []dirSlot // sorted by cookie; removed entries leave holes
	holes int
	next  uint64 // cookie of the next child; 0 and 1 are "." and ".."
	dead  bool   // rmdir'ed: no new names (IS_DEADDIR)
	// revalidate: the directory's backend is a Revalidater (with
	// Lookuper), so no cached child is used unasked. Set once.
	revalidate bool
}

// smallDir is how many children a directory keeps in few: most
// directories on a path are small, and comparing a few strings costs
// less than a lock and a hash.
const smallDir = 8

type dirSlot struct {
	cookie uint64
	d      *Dentry
}

func newDentry(parent *Dentry, name string, inode *Inode) *Dentry {
	// A copy, so the name does not pin the caller's whole path string.
	d := &Dentry{name0: strings.Clone(name), inode: inode}
	d.name.Store(&d.name0)
	if parent != nil {
		d.parent.Store(parent)
	}
	if inode != nil {
		d.instantiate(inode)
	}
	return d
}

// instantiate attaches the inode to a dentry made before its object was
// (d_instantiate). The dentry holds the inode until it dies.
func (d *Dentry) instantiate(inode *Inode) {
	inode.iget()
	d.inode = inode
	if inode.IsDir() && d.dir == nil {
		d.dir = &dirCache{next: 2}
		_, rv := inode.impl.(Revalidater)
		_, lk := inode.impl.(Lookuper)
		d.dir.revalidate = rv && lk
	}
}

// get takes a reference on a dentry the caller already holds one on
// (dget).
func (d *Dentry) get() { d.refs.Add(1) }

// tryGet takes a reference on a dentry found without one, as a
// lock-free walk finds it (lockref_get_not_dead): it fails once the
// count has reached zero, and the caller walks again.
func (d *Dentry) tryGet() bool { return incNotZero(&d.refs) }

// put drops a reference (dput); the last one kills the dentry, which
// lets go of its inode.
func (d *Dentry) put() {
	switch r := d.refs.Add(-1); {
	case r > 0:
		return
	case r < 0:
		panic("vfs: Dentry reference count below zero")
	}
	if d.inode != nil {
		d.inode.iput()
	}
}

// hashNewLocked hashes a new dentry into d (d_add): the cache takes the
// first reference. d's lock must be held.
func (d *Dentry) hashNewLocked(child *Dentry) {
	child.refs.Add(1)
	d.addChildLocked(child)
}

// unhash marks a dentry removed from the tree (d_drop after
// removeChildLocked) and drops the cache's reference.
func (d *Dentry) unhash() {
	d.dead.Store(true)
	d.put()
}

// Name returns the dentry's last path component.
func (d *Dentry) Name() string { return *d.name.Load() }

// rename gives d a new name; the old string stays valid for readers
// that loaded it.
func (d *Dentry) rename(name string) {
	n := strings.Clone(name)
	d.name.Store(&n)
}

// Parent returns the parent dentry; the root returns itself.
func (d *Dentry) Parent() *Dentry { return d.parent.Load() }

// Inode returns the inode the name refers to.
func (d *Dentry) Inode() *Inode { return d.inode }

// Unhashed reports whether the name has been removed from the tree.
func (d *Dentry) Unhashed() bool { return d.dead.Load() }

// lookupCached finds a child in the cache (d_lookup): first without a
// lock in a small directory, then under the shared lock.
func (d *Dentry) lookupCached(name string) *Dentry {
	c := d.dir
	if !c.big.Load() {
		if child := c.findFew(name); child != nil {
			return child
		}
	}
	c.mu.RLock()
	child := c.find(name)
	c.mu.RUnlock()
	return child
}

// findFew scans few. Without the lock it may miss a name being moved
// between slots, never return a wrong one: the caller retries a miss
// under the lock.
func (c *dirCache) findFew(name string) *Dentry {
	n := min(int(c.nfew.Load()), smallDir)
	for i := range n {
		d := c.few[i].Load()
		if d == nil {
			continue
		}
		// Length and first byte first: most candidates differ there,
		// and the full compare is a call.
		if s := *d.name.Load(); len(s) == len(name) && (len(s) == 0 || s[0] == name[0]) && s == name {
			return d
		}
	}
	return nil
}

// find returns the named child; c.mu must be held (shared is enough).
func (c *dirCache) find(name string) *Dentry {
	if c.many != nil {
		return c.many[name]
	}
	return c.findFew(name)
}

// Lock takes the directory's lock exclusively (inode_lock on a dir).
func (d *Dentry) lock() { d.dir.mu.Lock() }

func (d *Dentry) unlock() { d.dir.mu.Unlock() }

// childLocked returns the named child; d's lock must be held.
func (d *Dentry) childLocked(name string) *Dentry { return d.dir.find(name) }

// addChildLocked hashes child into d (d_add); d's lock must be held.
func (d *Dentry) addChildLocked(child *Dentry) {
	c := d.dir
	child.parent.Store(d)
	child.cookie = c.next
	c.next++
	c.count++
	c.order = append(c.order, dirSlot{child.cookie, child})
	if c.many == nil {
		if n := c.nfew.Load(); n < smallDir {
			c.few[n].Store(child)
			c.nfew.Store(n + 1)
			return
		}
		// Full: move to a map for good.
		c.many = make(map[string]*Dentry, 2*smallDir)
		for i := range c.few {
			x := c.few[i].Load()
			c.many[x.Name()] = x
		}
		c.big.Store(true)
		c.nfew.Store(0)
		for i := range c.few {
			c.few[i].Store(nil)
		}
	}
	c.many[child.Name()] = child
}

// removeChildLocked unhashes child from d; d's lock must be held.
func (d *Dentry) removeChildLocked(child *Dentry) {
	c := d.dir
	c.count--
	if c.many != nil {
		delete(c.many, child.Name())
	} else {
		n := c.nfew.Load()
		for i := range n {
			if c.few[i].Load() == child {
				// Move the last into the hole, then shrink.
				c.few[i].Store(c.few[n-1].Load())
				c.few[n-1].Store(nil)
				c.nfew.Store(n - 1)
				break
			}
		}
	}
	i := c.slot(child.cookie)
	if i < len(c.order) && c.order[i].d == child {
		c.order[i].d = nil
		c.holes++
	}
	if c.count == 0 || c.holes > 32 && c.holes > len(c.order)/2 {
		c.compact()
	}
}

// slot returns the index of the first slot whose cookie is >= cookie.
func (c *dirCache) slot(cookie uint64) int {
	return sort.Search(len(c.order), func(i int) bool { return c.order[i].cookie >= cookie })
}

// compact drops the holes in place: order is read only under the lock.
func (c *dirCache) compact() {
	live := c.order[:0]
	for _, s := range c.order {
		if s.d != nil {
			live = append(live, s)
		}
	}
	clear(c.order[len(live):])
	c.order, c.holes = live, 0
}

// emptyLocked reports whether the directory has no children
// (simple_empty); d's lock must be held.
func (d *Dentry) emptyLocked() bool { return d.dir.count == 0 }

// deadDir reports whether d is a directory that rmdir removed.
func (d *Dentry) deadDir() bool {
	if d.dir == nil {
		return false
	}
	d.dir.mu.RLock()
	defer d.dir.mu.RUnlock()
	return d.dir.dead
}

// Empty reports whether a directory's cache holds no names.
func (d *Dentry) Empty() bool {
	d.dir.mu.RLock()
	defer d.dir.mu.RUnlock()
	return d.emptyLocked()
}

// nextChild returns the first child at or after cookie, for readdir;
// d's lock must be held (shared is enough).
func (d *Dentry) nextChildLocked(cookie uint64) (*Dentry, bool) {
	c := d.dir
	for i := c.slot(cookie); i < len(c.order); i++ {
		if s := c.order[i]; s.d != nil {
			return s.d, true
		}
	}
	return nil, false
}

// evictTree evicts the inode of every dentry under d, d's own last (a
// shut-down superblock, whose tree nothing can reach any more).
func (d *Dentry) evictTree() {
	if c := d.dir; c != nil {
		c.mu.Lock()
		c.dead = true
		children := make([]*Dentry, 0, len(c.order))
		for _, s := range c.order {
			if s.d != nil {
				children = append(children, s.d)
			}
		}
		c.mu.Unlock()
		for _, child := range children {
			child.evictTree()
		}
	}
	if d.inode != nil {
		d.inode.forceEvict()
	}
}
