package vfs

import (
	"math"
	"sync"
	"sync/atomic"
)

// File is an open file description (struct file): what open(2) makes
// and an fd points at. It holds the path it was opened by, the offset,
// the status flags and the backend's FileOperations.
//
// Life of a File: open(2) makes it with one reference, held by the fd.
// dup(2) and fork(2) add references (the fds share the offset); every
// syscall on an fd holds one more for its duration, so a read in
// progress survives close(2) of its fd. Flush runs on every close(2);
// Release runs once, when the last reference goes.
type File struct {
	refs  atomic.Int64
	path  Path
	inode *Inode
	ops   FileOperations
	flags atomic.Uint32 // O_* status flags as F_GETFL shows them
	fmode uint32        // what the File may do (fmode*)
	cred  *Cred         // opener's credentials (f_cred)
	shard uint8         // the shard of its mount's count it holds (mntcount.go)
	// recycle: no backend saw the File while it was made (see allocFile)
	recycle bool

	posMu   sync.Mutex  // serializes offset users (f_pos_lock)
	exposed atomic.Bool // handed out (Fget, IncRef, OnRelease): never recycled
	pos     int64
	// rwpos is the offset a read(2) or write(2) hands its backend, under
	// posMu: a local's address would escape through the interface call
	// and cost an allocation per call.
	rwpos int64

	release atomic.Pointer[releaseHooks] // OnRelease's; made on first use
	owner   atomic.Pointer[fown]         // F_SETOWN's and F_SETSIG's; made on first use

	// The padding makes a File 128 bytes, a size class whose objects
	// start on a cache line, as Linux's filp cache is SLAB_HWCACHE_ALIGN:
	// every open and close writes most of its File, and two Files of the
	// 96-byte class share a line, so two goroutines each opening and
	// closing its own file could take turns with one.
	_ [16]byte
}

// fmode bits (FMODE_* in include/linux/fs.h).
const (
	fmodeRead   = 1 << iota // read(2) allowed
	fmodeWrite              // write(2) allowed
	fmodeLseek              // seekable
	fmodePread              // pread(2) allowed
	fmodePwrite             // pwrite(2) allowed
	fmodeStream             // no offset at all (pipes, sockets)
	fmodePath               // O_PATH: a location, not an open object
	fmodeWriter             // counted in its mount's writers and its inode's writecount (FMODE_WRITER)
)

// FileOperations is what a backend does with an open file (struct
// file_operations). Read and Write get the offset to use and advance it;
// for a stream (SetStream), which has no offset, off is nil. Backends
// never block: they return EAGAIN and the VFS waits.
type FileOperations interface {
	// Read fills dst from *off. Called by read(2), pread(2), readv(2).
	Read(f *File, dst []byte, off *int64) (int, error)
	// Write stores src at *off. Called by write(2), pwrite(2),
	// writev(2); for O_APPEND the backend moves *off to the end under
	// its lock first (see File.Append).
	Write(f *File, src []byte, off *int64) (int, error)
}

// NoWriter marks FileOperations that cannot write at all, a
// file_operations without write or write_iter (FMODE_CAN_WRITE unset),
// as a timerfd's: write(2) and writev(2) are EINVAL before anything
// else, even for zero bytes, and Write is never called.
type NoWriter interface {
	NoWrite()
}

// SegmentWriter marks FileOperations whose Write takes one buffer the
// way a file_operations with write but no write_iter does, as an
// eventfd's: writev(2) calls Write once per segment (Linux's
// do_loop_readv_writev), stopping after the first short or failed one,
// instead of once with the whole vector.
type SegmentWriter interface {
	WritesBySegment()
}

// Seeker overrides lseek(2); without it the VFS uses generic_file_llseek
// over the inode size.
type Seeker interface {
	Seek(f *File, off int64, whence int) (int64, error)
}

// Releaser is told when the last reference to the File goes.
type Releaser interface {
	Release(f *File)
}

// Flusher is told at every close(2) of an fd on the File.
type Flusher interface {
	Flush(f *File)
}

// Ioctler handles ioctl(2) requests the VFS does not handle itself; p
// is the calling process (Linux's current), which a terminal needs for
// its process group and /dev/tty for its controlling terminal. Missing,
// or for a request the backend does not know: ENOTTY.
type Ioctler interface {
	Ioctl(f *File, p *Process, req uint, arg any) (int, error)
}

// Iterater lists a directory (iterate_shared): it emits entries from
// ctx.Pos on until ctx.Emit says the buffer is full.
type Iterater interface {
	Iterate(f *File, ctx *DirContext) error
}

// DirectIOer marks the FileOperations of files that may be opened with
// O_DIRECT (FMODE_CAN_ODIRECT): tmpfs's regular files, whose direct I/O
// goes through their pages as shmem's does, and RAM disks, whose
// alignment rules govfs does not apply. Any other open with O_DIRECT is
// EINVAL, and so is F_SETFL's O_DIRECT, except on a pipe or FIFO, where
// it turns packet mode on.
type DirectIOer interface {
	DirectIO()
}

