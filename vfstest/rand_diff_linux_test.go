//go:build linux

package vfstest_test

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// The random differential test. In CI it runs a few thousand calls;
//
//	go test ./vfstest -run TestRandomDifferential -rand.ops=1000000 -rand.budget=0
//
// runs a long one, and -rand.seed=N replays the sequence a report named.
var (
	randOps    = flag.Int("rand.ops", 20000, "calls in TestRandomDifferential, in total")
	randSeed   = flag.Uint64("rand.seed", 1, "first seed of TestRandomDifferential")
	randLen    = flag.Int("rand.len", 200, "calls per random sequence")
	randLong   = flag.Int("rand.long", 2000, "calls in every tenth random sequence, whose seed is a multiple of 10 (at most -rand.len: all alike)")
	randBudget = flag.Duration("rand.budget", 20*time.Second, "stop starting random sequences after this long (0: no limit)")
	randShrink = flag.Duration("rand.shrink", 10*time.Second, "time to shrink one failing random sequence")
	randSkip   = flag.String("rand.skip", "", "comma-separated ops to leave out of TestRandomDifferential, e.g. Fallocate")
)

// randOpsTable is FileRandOps, ProcRandOps, TimerRandOps, AnonRandOps,
// SignalRandOps, PipeRandOps and MoreRandOps, with SockRandOps when
// sockets is set, less the ops -rand.skip names.
func randOpsTable(t *testing.T, sockets bool) []vfstest.RandOp {
	var ops []vfstest.RandOp
	skip := strings.Split(*randSkip, ",")
	all := append(vfstest.FileRandOps(), vfstest.ProcRandOps()...)
	all = append(all, vfstest.TimerRandOps()...)
	all = append(all, vfstest.AnonRandOps()...)
	all = append(all, vfstest.SignalRandOps()...)
	all = append(all, vfstest.PipeRandOps()...)
	all = append(all, vfstest.MoreRandOps()...)
	if sockets {
		all = append(all, vfstest.SockRandOps(govfsHasFamily(t, unix.AF_INET))...)
	}
	for _, op := range all {
		if !slices.Contains(skip, op.Name) {
			ops = append(ops, op)
		}
	}
	if len(ops) == 0 {
		t.Skip("-rand.skip left no op")
	}
	return ops
}

// newRandGovfs is newGovfs as the user the test runs as, so that a run
// by an unprivileged user meets the same permission checks on both
// sides.
func newRandGovfs(t *testing.T) vfstest.System {
	uid, gid := os.Getuid(), os.Getgid()
	if uid == 0 {
		return newGovfs(t)
	}
	p := bootLikeHost(t).Init()
	require.NoError(t, p.Mkdir(sandboxDir, 0o755))
	require.NoError(t, p.Chown(sandboxDir, uid, gid))
	groups, err := os.Getgroups()
	require.NoError(t, err)
	require.NoError(t, p.Setgroups(groups))
	require.NoError(t, p.Setgid(gid))
	require.NoError(t, p.Setuid(uid))
	require.NoError(t, p.Chdir(sandboxDir))
	return vfstest.NewGovfs(p, sandboxDir)
}

func TestRandomDifferential(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skipf("the host side needs /proc/self/fd: %v", err)
	}
	runRandDifferential(t, false)
}

// runRandDifferential runs the random sequences the -rand flags ask
// for, with the socket calls or without, and logs what it ran.
func runRandDifferential(t *testing.T, sockets bool) {
	seqLen := max(*randLen, 1)
	start := time.Now()
	// A call that never returns in govfs fails its sequence; shrinking
	// meets it again and again, so do not wait long for it.
	defer func(old time.Duration) { vfstest.ScenarioTimeout = old }(vfstest.ScenarioTimeout)
	vfstest.ScenarioTimeout = 2 * time.Second
	cfg := vfstest.RandConfig{
		Ops: randOpsTable(t, sockets), Seed: *randSeed, Len: seqLen, Long: *randLong, Budget: *randBudget,
		ShrinkBudget: *randShrink,
	}
	cfg.Seeds = cfg.RandSeeds(*randOps)
	n := vfstest.RandDifferential(t, newRandGovfs, cfg)
	t.Logf("%d random calls (sockets: %v) in %v (seeds from %d, %d calls each, %d in every tenth)", n, sockets,
		time.Since(start).Round(time.Millisecond), *randSeed, seqLen, max(seqLen, *randLong))
}

// FuzzRandomDifferential decodes a fuzz input into a call sequence and
// compares govfs with the kernel:
//
//	go test ./vfstest -run '^$' -fuzz FuzzRandomDifferential
func FuzzRandomDifferential(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03"))
	f.Add([]byte("mkdir d0; rename d0 ../x; rmdir d0/.."))
	f.Add([]byte{200, 17, 5, 9, 33, 41, 0, 255, 128, 64, 7, 3, 99, 12})
	f.Fuzz(func(t *testing.T, data []byte) {
		g := vfstest.NewFuzzGen(data)
		g.Climb = 1
		seq := vfstest.GenCalls(randOpsTable(t, false), g, 64)
		vfstest.CheckRandCalls(t, newRandGovfs, "fuzz input", seq, *randShrink)
	})
}
