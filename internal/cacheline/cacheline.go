// Package cacheline measures the machine rather than govfs: how long a
// cache line takes to go from one CPU to another and back. Every cost
// two goroutines pay at once (a pipe's lock and pages handed between a
// writer and a reader, the word of open fds that two threads' opens and
// closes share) follows that trip, and on a virtual machine it changes
// while a program runs, with where the host places the vCPUs: one VM
// showed 100-165 ns for minutes and 430-630 ns for hours. Benchmarks
// that run two goroutines at once report it beside their ratios, so
// that a ratio says which machine it was measured on.
//
//	CPU 0                 CPU 1
//	 store n=1  ──line──►  sees 1, store n=2
//	 sees 2     ◄──line──
//	 (one round trip)
package cacheline

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// RoundTrip returns the mean time of one round trip of a line between
// two goroutines that take turns writing one word, over rounds trips;
// 0 when GOMAXPROCS is below 2, where the two cannot run at once.
//
// Under chrt -f (SCHED_FIFO) a thread that never blocks keeps its CPU
// from a thread of equal priority queued on it, so a waiter that spins
// a million times sleeps a microsecond. Even so, do not run two such
// programs at once: their spinning threads can keep each other off the
// CPUs for many minutes.
func RoundTrip(rounds int) time.Duration {
	if runtime.GOMAXPROCS(0) < 2 || rounds <= 0 {
		return 0
	}
	var line struct {
		_ [64]byte
		n atomic.Int64
		_ [56]byte
	}
	var wg sync.WaitGroup
	start := time.Now()
	for g := range int64(2) {
		wg.Go(func() {
			for i := range int64(rounds) {
				for spins := 1; line.n.Load() != 2*i+g; spins++ {
					if spins%(1<<20) == 0 {
						time.Sleep(time.Microsecond)
					}
				}
				line.n.Add(1)
			}
		})
	}
	wg.Wait()
	return time.Since(start) / time.Duration(rounds)
}
