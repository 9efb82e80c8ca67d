package vfs

import "sync"

// Where Files come from and go back to (the filp cache), and which
// shard of its mount's count each one holds.

// Files are recycled, as the kernel's filp cache recycles them: an
// open+close that allocated its File spent about a third of its time in
// the collector. But a *File kept past its last DecRef would then be
// someone else's File, and a late DecRef would corrupt it silently
// instead of panicking. So only Files that nobody outside the core can
// hold are recycled: made by open(2) for a backend that does not see
// the File at open (no Opener, no special file) or whose Opener
// promises to forget it (FileForgetter: GenFile, so every /proc, /sys
// and /proc/sys file), and never handed out by Fget, IncRef or
// OnRelease. The core's own lock-free readers (the fd
// table's lookup and fork) take a reference with tryIncRef and then
// check that the fd still holds the File, so a recycled one is never
// mistaken for the one they looked up.
//
// Each File counts on one shard of its mount's count, picked from its
// process and its inode: two processes have different pids, and two
// goroutines of one process that open different files have different
// inodes, so they mostly count on two lines, and picking the shard
// writes nothing shared. (Goroutines that open one file share its
// dentry's count anyway.) The fd would not do: two threads opening and
// closing take turns with fds 3 and 4, by the lowest-fd rule, and their
// Files would take turns with two shards.
var filePool = sync.Pool{New: func() any { return new(File) }}

func allocFile(shard uint8) *File {
	f := filePool.Get().(*File)
	f.shard = shard
	return f
}

// reuse gives a released File back to the pool, if nobody else can hold
// it. Its count stays at zero, so a stale lookup's tryIncRef fails until
// a new open has set every field and then the count.
func (f *File) reuse() {
	if !f.recycle || f.exposed.Load() {
		return
	}
	// flags is set again by the next open before anyone can see the
	// File, and release is still nil: OnRelease would have exposed it.
	// ops and fmode cleared make a File its backend kept by mistake read
	// and write EBADF until it is reused.
	f.path, f.inode, f.ops, f.cred = Path{}, nil, nil, nil
	f.fmode, f.pos, f.recycle = 0, 0, false
	f.owner.Store(nil)
	filePool.Put(f)
}

// expose marks a File handed out of the core: it is never recycled.
func (f *File) expose() *File {
	if !f.exposed.Load() {
		f.exposed.Store(true)
	}
	return f
}

// fileShard picks the shard for a File of process p on at.
func fileShard(p *Process, at Path) uint8 {
	return uint8(uint64(p.pid)*5+at.Dentry.inode.ino) % mntShards
}
