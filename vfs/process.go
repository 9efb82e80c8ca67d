package vfs

import (
	"sync"
	"sync/atomic"
)

// Process is a task (struct task_struct, with its fs_struct and
// files_struct): a pid, credentials, a root and a cwd, a umask, an fd
// table and resource limits. Its methods are the system calls. A Process
// is safe for many goroutines at once, the way threads share a process.
//
// Life of a process: Kernel.Init makes pid 1, Fork makes the rest, each
// one the youngest child of its parent. Exit closes every fd and drops
// the cwd and root, then the process is a zombie until its parent's Wait
// reaps it; its children, live or zombie, go to init (exit.go).
//
// An exited process can do nothing: once Exit has returned, every
// system call fails with ESRCH ("no such process"). A call blocked when
// Exit begins returns ESRCH; one racing it either fails the same way or
// completes and is undone by the exit (an fd it installed is closed, a
// child it forked goes to init), so an exited process holds no File and
// no Mount. Arguments wrong on their face (a bad flag, a negative uid)
// may still be reported first, since those checks come before the
// process is looked at. The exceptions are the methods without an error
// result, which go on answering for the zombie (Pid, Getppid, Getuid and
// the other ids, Cred, FDTable, Signals, Umask, PathOf; Exe and Cmdline,
// empty) or do nothing (Sync, a second Exit); and Kill, which is about
// the target, not the caller: it succeeds on a zombie, as kill(2) does,
// and is ESRCH once the zombie is reaped.
type Process struct {
	k     *Kernel
	pid   int
	cred  atomic.Pointer[Cred]
	files *FDTable
	mm    mmState // mappings (mmap_table.go)

	fsMu  sync.Mutex              // serializes changes of paths, creds, limits (fs_struct)
	paths atomic.Pointer[fsPaths] // root and cwd: read without the lock by every walk; nil after exit
	umask atomic.Uint32           // swapped whole by umask(2), read by every create

	sig     sigState
	itimers itimers                   // setitimer(2) and alarm(2): itimer.go
	image   atomic.Pointer[execImage] // what the last exec ran (exec.go); nil before, and after exit

	nofileCur atomic.Uint64
	nofileMax atomic.Uint64

	exiting  atomic.Bool   // set by the first Exit, before it does anything
	exitDone chan struct{} // closed when that Exit has finished

	// The process tree, under Kernel.procMu (tasklist_lock); see exit.go.
	parent    atomic.Pointer[Process] // nil for init, and for orphans once init is gone
	children  map[int]*Process        // by pid, live and zombie
	zombies   zombieQueue             // children that exited and are not reaped, oldest first
	childSeq  uint64                  // the place the next child takes in children
	seq       uint64                  // this process's place in its parent's children
	zindex    int                     // index in the parent's zombies
	zombie    bool                    // exited and waiting for its parent
	status    int                     // the wait status, set when it becomes a zombie
	reaped    atomic.Bool             // gone from the pid table: Kill is ESRCH
	childExit WaitQueue               // notified when a child becomes a zombie (wait_chldexit)
}

// Kernel returns the kernel the process runs on.
func (p *Process) Kernel() *Kernel { return p.k }

// Pid returns the process id.
func (p *Process) Pid() int { return p.pid }

// Getppid returns the parent's pid: init's (1) once the parent exited,
// 0 for init itself and for a process orphaned after init exited.
func (p *Process) Getppid() int {
	if parent := p.parent.Load(); parent != nil {
		return parent.pid
	}
	return 0
}

// Cred returns the current credentials.
func (p *Process) Cred() *Cred { return p.cred.Load() }

// FDTable returns the process's fd table.
func (p *Process) FDTable() *FDTable { return p.files }

// fsPaths is a process's root and cwd; replaced whole, never changed.
type fsPaths struct {
	root, cwd Path
}

// rootAndCwd returns where the process's paths start, or ESRCH once it
// exited and dropped them (exit_fs).
func (p *Process) rootAndCwd() (root, cwd Path, err error) {
	fp := p.paths.Load()
	if fp == nil {
		return Path{}, Path{}, ESRCH
	}
	return fp.root, fp.cwd, nil
}

// exitedLocked reports, with fsMu held, whether Exit has dropped the
// paths: from then on nothing under fsMu may change.
func (p *Process) exitedLocked() bool { return p.paths.Load() == nil }

// Fork makes a child: a copy of the fd table (the same open Files, one
// more reference each), the root, cwd, umask, credentials and limits.
// A fork racing its process's Exit either fails with ESRCH, leaving
// nothing behind, or makes a child that the Exit hands to init.
func (p *Process) Fork() (*Process, error) {
	c, err := p.fork()
	if tr := p.k.traceBegin(p); tr != nil {
		pid := int64(-1)
		if c != nil {
			pid = int64(c.pid)
			tr.forkLayer(c)
		}
		tr.end("fork", pid, err)
	}
	return c, err
}

