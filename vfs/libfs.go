package vfs

import (
	"sync"
	"sync/atomic"
)

// Helpers for backend authors, after Linux's fs/libfs.c: the pieces
// every in-memory filesystem needs, so that a backend is about the
// objects it serves and not about bookkeeping. A filesystem whose names
// all live in the dentry cache (no Lookuper, like ramfs) needs only
// these to implement link, unlink, rmdir and rename.

// SimpleDirOperations are the file operations of a directory whose
// names live in the dentry cache (simple_dir_operations): getdents lists
// the cache, lseek moves to a cookie.
type SimpleDirOperations struct{}

var _ Iterater = SimpleDirOperations{}

// Read is never reached: the VFS answers EISDIR.
func (SimpleDirOperations) Read(*File, []byte, *int64) (int, error) { return 0, EISDIR }

// Write is never reached: a directory cannot be opened for writing.
func (SimpleDirOperations) Write(*File, []byte, *int64) (int, error) { return 0, EISDIR }

// Iterate is dcache_readdir.
func (SimpleDirOperations) Iterate(f *File, ctx *DirContext) error { return DcacheReaddir(f, ctx) }

// Seek is dcache_dir_lseek: SEEK_SET and SEEK_CUR to any cookie.
func (SimpleDirOperations) Seek(f *File, off int64, whence int) (int64, error) {
	return DirSeek(f, off, whence)
}

// DirSeek moves a directory File to a cookie: SEEK_SET and SEEK_CUR
// only, never below zero.
func DirSeek(f *File, off int64, whence int) (int64, error) {
	switch whence {
	case SEEK_SET:
	case SEEK_CUR:
		off += f.pos
	default:
		return 0, EINVAL
	}
	if off < 0 {
		return 0, EINVAL
	}
	f.pos = off
	return off, nil
}

// SimpleLink is link(2) for a dcache filesystem (simple_link): one more
// link on the inode, and the directory changed.
func SimpleLink(old *Dentry, dir *Inode) {
	old.inode.IncNlink()
	dir.Touch("mc")
}

// SimpleUnlink is unlink(2) for a dcache filesystem (simple_unlink).
func SimpleUnlink(dir *Inode, d *Dentry) {
	now := dir.sb.now()
	dir.TouchAt("mc", now)
	d.inode.DropNlinkAt(now)
}

// SimpleRmdir is rmdir(2) for a dcache filesystem (simple_rmdir): the
// VFS has checked the directory is empty.
func SimpleRmdir(dir *Inode, d *Dentry) {
	d.inode.ClearNlink()
	dir.DropNlinkKeep()
	dir.Touch("mc")
}

// DropNlinkKeep drops a link without evicting: the ".." link a
// subdirectory held on its parent.
func (i *Inode) DropNlinkKeep() {
	i.mu.Lock()
	if i.nlink > 0 {
		i.nlink--
	}
	i.TouchLocked("c")
	i.mu.Unlock()
}

// SimpleRename is rename(2) for a dcache filesystem (simple_rename):
// link counts and times; the VFS moves the names. new.Inode() is the
// object being replaced, if any.
func SimpleRename(oldDir *Inode, old *Dentry, newDir *Inode, new *Dentry, flags uint) error {
	oldIsDir := old.inode.IsDir()
	if flags&RENAME_EXCHANGE != 0 {
		newIsDir := new.inode.IsDir()
		switch {
		case oldIsDir && !newIsDir:
			oldDir.DropNlinkKeep()
			newDir.IncNlink()
		case !oldIsDir && newIsDir:
			newDir.DropNlinkKeep()
			oldDir.IncNlink()
		}
		new.inode.Touch("c")
	} else if new.inode != nil {
		if oldIsDir {
			new.inode.ClearNlink()
			oldDir.DropNlinkKeep()
		} else {
			new.inode.DropNlink()
		}
	} else if oldIsDir {
		oldDir.DropNlinkKeep()
		newDir.IncNlink()
	}
	oldDir.Touch("mc")
	newDir.Touch("mc")
	old.inode.Touch("c")
	return nil
}

