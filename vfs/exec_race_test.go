package vfs_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestExecRacesExitAndFork execs a program in a process while other
// goroutines of it fork and exit it: whatever wins, no File of the
// executable is left (the mount unmounts), no writer stays denied (the
// file opens for writing), and every Exec returns nil or ESRCH.
func TestExecRacesExitAndFork(t *testing.T) {
	k, init := newSystem(t)
	require.NoError(t, k.RegisterProgram("wait", func(p *vfs.Process, _, _ []string) int {
		p.Read(0, make([]byte, 1)) // until end of file, or the process exits
		return 3
	}))
	require.NoError(t, init.Mkdir("/mnt", 0o755))
	for range 100 {
		require.NoError(t, init.Mount("none", "/mnt", "tmpfs", 0, ""))
		require.NoError(t, k.Install("/mnt/wait", "wait"))
		fds := make([]int, 2)
		require.NoError(t, init.Pipe(fds))
		c := fork(t, init)
		require.NoError(t, c.Dup2(fds[0], 0))
		require.NoError(t, init.Close(fds[0]))

		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			kids []*vfs.Process
		)
		wg.Go(func() {
			err := c.Exec("/mnt/wait", nil, nil)
			if err != nil && err != vfs.ESRCH {
				t.Errorf("exec: %v", err)
			}
		})
		wg.Go(func() {
			for range 20 {
				kid, err := c.Fork()
				if err != nil {
					return
				}
				mu.Lock()
				kids = append(kids, kid)
				mu.Unlock()
			}
		})
		wg.Go(func() { c.Exit(0) })
		wg.Wait()

		for _, kid := range kids {
			kid.Exit(0)
			reap(t, init, kid.Pid())
		}
		require.NoError(t, init.Close(fds[1]))
		status, err := init.Wait(c.Pid())
		require.NoError(t, err)
		require.Contains(t, []int{0, 3 << 8}, status)
		require.Zero(t, c.FDTable().Count())
		fd, err := init.Open("/mnt/wait", vfs.O_WRONLY, 0)
		require.NoError(t, err, "a writer is still denied")
		require.NoError(t, init.Close(fd))
		require.NoError(t, init.Unmount("/mnt", 0), "a reference on the executable was left behind")
	}
}
