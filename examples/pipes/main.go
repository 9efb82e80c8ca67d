// Command pipes is a narrated tour of pipes and FIFOs in govfs: pipe()
// and fork, end of file, EPIPE and SIGPIPE, PIPE_BUF atomicity, a FIFO
// rendezvous between two processes, and a two-stage pipeline.
//
//	go run ./examples/pipes
//
// With -diagram it prints, instead of the narration, the kernel's object
// graph (Kernel.Diagram) as Mermaid at the moment the pipeline's fds are
// all in place: the processes, their fd tables, the Files they share,
// and the one pipe between them.
//
//	go run ./examples/pipes -diagram > pipeline.mmd
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func main() {
	diagram := flag.Bool("diagram", false, "print the pipeline's object graph as Mermaid instead of the narration")
	flag.Parse()
	out, graph := io.Writer(os.Stdout), io.Writer(nil)
	if *diagram {
		out, graph = io.Discard, os.Stdout
	}
	if err := run(out, graph); err != nil {
		fmt.Fprintln(os.Stderr, "pipes:", err)
		os.Exit(1)
	}
}

// run tells the story on out; if graph is not nil, the pipeline draws
// the kernel's objects there as Mermaid.
func run(out, graph io.Writer) error {
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	k, err := govfs.Boot()
	if err != nil {
		return err
	}
	defer k.Shutdown()
	init := k.Init()

	drawPipeline := func(p *vfs.Process, say func(string, ...any)) error { return pipeline(p, say, graph) }
	for _, step := range []func(*vfs.Process, func(string, ...any)) error{
		pipeAndFork, epipe, atomicity, fifo, drawPipeline,
	} {
		if err := step(init, say); err != nil {
			return err
		}
	}
	return nil
}

// pipeAndFork: the parent makes a pipe, forks, the child writes and
// exits, the parent reads until end of file.
func pipeAndFork(parent *vfs.Process, say func(string, ...any)) error {
	say("== pipe(), fork, read until EOF ==")
	fds := make([]int, 2)
	if err := parent.Pipe(fds); err != nil {
		return err
	}
	var st vfs.Stat_t
	parent.Fstat(fds[0], &st)
	say("pipe() gave fd %d (read end) and fd %d (write end): two Files on one pipefs", fds[0], fds[1])
	say("inode %d, mode %o (S_IFIFO|0600), a 65536-byte ring between them.", st.Ino, st.Mode)
	child, err := parent.Fork()
	if err != nil {
		return err
	}
	say("fork: child %d got a copy of the fd table — the same two Files, one more reference each.", child.Pid())
	go func() {
		child.Close(fds[0])
		child.Write(fds[1], []byte("hello from the child\n"))
		child.Exit(0)
	}()
	parent.Close(fds[1])
	say("the parent closed its write end; the child's is now the only writer.")
	var got bytes.Buffer
	buf := make([]byte, 64)
	for {
		n, err := parent.Read(fds[0], buf)
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
		got.Write(buf[:n])
	}
	status, _ := parent.Wait(child.Pid())
	say("the parent read %q, then read() returned 0: the last writer closed (the child", got.String())
	say("exited, status %d), so the empty pipe is at end of file.", status>>8)
	parent.Close(fds[0])
	return nil
}

// epipe: writing with no reader left.
func epipe(p *vfs.Process, say func(string, ...any)) error {
	say("\n== EPIPE and SIGPIPE ==")
	fds := make([]int, 2)
	if err := p.Pipe(fds); err != nil {
		return err
	}
	p.Close(fds[0])
	_, err := p.Write(fds[1], []byte("anyone?"))
	sigs := p.Signals()
	say("with the read end closed, write() = %v (%s) and the process got signal %d (SIGPIPE).",
		err, vfs.ErrnoOf(err).Name(), sigs[len(sigs)-1])
	say("Linux's default action for SIGPIPE kills the writer; govfs records it and returns EPIPE.")
	p.Close(fds[1])
	return nil
}

// atomicity: writes of at most PIPE_BUF bytes never interleave.
func atomicity(p *vfs.Process, say func(string, ...any)) error {
	say("\n== PIPE_BUF: writes of at most 4096 bytes are atomic ==")
	fds := make([]int, 2)
	if err := p.Pipe(fds); err != nil {
		return err
	}
	const writers, rounds = 4, 50
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			rec := bytes.Repeat([]byte{byte('A' + w)}, vfs.PIPE_BUF)
			for range rounds {
				p.Write(fds[1], rec)
			}
		})
	}
	go func() { wg.Wait(); p.Close(fds[1]) }()
	rec := make([]byte, vfs.PIPE_BUF)
	records, torn := 0, 0
	for {
		n, err := readFull(p, fds[0], rec)
		if err != nil || n == 0 {
			break
		}
		records++
		if bytes.Count(rec, rec[:1]) != len(rec) {
			torn++
		}
	}
	say("%d goroutines each wrote %d records of 4096 identical bytes to one pipe;", writers, rounds)
	say("the reader cut the stream into 4096-byte records: %d records, %d torn.", records, torn)
	p.Close(fds[0])
	return nil
}

func readFull(p *vfs.Process, fd int, b []byte) (int, error) {
	total := 0
	for total < len(b) {
		n, err := p.Read(fd, b[total:])
		if err != nil || n == 0 {
			return total, err
		}
		total += n
	}
	return total, nil
}

