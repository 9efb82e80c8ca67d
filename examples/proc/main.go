// Command proc tours /proc: it walks /proc/self, lists the open fds with
// their link targets, deletes an open file and reads it back through
// /proc/self/fd/N, and gives an O_TMPFILE a name with linkat. (Reading
// and writing a sysctl joins the tour when /proc/sys lands.)
package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	k, err := govfs.Boot()
	if err != nil {
		return err
	}
	defer k.Shutdown()
	p := k.Init()
	say := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	link := func(path string) string {
		buf := make([]byte, 256)
		n, err := p.Readlink(path, buf)
		if err != nil {
			return err.Error()
		}
		return string(buf[:n])
	}
	fdPath := func(fd int) string { return "/proc/self/fd/" + strconv.Itoa(fd) }

	// 1. /proc/self is a symlink whose target depends on who reads it.
	say("/proc/self -> %s", link("/proc/self"))
	entries, err := fs.ReadDir(p.FS(), "proc/self")
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	say("/proc/self holds: %s", strings.Join(names, " "))
	status, err := p.ReadFile("/proc/self/status")
	if err != nil {
		return err
	}
	say("the first lines of status:\n%s", strings.Join(strings.SplitN(string(status), "\n", 4)[:3], "\n"))

	// 2. The open fds, as `ls -l /proc/self/fd` shows them.
	fds := make([]int, 2)
	if err := p.Pipe(fds); err != nil {
		return err
	}
	if err := p.WriteFile("/tmp/diary", []byte("dear diary\n"), 0o644); err != nil {
		return err
	}
	fd, err := p.Open("/tmp/diary", vfs.O_RDONLY, 0)
	if err != nil {
		return err
	}
	for _, n := range []int{0, fds[0], fds[1], fd} {
		say("fd %d -> %s", n, link(fdPath(n)))
	}

	// 3. Delete the open file: the link says so, and still reaches it.
	if err := p.Unlink("/tmp/diary"); err != nil {
		return err
	}
	back, err := p.ReadFile(fdPath(fd))
	if err != nil {
		return err
	}
	say("after unlink fd %d -> %s, and reading it gives %q", fd, link(fdPath(fd)), back)

	// 4. linkat cannot name a file whose last link is gone (ENOENT, as
	// on Linux) ...
	err = p.Linkat(vfs.AT_FDCWD, fdPath(fd), vfs.AT_FDCWD, "/tmp/diary", vfs.AT_SYMLINK_FOLLOW)
	say("linkat of the deleted file: %v", err)

	// ... but it can give an O_TMPFILE, born without a name, a
	// permanent one.
	tmp, err := p.Open("/tmp", vfs.O_TMPFILE|vfs.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	if _, err := p.Write(tmp, []byte("made in the dark\n")); err != nil {
		return err
	}
	say("the O_TMPFILE is fd %d -> %s", tmp, link(fdPath(tmp)))
	if err := p.Linkat(vfs.AT_FDCWD, fdPath(tmp), vfs.AT_FDCWD, "/tmp/kept", vfs.AT_SYMLINK_FOLLOW); err != nil {
		return err
	}
	kept, err := p.ReadFile("/tmp/kept")
	if err != nil {
		return err
	}
	say("linkat gave it the name /tmp/kept, which reads %q", kept)
	return nil
}
