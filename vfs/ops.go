package vfs

// Inode operations (struct inode_operations), one small interface each.
// A backend's node implements those it supports; the VFS finds them by
// type assertion and, where one is missing, answers as Linux does when
// the i_op pointer is NULL (noted on each). The receiver is the node of
// the directory being changed (for the directory operations) or of the
// object itself.
//
// The VFS has already: walked the path, checked permissions, checked
// that the name is free (or present, for removals), and holds the
// directory's lock (dir.Lock of the parent Dentry). The backend makes or
// removes the object and keeps its own bookkeeping (link counts, times);
// the helpers in libfs.go do that part for the common case.

// Lookuper finds a name the dentry cache does not hold. Called by the
// path walk on a cache miss. A directory without Lookuper keeps all its
// names in the dentry cache (as ramfs and tmpfs do), so a miss is ENOENT.
type Lookuper interface {
	Lookup(name string) (*Inode, error)
}

// Creater makes a regular file. Called by open(2) with O_CREAT and by
// creat(2). Missing: EACCES.
type Creater interface {
	Create(d *Dentry, a Attr) (*Inode, error)
}

// Mkdirer makes a directory. Called by mkdir(2). Missing: EPERM.
type Mkdirer interface {
	Mkdir(d *Dentry, a Attr) (*Inode, error)
}

// Mknoder makes a FIFO, socket or device node. Called by mknod(2) and
// mkfifo(3), and by bind(2) for a socket name. Missing: EPERM.
type Mknoder interface {
	Mknod(d *Dentry, a Attr) (*Inode, error)
}

// Symlinker makes a symbolic link to target. Called by symlink(2).
// Missing: EPERM.
type Symlinker interface {
	Symlink(d *Dentry, target string, a Attr) (*Inode, error)
}

// Linker adds the name d for the existing old. Called by link(2).
// Missing: EPERM.
type Linker interface {
	Link(old *Dentry, d *Dentry) error
}

// Unlinker removes the non-directory name d. Called by unlink(2).
// Missing: EPERM.
type Unlinker interface {
	Unlink(d *Dentry) error
}

// Rmdirer removes the directory d; the VFS has checked it is empty in the
// dentry cache, the backend checks its own store. Called by rmdir(2).
// Missing: EPERM.
type Rmdirer interface {
	Rmdir(d *Dentry) error
}

// Renamer moves old (in this directory) to new (in newDir), replacing
// new's inode if it has one, or swaps them for RENAME_EXCHANGE. Called by
// rename(2) and renameat2(2). Missing: EPERM.
type Renamer interface {
	Rename(old *Dentry, newDir *Inode, new *Dentry, flags uint) error
}

// Readlinker returns a symlink's target. Missing on a symlink: EINVAL.
type Readlinker interface {
	Readlink() (string, error)
}

// Opener gives the file operations for a new open File. Called by
// open(2) after all checks. A node without Opener that implements
// FileOperations itself is used as is; a directory without Opener gets
// the dcache-backed directory operations (dcache_readdir).
type Opener interface {
	Open(f *File) (FileOperations, error)
}

// FileForgetter is an Opener's promise that it keeps no *File: neither
// its Open nor the FileOperations Open returns store f anywhere it is
// still reachable after the File's Release. The VFS then reuses such a
// File for a later open, as it reuses those of backends that never see
// the File at open (Linux's filp cache): a /proc open allocates no File.
// A File the backend did keep would be another open's File, so a
// backend that keeps one (for OnRelease, or to reach it from another
// File) must not make the promise; IncRef and OnRelease already keep a
// File from being reused. Released and not yet reused, a kept File
// reads and writes EBADF and its DecRef panics.
type FileForgetter interface {
	Opener
	ForgetsFile()
}

// Truncater changes a regular file's size (the ATTR_SIZE part of
// setattr). Called by truncate(2), ftruncate(2) and O_TRUNC. Missing:
// the size is the backend's to generate, and a truncate is accepted and
// ignored, as /proc/sys files ignore it.
type Truncater interface {
	Truncate(size int64) error
}

// Getattrer adjusts what stat(2) reports after the VFS filled st from
// the inode (a file's block count, a generated size). It is called with
// the inode's lock held (Inode.Lock), so it must not take it.
type Getattrer interface {
	Getattr(st *Stat_t)
}

// TmpFiler makes an unnamed regular file in this directory, for
// O_TMPFILE. Missing: EOPNOTSUPP.
type TmpFiler interface {
	Tmpfile(a Attr) (*Inode, error)
}

// Evicter is told once that the inode is gone: no links and no open
// File. A tmpfs gives back its pages and inode count here.
type Evicter interface {
	Evict()
}

// Statfser fills statfs(2) for a superblock; implemented by the
// SuperBlock's impl. The VFS fills type, block size and name length.
type Statfser interface {
	Statfs(st *Statfs_t) error
}

// Fallocater reserves or frees space (fallocate(2)); implemented by the
// inode. Missing: EOPNOTSUPP.
type Fallocater interface {
	Fallocate(mode uint32, off, length int64) error
}

// Jumper is a "magic link" (/proc/PID/fd/N, /proc/PID/cwd): following it
// jumps to a Path instead of walking a string.
type Jumper interface {
	Jump(p *Process) (Path, error)
}

// Revalidater is a directory whose names can go stale without an
// unlink: /proc, where a pid directory must vanish with its process
// (d_revalidate). The walk asks it about every cached child before
// using it; false drops the child from the cache and looks the name up
// again. Only a directory that also implements Lookuper is asked. It
// is asked without the directory's lock, by many walks at once, as
// d_revalidate is in an RCU walk: it must be safe to call concurrently
// and must not take that lock.
type Revalidater interface {
	Revalidate(child *Dentry) bool
}

// ProcessReadlinker is a symlink whose target depends on who reads it
// (/proc/self reads "42" for pid 42): readlink(2) and the path walk
// call it with the calling process, in preference to Readlinker.
type ProcessReadlinker interface {
	ReadlinkProcess(p *Process) (string, error)
}

// readlinkInode is the symlink's target as p sees it (get_link).
func readlinkInode(i *Inode, p *Process) (string, error) {
	if i.fileType() != S_IFLNK {
		return "", EINVAL
	}
	if r, ok := i.impl.(ProcessReadlinker); ok {
		return r.ReadlinkProcess(p)
	}
	if r, ok := i.impl.(Readlinker); ok {
		return r.Readlink()
	}
	return "", EINVAL
}
