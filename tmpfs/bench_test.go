package tmpfs_test

// Benchmarks that put govfs's tmpfs next to its peers in the same run:
// afero's MemMapFs (the usual in-memory filesystem for Go programs) and,
// on Linux, the host kernel's tmpfs under /dev/shm
// (bench_host_linux_test.go). Every benchmark has the sub-benchmarks
// afero, kernel and govfs, in that order, so that govfs can report its
// ratios to the peers that ran before it:
//
//	x_afero   govfs ns/op ÷ afero ns/op   (< 1: govfs is faster)
//	x_kernel  govfs ns/op ÷ kernel ns/op
//
// Sized benchmarks (fd table, rename) also report x_<smallest size>, the
// ratio to the same implementation at the smallest size: 1.0 is flat.
//
//	go test ./tmpfs -run '^$' -bench . -benchtime=200ms

import (
	"errors"
	"io/fs"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govfs/govfs/vfs"
)

// benchFS is one filesystem under benchmark, reached by absolute paths.
// Implementations keep scratch space (a Stat_t) in the struct so that
// the loop measures the filesystem, not the wrapper.
type benchFS interface {
	mkdir(path string) error
	createEmpty(path string) error // create, fail if present, close
	stat(path string) error
	openClose(path string) error // O_RDONLY
	createWriteUnlink(path string, data []byte) error
	openDir(path string) (benchDir, error)
	rename(oldpath, newpath string) error
	close()
}

// benchDir is an open directory whose listing can be read again and again.
type benchDir interface {
	// list reads the whole listing from the start. With count it
	// returns the number of names other than "." and "..".
	list(count bool) (int, error)
	close()
}

// benchPeer makes a fresh, empty filesystem, or skips.
type benchPeer struct {
	name string
	new  func(tb testing.TB) benchFS
}

// newKernelFS is set on Linux by bench_host_linux_test.go.
var newKernelFS func(tb testing.TB) benchFS

func benchPeers() []benchPeer {
	kernel := newKernelFS
	if kernel == nil {
		kernel = func(tb testing.TB) benchFS {
			tb.Skip("the kernel peer is linux-only")
			return nil
		}
	}
	return []benchPeer{{"afero", newAferoFS}, {"kernel", kernel}, {"govfs", newGovfsFS}}
}

// runPeers runs bench once per peer, each on its own fresh filesystem.
func runPeers(b *testing.B, bench func(b *testing.B, fsys benchFS)) {
	for _, peer := range benchPeers() {
		b.Run(peer.name, func(b *testing.B) {
			fsys := peer.new(b)
			b.Cleanup(fsys.close)
			bench(b, fsys)
			benchDone(b)
		})
	}
}

// --- ratios --------------------------------------------------------

// benchValues holds the last value measured per benchmark name and unit;
// benchmarks run one at a time.
var benchValues = map[string]float64{}

func benchRecord(name, unit string, v float64) { benchValues[name+" "+unit] = v }

// benchRatio reports v ÷ the value recorded for other, if there is one.
func benchRatio(b *testing.B, v float64, other, unit, metric string) {
	if o, ok := benchValues[other+" "+unit]; ok && o > 0 {
		b.ReportMetric(v/o, metric)
	}
}

// benchPeerName turns ".../govfs..." into ".../peer...".
func benchPeerName(name, peer string) string {
	return strings.Replace(name, "/govfs", "/"+peer, 1)
}

// benchDone records b's ns/op and, for govfs, reports x_afero and
// x_kernel. After benchCPUStart it does the same for the CPU time the
// process spent per op (cpu-ns/op, cpu-x_afero, cpu-x_kernel): on a
// loaded machine wall time mostly measures the other programs.
func benchDone(b *testing.B) {
	if b.N == 0 {
		return
	}
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	benchRecord(b.Name(), "ns/op", ns)
	cpu := -1.0
	if benchCPU0 >= 0 && processCPU != nil {
		cpu = float64((processCPU() - benchCPU0).Nanoseconds()) / float64(b.N)
		b.ReportMetric(cpu, "cpu-ns/op")
		benchRecord(b.Name(), "cpu-ns/op", cpu)
	}
	benchCPU0 = -1
	if strings.Contains(b.Name(), "/govfs") {
		for _, peer := range []string{"afero", "kernel"} {
			benchRatio(b, ns, benchPeerName(b.Name(), peer), "ns/op", "x_"+peer)
			if cpu >= 0 {
				benchRatio(b, cpu, benchPeerName(b.Name(), peer), "cpu-ns/op", "cpu-x_"+peer)
			}
		}
	}
}

// benchCPU0 is the process's CPU time when the loop began, or -1.
var benchCPU0 time.Duration = -1

// benchCPUStart marks the start of a benchmark loop for benchDone.
func benchCPUStart() {
	if processCPU != nil {
		benchCPU0 = processCPU()
	}
}

