package tmpfs_test

import (
	"math/bits"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The "lowestfd" peer of BenchmarkScaleOpenClose is the ceiling that the
// lowest-fd rule sets for two threads of one process, measured on this
// machine in the same run. Each open must return the lowest fd that is
// free at that moment, so it must see every close another thread
// finished before it began: every open+close of one thread changes a
// word of open bits that the other thread's next open has to read, and
// a line written on one CPU and read on another makes a trip between
// them each time. That trip (pipefs's BenchmarkLineRoundTrip times two
// of them) is the part of an open+close that two threads cannot do at
// once, whatever the table looks like; Linux pays it too, but its
// open+close costs thirty times govfs's, so it hardly shows.
//
// The peer does the least a table that keeps the rule must do: claim
// the lowest clear bit of one shared word by compare-and-swap, work
// privately, clear the bit, work privately, with as much private work
// as govfs's open+close takes on one worker ("govfs/threads" ns/op-1,
// from the same run). Its speedup is what govfs's "threads" speedup can
// reach at most on this machine at this moment; the peer's line reports
// govfs's speedup over its own as govfs-of-bound. The claim comes 3/4
// of a call before the release, as in govfs, where open claims its fd
// before the walk (as Linux does) and close releases it: where the two
// fall matters. On one VM at a 150 ns round trip, 3/4 apart gave 1.70-
// 1.83, half a call apart 1.95-2.0 (each thread then touches the word
// while the other is halfway through its work), a tenth apart 1.35,
// and govfs with its claim moved after the walk dropped to 0.6. At a
// 480 ns round trip, govfs claiming after the walk but just before the
// File is made (the last point an open could claim it without changing
// what dup2 onto a blocked FIFO open sees) gave 0.54-0.57 against
// 0.80-0.87 for the claim before the walk: the bound's own "half a
// call" optimum does not carry over to govfs. The bound's private work
// is ALU work, which a CPU overlaps with a line's trip better than
// govfs's loads, so the ceiling errs on the high side.

// lowestFDScale needs govfs's one-worker time from the same run.
func lowestFDScale(b *testing.B, call string, n int, procs bool) ([]scaleOp, func() error) {
	if call != "openClose" || procs {
		b.Skip("the bound is for open+close in threads sharing one fd table")
	}
	t, ok := benchValues[govfsName(b.Name())+" ns/op-1"]
	if !ok {
		b.Skip("needs govfs/threads in the same run (the bound copies its one-worker time)")
	}
	w := new(lowestFDWord)
	spins := calibrateSpin(time.Duration(t))
	ops := make([]scaleOp, n)
	for i := range ops {
		sink := new(spinSink)
		ops[i] = func() error {
			sink.v = w.openClose(sink.v, spins)
			return nil
		}
	}
	return ops, nil
}

// govfsName turns ".../lowestfd/..." into ".../govfs/...".
func govfsName(name string) string { return strings.Replace(name, "/lowestfd/", "/govfs/", 1) }

// lowestFDWord is the shared word of open bits, on a line of its own.
type lowestFDWord struct {
	_    [64]byte
	open atomic.Uint64
	_    [56]byte
}

// claim sets the lowest clear bit, as the fd table's alloc does.
func (w *lowestFDWord) claim() uint64 {
	for {
		old := w.open.Load()
		bit := uint64(1) << bits.TrailingZeros64(^old)
		if w.open.CompareAndSwap(old, old|bit) {
			return bit
		}
	}
}

// openClose is one op of the bound: claim, the walk between fd and
// File, release, then the rest of close and the next call's entry. It
// carries v, the worker's private state, through the spins.
func (w *lowestFDWord) openClose(v uint64, spins int) uint64 {
	bit := w.claim()
	v = spin(v, spins*3/4)
	w.open.And(^bit)
	return spin(v, spins/4)
}

// spinSink keeps a worker's private work on a line of its own.
type spinSink struct {
	v uint64
	_ [56]byte
}

// spin does n steps of work that touches no memory; the result is
// kept so the compiler cannot drop it.
func spin(v uint64, n int) uint64 {
	for range n {
		v ^= v << 13
		v ^= v >> 7
		v ^= v << 17
	}
	return v
}

// calibrateSpin returns how many spin steps make one op of the bound
// (with a word nobody else touches) take d on one goroutine: a guess
// from the cost of a step, then corrected by timing the op itself.
func calibrateSpin(d time.Duration) int {
	v := uint64(1)
	var w lowestFDWord
	op := func(spins int) time.Duration {
		const rounds = 1 << 16
		t0 := time.Now()
		for range rounds {
			v = w.openClose(v, spins)
		}
		return time.Since(t0) / rounds
	}
	const probe = 1 << 20
	t0 := time.Now()
	v = spin(v, probe)
	spins := int(float64(d) * probe / float64(time.Since(t0)))
	for range 3 {
		spins = int(float64(spins) * float64(d) / float64(max(op(spins), 1)))
	}
	spinKeep = v
	return max(spins, 0)
}

// spinKeep holds calibrateSpin's result, so the compiler keeps its work.
var spinKeep uint64
