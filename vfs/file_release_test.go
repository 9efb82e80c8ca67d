package vfs_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func TestOnRelease(t *testing.T) {
	t.Run("hook_runs_once_after_the_last_fd_closes", func(t *testing.T) {
		_, p := newSystem(t)
		fds := make([]int, 2)
		require.NoError(t, p.Pipe(fds))
		r, w := fds[0], fds[1]
		dup, err := p.Dup(r)
		require.NoError(t, err)
		rf, err := p.Fget(r)
		require.NoError(t, err)
		wf, err := p.Fget(w)
		require.NoError(t, err)
		defer wf.DecRef()
		calls := 0
		var writerSaw uint32
		rf.OnRelease(func() {
			calls++
			// After the backend's Release: the pipe has no reader.
			writerSaw = wf.Readiness(vfs.POLLOUT)
		})
		rf.DecRef()
		require.NoError(t, p.Close(r))
		require.Zero(t, calls, "the dup still holds the File")
		require.NoError(t, p.Close(dup))
		require.Equal(t, 1, calls)
		require.NotZero(t, writerSaw&vfs.POLLERR, "the hook ran before the backend's Release")
	})
	t.Run("hooks_run_in_registration_order", func(t *testing.T) {
		_, p := newSystem(t)
		fd, rf := pipeReadEnd(t, p)
		var order []int
		for i := range 3 {
			rf.OnRelease(func() { order = append(order, i) })
		}
		rf.DecRef()
		require.NoError(t, p.Close(fd))
		require.Equal(t, []int{0, 1, 2}, order)
	})
	t.Run("stopped_hook_never_runs", func(t *testing.T) {
		_, p := newSystem(t)
		fd, rf := pipeReadEnd(t, p)
		stop := rf.OnRelease(func() { t.Error("stopped hook ran") })
		kept := 0
		rf.OnRelease(func() { kept++ })
		require.True(t, stop())
		require.False(t, stop(), "a second stop stops nothing")
		rf.DecRef()
		require.NoError(t, p.Close(fd))
		require.Equal(t, 1, kept)
	})
	t.Run("stop_after_the_release_is_false", func(t *testing.T) {
		_, p := newSystem(t)
		fd, rf := pipeReadEnd(t, p)
		stop := rf.OnRelease(func() {})
		rf.DecRef()
		require.NoError(t, p.Close(fd))
		require.False(t, stop())
	})
	t.Run("hook_on_a_released_file_runs_at_once", func(t *testing.T) {
		_, p := newSystem(t)
		fd, rf := pipeReadEnd(t, p)
		rf.DecRef()
		require.NoError(t, p.Close(fd))
		calls := 0
		stop := rf.OnRelease(func() { calls++ })
		require.Equal(t, 1, calls)
		require.False(t, stop())
	})
	t.Run("concurrent_registrations_each_run_once", func(t *testing.T) {
		_, p := newSystem(t)
		fd, rf := pipeReadEnd(t, p)
		const n = 64
		var ran, stopped atomic.Int32
		var wg sync.WaitGroup
		for i := range n {
			rf.IncRef()
			wg.Go(func() {
				defer rf.DecRef()
				stop := rf.OnRelease(func() { ran.Add(1) })
				if i%4 == 0 && stop() {
					stopped.Add(1)
				}
			})
		}
		rf.DecRef()
		require.NoError(t, p.Close(fd))
		wg.Wait()
		require.Equal(t, int32(n), ran.Load()+stopped.Load())
		require.Equal(t, int32(n/4), stopped.Load())
	})
}

// pipeReadEnd makes a pipe and returns its read fd and a reference to
// its File; the write end is closed.
func pipeReadEnd(t *testing.T, p *vfs.Process) (int, *vfs.File) {
	t.Helper()
	fds := make([]int, 2)
	require.NoError(t, p.Pipe(fds))
	require.NoError(t, p.Close(fds[1]))
	f, err := p.Fget(fds[0])
	require.NoError(t, err)
	return fds[0], f
}