// --- setup helpers --------------------------------------------------

// benchMkdirAll makes every directory on path, ignoring those that exist.
func benchMkdirAll(tb testing.TB, fsys benchFS, path string) {
	tb.Helper()
	for i := 1; i <= len(path); i++ {
		if i < len(path) && path[i] != '/' {
			continue
		}
		if err := fsys.mkdir(path[:i]); err != nil && !errors.Is(err, fs.ErrExist) {
			tb.Fatalf("mkdir %s: %v", path[:i], err)
		}
	}
}

// benchPopulate makes dirs directories under root with perDir empty files
// each: root/d<i>/f<j>. Each path is one fresh string, as a program
// would build it.
func benchPopulate(tb testing.TB, fsys benchFS, root string, dirs, perDir int) {
	tb.Helper()
	benchMkdirAll(tb, fsys, root)
	buf := make([]byte, 0, 64)
	for i := range dirs {
		buf = append(append(buf[:0], root...), "/d"...)
		buf = strconv.AppendInt(buf, int64(i), 10)
		if err := fsys.mkdir(string(buf)); err != nil {
			tb.Fatalf("mkdir %s: %v", buf, err)
		}
		dlen := len(buf)
		for j := range perDir {
			buf = strconv.AppendInt(append(buf[:dlen], "/f"...), int64(j), 10)
			if err := fsys.createEmpty(string(buf)); err != nil {
				tb.Fatalf("create %s: %v", buf, err)
			}
		}
	}
}

// --- 1, 2: stat and open+close of a deep file -----------------------

const benchDeepDir = "/tmp/a/b/c/d/e/f/g/h"
const benchDeepFile = benchDeepDir + "/file"

