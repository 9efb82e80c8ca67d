package sockfs_test

import (
	"flag"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govfs/govfs/vfs"
)

// Benchmarks of govfs sockets against the host kernel's, side by side in
// one run (the kernel's are in bench_linux_test.go). Each case runs the
// kernel peer first, then govfs, which reports x_kernel: the kernel's
// ns/op over govfs's, so above 1 means govfs is faster. The goals of the
// sockets issue:
//
//	pingpong/64B      socketpair(AF_UNIX, SOCK_STREAM), a 64-byte message
//	                  and its echo per op: govfs in <= 0.2x the kernel's
//	                  time, that is x_kernel >= 5.
//	stream/64KiB      one-way 64 KiB writes over the same socketpair, a
//	                  reader draining with a 64 KiB buffer: x_kernel >= 3.
//	tcp/64KiB         the same over a loopback TCP connection to
//	                  127.0.0.1: x_kernel >= 2.
//
// Both sides use blocking read(2)/write(2) on raw fds; on the kernel's
// side every call is a system call and every wait a sleep in the kernel.
// The ratios move with the load of the machine: use -count and compare
// medians.

// endpoint is one side of a connection as the benchmarks drive it.
type endpoint struct {
	read  func([]byte) (int, error)
	write func([]byte) (int, error)
	close func()
}

// peer makes connected pairs of one implementation.
type peer struct {
	name string
	unix func(b *testing.B) (endpoint, endpoint) // socketpair(AF_UNIX, SOCK_STREAM)
	tcp  func(b *testing.B) (endpoint, endpoint) // 127.0.0.1
}

// kernelPeer is the host kernel's (bench_linux_test.go); nil elsewhere.
var kernelPeer *peer

var govfsPeer = &peer{
	name: "govfs",
	unix: func(b *testing.B) (endpoint, endpoint) {
		p := boot(b)
		haveUnix(b, p)
		fds, err := p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
		if err != nil {
			b.Fatal(err)
		}
		return govfsEnd(p, fds[0]), govfsEnd(p, fds[1])
	},
	tcp: func(b *testing.B) (endpoint, endpoint) {
		p := boot(b)
		c, s := connected4(b, p)
		return govfsEnd(p, c), govfsEnd(p, s)
	},
}

func govfsEnd(p *vfs.Process, fd int) endpoint {
	return endpoint{
		read:  func(b []byte) (int, error) { return p.Read(fd, b) },
		write: func(b []byte) (int, error) { return p.Write(fd, b) },
		close: func() { p.Close(fd) },
	}
}

func BenchmarkSockets(b *testing.B) {
	peers := []*peer{govfsPeer}
	if kernelPeer != nil {
		peers = []*peer{kernelPeer, govfsPeer}
	}
	for _, c := range []struct {
		name string
		mk   func(*peer) func(*testing.B) (endpoint, endpoint)
		run  func(*testing.B, endpoint, endpoint)
	}{
		{"pingpong/64B", func(p *peer) func(*testing.B) (endpoint, endpoint) { return p.unix }, pingPong},
		{"stream/64KiB", func(p *peer) func(*testing.B) (endpoint, endpoint) { return p.unix }, stream},
		{"tcp/64KiB", func(p *peer) func(*testing.B) (endpoint, endpoint) { return p.tcp }, stream},
	} {
		for _, pr := range peers {
			b.Run(c.name+"/"+pr.name, func(b *testing.B) {
				x, y := c.mk(pr)(b)
				c.run(b, x, y)
				ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				if !reportedRun(b) {
					return
				}
				if pr == govfsPeer {
					if k, ok := kernelNs[c.name]; ok {
						b.ReportMetric(k/ns, "x_kernel")
					}
				} else {
					kernelNs[c.name] = ns
				}
			})
		}
	}
}

// kernelNs is the kernel's ns/op of the last reported run of each case.
var kernelNs = map[string]float64{}

// pingPong: a 64-byte message and its echo per op.
func pingPong(b *testing.B, x, y endpoint) {
	const size = 64
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, size)
		for {
			if !readFull(y, buf) {
				return
			}
			if _, err := y.write(buf); err != nil {
				return
			}
		}
	}()
	msg, buf := make([]byte, size), make([]byte, size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := x.write(msg); err != nil {
			b.Fatal(err)
		}
		if !readFull(x, buf) {
			b.Fatal("short read")
		}
	}
	b.StopTimer()
	x.close()
	<-done
	y.close()
}

// stream: one-way 64 KiB writes, drained with a 64 KiB buffer.
func stream(b *testing.B, x, y endpoint) {
	const size = 64 << 10
	got := make(chan int)
	go func() {
		buf, total := make([]byte, size), 0
		for {
			n, err := y.read(buf)
			if err != nil || n == 0 {
				got <- total
				return
			}
			total += n
		}
	}()
	msg := make([]byte, size)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := x.write(msg); err != nil {
			b.Fatal(err)
		}
	}
	x.close()
	total := <-got
	b.StopTimer()
	y.close()
	if total != b.N*size {
		b.Fatalf("reader got %d bytes, want %d", total, b.N*size)
	}
}

func readFull(e endpoint, buf []byte) bool {
	for got := 0; got < len(buf); {
		n, err := e.read(buf[got:])
		if err != nil || n == 0 {
			return false
		}
		got += n
	}
	return true
}

// reportedRun says whether the testing package will stop at this run
// (not one of its calibration runs), as pipefs's benchmark does.
func reportedRun(b *testing.B) bool {
	s := "1s"
	if f := flag.Lookup("test.benchtime"); f != nil {
		s = f.Value.String()
	}
	if n, ok := strings.CutSuffix(s, "x"); ok {
		want, err := strconv.Atoi(n)
		return err != nil || b.N == want
	}
	d, err := time.ParseDuration(s)
	return err != nil || b.Elapsed() >= d
}
