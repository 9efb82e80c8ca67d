package bin

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// Grep prints the lines that match a pattern: "grep [OPTION]...
// PATTERN [FILE]...", fd 0 for "-" or no file (without -r). The
// pattern is a POSIX basic regular expression, translated to Go's
// regexp (RE2) syntax, or with -E an extended one, or with -F a fixed
// string; RE2 has no back-references. Options: -i (ignore case), -v
// (select non-matching lines), -c (count), -n (line numbers), -l (names
// of files with a match), -q (no output, status only), -r (recurse
// into directories, not following symlinks inside them and skipping
// devices, FIFOs and sockets there, as GNU grep does; no operand means
// "."), -h/-H (without/with file names), -s (no messages about
// files), -w/-x (match whole words/lines), -e PATTERN. Several files,
// or -r, prefix each line with "NAME:". A file with a NUL byte that
// matches prints "grep: NAME: binary file matches" on fd 2 instead of
// its lines, as GNU grep 3.8 does. Status: 0 if a line was selected,
// 1 if none, 2 on an error (a missing file: "grep: x: No such file or
// directory"; a directory without -r: "grep: d: Is a directory"),
// unless -q found a match.
func Grep(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "grep", spec: "ivcnrRlqhHswxEFGe:", long: map[string]byte{
		"ignore-case": 'i', "invert-match": 'v', "count": 'c', "line-number": 'n', "recursive": 'r',
		"files-with-matches": 'l', "quiet": 'q', "silent": 'q', "no-filename": 'h', "with-filename": 'H',
		"no-messages": 's', "word-regexp": 'w', "line-regexp": 'x', "extended-regexp": 'E',
		"fixed-strings": 'F', "basic-regexp": 'G', "regexp": 'e'}}.parse(p, tail(argv))
	if !ok {
		return 2
	}
	pattern, hasPattern := o.val['e'], o.has('e')
	if !hasPattern {
		if len(operands) == 0 {
			writeAll(p, 2, []byte("Usage: grep [OPTION]... PATTERNS [FILE]...\n"))
			usage(p, "grep")
			return 2
		}
		pattern, operands = operands[0], operands[1:]
	}
	re, err := compilePattern(pattern, o)
	if err != nil {
		errorf(p, "grep", "%s", err)
		return 2
	}
	g := &grepper{p: p, o: o, re: re, recursive: o.has('r') || o.has('R')}
	if len(operands) == 0 {
		operands = []string{"-"}
		if g.recursive {
			operands = []string{"."}
			g.trimDot = true
		}
	}
	g.names = (len(operands) > 1 || g.recursive || o.has('H')) && !o.has('h')
	for _, name := range operands {
		if g.done {
			break
		}
		g.file(name)
	}
	switch {
	case g.killed != 0:
		return g.killed
	case g.matched && o.has('q'):
		return 0
	case g.errors:
		return 2
	case g.matched:
		return 0
	}
	return 1
}

// compilePattern turns the pattern into a Go regexp as -E, -F, -i, -w
// and -x ask.
func compilePattern(pattern string, o opts) (*regexp.Regexp, error) {
	expr := pattern
	switch {
	case o.has('F'):
		expr = regexp.QuoteMeta(pattern)
	case !o.has('E'):
		expr = breToERE(pattern)
	}
	switch {
	case o.has('x'):
		expr = "^(?:" + expr + ")$"
	case o.has('w'):
		expr = `(?:^|\W)(?:` + expr + `)(?:\W|$)`
	}
	if o.has('i') {
		expr = "(?i)" + expr
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, errInvalidRegexp
	}
	return re, nil
}

var errInvalidRegexp = strErr("Invalid regular expression")

type strErr string

func (e strErr) Error() string { return string(e) }

