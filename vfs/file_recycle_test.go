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
	t.Run("a_File_whose_opener_forgets_it_is_reused", func(t *testing.T) {
		_, p, _ := bootMiniproc(t)
		k := keeperOf(t, p)
		// The race detector's pool drops a quarter of what it is given,
		// so any File coming back will do.
		seen := map[*vfs.File]bool{}
		reused := false
		for range 100 {
			f := openKeeper(t, p, k)
			reused = reused || seen[f]
			seen[f] = true
		}
		require.True(t, reused, "a /proc-style File is never reused")
	})
	t.Run("a_File_its_opener_kept_by_mistake_reads_EBADF_and_its_DecRef_panics", func(t *testing.T) {
		_, p, _ := bootMiniproc(t)
		buf := make([]byte, 16)
		kept := openKeeper(t, p, keeperOf(t, p))
		_, err := vfs.ReadForTest(kept, buf)
		requireErrno(t, err, vfs.EBADF)
		require.Panics(t, kept.DecRef)
	})
}

// miniprocKeeper is a GenFile that, against GenFile's promise
// (vfs.FileForgetter), keeps the last File it opened.
type miniprocKeeper struct {
	vfs.Inode
	vfs.GenFile
	kept *vfs.File
}

func (k *miniprocKeeper) Open(f *vfs.File) (vfs.FileOperations, error) {
	k.kept = f
	return k.GenFile.Open(f)
}

// keeperOf finds /mp/keeper's inode through an O_PATH open, which does
// not call Open.
func keeperOf(t *testing.T, p *vfs.Process) *miniprocKeeper {
	t.Helper()
	fd, err := p.Open("/mp/keeper", vfs.O_PATH, 0)
	require.NoError(t, err)
	f, err := p.Fget(fd)
	require.NoError(t, err)
	k := f.Inode().Impl().(*miniprocKeeper)
	f.DecRef()
	require.NoError(t, p.Close(fd))
	return k
}

// openKeeper opens, reads and closes /mp/keeper, and returns the File
// its opener kept: released now, and perhaps already reused.
func openKeeper(t *testing.T, p *vfs.Process, k *miniprocKeeper) *vfs.File {
	t.Helper()
	fd, err := p.Open("/mp/keeper", vfs.O_RDONLY, 0)
	require.NoError(t, err)
	require.Equal(t, "kept\n", readAll(t, p, fd))
	require.NoError(t, p.Close(fd))
	return k.kept
}
