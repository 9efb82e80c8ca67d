package sh

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/govfs/govfs/vfs"
)

// shell is the state of one shell process: what fork copies and what
// the builtins change. A subshell (a pipeline element, `( )`, `&`, a
// command substitution) is a copy of it in a forked process.
type shell struct {
	p    *vfs.Process
	opts Options
	cfg  *expand.Config

	vars        map[string]variable
	funcs       map[string]*syntax.Stmt
	arg0        string   // $0, and the name in error messages
	args        []string // $1, $2, ...
	status      int      // $?
	substStatus int      // the last command substitution's status, -1 for none
	lastBg      int      // $!, 0 before the first background job
	jobs        []int    // background children not yet waited for
	pid         int      // $$: the shell's pid, the same in its subshells
	line        int      // the line of the command running, for messages

	interactive bool
	ctl         ctl // break, continue, return or exit in progress
	ctlN        int // how many more loops a break or continue leaves
	loops       int // loops the running code is in
	inFunc      int // function calls the running code is in

	// execLast is the statement a forked child runs last: a simple
	// external command there is exec'd in the child itself instead of
	// being forked again (dash's EV_EXIT).
	execLast *syntax.Stmt

	tracer *traceState
}

// variable is a shell variable; exported ones are the environment of
// the programs the shell runs.
type variable struct {
	val      string
	exported bool
	readonly bool
}

// ctl is non-local control flow unwinding the statements.
type ctl uint8

const (
	ctlNone ctl = iota
	ctlBreak
	ctlContinue
	ctlReturn
	ctlExit
)

func newShell(p *vfs.Process, argv, envv []string, opts Options) *shell {
	s := &shell{p: p, opts: opts, vars: map[string]variable{}, funcs: map[string]*syntax.Stmt{}, pid: p.Pid(), arg0: "sh"}
	if len(argv) > 0 && argv[0] != "" {
		s.arg0 = strings.TrimPrefix(argv[0], "-") // a login shell's "-sh"
	}
	for _, kv := range envv {
		if name, val, ok := strings.Cut(kv, "="); ok && validName(name) {
			s.vars[name] = variable{val: val, exported: true}
		}
	}
	if _, ok := s.vars["PATH"]; !ok {
		s.vars["PATH"] = variable{val: "/bin", exported: true}
	}
	s.vars["IFS"] = variable{val: " \t\n"}
	s.setPWD()
	s.cfg = s.newConfig()
	return s
}

// subshell returns a copy of s for the forked process c.
func (s *shell) subshell(c *vfs.Process) *shell {
	n := *s
	n.p = c
	n.vars = maps.Clone(s.vars)
	n.funcs = maps.Clone(s.funcs)
	n.args = slices.Clone(s.args)
	n.jobs = nil // a subshell's wait does not see its parent's children
	n.interactive = false
	n.execLast = nil
	n.tracer = nil
	n.cfg = n.newConfig()
	return &n
}

// setPWD sets $PWD from getcwd(2): the shell's cd is physical.
func (s *shell) setPWD() {
	buf := make([]byte, 4096)
	if n, err := s.p.Getcwd(buf); err == nil && n > 0 {
		s.vars["PWD"] = variable{val: string(buf[:n-1]), exported: true}
	}
}

