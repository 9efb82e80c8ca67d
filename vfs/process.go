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
// Life of a process: Kernel.Init makes pid 1, Fork makes the rest. Exit
// closes every fd and drops the cwd and root; the process stays a zombie
// until its parent's Wait reaps it.
type Process struct {
	k      *Kernel
	pid    int
	parent *Process
	cred   atomic.Pointer[Cred]
	files  *FDTable

	fsMu  sync.Mutex              // serializes changes of paths, umask, creds (fs_struct)
	paths atomic.Pointer[fsPaths] // root and cwd: read without the lock by every walk
	umask uint32

	sig sigState

	nofileCur atomic.Uint64
	nofileMax atomic.Uint64

	mu       sync.Mutex // children and the exit state
	cond     *sync.Cond // signaled when a child exits
	children map[int]*Process
	exited   bool
	status   int
}

func (k *Kernel) newProcessLocked(parent *Process) *Process {
	p := &Process{k: k, pid: k.nextPid, parent: parent}
	k.nextPid++
	p.cond = sync.NewCond(&p.mu)
	p.nofileCur.Store(defaultNofile)
	p.nofileMax.Store(NR_OPEN)
	k.procs[p.pid] = p
	return p
}

// Kernel returns the kernel the process runs on.
func (p *Process) Kernel() *Kernel { return p.k }

// Pid returns the process id.
func (p *Process) Pid() int { return p.pid }

// Getppid returns the parent's pid (0 for init).
func (p *Process) Getppid() int {
	if p.parent == nil {
		return 0
	}
	return p.parent.pid
}

// Cred returns the current credentials.
func (p *Process) Cred() *Cred { return p.cred.Load() }

// FDTable returns the process's fd table.
func (p *Process) FDTable() *FDTable { return p.files }

// fsPaths is a process's root and cwd; replaced whole, never changed.
type fsPaths struct {
	root, cwd Path
}

func (p *Process) rootAndCwd() (root, cwd Path) {
	fp := p.paths.Load()
	return fp.root, fp.cwd
}

// Fork makes a child: a copy of the fd table (the same open Files, one
// more reference each), the root, cwd, umask, credentials and limits.
func (p *Process) Fork() (*Process, error) {
	p.mu.Lock()
	exited := p.exited
	p.mu.Unlock()
	if exited {
		return nil, ESRCH
	}
	p.k.procMu.Lock()
	c := p.k.newProcessLocked(p)
	p.k.procMu.Unlock()
	c.cred.Store(p.cred.Load())
	c.files = p.files.fork()
	p.fsMu.Lock()
	fp := p.paths.Load()
	c.paths.Store(fp)
	c.umask = p.umask
	fp.root.get()
	fp.cwd.get()
	p.fsMu.Unlock()
	c.nofileCur.Store(p.nofileCur.Load())
	c.nofileMax.Store(p.nofileMax.Load())
	p.mu.Lock()
	if p.children == nil {
		p.children = make(map[int]*Process)
	}
	p.children[c.pid] = c
	p.mu.Unlock()
	p.k.traceSys(p, "fork", int64(c.pid), nil, "")
	return c, nil
}

// Exit ends the process with an exit code: every fd is closed, the cwd
// and root are dropped, and the parent's Wait can reap it. Its children
// go to init. Calling Exit twice is harmless.
func (p *Process) Exit(code int) {
	p.mu.Lock()
	if p.exited {
		p.mu.Unlock()
		return
	}
	p.exited = true
	p.status = (code & 0xff) << 8
	orphans := p.children
	p.children = nil
	p.mu.Unlock()

	p.interruptForever()
	p.files.closeAll(false)
	p.fsMu.Lock()
	fp := p.paths.Load()
	fp.root.put()
	fp.cwd.put()
	p.fsMu.Unlock()

	init := p.k.init
	if init != nil && init != p {
		init.mu.Lock()
		for pid, c := range orphans {
			c.parent = init
			if init.children == nil {
				init.children = make(map[int]*Process)
			}
			init.children[pid] = c
		}
		init.mu.Unlock()
	}
	if p.parent == nil {
		p.k.reap(p)
		return
	}
	p.parent.mu.Lock()
	p.parent.cond.Broadcast()
	p.parent.mu.Unlock()
	p.k.traceSys(p, "exit", int64(code), nil, "")
}

func (k *Kernel) reap(p *Process) {
	k.procMu.Lock()
	delete(k.procs, p.pid)
	k.procMu.Unlock()
}

// Wait waits for the child pid (or any child for -1) to exit, reaps it,
// and returns its wait status as wait4(2) encodes it: the exit code is
// status>>8 & 0xff (WEXITSTATUS). ECHILD if there is no such child.
func (p *Process) Wait(pid int) (status int, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		var found bool
		for cpid, c := range p.children {
			if pid != -1 && cpid != pid {
				continue
			}
			found = true
			c.mu.Lock()
			done, st := c.exited, c.status
			c.mu.Unlock()
			if done {
				delete(p.children, cpid)
				p.k.reap(c)
				return st, nil
			}
		}
		if !found {
			return 0, ECHILD
		}
		p.cond.Wait()
	}
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
	p.fsMu.Lock()
	defer p.fsMu.Unlock()
	old = int(p.umask)
	p.umask = uint32(mask) & 0o777
	return old
}

func (p *Process) getUmask() uint32 {
	p.fsMu.Lock()
	defer p.fsMu.Unlock()
	return p.umask
}

// Getrlimit reads a resource limit; govfs keeps RLIMIT_NOFILE only.
func (p *Process) Getrlimit(resource int, rlim *Rlimit) error {
	if resource != RLIMIT_NOFILE {
		return EINVAL
	}
	rlim.Cur, rlim.Max = p.nofileCur.Load(), p.nofileMax.Load()
	return nil
}

// Setrlimit changes a resource limit: the soft limit up to the hard one
// freely, the hard one up only for root, never past nr_open (EPERM).
func (p *Process) Setrlimit(resource int, rlim *Rlimit) error {
	if resource != RLIMIT_NOFILE {
		return EINVAL
	}
	if rlim.Cur > rlim.Max {
		return EINVAL
	}
	if rlim.Max > NR_OPEN {
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