func (p *Process) fork() (*Process, error) {
	if p.exiting.Load() {
		return nil, ESRCH
	}
	c := &Process{k: p.k, exitDone: make(chan struct{})}
	c.cred.Store(p.cred.Load())
	files, err := p.files.fork()
	if err != nil {
		return nil, err
	}
	c.files = files
	p.fsMu.Lock()
	if p.exitedLocked() {
		p.fsMu.Unlock()
		c.files.exit()
		return nil, ESRCH
	}
	fp := p.paths.Load()
	c.paths.Store(fp)
	c.umask.Store(p.umask.Load())
	fp.root.get()
	fp.cwd.get()
	p.forkImage(c)
	c.nofileCur.Store(p.nofileCur.Load())
	c.nofileMax.Store(p.nofileMax.Load())
	p.fsMu.Unlock()
	if err := p.k.addChild(c, p); err != nil {
		c.files.exit()
		c.exitFS()
		return nil, err
	}
	return c, nil
}

// Getuid returns the real uid.
func (p *Process) Getuid() int { return int(p.cred.Load().Uid) }

// Geteuid returns the effective uid.
func (p *Process) Geteuid() int { return int(p.cred.Load().Euid) }

// Getgid returns the real gid.
func (p *Process) Getgid() int { return int(p.cred.Load().Gid) }

// Getegid returns the effective gid.
func (p *Process) Getegid() int { return int(p.cred.Load().Egid) }

// Getgroups returns the supplementary groups.
func (p *Process) Getgroups() []int {
	c := p.cred.Load()
	out := make([]int, len(c.Groups))
	for i, g := range c.Groups {
		out[i] = int(g)
	}
	return out
}

// Setuid sets the user ids as setuid(2) does: root sets all of them,
// anyone else may set the effective uid to the real or saved one.
func (p *Process) Setuid(uid int) error {
	if uid < 0 {
		return EINVAL
	}
	return p.changeCred(func(c *Cred) error {
		u := uint32(uid)
		switch {
		case c.Euid == 0:
			c.Uid, c.Euid, c.Suid, c.Fsuid = u, u, u, u
		case u == c.Uid || u == c.Suid:
			c.Euid, c.Fsuid = u, u
		default:
			return EPERM
		}
		return nil
	})
}

// Setgid sets the group ids by the same rules as Setuid.
func (p *Process) Setgid(gid int) error {
	if gid < 0 {
		return EINVAL
	}
	return p.changeCred(func(c *Cred) error {
		g := uint32(gid)
		switch {
		case c.Euid == 0:
			c.Gid, c.Egid, c.Sgid, c.Fsgid = g, g, g, g
		case g == c.Gid || g == c.Sgid:
			c.Egid, c.Fsgid = g, g
		default:
			return EPERM
		}
		return nil
	})
}

// Setgroups sets the supplementary groups; only root may.
func (p *Process) Setgroups(gids []int) error {
	if len(gids) > 65536 {
		return EINVAL
	}
	return p.changeCred(func(c *Cred) error {
		if c.Euid != 0 {
			return EPERM
		}
		c.Groups = make([]uint32, len(gids))
		for i, g := range gids {
			if g < 0 {
				return EINVAL
			}
			c.Groups[i] = uint32(g)
		}
		return nil
	})
}

// changeCred installs a modified copy of the credentials (commit_creds).
func (p *Process) changeCred(change func(*Cred) error) error {
	p.fsMu.Lock()
	defer p.fsMu.Unlock()
	if p.exitedLocked() {
		return ESRCH
	}
	c := *p.cred.Load()
	c.Groups = append([]uint32(nil), c.Groups...)
	if err := change(&c); err != nil {
		return err
	}
	p.cred.Store(&c)
	return nil
}

// Umask sets the file mode creation mask and returns the old one.
func (p *Process) Umask(mask int) (old int) {
	return int(p.umask.Swap(uint32(mask) & 0o777))
}

func (p *Process) getUmask() uint32 { return p.umask.Load() }

// Getrlimit reads a resource limit; govfs keeps RLIMIT_NOFILE only.
func (p *Process) Getrlimit(resource int, rlim *Rlimit) error {
	if p.exiting.Load() {
		return ESRCH
	}
	if resource != RLIMIT_NOFILE {
		return EINVAL
	}
	rlim.Cur, rlim.Max = p.nofileCur.Load(), p.nofileMax.Load()
	return nil
}

// Setrlimit changes a resource limit: the soft limit up to the hard one
// freely, the hard one up only for root, never past fs.nr_open (EPERM).
func (p *Process) Setrlimit(resource int, rlim *Rlimit) error {
	if p.exiting.Load() {
		return ESRCH
	}
	if resource != RLIMIT_NOFILE {
		return EINVAL
	}
	if rlim.Cur > rlim.Max {
		return EINVAL
	}
	if rlim.Max > uint64(p.k.Sysctl.NrOpen.Load()) {
		return EPERM
	}
	p.fsMu.Lock()
	defer p.fsMu.Unlock()
	if rlim.Max > p.nofileMax.Load() && !p.cred.Load().privileged() {
		return EPERM
	}
	p.nofileMax.Store(rlim.Max)
	p.nofileCur.Store(rlim.Cur)
	return nil
}

func (p *Process) nofile() int { return int(min(p.nofileCur.Load(), NR_OPEN)) }
