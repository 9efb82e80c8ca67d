package vfstest_test

import (
	"errors"
	"flag"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// The concurrent stress test: goroutines and forked processes make random
// calls, hostile ones included, on one booted kernel — the tmpfs root and
// a small tmpfs mount with size= and nr_inodes= limits, pipes and FIFOs
// too, and AF_UNIX sockets once sockfs is registered (stress_sock_test.go)
// — and the invariants are checked during the run and after it. It
// needs no host and runs on every platform. In CI it is short;
//
//	go test -race ./vfstest -run TestStress -stress.ops=1000000
//
// runs a long one, and -stress.seed=N changes the draws (the interleaving
// is never reproducible; the seed is printed with any failure).
var (
	stressOps   = flag.Int("stress.ops", 20000, "calls in TestStress, over all workers")
	stressSeed  = flag.Uint64("stress.seed", 1, "seed of TestStress's draws")
	stressHang  = flag.Duration("stress.hang", 60*time.Second, "TestStress fails as hung when no call finishes for this long")
	stressProcs = flag.Int("stress.procs", 4, "forked processes in TestStress, each with two goroutines")
	stressOnly  = flag.String("stress.only", "", "comma-separated calls TestStress makes (default all), to narrow a failure down")
	stressOrph  = flag.Bool("stress.orphans", true, "TestStress's children leave orphans for init to reap")
)

const (
	smallDir    = "/small"
	smallLimits = "size=256k,nr_inodes=48"
	stressDir   = "/stress"
)

func TestStress(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	k, err := govfs.Boot()
	require.NoError(t, err)
	initp := k.Init()
	require.NoError(t, initp.Mkdir(stressDir, 0o777))
	require.NoError(t, initp.Mkdir(smallDir, 0o777))
	require.NoError(t, initp.Mount("tmpfs", smallDir, "tmpfs", 0, smallLimits))
	var smallEmpty, rootEmpty vfs.Statfs_t
	require.NoError(t, initp.Statfs(smallDir, &smallEmpty))
	require.NoError(t, initp.Statfs(stressDir, &rootEmpty))
	// A name no worker uses keeps /stress from ever being empty: among
	// the hostile names is "/stress/", and rmdir(2) of an empty
	// directory through a trailing slash succeeds, as on Linux, which
	// took /stress away in a 10^6-call run. The final removal takes it.
	keep, err := initp.Open(stressDir+"/.keep", vfs.O_CREAT|vfs.O_WRONLY, 0o600)
	require.NoError(t, err)
	require.NoError(t, initp.Close(keep))

	calls := stressCalls
	if stressSockets(initp) { // sockfs is registered
		calls = append(calls[:len(calls):len(calls)], sockStressCalls...)
		sockStressTracker = &sockTracker{}
		defer func() { sockStressTracker = nil }()
	}
	st := &stressRun{small: smallEmpty, budget: int64(*stressOps), ops: calls}
	if *stressOnly != "" {
		st.ops = nil
		for _, c := range calls {
			if slices.Contains(strings.Split(*stressOnly, ","), c.name) {
				st.ops = append(st.ops, c)
			}
		}
		require.NotEmpty(t, st.ops, "-stress.only names no call")
	}
	var wg sync.WaitGroup
	var procs []*vfs.Process
	for i := range *stressProcs {
		p, err := initp.Fork()
		require.NoError(t, err)
		procs = append(procs, p)
		var pwg sync.WaitGroup
		for j := range 2 { // two threads of one process share its fd table
			seed := *stressSeed*1000 + uint64(i*2+j)
			pwg.Add(1)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer pwg.Done()
				st.worker(p, seed)
			}()
		}
		go func() { pwg.Wait(); p.Exit(0) }()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	start := time.Now()
	st.watch(t, done)
	for { // the workers' processes, and orphans of their children
		if _, err := initp.Wait(-1); err != nil {
			require.ErrorIs(t, err, vfs.ECHILD)
			break
		}
	}
	t.Logf("%d calls by %d processes × 2 goroutines in %v (seed %d)", st.calls.Load(), *stressProcs,
		time.Since(start).Round(time.Millisecond), *stressSeed)
	for _, f := range st.failures() {
		t.Error(f)
	}
	for _, p := range procs {
		require.Zero(t, p.Mappings(), "mappings outlived process %d", p.Pid())
	}

	// Everything released: every socket File (in flight or not), no fd
	// left in init, every name removed, both filesystems back to all
	// free.
	if sockStressTracker != nil {
		made, released := sockStressTracker.waitReleased(5 * time.Second)
		t.Logf("%d sockets made, %d released", made, released)
		require.Equal(t, made, released, "socket Files outlived every process (seed %d): leaked, in flight or in a cycle", *stressSeed)
		sockStressTracker = nil // its map of every socket made would count as heap below
	}
	if made, released := anonTracker.made.Load(), anonTracker.released.Load(); made != released {
		t.Errorf("%d eventfd and epoll Files made, %d released (seed %d): an interest kept one alive", made, released, *stressSeed)
	} else {
		t.Logf("%d eventfd and epoll Files made and released", made)
	}
	for fd := 3; fd < 256; fd++ { // 0-2: the console Boot gave init
		_, err := initp.FcntlInt(uintptr(fd), vfs.F_GETFD, 0)
		require.ErrorIs(t, err, vfs.EBADF, "fd %d still open in init", fd)
	}
	ptsFd, err := initp.Open("/dev/pts", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err)
	buf := make([]byte, 4096)
	n, err := initp.Getdents(ptsFd, buf)
	require.NoError(t, err)
	_, _, ptsNames := vfs.ParseDirent(buf[:n], -1, nil)
	require.NoError(t, initp.Close(ptsFd))
	require.Equal(t, []string{"ptmx"}, ptsNames, "a pty outlived every fd on its master (seed %d)", *stressSeed)
	removeTree(t, initp, stressDir)
	removeTree(t, initp, smallDir)
	var smallAfter, rootAfter vfs.Statfs_t
	require.NoError(t, initp.Statfs(smallDir, &smallAfter))
	require.NoError(t, initp.Statfs(stressDir, &rootAfter))
	require.Equal(t, statfsUse(smallEmpty), statfsUse(smallAfter),
		"%s is not back to all free after everything was removed (seed %d): a File or inode outlived its last name", smallDir, *stressSeed)
	require.Equal(t, statfsUse(rootEmpty), statfsUse(rootAfter),
		"the root tmpfs is not back to its use before the run (seed %d)", *stressSeed)
	require.NoError(t, initp.Unmount(smallDir, 0))
	k.Shutdown()

	// Twice: a sync.Pool (tmpfs's and pipefs's pages, recycled Files)
	// keeps what it held through one collection in its victim cache.
	runtime.GC()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	const slack = 64 << 20
	require.Less(t, after.HeapAlloc, before.HeapAlloc+slack,
		"heap after the run: %d bytes, before: %d", after.HeapAlloc, before.HeapAlloc)
}

// statfsUse is what a filesystem has in use, in a form that compares.
func statfsUse(s vfs.Statfs_t) string {
	return fmt.Sprintf("blocks %d/%d free, inodes %d/%d free", s.Bfree, s.Blocks, s.Ffree, s.Files)
}

// stressRun is what the workers share: the call budget, progress, and
// the failures they saw.
type stressRun struct {
	small  vfs.Statfs_t // the empty small mount, for its limits
	ops    []stressCall
	budget int64
	calls  atomic.Int64
	mu     sync.Mutex
	fails  []string
}

func (st *stressRun) fail(format string, args ...any) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.fails) < 20 {
		st.fails = append(st.fails, fmt.Sprintf(format, args...))
	}
}