// Fsyncer is called by fsync(2); missing means there is nothing to sync.
type Fsyncer interface {
	Fsync(f *File) error
}

// Path is a location in the mount tree: a dentry seen through a mount
// (struct path). The same dentry can be reached through two bind mounts.
type Path struct {
	Mnt    *Mount
	Dentry *Dentry
}

// Inode returns the inode of the path's dentry.
func (p Path) Inode() *Inode { return p.Dentry.inode }

// get takes a reference on both halves of a path the caller holds
// (path_get).
func (p Path) get() {
	p.Mnt.get()
	p.Dentry.get()
}

// put drops both (path_put).
func (p Path) put() {
	p.Dentry.put()
	p.Mnt.put()
}

// tryGet makes a path found by a walk hold (legitimize_path): it fails
// if the dentry died or the mount was doomed since, and the caller
// walks again.
func (p Path) tryGet() bool { return p.tryGetOn(0) }

// tryGetOn and putOn are tryGet and put counting on a given shard of
// the mount's count: a File's.
func (p Path) tryGetOn(shard uint8) bool {
	if !p.Mnt.tryGetOn(shard) {
		return false
	}
	if !p.Dentry.tryGet() {
		p.Mnt.putOn(shard)
		return false
	}
	return true
}

func (p Path) putOn(shard uint8) {
	p.Dentry.put()
	p.Mnt.putOn(shard)
}

// Inode returns the inode of the open file.
func (f *File) Inode() *Inode { return f.inode }

// Path returns where the file was opened.
func (f *File) Path() Path { return f.path }

// Flags returns the O_* status flags as F_GETFL shows them.
func (f *File) Flags() int { return int(f.flags.Load()) }

// SetStream marks the File as having no offset: lseek, pread and pwrite
// give ESPIPE (stream_open). Backends call it from Open.
func (f *File) SetStream() {
	f.fmode &^= fmodeLseek | fmodePread | fmodePwrite
	f.fmode |= fmodeStream
}

// Append moves *off to the end of the file if the File is O_APPEND. A
// backend's Write calls it under the inode lock, so that appends from
// any number of Files never overwrite each other.
func (f *File) Append(off *int64) {
	if f.flags.Load()&O_APPEND != 0 {
		*off = f.inode.size
	}
}

// Nonblock reports whether O_NONBLOCK is set.
func (f *File) Nonblock() bool { return f.flags.Load()&O_NONBLOCK != 0 }

// IncRef takes a reference (get_file).
func (f *File) IncRef() {
	f.expose()
	f.refs.Add(1)
}

// Refs returns how many references the File has (file_count). The
// garbage collector of in-flight unix sockets compares it with the
// references that sit in socket queues: a socket whose every reference
// is in flight can be reached by no process.
func (f *File) Refs() int64 { return f.refs.Load() }

// tryIncRef takes a reference unless the last one is already gone.
func (f *File) tryIncRef() bool { return incNotZero(&f.refs) }

// incNotZero adds one to a reference count unless it has reached zero,
// which is final (atomic_long_inc_not_zero, lockref_get_not_dead).
func incNotZero(c *atomic.Int64) bool {
	for {
		r := c.Load()
		if r <= 0 {
			return false
		}
		if c.CompareAndSwap(r, r+1) {
			return true
		}
	}
}

// DecRef drops a reference; the last one releases the File (fput) and
// its hold on the path, which may evict an unlinked inode. A count
// below zero is a bug in the caller: it panics rather than release the
// File twice. (A File only the core held is reused once released, see
// allocFile; the core's own DecRefs are paired with their references.)
func (f *File) DecRef() {
	switch r := f.refs.Add(-1); {
	case r > 0:
		return
	case r < 0:
		panic("vfs: File.DecRef without a reference")
	}
	if f.flags.Load()&O_ASYNC != 0 {
		// __fput: off the backend's SIGIO list before its release.
		if fa, ok := f.ops.(Fasyncer); ok {
			_ = fa.Fasync(f, false)
		}
	}
	if r, ok := f.ops.(Releaser); ok {
		r.Release(f)
	}
	if !f.recycle || f.exposed.Load() {
		// Only an exposed File can have hooks, or a late OnRelease.
		f.runReleaseHooks()
	}
	if f.fmode&fmodeWriter != 0 {
		putWriteAccess(f.inode)
		f.path.Mnt.dropWrite()
	}
	f.path.putOn(f.shard)
	f.reuse()
}

// flush runs at close(2) of one fd.
func (f *File) flush() {
	if fl, ok := f.ops.(Flusher); ok {
		fl.Flush(f)
	}
}

// The generic checks every backend would otherwise repeat live here, in
// the one place through which every File operation is dispatched.

