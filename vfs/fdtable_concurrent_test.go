package vfs_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The fd table takes no lock: these check that what Linux promises
// under its file_lock still holds with many goroutines at once, and
// that the lowest free fd is found across the table's chunks.

func TestFDTableConcurrent(t *testing.T) {
	t.Run("concurrent_opens_dups_and_closes_never_share_an_fd", func(t *testing.T) {
		_, p := newSystem(t)
		writeFile(t, p, "/tmp/f", "x", 0o644)
		before := p.FDTable().Count()
		const workers, rounds = 8, 20000
		var owner [256]atomic.Int32 // fd → worker+1 while it holds the fd
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				for i := range rounds {
					fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
					if err == nil && i%3 == 0 {
						var dfd int
						if dfd, err = p.Dup(fd); err == nil {
							p.Close(fd)
							fd = dfd
						}
					}
					if err != nil {
						errs <- err
						return
					}
					if !owner[fd].CompareAndSwap(0, int32(w+1)) {
						errs <- vfs.EEXIST // two holders of one fd
						return
					}
					owner[fd].Store(0)
					if err := p.Close(fd); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		require.Equal(t, before, p.FDTable().Count())
		fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.Equal(t, before, fd, "every fd came back: the lowest is free again")
	})

	t.Run("dup2_onto_an_fd_reserved_by_a_blocked_open_is_EBUSY", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkfifo("/tmp/fifo", 0o644))
		writeFile(t, p, "/tmp/f", "", 0o644)
		fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		reserved := fd + 1
		opened := make(chan int)
		go func() {
			rfd, _ := p.Open("/tmp/fifo", vfs.O_RDONLY, 0) // blocks: no writer
			opened <- rfd
		}()
		require.Eventually(t, func() bool { return p.FDTable().Count() == reserved+1 },
			5*time.Second, time.Millisecond, "the FIFO open reserves its fd before it blocks")
		requireErrno(t, p.Dup2(fd, reserved), vfs.EBUSY)
		var st vfs.Stat_t
		requireErrno(t, p.Fstat(reserved, &st), vfs.EBADF, "a reserved fd is not open")
		requireErrno(t, p.Close(reserved), vfs.EBADF)
		next, err := p.Dup(fd)
		require.NoError(t, err)
		require.Equal(t, reserved+1, next, "a reserved fd is not the lowest free")
		w, err := p.Open("/tmp/fifo", vfs.O_WRONLY, 0)
		require.NoError(t, err)
		require.Equal(t, reserved, <-opened)
		require.NoError(t, p.Close(w))
	})

	t.Run("the_lowest_free_fd_is_found_across_chunks_and_groups", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: 10000, Max: 10000}))
		writeFile(t, p, "/tmp/f", "", 0o644)
		first, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		for p.FDTable().Count() < 9000 {
			_, err := p.Dup(first)
			require.NoError(t, err)
		}
		require.Equal(t, 9000, p.FDTable().Count())
		holes := []int{8191, 4096, 4095, 200, 128, 127, 64, 63, 5}
		for _, fd := range holes { // closed from the top: hint comes down
			require.NoError(t, p.Close(fd))
		}
		for i := len(holes) - 1; i >= 0; i-- {
			fd, err := p.Dup(first)
			require.NoError(t, err)
			require.Equal(t, holes[i], fd)
		}
		fd, err := p.Dup(first)
		require.NoError(t, err)
		require.Equal(t, 9000, fd, "the table is full up to its count")
		fd, err = p.FcntlInt(uintptr(first), vfs.F_DUPFD, 4000)
		require.NoError(t, err)
		require.Equal(t, 9001, fd, "F_DUPFD skips full groups to the first free fd")
		require.NoError(t, p.Close(8000))
		fd, err = p.FcntlInt(uintptr(first), vfs.F_DUPFD, 4000)
		require.NoError(t, err)
		require.Equal(t, 8000, fd)
	})

	t.Run("a_full_table_is_EMFILE_before_the_path_is_walked", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: 100, Max: 100}))
		writeFile(t, p, "/tmp/f", "", 0o644)
		openN(t, p, "/tmp/f", 100-p.FDTable().Count())
		_, err := p.Open("/tmp/missing", vfs.O_RDONLY, 0)
		requireErrno(t, err, vfs.EMFILE, "not ENOENT: open takes its fd first")
		require.NoError(t, p.Close(70))
		_, err = p.Open("/tmp/missing", vfs.O_RDONLY, 0)
		requireErrno(t, err, vfs.ENOENT)
		fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.Equal(t, 70, fd, "the failed open gave its fd back")
	})

	t.Run("a_fork_during_opens_and_closes_copies_open_files_only", func(t *testing.T) {
		_, p := newSystem(t)
		writeFile(t, p, "/tmp/f", "x", 0o644)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					if fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0); err == nil {
						p.Close(fd)
					}
				}
			})
		}
		for range 200 {
			c, err := p.Fork()
			require.NoError(t, err)
			var st vfs.Stat_t
			n := 0
			for fd := range 64 {
				if c.Fstat(fd, &st) == nil {
					n++
				}
			}
			require.Equal(t, n, c.FDTable().Count(), "every fd the child has is open")
			c.Exit(0)
			_, err = p.Wait(c.Pid())
			require.NoError(t, err)
		}
		close(stop)
		wg.Wait()
	})
}
