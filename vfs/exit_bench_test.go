package vfs_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/govfs/govfs"
)

// waitBase remembers ns/wait at children=100 per mode, so the larger
// sizes can report their growth without a test asserting a timing.
var waitBase = map[string]float64{}

// BenchmarkWait reaps one zombie child of a parent that has many live
// children, by pid (wait4(pid)) and by -1 (any child). Only the Wait is
// timed into ns/wait; ns/op is the whole fork+exit+wait cycle. Run
// children=100 with the others to get x100, the growth over 100
// children: 1.0 is flat, 100 is linear in the children.
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
	var waited time.Duration
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
		waited += time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := k.Process(c.Pid()); ok {
			b.Fatalf("wait(%d) did not reap %d, the only zombie", pid, c.Pid())
		}
	}
	b.StopTimer()
	perWait := float64(waited.Nanoseconds()) / float64(b.N)
	b.ReportMetric(perWait, "ns/wait")
	if children == 100 {
		waitBase[mode] = perWait
	} else if base := waitBase[mode]; base > 0 {
		b.ReportMetric(perWait/base, "x100")
	}
}
