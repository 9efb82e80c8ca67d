//go:build linux

package tmpfs_test

// What contention costs while two workers really run at once. On a
// machine whose other programs keep its CPUs busy the two workers of the
// scaling benchmarks seldom run at the same moment, so speedup follows
// the load and speedup-cpu stays near 2.0 whatever the code shares. Here
// each worker times batches of ops on its own thread's CPU clock; a
// batch counts only if its thread ran all through it (CPU time = wall
// time) and, with two workers, the other worker ran all through it too.
//
//	ns/op          CPU per op of one worker's batches
//	cpu-x-overlap  CPU per op of such a two-worker batch ÷ CPU per op of
//	               a one-worker batch (medians): 1.0 is no contention;
//	               what the workers share in cache lines shows here
//	overlaps       how many two-worker batches counted
//
// go test ./tmpfs -run '^$' -bench ScaleOverlap -cpu 2

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func BenchmarkScaleOverlap(b *testing.B) {
	for _, call := range []string{"openClose", "stat"} {
		b.Run(call, func(b *testing.B) {
			peers := []struct {
				name  string
				setup scaleSetup
			}{{"afero", aferoScale}, {"kernel", kernelScale}, {"govfs", govfsScale}}
			for _, peer := range peers {
				b.Run(peer.name, func(b *testing.B) {
					for _, procs := range []bool{false, true} {
						name := "threads"
						if procs {
							name = "procs"
						}
						b.Run(name, func(b *testing.B) {
							ops, start := peer.setup(b, call, 2, procs)
							benchOverlap(b, ops, start)
						})
					}
				})
			}
		})
	}
}

// overlapBatch is one batch of a worker: wall and thread CPU clocks at
// its start and end.
type overlapBatch struct{ t0, t1, c0, c1 int64 }

func (o overlapBatch) clean() bool { return float64(o.c1-o.c0) > 0.97*float64(o.t1-o.t0) }

func threadCPU() int64 {
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts) != nil {
		return 0
	}
	return ts.Nano()
}

func benchOverlap(b *testing.B, ops []scaleOp, start func() error) {
	// A batch of about 50µs: long next to the two clock reads, short
	// next to the time a busy machine lets a thread run.
	per := 1
	for ; per < 1<<20; per *= 2 {
		if o := overlapRun(b, ops[:1], start, 1, per)[0][0]; o.t1-o.t0 > 50_000 {
			break
		}
	}
	var one, two []float64
	b.ResetTimer()
	for done := 0; done < b.N; {
		const batches = 20
		for _, o := range overlapRun(b, ops[:1], start, batches, per)[0] {
			if o.clean() {
				one = append(one, float64(o.c1-o.c0)/float64(per))
			}
		}
		r := overlapRun(b, ops, start, batches, per)
		for w := range r {
			for _, o := range r[w] {
				if o.clean() && overlapCovered(r[1-w], o.t0, o.t1) {
					two = append(two, float64(o.c1-o.c0)/float64(per))
				}
			}
		}
		done += 3 * batches * per
	}
	b.StopTimer()
	if len(one) > 0 {
		// ns/op is the CPU per op of one worker running undisturbed.
		b.ReportMetric(median(one), "ns/op")
	}
	if len(one) > 0 && len(two) > 0 {
		b.ReportMetric(median(two)/median(one), "cpu-x-overlap")
	}
	b.ReportMetric(float64(len(two)), "overlaps")
}

// overlapRun runs batches of per ops on each worker, each locked to its
// thread, all starting together.
func overlapRun(b *testing.B, ops []scaleOp, start func() error, batches, per int) [][]overlapBatch {
	out := make([][]overlapBatch, len(ops))
	errs := make([]error, len(ops))
	var wg, ready sync.WaitGroup
	ready.Add(len(ops))
	for w, op := range ops {
		wg.Go(func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			if start != nil {
				errs[w] = start()
			}
			ready.Done()
			ready.Wait()
			if errs[w] != nil {
				return
			}
			// Each worker writes only its own locals until it is done:
			// two workers' entries of out or errs share a line.
			mine := make([]overlapBatch, 0, batches)
			defer func() { out[w] = mine }()
			for range batches {
				o := overlapBatch{c0: threadCPU(), t0: time.Now().UnixNano()}
				for range per {
					if err := op(); err != nil {
						errs[w] = err
						return
					}
				}
				o.t1, o.c1 = time.Now().UnixNano(), threadCPU()
				mine = append(mine, o)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// overlapCovered reports whether the batches bs cover [t0, t1] with
// clean batches and no gap longer than the clock reads between two.
func overlapCovered(bs []overlapBatch, t0, t1 int64) bool {
	end := int64(-1)
	for _, o := range bs {
		if o.t1 < t0 || o.t0 > t1 {
			continue
		}
		if !o.clean() || end < 0 && o.t0 > t0 || end >= 0 && o.t0-end > 10_000 {
			return false
		}
		end = o.t1
	}
	return end >= t1
}

func median(x []float64) float64 {
	slices.Sort(x)
	return x[len(x)/2]
}
