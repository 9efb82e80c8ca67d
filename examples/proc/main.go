// Command proc tours /proc: it walks /proc/self, lists the open fds with
// their link targets, deletes an open file and reads it back through
// /proc/self/fd/N, gives an O_TMPFILE a name with linkat, and changes a
// sysctl in /proc/sys to show the kernel enforcing the new limit.
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
	return sysctl(p, say)
}

// sysctl is step 5: /proc/sys replaces sysctl(2). A user may not grow a
// pipe past fs.pipe-max-size; once root writes a larger value there,
// the same fcntl succeeds, with nothing restarted.
func sysctl(p *vfs.Process, say func(string, ...any)) error {
	const knob = "/proc/sys/fs/pipe-max-size"
	max, err := p.ReadFile(knob)
	if err != nil {
		return err
	}
	say("%s reads %q", knob, max)
	u, err := p.Fork()
	if err != nil {
		return err
	}
	defer func() { u.Exit(0); p.Wait(u.Pid()) }()
	if err := u.Setuid(1000); err != nil {
		return err
	}
	fds := make([]int, 2)
	if err := u.Pipe(fds); err != nil {
		return err
	}
	grow := func() error { _, err := u.FcntlInt(uintptr(fds[1]), vfs.F_SETPIPE_SZ, 2<<20); return err }
	say("uid 1000 asks for a 2 MiB pipe: %v", grow())
	say("uid 1000 writes the sysctl: %v", u.WriteFile(knob, []byte("4194304\n"), 0))
	if err := p.WriteFile(knob, []byte("4194304\n"), 0); err != nil {
		return err
	}
	say("root wrote 4194304 to %s; uid 1000 asks again: %v", knob, grow())
	return nil
}