// GenFile is a file whose bytes are generated when it is opened and, if
// Store is set, parsed at every write — the shape of every /proc and
// /proc/sys file (seq_file + simple_transaction).
// Like Linux's, such files report size 0.
//
// Generate appends the file's bytes to dst and returns the extended
// slice, as strconv.AppendInt does; it must not keep dst. dst is the
// empty buffer of a recycled SeqFile, so a small file is built without
// allocating. A Generate that gets its bytes some other way may ignore
// dst and return them.
//
// Alive, if set, is asked before every read and write of an open File:
// an error ends the File's use (a /proc/PID file whose process was
// reaped reads ESRCH, as proc_pid files do).
type GenFile struct {
	Generate func(dst []byte) ([]byte, error)
	Store    func([]byte) error
	Alive    func() error
}

var _ FileForgetter = (*GenFile)(nil)

// ForgetsFile promises that neither Open nor OpenSeq nor the SeqFile
// keeps the File, so the VFS reuses it: a backend that embeds a GenFile
// makes the same promise for its own Open and FileOperations, and must
// hide this method if it keeps the File.
func (*GenFile) ForgetsFile() {}

// Open snapshots the content for this File: it is OpenSeq as an Opener.
func (g *GenFile) Open(f *File) (FileOperations, error) {
	s, err := g.OpenSeq(f)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// OpenSeq is Open for a backend that changes how the open file behaves
// (the lseek of /proc/sys or sysfs): it embeds the *SeqFile in a struct
// of its own, which, holding one pointer only, costs no allocation as a
// FileOperations and keeps SeqFile's Release.
func (g *GenFile) OpenSeq(f *File) (*SeqFile, error) {
	s := seqFiles.Get().(*SeqFile)
	if s.inUse.Swap(true) {
		panic("vfs: a SeqFile was given to two opens (released twice)")
	}
	s.g = g
	if f.fmode&fmodeRead != 0 && g.Generate != nil {
		data, err := g.Generate(s.buf[:0])
		if err != nil {
			s.put()
			return nil, err
		}
		s.data = data
	}
	if f.fmode&fmodeWrite != 0 && g.Store == nil {
		s.put()
		return nil, EACCES
	}
	return s, nil
}

// SeqFile is one open of a GenFile (struct seq_file): the snapshot its
// reads and seeks see, built once at open. SeqFiles are recycled, each
// with its buffer, as Linux recycles seq_file buffers: an open of a
// small file allocates nothing for them.
type SeqFile struct {
	g     *GenFile
	data  []byte // the snapshot: in buf, or in an array Generate made
	buf   []byte // empty; what Generate appends to, open after open
	inUse atomic.Bool
}

var _ Releaser = (*SeqFile)(nil)

// seqFiles holds released SeqFiles. A snapshot that outgrows its
// buffer lives in the array append made, which is left to the
// collector: a SeqFile only ever writes its own buffer, so whatever a
// Generate returned is never written by another open.
var seqFiles = sync.Pool{New: func() any { return &SeqFile{buf: make([]byte, 0, seqBufSize)} }}

// seqBufSize fits a status or stat file, or a few mounts.
const seqBufSize = 1 << 10

// Read copies from the snapshot at *off.
func (s *SeqFile) Read(f *File, dst []byte, off *int64) (int, error) {
	if s.g.Alive != nil {
		if err := s.g.Alive(); err != nil {
			return 0, err
		}
	}
	if *off >= int64(len(s.data)) {
		return 0, nil
	}
	n := copy(dst, s.data[*off:])
	*off += int64(n)
	return n, nil
}

// Write hands src to Store whole: one write is one value.
func (s *SeqFile) Write(f *File, src []byte, off *int64) (int, error) {
	if s.g.Alive != nil {
		if err := s.g.Alive(); err != nil {
			return 0, err
		}
	}
	if err := s.g.Store(src); err != nil {
		return 0, err
	}
	*off += int64(len(src))
	return len(src), nil
}

// Seek moves within the snapshot; SEEK_END counts from its end.
func (s *SeqFile) Seek(f *File, off int64, whence int) (int64, error) {
	pos, err := GenericSeek(f.pos, int64(len(s.data)), off, whence)
	if err == nil {
		f.pos = pos
	}
	return pos, err
}

// Release recycles the SeqFile (seq_release): the last reference to
// the File is gone. The File is left reading and writing nothing
// (EBADF), so one kept by mistake past its last DecRef cannot see the
// next open's bytes.
func (s *SeqFile) Release(f *File) {
	f.ops = pathOps{}
	s.put()
}

func (s *SeqFile) put() {
	s.g, s.data = nil, nil
	if !s.inUse.Swap(false) {
		panic("vfs: a SeqFile released twice")
	}
	seqFiles.Put(s)
}
