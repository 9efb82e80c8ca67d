//go:build !linux

package main

import (
	"fmt"
	"io"
)

// run has no tour to give: fusefs speaks FUSE on Linux only.
func run(out io.Writer) error {
	fmt.Fprintln(out, "cannot mount here, so the tour ends: fusefs needs Linux")
	return nil
}
