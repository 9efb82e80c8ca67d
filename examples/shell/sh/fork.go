package sh

import (
	"fmt"
	"io"
	"io/fs"
	"strconv"

	"mvdan.cc/sh/v3/syntax"

	"github.com/govfs/govfs/vfs"
)

// Everything that runs apart from the shell runs in a forked child,
// with a copy of the shell's state (subshell): each element of a
// pipeline, a background job, "( )" and a command substitution. The
// child is a govfs process; its Go code runs on a goroutine of its own.
//
//	a | b | c:
//
//	pipe(p1)
//	fork ─▶ child a: dup2(p1[1], 1); close(p1[0]); close(p1[1]); exec a
//	close(p1[1])
//	pipe(p2)
//	fork ─▶ child b: dup2(p1[0], 0); dup2(p2[1], 1); close the rest; exec b
//	close(p1[0]); close(p2[1])
//	fork ─▶ child c: dup2(p2[0], 0); close(p2[0]); exec c
//	close(p2[0])
//	wait4(a), wait4(b), wait4(c)   $? is c's status
//
// The shell closes its copy of each pipe end as soon as the child that
// needs it exists: a reader sees end of file only when every write end
// is closed, in every process.

// forkRun forks a child and runs fn in it as a subshell, on a goroutine
// of its own; setup runs first, in the child, to arrange its fds. The
// child exits with the subshell's status.
func (s *shell) forkRun(setup func(c *vfs.Process), fn func(sub *shell)) (*vfs.Process, error) {
	c, err := s.p.Fork()
	if err != nil {
		s.errorf("cannot fork: %s", strerror(err))
		return nil, err
	}
	sub := s.subshell(c)
	go func() {
		defer dieOnPanic(sub, c)
		if setup != nil {
			setup(c)
		}
		fn(sub)
		c.Exit(sub.status)
	}()
	return c, nil
}

// dieOnPanic ends a child whose shell code panicked, as runProgram
// ends a panicking program, instead of taking the whole Go program
// down: a message on its fd 2 and status 2.
func dieOnPanic(s *shell, c *vfs.Process) {
	if v := recover(); v != nil {
		s.errorOn(c, "internal error: %v", v)
		c.Exit(2)
	}
}

// runLast runs st in a forked child as the last thing it does: a
// simple external command is exec'd in place, not forked again.
func (sub *shell) runLast(st *syntax.Stmt) {
	sub.execLast = st
	sub.stmt(st)
}

// pipeline runs a | b | ... with pipe(2), fork and dup2(2).
func (s *shell) pipeline(st *syntax.Stmt) {
	cmds := flattenPipe(st)
	var children []*vfs.Process
	prev := -1 // the read end the next child takes as fd 0
	for i, cmd := range cmds {
		fds := [2]int{-1, -1}
		last := i == len(cmds)-1
		if !last {
			if err := s.p.Pipe(fds[:]); err != nil {
				s.errorf("cannot create pipe: %s", strerror(err))
				if prev >= 0 {
					s.p.Close(prev)
				}
				break
			}
		}
		in := prev
		c, err := s.forkRun(func(c *vfs.Process) {
			if in >= 0 {
				c.Dup2(in, 0)
				c.Close(in)
			}
			if !last {
				c.Dup2(fds[1], 1)
				c.Close(fds[0])
				c.Close(fds[1])
			}
		}, func(sub *shell) { sub.runLast(cmd) })
		if prev >= 0 {
			s.p.Close(prev)
		}
		if !last {
			s.p.Close(fds[1])
			prev = fds[0]
		}
		if err != nil {
			if !last {
				s.p.Close(fds[0])
			}
			break
		}
		children = append(children, c)
	}
	s.status = 1
	for _, c := range children {
		s.status = s.waitChild(c)
	}
}