// Get is expand.Environ's: variables and the special parameters.
func (s *shell) Get(name string) expand.Variable {
	str := func(v string) expand.Variable { return expand.Variable{Set: true, Kind: expand.String, Str: v} }
	switch name {
	case "?":
		return str(strconv.Itoa(s.status))
	case "$":
		return str(strconv.Itoa(s.pid))
	case "!":
		if s.lastBg == 0 {
			return expand.Variable{}
		}
		return str(strconv.Itoa(s.lastBg))
	case "#":
		return str(strconv.Itoa(len(s.args)))
	case "@", "*":
		return expand.Variable{Set: true, Kind: expand.Indexed, List: slices.Clone(s.args)}
	case "0":
		return str(s.arg0)
	case "-":
		return str("")
	case "PPID":
		return str(strconv.Itoa(s.p.Getppid()))
	}
	if n, err := strconv.Atoi(name); err == nil && n > 0 {
		if n > len(s.args) {
			return expand.Variable{}
		}
		return str(s.args[n-1])
	}
	if user, ok := strings.CutPrefix(name, "HOME "); ok {
		// ~user: from govfs's /etc/passwd, never the host's; an
		// unknown user's ~user stays as it is.
		if home, ok := s.homeOf(user); ok {
			return str(home)
		}
		return str("~" + user)
	}
	v, ok := s.vars[name]
	if !ok {
		return expand.Variable{}
	}
	return expand.Variable{Set: true, Kind: expand.String, Str: v.val, Exported: v.exported, ReadOnly: v.readonly}
}

// Each is expand.Environ's: every variable.
func (s *shell) Each(fn func(string, expand.Variable) bool) {
	for name := range s.vars {
		if !fn(name, s.Get(name)) {
			return
		}
	}
}

// Set is expand.WriteEnviron's, for ${x=word} and ${x:=word}.
func (s *shell) Set(name string, vr expand.Variable) error {
	if vr.Kind == expand.KeepValue {
		return nil
	}
	if !vr.IsSet() {
		return s.unset(name)
	}
	return s.setVar(name, vr.String())
}

func (s *shell) setVar(name, val string) error {
	v := s.vars[name]
	if v.readonly {
		return fmt.Errorf("%s: is read only", name)
	}
	v.val = val
	s.vars[name] = v
	return nil
}

func (s *shell) unset(name string) error {
	if s.vars[name].readonly {
		return fmt.Errorf("%s: is read only", name)
	}
	delete(s.vars, name)
	return nil
}

// environ is the environment of a program the shell runs: the exported
// variables, then the command's own assignments.
func (s *shell) environ(extra []string) []string {
	var env []string
	for _, name := range slices.Sorted(maps.Keys(s.vars)) {
		if v := s.vars[name]; v.exported {
			env = append(env, name+"="+v.val)
		}
	}
	return append(env, extra...)
}

// homeOf looks user up in govfs's /etc/passwd.
func (s *shell) homeOf(user string) (string, bool) {
	data, err := s.p.ReadFile("/etc/passwd")
	if err != nil {
		return "", false
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		f := strings.Split(line, ":")
		if len(f) >= 6 && f[0] == user {
			return f[5], true
		}
	}
	return "", false
}

func validName(name string) bool {
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for _, c := range name {
		if c != '_' && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// writeErr writes to the shell's fd 2.
func (s *shell) writeErr(msg string) { writeAll(s.p, 2, []byte(msg)) }

// errorf reports as dash does: "sh: LINE: message".
func (s *shell) errorf(format string, args ...any) { s.errorOn(s.p, format, args...) }

// errorOn reports as errorf does, on p's fd 2 (a child's, before exec).
func (s *shell) errorOn(p *vfs.Process, format string, args ...any) {
	msg := fmt.Sprintf("%s: %d: ", s.arg0, max(s.line, 1)) + fmt.Sprintf(format, args...) + "\n"
	writeAll(p, 2, []byte(msg))
}

// writeAll writes all of b to fd, going on after a short write.
func writeAll(p *vfs.Process, fd int, b []byte) error {
	for len(b) > 0 {
		n, err := p.Write(fd, b)
		if err == vfs.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// fdWriter is an io.Writer on a govfs fd.
type fdWriter struct {
	p  *vfs.Process
	fd int
}

func (w fdWriter) Write(b []byte) (int, error) {
	if err := writeAll(w.p, w.fd, b); err != nil {
		return 0, err
	}
	return len(b), nil
}

var _ io.Writer = fdWriter{}
