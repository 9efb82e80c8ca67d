package sh

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/expand"

	"github.com/govfs/govfs/vfs"
)

// Builtins run in the shell process because they change it (cd, exit,
// export, wait...) or because POSIX says so. Everything else, true and
// false and echo included, is a program in /bin, so that a learner sees
// it forked and exec'd.
type builtin struct {
	run     func(s *shell, argv []string) int
	special bool // POSIX special builtin: assignments before it stay
}

var builtins map[string]builtin

func init() {
	builtins = map[string]builtin{
		":":        {run: func(*shell, []string) int { return 0 }, special: true},
		".":        {run: (*shell).dot, special: true},
		"break":    {run: (*shell).breakCmd, special: true},
		"cd":       {run: (*shell).cd},
		"continue": {run: (*shell).breakCmd, special: true},
		"eval":     {run: (*shell).eval, special: true},
		"exec":     {run: (*shell).exec, special: true},
		"exit":     {run: (*shell).exit, special: true},
		"export":   {run: (*shell).export, special: true},
		"pwd":      {run: (*shell).pwd},
		"read":     {run: (*shell).read},
		"readonly": {run: (*shell).export, special: true},
		"return":   {run: (*shell).returnCmd, special: true},
		"set":      {run: (*shell).set, special: true},
		"shift":    {run: (*shell).shift, special: true},
		"test":     {run: (*shell).test},
		"[":        {run: (*shell).test},
		"trace":    {run: (*shell).trace},
		"umask":    {run: (*shell).umask},
		"unset":    {run: (*shell).unsetCmd, special: true},
		"wait":     {run: (*shell).wait},
	}
}

// out writes a builtin's output to the shell's fd 1.
func (s *shell) out(format string, args ...any) int {
	if err := writeAll(s.p, 1, fmt.Appendf(nil, format, args...)); err != nil {
		s.errorf("write error: %s", strerror(err))
		return 1
	}
	return 0
}

func (s *shell) cd(argv []string) int {
	dir := s.Get("HOME").String()
	if len(argv) > 1 {
		dir = argv[1]
	}
	if dir == "-" {
		dir = s.Get("OLDPWD").String()
	}
	if dir == "" {
		s.errorf("cd: HOME not set")
		return 2
	}
	old := s.Get("PWD")
	if err := s.p.Chdir(dir); err != nil {
		s.errorf("cd: can't cd to %s", dir)
		return 2
	}
	if old.IsSet() {
		s.vars["OLDPWD"] = variable{val: old.Str, exported: true}
	}
	s.setPWD()
	if len(argv) > 1 && argv[1] == "-" {
		return s.out("%s\n", s.Get("PWD").Str)
	}
	return 0
}

// pwd prints getcwd(2): the kernel's name for the cwd (d_path).
func (s *shell) pwd([]string) int {
	buf := make([]byte, 4096)
	n, err := s.p.Getcwd(buf)
	if err != nil {
		s.errorf("pwd: %s", strerror(err))
		return 2
	}
	return s.out("%s\n", buf[:n-1])
}

func (s *shell) exit(argv []string) int {
	status := s.status
	if len(argv) > 1 {
		n, ok := atoi(argv[1])
		if !ok || n < 0 {
			s.errorf("exit: Illegal number: %s", argv[1])
			s.ctl = ctlExit
			return 2
		}
		status = n & 0xff
	}
	s.ctl = ctlExit
	return status
}

// export and readonly: set and mark, or list.
func (s *shell) export(argv []string) int {
	ro := argv[0] == "readonly"
	args := argv[1:]
	if len(args) > 0 && args[0] == "-p" {
		args = args[1:]
	}
	if len(args) == 0 {
		for _, name := range slices.Sorted(maps.Keys(s.vars)) {
			if v := s.vars[name]; ro && v.readonly || !ro && v.exported {
				s.out("%s %s=%s\n", argv[0], name, quote(v.val))
			}
		}
		return 0
	}
	for _, a := range args {
		name, val, hasVal := strings.Cut(a, "=")
		if !validName(name) {
			s.errorf("%s: %s: bad variable name", argv[0], name)
			return 2
		}
		if hasVal {
			if err := s.setVar(name, val); err != nil {
				s.errorf("%s: %v", argv[0], err)
				return 2
			}
		}
		v := s.vars[name]
		if ro {
			v.readonly = true
		} else {
			v.exported = true
		}
		s.vars[name] = v
	}
	return 0
}

func (s *shell) unsetCmd(argv []string) int {
	status := 0
	for _, name := range argv[1:] {
		if name == "-v" || name == "-f" {
			continue
		}
		if slices.Contains(argv[1:], "-f") {
			delete(s.funcs, name)
			continue
		}
		if err := s.unset(name); err != nil {
			s.errorf("unset: %v", err)
			status = 2
		}
	}
	return status
}

