// Command inetd is the super-server, narrated: one process listens on
// unix sockets, forks a child per connection, and the child puts the
// connection on its fds 0 and 1 and execs a program that only reads
// stdin and writes stdout. The program never learns that it talks to a
// socket: read(2) and write(2) on fd 0 and 1 are the same system calls
// as on a file, and sockfs is what turns them into socket work. One
// service runs a handler written for this example (upper), the other
// runs /bin/cat unchanged, which makes an echo service.
//
//	go run ./examples/inetd
//	go run ./examples/inetd -trace   # every system call on stderr
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func main() { os.Exit(cli(os.Args[1:], os.Stdout, os.Stderr)) }

// cli parses the flags and runs the tour; it returns the exit status.
func cli(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("inetd", flag.ContinueOnError)
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
		fmt.Fprintln(stderr, "inetd:", err)
		return 1
	}
	return 0
}

// upper is the example's handler: it copies stdin to stdout in capital
// letters until end of file. It knows nothing but fds 0 and 1.
func upper(p *vfs.Process, _, _ []string) int {
	buf := make([]byte, 512)
	for {
		n, err := p.Read(0, buf)
		if err != nil {
			return 1
		}
		if n == 0 {
			return 0
		}
		if _, err := p.Write(1, bytes.ToUpper(buf[:n])); err != nil {
			return 1
		}
	}
}

// services is inetd.conf: a socket path and the program that serves it.
var services = []struct{ path, program string }{
	{"/tmp/upper.sock", "/bin/upper"},
	{"/tmp/echo.sock", "/bin/cat"},
}

// tour carries what the steps share.
type tour struct {
	say       func(string, ...any)
	k         *vfs.Kernel
	init      *vfs.Process
	inetd     *vfs.Process
	listeners []int // inetd's fds, one per service
}

