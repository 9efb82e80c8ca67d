package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/fusefs"
)

// mountCmd is "govfs mount DIR": boot, mount, serve until stop or until
// the host unmounts DIR, unmount, shut down.
func mountCmd(args []string, stdout, stderr io.Writer, stop <-chan os.Signal) int {
	fl := flag.NewFlagSet("mount", flag.ContinueOnError)
	fl.SetOutput(stderr)
	allowOther := fl.Bool("allow-other", false, "let other host users in (their rights are govfs's to decide)")
	debug := fl.Bool("debug", false, "log every FUSE request and reply to stderr")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	dir := fl.Arg(0)
	k, err := govfs.Boot()
	if err != nil {
		fmt.Fprintln(stderr, "govfs:", err)
		return 1
	}
	defer k.Shutdown()
	srv, err := fusefs.Mount(k.Init(), dir, &fusefs.Options{AllowOther: *allowOther, Debug: *debug})
	if err != nil {
		fmt.Fprintln(stderr, "govfs:", err)
		return 1
	}
	fmt.Fprintf(stdout, "govfs: init's tree is on %s; try ls -l %s/proc/1/fd. Ctrl-C unmounts.\n", dir, dir)
	done := make(chan struct{})
	go func() { srv.Wait(); close(done) }()
	select {
	case sig := <-stop:
		fmt.Fprintf(stdout, "govfs: %v: unmounting %s\n", sig, dir)
	case <-done:
		fmt.Fprintf(stdout, "govfs: %s was unmounted\n", dir)
	}
	if err := srv.Unmount(); err != nil {
		fmt.Fprintln(stderr, "govfs:", err)
		return 1
	}
	return 0
}
