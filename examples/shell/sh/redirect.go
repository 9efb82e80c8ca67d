package sh

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/govfs/govfs/vfs"
)

// Redirections are open(2), dup2(2) and close(2) on the fd table of
// the process that runs the command:
//
//	cmd > f      fd = open("f", O_WRONLY|O_CREAT|O_TRUNC); dup2(fd, 1); close(fd)
//	cmd >> f     the same with O_APPEND
//	cmd < f      fd = open("f", O_RDONLY); dup2(fd, 0); close(fd)
//	cmd <> f     O_RDWR|O_CREAT onto fd 0
//	cmd 2>&1     dup2(1, 2)
//	cmd 3>&-     close(3)
//	cmd <<EOF    pipe(p); write the text to p[1]; dup2(p[0], 0)
//
// A forked child applies them to its own table and forgets them. The
// shell itself, for a builtin, a function or a compound command, first
// saves each fd it changes (fcntl(fd, F_DUPFD_CLOEXEC, 10), as dash
// does) and puts it back afterwards.

// redir is a redirection with its words expanded.
type redir struct {
	op   syntax.RedirOperator
	fd   int    // the fd the command sees changed
	word string // a file name, or for <& and >& an fd number or "-"
	hdoc string // a here-document's text
}

// expandRedirs expands the words of redirections, in the shell before
// any fork, as dash does.
func (s *shell) expandRedirs(list []*syntax.Redirect) ([]redir, error) {
	var out []redir
	for _, rd := range list {
		r := redir{op: rd.Op, fd: 1}
		switch rd.Op {
		case syntax.RdrIn, syntax.RdrInOut, syntax.DplIn, syntax.Hdoc, syntax.DashHdoc:
			r.fd = 0
		}
		if rd.N != nil {
			n, err := strconv.Atoi(rd.N.Value)
			if err != nil {
				return nil, errBadFd
			}
			r.fd = n
		}
		var err error
		switch rd.Op {
		case syntax.Hdoc, syntax.DashHdoc:
			r.hdoc, err = s.hdoc(rd)
		default:
			r.word, err = expand.Literal(s.cfg, rd.Word)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// hdoc is a here-document's text: expanded unless its delimiter was
// quoted; for <<- without the leading tabs of each line.
func (s *shell) hdoc(rd *syntax.Redirect) (string, error) {
	if rd.Hdoc == nil {
		return "", nil
	}
	text := rd.Hdoc.Lit()
	if !quotedDelim(rd.Word) || text == "" {
		var err error
		if text, err = expand.Document(s.cfg, rd.Hdoc); err != nil {
			return "", err
		}
	}
	if rd.Op == syntax.DashHdoc {
		lines := strings.Split(text, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimLeft(l, "\t")
		}
		text = strings.Join(lines, "\n")
	}
	return text, nil
}

func quotedDelim(w *syntax.Word) bool {
	for _, wp := range w.Parts {
		switch wp := wp.(type) {
		case *syntax.Lit:
			if strings.Contains(wp.Value, `\`) {
				return true
			}
		case *syntax.SglQuoted, *syntax.DblQuoted:
			return true
		}
	}
	return false
}

// savedFD is an fd the shell changed, and where its old File waits
// (-1: it was closed).
type savedFD struct{ fd, saved int }

// redirectSaved applies rds to the shell's own fds and returns what
// undoes them. On an error, reported on fd 2, nothing stays changed.
func (s *shell) redirectSaved(rds []redir) (undo func(), err error) {
	if len(rds) == 0 {
		return func() {}, nil
	}
	var saved []savedFD
	undo = func() {
		for i := len(saved) - 1; i >= 0; i-- {
			sv := saved[i]
			if sv.saved < 0 {
				s.p.Close(sv.fd)
				continue
			}
			s.p.Dup2(sv.saved, sv.fd)
			s.p.Close(sv.saved)
		}
	}
	if err := applyRedirs(s.p, rds, &saved, s.errorf); err != nil {
		undo()
		return nil, err
	}
	return undo, nil
}

// applyRedirs applies rds to p's fds in order. With save, each fd is
// first copied out of the way once; report gets the message of a
// failure, which ends the list.
func applyRedirs(p *vfs.Process, rds []redir, save *[]savedFD, report func(string, ...any)) error {
	for _, r := range rds {
		if save != nil {
			if err := saveFD(p, r.fd, save); err != nil {
				report("%d: %s", r.fd, strerror(err))
				return err
			}
		}
		if err := applyRedir(p, r, report); err != nil {
			return err
		}
	}
	return nil
}

func saveFD(p *vfs.Process, fd int, save *[]savedFD) error {
	for _, sv := range *save {
		if sv.fd == fd {
			return nil
		}
	}
	n, err := p.FcntlInt(uintptr(fd), vfs.F_DUPFD_CLOEXEC, 10)
	if err == vfs.EBADF {
		n, err = -1, nil
	}
	if err != nil {
		return err
	}
	*save = append(*save, savedFD{fd: fd, saved: n})
	return nil
}

func applyRedir(p *vfs.Process, r redir, report func(string, ...any)) error {
	var flags int
	switch r.op {
	case syntax.RdrOut, syntax.RdrClob:
		flags = vfs.O_WRONLY | vfs.O_CREAT | vfs.O_TRUNC
	case syntax.AppOut:
		flags = vfs.O_WRONLY | vfs.O_CREAT | vfs.O_APPEND
	case syntax.RdrIn:
		flags = vfs.O_RDONLY
	case syntax.RdrInOut:
		flags = vfs.O_RDWR | vfs.O_CREAT
	case syntax.DplIn, syntax.DplOut:
		return dupRedir(p, r, report)
	case syntax.Hdoc, syntax.DashHdoc:
		return hdocRedir(p, r, report)
	default:
		report("Syntax error: redirection %s is not supported", r.op)
		return errBadFd
	}
	fd, err := p.Open(r.word, flags, 0o666)
	if err != nil {
		if flags == vfs.O_RDONLY {
			report("cannot open %s: %s", r.word, openError(err))
		} else {
			report("cannot create %s: %s", r.word, createError(err))
		}
		return err
	}
	return moveFD(p, fd, r.fd)
}

// moveFD makes fd to be the fd the command wants: dup2, then close.
func moveFD(p *vfs.Process, fd, to int) error {
	if fd == to {
		return nil
	}
	err := p.Dup2(fd, to)
	p.Close(fd)
	return err
}

// dupRedir is n>&m, n<&m and n>&-.
func dupRedir(p *vfs.Process, r redir, report func(string, ...any)) error {
	if r.word == "-" {
		p.Close(r.fd) // closing a closed fd is no error for the shell
		return nil
	}
	from, err := strconv.Atoi(r.word)
	if err != nil || from < 0 {
		report("Syntax error: Bad fd number")
		return errBadFd
	}
	if from == r.fd {
		_, err = p.FcntlInt(uintptr(from), vfs.F_GETFD, 0)
	} else {
		err = p.Dup2(from, r.fd)
	}
	if err != nil {
		report("%d: %s", from, strerror(err))
	}
	return err
}

// hdocRedir feeds a here-document through a pipe. A text larger than
// the pipe's 64 KiB would block the shell's write, so then a forked
// child writes it, as dash does.
func hdocRedir(p *vfs.Process, r redir, report func(string, ...any)) error {
	var fds [2]int
	if err := p.Pipe(fds[:]); err != nil {
		report("cannot create pipe: %s", strerror(err))
		return err
	}
	if len(r.hdoc) <= 65536 {
		writeAll(p, fds[1], []byte(r.hdoc))
	} else if c, err := p.Fork(); err == nil {
		go func() {
			c.Close(fds[0])
			writeAll(c, fds[1], []byte(r.hdoc))
			c.Exit(0)
		}()
	}
	p.Close(fds[1])
	return moveFD(p, fds[0], r.fd)
}

// openError and createError are dash's texts for a failed open of a
// redirection (errmsg with E_OPEN and E_CREAT).
func openError(err error) string {
	if err == vfs.ENOENT {
		return "No such file"
	}
	return strerror(err)
}

func createError(err error) string {
	if err == vfs.ENOENT {
		return "Directory nonexistent"
	}
	return strerror(err)
}

// errBadFd ends a redirection list whose message was already written.
var errBadFd = vfs.EBADF
