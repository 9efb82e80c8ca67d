package procfs

import (
	"strconv"

	"github.com/govfs/govfs/vfs"
)

// fdDir is /proc/PID/fd (magic links, mode 0500) or /proc/PID/fdinfo
// (generated files, 0555 since Linux 6.2), owned by the process, and
// behind the ptrace rule: another uid's fds are EACCES even to look up
// (fd/ by its mode, fdinfo/ by its Permission method, perm.go).
type fdDir struct {
	vfs.Inode
	noNewNames
	d    *pidDir
	info bool
}

var (
	_ vfs.Lookuper    = (*fdDir)(nil)
	_ vfs.Revalidater = (*fdDir)(nil)
	_ vfs.Opener      = (*fdDir)(nil)
)

func (d *pidDir) fdDirInode(info bool) *vfs.Inode {
	fd := &fdDir{d: d, info: info}
	mode := uint32(0o500)
	if info {
		mode = 0o555
	}
	fd.Init(d.fs.sb, fd, vfs.Attr{Mode: vfs.S_IFDIR | mode, Uid: d.uid, Gid: d.gid})
	return &fd.Inode
}

// parseFD is name_to_int: digits only, and within an int.
func parseFD(name string) (int, bool) {
	n, ok := parsePid(name)
	return n, ok
}

// Lookup makes the entry for an open fd; a closed or absurd one is
// ENOENT.
func (dir *fdDir) Lookup(name string) (*vfs.Inode, error) {
	d := dir.d
	n, ok := parseFD(name)
	if !ok || d.alive() != nil {
		return nil, vfs.ENOENT
	}
	f, err := d.p.Fget(n)
	if err != nil {
		return nil, vfs.ENOENT
	}
	fmode := fdLinkMode(f.Flags())
	f.DecRef()
	if dir.info {
		return d.fs.genInode(0o444, d.uid, d.gid, vfs.GenFile{
			Generate: func([]byte) ([]byte, error) { return fdinfo(d.p, n) },
			Alive:    d.alive,
		}), nil
	}
	in := d.fs.magicInode(d.p, fmode, d.uid, d.gid, func() (vfs.Path, func(), error) {
		f, err := d.p.Fget(n)
		if err != nil {
			return vfs.Path{}, nil, vfs.ENOENT
		}
		return f.Path(), f.DecRef, nil
	})
	in.Lock()
	in.SetSizeLocked(64) // fd links say 64 (proc_fd_instantiate); cwd, root, exe 0
	in.Unlock()
	return in, nil
}

// fdLinkMode is how the fd is open, as the link's mode bits
// (tid_fd_update_inode): r-x for reading, -wx for writing, nothing for
// an O_PATH fd or one opened with access mode 3 (ioctl only), which can
// do neither.
func fdLinkMode(flags int) uint32 {
	accmode := flags & vfs.O_ACCMODE
	if flags&vfs.O_PATH != 0 || accmode == vfs.O_ACCMODE {
		return 0
	}
	var mode uint32
	if accmode != vfs.O_WRONLY {
		mode |= 0o500
	}
	if accmode != vfs.O_RDONLY {
		mode |= 0o300
	}
	return mode
}

// Revalidate keeps an fd's entry while the fd is open and open the same
// way (tid_fd_revalidate); a new File on the number gets a new entry.
func (dir *fdDir) Revalidate(child *vfs.Dentry) bool {
	n, ok := parseFD(child.Name())
	if !ok {
		return false
	}
	f, err := dir.d.p.Fget(n)
	if err != nil {
		return false
	}
	mode := fdLinkMode(f.Flags())
	f.DecRef()
	return dir.info || child.Inode().Mode()&0o777 == mode
}

// Open checks the ptrace rule, then lists the fds.
func (dir *fdDir) Open(f *vfs.File) (vfs.FileOperations, error) {
	if err := dir.d.fs.mayPtrace(f.Cred(), dir.d.p); err != nil {
		return nil, err
	}
	return fdDirOps{dir: dir}, nil
}

type fdDirOps struct {
	vfs.SimpleDirOperations
	dir *fdDir
}

// Iterate lists the open fds in order, one bitmap word per 64 fds: the
// cookie of fd N's successor is N+3.
func (o fdDirOps) Iterate(f *vfs.File, ctx *vfs.DirContext) error {
	d := o.dir.d
	if d.alive() != nil {
		return vfs.ENOENT
	}
	if !ctx.EmitDots(f) {
		return nil
	}
	typ := uint8(vfs.DT_LNK)
	if o.dir.info {
		typ = vfs.DT_REG
	}
	t := d.p.FDTable()
	var buf [20]byte
	for n := t.NextFD(int(ctx.Pos) - 2); n >= 0; n = t.NextFD(n + 1) {
		name := strconv.AppendInt(buf[:0], int64(n), 10)
		if !ctx.Emit(string(name), uint64(n)+fdInoBase, typ, int64(n)+3) {
			return nil
		}
	}
	return nil
}

const fdInoBase = 1 << 32