func run(out, trace io.Writer) error {
	k, err := govfs.Boot()
	if err != nil {
		return err
	}
	defer k.Shutdown()
	if trace != nil {
		k.Trace(trace)
	}
	t := &tour{say: func(f string, a ...any) { fmt.Fprintf(out, f+"\n", a...) }, k: k, init: k.Init()}
	for _, step := range []func() error{
		t.install, t.listen,
		func() error { return t.connection("/tmp/upper.sock", "hello, inetd\n") },
		func() error { return t.connection("/tmp/echo.sock", "cat never knew\n") },
		t.stop,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// install registers the handler and writes its executable.
func (t *tour) install() error {
	t.say("== a program is a Go function, an executable is a file ==")
	if err := t.k.RegisterProgram("upper", upper); err != nil {
		return err
	}
	if err := t.k.Install("/bin/upper", "upper"); err != nil {
		return err
	}
	line, err := t.init.ReadFile("/bin/upper")
	if err != nil {
		return err
	}
	t.say("k.RegisterProgram(\"upper\", upper) put the function in the kernel's table of programs,")
	t.say("the way Linux registers a binfmt handler; k.Install wrote /bin/upper, mode 0755: %q.", line)
	t.say("Boot did the same for /bin/cat, /bin/echo, /bin/true and /bin/false.")
	return nil
}

// listen makes inetd and its listening sockets.
func (t *tour) listen() error {
	t.say("\n== inetd: socket, bind, listen ==")
	inetd, err := t.init.Fork()
	if err != nil {
		return err
	}
	t.inetd = inetd
	for _, svc := range services {
		fd, err := inetd.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
		if err != nil {
			return fmt.Errorf("socket: %w", err)
		}
		if err := inetd.Bind(fd, &vfs.SockaddrUnix{Name: svc.path}); err != nil {
			return fmt.Errorf("bind %s: %w", svc.path, err)
		}
		if err := inetd.Listen(fd, 8); err != nil {
			return fmt.Errorf("listen: %w", err)
		}
		var st vfs.Stat_t
		if err := inetd.Stat(svc.path, &st); err != nil {
			return err
		}
		t.say("inetd (pid %d): fd %d = socket(AF_UNIX, SOCK_STREAM), bound to %s, listening for %s.",
			inetd.Pid(), fd, svc.path, svc.program)
		t.say("  bind made %s an S_IFSOCK inode in tmpfs (mode %o): the name clients connect to.", svc.path, st.Mode)
		t.listeners = append(t.listeners, fd)
	}
	t.say("The sockets themselves are sockfs inodes with no path, like pipes in pipefs.")
	return nil
}

// connection is one client's visit: connect, inetd's turn of its loop
// (poll, accept, fork, exec), a line written and read back, close.
func (t *tour) connection(path, line string) error {
	t.say("\n== a client connects to %s ==", path)
	client, err := t.init.Fork()
	if err != nil {
		return err
	}
	cfd, err := client.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	if err := client.Connect(cfd, &vfs.SockaddrUnix{Name: path}); err != nil {
		return fmt.Errorf("connect %s: %w", path, err)
	}
	t.say("client (pid %d): connect(fd %d, %s) returned at once; the connection waits in the", client.Pid(), cfd, path)
	t.say("listener's backlog until inetd accepts it.")

	handler, execDone, err := t.acceptAndSpawn()
	if err != nil {
		return err
	}

	if _, err := client.Write(cfd, []byte(line)); err != nil {
		return err
	}
	reply := make([]byte, 0, len(line))
	buf := make([]byte, 64)
	for len(reply) < len(line) {
		n, err := client.Read(cfd, buf)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("the handler closed the connection after %q", reply)
		}
		reply = append(reply, buf[:n]...)
	}
	t.say("client: wrote %q, read back %q.", line, reply)
	t.say("  The handler's read(0) and write(1) went fd table -> File -> sockfs, as a file's go to tmpfs.")

	if err := client.Close(cfd); err != nil {
		return err
	}
	status, err := t.inetd.Wait(handler.Pid())
	if err != nil {
		return err
	}
	if err := <-execDone; err != nil {
		return fmt.Errorf("exec: %w", err)
	}
	t.say("client closed its socket: the handler's read(0) returned 0 (end of file), the program")
	t.say("returned, and inetd's wait(%d) got exit status %d.", handler.Pid(), status>>8)
	client.Exit(0)
	_, err = t.init.Wait(client.Pid())
	return err
}

// acceptAndSpawn is one turn of inetd's loop: poll the listeners,
// accept on the ready one, fork, and in the child dup2 the connection
// onto 0 and 1, close the rest and exec the service's program.
func (t *tour) acceptAndSpawn() (*vfs.Process, <-chan error, error) {
	inetd := t.inetd
	pfds := make([]vfs.PollFd, len(t.listeners))
	for i, fd := range t.listeners {
		pfds[i] = vfs.PollFd{Fd: int32(fd), Events: vfs.POLLIN}
	}
	if _, err := inetd.Poll(pfds, -1); err != nil {
		return nil, nil, fmt.Errorf("poll: %w", err)
	}
	ready := -1
	for i, pfd := range pfds {
		if pfd.Revents&vfs.POLLIN != 0 {
			ready = i
			break
		}
	}
	if ready < 0 {
		return nil, nil, fmt.Errorf("poll returned no ready listener")
	}
	svc := services[ready]
	t.say("inetd: poll() on its %d listeners: fd %d is POLLIN (a connection is waiting).", len(pfds), t.listeners[ready])
	conn, _, err := inetd.Accept(t.listeners[ready])
	if err != nil {
		return nil, nil, fmt.Errorf("accept: %w", err)
	}
	f, err := inetd.Fget(conn)
	if err != nil {
		return nil, nil, err
	}
	name := inetd.PathOf(f)
	f.DecRef()
	t.say("inetd: accept() = fd %d, a new socket File; /proc/%d/fd/%d would read %q.", conn, inetd.Pid(), conn, name)

	child, err := inetd.Fork()
	if err != nil {
		return nil, nil, err
	}
	t.say("inetd: fork() = %d; the child has inetd's fd table: the listeners and fd %d.", child.Pid(), conn)
	// The listeners first: this inetd has no console, so they may hold
	// fds 0 and 1, which the dup2s are about to take.
	for _, fd := range t.listeners {
		if err := child.Close(fd); err != nil {
			return nil, nil, err
		}
	}
	for _, fd := range []int{0, 1} {
		if err := child.Dup2(conn, fd); err != nil {
			return nil, nil, err
		}
	}
	if conn > 1 {
		if err := child.Close(conn); err != nil {
			return nil, nil, err
		}
	}
	t.say("child %d: close of the listeners %v (SOCK_CLOEXEC would have closed them at exec), then", child.Pid(), t.listeners)
	t.say("  dup2(%d, 0), dup2(%d, 1), close(%d): fds 0 and 1 are now one socket File.", conn, conn, conn)
	if err := inetd.Close(conn); err != nil {
		return nil, nil, err
	}
	t.say("inetd: close(%d); the connection lives on in the child only.", conn)

	execDone := make(chan error, 1)
	go func() {
		// The child's own thread of control: Exec runs the program
		// here and returns once it has returned and the child exited.
		err := child.Exec(svc.program, []string{svc.program}, nil)
		if err != nil {
			child.Exit(127) // as a shell's child does when exec fails
		}
		execDone <- err
	}()
	t.say("child %d: execve(%q): exec permission checked, the first line read and its program found;", child.Pid(), svc.program)
	t.say("  the program runs with the socket as its stdin and stdout.")
	return child, execDone, nil
}

// stop ends inetd and removes the socket names it bound.
func (t *tour) stop() error {
	t.say("\n== inetd exits ==")
	t.inetd.Exit(0)
	if _, err := t.init.Wait(t.inetd.Pid()); err != nil {
		return err
	}
	for _, svc := range services {
		if err := t.init.Unlink(svc.path); err != nil {
			return err
		}
	}
	t.say("inetd's exit closed its listeners. The names stayed in /tmp until unlinked, as on Linux,")
	t.say("where a server removes its socket file before it binds again.")
	return nil
}
