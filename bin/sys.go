package bin

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// The few helpers every program shares, the part of libc a coreutils
// program leans on: full writes, whole-file reads, error messages, and
// close_stdout's check at exit.

// copyFD copies src to dst until end of file; it tells a failed read
// from a failed write, which cat reports differently.
func copyFD(p *vfs.Process, dst, src int, buf []byte) (readErr, writeErr error) {
	for {
		n, err := read(p, src, buf)
		if err != nil {
			return err, nil
		}
		if n == 0 {
			return nil, nil
		}
		if err := writeAll(p, dst, buf[:n]); err != nil {
			return nil, err
		}
	}
}

// writeAll writes all of b to fd, going on after a short write.
// A failed write to fd 1 is also noted for checkStdout, so programs
// that print and go on (ls, grep, wc) still end with coreutils' "write
// error".
func writeAll(p *vfs.Process, fd int, b []byte) error {
	for len(b) > 0 {
		n, err := p.Write(fd, b)
		if err != nil {
			if fd == 1 {
				stdoutErrs.CompareAndSwap(p, noWriteErr, err)
			}
			return err
		}
		b = b[n:]
	}
	return nil
}

// stdoutErrs holds each running program's first failed write to fd 1,
// by process, or noWriteErr: the C library's ferror(stdout). Only the
// programs checkStdout runs have an entry.
var stdoutErrs sync.Map

type noError struct{}

var noWriteErr any = noError{}

// checkStdout wraps a program as coreutils' close_stdout does at exit:
// if a write to fd 1 failed and the program did not fail for it
// already, "PROG: write error: No space left on device" and status 1
// (2 for ls and grep, whose troubles are 2); a write that raised
// SIGPIPE ends it as the signal would (141).
func checkStdout(name string, prog vfs.Program) vfs.Program {
	return func(p *vfs.Process, argv, envv []string) int {
		stdoutErrs.Store(p, noWriteErr)
		defer stdoutErrs.Delete(p) // a program that panics too
		code := prog(p, argv, envv)
		v, _ := stdoutErrs.Load(p)
		if v == noWriteErr || code != 0 {
			return code
		}
		err := v.(error)
		if code := killedBy(p, err); code != 0 {
			return code
		}
		complain(p, name, "write error", err)
		if name == "ls" || name == "grep" {
			return 2
		}
		return 1
	}
}

// complain reports an error on fd 2 as coreutils does: "cat: NAME:
// Strerror text".
func complain(p *vfs.Process, prog, what string, err error) {
	writeAll(p, 2, []byte(prog+": "+what+": "+strerror(err)+"\n"))
}

// tail drops argv[0], the program's own name.
func tail(argv []string) []string {
	if len(argv) == 0 {
		return nil
	}
	return argv[1:]
}

// printf writes to fd 1 and, like C's printf into a full stdout, lets
// the program go on after a failed write; checkStdout reports it when
// the program ends.
func printf(p *vfs.Process, format string, args ...any) {
	writeAll(p, 1, []byte(fmt.Sprintf(format, args...)))
}

// errorf writes "prog: message" and a newline to fd 2.
func errorf(p *vfs.Process, prog, format string, args ...any) {
	writeAll(p, 2, []byte(prog+": "+fmt.Sprintf(format, args...)+"\n"))
}

// strerror is the C library's text for err: "No such file or
// directory".
func strerror(err error) string {
	msg := vfs.ErrnoOf(err).Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return msg
}

// readFile reads the whole file name through open(2) and read(2).
func readFile(p *vfs.Process, name string) ([]byte, error) {
	fd, err := p.Open(name, vfs.O_RDONLY|vfs.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer p.Close(fd)
	return readFD(p, fd)
}

// readFD reads fd to its end.
func readFD(p *vfs.Process, fd int) ([]byte, error) {
	var data []byte
	buf := make([]byte, 32<<10)
	for {
		n, err := read(p, fd, buf)
		if err != nil {
			return data, err
		}
		if n == 0 {
			return data, nil
		}
		data = append(data, buf[:n]...)
	}
}

// quote spells a file name as coreutils' messages do: 'name'.
func quote(name string) string { return "'" + name + "'" }

// sortStrings sorts by byte value, as LC_ALL=C does.
func sortStrings(s []string) { sort.Strings(s) }
