package vfs

import (
	"math"
	"sync/atomic"
)

// A mount's reference count is raised by every open inside it and
// dropped by every last close, from every goroutine of every process:
// as one counter it would be one cache line that every CPU writes in
// turn. Linux keeps mnt_count per CPU; here it is spread over
// mntShards counters, each on lines of its own. A File counts on the
// shard picked from its process and inode (fileShard), so goroutines on
// two CPUs mostly count on two lines.
//
// Nobody needs the sum while a mount is attached, except umount(2)'s
// busy check; and a detached mount needs to see its last put. For both
// the shards are frozen: each is swapped for mntFrozen and what it held
// is added to central. Once every shard is frozen central is the count,
// and a get or put that finds its shard frozen counts there instead
// (percpu_ref's switch to atomic mode).
//
// Why umount(2) and an open cannot miss each other: umount sets doomed,
// then freezes the shards, then reads central; tryGet adds to a shard
// unless it is frozen, and only then looks at doomed. Go's atomics are
// sequentially consistent, so an add that lands before the freeze of
// its shard is in what the freeze moves to central (umount sees a
// holder: EBUSY), and a tryGet that finds its shard frozen loads doomed
// after the freeze, hence after doomed was set, and fails (the walk
// goes again, past the mount: MNT_SYNC_UMOUNT).

// mntShards is a power of two, more than the CPUs that usually share a
// mount's hot Files.
const mntShards = 16

// mntFrozen marks a frozen shard; a count never reaches it.
const mntFrozen = math.MinInt64

// mntDead is central once a detached mount is released: far below
// zero, so that a late tryGet sees it dead and a late put cannot reach
// zero.
const mntDead = math.MinInt64 / 2

type mntCount struct {
	shards  [mntShards]mntShard
	central atomic.Int64 // the count while the shards are frozen; mntDead when released
	counted atomic.Bool  // frozen for good (detached): central alone is the count
}

// mntShard is 128 bytes, so that two shards' counters are never on one
// cache line (nor on a pair the CPU fetches together), however the
// Mount is aligned.
type mntShard struct {
	n atomic.Int64
	_ [120]byte
}

// add adds d unless the shard is frozen.
func (s *mntShard) add(d int64) bool {
	for {
		v := s.n.Load()
		if v == mntFrozen {
			return false
		}
		if s.n.CompareAndSwap(v, v+d) {
			return true
		}
	}
}

// freeze moves every shard's count into central and returns the sum.
// mountMu must be held (one freezer at a time).
func (c *mntCount) freeze() int64 {
	for i := range c.shards {
		if v := c.shards[i].n.Swap(mntFrozen); v != mntFrozen {
			c.central.Add(v)
		}
	}
	return c.central.Load()
}

// thaw lets the shards count again after a busy umount; what they held
// stays in central, which keeps counting as one more shard.
func (c *mntCount) thaw() {
	for i := range c.shards {
		c.shards[i].n.CompareAndSwap(mntFrozen, 0)
	}
}

// get takes a reference on a mount the caller already holds (mntget).
func (m *Mount) get() { m.getOn(0) }

// getOn is get on a given shard.
func (m *Mount) getOn(shard uint8) {
	if !m.refs.shards[shard%mntShards].add(1) {
		m.refs.central.Add(1)
	}
}

// tryGet takes a reference on a mount found by a walk (legitimize_mnt):
// it fails if umount(2) has doomed the mount or it is gone.
func (m *Mount) tryGet() bool { return m.tryGetOn(0) }

// tryGetOn is tryGet on a given shard.
func (m *Mount) tryGetOn(shard uint8) bool {
	if m.refs.shards[shard%mntShards].add(1) {
		return true
	}
	if m.doomed.Load() {
		return false
	}
	if !m.detached.Load() {
		m.refs.central.Add(1) // a busy umount is thawing the shards
		return true
	}
	for {
		v := m.refs.central.Load()
		if v < 0 {
			return false // released (or, for a moment, half frozen: the walk goes again)
		}
		if m.refs.central.CompareAndSwap(v, v+1) {
			return true
		}
	}
}

// put drops a reference (mntput); the last one of a detached mount
// releases it.
func (m *Mount) put() { m.putOn(0) }

// putOn is put on a given shard.
func (m *Mount) putOn(shard uint8) {
	if m.refs.shards[shard%mntShards].add(-1) {
		return
	}
	switch r := m.refs.central.Add(-1); {
	case !m.refs.counted.Load():
	case r == 0:
		m.release()
	case r < 0 && r > mntDead/2:
		panic("vfs: Mount reference count below zero")
	}
}

// busy reports whether anything holds m, for umount(2): it freezes the
// shards to count; thaw undoes that if the umount gives up. doomed must
// be set first and mountMu held.
func (m *Mount) busy() bool { return m.refs.freeze() > 0 }

func (m *Mount) thaw() { m.refs.thaw() }

// stopCounting freezes the shards of a mount being detached for good,
// so that its last put sees zero.
func (m *Mount) stopCounting() {
	m.refs.freeze()
	m.refs.counted.Store(true)
}

// release runs once, when a detached mount has no holder left
// (cleanup_mnt): the root dentry and the superblock are let go.
func (m *Mount) release() {
	if !m.refs.central.CompareAndSwap(0, mntDead) {
		return // a holder came back (a stale walk) or it is already done
	}
	m.root.put()
	m.sb.deactivate()
}

// releaseIfUnused releases a mount detached with no holder; one with
// holders is released by the last put. Called after mountMu is dropped,
// since releasing may shut a superblock down.
func (m *Mount) releaseIfUnused() {
	if m.refs.central.Load() == 0 {
		m.release()
	}
}