// breToERE translates a POSIX basic regular expression: in a BRE
// \( \) \{ \} \| \+ \? are the operators and ( ) { } | + ? stand for
// themselves, the other way round from an ERE. Bracket expressions are
// copied as they are.
//
//	breToERE(`a\(b\)*c(`) = `a(b)*c\(`
func breToERE(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("(){}|+?", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i++
		case c == '\\' && i+1 < len(s):
			b.WriteString(s[i : i+2])
			i++
		case strings.IndexByte("(){}|+?", c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '[':
			j := bracketEnd(s, i)
			b.WriteString(s[i:j])
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// bracketEnd is the index after the bracket expression starting at i
// ("[]a]" and "[^]a]" include the first ']'; "[[:alpha:]]" its
// classes), or len(s) for an unclosed one.
func bracketEnd(s string, i int) int {
	j := i + 1
	if j < len(s) && s[j] == '^' {
		j++
	}
	if j < len(s) && s[j] == ']' {
		j++
	}
	for ; j < len(s); j++ {
		if s[j] == '[' && j+1 < len(s) && s[j+1] == ':' {
			if k := strings.Index(s[j+2:], ":]"); k >= 0 {
				j += k + 3
				continue
			}
		}
		if s[j] == ']' {
			return j + 1
		}
	}
	return len(s)
}

type grepper struct {
	p                     *vfs.Process
	o                     opts
	re                    *regexp.Regexp
	recursive, names      bool
	trimDot               bool // -r without operands: names without "./"
	matched, errors, done bool
	killed                int // the status a signal ended grep with
}

func (g *grepper) fail(name string, err error) {
	if code := killedBy(g.p, err); code != 0 {
		g.killed, g.done = code, true
		return
	}
	if !g.o.has('s') {
		complain(g.p, "grep", name, err)
	}
	g.errors = true
}

// file searches one operand, descending into a directory with -r.
func (g *grepper) file(name string) {
	p := g.p
	if name == "-" {
		data, err := readFD(p, 0)
		if err != nil {
			g.fail("(standard input)", err)
			return
		}
		g.search("(standard input)", data)
		return
	}
	var st vfs.Stat_t
	if err := p.Stat(name, &st); err != nil {
		g.fail(name, err)
		return
	}
	if st.Mode&vfs.S_IFMT == vfs.S_IFDIR {
		if !g.recursive {
			g.fail(name, vfs.EISDIR)
			return
		}
		g.dir(name)
		return
	}
	data, err := readFile(p, name)
	if err != nil {
		g.fail(name, err)
		return
	}
	g.search(name, data)
}

// dir searches a directory's entries in name order, skipping symlinks
// (grep -r follows only those on the command line).
func (g *grepper) dir(name string) {
	p := g.p
	fd, err := p.Open(name, vfs.O_RDONLY|vfs.O_DIRECTORY|vfs.O_CLOEXEC, 0)
	if err != nil {
		g.fail(name, err)
		return
	}
	names, err := readDirNames(p, fd)
	if err != nil {
		g.fail(name, err)
	}
	var kids []string
	for _, n := range names {
		if n == "." || n == ".." {
			continue
		}
		var st vfs.Stat_t
		if err := p.Fstatat(fd, n, &st, vfs.AT_SYMLINK_NOFOLLOW); err == nil {
			if t := st.Mode & vfs.S_IFMT; t != vfs.S_IFREG && t != vfs.S_IFDIR {
				continue // symlinks, and devices, FIFOs and sockets, which may block (grep's -D skip)
			}
		}
		kids = append(kids, n)
	}
	p.Close(fd)
	sortStrings(kids)
	for _, n := range kids {
		child := strings.TrimSuffix(name, "/") + "/" + n
		if g.trimDot && name == "." {
			child = n
		}
		if g.done {
			return
		}
		g.file(child)
	}
}

// search prints what the options ask for about one file's data.
func (g *grepper) search(name string, data []byte) {
	o := g.o
	binary := bytes.IndexByte(data, 0) >= 0
	count := 0
	var out strings.Builder
	lineNo := 0
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		lineNo++
		if g.re.Match(line) == o.has('v') {
			continue
		}
		count++
		g.matched = true
		if o.has('q') {
			g.done = true
			return
		}
		if o.has('l') {
			break
		}
		if o.has('c') || binary {
			continue
		}
		if g.names {
			out.WriteString(name + ":")
		}
		if o.has('n') {
			out.WriteString(strconv.Itoa(lineNo) + ":")
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	switch {
	case o.has('l'):
		if count > 0 {
			out.WriteString(name + "\n")
		}
	case o.has('c'):
		if g.names {
			out.WriteString(name + ":")
		}
		out.WriteString(strconv.Itoa(count) + "\n")
	case binary && count > 0:
		errorf(g.p, "grep", "%s: binary file matches", name)
	}
	writeAll(g.p, 1, []byte(out.String()))
}