func (st *stressRun) failures() []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return append([]string(nil), st.fails...)
}

// watch waits for the workers; when no call finishes for -stress.hang it
// dumps every goroutine and fails the test as hung.
func (st *stressRun) watch(t *testing.T, done <-chan struct{}) {
	last, lastAt := st.calls.Load(), time.Now()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
		}
		if n := st.calls.Load(); n != last {
			last, lastAt = n, time.Now()
			continue
		}
		if time.Since(lastAt) > *stressHang {
			buf := make([]byte, 1<<22)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("TestStress hung (seed %d): no call finished for %v after %d calls; all goroutines:\n%s",
				*stressSeed, *stressHang, last, buf)
		}
	}
}

// removeTree removes everything under dir (not dir itself).
func removeTree(t *testing.T, p *vfs.Process, dir string) {
	fd, err := p.Open(dir, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err)
	var names []string
	buf := make([]byte, 8192)
	for {
		n, err := p.Getdents(fd, buf)
		require.NoError(t, err)
		if n == 0 {
			break
		}
		for _, e := range parseNames(buf[:n]) {
			if e != "." && e != ".." {
				names = append(names, e)
			}
		}
	}
	require.NoError(t, p.Close(fd))
	for _, name := range names {
		path := dir + "/" + name
		var stt vfs.Stat_t
		require.NoError(t, p.Lstat(path, &stt))
		if stt.Mode&vfs.S_IFMT == vfs.S_IFDIR {
			removeTree(t, p, path)
			require.NoError(t, p.Rmdir(path))
		} else {
			require.NoError(t, p.Unlink(path))
		}
	}
}

// errnoOf is the errno of a call's error; anything that is not an errno
// is a bug of its own.
func errnoOf(err error) (vfs.Errno, bool) {
	var en vfs.Errno
	if errors.As(err, &en) {
		return en, true
	}
	return 0, err == nil
}

func parseNames(buf []byte) []string {
	var out []string
	for len(buf) >= 19 {
		reclen := int(buf[16]) | int(buf[17])<<8
		if reclen < 19 || reclen > len(buf) {
			break
		}
		name := buf[19:reclen]
		if i := strings.IndexByte(string(name), 0); i >= 0 {
			name = name[:i]
		}
		out = append(out, string(name))
		buf = buf[reclen:]
	}
	return out
}

// stressNames is where the workers meet: names on both filesystems, some
// through a regular file or too long, FIFOs among them.
var stressNames = func() []string {
	var out []string
	for _, dir := range []string{stressDir, smallDir} {
		for _, n := range []string{"a", "b", "c", "d", "d/e", "d/f", "p", "q", "a/..", "a/x", "d/..", "", "d/", strings.Repeat("n", 256)} {
			out = append(out, dir+"/"+n)
		}
	}
	return append(out, "", ".", "/", "/small/", strings.Repeat("/x", 2100))
}()