// fifo: two processes meet at a name in the tree.
func fifo(parent *vfs.Process, say func(string, ...any)) error {
	say("\n== a FIFO rendezvous ==")
	if err := parent.Mkfifo("/tmp/meet", 0o644); err != nil {
		return err
	}
	say("mkfifo /tmp/meet: a tmpfs inode of type S_IFIFO; opening it reaches pipefs.")
	reader, _ := parent.Fork()
	got := make(chan string)
	go func() {
		fd, err := reader.Open("/tmp/meet", vfs.O_RDONLY, 0)
		if err != nil {
			got <- err.Error()
			return
		}
		buf := make([]byte, 64)
		n, _ := reader.Read(fd, buf)
		got <- string(buf[:n])
		reader.Exit(0)
	}()
	time.Sleep(20 * time.Millisecond)
	say("process %d opened it O_RDONLY and is blocked in open(): no writer yet.", reader.Pid())
	nfd, err := parent.Open("/tmp/meet", vfs.O_WRONLY|vfs.O_NONBLOCK, 0)
	say("(an O_WRONLY|O_NONBLOCK open with a reader present succeeds: err = %v)", err)
	wfd, err := parent.Open("/tmp/meet", vfs.O_WRONLY, 0)
	if err != nil {
		return err
	}
	// Closed only now: had the last writer gone before wfd came, the
	// woken reader could have read end of file.
	parent.Close(nfd)
	parent.Write(wfd, []byte("met at /tmp/meet"))
	say("process %d opened it O_WRONLY: both opens return, and the reader got %q.", parent.Pid(), <-got)
	parent.Wait(reader.Pid())
	parent.Close(wfd)
	parent.Unlink("/tmp/meet")
	return nil
}

// pipeline: "upper | count" as two in-process programs whose standard
// fds are the two ends of one pipe. If graph is not nil, the kernel's
// objects are drawn there once every fd is in place.
func pipeline(parent *vfs.Process, say func(string, ...any), graph io.Writer) error {
	say("\n== a two-stage pipeline: upper | count ==")
	in, _ := parent.Open("/tmp/words", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	parent.Write(in, []byte("everything is a file\n"))
	parent.Close(in)
	out, _ := parent.Open("/tmp/result", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	fds := make([]int, 2)
	if err := parent.Pipe(fds); err != nil {
		return err
	}
	// Move every fd to 10 and up (F_DUPFD), out of the way of the 0 and 1
	// the children will install, as a shell does before it forks.
	for _, fd := range []*int{&out, &fds[0], &fds[1]} {
		high, err := parent.FcntlInt(uintptr(*fd), vfs.F_DUPFD, 10)
		if err != nil {
			return err
		}
		parent.Close(*fd)
		*fd = high
	}
	upper, _ := parent.Fork()
	count, _ := parent.Fork()
	// What each child does between fork and exec, as a shell's would:
	// upper gets fd 0 = /tmp/words, fd 1 = the pipe's write end; count
	// gets fd 0 = the read end, fd 1 = /tmp/result. Each closes the rest.
	w, _ := upper.Open("/tmp/words", vfs.O_RDONLY, 0)
	moveFD(upper, w, 0)
	moveFD(upper, fds[1], 1)
	upper.Close(fds[0])
	upper.Close(out)
	moveFD(count, fds[0], 0)
	moveFD(count, out, 1)
	count.Close(fds[1])
	parent.Close(fds[0])
	parent.Close(fds[1])
	say("fork, fork, dup2: upper's fd 1 and count's fd 0 are the two ends of one pipe,")
	say("and count's fd 1 is the parent's fd %d: one File, one offset, two processes.", out)
	if graph != nil {
		if err := parent.Kernel().Diagram(vfs.DiagramOptions{}).WriteMermaid(graph); err != nil {
			return err
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() { // upper
		buf := make([]byte, 256)
		n, _ := upper.Read(0, buf)
		upper.Write(1, []byte(strings.ToUpper(string(buf[:n]))))
		upper.Exit(0)
	})
	wg.Go(func() { // count
		var text []byte
		buf := make([]byte, 256)
		for {
			n, _ := count.Read(0, buf)
			if n == 0 {
				break
			}
			text = append(text, buf[:n]...)
		}
		fmt.Fprintf(writerFD{count, 1}, "%d bytes: %s", len(text), text)
		count.Exit(0)
	})
	wg.Wait()
	parent.Wait(upper.Pid())
	parent.Wait(count.Pid())
	buf := make([]byte, 256)
	n, _ := parent.Pread(out, buf, 0)
	say("upper read fd 0 (a tmpfs file) and wrote fd 1 (the pipe); count read fd 0 (the")
	say("same pipe) until EOF and wrote fd 1 (/tmp/result). Neither knew what its fds were.")
	say("/tmp/result: %q", buf[:n])
	parent.Close(out)
	return nil
}

// moveFD makes from become fd to, as a shell's "n>&m-" does.
func moveFD(p *vfs.Process, from, to int) {
	if from != to {
		p.Dup2(from, to)
		p.Close(from)
	}
}

// writerFD lets fmt print to an fd.
type writerFD struct {
	p  *vfs.Process
	fd int
}

func (w writerFD) Write(b []byte) (int, error) { return w.p.Write(w.fd, b) }
