package vfs

import (
	"cmp"
	"container/heap"
	"slices"
	"time"
)

// The end of a process (kernel/exit.c): Exit tears down what the
// process holds, then, in one critical section under Kernel.procMu
// (tasklist_lock), hands its children to init and becomes a zombie in
// its parent's list; Wait reaps zombies.
//
//	Fork ──▶ live ──Exit──▶ exiting ──procMu──▶ zombie ──parent's Wait──▶ reaped
//	                        (fds closed,         (status set, in the
//	                         paths dropped,       parent's zombies)
//	                         calls are ESRCH)
//
// The tree (every parent link, children map, zombie queue and status)
// changes only under procMu, the way Linux changes it only under the
// write side of tasklist_lock; Getppid reads the parent link atomically.
// procMu is a leaf: Fork and Exit take it after they are done with the
// fd table and the fs_struct, and wake waiting parents after releasing it.
//
// Cost: Wait(pid) finds the child in a map and Wait(-1) takes the head
// of the zombie queue, so the cost of reaping does not grow with the
// live children (BenchmarkWait: the same at 100 and 10 000). The queue is ordered as Linux's children list
// is (fork order, reparented children at the end), since do_wait scans
// that list and reaps the first zombie it meets.

// Exit ends the process with an exit code (exit_group(2)): calls blocked
// in it return ESRCH, every fd is closed, the cwd and root are dropped,
// its children go to init, and it stays a zombie until its parent's Wait
// reaps it. A second Exit, even a concurrent one, changes nothing but
// returns only when the first has finished.
func (p *Process) Exit(code int) { p.exit((code&0xff)<<8, code) }

// exit ends the process with a wait status: an exit code's, or a
// signal's (the signal number) for a process killed by one. code is
// what the trace shows.
func (p *Process) exit(status, code int) {
	if !p.exiting.CompareAndSwap(false, true) {
		<-p.exitDone
		return
	}
	p.interruptForever()
	p.itimers.exit()
	p.files.exit()
	p.mm.drop(true)
	p.exitFS()
	p.k.exitNotify(p, status)
	if p.k.tracing() {
		p.k.traceSys(p, "exit_group", 0, nil, code)
	}
	close(p.exitDone)
}

// exitFS drops the root and cwd (exit_fs) and the executable
// (exit_mm); later walks see nil paths and fail with ESRCH.
func (p *Process) exitFS() {
	p.fsMu.Lock()
	fp := p.paths.Swap(nil)
	p.fsMu.Unlock()
	if fp != nil {
		fp.root.put()
		fp.cwd.put()
	}
	p.dropImage()
}

// addChild gives c a pid and makes it the youngest child of parent (the
// end of copy_process). It is ESRCH if parent began to exit: checked
// under procMu, so either the parent's exitNotify sees the child and
// hands it to init, or the child is never made.
func (k *Kernel) addChild(c, parent *Process) error {
	k.procMu.Lock()
	defer k.procMu.Unlock()
	if parent.exiting.Load() {
		return ESRCH
	}
	c.pid = k.nextPid
	k.nextPid++
	k.procs[c.pid] = c
	parent.adoptLocked(c)
	return nil
}

// adoptLocked appends c to p's children (procMu held).
func (p *Process) adoptLocked(c *Process) {
	if p.children == nil {
		p.children = make(map[int]*Process)
	}
	p.children[c.pid] = c
	p.childSeq++
	c.seq = p.childSeq
	c.parent.Store(p)
	if c.zombie {
		heap.Push(&p.zombies, c)
	}
}

