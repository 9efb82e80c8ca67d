package bin

import (
	"strings"

	"github.com/govfs/govfs/vfs"
)

// Cp copies files: "cp SRC DST" or "cp SRC... DIR". A regular file's
// bytes are copied with read(2) and write(2) into a new file with the
// source's mode less the umask (an existing destination keeps its mode,
// and is truncated). With -r/-R a directory is copied with what it
// holds, and symlinks, FIFOs and devices inside are made anew
// (symlink, mknod) rather than read; without it a directory is skipped
// ("cp: -r not specified; omitting directory 'd'") and the others are
// followed and read, as coreutils does. Options: -r/-R, -f (unlink a
// destination that cannot be opened, then retry), -v ("'a' -> 'b'").
// Messages are coreutils': "cp: cannot stat 'x': No such file or
// directory", "cp: 'a' and 'a' are the same file", "cp: cannot copy a
// directory, 'd', into itself, 'd/x'"; status 1 on any failure.
func Cp(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "cp", spec: "rRfv", long: map[string]byte{
		"recursive": 'r', "force": 'f', "verbose": 'v'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	pairs, ok := destinations(p, "cp", operands, true)
	if !ok {
		return 1
	}
	c := &copier{p: p, recursive: o.has('r') || o.has('R'), force: o.has('f'), verbose: o.has('v')}
	for _, pr := range pairs {
		c.copy(pr[0], pr[1], true)
	}
	return c.status
}

type copier struct {
	p                         *vfs.Process
	recursive, force, verbose bool
	status                    int
}

func (c *copier) fail(format string, args ...any) {
	errorf(c.p, "cp", format, args...)
	c.status = 1
}

// copy copies src to dst; top says src was named on the command line,
// where symlinks are followed even with -r.
func (c *copier) copy(src, dst string, top bool) {
	p := c.p
	var st, dst0 vfs.Stat_t
	var err error
	if c.recursive && !top {
		err = p.Lstat(src, &st)
	} else {
		err = p.Stat(src, &st)
	}
	if err != nil {
		c.fail("cannot stat %s: %s", quote(src), strerror(err))
		return
	}
	if p.Stat(dst, &dst0) == nil && dst0.Dev == st.Dev && dst0.Ino == st.Ino {
		c.fail("%s and %s are the same file", quote(src), quote(dst))
		return
	}
	switch st.Mode & vfs.S_IFMT {
	case vfs.S_IFDIR:
		c.copyDir(src, dst, &st)
		return
	case vfs.S_IFLNK:
		p.Unlink(dst)
		if err := p.Symlink(readlink(p, vfs.AT_FDCWD, src), dst); err != nil {
			c.fail("cannot create symbolic link %s: %s", quote(dst), strerror(err))
			return
		}
	case vfs.S_IFIFO, vfs.S_IFCHR, vfs.S_IFBLK, vfs.S_IFSOCK:
		if c.recursive {
			if err := p.Mknod(dst, st.Mode, int(st.Rdev)); err != nil {
				c.fail("cannot create special file %s: %s", quote(dst), strerror(err))
				return
			}
			break
		}
		fallthrough
	default:
		if !c.copyData(src, dst, &st) {
			return
		}
	}
	if c.verbose {
		printf(p, "%s -> %s\n", quote(src), quote(dst))
	}
}

// copyDir copies a directory and, with -r, everything in it.
func (c *copier) copyDir(src, dst string, st *vfs.Stat_t) {
	p := c.p
	if !c.recursive {
		c.fail("-r not specified; omitting directory %s", quote(src))
		return
	}
	if rel, inside := strings.CutPrefix(absPath(p, dst), absPath(p, src)+"/"); inside && rel != "" {
		c.fail("cannot copy a directory, %s, into itself, %s", quote(src), quote(dst))
		return
	}
	if err := p.Mkdir(dst, st.Mode&0o7777|0o700); err != nil && !(err == vfs.EEXIST && isDir(p, dst)) {
		c.fail("cannot create directory %s: %s", quote(dst), strerror(err))
		return
	}
	if c.verbose {
		printf(p, "%s -> %s\n", quote(src), quote(dst))
	}
	fd, err := p.Open(src, vfs.O_RDONLY|vfs.O_DIRECTORY|vfs.O_CLOEXEC, 0)
	if err != nil {
		c.fail("cannot access %s: %s", quote(src), strerror(err))
		return
	}
	names, err := readDirNames(p, fd)
	p.Close(fd)
	if err != nil {
		c.fail("cannot access %s: %s", quote(src), strerror(err))
	}
	sortStrings(names)
	for _, n := range names {
		if n != "." && n != ".." {
			c.copy(src+"/"+n, dst+"/"+n, false)
		}
	}
	p.Chmod(dst, st.Mode&0o7777&^uint32(p.CurrentUmask()))
}

// copyData copies a file's bytes into dst, made or truncated.
func (c *copier) copyData(src, dst string, st *vfs.Stat_t) bool {
	p := c.p
	in, err := p.Open(src, vfs.O_RDONLY|vfs.O_CLOEXEC, 0)
	if err != nil {
		c.fail("cannot open %s for reading: %s", quote(src), strerror(err))
		return false
	}
	defer p.Close(in)
	flags := vfs.O_WRONLY | vfs.O_CREAT | vfs.O_TRUNC | vfs.O_CLOEXEC
	out, err := p.Open(dst, flags, st.Mode&0o777)
	if err != nil && c.force && p.Unlink(dst) == nil {
		out, err = p.Open(dst, flags, st.Mode&0o777)
	}
	if err != nil {
		c.fail("cannot create regular file %s: %s", quote(dst), strerror(err))
		return false
	}
	readErr, writeErr := copyFD(p, out, in, make([]byte, 32<<10))
	if cerr := p.Close(out); writeErr == nil {
		writeErr = cerr
	}
	switch {
	case readErr != nil:
		c.fail("error reading %s: %s", quote(src), strerror(readErr))
	case writeErr != nil:
		c.fail("error writing %s: %s", quote(dst), strerror(writeErr))
	default:
		return true
	}
	return false
}

// absPath spells name from the root, for comparing two names: the cwd
// (getcwd(2)) before a relative one, "." and ".." elements resolved as
// text.
func absPath(p *vfs.Process, name string) string {
	if !strings.HasPrefix(name, "/") {
		buf := make([]byte, 4096)
		if n, err := p.Getcwd(buf); err == nil {
			name = strings.TrimRight(string(buf[:n]), "\x00") + "/" + name
		}
	}
	var parts []string
	for _, e := range strings.Split(name, "/") {
		switch e {
		case "", ".":
		case "..":
			if len(parts) > 0 {
				parts = parts[:len(parts)-1]
			}
		default:
			parts = append(parts, e)
		}
	}
	return "/" + strings.Join(parts, "/")
}
