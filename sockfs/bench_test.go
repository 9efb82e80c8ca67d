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

// benchEnd is one side of a connection as the benchmarks drive it.
type benchEnd struct {
	read  func([]byte) (int, error)
	write func([]byte) (int, error)
	close func()
}

// benchPeer makes connected pairs of one implementation.
type benchPeer struct {
	name string
	unix func(b *testing.B) (benchEnd, benchEnd) // socketpair(AF_UNIX, SOCK_STREAM)
	tcp  func(b *testing.B) (benchEnd, benchEnd) // 127.0.0.1
}

// benchKernel is the host kernel's (bench_linux_test.go); nil elsewhere.
var benchKernel *benchPeer

var benchGovfs = &benchPeer{
	name: "govfs",
	unix: func(b *testing.B) (benchEnd, benchEnd) {
		p := bootInet(b)
		needUnix(b, p)
		fds, err := p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
		if err != nil {
			b.Fatal(err)
		}
		return benchGovfsEnd(p, fds[0]), benchGovfsEnd(p, fds[1])
	},
	tcp: func(b *testing.B) (benchEnd, benchEnd) {
		p := bootInet(b)
		c, s := inetConnected4(b, p)
		return benchGovfsEnd(p, c), benchGovfsEnd(p, s)
	},
}

func benchGovfsEnd(p *vfs.Process, fd int) benchEnd {
	return benchEnd{
		read:  func(b []byte) (int, error) { return p.Read(fd, b) },
		write: func(b []byte) (int, error) { return p.Write(fd, b) },
		close: func() { p.Close(fd) },
	}
}

func BenchmarkSockets(b *testing.B) {
	peers := []*benchPeer{benchGovfs}
	if benchKernel != nil {
		peers = []*benchPeer{benchKernel, benchGovfs}
	}
	for _, c := range []struct {
		name string
		mk   func(*benchPeer) func(*testing.B) (benchEnd, benchEnd)
		run  func(*testing.B, benchEnd, benchEnd)
	}{
		{"pingpong/64B", func(p *benchPeer) func(*testing.B) (benchEnd, benchEnd) { return p.unix }, benchPingPong},
		{"stream/64KiB", func(p *benchPeer) func(*testing.B) (benchEnd, benchEnd) { return p.unix }, benchStream},
		{"tcp/64KiB", func(p *benchPeer) func(*testing.B) (benchEnd, benchEnd) { return p.tcp }, benchStream},
	} {
		for _, pr := range peers {
			b.Run(c.name+"/"+pr.name, func(b *testing.B) {
				x, y := c.mk(pr)(b)
				c.run(b, x, y)
				ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				if !benchReportedRun(b) {
					return
				}
				key := c.name + "/" + pr.name
				benchRuns[key] = append(benchRuns[key], ns)
				if pr == benchGovfs && benchKernel != nil {
					i := len(benchRuns[key]) - 1
					if k := benchRuns[c.name+"/"+benchKernel.name]; len(k) > 0 {
						b.ReportMetric(k[min(i, len(k)-1)]/ns, "x_kernel")
					}
				}
			})
		}
	}
}

// benchRuns holds the ns/op of every reported run of each case and
// peer, in order: the testing package runs each leaf -count times in a
// row, so the i-th govfs run is compared with the i-th kernel run.
var benchRuns = map[string][]float64{}

// benchPingPong: a 64-byte message and its echo per op.
func benchPingPong(b *testing.B, x, y benchEnd) {
	const size = 64
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, size)
		for {
			if !benchReadFull(y, buf) {
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
		if !benchReadFull(x, buf) {
			b.Fatal("short read")
		}
	}
	b.StopTimer()
	x.close()
	<-done
	y.close()
}

// benchStream: one-way 64 KiB writes, drained with a 64 KiB buffer.
func benchStream(b *testing.B, x, y benchEnd) {
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

func benchReadFull(e benchEnd, buf []byte) bool {
	for got := 0; got < len(buf); {
		n, err := e.read(buf[got:])
		if err != nil || n == 0 {
			return false
		}
		got += n
	}
	return true
}

// benchReportedRun says whether the testing package will stop at this run
// (not one of its calibration runs), as pipefs's benchmark does.
func benchReportedRun(b *testing.B) bool {
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
