package sockfs_test

import (
	"testing"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// Benchmarks of a socketpair(AF_UNIX, SOCK_STREAM), against the
// kernel's in bench_linux_test.go (same names with /kernel):
//
//	PingPong64   a 64-byte message there and back: ns/op is one round trip.
//	Stream64KiB  64 KiB writes one way, a reader draining with 64 KiB
//	             reads: MB/s is the payload rate.

// rw is one end of a socketpair as the benchmarks use it.
type rw interface {
	Read([]byte) (int, error)
	Write([]byte) (int, error)
}

type govfsEnd struct {
	p  *vfs.Process
	fd int
}

func (e govfsEnd) Read(b []byte) (int, error)  { return e.p.Read(e.fd, b) }
func (e govfsEnd) Write(b []byte) (int, error) { return e.p.Write(e.fd, b) }

func govfsPair(b *testing.B) (rw, rw) {
	k, err := govfs.Boot()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(k.Shutdown)
	p := k.Init()
	fds, err := p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	if err != nil {
		b.Fatal(err)
	}
	return govfsEnd{p, fds[0]}, govfsEnd{p, fds[1]}
}

func readFull(r rw, b []byte) error {
	for n := 0; n < len(b); {
		m, err := r.Read(b[n:])
		if err != nil {
			return err
		}
		n += m
	}
	return nil
}

func pingPong(b *testing.B, a, c rw) {
	msg := make([]byte, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 64)
		for i := 0; i < b.N; i++ {
			if readFull(c, buf) != nil {
				return
			}
			c.Write(buf)
		}
	}()
	buf := make([]byte, 64)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Write(msg)
		if err := readFull(a, buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	<-done
}

func stream(b *testing.B, a, c rw) {
	const size = 64 << 10
	msg := make([]byte, size)
	b.SetBytes(size)
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, size)
		for left := b.N * size; left > 0; {
			n, err := c.Read(buf)
			if err != nil {
				return
			}
			left -= n
		}
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := a.Write(msg); err != nil {
			b.Fatal(err)
		}
	}
	<-done
}

func BenchmarkPingPong64(b *testing.B) {
	b.Run("govfs", func(b *testing.B) { a, c := govfsPair(b); pingPong(b, a, c) })
	for _, k := range kernelPairs {
		b.Run("kernel", func(b *testing.B) { a, c := k(b); pingPong(b, a, c) })
	}
}

func BenchmarkStream64KiB(b *testing.B) {
	b.Run("govfs", func(b *testing.B) { a, c := govfsPair(b); stream(b, a, c) })
	for _, k := range kernelPairs {
		b.Run("kernel", func(b *testing.B) { a, c := k(b); stream(b, a, c) })
	}
}

// kernelPairs make the kernel's socketpair, where there is one.
var kernelPairs []func(*testing.B) (rw, rw)
