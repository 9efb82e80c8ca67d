package vfs_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestTraceOneBlockPerCall runs traced calls from many goroutines of one
// process and checks that each call's lines stay together: every walk
// block follows the line of its own call.
func TestTraceOneBlockPerCall(t *testing.T) {
	k, p := newSystem(t)
	const workers, calls = 8, 50
	for i := range workers {
		require.NoError(t, p.Mkdir(fmt.Sprintf("/tmp/d%d", i), 0o755))
	}
	var out bytes.Buffer
	k.TraceWith(&out, vfs.TraceOptions{Level: vfs.TraceWalk})
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			for j := range calls {
				p.Stat(fmt.Sprintf("/tmp/d%d/../d%d/f%d", i, i, j), new(vfs.Stat_t))
			}
		})
	}
	wg.Wait()
	k.TraceWith(nil, vfs.TraceOptions{})

	blocks := strings.Split(out.String(), "[1] ")[1:]
	require.Len(t, blocks, workers*calls)
	for _, b := range blocks {
		lines := strings.Split(strings.TrimSuffix(b, "\n"), "\n")
		path := strings.Split(lines[0], `"`)[1]
		require.Equal(t, `    walk "`+path+`" from root /`, lines[1], "block:\n%s", b)
		require.Len(t, lines, 8, "block:\n%s", b)
		d := strings.Split(path, "/")[2]
		require.Equal(t, `      "`+d+`": dcache hit`, lines[3], "block:\n%s", b)
		require.Equal(t, `    namei "`+path+`": ENOENT`, lines[7], "block:\n%s", b)
	}
}

// TestTraceSharedFile traces writes to one File from many goroutines:
// each block reads the File's offset without racing the other writes.
func TestTraceSharedFile(t *testing.T) {
	k, p := newSystem(t)
	fd, err := p.Open("/tmp/shared", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	require.NoError(t, err)
	var out bytes.Buffer
	k.TraceWith(&out, vfs.TraceOptions{Level: vfs.TraceLayers, FDs: []int{fd}})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 25 {
				p.Write(fd, []byte("x"))
			}
		})
	}
	wg.Wait()
	k.TraceWith(nil, vfs.TraceOptions{})
	blocks := strings.Split(out.String(), "[1] ")[1:]
	require.Len(t, blocks, 100)
	for _, b := range blocks {
		require.Regexp(t, `^write\(3, "x"\) = 1
    fdtable\[3\] → File\{O_RDWR\|O_LARGEFILE, pos \d+, /tmp/shared\}
    f_op: tmpfs write → 1
$`, b)
	}
}
