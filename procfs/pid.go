package procfs

import (
	"github.com/govfs/govfs/vfs"
)

// pidDir is /proc/PID, owned by the process's euid and egid. Its
// entries are the table pidEntries: procfs reads like a table.
type pidDir struct {
	vfs.Inode
	noNewNames
	fs       *FS
	p        *vfs.Process
	uid, gid uint32
	thread   bool // /proc/PID/task/TID: a thread's directory has no task/
}

var (
	_ vfs.Lookuper    = (*pidDir)(nil)
	_ vfs.Revalidater = (*pidDir)(nil)
	_ vfs.Opener      = (*pidDir)(nil)
)

// pidEntry is one name in /proc/PID (struct pid_entry).
type pidEntry struct {
	name string
	mode uint32
	make func(d *pidDir) *vfs.Inode
}

func genEntry(name string, mode uint32, gen pidGen) pidEntry {
	return pidEntry{name, vfs.S_IFREG | mode, func(d *pidDir) *vfs.Inode {
		return d.fs.genInode(mode, d.uid, d.gid, vfs.GenFile{
			Generate: func(dst []byte) ([]byte, error) { return gen(dst, d.fs, d.p) },
			Alive:    d.alive,
		})
	}}
}

// private is genEntry for a file only the process's owner (or root)
// may read (the ptrace rule, PTRACE_MODE_READ): environ.
func private(name string, mode uint32, gen pidGen) pidEntry {
	e := genEntry(name, mode, gen)
	mk := e.make
	e.make = func(d *pidDir) *vfs.Inode {
		in := mk(d)
		in.Impl().(*genNode).priv = func(f *vfs.File) error { return d.fs.mayPtrace(f.Cred(), d.p) }
		return in
	}
	return e
}

var pidEntries []pidEntry

func init() {
	pidEntries = []pidEntry{
		genEntry("cmdline", 0o444, cmdline),
		genEntry("comm", 0o644, func(b []byte, _ *FS, p *vfs.Process) ([]byte, error) { return append(append(b, comm(p)...), '\n'), nil }),
		magicEntry("cwd", func(p *vfs.Process) vfs.Path { return p.Cwd() }),
		private("environ", 0o400, environ),
		magicEntry("exe", func(p *vfs.Process) vfs.Path { return p.Exe() }),
		{"fd", vfs.S_IFDIR | 0o500, func(d *pidDir) *vfs.Inode { return d.fdDirInode(false) }},
		{"fdinfo", vfs.S_IFDIR | 0o555, func(d *pidDir) *vfs.Inode { return d.fdDirInode(true) }},
		genEntry("limits", 0o444, limits),
		genEntry("mountinfo", 0o444, fresh(mountinfo)),
		genEntry("mounts", 0o444, fresh(mounts)),
		magicEntry("root", func(p *vfs.Process) vfs.Path { return p.Root() }),
		genEntry("stat", 0o444, stat),
		statusEntry(),
		{"task", vfs.S_IFDIR | 0o555, func(d *pidDir) *vfs.Inode { return d.taskDirInode() }},
	}
}

// pidDirInode makes /proc/PID, or with thread /proc/PID/task/TID. Its
// link count is 2 plus its subdirectories, as pid_entry_nlink counts
// them (fd, fdinfo and, for a process, task), so that find(1)'s leaf
// optimisation stays right.
func (fs *FS) pidDirInode(p *vfs.Process, thread bool) *vfs.Inode {
	c := p.Cred()
	d := &pidDir{fs: fs, p: p, uid: c.Euid, gid: c.Egid, thread: thread}
	d.Init(fs.sb, d, vfs.Attr{Mode: vfs.S_IFDIR | 0o555, Uid: c.Euid, Gid: c.Egid})
	for _, e := range pidEntries {
		if e.mode&vfs.S_IFMT == vfs.S_IFDIR && !(thread && e.name == "task") {
			d.IncNlink()
		}
	}
	return &d.Inode
}

// alive is ESRCH once the process is reaped: what reads of a File
// opened on its directory say from then on.
func (d *pidDir) alive() error {
	if d.p.Reaped() {
		return vfs.ESRCH
	}
	return nil
}

// Lookup finds a name of the table. Once the process is reaped a walk
// through its directory (an fd open on it) is ESRCH, as the directory's
// proc_pid_permission says before any lookup.
func (d *pidDir) Lookup(name string) (*vfs.Inode, error) {
	if err := d.alive(); err != nil {
		return nil, err
	}
	for _, e := range pidEntries {
		if e.name == name && !(d.thread && name == "task") {
			return e.make(d), nil
		}
	}
	return nil, vfs.ENOENT
}

// Revalidate drops the cached entries of a reaped process, so that the
// walk asks Lookup, which says ESRCH.
func (d *pidDir) Revalidate(*vfs.Dentry) bool { return d.alive() == nil }

// Open gives the directory its listing: the table, in order.
func (d *pidDir) Open(*vfs.File) (vfs.FileOperations, error) { return pidDirOps{d: d}, nil }

type pidDirOps struct {
	vfs.SimpleDirOperations
	d *pidDir
}

func (o pidDirOps) Iterate(f *vfs.File, ctx *vfs.DirContext) error {
	if o.d.alive() != nil {
		return vfs.ENOENT
	}
	if !ctx.EmitDots(f) {
		return nil
	}
	for i := int(ctx.Pos) - 2; i >= 0 && i < len(pidEntries); i++ {
		e := pidEntries[i]
		if o.d.thread && e.name == "task" {
			continue
		}
		if !ctx.Emit(e.name, o.d.Ino()<<6+uint64(i), vfs.DType(e.mode), int64(i)+3) {
			return nil
		}
	}
	return nil
}

// mayPtrace is __ptrace_may_access in PTRACE_MODE_READ_FSCREDS: root,
// or a caller whose fsuid and fsgid match the target's uids and gids.
func (fs *FS) mayPtrace(c *vfs.Cred, target *vfs.Process) error {
	if c == nil || c.Euid == 0 {
		return nil
	}
	t := target.Cred()
	if c.Fsuid == t.Uid && c.Fsuid == t.Euid && c.Fsuid == t.Suid &&
		c.Fsgid == t.Gid && c.Fsgid == t.Egid && c.Fsgid == t.Sgid {
		return nil
	}
	return vfs.EACCES
}
