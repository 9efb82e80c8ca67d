package sh

import (
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/govfs/govfs/vfs"
)

// A simple command, in the order POSIX gives (2.9.1): expand the words,
// expand the redirections, then find the command: a function, a
// builtin, or a program on $PATH. Functions and builtins run in the
// shell process, with their redirections applied to the shell's fds and
// undone after; a program runs in a forked child that applies the
// redirections to its own fds and then execs:
//
//	shell ── fork() ──▶ child ── open()/dup2()/close() ── execve("/bin/cat")
//	  └── wait4(child) ◀──────────────────────── exit(status) ──┘

// call runs a simple command.
func (s *shell) call(st *syntax.Stmt, cm *syntax.CallExpr) {
	s.substStatus = -1
	argv, err := s.fields(cm.Args...)
	if err != nil {
		s.expandError(err)
		return
	}
	assigns, err := s.assigns(cm.Assigns)
	if err != nil {
		s.expandError(err)
		return
	}
	rds, err := s.expandRedirs(st.Redirs)
	if err != nil {
		s.expandError(err)
		return
	}
	if len(argv) == 0 {
		s.assignOnly(assigns, rds)
		return
	}
	name := argv[0]
	body, isFunc := s.funcs[name]
	bi, isBuiltin := builtins[name]
	if !isFunc && !isBuiltin {
		s.external(st, argv, assigns, rds)
		return
	}
	if isBuiltin && name == "exec" {
		// exec's redirections are the shell's from now on.
		if err := applyRedirs(s.p, rds, nil, s.errorf); err != nil {
			s.status = 2
			return
		}
		s.status = bi.run(s, argv)
		return
	}
	undo, err := s.redirectSaved(rds)
	if err != nil {
		s.status = 2
		return
	}
	defer undo()
	if isBuiltin && bi.special {
		// Assignments before a special builtin stay (POSIX 2.14).
		for _, a := range assigns {
			k, v, _ := strings.Cut(a, "=")
			s.setVar(k, v)
		}
	} else {
		defer s.tempAssign(assigns)()
	}
	if isFunc {
		s.callFunc(body, argv[1:])
		return
	}
	s.status = bi.run(s, argv)
}

// assigns expands "NAME=word" prefixes to "NAME=value" strings.
func (s *shell) assigns(list []*syntax.Assign) ([]string, error) {
	var out []string
	for _, as := range list {
		val, err := expand.Literal(s.cfg, as.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, as.Name.Value+"="+val)
	}
	return out, nil
}

// assignOnly is a command without a command name: its assignments set
// shell variables, its redirections are made and undone (so "> f"
// creates f), and its status is that of its last command substitution.
func (s *shell) assignOnly(assigns []string, rds []redir) {
	status := 0
	if s.substStatus >= 0 {
		status = s.substStatus
	}
	for _, a := range assigns {
		k, v, _ := strings.Cut(a, "=")
		if err := s.setVar(k, v); err != nil {
			s.errorf("%v", err)
			status = 2
		}
	}
	undo, err := s.redirectSaved(rds)
	if err != nil {
		s.status = 2
		return
	}
	undo()
	s.status = status
}

// tempAssign sets variables for one builtin or function call and
// returns what puts the old values back.
func (s *shell) tempAssign(assigns []string) func() {
	if len(assigns) == 0 {
		return func() {}
	}
	saved := map[string]*variable{}
	for _, a := range assigns {
		k, v, _ := strings.Cut(a, "=")
		if _, ok := saved[k]; !ok {
			if old, ok := s.vars[k]; ok {
				saved[k] = &old
			} else {
				saved[k] = nil
			}
		}
		s.setVar(k, v)
	}
	return func() {
		for k, old := range saved {
			if old == nil {
				delete(s.vars, k)
			} else {
				s.vars[k] = *old
			}
		}
	}
}

// external runs a program: fork, then redirections and exec in the
// child, and wait. A forked child running its last command (a pipeline
// element, "&", "( )") execs it in place instead.
func (s *shell) external(st *syntax.Stmt, argv, assigns []string, rds []redir) {
	env := s.environ(assigns)
	if s.execLast == st && !st.Negated {
		s.status = s.execChild(s.p, rds, argv, env)
		s.ctl = ctlExit
		return
	}
	c, err := s.p.Fork()
	if err != nil {
		s.errorf("cannot fork: %s", strerror(err))
		s.status = 2
		return
	}
	go func() {
		defer dieOnPanic(s, c)
		c.Exit(s.execChild(c, rds, argv, env))
	}()
	s.status = s.waitChild(c)
}

// execChild is what the child of external does: its redirections,
// then execve of each candidate on $PATH. It returns only if neither
// worked (the status to exit with) or after the program ran (what
// Exec's exit left, which the caller's Exit does not change).
func (s *shell) execChild(c *vfs.Process, rds []redir, argv, env []string) int {
	if err := applyRedirs(c, rds, nil, s.errorfOn(c)); err != nil {
		return 2
	}
	name := argv[0]
	var candidates []string
	if strings.Contains(name, "/") {
		candidates = []string{name}
	} else {
		for dir := range strings.SplitSeq(s.Get("PATH").String(), ":") {
			if dir == "" {
				dir = "."
			}
			candidates = append(candidates, dir+"/"+name)
		}
	}
	first := error(vfs.ENOENT)
	for _, path := range candidates {
		err := c.Exec(path, argv, env)
		if err == nil {
			return 0 // the program ran, and Exec's Exit has the status
		}
		if _, ok := err.(*vfs.ProgramPanic); ok {
			return 0 // killed by SIGSEGV already
		}
		if err == vfs.ENOEXEC {
			return s.runScript(c, path, argv, env)
		}
		if err != vfs.ENOENT && err != vfs.ENOTDIR && first == vfs.ENOENT {
			first = err // dash reports the first error that is not "no such file"
		}
	}
	report := s.errorfOn(c)
	if first == vfs.ENOENT || first == vfs.ENOTDIR {
		report("%s: not found", name)
		return 127
	}
	report("%s: %s", name, strerror(first))
	return 126
}

// runScript is execve's ENOEXEC fallback that shells do: a file that
// is executable but no program is a shell script, run by a fresh shell
// in the same child (dash's and POSIX's behaviour).
func (s *shell) runScript(c *vfs.Process, path string, argv, env []string) int {
	n := newShell(c, []string{s.arg0}, env, s.opts)
	args := append([]string{path}, argv[1:]...)
	return n.main(append([]string{s.arg0}, args...))
}

// waitChild waits for a child and turns its wait status into $?: the
// exit code, or 128 plus the signal that killed it.
func (s *shell) waitChild(c *vfs.Process) int {
	for {
		status, err := s.p.Wait(c.Pid())
		if err == vfs.EINTR {
			continue
		}
		if err != nil {
			return 127
		}
		if sig := status & 0x7f; sig != 0 {
			if sig == vfs.SIGSEGV {
				s.writeErr("Segmentation fault\n")
			}
			return 128 + sig
		}
		return status >> 8 & 0xff
	}
}

// errorfOn reports as errorf does, on c's fd 2.
func (s *shell) errorfOn(c *vfs.Process) func(string, ...any) {
	return func(format string, args ...any) { s.errorOn(c, format, args...) }
}

// strerror is an errno's text as the C library spells it.
func strerror(err error) string {
	msg := vfs.ErrnoOf(err).Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return msg
}
