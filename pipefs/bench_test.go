package pipefs_test

import (
	"io"
	"os"
	"sync"
	"testing"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// The pipe benchmarks move 64 MiB from one writer goroutine to one
// reader goroutine in writes of 64 B, 4 KiB and 64 KiB, through a govfs
// pipe and through its peers in the same run: io.Pipe, os.Pipe (the
// kernel) and a plain copy() of the same bytes (the limit). Compare the
// MB/s column; the ratios are the goals of the pipes issue.

const benchTotal = 64 << 20

var benchSizes = []struct {
	name string
	size int
}{{"64B", 64}, {"4KiB", 4 << 10}, {"64KiB", 64 << 10}}

func BenchmarkPipe(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name+"/govfs", func(b *testing.B) { benchGovfs(b, s.size) })
		b.Run(s.name+"/io.Pipe", func(b *testing.B) {
			benchStream(b, s.size, func() (io.ReadCloser, io.WriteCloser) { return io.Pipe() })
		})
		b.Run(s.name+"/os.Pipe", func(b *testing.B) {
			benchStream(b, s.size, func() (io.ReadCloser, io.WriteCloser) {
				r, w, err := os.Pipe()
				if err != nil {
					b.Fatal(err)
				}
				return r, w
			})
		})
		b.Run(s.name+"/copy", func(b *testing.B) { benchCopy(b, s.size) })
	}
}

func benchGovfs(b *testing.B, size int) {
	k, err := govfs.Boot()
	if err != nil {
		b.Fatal(err)
	}
	defer k.Shutdown()
	p := k.Init()
	b.SetBytes(benchTotal)
	src := make([]byte, size)
	dst := make([]byte, 64<<10)
	for b.Loop() {
		fds := make([]int, 2)
		if err := p.Pipe(fds); err != nil {
			b.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Go(func() {
			for sent := 0; sent < benchTotal; sent += size {
				if _, err := p.Write(fds[1], src); err != nil {
					b.Error(err)
					return
				}
			}
			p.Close(fds[1])
		})
		for {
			n, err := p.Read(fds[0], dst)
			if err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
		wg.Wait()
		p.Close(fds[0])
	}
}

func benchStream(b *testing.B, size int, mk func() (io.ReadCloser, io.WriteCloser)) {
	b.SetBytes(benchTotal)
	src := make([]byte, size)
	dst := make([]byte, 64<<10)
	for b.Loop() {
		r, w := mk()
		var wg sync.WaitGroup
		wg.Go(func() {
			for sent := 0; sent < benchTotal; sent += size {
				if _, err := w.Write(src); err != nil {
					b.Error(err)
					return
				}
			}
			w.Close()
		})
		for {
			if _, err := r.Read(dst); err != nil {
				break
			}
		}
		wg.Wait()
		r.Close()
	}
}

func benchCopy(b *testing.B, size int) {
	b.SetBytes(benchTotal)
	src := make([]byte, size)
	dst := make([]byte, 64<<10)
	for b.Loop() {
		for sent := 0; sent < benchTotal; sent += size {
			copy(dst[sent%len(dst):], src)
		}
	}
}

var _ = vfs.O_RDONLY
