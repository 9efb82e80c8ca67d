package vfs

import (
	"hash/maphash"
	"sync/atomic"
)

// The walk cache remembers where whole paths led, so that a stat(2) or
// open(2) of a path walked before costs one hash and one string compare
// instead of a scan per component. Linux has no such cache: its RCU
// walk is cheap enough in C. Here a ten-name walk costs more than the
// one map lookup of an in-memory filesystem that keys files by full
// path, and repeated walks of the same few paths are what programs do.
//
// Only walks that did nothing but look names up are remembered: root's
// walks (no search permission to check) through non-revalidating
// directories, with no symlink followed, no "." or "..", no mountpoint
// and no RESOLVE_* flag. Such a walk depends on nothing but the names of
// the dentries it passed, so an entry stays true until one of them is
// renamed, removed or mounted on:
//
//   - rename(2) and mount changes advance Kernel.walkSeq before and
//     after they change the tree, and count themselves in walkBusy
//     while they do (renames and mounts run at once under different
//     locks, so one odd-while-busy count would not do); an entry is
//     used, and made, only when none is in progress and the count is
//     the one it was made under;
//   - unlink and rmdir are not counted: an entry whose dentry died is
//     not used, and a directory on the way can only go by rmdir once it
//     is empty, that is once the dentry below it on the way died or was
//     renamed away, and so on down to the entry's own dentry.
//
// An entry is made on the second walk of a path that maps to its slot,
// so a program that walks every path once allocates nothing. A hit
// writes nothing shared, so walks from many goroutines scale.
type walkCache struct {
	slots [walkSlots]walkSlot
}

const walkSlots = 512

type walkSlot struct {
	e    atomic.Pointer[walkEntry]
	seen atomic.Uint64 // hash of the last path that missed here
}

// walkEntry is one remembered walk: name from start (under root) with
// the lookup flags gave res while walkSeq was seq. It never changes.
type walkEntry struct {
	name        string
	root, start Path
	flags       int
	seq         uint64
	res         Path
}

var walkSeed = maphash.MakeSeed()

// walkKey is what cachedWalk tells remember about a walk: ok says it
// may be remembered.
type walkKey struct {
	ok     bool
	h, seq uint64
	start  Path
}

// cachedWalk returns what an earlier walk of name from nd's start gave,
// if it still holds, and the key to remember this walk by. Only root's
// walks without RESOLVE_* flags use the cache.
func (k *Kernel) cachedWalk(nd *nameidata, name string) (key walkKey, res Path, hit bool) {
	if !nd.rootUser || nd.flags&^(lookupFollow|lookupDirectory) != 0 {
		return key, Path{}, false
	}
	seq := k.walkSeq.Load()
	if k.walkBusy.Load() != 0 {
		return key, Path{}, false
	}
	h := maphash.String(walkSeed, name)
	e := k.walks.slots[h%walkSlots].e.Load()
	if e != nil && e.seq == seq && e.start == nd.path && e.root == nd.root &&
		e.flags == nd.flags && e.name == name && !e.res.Dentry.dead.Load() {
		return key, e.res, true
	}
	return walkKey{ok: true, h: h, seq: seq, start: nd.path}, Path{}, false
}

// remember records the walk nd just did, if it only looked names up,
// nothing was renamed or mounted while it ran, and this is the second
// miss in its slot.
func (k *Kernel) remember(key *walkKey, nd *nameidata, name string) {
	if !key.ok || nd.slow || k.walkSeq.Load() != key.seq || k.walkBusy.Load() != 0 {
		return
	}
	s := &k.walks.slots[key.h%walkSlots]
	if s.seen.Load() != key.h {
		s.seen.Store(key.h)
		return
	}
	s.e.Store(&walkEntry{name: name, root: nd.root, start: key.start, flags: nd.flags, seq: key.seq, res: nd.path})
}

// treeChanging and treeChanged bracket a change that can make a
// remembered walk lead elsewhere: a rename, a mount or an unmount.
func (k *Kernel) treeChanging() {
	k.walkBusy.Add(1)
	k.walkSeq.Add(1)
}

func (k *Kernel) treeChanged() {
	k.walkSeq.Add(1)
	k.walkBusy.Add(-1)
}
