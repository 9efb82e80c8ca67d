package vfs

import "sync"

// Signals in their smallest useful form. govfs runs in one Go process,
// so a signal cannot run a handler or kill a goroutine; what it does is
// what a caught signal does to system calls: a call blocked in the
// wait loop (block.go: read, write, poll, the open of a FIFO,
// Process.BlockUntil) returns EINTR (or, having moved some bytes, the
// partial count). A call that has not reached its wait yet is not
// interrupted: the signal counts as handled before it. Every signal
// sent to a live process is recorded, so a test can see that a write to
// a pipe without readers raised SIGPIPE. Exit interrupts the same calls
// for good, with ESRCH instead of EINTR.
//
// alarm(2) and setitimer(2) raise SIGALRM the same way (itimer.go): a
// caught SIGALRM, whose default action, ending the process, govfs does
// not take.
//
// SIGPIPE's default action on Linux is to terminate the process; govfs
// records it instead and lets the write return EPIPE, as a process that
// ignores SIGPIPE sees it (Go's own runtime does the same for fds other
// than 1 and 2). An ignored signal (see ignored) interrupts nothing.

// Signal numbers (asm-generic/signal.h, x86).
const (
	SIGHUP  = 1
	SIGINT  = 2
	SIGQUIT = 3
	SIGKILL = 9
	SIGSEGV = 11
	SIGUSR1 = 10
	SIGUSR2 = 12
	SIGPIPE = 13
	SIGALRM = 14
	SIGTERM = 15
	SIGCHLD = 17
)

// sigState is a process's signal bookkeeping.
type sigState struct {
	mu     sync.Mutex
	intr   chan struct{} // closed to interrupt the calls blocked now
	sent   []int
	caught int  // how many of sent were not ignored (see ignored)
	slept  int  // how many of caught Nanosleep has reported (sys_nanosleep.go)
	exited bool // intr is closed for good, and signals are dropped
}

func (s *sigState) interrupt() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.intr == nil {
		s.intr = make(chan struct{})
	}
	return s.intr
}

// Kill sends sig to the process (kill(2)): it is recorded, and unless
// the process ignores it every call of the process blocked at this
// moment returns EINTR. A zombie
// takes the signal and drops it (0, as kill(2) of a zombie is); once
// reaped the process is gone, and that is ESRCH even before a bad sig
// is EINVAL, as Linux looks the pid up first.
func (p *Process) Kill(sig int) error {
	if p.reaped.Load() {
		return ESRCH
	}
	if sig < 0 || sig > 64 {
		return EINVAL
	}
	if sig == 0 {
		return nil
	}
	p.signal(sig)
	if p.k.tracing() {
		p.k.traceSys(p, "kill", 0, nil, p.pid, sig)
	}
	return nil
}

// KillPid sends sig to the process pid on behalf of p (kill(2) as the
// caller sees it; Kill is the delivery to a process in hand). Linux's
// order: ESRCH for a pid that names no process, or a reaped one; then
// EINVAL for a sig outside 0..64; then EPERM unless p is root or p's
// real or effective uid is the target's real or saved uid
// (kill_ok_by_cred). sig 0 checks and sends nothing. A zombie takes
// the signal and drops it. pid -1 sends to every process but init and
// p that p may signal, and is ESRCH only if there is no other process
// (see killAll); govfs has no process groups, so pid 0 and pids below
// -1 are ESRCH.
func (p *Process) KillPid(pid, sig int) error {
	err := p.killPid(pid, sig)
	if p.k.tracing() {
		p.k.traceSys(p, "kill", 0, err, pid, sig)
	}
	return err
}

func (p *Process) killPid(pid, sig int) error {
	if pid == -1 {
		return p.killAll(sig)
	}
	if pid <= 0 {
		return ESRCH
	}
	t, ok := p.k.Process(pid)
	if !ok || t.reaped.Load() {
		return ESRCH
	}
	if sig < 0 || sig > 64 {
		return EINVAL
	}
	if !mayKill(p.cred.Load(), t.cred.Load()) {
		return EPERM
	}
	if sig != 0 {
		t.signal(sig)
	}
	return nil
}

// killAll is kill(-1, sig): every process but init and p. As Linux's
// kill_something_info, it drops EPERM: the answer is ESRCH only when
// there is no such process at all, else the last other error (EINVAL
// for a bad sig), else 0, even if p may signal none of them.
func (p *Process) killAll(sig int) error {
	count, err := 0, error(nil)
	for _, pid := range p.k.Processes() {
		t, ok := p.k.Process(pid)
		if !ok || pid == 1 || t == p || t.reaped.Load() {
			continue
		}
		count++
		switch {
		case sig < 0 || sig > 64:
			err = EINVAL
		case mayKill(p.cred.Load(), t.cred.Load()) && sig != 0:
			t.signal(sig)
		}
	}
	if count == 0 {
		return ESRCH
	}
	return err
}

// mayKill is kill_ok_by_cred: root, or a real or effective uid equal
// to the target's real or saved uid.
func mayKill(c, t *Cred) bool {
	return c.Euid == 0 || c.Euid == t.Suid || c.Euid == t.Uid || c.Uid == t.Suid || c.Uid == t.Uid
}

func (p *Process) signal(sig int) {
	s := &p.sig
	s.mu.Lock()
	if !s.exited {
		s.sent = append(s.sent, sig)
		if !ignored(sig) {
			s.caught++
			if s.intr != nil {
				close(s.intr)
				s.intr = nil
			}
		}
	}
	s.mu.Unlock()
}

// ignored reports the signals a govfs process ignores: SIGPIPE (see
// above) and those whose default action is to ignore them (SIGCHLD,
// SIGURG, SIGWINCH; SIGCONT, which only resumes a stopped process). As
// on Linux, such a signal interrupts nothing and is not pending; it is
// still recorded.
func ignored(sig int) bool {
	switch sig {
	case SIGPIPE, SIGCHLD, 18, 23, 28: // SIGCONT, SIGURG, SIGWINCH
		return true
	}
	return false
}

// Signals returns the signals sent to the process while it lived, in
// order.
func (p *Process) Signals() []int {
	p.sig.mu.Lock()
	defer p.sig.mu.Unlock()
	return append([]int(nil), p.sig.sent...)
}

// interruptForever makes every blocking call of an exiting process
// return ESRCH, now and later (see interrupted).
func (p *Process) interruptForever() {
	s := &p.sig
	s.mu.Lock()
	if !s.exited {
		s.exited = true
		if s.intr == nil {
			s.intr = make(chan struct{})
		}
		close(s.intr)
	}
	s.mu.Unlock()
}

// interrupted is the error of a blocking call whose interrupt channel
// closed: EINTR for a signal, ESRCH when the process exited.
func (p *Process) interrupted() error {
	if p.exiting.Load() {
		return ESRCH
	}
	return EINTR
}
