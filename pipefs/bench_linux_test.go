package pipefs_test

import (
	"io"

	"golang.org/x/sys/unix"
)

// On Linux the benchmark has one more kernel peer, unix.Pipe: the same
// kernel pipe as os.Pipe, but read and written with blocking system
// calls on the raw fds, so a waiting reader sleeps in the kernel and is
// woken by it directly instead of through Go's netpoller. This is the
// kernel's own hand-off cost, and what a harness that calls read(2) and
// write(2) itself measures as "the kernel".
func init() {
	kernelPeers = append(kernelPeers, kernelPeer{"unix.Pipe", func() (io.ReadCloser, io.WriteCloser, error) {
		var fds [2]int
		if err := unix.Pipe2(fds[:], unix.O_CLOEXEC); err != nil {
			return nil, nil, err
		}
		return rawFD(fds[0]), rawFD(fds[1]), nil
	}})
}

// rawFD is an fd read and written with blocking system calls.
type rawFD int

func (fd rawFD) Read(b []byte) (int, error) {
	for {
		n, err := unix.Read(int(fd), b)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (fd rawFD) Write(b []byte) (int, error) {
	done := 0
	for done < len(b) {
		n, err := unix.Write(int(fd), b[done:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return done, err
		}
		done += n
	}
	return done, nil
}

func (fd rawFD) Close() error { return unix.Close(int(fd)) }
