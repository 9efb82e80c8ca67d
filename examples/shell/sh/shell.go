package sh

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/govfs/govfs/vfs"
)

// Options configure the program that Program returns.
type Options struct {
	// Trace, if set, is where `trace on` sends the kernel's trace, line
	// by line as the syscalls happen (the interactive front end passes
	// the host's stderr). If nil, the lines of each command are kept and
	// written to the shell's fd 2 when the command is done: a tracer
	// writing to a govfs fd would trace its own writes.
	Trace io.Writer
}

// Main is the program /bin/sh runs, with the default Options.
func Main(p *vfs.Process, argv, envv []string) int { return Program(Options{})(p, argv, envv) }

// Program returns the shell as a vfs.Program:
//
//	sh -c COMMAND [NAME [ARG...]]   run COMMAND; $0 is NAME
//	sh [-i] [-s] [ARG...]           read commands from fd 0
//	sh SCRIPT [ARG...]              read commands from the file SCRIPT
//
// A shell reading fd 0 is interactive (prompts "$ ", "# " for root, on
// fd 2, and goes on after errors) with -i, or when fds 0 and 2 are
// terminals, as dash decides. The exit status is the last command's.
func Program(opts Options) vfs.Program {
	return func(p *vfs.Process, argv, envv []string) int {
		s := newShell(p, argv, envv, opts)
		return s.main(argv)
	}
}

// Install registers the shell as the program "sh" with k and writes its
// executable at path (normally /bin/sh), so that exec of path, and su,
// and a script's ENOEXEC fallback run it.
func Install(k *vfs.Kernel, path string, opts Options) error {
	if err := k.RegisterProgram("sh", Program(opts)); err != nil {
		return err
	}
	return k.Install(path, "sh")
}

// main parses the options and feeds the parser.
func (s *shell) main(argv []string) int {
	args := argv[min(1, len(argv)):]
	var command *string
	forceInteractive, fromStdin := false, false
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		opt := args[0]
		args = args[1:]
		if opt == "--" {
			break
		}
		for _, c := range opt[1:] {
			switch c {
			case 'c':
				if len(args) == 0 {
					s.errorf("-c requires an argument")
					return 2
				}
				command = &args[0]
				args = args[1:]
			case 'i':
				forceInteractive = true
			case 's':
				fromStdin = true
			default:
				s.errorf("Illegal option -%c", c)
				return 2
			}
		}
	}
	switch {
	case command != nil:
		if len(args) > 0 {
			s.arg0, args = args[0], args[1:]
		}
		s.args = args
		s.run(strings.NewReader(*command))
	case len(args) > 0 && !fromStdin && !forceInteractive:
		fd, err := s.p.Open(args[0], vfs.O_RDONLY|vfs.O_CLOEXEC, 0)
		if err != nil {
			s.writeErr(fmt.Sprintf("%s: 0: cannot open %s: %s\n", s.arg0, args[0], openError(err)))
			return 2
		}
		s.arg0, s.args = args[0], args[1:]
		s.run(fdReader{s.p, fd})
		s.p.Close(fd)
	default:
		s.args = args
		s.interactive = forceInteractive || (isatty(s.p, 0) && isatty(s.p, 2))
		if s.interactive {
			s.repl(&lineReader{r: bufio.NewReader(fdReader{s.p, 0})})
		} else {
			s.run(fdReader{s.p, 0})
		}
	}
	s.traceStop()
	return s.status
}

// run parses and runs statements one at a time, as dash does: what a
// statement does happens before the next one is read, and a syntax
// error ends the shell (status 2) after the statements before it ran.
func (s *shell) run(r io.Reader) {
	parser := syntax.NewParser(syntax.Variant(syntax.LangPOSIX))
	err := parser.Stmts(r, func(st *syntax.Stmt) bool {
		s.topStmt(st)
		return s.ctl != ctlExit
	})
	if err != nil && s.ctl != ctlExit {
		s.syntaxError(err)
	}
}

// repl is the interactive loop: a prompt, a line, its statements. A
// syntax error drops the line and starts a fresh parser.
func (s *shell) repl(r io.Reader) {
	for s.ctl != ctlExit {
		parser := syntax.NewParser(syntax.Variant(syntax.LangPOSIX))
		s.prompt(false)
		var perr error
		for stmts, err := range parser.InteractiveSeq(r) {
			if err != nil {
				perr = err
				break
			}
			if parser.Incomplete() {
				s.prompt(true)
				continue
			}
			for _, st := range stmts {
				s.topStmt(st)
				if s.ctl == ctlExit {
					return
				}
			}
			s.prompt(false)
		}
		if perr == nil {
			s.writeErr("\n")
			return // end of input
		}
		s.syntaxError(perr)
		if pe, ok := perr.(syntax.ParseError); ok && pe.Incomplete {
			return // end of input inside a statement
		}
	}
}

// prompt writes PS1 (PS2 for a continued statement) to fd 2, after
// reporting the background jobs that ended.
func (s *shell) prompt(more bool) {
	if !more {
		s.reapDone()
	}
	ps := "$ "
	if s.p.Geteuid() == 0 {
		ps = "# "
	}
	if v, ok := s.vars["PS1"]; ok && !more {
		ps = v.val
	}
	if more {
		ps = "> "
		if v, ok := s.vars["PS2"]; ok {
			ps = v.val
		}
	}
	s.writeErr(ps)
}

// syntaxError reports a parse error as dash does and sets status 2.
func (s *shell) syntaxError(err error) {
	line, text := s.line, err.Error()
	switch e := err.(type) {
	case syntax.ParseError:
		line, text = int(e.Pos.Line()), e.Text
	case syntax.LangError:
		line, text = int(e.Pos.Line()), e.Feature+" not supported in sh"
	}
	s.line = line
	s.errorf("Syntax error: %s", text)
	s.status = 2
	if !s.interactive {
		s.ctl = ctlExit
	}
}

// topStmt runs a statement read from the input, with tracing around it
// when `trace on` asked for it.
func (s *shell) topStmt(st *syntax.Stmt) {
	s.traceStart()
	s.stmt(st)
	s.traceFlush()
	if s.ctl != ctlExit {
		s.ctl = ctlNone // a break or return outside a loop or function
	}
}

// fdReader reads a govfs fd, going on after EINTR.
type fdReader struct {
	p  *vfs.Process
	fd int
}

func (r fdReader) Read(b []byte) (int, error) {
	for {
		n, err := r.p.Read(r.fd, b)
		switch {
		case err == vfs.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// lineReader hands the parser one line per Read, so that after a
// syntax error the lines after the bad one are still there for the
// next parser (a terminal gives a line per read anyway; a pipe does
// not).
type lineReader struct {
	r    *bufio.Reader
	rest []byte
}

func (l *lineReader) Read(b []byte) (int, error) {
	if len(l.rest) == 0 {
		line, err := l.r.ReadSlice('\n')
		if len(line) == 0 {
			if err == bufio.ErrBufferFull {
				err = nil
			}
			return 0, err
		}
		l.rest = line
	}
	n := copy(b, l.rest)
	l.rest = l.rest[n:]
	return n, nil
}

// isatty is isatty(3): TCGETS succeeds only on a terminal.
func isatty(p *vfs.Process, fd int) bool {
	var t vfs.Termios
	_, err := p.Ioctl(fd, vfs.TCGETS, &t)
	return err == nil
}

// newConfig makes the expander's configuration: variables from s,
// command substitution by fork, globbing by getdents through govfs.
func (s *shell) newConfig() *expand.Config {
	return &expand.Config{Env: s, CmdSubst: s.cmdSubst, ReadDir2: s.readDir}
}
