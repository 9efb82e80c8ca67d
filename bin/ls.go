package bin

import (
	"encoding/binary"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/govfs/govfs/vfs"
)

// Ls lists files and directories as coreutils' ls does with its output
// on a pipe (one name per line, names not quoted), sorted by byte
// value as under LC_ALL=C. Options:
//
//	-l  long format: type and mode, links, owner, group (names from
//	    /etc/passwd and /etc/group, else numbers), size or a device's
//	    "major, minor", mtime, name, and "-> target" for a symlink;
//	    "total N" (1 KiB blocks) above a directory's entries
//	-a  include names that begin with '.', and . and ..
//	-A  include names that begin with '.', but not . and ..
//	-d  list directories themselves, not their contents
//	-i  the inode number first
//	-1  one name per line (always so)
//
// Operands that are not directories are listed first, then each
// directory's entries, under a "dir:" header when there is more than
// one operand. Without -l or -d a symlink operand is followed. A name
// that cannot be found is "ls: cannot access 'x': No such file or
// directory", a directory that cannot be read "ls: cannot open
// directory 'x': Permission denied"; both make the status 2, as does a
// bad option. Times are printed in UTC: govfs has no time zones.
func Ls(p *vfs.Process, argv, _ []string) int {
	g := getopt{prog: "ls", spec: "laAdi1", long: map[string]byte{
		"all": 'a', "almost-all": 'A', "directory": 'd', "inode": 'i'}}
	o, operands, ok := g.parse(p, tail(argv))
	if !ok {
		return 2
	}
	l := &lister{p: p, long: o.has('l'), all: o.has('a'), almost: o.has('A'), dirs: !o.has('d'), inode: o.has('i')}
	if l.long {
		l.names = loadNames(p)
		l.readClock()
	}
	if len(operands) == 0 {
		operands = []string{"."}
	}
	var files []entry
	var dirs []string
	for _, name := range operands {
		st, err := l.statOperand(name)
		if err != nil {
			errorf(p, "ls", "cannot access %s: %s", quote(name), strerror(err))
			l.status = 2
			continue
		}
		if l.dirs && st.Mode&vfs.S_IFMT == vfs.S_IFDIR {
			dirs = append(dirs, name)
			continue
		}
		e := entry{name: name, st: st}
		if l.long && st.Mode&vfs.S_IFMT == vfs.S_IFLNK {
			e.target, e.linkErr = l.readlink(vfs.AT_FDCWD, name, name)
		}
		files = append(files, e)
	}
	sortEntries(files)
	sort.Strings(dirs)
	printed := len(files) > 0
	l.print(files)
	for _, d := range dirs {
		if printed {
			printf(p, "\n")
		}
		if len(operands) > 1 {
			printf(p, "%s:\n", d)
		}
		l.listDir(d)
		printed = true
	}
	return l.status
}

// lister holds one run's options and state.
type lister struct {
	p                              *vfs.Process
	long, all, almost, dirs, inode bool
	names                          *names
	now                            time.Time
	status                         int
}

// entry is one line of the listing.
type entry struct {
	name    string
	st      vfs.Stat_t
	target  string // a symlink's, for -l
	linkErr bool   // and it could not be read
}

// readlink reads a symlink's target for -l; one it cannot read (a
// process's exe before its first exec) is reported, status 1, and
// listed without the arrow.
func (l *lister) readlink(dirfd int, name, shown string) (string, bool) {
	buf := make([]byte, 4096)
	n, err := l.p.Readlinkat(dirfd, name, buf)
	if err != nil {
		errorf(l.p, "ls", "cannot read symbolic link %s: %s", quote(shown), strerror(err))
		l.status = max(l.status, 1)
		return "", true
	}
	return string(buf[:n]), false
}

// statOperand stats a command-line name: lstat for -l and -d, else
// stat, falling back to lstat for a dangling symlink, as ls does.
func (l *lister) statOperand(name string) (vfs.Stat_t, error) {
	var st vfs.Stat_t
	if l.long || !l.dirs {
		return st, l.p.Lstat(name, &st)
	}
	err := l.p.Stat(name, &st)
	if err != nil && l.p.Lstat(name, &st) == nil {
		err = nil
	}
	return st, err
}

// listDir lists the entries of one directory, read with getdents(2)
// and each lstat'ed with fstatat(2) relative to the directory's fd.
func (l *lister) listDir(dir string) {
	p := l.p
	fd, err := p.Open(dir, vfs.O_RDONLY|vfs.O_DIRECTORY|vfs.O_CLOEXEC, 0)
	if err != nil {
		errorf(p, "ls", "cannot open directory %s: %s", quote(dir), strerror(err))
		l.status = 2
		return
	}
	defer p.Close(fd)
	names, err := readDirNames(p, fd)
	if err != nil {
		errorf(p, "ls", "reading directory %s: %s", quote(dir), strerror(err))
		l.status = 2
	}
	var entries []entry
	for _, name := range names {
		if name[0] == '.' && !l.all && (!l.almost || name == "." || name == "..") {
			continue
		}
		e := entry{name: name}
		if l.long || l.inode {
			if err := p.Fstatat(fd, name, &e.st, vfs.AT_SYMLINK_NOFOLLOW); err != nil {
				errorf(p, "ls", "cannot access %s: %s", quote(dir+"/"+name), strerror(err))
				l.status = max(l.status, 1)
				continue
			}
			if l.long && e.st.Mode&vfs.S_IFMT == vfs.S_IFLNK {
				e.target, e.linkErr = l.readlink(fd, name, dir+"/"+name)
			}
		}
		entries = append(entries, e)
	}
	sortEntries(entries)
	if l.long {
		var blocks int64
		for _, e := range entries {
			blocks += e.st.Blocks
		}
		printf(p, "total %d\n", (blocks+1)/2)
	}
	l.print(entries)
}

