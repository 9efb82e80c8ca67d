//go:build linux

package vfstest_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// The differential cases, split by topic into diff_cases_*_linux_test.go.
// TestDifferential (diff_govfs_linux_test.go) runs them against govfs;
// TestHostDeterminism runs them twice on the host to prove that the
// transcripts contain nothing that varies between runs.

func allScenarios() []vfstest.Scenario {
	var all []vfstest.Scenario
	for _, group := range [][]vfstest.Scenario{
		openScenarios, rwScenarios, seekTruncScenarios, dirScenarios, direntScenarios,
		symlinkScenarios, linkScenarios, renameScenarios, fdScenarios,
		attrScenarios, nodeScenarios, atScenarios, pathScenarios,
		pipeScenarios, pipeBufScenarios, pipeWakeScenarios, fifoScenarios, pollScenarios,
		timeScenarios, moreScenarios, permScenarios,
		permDirScenarios, permAttrScenarios, permCreateScenarios, permSearchScenarios, stickyScenarios,
		mountScenarios, walkScenarios, devScenarios, ptyScenarios, sysctlScenarios,
		procMagicScenarios, procFileScenarios, timerScenarios, anonScenarios, mmapScenarios, signalScenarios,
	} {
		all = append(all, group...)
	}
	all = append(all, unixSockScenarios()...)
	return append(all, inetSockScenarios()...)
}

// fileScenarios are the cases that need no socket family in govfs.
func fileScenarios() []vfstest.Scenario {
	return allScenarios()[:len(allScenarios())-len(unixSockScenarios())-len(inetSockScenarios())]
}

// sc builds a scenario; the name states the behaviour under test.
func sc(name string, run func(s *vfstest.Session)) vfstest.Scenario {
	return vfstest.Scenario{Name: name, Run: run}
}

const (
	creatRW  = unix.O_RDWR | unix.O_CREAT
	creatWR  = unix.O_WRONLY | unix.O_CREAT
	readOnly = unix.O_RDONLY
	dirOnly  = unix.O_RDONLY | unix.O_DIRECTORY
)

// longName is a single path component of n bytes.
func longName(n int) string { return strings.Repeat("n", n) }

func TestScenarioCount(t *testing.T) {
	require.GreaterOrEqual(t, len(allScenarios()), 90)
	require.GreaterOrEqual(t, len(unixSockScenarios())+len(inetSockScenarios()), 60)
}

// TestHostDeterminism records every scenario twice on the host, in two
// sandboxes, and requires identical transcripts: a case whose transcript
// varies on Linux itself cannot judge govfs.
func TestHostDeterminism(t *testing.T) {
	for _, s := range allScenarios() {
		t.Run(s.Name, func(t *testing.T) {
			first := vfstest.Record(t, vfstest.NewHost(t), s)
			second := vfstest.Record(t, vfstest.NewHost(t), s)
			require.True(t, first.Equal(second), "host transcripts differ:\n%s",
				vfstest.SideBySide("host", first, "host again", second))
			t.Logf("transcript:\n%s", first)
		})
	}
}