// flattenPipe lists the commands of a pipeline in order.
func flattenPipe(st *syntax.Stmt) []*syntax.Stmt {
	bc, ok := st.Cmd.(*syntax.BinaryCmd)
	if !ok || bc.Op != syntax.Pipe && bc.Op != syntax.PipeAll || len(st.Redirs) > 0 {
		return []*syntax.Stmt{st}
	}
	return append(flattenPipe(bc.X), flattenPipe(bc.Y)...)
}

// background runs st & in a forked child and does not wait: $! is its
// pid, and the wait builtin reaps it. Without job control, its fd 0 is
// /dev/null unless the command redirects it (POSIX 2.9.3).
func (s *shell) background(st *syntax.Stmt) {
	fg := *st
	fg.Background = false
	c, err := s.forkRun(func(c *vfs.Process) {
		if fd, err := c.Open("/dev/null", vfs.O_RDONLY, 0); err == nil {
			moveFD(c, fd, 0)
		}
	}, func(sub *shell) { sub.runLast(&fg) })
	if err != nil {
		s.status = 2
		return
	}
	s.lastBg = c.Pid()
	s.jobs = append(s.jobs, c.Pid())
	s.status = 0
	if s.interactive {
		s.writeErr("[" + strconv.Itoa(len(s.jobs)) + "] " + strconv.Itoa(c.Pid()) + "\n")
	}
}

// subshellCmd runs ( list ) in a forked child, redirections included.
func (s *shell) subshellCmd(st *syntax.Stmt) {
	cm := st.Cmd.(*syntax.Subshell)
	c, err := s.forkRun(nil, func(sub *shell) {
		rds, err := sub.expandRedirs(st.Redirs)
		if err != nil {
			sub.expandError(err)
			return
		}
		if err := applyRedirs(sub.p, rds, nil, sub.errorf); err != nil {
			sub.status = 2
			return
		}
		sub.stmts(cm.Stmts)
	})
	if err != nil {
		s.status = 2
		return
	}
	s.status = s.waitChild(c)
}

// cmdSubst is $(list): the child's fd 1 is a pipe the shell reads to
// the end. Its status is $? only for a command of assignments alone
// (x=$(false) fails); in other commands $? is still the last command's.
func (s *shell) cmdSubst(w io.Writer, cs *syntax.CmdSubst) error {
	var fds [2]int
	if err := s.p.Pipe(fds[:]); err != nil {
		return err
	}
	c, err := s.forkRun(func(c *vfs.Process) {
		c.Dup2(fds[1], 1)
		c.Close(fds[0])
		c.Close(fds[1])
	}, func(sub *shell) {
		if len(cs.Stmts) == 1 {
			sub.runLast(cs.Stmts[0])
			return
		}
		sub.stmts(cs.Stmts)
	})
	s.p.Close(fds[1])
	if err != nil {
		s.p.Close(fds[0])
		return err
	}
	_, copyErr := io.Copy(&limitWriter{w: w, left: maxSubst}, fdReader{s.p, fds[0]})
	s.p.Close(fds[0]) // a writer still going gets EPIPE now
	s.substStatus = s.waitChild(c)
	return copyErr
}

// maxSubst bounds what $(...) keeps: its output is held in memory, and
// $(cat /dev/zero) must end with a message, not with the Go program.
const maxSubst = 16 << 20

var errSubstTooBig = fmt.Errorf("$(...): output over %d MiB", maxSubst>>20)

// limitWriter passes on up to left bytes, then fails.
type limitWriter struct {
	w    io.Writer
	left int
}

func (l *limitWriter) Write(b []byte) (int, error) {
	if len(b) > l.left {
		return 0, errSubstTooBig
	}
	l.left -= len(b)
	return l.w.Write(b)
}

// readDir lists a directory for globbing, through getdents(2).
func (s *shell) readDir(dir string) ([]fs.DirEntry, error) {
	h, err := s.p.OpenFile(dir, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	return h.ReadDir(-1)
}
