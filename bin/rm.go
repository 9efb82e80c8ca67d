package bin

import (
	"strings"

	"github.com/govfs/govfs/vfs"
)

// Rm removes names (unlink(2)); a directory needs -r, which empties it
// first through its fd (openat, getdents, unlinkat relative to it, so
// a rename above does not redirect the removal), or -d for an empty
// one. Options: -r/-R/--recursive, -f/--force (no message and no
// failure for a missing name, and no operand is fine), -d/--dir,
// -v/--verbose. Messages are coreutils': "rm: cannot remove 'd': Is a
// directory", "rm: refusing to remove '.' or '..' directory: skipping
// '..'"; status 1 if anything was not removed.
func Rm(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "rm", spec: "rRfdv", long: map[string]byte{
		"recursive": 'r', "force": 'f', "dir": 'd', "verbose": 'v'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	r := &remover{p: p, recursive: o.has('r') || o.has('R'), force: o.has('f'), dirs: o.has('d'), verbose: o.has('v')}
	if len(operands) == 0 {
		if r.force {
			return 0
		}
		missingOperand(p, "rm")
		return 1
	}
	for _, name := range operands {
		if base := lastElem(name); base == "." || base == ".." {
			errorf(p, "rm", "refusing to remove '.' or '..' directory: skipping %s", quote(name))
			r.status = 1
			continue
		}
		r.remove(vfs.AT_FDCWD, name, name)
	}
	return r.status
}

type remover struct {
	p                               *vfs.Process
	recursive, force, dirs, verbose bool
	status                          int
}

// remove removes name in dirfd; shown is the name as the user spells
// it, for messages. It reports whether name is gone: a directory whose
// entries were not all removed is left without a word, as coreutils
// does.
func (r *remover) remove(dirfd int, name, shown string) bool {
	p := r.p
	var st vfs.Stat_t
	if err := p.Fstatat(dirfd, name, &st, vfs.AT_SYMLINK_NOFOLLOW); err != nil {
		return r.fail(shown, err)
	}
	if st.Mode&vfs.S_IFMT != vfs.S_IFDIR {
		return r.done(shown, p.Unlinkat(dirfd, name, 0), "removed %s")
	}
	if !r.recursive {
		if !r.dirs {
			return r.fail(shown, vfs.EISDIR)
		}
		return r.done(shown, p.Unlinkat(dirfd, name, vfs.AT_REMOVEDIR), "removed directory %s")
	}
	fd, err := p.Openat(dirfd, name, vfs.O_RDONLY|vfs.O_DIRECTORY|vfs.O_NOFOLLOW|vfs.O_CLOEXEC, 0)
	if err != nil {
		// An unreadable directory may still be empty: try rmdir.
		return r.done(shown, p.Unlinkat(dirfd, name, vfs.AT_REMOVEDIR), "removed directory %s")
	}
	names, err := readDirNames(p, fd)
	empty := err == nil || r.fail(shown, err)
	for _, n := range names {
		if n != "." && n != ".." && !r.remove(fd, n, shown+"/"+n) {
			empty = false
		}
	}
	p.Close(fd)
	if !empty {
		return false
	}
	return r.done(shown, p.Unlinkat(dirfd, name, vfs.AT_REMOVEDIR), "removed directory %s")
}

func (r *remover) done(shown string, err error, verbose string) bool {
	if err != nil {
		return r.fail(shown, err)
	}
	if r.verbose {
		printf(r.p, verbose+"\n", quote(shown))
	}
	return true
}

// fail reports err, unless -f hides a missing name; it reports whether
// the name is gone (it is, if it was missing).
func (r *remover) fail(shown string, err error) bool {
	if err == vfs.ENOENT && r.force {
		return true
	}
	errorf(r.p, "rm", "cannot remove %s: %s", quote(shown), strerror(err))
	r.status = 1
	return err == vfs.ENOENT
}

// lastElem is the last element of a path, ignoring trailing slashes:
// lastElem("a/b/") = "b".
func lastElem(name string) string {
	for len(name) > 1 && name[len(name)-1] == '/' {
		name = name[:len(name)-1]
	}
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' && i != len(name)-1 {
			return name[i+1:]
		}
	}
	return name
}

// Rmdir removes empty directories (rmdir(2)). Options: -p (then each
// parent named in the operand, "a/b/c" then "a/b" then "a"), -v.
// "rmdir: failed to remove 'd': Directory not empty", status 1.
func Rmdir(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "rmdir", spec: "pv", long: map[string]byte{
		"parents": 'p', "verbose": 'v'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	if len(operands) == 0 {
		missingOperand(p, "rmdir")
		return 1
	}
	status := 0
	for _, name := range operands {
		for {
			if o.has('v') {
				printf(p, "rmdir: removing directory, %s\n", quote(name))
			}
			if err := p.Rmdir(name); err != nil {
				errorf(p, "rmdir", "failed to remove %s: %s", quote(name), strerror(err))
				status = 1
				break
			}
			parent := strings.TrimRight(name, "/")
			i := strings.LastIndexByte(parent, '/')
			if !o.has('p') || i <= 0 {
				break
			}
			name = strings.TrimRight(parent[:i], "/")
		}
	}
	return status
}
