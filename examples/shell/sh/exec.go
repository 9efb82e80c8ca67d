package sh

import (
	"regexp"
	"strconv"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/pattern"
	"mvdan.cc/sh/v3/syntax"
)

// The executor walks mvdan's syntax tree. A statement is a command, its
// redirections, "!" and "&". Simple commands are call (call.go);
// pipelines, "&" and "( )" fork (fork.go); the rest runs here, in the
// shell process, with the statement's redirections applied to the
// shell's own fds and undone afterwards (redirect.go).

// stmt runs one statement and sets $?.
func (s *shell) stmt(st *syntax.Stmt) {
	s.line = int(st.Pos().Line())
	if st.Background {
		s.background(st)
		return
	}
	s.command(st)
	if st.Negated {
		s.status = boolStatus(s.status != 0)
	}
}

// stmts runs a list until it ends or a break, continue, return or exit
// unwinds it.
func (s *shell) stmts(list []*syntax.Stmt) {
	for _, st := range list {
		s.stmt(st)
		if s.ctl != ctlNone {
			return
		}
	}
}

// command runs the command of st (not its "!" or "&").
func (s *shell) command(st *syntax.Stmt) {
	switch cm := st.Cmd.(type) {
	case nil: // "> file" alone
		s.call(st, &syntax.CallExpr{})
		return
	case *syntax.CallExpr:
		s.call(st, cm)
		return
	case *syntax.BinaryCmd:
		if (cm.Op == syntax.Pipe || cm.Op == syntax.PipeAll) && len(st.Redirs) == 0 {
			s.pipeline(st)
			return
		}
	case *syntax.Subshell: // its redirections are the child's
		s.subshellCmd(st)
		return
	}
	rds, err := s.expandRedirs(st.Redirs)
	if err != nil {
		s.expandError(err)
		return
	}
	undo, err := s.redirectSaved(rds)
	if err != nil {
		s.status = 2
		return
	}
	defer undo()
	s.compound(st)
}

// compound runs the commands that are not simple commands.
func (s *shell) compound(st *syntax.Stmt) {
	switch cm := st.Cmd.(type) {
	case *syntax.BinaryCmd:
		s.binary(st, cm)
	case *syntax.Block:
		s.stmts(cm.Stmts)
	case *syntax.IfClause:
		s.ifClause(cm)
	case *syntax.WhileClause:
		s.whileClause(cm)
	case *syntax.ForClause:
		s.forClause(cm)
	case *syntax.CaseClause:
		s.caseClause(cm)
	case *syntax.FuncDecl:
		s.funcs[cm.Name.Value] = cm.Body
		s.status = 0
	default:
		s.errorf("this command is not supported")
		s.status = 2
	}
}

func (s *shell) binary(st *syntax.Stmt, cm *syntax.BinaryCmd) {
	switch cm.Op {
	case syntax.AndStmt, syntax.OrStmt:
		s.stmt(cm.X)
		if s.ctl == ctlNone && (s.status == 0) == (cm.Op == syntax.AndStmt) {
			s.stmt(cm.Y)
		}
	default: // a pipeline with redirections of its own
		s.pipeline(&syntax.Stmt{Cmd: cm, Position: st.Position})
	}
}

func (s *shell) ifClause(cm *syntax.IfClause) {
	for c := cm; c != nil; c = c.Else {
		if len(c.Cond) == 0 { // else
			s.stmts(c.Then)
			return
		}
		s.stmts(c.Cond)
		if s.ctl != ctlNone {
			return
		}
		if s.status == 0 {
			s.stmts(c.Then)
			return
		}
	}
	s.status = 0
}

func (s *shell) whileClause(cm *syntax.WhileClause) {
	status := 0
	for {
		s.stmts(cm.Cond)
		if s.ctl != ctlNone || (s.status == 0) == cm.Until {
			break
		}
		stop := s.loopBody(cm.Do)
		status = s.status
		if stop {
			break
		}
	}
	if s.ctl == ctlNone || s.ctl == ctlBreak {
		s.status = status
	}
}

func (s *shell) forClause(cm *syntax.ForClause) {
	it, ok := cm.Loop.(*syntax.WordIter)
	if !ok {
		s.errorf("for ((;;)) is not supported")
		s.status = 2
		return
	}
	items := s.args
	if it.InPos.IsValid() {
		var err error
		if items, err = s.fields(it.Items...); err != nil {
			s.expandError(err)
			return
		}
	}
	s.status = 0
	for _, item := range items {
		if err := s.setVar(it.Name.Value, item); err != nil {
			s.errorf("%v", err)
			s.status = 2
			return
		}
		if s.loopBody(cm.Do) {
			break
		}
	}
}

// loopBody runs a loop's body once and says whether the loop ends: a
// break, a return or an exit, or a continue meant for an outer loop.
func (s *shell) loopBody(body []*syntax.Stmt) (stop bool) {
	s.loops++
	s.stmts(body)
	s.loops--
	switch s.ctl {
	case ctlBreak, ctlContinue:
		s.ctlN--
		if s.ctlN > 0 {
			return true
		}
		c := s.ctl
		s.ctl = ctlNone
		return c == ctlBreak
	case ctlReturn, ctlExit:
		return true
	}
	return false
}

func (s *shell) caseClause(cm *syntax.CaseClause) {
	word, err := expand.Literal(s.cfg, cm.Word)
	if err != nil {
		s.expandError(err)
		return
	}
	s.status = 0
	for _, item := range cm.Items {
		for _, w := range item.Patterns {
			pat, err := expand.Pattern(s.cfg, w)
			if err != nil {
				s.expandError(err)
				return
			}
			expr, err := pattern.Regexp(pat, pattern.EntireString)
			if err != nil {
				continue
			}
			if rx, err := regexp.Compile(expr); err == nil && rx.MatchString(word) {
				s.stmts(item.Stmts)
				return
			}
		}
	}
}

// callFunc runs a shell function with its arguments as $1, $2, ...
func (s *shell) callFunc(body *syntax.Stmt, args []string) {
	saved := s.args
	s.args = args
	s.inFunc++
	s.stmt(body)
	s.inFunc--
	s.args = saved
	if s.ctl == ctlReturn {
		s.ctl = ctlNone
	}
}

// fields expands words as the arguments of a command are expanded:
// parameters, command substitution, arithmetic, field splitting,
// globbing (through govfs's getdents) and quote removal.
func (s *shell) fields(words ...*syntax.Word) ([]string, error) {
	return expand.Fields(s.cfg, words...)
}

// expandError reports a failed expansion; a non-interactive shell
// exits, as dash does for ${x?message}.
func (s *shell) expandError(err error) {
	s.errorf("%v", err)
	s.status = 2
	if !s.interactive {
		s.ctl = ctlExit
	}
}

func boolStatus(ok bool) int {
	if ok {
		return 0
	}
	return 1
}

// atoi parses a decimal number, as the builtins want their arguments.
func atoi(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil
}
