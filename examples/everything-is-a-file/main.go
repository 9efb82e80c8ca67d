// Command everything-is-a-file makes the same two system calls,
// write(fd, "hello\n") and read(fd, buf), on three kinds of fd — a
// regular file, a pipe and a socket — with the kernel's tracer on. The
// trace lines are identical in shape: the process cannot tell the fds
// apart. Between them the narration says which backend each fd's File
// leads to: the fd table gives a File, the File's operations belong to
// tmpfs, pipefs or sockfs, and that is where the call lands.
//
//	go run ./examples/everything-is-a-file
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "everything-is-a-file:", err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	k, err := govfs.Boot()
	if err != nil {
		return err
	}
	defer k.Shutdown()
	p := k.Init()
	say("Lines starting [1] are the kernel's trace of process 1 (k.Trace), strace style.")
	k.Trace(out)
	defer k.Trace(nil)

	say("\n== a regular file ==")
	fd, err := p.Open("/tmp/file", vfs.O_CREAT|vfs.O_RDWR|vfs.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	say(describe(p, fd))
	if err := writeRead(p, fd, fd, func() { p.Seek(fd, 0, vfs.SEEK_SET) }); err != nil {
		return err
	}
	say("tmpfs's file operations copied the bytes into the inode's pages at the")
	say("File's offset, and back out once lseek had moved the offset to 0.")

	say("\n== a pipe ==")
	fds := make([]int, 2)
	if err := p.Pipe(fds); err != nil {
		return err
	}
	say(describe(p, fds[0]))
	if err := writeRead(p, fds[1], fds[0], nil); err != nil {
		return err
	}
	say("pipefs's write put the bytes in the pipe's ring; its read took them out.")
	say("No offset: a pipe is a stream, and the bytes are gone once read.")

	say("\n== a socket ==")
	sv, err := p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	say(describe(p, sv[0]))
	if err := writeRead(p, sv[0], sv[1], nil); err != nil {
		return err
	}
	say("sockfs's write is sendmsg without flags: the bytes went to the peer")
	say("socket's receive queue, and read, a recvmsg without flags, took them.")

	k.Trace(nil)
	say("\nThree backends, one system call each way: the fd table found a File,")
	say("the File named its operations, and the call ran there.")
	for _, f := range []int{fd, fds[0], fds[1], sv[0], sv[1]} {
		p.Close(f)
	}
	return nil
}

// writeRead writes "hello\n" to w, runs between (if any), and reads from r.
func writeRead(p *vfs.Process, w, r int, between func()) error {
	if _, err := p.Write(w, []byte("hello\n")); err != nil {
		return err
	}
	if between != nil {
		between()
	}
	buf := make([]byte, 64)
	_, err := p.Read(r, buf)
	return err
}

// describe says where fd leads: its File's filesystem, name and type.
func describe(p *vfs.Process, fd int) string {
	f, err := p.Fget(fd)
	if err != nil {
		return err.Error()
	}
	defer f.DecRef()
	in := f.Inode()
	kind := map[uint32]string{vfs.S_IFREG: "S_IFREG", vfs.S_IFIFO: "S_IFIFO", vfs.S_IFSOCK: "S_IFSOCK"}[in.Mode()&vfs.S_IFMT]
	return fmt.Sprintf("fd %d → File %q, inode %d (%s) of %s: calls on fd %d go to %s's file operations.",
		fd, f.Name(), in.Ino(), kind, in.SuperBlock().Type().Name(), fd, in.SuperBlock().Type().Name())
}
