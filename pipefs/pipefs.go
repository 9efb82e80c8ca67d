package pipefs

import (
	"strconv"
	"sync/atomic"

	"github.com/govfs/govfs/vfs"
)

// Defaults Linux fixes: a pipe holds 16 pages; /proc/sys/fs/pipe-max-size
// is 1 MiB.
const (
	defaultSize    = 16 * pageSize
	defaultMaxSize = 1 << 20
)

// FS is the pipefs instance of one kernel: registered, never mounted.
// It makes the inodes of pipe(2) and keeps the buffers of open FIFOs.
type FS struct {
	// MaxSize is fs.pipe-max-size: the largest F_SETPIPE_SZ a non-root
	// process may ask for.
	// It is the sysctl fs/pipe-max-size: writes to /proc/sys go here.
	MaxSize atomic.Int64
	// UserPagesSoft is fs.pipe-user-pages-soft: shown and stored, not
	// yet enforced.
	UserPagesSoft atomic.Int64

	sb  *vfs.SuperBlock
	mnt *vfs.Mount
}

// fsType is the registered "pipefs" type; mount(2) of it is refused, as
// Linux refuses it (it is SB_NOUSER).
type fsType struct{}

func (fsType) Name() string { return "pipefs" }

func (fsType) Mount(*vfs.Kernel, string, uintptr, string) (*vfs.SuperBlock, error) {
	return nil, vfs.EINVAL
}

// Register adds pipefs to k: pipe(2) makes its pipes here and opens of
// S_IFIFO inodes come here.
func Register(k *vfs.Kernel) (*FS, error) {
	if err := k.RegisterFileSystem(fsType{}); err != nil {
		return nil, err
	}
	fs := &FS{}
	fs.MaxSize.Store(defaultMaxSize)
	fs.UserPagesSoft.Store(defaultUserPagesSoft)
	if err := registerSysctls(k, fs); err != nil {
		return nil, err
	}
	fs.sb = vfs.NewSuperBlock(k, fsType{}, vfs.PIPEFS_MAGIC, fs)
	root := &pipeInode{}
	root.Init(fs.sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	fs.sb.SetRoot(&root.Inode)
	fs.mnt = k.KernMount(fs.sb)
	if err := k.RegisterPipeMaker(fs); err != nil {
		return nil, err
	}
	if err := k.RegisterFIFO(fs); err != nil {
		return nil, err
	}
	return fs, nil
}

// pipeInode is the inode both ends of an unnamed pipe share.
type pipeInode struct {
	vfs.Inode
}

// MakePipe makes the read and write Files of a new pipe (create_pipe_files).
// Both share one inode, S_IFIFO|0600, named "pipe:[ino]".
func (fs *FS) MakePipe(c *vfs.Cred, flags int) (r, w *vfs.File, err error) {
	uid, gid := c.Owner()
	in := &pipeInode{}
	in.Init(fs.sb, in, vfs.Attr{Mode: vfs.S_IFIFO | 0o600, Uid: uid, Gid: gid})
	p := newPipe()
	p.readers, p.writers = 1, 1
	in.SetPrivateLocked(p) // not yet shared: no lock needed
	name := "pipe:[" + strconv.FormatUint(in.Ino(), 10) + "]"
	// As create_pipe_files does: O_DIRECT (packet mode) is the writer's.
	nb := flags & vfs.O_NONBLOCK
	r = vfs.NewPseudoFile(fs.mnt, &in.Inode, name, vfs.O_RDONLY|nb, &end{p: p, fs: fs})
	w = vfs.NewPseudoFile(fs.mnt, &in.Inode, name, vfs.O_WRONLY|nb|flags&vfs.O_DIRECT, &end{p: p, fs: fs})
	r.SetCred(c)
	w.SetCred(c)
	return r, w, nil
}

// OpenSpecial opens a FIFO (fifo_open): readers wait for a writer and
// writers for a reader, unless O_NONBLOCK (a lone writer is then ENXIO)
// or O_RDWR, which is both at once and never waits. A pipe reopened
// through /proc/PID/fd/N never waits and is never ENXIO: nobody could
// open its other end by name. An open for neither reading nor writing
// (O_ACCMODE) is EINVAL.
func (fs *FS) OpenSpecial(f *vfs.File, t *vfs.Process) (vfs.FileOperations, error) {
	f.SetStream()
	// The buffer hangs off the inode (i_pipe): a FIFO's name, or a
	// pipe reopened through /proc/PID/fd/N, reaches the same one.
	in := f.Inode()
	fifo := in.SuperBlock() != fs.sb
	in.Lock()
	p, _ := in.PrivateLocked().(*pipe)
	if p == nil {
		p = newPipe()
		in.SetPrivateLocked(p)
	}
	p.mu.Lock()
	in.Unlock()
	e := &end{p: p, fs: fs}
	nonblock := f.Nonblock()
	var wait func() bool
	var partner bool // a first reader or writer, whom the others wait for
	switch f.Flags() & vfs.O_ACCMODE {
	case vfs.O_RDONLY:
		partner = p.readers == 0
		p.readers++
		p.rCounter++
		switch {
		case !fifo || p.writers > 0:
		case nonblock:
			// POLLHUP waits for a writer to come and go.
			e.version = p.wCounter
		default:
			seen := p.wCounter
			wait = func() bool { return p.wCounter != seen }
		}
	case vfs.O_WRONLY:
		if fifo && nonblock && p.readers == 0 {
			p.mu.Unlock()
			fs.forgetFIFO(f.Inode(), p)
			return nil, vfs.ENXIO
		}
		partner = p.writers == 0
		p.writers++
		p.wCounter++
		if fifo && p.readers == 0 {
			seen := p.rCounter
			wait = func() bool { return p.rCounter != seen }
		}
	case vfs.O_RDWR:
		p.readers++
		p.writers++
		p.rCounter++
		p.wCounter++
		partner = p.readers == 1 || p.writers == 1
	default:
		p.mu.Unlock()
		fs.forgetFIFO(f.Inode(), p)
		return nil, vfs.EINVAL
	}
	p.mu.Unlock()
	if partner {
		// wake_up_partner: the first reader or writer came, for whoever
		// waits in an open, and for the read ends' pollers.
		p.wakeReaders(vfs.NoKey)
	}
	if wait != nil {
		err := t.Block(&p.rq, vfs.POLLIN|vfs.POLLOUT, func() bool {
			p.mu.Lock()
			defer p.mu.Unlock()
			return wait()
		})
		if err != nil {
			e.Release(f)
			return nil, err
		}
	}
	// An O_DIRECT open is EINVAL after this (do_dentry_open: a FIFO has
	// no direct I/O), though F_SETFL may set O_DIRECT later, which
	// makes the writer's pages packets.
	return e, nil
}

// forgetFIFO drops the buffer of a FIFO nobody has open: its data dies
// with the last close, as on Linux.
func (fs *FS) forgetFIFO(in *vfs.Inode, p *pipe) {
	in.Lock()
	defer in.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	if in.PrivateLocked() == p && p.readers == 0 && p.writers == 0 {
		in.SetPrivateLocked(nil)
	}
}
