package main

import (
	"io"

	"github.com/govfs/govfs/vfs"
)

// wirePipes makes three pipes in init (close-on-exec, so that only the
// dup2'ed copies reach the shell) and starts the pumps between the
// host and one end of each; it returns the other ends, for the shell's
// fds 0, 1 and 2, and a channel per output pump, closed when that pump
// saw end of file (every writer in govfs closed its end).
func wirePipes(init *vfs.Process, host *hostStdio) (child [3]int, done []chan struct{}, err error) {
	var in, out, errs [2]int
	for _, fds := range []*[2]int{&in, &out, &errs} {
		if err := init.Pipe2(fds[:], vfs.O_CLOEXEC); err != nil {
			return child, nil, err
		}
	}
	go pumpIn(init, in[1], host.in)
	done = []chan struct{}{pumpOut(init, out[0], host.out), pumpOut(init, errs[0], host.err)}
	return [3]int{in[0], out[1], errs[1]}, done, nil
}

// pumpIn copies the host's input into the pipe, then closes it: the
// shell reads end of file. It stops early if the shell and its children
// closed every read end (EPIPE).
func pumpIn(init *vfs.Process, fd int, r io.Reader) {
	defer init.Close(fd)
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		for b := buf[:n]; len(b) > 0; {
			m, werr := init.Write(fd, b)
			if werr == vfs.EINTR {
				continue
			}
			if werr != nil {
				return
			}
			b = b[m:]
		}
		if err != nil {
			return
		}
	}
}

// pumpOut copies what govfs writes into the pipe to the host.
func pumpOut(init *vfs.Process, fd int, w io.Writer) chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer init.Close(fd)
		buf := make([]byte, 32<<10)
		for {
			n, err := init.Read(fd, buf)
			if err == vfs.EINTR {
				continue
			}
			if err != nil || n == 0 {
				return
			}
			w.Write(buf[:n])
		}
	}()
	return done
}