func (f *File) read(p []byte, off *int64) (int, error) {
	if f.fmode&fmodeRead == 0 {
		return 0, EBADF
	}
	if err := f.verifyArea(p, off); err != nil {
		return 0, err
	}
	if f.inode.IsDir() {
		return 0, EISDIR
	}
	return f.ops.Read(f, p, off)
}

func (f *File) write(p []byte, off *int64) (int, error) {
	if f.fmode&fmodeWrite == 0 {
		return 0, EBADF
	}
	if _, ok := f.ops.(NoWriter); ok {
		return 0, EINVAL
	}
	if err := f.verifyArea(p, off); err != nil {
		return 0, err
	}
	if len(p) == 0 && !f.IsSocket() && f.inode.fileType() != S_IFCHR && f.inode.fileType() != 0 {
		// sock_write_iter has no such shortcut: an empty write(2) on a
		// datagram socket sends an empty datagram. Nor has a character
		// device: an empty write to /dev/full is ENOSPC. Nor have the
		// anon inodes (no type bits): an empty write to an eventfd or a
		// timerfd is EINVAL.
		return 0, nil
	}
	return f.ops.Write(f, p, off)
}

// verifyArea is rw_verify_area's offset check: the end of the transfer,
// pos + count, must not overflow (EINVAL). Streams have no offset.
func (f *File) verifyArea(p []byte, off *int64) error {
	if f.fmode&fmodeStream == 0 && *off > math.MaxInt64-int64(len(p)) {
		return EINVAL
	}
	return nil
}

// readAt and writeAt serve read(2)/write(2) (off < 0: use and advance
// f.pos) and pread(2)/pwrite(2).
func (f *File) readAt(p []byte, off int64) (int, error) {
	if off >= 0 {
		if f.fmode&fmodePread == 0 {
			return 0, ESPIPE
		}
		pos := off // a copy here, so only pread pays for the escape
		return f.read(p, &pos)
	}
	if f.fmode&fmodeStream != 0 {
		return f.read(p, nil)
	}
	// The offset moves only with bytes moved (new_sync_read's
	// "if (ret > 0) *ppos = kiocb.ki_pos").
	f.posMu.Lock()
	f.rwpos = f.pos
	n, err := f.read(p, &f.rwpos)
	if n > 0 {
		f.pos = f.rwpos
	}
	f.posMu.Unlock()
	return n, err
}

func (f *File) writeAt(p []byte, off int64) (int, error) {
	if off >= 0 {
		if f.fmode&fmodePwrite == 0 {
			return 0, ESPIPE
		}
		// pwrite on an O_APPEND file appends on Linux (a documented bug).
		pos := off
		return f.write(p, &pos)
	}
	if f.fmode&fmodeStream != 0 {
		return f.write(p, nil)
	}
	// As for read: a failed O_APPEND write, which moved its offset to
	// the end, leaves f_pos where it was.
	f.posMu.Lock()
	f.rwpos = f.pos
	n, err := f.write(p, &f.rwpos)
	if n > 0 {
		f.pos = f.rwpos
	}
	f.posMu.Unlock()
	return n, err
}

func (f *File) seek(off int64, whence int) (int64, error) {
	if f.fmode&fmodeLseek == 0 {
		return 0, ESPIPE
	}
	if s, ok := f.ops.(Seeker); ok {
		f.posMu.Lock()
		defer f.posMu.Unlock()
		return s.Seek(f, off, whence)
	}
	f.posMu.Lock()
	defer f.posMu.Unlock()
	pos, err := GenericSeek(f.pos, f.inode.Size(), off, whence)
	if err == nil {
		f.pos = pos
	}
	return pos, err
}

// Pos returns the file offset; call it from Seeker.Seek or Iterate,
// which run with the offset lock held.
func (f *File) Pos() int64 { return f.pos }

// SetPos sets the file offset; same rule as Pos.
func (f *File) SetPos(pos int64) { f.pos = pos }

// GenericSeek computes lseek's new offset for a file of the given size
// whose data has no holes (generic_file_llseek_size).
func GenericSeek(pos, size, off int64, whence int) (int64, error) {
	switch whence {
	case SEEK_SET:
	case SEEK_CUR:
		off += pos
	case SEEK_END:
		off += size
	case SEEK_DATA:
		if off < 0 || off >= size {
			return 0, ENXIO
		}
	case SEEK_HOLE:
		if off < 0 || off >= size {
			return 0, ENXIO
		}
		off = size
	default:
		return 0, EINVAL
	}
	if off < 0 {
		return 0, EINVAL
	}
	return off, nil
}

// pathOps serves an O_PATH File: it reads and writes nothing (EBADF is
// given before these are reached).
type pathOps struct{}

func (pathOps) Read(*File, []byte, *int64) (int, error)  { return 0, EBADF }
func (pathOps) Write(*File, []byte, *int64) (int, error) { return 0, EBADF }