// exitNotify makes p a zombie with the given status and gives its
// children to init (exit_notify, forget_original_parent). Without a
// parent to reap it (init, or an orphan of a dead init) p is released at
// once, as a process whose parent ignores SIGCHLD is.
func (k *Kernel) exitNotify(p *Process, status int) {
	k.procMu.Lock()
	reaper := k.init
	if reaper == p || (reaper != nil && reaper.exiting.Load()) {
		reaper = nil // init is going too: its orphans have no one left
	}
	orphans := make([]*Process, 0, len(p.children))
	for _, c := range p.children {
		orphans = append(orphans, c)
	}
	slices.SortFunc(orphans, func(a, b *Process) int { return cmp.Compare(a.seq, b.seq) })
	p.children, p.zombies = nil, nil
	var zombieOrphans bool
	for _, c := range orphans {
		switch {
		case reaper != nil:
			reaper.adoptLocked(c)
			zombieOrphans = zombieOrphans || c.zombie
		case c.zombie:
			c.parent.Store(nil)
			k.releaseLocked(c)
		default:
			c.parent.Store(nil)
		}
	}
	p.status = status
	parent := p.parent.Load()
	if parent == nil {
		k.releaseLocked(p)
	} else {
		p.zombie = true
		heap.Push(&parent.zombies, p)
	}
	k.procMu.Unlock()

	if zombieOrphans {
		reaper.childExit.Notify(POLLIN)
	}
	if parent != nil {
		parent.childExit.Notify(POLLIN)
	}
}

// releaseLocked takes a zombie out of the pid table (release_task).
func (k *Kernel) releaseLocked(p *Process) {
	delete(k.procs, p.pid)
	p.reaped.Store(true)
}

// Wait waits for the child pid to exit, or for any child with -1 (and
// with 0: govfs has no setpgid, so every child is in its parent's
// process group), reaps it, and returns its wait status as wait4(2)
// encodes it: the exit code is status>>8 & 0xff (WEXITSTATUS). Of many
// exited children, -1 reaps the one forked first, as Linux does.
//
// ECHILD if there is no such child (a pid below -1 names a process group,
// and there is none); EINTR if a signal comes while it waits; ESRCH if
// the waiting process itself exits, now or while it waits (Linux has no
// such case: a dead process makes no calls).
func (p *Process) Wait(pid int) (status int, err error) {
	reaped, status, err := p.wait4(pid)
	if p.k.tracing() {
		p.k.traceSys(p, "wait4", int64(reaped), err, pid)
	}
	return status, err
}

func (p *Process) wait4(pid int) (reaped, status int, err error) {
	var c *Process
	try := func() bool {
		var done bool
		c, done, err = p.k.reapChild(p, pid)
		return done
	}
	if !try() {
		// The one wait loop (block.go): a child's exit notifies
		// childExit, a signal or our own exit interrupts.
		if berr := p.block([]*WaitQueue{&p.childExit}, POLLIN, time.Time{}, try); berr != nil {
			return 0, 0, berr
		}
	}
	if err != nil {
		return 0, 0, err
	}
	return c.pid, c.status, nil
}

// reapChild reaps a zombie child of p matching pid, if there is one. done
// is false when p must sleep: it has a matching child, but none exited.
func (k *Kernel) reapChild(p *Process, pid int) (c *Process, done bool, err error) {
	k.procMu.Lock()
	defer k.procMu.Unlock()
	if p.exiting.Load() {
		return nil, true, ESRCH
	}
	switch {
	case pid > 0:
		c = p.children[pid]
		if c == nil {
			return nil, true, ECHILD
		}
		if !c.zombie {
			return nil, false, nil
		}
	case pid == -1 || pid == 0:
		if len(p.children) == 0 {
			return nil, true, ECHILD
		}
		if len(p.zombies) == 0 {
			return nil, false, nil
		}
		c = p.zombies[0]
	default:
		return nil, true, ECHILD
	}
	heap.Remove(&p.zombies, c.zindex)
	delete(p.children, c.pid)
	k.releaseLocked(c)
	return c, true, nil
}

// zombieQueue is a parent's exited children, oldest child first: a heap
// on their place in the children list, so that reaping any zombie, the
// first or a given one, is O(log zombies) whatever the live children.
type zombieQueue []*Process

func (q zombieQueue) Len() int           { return len(q) }
func (q zombieQueue) Less(i, j int) bool { return q[i].seq < q[j].seq }
func (q zombieQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].zindex, q[j].zindex = i, j
}
func (q *zombieQueue) Push(x any) {
	c := x.(*Process)
	c.zindex = len(*q)
	*q = append(*q, c)
}
func (q *zombieQueue) Pop() any {
	old := *q
	c := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return c
}
