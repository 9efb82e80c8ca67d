package vfs_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestFileRecycling checks the rules under which a released File is
// reused for another open: never one handed out of the core, and never
// seen through another fd.
func TestFileRecycling(t *testing.T) {
	t.Run("a_file_from_Fget_is_never_reused_so_a_late_DecRef_panics", func(t *testing.T) {
		_, p := newSystem(t)
		writeFile(t, p, "/tmp/f", "f", 0o644)
		fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		f, err := p.Fget(fd)
		require.NoError(t, err)
		require.NoError(t, p.Close(fd))
		f.DecRef() // the last reference
		for range 100 {
			fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
			require.NoError(t, err)
			require.NotSame(t, f, vfs.FileForTest(p, fd))
			require.NoError(t, p.Close(fd))
		}
		require.Panics(t, f.DecRef)
	})
	t.Run("each_fd_reads_its_own_file_while_others_open_and_close", func(t *testing.T) {
		_, p := newSystem(t)
		names := []string{"/tmp/a", "/tmp/b", "/tmp/c"}
		for _, n := range names {
			writeFile(t, p, n, n, 0o644)
		}
		var wg sync.WaitGroup
		for _, n := range names {
			wg.Go(func() {
				buf := make([]byte, 16)
				for range 3000 {
					fd, err := p.Open(n, vfs.O_RDONLY, 0)
					if err != nil {
						t.Error(err)
						return
					}
					k, err := p.Pread(fd, buf, 0)
					if err != nil || string(buf[:k]) != n {
						t.Errorf("fd %d opened as %s reads %q, %v", fd, n, buf[:k], err)
					}
					if err := p.Close(fd); err != nil {
						t.Error(err)
					}
				}
			})
		}
		// A reader of whatever fds are open: its lookups race with the
		// closes and reopens, and must never disturb them.
		stop := make(chan struct{})
		var rg sync.WaitGroup
		rg.Go(func() {
			buf := make([]byte, 16)
			for {
				select {
				case <-stop:
					return
				default:
				}
				for fd := 3; fd < 8; fd++ {
					p.Pread(fd, buf, 0)
					var st vfs.Stat_t
					p.Fstat(fd, &st)
				}
			}
		})
		wg.Wait()
		close(stop)
		rg.Wait()
	})
}
