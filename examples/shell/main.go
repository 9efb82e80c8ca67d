// Command shell boots govfs and runs its /bin/sh (package
// examples/shell/sh) on your terminal, or on a script:
//
//	go run ./examples/shell                      a prompt: "# " (the shell runs as root)
//	go run ./examples/shell < script.sh          runs the script, no prompt, exits with its status
//	go run ./examples/shell -c 'ls -l /proc/self/fd | cat'
//
// Every command you type is a system call story inside govfs: the shell
// forks, the child opens and dup2s its redirections and execs a program
// from /bin, a pipeline is pipe + fork + dup2. `trace on` shows it.
//
// How the host's stdio reaches the shell (pid 2, a child of init):
//
//	a terminal:   host tty ──▶ /dev/console (govfs tty, ECHO off: the host echoes)
//	                           └─ fds 0, 1, 2 of sh, so [ -t 0 ] is true and sh prompts
//
//	a script:     host stdin  ──pump──▶ pipe ──▶ fd 0 of sh
//	              host stdout ◀──pump── pipe ◀── fd 1
//	              host stderr ◀──pump── pipe ◀── fd 2
//
// With a script the shell's fds are govfs pipes, and `ls -l /proc/self/fd`
// shows them as pipe:[N]. The pumps end when every writer in govfs has
// closed its end, so a background job still running keeps the command
// waiting, as `sh -c 'sleep 9 &' | cat` does on Linux.
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/examples/shell/sh"
	"github.com/govfs/govfs/vfs"
)

func main() {
	os.Exit(run(os.Stdin, os.Stdout, os.Stderr, os.Args[1:], isTerminal(os.Stdin)))
}

// isTerminal says whether f is a character device, as a terminal is.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// env is the environment the shell starts with.
var env = []string{"PATH=/bin", "HOME=/"}

// run boots a system, runs "sh ARGS..." in it with the host's stdio
// wired in, and returns the shell's exit status.
func run(stdin io.Reader, stdout, stderr io.Writer, args []string, terminal bool) int {
	var opts []govfs.Option
	if terminal {
		opts = append(opts, govfs.WithConsole(stdin, stdout))
	}
	k, err := govfs.Boot(opts...)
	if err != nil {
		fmt.Fprintln(stderr, "shell:", err)
		return 1
	}
	defer k.Shutdown()
	shOpts := sh.Options{}
	if terminal {
		shOpts.Trace = stderr // live, as the calls happen
	}
	if err := sh.Install(k, "/bin/sh", shOpts); err != nil {
		fmt.Fprintln(stderr, "shell:", err)
		return 1
	}
	init := k.Init()
	if terminal {
		consoleNoEcho(init)
		if len(args) == 0 {
			fmt.Fprintln(stderr, "govfs shell: every command runs in govfs (fork, dup2, execve). Try:")
			fmt.Fprintln(stderr, "  ls -l /proc/self/fd | cat;  trace on;  echo hi > /tmp/f;  trace off;  exit")
		}
		stop := forwardInterrupts(k)
		defer stop()
		return runShell(init, args, nil)
	}
	return runShell(init, args, &hostStdio{stdin, stdout, stderr})
}

// shellPid is the pid of the shell forwardInterrupts spares.
var shellPid atomic.Int64

// forwardInterrupts turns the host's ^C (SIGINT) into a govfs SIGINT
// for every process but init and the shell: their blocked calls return
// EINTR, so a cat reading the console or a sleep ends. (govfs runs no
// signal handlers and kills nothing, so a program busy without
// blocking goes on.) It returns what stops the forwarding.
func forwardInterrupts(k *vfs.Kernel) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-ch:
				for _, pid := range k.Processes() {
					if p, ok := k.Process(pid); ok && pid != 1 && int64(pid) != shellPid.Load() {
						p.Kill(vfs.SIGINT)
					}
				}
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

// consoleNoEcho turns the console's ECHO off: the host's terminal
// already echoes what is typed.
func consoleNoEcho(init *vfs.Process) {
	var t vfs.Termios
	if _, err := init.Ioctl(0, vfs.TCGETS, &t); err == nil {
		t.Lflag &^= vfs.ECHO
		init.Ioctl(0, vfs.TCSETS, &t)
	}
}

// hostStdio is the host's side of the shell's fds 0, 1 and 2.
type hostStdio struct {
	in       io.Reader
	out, err io.Writer
}

// runShell forks init, gives the child fds 0, 1 and 2 (the console's,
// inherited, or pipes pumped to and from host), execs /bin/sh and waits.
func runShell(init *vfs.Process, args []string, host *hostStdio) int {
	var child [3]int // the pipe ends for the child's fds 0, 1, 2
	var pumps []chan struct{}
	if host != nil {
		var err error
		if child, pumps, err = wirePipes(init, host); err != nil {
			fmt.Fprintln(host.err, "shell:", err)
			return 1
		}
	}
	c, err := init.Fork()
	if host != nil {
		for i, fd := range child {
			if err == nil {
				err = c.Dup2(fd, i)
			}
			init.Close(fd)
		}
	}
	if err != nil {
		return 1
	}
	shellPid.Store(int64(c.Pid()))
	go c.Exec("/bin/sh", append([]string{"sh"}, args...), env)
	status, err := init.Wait(c.Pid())
	for _, done := range pumps {
		<-done
	}
	if err != nil {
		return 1
	}
	if sig := status & 0x7f; sig != 0 {
		return 128 + sig
	}
	return status >> 8
}
