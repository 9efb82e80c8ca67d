package sockfs_test

import (
	"testing"

	"golang.org/x/sys/unix"
)

// The host kernel's sockets, for the ratios of bench_test.go: blocking
// read(2) and write(2) on raw fds.
func init() {
	benchKernel = &benchPeer{
		name: "kernel",
		unix: func(b *testing.B) (benchEnd, benchEnd) {
			fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
			if err != nil {
				b.Fatal(err)
			}
			return benchKernelEnd(fds[0]), benchKernelEnd(fds[1])
		},
		tcp: func(b *testing.B) (benchEnd, benchEnd) {
			l, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
			if err != nil {
				b.Fatal(err)
			}
			defer unix.Close(l)
			lo := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
			if err := unix.Bind(l, lo); err != nil {
				b.Fatal(err)
			}
			unix.Listen(l, 1)
			sa, _ := unix.Getsockname(l)
			c, _ := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
			if err := unix.Connect(c, sa); err != nil {
				b.Fatal(err)
			}
			s, _, err := unix.Accept4(l, unix.SOCK_CLOEXEC)
			if err != nil {
				b.Fatal(err)
			}
			return benchKernelEnd(c), benchKernelEnd(s)
		},
	}
}

func benchKernelEnd(fd int) benchEnd {
	return benchEnd{
		read: func(b []byte) (int, error) {
			for {
				n, err := unix.Read(fd, b)
				if err != unix.EINTR {
					return n, err
				}
			}
		},
		write: func(b []byte) (int, error) {
			// A blocking write(2) interrupted by a signal (the Go
			// runtime's preemption) after a partial transfer returns
			// short: go on.
			done := 0
			for done < len(b) {
				n, err := unix.Write(fd, b[done:])
				if err == unix.EINTR {
					continue
				}
				if err != nil {
					return done, err
				}
				done += n
			}
			return done, nil
		},
		close: func() { unix.Close(fd) },
	}
}
