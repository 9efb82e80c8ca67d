//go:build !linux

package main

import (
	"fmt"
	"io"
	"os"
)

// mountCmd needs FUSE, which govfs speaks only on Linux.
func mountCmd(args []string, stdout, stderr io.Writer, stop <-chan os.Signal) int {
	fmt.Fprintln(stderr, "govfs mount: FUSE mounts need Linux")
	return 1
}
