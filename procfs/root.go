package procfs

import (
	"strconv"

	"github.com/govfs/govfs/vfs"
)

// root is /proc: the fixed entries of rootEntries, "sys" (the sysctl
// tree), and one directory per process, made on lookup and dropped
// from the dentry cache when the process is reaped (pid_revalidate).
type root struct {
	vfs.Inode
	noNewNames
	fs *FS
}

var (
	_ vfs.Lookuper    = (*root)(nil)
	_ vfs.Revalidater = (*root)(nil)
	_ vfs.Opener      = (*root)(nil)
)

// rootEntry is one fixed name of /proc and how to make its inode.
type rootEntry struct {
	name string
	mode uint32 // for the listing's d_type
	make func(fs *FS) *vfs.Inode
}

var rootEntries = []rootEntry{
	{"filesystems", vfs.S_IFREG, func(fs *FS) *vfs.Inode {
		return fs.rootGenInode(func([]byte) ([]byte, error) { return fs.filesystems() })
	}},
	{"meminfo", vfs.S_IFREG, func(fs *FS) *vfs.Inode {
		return fs.rootGenInode(func([]byte) ([]byte, error) { return meminfo() })
	}},
	{"mounts", vfs.S_IFLNK, func(fs *FS) *vfs.Inode { return fs.symlinkInode("self/mounts") }},
	{"self", vfs.S_IFLNK, func(fs *FS) *vfs.Inode {
		l := &selfLink{}
		l.Init(fs.sb, l, vfs.Attr{Mode: vfs.S_IFLNK | 0o777})
		return &l.Inode
	}},
	{"thread-self", vfs.S_IFLNK, func(fs *FS) *vfs.Inode {
		l := &selfLink{thread: true}
		l.Init(fs.sb, l, vfs.Attr{Mode: vfs.S_IFLNK | 0o777})
		return &l.Inode
	}},
	{"uptime", vfs.S_IFREG, func(fs *FS) *vfs.Inode {
		return fs.rootGenInode(func([]byte) ([]byte, error) { return fs.uptime() })
	}},
}

// rootGenInode makes one of /proc's own files: 0444, root's, and a
// proc_dir_entry whose mode root may change (proc_notify_change).
func (fs *FS) rootGenInode(gen func([]byte) ([]byte, error)) *vfs.Inode {
	in := fs.genInode(0o444, 0, 0, vfs.GenFile{Generate: gen})
	in.Impl().(*genNode).chmodOK = true
	return in
}

// Lookup finds a fixed name, "sys", or a live (or zombie) pid.
func (r *root) Lookup(name string) (*vfs.Inode, error) {
	for _, e := range rootEntries {
		if e.name == name {
			return e.make(r.fs), nil
		}
	}
	if name == "sys" {
		return r.fs.sysDir(), nil
	}
	pid, ok := parsePid(name)
	if !ok {
		return nil, vfs.ENOENT
	}
	p, ok := r.fs.k.Process(pid)
	if !ok {
		return nil, vfs.ENOENT
	}
	return r.fs.pidDirInode(p, false), nil
}

// parsePid accepts what Linux's name_to_int does: decimal digits, no
// sign, no leading zero, no overflow.
func parsePid(name string) (int, bool) {
	if name == "" || (name[0] == '0' && len(name) > 1) {
		return 0, false
	}
	for i := 0; i < len(name); i++ {
		if name[i] < '0' || name[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(name, 10, 32)
	return int(n), err == nil
}

// Revalidate keeps a pid directory while its very process is there and
// has the credentials the directory was made for (its owner follows
// the process's euid, as pid_revalidate updates it).
func (r *root) Revalidate(child *vfs.Dentry) bool {
	d, ok := child.Inode().Impl().(*pidDir)
	if !ok {
		return true
	}
	if d.p.Reaped() {
		return false
	}
	c := d.p.Cred()
	return c.Euid == d.uid && c.Egid == d.gid
}

// Open gives /proc its listing.
func (r *root) Open(*vfs.File) (vfs.FileOperations, error) { return rootOps{fs: r.fs}, nil }

type rootOps struct {
	vfs.SimpleDirOperations
	fs *FS
}

// Iterate lists ".", "..", the fixed names, "sys", then the pids in
// order. Cookies: fixed entries 2..; a pid's cookie is pidCookie+pid, so
// a listing resumed after processes came and went goes on from the
// next pid up, as proc_pid_readdir does with its tgid cursor.
func (o rootOps) Iterate(f *vfs.File, ctx *vfs.DirContext) error {
	if !ctx.EmitDots(f) {
		return nil
	}
	fixed := len(rootEntries)
	for i := int(ctx.Pos) - 2; i >= 0 && i < fixed; i++ {
		if !ctx.Emit(rootEntries[i].name, uint64(i)+2, vfs.DType(rootEntries[i].mode), int64(i)+3) {
			return nil
		}
	}
	if ctx.Pos == int64(fixed)+2 {
		if !ctx.Emit("sys", o.fs.sysDir().Ino(), vfs.DT_DIR, pidCookie) {
			return nil
		}
	}
	for _, pid := range o.fs.k.Processes() {
		if int64(pid)+pidCookie < ctx.Pos {
			continue
		}
		if !ctx.Emit(strconv.Itoa(pid), uint64(pid)<<8, vfs.DT_DIR, int64(pid)+pidCookie+1) {
			return nil
		}
	}
	return nil
}

const pidCookie = 1 << 16

// selfLink is /proc/self (the reader's pid) and /proc/thread-self
// ("PID/task/PID": one thread per process here).
type selfLink struct {
	vfs.Inode
	thread bool
}

func (l *selfLink) ReadlinkProcess(p *vfs.Process) (string, error) {
	s := strconv.Itoa(p.Pid())
	if l.thread {
		return s + "/task/" + s, nil
	}
	return s, nil
}
