// Command hello is a narrated walk through govfs: it boots a kernel,
// then opens, writes, reads, stats and lists a file, and says at each
// step which layer did what — the same layers Linux crosses. With -trace
// it also writes each system call to stderr, strace style.
//
//	go run ./examples/hello
//	go run ./examples/hello -trace
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func main() { os.Exit(cli(os.Args[1:], os.Stdout, os.Stderr)) }

// cli parses the flags and runs the walk; it returns the exit status.
func cli(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("hello", flag.ContinueOnError)
	fl.SetOutput(stderr)
	trace := fl.Bool("trace", false, "write each system call to stderr, strace style")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	var tw io.Writer
	if *trace {
		tw = stderr
	}
	if err := run(stdout, tw); err != nil {
		fmt.Fprintln(stderr, "hello:", err)
		return 1
	}
	return 0
}

// run narrates to out; a non-nil trace receives k.Trace's lines.
func run(out, trace io.Writer) error {
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }

	say("== boot ==")
	k, err := govfs.Boot()
	if err != nil {
		return err
	}
	defer k.Shutdown()
	if trace != nil {
		k.Trace(trace)
	}
	p := k.Init()
	say("govfs.Boot registered %v, mounted tmpfs at / and made /tmp /home /etc /bin,", k.FileSystems())
	say("and mounted devtmpfs at /dev.")
	say("k.Init() is process %d: uid %d, cwd /, umask %03o, fds 0, 1, 2 open on /dev/console,", p.Pid(), p.Getuid(), p.Umask(0o022))
	say("so its first open returns fd 3.")

	say("\n== open(\"/tmp/hello.txt\", O_CREAT|O_RDWR, 0644) ==")
	fd, err := p.Open("/tmp/hello.txt", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	say("namei walked \"/\" → \"tmp\", checking search permission on each directory;")
	say("\"hello.txt\" was not in the dentry cache, so tmpfs's Create made an inode,")
	say("the VFS hashed a new dentry for it, made a File (offset 0, f_op = tmpfs),")
	say("and the fd table gave it the lowest free number: fd %d.", fd)

	say("\n== write(%d, \"hello, world\\n\") ==", fd)
	msg := []byte("hello, world\n")
	n, err := p.Write(fd, msg)
	if err != nil {
		return err
	}
	say("fdtable[%d] → File → tmpfs Write: %d bytes copied into a 4 KiB page; the", fd, n)
	say("offset moved to %d. write() never knew it was writing to tmpfs.", n)

	say("\n== lseek + read ==")
	if _, err := p.Seek(fd, 0, vfs.SEEK_SET); err != nil {
		return err
	}
	buf := make([]byte, 64)
	n, err = p.Read(fd, buf)
	if err != nil {
		return err
	}
	say("lseek(%d, 0, SEEK_SET) rewound the File's offset; read returned %d bytes: %q", fd, n, buf[:n])

	say("\n== fstat ==")
	var st vfs.Stat_t
	if err := p.Fstat(fd, &st); err != nil {
		return err
	}
	say("the inode says: ino %d, mode %o (S_IFREG|0644 after umask), nlink %d, size %d,", st.Ino, st.Mode, st.Nlink, st.Size)
	say("%d blocks of 512 bytes (one page), dev %d:%d.", st.Blocks, vfs.Major(st.Dev), vfs.Minor(st.Dev))

	say("\n== dup: the fd is not the file ==")
	fd2, err := p.Dup(fd)
	if err != nil {
		return err
	}
	off, _ := p.Seek(fd2, 0, vfs.SEEK_CUR)
	say("dup(%d) = %d: a second fd on the SAME File, so it shares the offset (%d).", fd, fd2, off)
	p.Close(fd2)

	say("\n== getdents64 on /tmp ==")
	dfd, err := p.Open("/tmp", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	if err != nil {
		return err
	}
	dbuf := make([]byte, 4096)
	n, err = p.Getdents(dfd, dbuf)
	if err != nil {
		return err
	}
	say("the directory's File iterated the dentry cache into %d bytes of linux_dirent64:", n)
	for rec := dbuf[:n]; len(rec) > 0; {
		reclen := int(rec[16]) | int(rec[17])<<8
		name := rec[19:reclen]
		for i, c := range name {
			if c == 0 {
				name = name[:i]
				break
			}
		}
		say("  d_type %d  d_reclen %2d  %s", rec[18], reclen, name)
		rec = rec[reclen:]
	}

	say("\n== unlink while open ==")
	if err := p.Unlink("/tmp/hello.txt"); err != nil {
		return err
	}
	n, _ = p.Pread(fd, buf, 0)
	say("unlink dropped the name (nlink 0), but fd %d still holds the File and so the", fd)
	say("inode: pread still reads %q. The data goes when the last fd closes.", buf[:n])
	p.Close(fd)
	p.Close(dfd)
	return nil
}
