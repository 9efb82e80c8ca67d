package govfs_test

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// Boot a system, then use a process the way a program uses Linux.
func Example() {
	k, err := govfs.Boot()
	if err != nil {
		panic(err)
	}
	defer k.Shutdown()
	p := k.Init()

	fd, _ := p.Open("/tmp/hello", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	p.Write(fd, []byte("hello, world\n"))
	p.Seek(fd, 0, vfs.SEEK_SET)
	buf := make([]byte, 64)
	n, _ := p.Read(fd, buf)
	fmt.Printf("%q\n", buf[:n])

	err = p.Rmdir("/tmp")
	fmt.Println(err, errors.Is(err, fs.ErrExist))
	// Output:
	// "hello, world\n"
	// directory not empty true
}

// A pipe between a parent and its child: the child writes and exits, the
// parent reads until end of file.
func Example_pipe() {
	k, _ := govfs.Boot()
	defer k.Shutdown()
	parent := k.Init()

	fds := make([]int, 2)
	parent.Pipe(fds)
	child, _ := parent.Fork()
	go func() {
		child.Close(fds[0])
		child.Write(fds[1], []byte("from the child"))
		child.Exit(0)
	}()
	parent.Close(fds[1])
	buf := make([]byte, 64)
	for {
		n, _ := parent.Read(fds[0], buf)
		if n == 0 {
			break
		}
		fmt.Printf("%s\n", buf[:n])
	}
	status, _ := parent.Wait(child.Pid())
	fmt.Println("child exited with", status>>8)
	// Output:
	// from the child
	// child exited with 0
}