// set sets the positional parameters (set -- a b); alone it lists the
// variables. Options are not supported.
func (s *shell) set(argv []string) int {
	args := argv[1:]
	if len(args) == 0 {
		for _, name := range slices.Sorted(maps.Keys(s.vars)) {
			s.out("%s=%s\n", name, quote(s.vars[name].val))
		}
		return 0
	}
	if args[0] == "--" {
		args = args[1:]
	} else if strings.HasPrefix(args[0], "-") || strings.HasPrefix(args[0], "+") {
		s.errorf("set: Illegal option %s", args[0])
		return 2
	}
	s.args = slices.Clone(args)
	return 0
}

func (s *shell) shift(argv []string) int {
	n := 1
	if len(argv) > 1 {
		var ok bool
		if n, ok = atoi(argv[1]); !ok || n < 0 {
			s.errorf("shift: Illegal number: %s", argv[1])
			return 2
		}
	}
	if n > len(s.args) {
		s.errorf("shift: can't shift that many")
		return 2
	}
	s.args = s.args[n:]
	return 0
}

func (s *shell) breakCmd(argv []string) int {
	n := 1
	if len(argv) > 1 {
		var ok bool
		if n, ok = atoi(argv[1]); !ok || n < 1 {
			s.errorf("%s: Illegal number: %s", argv[0], argv[1])
			return 2
		}
	}
	if s.loops == 0 {
		return 0
	}
	s.ctl, s.ctlN = ctlBreak, min(n, s.loops)
	if argv[0] == "continue" {
		s.ctl = ctlContinue
	}
	return 0
}

func (s *shell) returnCmd(argv []string) int {
	status := s.status
	if len(argv) > 1 {
		n, ok := atoi(argv[1])
		if !ok {
			s.errorf("return: Illegal number: %s", argv[1])
			return 2
		}
		status = n & 0xff
	}
	s.ctl = ctlReturn
	return status
}

func (s *shell) eval(argv []string) int {
	s.status = 0
	s.runString(strings.Join(argv[1:], " "))
	return s.status
}

// dot is ". file": run the file's commands in this shell.
func (s *shell) dot(argv []string) int {
	if len(argv) < 2 {
		s.errorf(".: filename argument required")
		return 2
	}
	data, err := s.p.ReadFile(argv[1])
	if err != nil {
		s.errorf(".: cannot open %s: %s", argv[1], openError(vfs.ErrnoOf(err)))
		s.ctl = ctlExit
		return 2
	}
	s.status = 0
	s.runString(string(data))
	return s.status
}

// runString runs commands from a string in this shell (eval, .).
func (s *shell) runString(src string) {
	line := s.line
	s.run(strings.NewReader(src))
	s.line = line
}

// exec with a command replaces the shell by the program (execve in
// the shell's own process); without one, its redirections stay.
func (s *shell) exec(argv []string) int {
	if len(argv) == 1 {
		return 0
	}
	status := s.execChild(s.p, nil, argv[1:], s.environ(nil))
	s.ctl = ctlExit
	return status
}

func (s *shell) umask(argv []string) int {
	if len(argv) == 1 {
		old := s.p.Umask(0)
		s.p.Umask(old)
		return s.out("%04o\n", old)
	}
	n, err := strconv.ParseUint(argv[1], 8, 32)
	if err != nil || n > 0o777 {
		s.errorf("umask: Illegal mode: %s", argv[1])
		return 2
	}
	s.p.Umask(int(n))
	return 0
}

// read reads one line from fd 0, a byte at a time so that it takes no
// more than the line from a pipe, and splits it into the variables.
func (s *shell) read(argv []string) int {
	args := argv[1:]
	raw := len(args) > 0 && args[0] == "-r"
	if raw {
		args = args[1:]
	}
	if len(args) == 0 {
		s.errorf("read: arg count")
		return 2
	}
	var line []byte
	b := make([]byte, 1)
	status := 1
	for {
		n, err := fdReader{s.p, 0}.Read(b)
		if err != nil || n == 0 {
			break
		}
		if b[0] == '\n' {
			status = 0
			break
		}
		line = append(line, b[0])
	}
	if status != 0 && len(line) == 0 {
		for _, name := range args {
			s.setVar(name, "")
		}
		return 1
	}
	fields := expand.ReadFields(s.cfg, string(line), len(args), raw)
	for i, name := range args {
		val := ""
		if i < len(fields) {
			val = fields[i]
		}
		if err := s.setVar(name, val); err != nil {
			s.errorf("read: %v", err)
			return 2
		}
	}
	return 0
}

// quote quotes a value for export -p and set.
func quote(v string) string { return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'" }
