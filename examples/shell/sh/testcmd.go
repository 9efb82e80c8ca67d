package sh

import (
	"errors"
	"strconv"

	"github.com/govfs/govfs/vfs"
)

// test and [ evaluate a condition: file tests through stat(2), lstat(2)
// and access(2) in govfs, string and integer comparisons, with "!",
// "-a", "-o" and parentheses. Status 0 for true, 1 for false, 2 for a
// malformed expression.
func (s *shell) test(argv []string) int {
	args := argv[1:]
	if argv[0] == "[" {
		if len(args) == 0 || args[len(args)-1] != "]" {
			s.errorf("[: missing ]")
			return 2
		}
		args = args[:len(args)-1]
	}
	t := &testParser{s: s, args: args}
	if len(args) == 0 {
		return 1
	}
	ok, err := t.or()
	if err == nil && t.i < len(args) {
		err = errors.New(args[t.i] + ": unexpected operator")
	}
	if err != nil {
		s.errorf("%s: %v", argv[0], err)
		return 2
	}
	return boolStatus(ok)
}

type testParser struct {
	s    *shell
	args []string
	i    int
}

func (t *testParser) peek(k int) (string, bool) {
	if t.i+k < len(t.args) {
		return t.args[t.i+k], true
	}
	return "", false
}

func (t *testParser) or() (bool, error) {
	v, err := t.and()
	for err == nil {
		if a, _ := t.peek(0); a != "-o" {
			break
		}
		t.i++
		var w bool
		w, err = t.and()
		v = v || w
	}
	return v, err
}

func (t *testParser) and() (bool, error) {
	v, err := t.not()
	for err == nil {
		if a, _ := t.peek(0); a != "-a" {
			break
		}
		t.i++
		var w bool
		w, err = t.not()
		v = v && w
	}
	return v, err
}

func (t *testParser) not() (bool, error) {
	if a, _ := t.peek(0); a == "!" {
		if _, more := t.peek(1); more {
			t.i++
			v, err := t.not()
			return !v, err
		}
	}
	return t.primary()
}

func (t *testParser) primary() (bool, error) {
	a, ok := t.peek(0)
	if !ok {
		return false, errors.New("argument expected")
	}
	if op, ok := t.peek(1); ok && isBinaryTest(op) {
		b, ok := t.peek(2)
		if !ok {
			return false, errors.New("argument expected")
		}
		t.i += 3
		return t.binary(a, op, b)
	}
	if a == "(" {
		if _, more := t.peek(1); more {
			t.i++
			v, err := t.or()
			if c, _ := t.peek(0); err == nil && c != ")" {
				return false, errors.New("closing paren expected")
			}
			t.i++
			return v, err
		}
	}
	if len(a) == 2 && a[0] == '-' {
		if b, ok := t.peek(1); ok {
			t.i += 2
			return t.unary(a, b)
		}
	}
	t.i++
	return a != "", nil
}

func isBinaryTest(op string) bool {
	switch op {
	case "=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge":
		return true
	}
	return false
}

func (t *testParser) binary(a, op, b string) (bool, error) {
	switch op {
	case "=":
		return a == b, nil
	case "!=":
		return a != b, nil
	}
	x, err1 := strconv.ParseInt(a, 10, 64)
	y, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil {
		bad := a
		if err1 == nil {
			bad = b
		}
		return false, errors.New("Illegal number: " + bad)
	}
	switch op {
	case "-eq":
		return x == y, nil
	case "-ne":
		return x != y, nil
	case "-lt":
		return x < y, nil
	case "-le":
		return x <= y, nil
	case "-gt":
		return x > y, nil
	}
	return x >= y, nil
}

func (t *testParser) unary(op, arg string) (bool, error) {
	p := t.s.p
	var st vfs.Stat_t
	typ := func(mode uint32) bool { return p.Stat(arg, &st) == nil && st.Mode&vfs.S_IFMT == mode }
	switch op {
	case "-n":
		return arg != "", nil
	case "-z":
		return arg == "", nil
	case "-e":
		return p.Stat(arg, &st) == nil, nil
	case "-f":
		return typ(vfs.S_IFREG), nil
	case "-d":
		return typ(vfs.S_IFDIR), nil
	case "-p":
		return typ(vfs.S_IFIFO), nil
	case "-c":
		return typ(vfs.S_IFCHR), nil
	case "-b":
		return typ(vfs.S_IFBLK), nil
	case "-S":
		return typ(vfs.S_IFSOCK), nil
	case "-h", "-L":
		return p.Lstat(arg, &st) == nil && st.Mode&vfs.S_IFMT == vfs.S_IFLNK, nil
	case "-s":
		return p.Stat(arg, &st) == nil && st.Size > 0, nil
	case "-r":
		return p.Access(arg, vfs.R_OK) == nil, nil
	case "-w":
		return p.Access(arg, vfs.W_OK) == nil, nil
	case "-x":
		return p.Access(arg, vfs.X_OK) == nil, nil
	case "-t":
		fd, ok := atoi(arg)
		return ok && isatty(p, fd), nil
	}
	return false, errors.New(op + ": unexpected operator")
}
