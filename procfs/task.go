package procfs

import (
	"strconv"

	"github.com/govfs/govfs/vfs"
)

// taskDir is /proc/PID/task: one thread per process here, so its one
// entry is the process's own directory again (what /proc/thread-self
// reaches).
type taskDir struct {
	vfs.Inode
	noNewNames
	d *pidDir
}

func (d *pidDir) taskDirInode() *vfs.Inode {
	t := &taskDir{d: d}
	t.Init(d.fs.sb, t, vfs.Attr{Mode: vfs.S_IFDIR | 0o555, Uid: d.uid, Gid: d.gid})
	t.IncNlink() // 2 plus one per thread (proc_task_getattr)
	return &t.Inode
}

func (t *taskDir) Lookup(name string) (*vfs.Inode, error) {
	if t.d.alive() != nil || name != strconv.Itoa(t.d.p.Pid()) {
		return nil, vfs.ENOENT
	}
	return t.d.fs.pidDirInode(t.d.p, true), nil // no task/ below a thread, or walks would never end
}

func (t *taskDir) Open(*vfs.File) (vfs.FileOperations, error) { return taskOps{t: t}, nil }

type taskOps struct {
	vfs.SimpleDirOperations
	t *taskDir
}

func (o taskOps) Iterate(f *vfs.File, ctx *vfs.DirContext) error {
	if o.t.d.alive() != nil {
		return vfs.ENOENT
	}
	if !ctx.EmitDots(f) || ctx.Pos > 2 {
		return nil
	}
	ctx.Emit(strconv.Itoa(o.t.d.p.Pid()), o.t.Ino()+1, vfs.DT_DIR, 3)
	return nil
}