func benchSetupDeep(b *testing.B, fsys benchFS) {
	benchMkdirAll(b, fsys, benchDeepDir)
	if err := fsys.createEmpty(benchDeepFile); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkStatDeep is stat(2) of /tmp/a/b/c/d/e/f/g/h/file: a walk of
// ten names, all cached.
func BenchmarkStatDeep(b *testing.B) {
	runPeers(b, func(b *testing.B, fsys benchFS) {
		benchSetupDeep(b, fsys)
		benchCPUStart()
		for b.Loop() {
			if err := fsys.stat(benchDeepFile); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkOpenCloseDeep is open(O_RDONLY) + close(2) of the same file.
func BenchmarkOpenCloseDeep(b *testing.B) {
	runPeers(b, func(b *testing.B, fsys benchFS) {
		benchSetupDeep(b, fsys)
		benchCPUStart()
		for b.Loop() {
			if err := fsys.openClose(benchDeepFile); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// --- 3: create, write 4 KiB, close, unlink --------------------------

// BenchmarkCreateWriteUnlink makes a file in one directory, writes 4 KiB
// to it, closes and unlinks it.
func BenchmarkCreateWriteUnlink(b *testing.B) {
	data := make([]byte, 4096)
	for i := range data {
		data[i] = byte(i)
	}
	runPeers(b, func(b *testing.B, fsys benchFS) {
		benchMkdirAll(b, fsys, "/tmp/cw")
		benchCPUStart()
		for b.Loop() {
			if err := fsys.createWriteUnlink("/tmp/cw/file", data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// --- 4: readdir of 10 000 entries -----------------------------------

const bigDirEntries = 10000

// BenchmarkReaddir10k reads the whole listing of a 10 000-entry
// directory per op: govfs and kernel lseek to 0 and getdents64 with a
// 32 KiB buffer; afero opens the directory and calls Readdirnames(-1).
func BenchmarkReaddir10k(b *testing.B) {
	runPeers(b, func(b *testing.B, fsys benchFS) {
		benchPopulate(b, fsys, "/tmp/big", 1, bigDirEntries)
		d, err := fsys.openDir("/tmp/big/d0")
		if err != nil {
			b.Fatal(err)
		}
		defer d.close()
		if n, err := d.list(true); err != nil || n != bigDirEntries {
			b.Fatalf("listing has %d names (%v), want %d", n, err, bigDirEntries)
		}
		for b.Loop() {
			if _, err := d.list(false); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/bigDirEntries, "ns/entry")
	})
}

// --- 5: heap per empty file ------------------------------------------

const heapFiles = 200000

// BenchmarkHeapPerFile creates 200 000 empty files on a fresh
// filesystem per op and reports the live heap they add (HeapAlloc after
// runtime.GC, minus the same before) per file, spread over 200
// directories or all in one. ns/op is the time to make them. The kernel
// keeps its objects outside the Go heap, so it has no case here.
func BenchmarkHeapPerFile(b *testing.B) {
	for _, peer := range benchPeers() {
		b.Run(peer.name, func(b *testing.B) {
			if peer.name == "kernel" {
				b.Skip("kernel memory is not Go heap")
			}
			for _, dirs := range []int{200, 1} {
				b.Run("dirs="+strconv.Itoa(dirs), func(b *testing.B) {
					benchHeap(b, peer, dirs)
				})
			}
		})
	}
}

func benchHeap(b *testing.B, peer benchPeer, dirs int) {
	var before, after runtime.MemStats
	var grown int64
	for b.Loop() {
		b.StopTimer()
		fsys := peer.new(b)
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		benchPopulate(b, fsys, "/tmp/h", dirs, heapFiles/dirs)
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		grown += int64(after.HeapAlloc) - int64(before.HeapAlloc)
		runtime.KeepAlive(fsys)
		fsys.close()
		b.StartTimer()
	}
	perFile := float64(grown) / float64(b.N) / heapFiles
	b.ReportMetric(perFile, "B/file")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/heapFiles, "ns/file")
	benchRecord(b.Name(), "B/file", perFile)
	if strings.Contains(b.Name(), "/govfs") {
		benchRatio(b, perFile, benchPeerName(b.Name(), "afero"), "B/file", "mem_x_afero")
	}
}

// --- 6: fd allocation with many fds open ------------------------------

// benchFDs opens n fds and returns an op that dups one and closes the
// dup; kernelFDs is set on Linux.
type benchFDs func(b *testing.B, n int) (op func() error)

var kernelFDs benchFDs

var fdLevels = []int{1000, 100000}

// BenchmarkFDAlloc is dup(2) + close(2) of one fd with 1 000 or 100 000
// fds already open. afero has no fd table; the kernel case needs a hard
// RLIMIT_NOFILE above 100 000 and skips without it.
func BenchmarkFDAlloc(b *testing.B) {
	impls := []struct {
		name string
		fds  benchFDs
	}{{"afero", nil}, {"kernel", kernelFDs}, {"govfs", govfsFDs}}
	for _, impl := range impls {
		b.Run(impl.name, func(b *testing.B) {
			if impl.fds == nil {
				b.Skip("no fd table here")
			}
			for _, n := range fdLevels {
				b.Run("open="+strconv.Itoa(n), func(b *testing.B) {
					op := impl.fds(b, n)
					for b.Loop() {
						if err := op(); err != nil {
							b.Fatal(err)
						}
					}
					benchDone(b)
					benchFlat(b, "open=", fdLevels[0])
				})
			}
		})
	}
}

// benchFlat reports b's ns/op ÷ the same benchmark's at size base.
func benchFlat(b *testing.B, key string, base int) {
	name := b.Name()
	i := strings.LastIndex(name, key)
	if i < 0 || name[i+len(key):] == strconv.Itoa(base) {
		return
	}
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	benchRatio(b, ns, name[:i+len(key)]+strconv.Itoa(base), "ns/op", "x_"+strings.TrimSuffix(key, "=")+strconv.Itoa(base))
}

func govfsFDs(b *testing.B, n int) func() error {
	g := newGovfsFS(b).(*govfsFS)
	b.Cleanup(g.close)
	p := g.p
	if err := p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: 200000, Max: 1048576}); err != nil {
		b.Fatal(err)
	}
	fd, err := p.Open("/tmp/fdfile", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	if err != nil {
		b.Fatal(err)
	}
	for p.FDTable().Count() < n {
		if _, err := p.Dup(fd); err != nil {
			b.Fatal(err)
		}
	}
	return func() error {
		nfd, err := p.Dup(fd)
		if err != nil {
			return err
		}
		return p.Close(nfd)
	}
}

// --- 7: rename of a directory among many files -----------------------

var renameLevels = []int{10, 100000}

// BenchmarkRenameDir renames a directory with 10 children to a new name
// and back (one op = two renames) while the filesystem holds 10 or
// 100 000 other files. afero keys every file by its full path, so its
// rename visits them all.
func BenchmarkRenameDir(b *testing.B) {
	for _, peer := range benchPeers() {
		b.Run(peer.name, func(b *testing.B) {
			for _, others := range renameLevels {
				b.Run("files="+strconv.Itoa(others), func(b *testing.B) {
					if peer.name == "kernel" && others > renameLevels[0] {
						// The dcache renames in O(1) (measured flat);
						// making 100 000 host files costs seconds.
						b.Skip("kernel: only the small case")
					}
					fsys := peer.new(b)
					b.Cleanup(fsys.close)
					benchPopulate(b, fsys, "/tmp/r", 1, 10)
					dirs := max(1, others/1000)
					benchPopulate(b, fsys, "/tmp/o", dirs, others/dirs)
					for b.Loop() {
						if err := fsys.rename("/tmp/r/d0", "/tmp/r/moved"); err != nil {
							b.Fatal(err)
						}
						if err := fsys.rename("/tmp/r/moved", "/tmp/r/d0"); err != nil {
							b.Fatal(err)
						}
					}
					benchDone(b)
					benchFlat(b, "files=", renameLevels[0])
				})
			}
		})
	}
}
