// Command fdpassing is a narrated tour of passing an open file between
// processes over a unix socket (SCM_RIGHTS). A parent opens a file,
// forks, and sends the fd to its child; the child receives an fd of its
// own that leads to the very same open File — so they share its offset:
// what the child reads moves the parent's position too.
//
//	go run ./examples/fdpassing
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
		fmt.Fprintln(os.Stderr, "fdpassing:", err)
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
	parent := k.Init()

	say("== the parent opens a file and makes a socketpair ==")
	if err := parent.WriteFile("/tmp/letter", []byte("Dear child, this file was opened by your parent.\n"), 0o644); err != nil {
		return err
	}
	// Fds 0-2 are the console, so the file's fd differs from the one
	// the child will receive: the numbers are per table, the File is not.
	fd, err := parent.Open("/tmp/letter", vfs.O_RDONLY, 0)
	if err != nil {
		return err
	}
	sv, err := parent.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	say("open(\"/tmp/letter\") = %d; socketpair(AF_UNIX, SOCK_STREAM) = [%d %d].", fd, sv[0], sv[1])

	child, err := parent.Fork()
	if err != nil {
		return err
	}
	say("fork: child %d has a copy of the fd table. It closes every fd but its end", child.Pid())
	say("of the pair, so the letter can reach it only through the socket.")
	for _, f := range []int{0, 1, 2, fd, sv[0]} {
		child.Close(f)
	}
	parent.Close(sv[1])

	say("\n== the parent sends the fd ==")
	if _, err := parent.SendmsgN(sv[0], []byte("here"), vfs.UnixRights(fd), nil, 0); err != nil {
		return err
	}
	say("sendmsg(%d, \"here\", SCM_RIGHTS [%d]): the core turned fd %d into its File and", sv[0], fd, fd)
	say("put a reference to it in the message, beside the 4 bytes of data.")

	got := make(chan string, 1)
	go func() { got <- childReads(child, sv[1]) }()
	say("\n== the child receives it ==")
	say("%s", <-got)

	say("\n== back in the parent ==")
	pos, err := parent.Seek(fd, 0, vfs.SEEK_CUR)
	if err != nil {
		return err
	}
	buf := make([]byte, 64)
	n, _ := parent.Read(fd, buf)
	say("The parent never read fd %d, yet lseek(%d, 0, SEEK_CUR) = %d: the child's read", fd, fd, pos)
	say("moved the offset of the one open File both fds lead to. The parent reads on")
	say("from there: %q.", buf[:n])
	if status, err := parent.Wait(child.Pid()); err == nil {
		say("The child exited with status %d; its fd was closed with its table, and the", status>>8)
		say("File lives on in the parent's.")
	}
	parent.Close(fd)
	parent.Close(sv[0])
	return nil
}

// childReads receives the fd, reads through it and exits; it returns
// its narration.
func childReads(child *vfs.Process, sock int) string {
	defer child.Exit(0)
	data, oob := make([]byte, 16), make([]byte, vfs.CmsgSpace(4))
	n, oobn, flags, _, err := child.Recvmsg(sock, data, oob, 0)
	if err != nil {
		return "recvmsg: " + err.Error()
	}
	msgs, err := vfs.ParseSocketControlMessage(oob[:oobn])
	if err != nil || len(msgs) != 1 {
		return fmt.Sprintf("control messages: %v", err)
	}
	fds, err := vfs.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) != 1 {
		return fmt.Sprintf("SCM_RIGHTS: %v", err)
	}
	newfd := fds[0]
	buf := make([]byte, 11)
	m, _ := child.Read(newfd, buf)
	var st vfs.Stat_t
	child.Fstat(newfd, &st)
	return fmt.Sprintf("recvmsg(%d) = %d bytes %q, %d bytes of control, flags %d.\n", sock, n, data[:n], oobn, flags) +
		fmt.Sprintf("ParseSocketControlMessage + ParseUnixRights give fd %d: the core installed the\n", newfd) +
		fmt.Sprintf("File in the child's table at its lowest free number. fstat: inode %d, %d bytes.\n", st.Ino, st.Size) +
		fmt.Sprintf("The child reads 11 bytes through fd %d: %q.", newfd, buf[:m])
}
