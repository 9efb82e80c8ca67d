package anonfs_test

import (
	"encoding/binary"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// The two performance goals, measured side by side with the
// host kernel in one run. No timing is asserted; each reports a ratio:
//
//   - BenchmarkEpollWaitOneReady: a non-blocking epoll_wait that finds
//     the one ready fd among 1 and among 10 000 watched. The 10 000
//     case reports x_of_1, its ns/op over the 1-watched case's (goal:
//     at most 2, since a wait costs O(ready), not O(watched)).
//   - BenchmarkEventfdEpollRoundTrip: goroutine A writes an eventfd,
//     goroutine B wakes in epoll_wait, reads it and writes a second
//     eventfd, on whose blocking read A wakes. The govfs case reports
//     x_kernel, its ns/op over the kernel's (goal: at most 0.5).

func BenchmarkEpollWaitOneReady(b *testing.B) {
	for _, sys := range []string{"kernel", "govfs"} {
		var oneNs float64
		for _, watched := range []int{1, 10000} {
			b.Run(sys+"/watched="+itoa(watched), func(b *testing.B) {
				wait := setupOneReady(b, sys, watched)
				for b.Loop() {
					if n := wait(); n != 1 {
						b.Fatalf("epoll_wait = %d, want 1", n)
					}
				}
				ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				if watched == 1 {
					oneNs = ns
				} else if oneNs > 0 {
					b.ReportMetric(ns/oneNs, "x_of_1")
				}
			})
		}
	}
}

// setupOneReady makes an epoll watching n eventfds, the last one ready
// (level-triggered, so it stays ready), and returns one wait.
func setupOneReady(b *testing.B, sys string, n int) func() int {
	b.Helper()
	if sys == "kernel" {
		var lim unix.Rlimit
		if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil || lim.Cur < uint64(n+64) {
			b.Skipf("RLIMIT_NOFILE %d is below %d", lim.Cur, n+64)
		}
		ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
		if err != nil {
			b.Skip("no epoll:", err)
		}
		fds := []int{ep}
		b.Cleanup(func() {
			for _, fd := range fds {
				unix.Close(fd)
			}
		})
		for i := range n {
			fd, err := unix.Eventfd(uint(boolInt(i == n-1)), unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
			if err != nil {
				b.Fatal(err)
			}
			fds = append(fds, fd)
			if err := unix.EpollCtl(ep, unix.EPOLL_CTL_ADD, fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(i)}); err != nil {
				b.Fatal(err)
			}
		}
		evs := make([]unix.EpollEvent, 8)
		return func() int { n, _ := unix.EpollWait(ep, evs, 0); return n }
	}
	_, p := boot(b)
	if err := p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: uint64(n + 64), Max: uint64(n + 64)}); err != nil {
		b.Fatal(err)
	}
	ep, err := p.EpollCreate1(0)
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		fd, err := p.Eventfd(uint(boolInt(i == n-1)), vfs.EFD_NONBLOCK)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.EpollCtl(ep, vfs.EPOLL_CTL_ADD, fd, &vfs.EpollEvent{Events: vfs.EPOLLIN, Fd: int32(i)}); err != nil {
			b.Fatal(err)
		}
	}
	evs := make([]vfs.EpollEvent, 8)
	return func() int { n, _ := p.EpollWait(ep, evs, 0); return n }
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func BenchmarkEventfdEpollRoundTrip(b *testing.B) {
	var kernelNs float64
	b.Run("kernel", func(b *testing.B) {
		ping, _ := unix.Eventfd(0, unix.EFD_CLOEXEC)
		pong, _ := unix.Eventfd(0, unix.EFD_CLOEXEC)
		ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
		if err != nil || ping < 0 || pong < 0 {
			b.Skip("no epoll or eventfd:", err)
		}
		defer unix.Close(ping)
		defer unix.Close(pong)
		defer unix.Close(ep)
		_ = unix.EpollCtl(ep, unix.EPOLL_CTL_ADD, ping, &unix.EpollEvent{Events: unix.EPOLLIN})
		roundTrips(b, &sysCalls{
			write: func(fd int, p []byte) error { _, err := unix.Write(fd, p); return err },
			read:  func(fd int, p []byte) error { _, err := unix.Read(fd, p); return err },
			wait: func() error {
				evs := make([]unix.EpollEvent, 1)
				for {
					_, err := unix.EpollWait(ep, evs, -1)
					if err != unix.EINTR {
						return err
					}
				}
			},
		}, ping, pong)
		kernelNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("govfs", func(b *testing.B) {
		_, p := boot(b)
		ping, _ := p.Eventfd(0, 0)
		pong, _ := p.Eventfd(0, 0)
		ep, _ := p.EpollCreate1(0)
		_ = p.EpollCtl(ep, vfs.EPOLL_CTL_ADD, ping, &vfs.EpollEvent{Events: vfs.EPOLLIN})
		evs := make([]vfs.EpollEvent, 1)
		roundTrips(b, &sysCalls{
			write: func(fd int, b []byte) error { _, err := p.Write(fd, b); return err },
			read:  func(fd int, b []byte) error { _, err := p.Read(fd, b); return err },
			wait:  func() error { _, err := p.EpollWait(ep, evs, -1); return err },
		}, ping, pong)
		ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		if kernelNs > 0 {
			b.ReportMetric(ns/kernelNs, "x_kernel")
		}
	})
}

type sysCalls struct {
	write, read func(fd int, p []byte) error
	wait        func() error
}

// roundTrips runs b.N round trips: A writes ping; B, waiting in
// epoll_wait, wakes, reads ping and writes pong; A's blocking read of
// pong returns.
func roundTrips(b *testing.B, c *sysCalls, ping, pong int) {
	one := make([]byte, 8)
	binary.LittleEndian.PutUint64(one, 1)
	stop := make([]byte, 8)
	binary.LittleEndian.PutUint64(stop, 2)
	done := make(chan error, 1)
	go func() {
		buf := make([]byte, 8)
		for {
			if err := c.wait(); err != nil {
				done <- err
				return
			}
			if err := c.read(ping, buf); err != nil {
				done <- err
				return
			}
			if buf[0] == 2 {
				done <- nil
				return
			}
			if err := c.write(pong, one); err != nil {
				done <- err
				return
			}
		}
	}()
	buf := make([]byte, 8)
	for b.Loop() {
		if err := c.write(ping, one); err != nil {
			b.Fatal(err)
		}
		if err := c.read(pong, buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	_ = c.write(ping, stop)
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}
