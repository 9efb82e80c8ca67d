package pipefs_test

import (
	"runtime"
	"testing"

	"github.com/govfs/govfs/internal/cacheline"
)

// BenchmarkLineRoundTrip is the machine, not govfs: ns/op is a cache
// line's trip from one CPU to the other and back (package cacheline).
// On a virtual machine it changes with where the host places the two
// vCPUs (one machine showed 110, 170 and 500 ns), and every cost of two
// goroutines at once follows it: at 170 ns a 64-byte govfs pipe message
// cost about what it costs at -cpu 1, at 500 ns 1.7 times that.
// BenchmarkPipe reports it as line-rtt-ns beside each -cpu 2 result.
// Run it next to a -cpu 2 benchmark one after the other, never at once:
// two programs under chrt -f, each spinning on two CPUs, can keep each
// other's threads off the CPUs for good.
func BenchmarkLineRoundTrip(b *testing.B) {
	if runtime.GOMAXPROCS(0) < 2 {
		b.Skip("needs two CPUs at once: -cpu 2")
	}
	cacheline.RoundTrip(b.N)
}
