package vfs_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/govfs/govfs"
)

// waitBase remembers the median wait at children=100 per mode, so the
// larger sizes can report their growth without a test asserting a
// timing.
var waitBase = map[string]float64{}

// BenchmarkWait reaps one zombie child of a parent that has many live
// children, by pid (wait4(pid)) and by -1 (any child). Only the Wait is
// timed into ns/wait (the mean) and p50-ns/wait (the median, which a GC
// of the large heap does not move); ns/op is the whole fork+exit+wait
// cycle. Run children=100 with the others to get x100, the growth of
// the median over 100 children: 1.0 is flat, 100 is linear.
//
//	go test ./vfs -run '^$' -bench 'BenchmarkWait' -benchtime 2000x
func BenchmarkWait(b *testing.B) {
	for _, mode := range []string{"pid", "any"} {
		b.Run(mode, func(b *testing.B) {
			for _, n := range []int{100, 10000, 100000} {
				b.Run(fmt.Sprintf("children=%d", n), func(b *testing.B) {
					benchmarkWait(b, mode, n)
				})
			}
		})
	}
}

func benchmarkWait(b *testing.B, mode string, children int) {
	k, err := govfs.Boot()
	if err != nil {
		b.Fatal(err)
	}
	defer k.Shutdown()
	parent, err := k.Init().Fork()
	if err != nil {
		b.Fatal(err)
	}
	for range children {
		if _, err := parent.Fork(); err != nil {
			b.Fatal(err)
		}
	}
	waits := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		c, err := parent.Fork()
		if err != nil {
			b.Fatal(err)
		}
		c.Exit(0)
		pid := c.Pid()
		if mode == "any" {
			pid = -1
		}
		t0 := time.Now()
		_, err = parent.Wait(pid)
		waits = append(waits, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := k.Process(c.Pid()); ok {
			b.Fatalf("wait(%d) did not reap %d, the only zombie", pid, c.Pid())
		}
	}
	b.StopTimer()
	var total time.Duration
	for _, d := range waits {
		total += d
	}
	b.ReportMetric(float64(total.Nanoseconds())/float64(b.N), "ns/wait")
	slices.Sort(waits)
	p50 := float64(waits[len(waits)/2].Nanoseconds())
	b.ReportMetric(p50, "p50-ns/wait")
	if children == 100 {
		waitBase[mode] = p50
	} else if base := waitBase[mode]; base > 0 {
		b.ReportMetric(p50/base, "x100")
	}
}
