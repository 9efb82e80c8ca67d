// Command dirfd tells the story of the *at() system calls: openat,
// fstatat, unlinkat and the rest take a directory fd and a name, not a
// whole path. Two reasons, each shown with the kernel's tracer:
//
//  1. Fewer lookups. A program that walks a tree by full paths makes
//     the kernel walk every directory on the way again, for every
//     file. With an fd on each directory, each name is one lookup.
//     The walk-level trace (TraceWalk) is counted to show it.
//  2. No race. "Check, then open" by path looks the path up twice, and
//     a rename between the two lookups sends the open somewhere else.
//     An fd on the directory names the directory itself, not the path
//     to it: the rename cannot move the open.
//
// With -trace the walk-level trace of every call goes to stderr.
//
//	go run ./examples/dirfd
//	go run ./examples/dirfd -trace
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func main() { os.Exit(cli(os.Args[1:], os.Stdout, os.Stderr)) }

// cli parses the flags and tells the story; it returns the exit status.
func cli(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("dirfd", flag.ContinueOnError)
	fl.SetOutput(stderr)
	trace := fl.Bool("trace", false, "write each system call and its path walk to stderr")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	var tw io.Writer
	if *trace {
		tw = stderr
	}
	if err := run(stdout, tw); err != nil {
		fmt.Fprintln(stderr, "dirfd:", err)
		return 1
	}
	return 0
}

// story holds what both halves share: the kernel, init, the narration
// and the -trace writer.
type story struct {
	k     *vfs.Kernel
	p     *vfs.Process // init, root
	user  *vfs.Process // uid 1000, who walks the tree
	out   io.Writer
	trace io.Writer // nil without -trace
}

func (s *story) say(format string, args ...any) { fmt.Fprintf(s.out, format+"\n", args...) }

// traceTo sends the walk-level trace to w and to the -trace writer.
func (s *story) traceTo(w io.Writer) {
	ws := []io.Writer{}
	for _, x := range []io.Writer{w, s.trace} {
		if x != nil {
			ws = append(ws, x)
		}
	}
	if len(ws) == 0 {
		s.k.TraceWith(nil, vfs.TraceOptions{})
		return
	}
	s.k.TraceWith(io.MultiWriter(ws...), vfs.TraceOptions{Level: vfs.TraceWalk})
}

// traceUser is traceTo for the calls of the user's process alone.
func (s *story) traceUser(w io.Writer) {
	s.k.TraceWith(w, vfs.TraceOptions{Level: vfs.TraceWalk, PID: s.user.Pid()})
	if s.trace != nil {
		s.k.TraceWith(io.MultiWriter(w, s.trace), vfs.TraceOptions{Level: vfs.TraceWalk, PID: s.user.Pid()})
	}
}

// run tells the story to out; a non-nil trace receives the trace.
func run(out, trace io.Writer) error {
	k, err := govfs.Boot()
	if err != nil {
		return err
	}
	defer k.Shutdown()
	s := &story{k: k, p: k.Init(), out: out, trace: trace}
	defer k.TraceWith(nil, vfs.TraceOptions{})
	if s.user, err = s.p.Fork(); err != nil {
		return err
	}
	defer s.user.Exit(0)
	if err := s.user.Setuid(1000); err != nil {
		return err
	}
	if err := s.lookups(); err != nil {
		return err
	}
	return s.race()
}

// lookupCounter counts the names the path walk looked up in the traced
// calls it is written: a dentry cache hit, a miss that asked the
// backend, or govfs's walk cache answering a whole path at once.
type lookupCounter struct{ n int }

func (c *lookupCounter) Write(b []byte) (int, error) {
	c.n += bytes.Count(b, []byte(`": dcache `)) + bytes.Count(b, []byte("walk cache hit"))
	return len(b), nil
}

// The tree: /srv/tree/{a,b,c}/{x,y}/{f1,f2,f3}.
var (
	tops  = []string{"a", "b", "c"}
	mids  = []string{"x", "y"}
	files = []string{"f1", "f2", "f3"}
)

