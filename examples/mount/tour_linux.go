package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/fusefs"
	"github.com/govfs/govfs/vfs"
)

// run narrates to out. Not being able to mount is not an error: the
// example says why and returns nil.
func run(out io.Writer) error {
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }

	say("== boot ==")
	k, err := govfs.Boot()
	if err != nil {
		return err
	}
	defer k.Shutdown()
	p := k.Init()
	say("govfs.Boot: tmpfs at /, devtmpfs at /dev, proc at /proc; init is pid %d.", p.Pid())

	say("\n== mount init's view on a host directory ==")
	dir, err := os.MkdirTemp("", "govfs-mount")
	if err != nil {
		return err
	}
	defer os.Remove(dir)
	srv, err := fusefs.Mount(p, dir, nil)
	if err != nil {
		say("cannot mount here, so the tour ends: %v", err)
		return nil
	}
	defer srv.Unmount()
	say("fusefs.Mount(init, %q): the host kernel now sends every system call on", dir)
	say("that directory to this program as FUSE requests, and fusefs answers each one")
	say("with the govfs system call of the same meaning.")

	var trace syncBuffer
	k.Trace(&trace)
	host := func(script string) (string, error) {
		trace.Reset()
		// The shell changes directory itself: this process serves the
		// mount, and a chdir between its fork and exec would wait on it.
		cmd := exec.Command("sh", "-c", `cd "$1" && eval "$2"`, "sh", dir, script)
		b, err := cmd.CombinedOutput()
		return string(b), err
	}

	say("\n== $ ls -l mnt/proc/1/fd ==")
	o, err := host("ls -l proc/1/fd")
	if err != nil {
		return fmt.Errorf("ls: %v: %s", err, o)
	}
	say("%s", indent(o))
	say("ls is a host program: its lstat became LOOKUP, its getdents READDIR, its")
	say("readlink READLINK; govfs answered from init's fd table (fds 0-2 on /dev/console).")
	say("In govfs, the requests ran as system calls of a process made for the caller:")
	say("%s", indent(pick(trace.String(), 4, "getdents64", "readlinkat")))

	say("\n== $ cat mnt/proc/self/status ==")
	o, err = host("cat proc/self/status")
	if err != nil {
		return fmt.Errorf("cat: %v: %s", err, o)
	}
	say("%s", indent(pick(o, 0, "Name:", "Pid:", "PPid:", "Uid:", "Gid:", "Groups:")))
	say("\"self\" is the govfs process that ran cat's requests: forked from init (PPid 1),")
	say("with the host caller's uid %d, gid %d and groups. govfs, not the host kernel,", os.Geteuid(), os.Getegid())
	say("checks every permission: the mount has no default_permissions.")

	say("\n== $ sh -c 'echo hi > mnt/tmp/f' ==")
	if o, err = host("echo hi > tmp/f"); err != nil {
		return fmt.Errorf("echo: %v: %s", err, o)
	}
	say("the shell's open(O_CREAT) became CREATE, its write(2) a WRITE; in govfs:")
	say("%s", indent(pick(trace.String(), 0, `"/tmp/f"`, "pwrite64")))
	b, err := p.ReadFile("/tmp/f")
	if err != nil {
		return err
	}
	var st vfs.Stat_t
	if err := p.Stat("/tmp/f", &st); err != nil {
		return err
	}
	say("and init, inside govfs, reads it back: %q, owner uid %d, mode %o.", b, st.Uid, st.Mode&0o7777)
	k.Trace(nil)

	say("\n== unmount ==")
	if err := srv.Unmount(); err != nil {
		return err
	}
	say("srv.Unmount(): the host directory is empty again; the caller's govfs process")
	say("exited, closing its fds; /tmp/f stays in govfs.")
	return nil
}
