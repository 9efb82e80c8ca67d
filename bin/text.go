package bin

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// The text filters: wc, head, tee. Each reads its files, or fd 0 for
// "-" or none, with read(2) and writes fd 1 with write(2).

// Wc counts lines, words and bytes: "wc [-lwc] [FILE]...", in that
// order, then the name, and a "total" line for more than one file.
// Numbers are as wide as coreutils makes them: as many digits as the
// regular files' total size has, at least 7 when an input is not a
// regular file (a pipe), and 1 for a single count of a single input.
// "wc: x: No such file or directory", status 1.
func Wc(p *vfs.Process, argv, _ []string) int {
	o, files, ok := getopt{prog: "wc", spec: "lwcm", long: map[string]byte{
		"lines": 'l', "words": 'w', "bytes": 'c', "chars": 'm'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	show := []byte{'l', 'w', 'm', 'c'}
	if !o.has('l') && !o.has('w') && !o.has('c') && !o.has('m') {
		o.set['l'], o.set['w'], o.set['c'] = true, true, true
	}
	named := len(files) > 0
	if !named {
		files = []string{"-"}
	}
	width := wcWidth(p, files, o)
	status := 0
	var total [4]int64
	for _, name := range files {
		data, err := readInput(p, name)
		if code := killedBy(p, err); code != 0 {
			return code
		}
		if err != nil {
			complain(p, "wc", name, err)
			status = 1
			continue
		}
		c := [4]int64{int64(bytes.Count(data, []byte{'\n'})), int64(len(bytes.Fields(data))),
			int64(len([]rune(string(data)))), int64(len(data))}
		for i := range c {
			total[i] += c[i]
		}
		label := name
		if !named {
			label = ""
		}
		wcLine(p, show, o, c, width, label)
	}
	if len(files) > 1 {
		wcLine(p, show, o, total, width, "total")
	}
	return status
}

func wcLine(p *vfs.Process, show []byte, o opts, c [4]int64, width int, label string) {
	var fields []string
	for i, f := range show {
		if o.has(f) {
			s := strconv.FormatInt(c[i], 10)
			fields = append(fields, strings.Repeat(" ", max(0, width-len(s)))+s)
		}
	}
	if label != "" {
		fields = append(fields, label)
	}
	printf(p, "%s\n", strings.Join(fields, " "))
}

// wcWidth is coreutils' compute_number_width.
func wcWidth(p *vfs.Process, files []string, o opts) int {
	counts := 0
	for _, f := range []byte("lwcm") {
		if o.has(f) {
			counts++
		}
	}
	if len(files) == 1 && counts == 1 {
		return 1
	}
	var st vfs.Stat_t
	first := true
	minimum, regular := 1, int64(0)
	for _, name := range files {
		var err error
		if name == "-" {
			err = p.Fstat(0, &st)
		} else {
			err = p.Stat(name, &st)
		}
		if err != nil {
			if first {
				return 1
			}
			continue
		}
		first = false
		if st.Mode&vfs.S_IFMT == vfs.S_IFREG {
			regular += st.Size
		} else {
			minimum = 7
		}
	}
	return max(minimum, len(strconv.FormatInt(regular, 10)))
}

// readInput reads a whole named file, or fd 0 for "-".
func readInput(p *vfs.Process, name string) ([]byte, error) {
	if name == "-" {
		return readFD(p, 0)
	}
	return readFile(p, name)
}

// Head writes the first 10 lines of each file: "head [-n N] [-c N]
// [-q] [-v] [FILE]...", also "-N" for -n N. A negative N ("-n -2")
// writes all but the last N lines (or bytes). With more than one file
// each gets a "==> NAME <==" header. "head: cannot open 'x' for
// reading: No such file or directory", status 1.
func Head(p *vfs.Process, argv, _ []string) int {
	args := tail(argv)
	if len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && strings.Trim(args[0][1:], "0123456789") == "" {
		args = append([]string{"-n", args[0][1:]}, args[1:]...)
	}
	o, files, ok := getopt{prog: "head", spec: "n:c:qv", long: map[string]byte{
		"lines": 'n', "bytes": 'c', "quiet": 'q', "silent": 'q', "verbose": 'v'}}.parse(p, args)
	if !ok {
		return 1
	}
	bytesMode := o.has('c')
	spec := "10"
	if bytesMode {
		spec = o.val['c']
	} else if o.has('n') {
		spec = o.val['n']
	}
	n, err := strconv.ParseInt(spec, 10, 64)
	if err != nil {
		what := "lines"
		if bytesMode {
			what = "bytes"
		}
		errorf(p, "head", "invalid number of %s: %s", what, quote(spec))
		return 1
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	headers := (len(files) > 1 && !o.has('q')) || o.has('v')
	status := 0
	for i, name := range files {
		fd := 0
		if name != "-" {
			if fd, err = p.Open(name, vfs.O_RDONLY|vfs.O_CLOEXEC, 0); err != nil {
				errorf(p, "head", "cannot open %s for reading: %s", quote(name), strerror(err))
				status = 1
				continue
			}
		}
		if headers {
			if i > 0 {
				printf(p, "\n")
			}
			label := name
			if name == "-" {
				label = "standard input"
			}
			printf(p, "==> %s <==\n", label)
		}
		err, writeErr := headFD(p, fd, n, bytesMode)
		if fd != 0 {
			p.Close(fd)
		}
		if err == nil {
			err = writeErr
		}
		if code := killedBy(p, err); code != 0 {
			return code
		}
		if writeErr != nil {
			complain(p, "head", "write error", writeErr)
			return 1
		}
		if err != nil {
			errorf(p, "head", "error reading %s: %s", quote(name), strerror(err))
			status = 1
		}
	}
	return status
}

// headFD writes the first n lines (or bytes) of fd as it reads them,
// so "head -c 16 /dev/urandom" ends; all but the last -n for a
// negative n, which needs the whole input.
func headFD(p *vfs.Process, fd int, n int64, bytesMode bool) (readErr, writeErr error) {
	if n < 0 {
		data, err := readFD(p, fd)
		if err != nil {
			return err, nil
		}
		return nil, writeAll(p, 1, dropTail(data, -n, bytesMode))
	}
	buf := make([]byte, 32<<10)
	for n > 0 {
		want := len(buf)
		if bytesMode {
			want = int(min(n, int64(want)))
		}
		m, err := read(p, fd, buf[:want])
		if err != nil {
			return err, nil
		}
		if m == 0 {
			return nil, nil
		}
		chunk := buf[:m]
		if bytesMode {
			n -= int64(m)
		} else {
			for i, c := range chunk {
				if c == '\n' {
					if n--; n == 0 {
						chunk = chunk[:i+1]
						break
					}
				}
			}
		}
		if err := writeAll(p, 1, chunk); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// dropTail is data without its last n lines (or bytes).
func dropTail(data []byte, n int64, bytesMode bool) []byte {
	if bytesMode {
		return data[:max(0, int64(len(data))-n)]
	}
	lines := bytes.SplitAfter(data, []byte{'\n'})
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	return bytes.Join(lines[:max(0, int64(len(lines))-n)], nil)
}

// Tee copies fd 0 to fd 1 and to each file: "tee [-a] [FILE]...",
// truncating them or with -a appending. A file it cannot open is
// reported ("tee: x: No such file or directory") and skipped, and the
// status is then 1; a failed write to a file drops that file.
func Tee(p *vfs.Process, argv, _ []string) int {
	o, files, ok := getopt{prog: "tee", spec: "a", long: map[string]byte{"append": 'a'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	flags := vfs.O_WRONLY | vfs.O_CREAT | vfs.O_CLOEXEC | vfs.O_TRUNC
	if o.has('a') {
		flags = vfs.O_WRONLY | vfs.O_CREAT | vfs.O_CLOEXEC | vfs.O_APPEND
	}
	status := 0
	fds := []int{1}
	names := []string{"'standard output'"}
	for _, name := range files {
		fd, err := p.Open(name, flags, 0o666)
		if err != nil {
			complain(p, "tee", name, err)
			status = 1
			continue
		}
		defer p.Close(fd)
		fds = append(fds, fd)
		names = append(names, name)
	}
	buf := make([]byte, 32<<10)
	for {
		n, err := read(p, 0, buf)
		if code := killedBy(p, err); code != 0 {
			return code
		}
		if err != nil {
			complain(p, "tee", "read error", err)
			return 1
		}
		if n == 0 {
			return status
		}
		for i, fd := range fds {
			if fd < 0 {
				continue
			}
			if err := writeAll(p, fd, buf[:n]); err != nil {
				if code := killedBy(p, err); code != 0 {
					return code
				}
				complain(p, "tee", names[i], err)
				fds[i] = -1
				status = 1
			}
		}
	}
}
