package sockfs_test

import (
	"testing"

	"golang.org/x/sys/unix"
)

// rawFD is an fd read and written with blocking system calls, so that a
// waiting reader sleeps in the kernel (see pipefs's benchmark).
type rawFD int

func (fd rawFD) Read(b []byte) (int, error) {
	for {
		n, err := unix.Read(int(fd), b)
		if err != unix.EINTR {
			return n, err
		}
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

func init() {
	kernelPairs = append(kernelPairs, func(b *testing.B) (rw, rw) {
		fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
		return rawFD(fds[0]), rawFD(fds[1])
	})
}
