package pipefs_test

import (
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/govfs/govfs"
)

// BenchmarkPipe measures what a user of a pipe sees: the benchmark
// goroutine writes N-byte messages, one write call each, while a second
// goroutine reads them, and ns/op is the time per message from the first
// write until the reader has seen end of file after the last. The pipe,
// both buffers and the reader goroutine are made before the timer
// starts, so nothing is allocated per message by the harness (allocs/op
// is the pipe's own), and b.SetBytes(N) makes MB/s the payload rate.
//
// Cases, named write=N/read=M/peer:
//
//	read=N      the reader reads with an N-byte buffer, as a program
//	            reading message by message does: one read per write at
//	            best, and every hand-off between the goroutines is paid.
//	read=64KiB  the reader drains with a 64 KiB buffer (only for N below
//	            64 KiB): one read can take many writes, so this mostly
//	            times the writer. The old benchmark measured only this,
//	            which is why it reported 14.6x os.Pipe at 64 B where a
//	            64 B reader sees about half that.
//
// Peers, run in this order within each case so one run compares them
// under the same load:
//
//	copy     (write=64KiB only) copy() of each message into the reader's
//	         buffer in one goroutine: the memory-bandwidth limit. A pipe
//	         copies twice and hands off between goroutines.
//	os.Pipe  the kernel's pipe through *os.File: a system call per
//	         write and per read, and a reader waiting in the netpoller.
//	io.Pipe  Go's synchronous in-memory pipe: every write waits for
//	         reads to take all of it.
//	govfs    Process.Write and Process.Read on the fds of Process.Pipe.
//
// The govfs case reports the ratios of its speed to the peers' of the
// same run as metrics: x_io.Pipe, x_os.Pipe and x_copy (peer ns/op over
// govfs ns/op; above 1 means govfs is faster). They are missing when a
// -bench pattern leaves the peers out. GOMAXPROCS is the -N suffix of
// the name; set it with -cpu. The goals of the pipes issue, read=N:
// 64 B >= 5x io.Pipe and >= 10x os.Pipe, 64 KiB >= 4x os.Pipe and
// >= 0.25x copy.
func BenchmarkPipe(b *testing.B) {
	for _, n := range []int{64, 4 << 10, 64 << 10} {
		reads := []int{n}
		if n < 64<<10 {
			reads = append(reads, 64<<10)
		}
		for _, m := range reads {
			name := "write=" + sizeName(n) + "/read=" + sizeName(m)
			peers := map[string]float64{}
			if n == 64<<10 {
				b.Run(name+"/copy", func(b *testing.B) { peers["copy"] = benchCopy(b, n, m) })
			}
			b.Run(name+"/os.Pipe", func(b *testing.B) {
				peers["os.Pipe"] = benchStream(b, n, m, func() (io.ReadCloser, io.WriteCloser) {
					r, w, err := os.Pipe()
					if err != nil {
						b.Fatal(err)
					}
					return r, w
				})
			})
			b.Run(name+"/io.Pipe", func(b *testing.B) {
				peers["io.Pipe"] = benchStream(b, n, m, func() (io.ReadCloser, io.WriteCloser) { return io.Pipe() })
			})
			b.Run(name+"/govfs", func(b *testing.B) {
				ns := benchGovfs(b, n, m)
				for _, peer := range []string{"io.Pipe", "os.Pipe", "copy"} {
					if v, ok := peers[peer]; ok {
						b.ReportMetric(v/ns, "x_"+peer)
					}
				}
			})
		}
	}
}

func sizeName(n int) string {
	if n >= 1<<10 {
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return fmt.Sprintf("%dB", n)
}

// nsPerOp is what the benchmark line will say, for the ratios.
func nsPerOp(b *testing.B) float64 { return float64(b.Elapsed().Nanoseconds()) / float64(b.N) }

// benchGovfs times b.N writes of size bytes into a govfs pipe read with
// a readSize buffer, and returns ns/op.
func benchGovfs(b *testing.B, size, readSize int) float64 {
	k, err := govfs.Boot()
	if err != nil {
		b.Fatal(err)
	}
	defer k.Shutdown()
	p := k.Init()
	fds := make([]int, 2)
	if err := p.Pipe(fds); err != nil {
		b.Fatal(err)
	}
	src, dst := make([]byte, size), make([]byte, readSize)
	got := make(chan int)
	go func() {
		total := 0
		for {
			n, err := p.Read(fds[0], dst)
			if err != nil || n == 0 {
				got <- total
				return
			}
			total += n
		}
	}()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := p.Write(fds[1], src); err != nil {
			b.Fatal(err)
		}
	}
	p.Close(fds[1])
	total := <-got
	b.StopTimer()
	p.Close(fds[0])
	checkTotal(b, total, size)
	return nsPerOp(b)
}

// benchStream is benchGovfs for an io.Reader/io.Writer pipe.
func benchStream(b *testing.B, size, readSize int, mk func() (io.ReadCloser, io.WriteCloser)) float64 {
	r, w := mk()
	src, dst := make([]byte, size), make([]byte, readSize)
	got := make(chan int)
	go func() {
		total := 0
		for {
			n, err := r.Read(dst)
			total += n
			if err != nil {
				got <- total
				return
			}
		}
	}()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := w.Write(src); err != nil {
			b.Fatal(err)
		}
	}
	w.Close()
	total := <-got
	b.StopTimer()
	r.Close()
	checkTotal(b, total, size)
	return nsPerOp(b)
}

// benchCopy is the limit: each message copied once, in one goroutine,
// into a buffer of readSize bytes.
func benchCopy(b *testing.B, size, readSize int) float64 {
	src, dst := make([]byte, size), make([]byte, readSize)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	off := 0
	for range b.N {
		if off+size > len(dst) {
			off = 0
		}
		off += copy(dst[off:], src)
	}
	b.StopTimer()
	return nsPerOp(b)
}

func checkTotal(b *testing.B, total, size int) {
	if want := b.N * size; total != want {
		b.Fatalf("reader got %d bytes, want %d", total, want)
	}
}
