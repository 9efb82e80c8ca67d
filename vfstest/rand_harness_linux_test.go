//go:build linux

package vfstest_test

import (
	"fmt"
	"go/parser"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfstest"
)

// Tests of the random harness itself.

// TestRandomSequencesAreDeterministicOnTheHost records seeded sequences
// twice on the host: an op whose transcript varies on Linux itself
// would make the differential test cry wolf. The socket ops are in,
// whatever govfs has: only the host runs here.
func TestRandomSequencesAreDeterministicOnTheHost(t *testing.T) {
	ops := append(vfstest.FileRandOps(), vfstest.SockRandOps(true)...)
	for seed := range uint64(20) {
		g := vfstest.NewRandGen(seed)
		g.Climb = 1
		sc := vfstest.RandScenario("rand", vfstest.GenCalls(ops, g, 200))
		first := vfstest.Record(t, vfstest.NewHost(t), sc)
		second := vfstest.Record(t, vfstest.NewHost(t), sc)
		require.True(t, first.Equal(second), "seed %d:\n%s", seed, vfstest.SideBySide("host", first, "host again", second))
	}
}

func TestShrinkRandKeepsOnlyWhatTheFailureNeeds(t *testing.T) {
	g := vfstest.NewRandGen(7)
	seq := vfstest.GenCalls(vfstest.FileRandOps(), g, 300)
	// The "bug": a Rename anywhere after a Mkdir.
	fails := func(c []vfstest.RandCall) bool {
		mkdir := false
		for _, x := range c {
			mkdir = mkdir || x.Op.Name == "Mkdir"
			if mkdir && x.Op.Name == "Rename" {
				return true
			}
		}
		return false
	}
	require.True(t, fails(seq), "seed 7 should draw a Mkdir and a later Rename")
	small := vfstest.ShrinkRand(seq, fails, 10*time.Second)
	require.Len(t, small, 2)
	require.Equal(t, "Mkdir", small[0].Op.Name)
	require.Equal(t, "Rename", small[1].Op.Name)
}

func TestRandReproducerIsGoSource(t *testing.T) {
	var out string
	for seed := range uint64(50) {
		g := vfstest.NewRandGen(seed)
		g.Climb = 1
		out += vfstest.RandReproducer(fmt.Sprintf("seed=%d", seed), vfstest.GenCalls(vfstest.FileRandOps(), g, 300))
	}
	require.True(t, strings.HasPrefix(out, "// Found by the random differential test (seed=0).\nsc(\"rand_seed_0\""), out[:200])
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "s.") {
			continue
		}
		_, err := parser.ParseExpr(line)
		require.NoError(t, err, "not a Go expression: %s", line)
		require.NotContains(t, line, "0x0,", fmt.Sprintf("flags printed as a number: %s", line))
	}
}