// readDirNames reads every name of the directory open at fd, "." and
// ".." included, from its linux_dirent64 records.
func readDirNames(p *vfs.Process, fd int) ([]string, error) {
	var names []string
	buf := make([]byte, 8<<10)
	for {
		n, err := p.Getdents(fd, buf)
		if err != nil {
			return names, err
		}
		if n == 0 {
			return names, nil
		}
		for b := buf[:n]; len(b) >= 19; {
			reclen := int(binary.LittleEndian.Uint16(b[16:]))
			if reclen < 19 || reclen > len(b) {
				break
			}
			name := b[19:reclen]
			if i := strings.IndexByte(string(name), 0); i >= 0 {
				name = name[:i]
			}
			names = append(names, string(name))
			b = b[reclen:]
		}
	}
}

// readlink returns a symlink's target, or "" if it cannot be read.
func readlink(p *vfs.Process, dirfd int, name string) string {
	buf := make([]byte, 4096)
	n, err := p.Readlinkat(dirfd, name, buf)
	if err != nil {
		return ""
	}
	return string(buf[:n])
}

func sortEntries(es []entry) {
	sort.Slice(es, func(i, j int) bool { return es[i].name < es[j].name })
}

// print writes the entries, the inode numbers and the long format's
// columns as wide as their widest value.
func (l *lister) print(es []entry) {
	var w widths
	for _, e := range es {
		w.add(l, &e)
	}
	var b strings.Builder
	for _, e := range es {
		if l.inode {
			fmt.Fprintf(&b, "%*d ", w.ino, e.st.Ino)
		}
		if !l.long {
			b.WriteString(e.name + "\n")
			continue
		}
		fmt.Fprintf(&b, "%s %*d %-*s %-*s %s %s %s", modeString(e.st.Mode), w.nlink, e.st.Nlink,
			w.user, l.names.user(e.st.Uid), w.group, l.names.group(e.st.Gid),
			w.sizeField(&e.st), l.mtime(&e.st), e.name)
		if e.st.Mode&vfs.S_IFMT == vfs.S_IFLNK && !e.linkErr {
			b.WriteString(" -> " + e.target)
		}
		b.WriteByte('\n')
	}
	writeAll(l.p, 1, []byte(b.String()))
}

// widths are the columns of one long listing (coreutils' gobble_file
// keeps the same maxima).
type widths struct {
	ino, nlink, user, group, size, major, minor int
}

func (w *widths) add(l *lister, e *entry) {
	st := &e.st
	w.ino = max(w.ino, len(strconv.FormatUint(st.Ino, 10)))
	if !l.long {
		return
	}
	w.nlink = max(w.nlink, len(strconv.FormatUint(st.Nlink, 10)))
	w.user = max(w.user, len(l.names.user(st.Uid)))
	w.group = max(w.group, len(l.names.group(st.Gid)))
	if isDevice(st.Mode) {
		w.major = max(w.major, len(strconv.Itoa(int(vfs.Major(st.Rdev)))))
		w.minor = max(w.minor, len(strconv.Itoa(int(vfs.Minor(st.Rdev)))))
		w.size = max(w.size, w.major+2+w.minor)
	} else {
		w.size = max(w.size, len(strconv.FormatInt(st.Size, 10)))
	}
}

// sizeField is the size, or "major, minor" for a device, right-aligned.
func (w *widths) sizeField(st *vfs.Stat_t) string {
	if isDevice(st.Mode) {
		blanks := max(0, w.size-(w.major+2+w.minor))
		return fmt.Sprintf("%*d, %*d", w.major+blanks, vfs.Major(st.Rdev), w.minor, vfs.Minor(st.Rdev))
	}
	return fmt.Sprintf("%*d", w.size, st.Size)
}

// readClock sets now from clock_gettime(CLOCK_REALTIME).
func (l *lister) readClock() {
	var ts vfs.Timespec
	if l.p.ClockGettime(vfs.CLOCK_REALTIME, &ts) == nil {
		l.now = time.Unix(ts.Sec, ts.Nsec)
	}
}

// mtime is ls's date: month, day and time within six months of now,
// else month, day and year. A time after now makes ls read the clock
// again, as coreutils does: /proc's inodes are made while ls lists
// them, after it first read the clock.
func (l *lister) mtime(st *vfs.Stat_t) string {
	t := time.Unix(st.Mtim.Sec, st.Mtim.Nsec)
	if t.After(l.now) {
		l.readClock()
	}
	const halfYear = 31556952 / 2 * time.Second
	if t.After(l.now.Add(-halfYear)) && !t.After(l.now) {
		return t.UTC().Format("Jan _2 15:04")
	}
	return t.UTC().Format("Jan _2  2006")
}
