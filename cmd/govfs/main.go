// Command govfs runs the default govfs system for a person to look at
// with the host's own tools.
//
//	go run ./cmd/govfs mount [-allow-other] [-debug] DIR
//
// mount boots the system (govfs.Boot), mounts init's view of the tree
// on the host directory DIR through FUSE (Linux only) and serves it
// until SIGINT or SIGTERM, then unmounts. In another terminal:
// ls -l DIR/proc/1/fd, cat DIR/proc/self/status, echo hi > DIR/tmp/f.
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	os.Exit(cli(os.Args[1:], os.Stdout, os.Stderr, stop))
}

const usage = `usage: govfs mount [-allow-other] [-debug] DIR`

// cli runs one subcommand and returns the exit status; stop ends a
// command that serves until it is told to.
func cli(args []string, stdout, stderr io.Writer, stop <-chan os.Signal) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	switch args[0] {
	case "mount":
		return mountCmd(args[1:], stdout, stderr, stop)
	default:
		fmt.Fprintf(stderr, "govfs: unknown command %q\n%s\n", args[0], usage)
		return 2
	}
}
