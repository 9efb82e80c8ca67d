package pipefs_test

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkLineRoundTrip is the machine, not govfs: two goroutines take
// turns writing one word, so ns/op is a cache line's trip from one CPU
// to the other and back. On a virtual machine it changes with where the
// host places the two vCPUs (one machine showed 110, 170 and 500 ns),
// and every cost of two goroutines at once follows it: at 170 ns a
// 64-byte govfs pipe message cost about what it costs at -cpu 1, at
// 500 ns 1.7 times that. Run it next to a -cpu 2 benchmark to tell the
// two cases apart, one after the other: two programs under chrt -f at
// once, each spinning on two CPUs, can keep each other's threads off
// the CPUs for good.
func BenchmarkLineRoundTrip(b *testing.B) {
	if runtime.GOMAXPROCS(0) < 2 {
		b.Skip("needs two CPUs at once: -cpu 2")
	}
	var line struct {
		_ [64]byte
		n atomic.Int64
		_ [56]byte
	}
	var wg sync.WaitGroup
	for g := range int64(2) {
		wg.Go(func() {
			for i := range int64(b.N) {
				for spins := 1; line.n.Load() != 2*i+g; spins++ {
					if spins%(1<<20) == 0 {
						// The partner is not running: under chrt -f
						// (SCHED_FIFO) a thread that never blocks keeps
						// its CPU from a partner queued there, so block.
						time.Sleep(time.Microsecond)
					}
				}
				line.n.Add(1)
			}
		})
	}
	wg.Wait()
}
