package tmpfs_test

// Scaling benchmarks: the same calls from one goroutine, from two
// goroutines of one process (threads sharing an fd table), and from two
// processes, with afero and the kernel in the same run. Each worker has
// its own file in the deep directory of BenchmarkStatDeep, so the only
// state the workers share is what the implementation shares: the fd
// table, the mount, the directories on the way.
//
//	speedup   ns/op of one worker ÷ ns/op of two: 2.0 is perfect
//	          scaling, 1.0 none (the kernel shows what the machine allows)
//
// Two processes are two govfs Processes (Fork) and, for the kernel, two
// threads that unshare(CLONE_FILES) their fd tables. Run with at least
// two CPUs: go test ./tmpfs -run '^$' -bench Scale -cpu 2

import (
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/govfs/govfs/vfs"
)

// scaleOp is one call of a worker on its own file.
type scaleOp func() error

// scaleSetup makes the files of n workers and returns their ops; procs
// asks for one process per worker. start, if not nil, runs first on
// each worker's goroutine (the kernel's processes unshare there). It
// skips what the peer cannot do.
type scaleSetup func(b *testing.B, call string, n int, procs bool) (ops []scaleOp, start func() error)

// kernelScale is set on Linux by bench_scale_linux_test.go.
var kernelScale scaleSetup

// scaleFile is worker i's file.
func scaleFile(i int) string { return benchDeepDir + "/file" + strconv.Itoa(i) }

// scaleCases are the worker layouts, the single worker first.
var scaleCases = []struct {
	name    string
	workers int
	procs   bool
}{{"g=1", 1, false}, {"g=2", 2, false}, {"procs=2", 2, true}}

// BenchmarkScaleOpenClose is open(O_RDONLY) + close(2) of a file nine
// names deep, per worker.
func BenchmarkScaleOpenClose(b *testing.B) { benchScale(b, "openClose") }

// BenchmarkScaleStat is stat(2) of the same files.
func BenchmarkScaleStat(b *testing.B) { benchScale(b, "stat") }

func benchScale(b *testing.B, call string) {
	peers := []struct {
		name  string
		setup scaleSetup
	}{{"afero", aferoScale}, {"kernel", kernelScale}, {"govfs", govfsScale}}
	for _, peer := range peers {
		b.Run(peer.name, func(b *testing.B) {
			if peer.setup == nil {
				b.Skip("no such peer on this system")
			}
			for _, c := range scaleCases {
				b.Run(c.name, func(b *testing.B) {
					ops, start := peer.setup(b, call, c.workers, c.procs)
					benchWorkers(b, ops, start)
					benchSpeedup(b)
				})
			}
		})
	}
}

// benchWorkers runs b.N ops spread evenly over the workers, all at once.
func benchWorkers(b *testing.B, ops []scaleOp, start func() error) {
	var wg sync.WaitGroup
	errs := make([]error, len(ops))
	b.ResetTimer()
	for i, op := range ops {
		n := b.N / len(ops)
		if i == 0 {
			n += b.N % len(ops)
		}
		wg.Go(func() {
			if start != nil {
				if errs[i] = start(); errs[i] != nil {
					return
				}
			}
			for range n {
				if err := op(); err != nil {
					errs[i] = err
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
}

// benchSpeedup records b's ns/op and, for more than one worker, reports
// the single worker's ns/op ÷ b's.
func benchSpeedup(b *testing.B) {
	if b.N == 0 {
		return
	}
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	benchRecord(b.Name(), "ns/op", ns)
	if i := strings.LastIndex(b.Name(), "/"); i >= 0 && !strings.HasSuffix(b.Name(), "/g=1") {
		if one, ok := benchValues[b.Name()[:i]+"/g=1 ns/op"]; ok && ns > 0 {
			b.ReportMetric(one/ns, "speedup")
		}
	}
	if strings.Contains(b.Name(), "/govfs/") {
		for _, peer := range []string{"afero", "kernel"} {
			benchRatio(b, ns, benchPeerName(b.Name(), peer), "ns/op", "x_"+peer)
		}
	}
}

func govfsScale(b *testing.B, call string, n int, procs bool) ([]scaleOp, func() error) {
	g := newGovfsFS(b).(*govfsFS)
	b.Cleanup(g.close)
	benchMkdirAll(b, g, benchDeepDir)
	ops := make([]scaleOp, n)
	for i := range ops {
		path := scaleFile(i)
		if err := g.createEmpty(path); err != nil {
			b.Fatal(err)
		}
		p := g.p
		if procs {
			c, err := p.Fork()
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { c.Exit(0); p.Wait(c.Pid()) })
			p = c
		}
		var st vfs.Stat_t
		switch call {
		case "stat":
			ops[i] = func() error { return p.Stat(path, &st) }
		default:
			ops[i] = func() error {
				fd, err := p.Open(path, vfs.O_RDONLY, 0)
				if err != nil {
					return err
				}
				return p.Close(fd)
			}
		}
	}
	return ops, nil
}

func aferoScale(b *testing.B, call string, n int, procs bool) ([]scaleOp, func() error) {
	if procs {
		b.Skip("afero has no processes")
	}
	a := newAferoFS(b)
	benchMkdirAll(b, a, benchDeepDir)
	ops := make([]scaleOp, n)
	for i := range ops {
		path := scaleFile(i)
		if err := a.createEmpty(path); err != nil {
			b.Fatal(err)
		}
		// One wrapper per worker: aferoFS keeps no scratch state, but
		// the others do, and the workers must not share it.
		w := &aferoFS{fs: a.(*aferoFS).fs}
		if call == "stat" {
			ops[i] = func() error { return w.stat(path) }
		} else {
			ops[i] = func() error { return w.openClose(path) }
		}
	}
	return ops, nil
}