func (s *story) lookups() error {
	p := s.p
	s.say("== 1. walking a tree: by full paths, then by directory fds ==")
	for _, a := range tops {
		for _, b := range mids {
			dir := "/srv/tree/" + a + "/" + b
			if err := mkdirAll(p, dir); err != nil {
				return err
			}
			for _, f := range files {
				fd, err := p.Open(dir+"/"+f, vfs.O_CREAT|vfs.O_WRONLY, 0o644)
				if err != nil {
					return err
				}
				p.Close(fd)
			}
		}
	}
	user := s.user
	p = user
	s.say("/srv/tree has 3 directories of 2 directories of 3 files: 18 files, 9 directories.")
	s.say("uid 1000 (pid %d) walks it twice, listing each directory with getdents64 and", user.Pid())
	s.say("lstat'ing every entry, as find(1) does; each name the path walk looks up")
	s.say("writes one \"dcache hit\" (or miss) line to a trace that counts them.")

	var byPath lookupCounter
	s.traceUser(&byPath)
	n, err := walkByPath(p, "/srv/tree")
	s.traceTo(nil)
	if err != nil {
		return err
	}
	s.say("\nBy full paths: open(\"/srv/tree/a/x\"), lstat(\"/srv/tree/a/x/f1\"), ...")
	s.say("  %d files found, %d names looked up: every call looks up srv, tree, a, x again.", n, byPath.n)

	var byFD lookupCounter
	s.traceUser(&byFD)
	root, err := p.Open("/srv/tree", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	if err != nil {
		return err
	}
	n, err = walkByFD(p, root)
	p.Close(root)
	s.traceTo(nil)
	if err != nil {
		return err
	}
	s.say("\nBy directory fds: fd = open(\"/srv/tree\"), fstatat(fd, \"a\"), openat(fd, \"a\"), ...")
	s.say("  %d files found, %d names looked up: one per entry (27) and per directory opened (9),", n, byFD.n)
	s.say("  and the two of \"/srv/tree\" itself.")

	s.say("\nThe last file of each walker, as the walk-level trace (TraceWalk) shows it:")
	var st vfs.Stat_t
	var full, one bytes.Buffer
	s.traceUser(&full)
	p.Lstat("/srv/tree/c/y/f3", &st)
	s.traceTo(nil)
	dirfd, err := p.Open("/srv/tree/c/y", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	if err != nil {
		return err
	}
	s.traceUser(&one)
	p.Fstatat(dirfd, "f3", &st, vfs.AT_SYMLINK_NOFOLLOW)
	s.traceTo(nil)
	p.Close(dirfd)
	s.say("%s%s", indent(full.String()), indent(one.String()))
	s.say("A dentry lookup is cheap, but the full path pays it once per directory on")
	s.say("the way, for every file: deep trees and long paths multiply it.")
	return nil
}

// walkByPath lists dir and lstats each entry by its full path,
// descending into directories; it returns how many files it found.
func walkByPath(p *vfs.Process, dir string) (int, error) {
	fd, err := p.Open(dir, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	if err != nil {
		return 0, err
	}
	names, err := readNames(p, fd)
	p.Close(fd)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, name := range names {
		path := dir + "/" + name
		var st vfs.Stat_t
		if err := p.Lstat(path, &st); err != nil {
			return n, err
		}
		if st.Mode&vfs.S_IFMT != vfs.S_IFDIR {
			n++
			continue
		}
		m, err := walkByPath(p, path)
		if n += m; err != nil {
			return n, err
		}
	}
	return n, nil
}

// walkByFD is walkByPath with a directory fd: each entry is looked up
// by its name relative to the fd of its directory.
func walkByFD(p *vfs.Process, dirfd int) (int, error) {
	names, err := readNames(p, dirfd)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, name := range names {
		var st vfs.Stat_t
		if err := p.Fstatat(dirfd, name, &st, vfs.AT_SYMLINK_NOFOLLOW); err != nil {
			return n, err
		}
		if st.Mode&vfs.S_IFMT != vfs.S_IFDIR {
			n++
			continue
		}
		sub, err := p.Openat(dirfd, name, vfs.O_RDONLY|vfs.O_DIRECTORY|vfs.O_NOFOLLOW, 0)
		if err != nil {
			return n, err
		}
		m, err := walkByFD(p, sub)
		p.Close(sub)
		if n += m; err != nil {
			return n, err
		}
	}
	return n, nil
}

// readNames reads a directory's names with getdents64.
func readNames(p *vfs.Process, fd int) ([]string, error) {
	var names []string
	buf := make([]byte, 4096)
	for {
		n, err := p.Getdents(fd, buf)
		if err != nil || n == 0 {
			return names, err
		}
		_, _, names = vfs.ParseDirent(buf[:n], -1, names)
	}
}

func mkdirAll(p *vfs.Process, dir string) error {
	for i := 1; i <= len(dir); i++ {
		if i == len(dir) || dir[i] == '/' {
			if err := p.Mkdir(dir[:i], 0o755); err != nil && err != vfs.EEXIST {
				return err
			}
		}
	}
	return nil
}

func indent(s string) string {
	if s == "" {
		return ""
	}
	return "    " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n    ") + "\n"
}
