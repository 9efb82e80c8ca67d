package anonfs_test

import (
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"weak"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/anonfs"
	"github.com/govfs/govfs/vfs"
)

// TestEpollInterestLifetime: an interest belongs to the open File and
// the fd it was added through, and lives as long as the File does.
func TestEpollInterestLifetime(t *testing.T) {
	t.Run("a_dup_keeps_the_interest_alive_after_close", func(t *testing.T) {
		// The classic surprise: close(fd) does not remove fd from the
		// epoll while a dup keeps its File open, events still come with
		// the old data, and the fd is gone so it cannot be removed.
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(0)
		e.add(ep, fd, vfs.EPOLLIN, 44)
		dup, err := e.p.Dup(fd)
		require.NoError(t, err)
		require.NoError(t, e.p.Close(fd))
		require.NoError(t, put(e.p, dup, 1))
		require.Equal(t, []string{"44:0x1"}, e.wait(ep, 4), "events of the closed fd's interest")
		require.ErrorIs(t, e.p.EpollCtl(ep, vfs.EPOLL_CTL_DEL, fd, nil), vfs.EBADF, "the fd is closed")
		require.ErrorIs(t, e.p.EpollCtl(ep, vfs.EPOLL_CTL_DEL, dup, nil), vfs.ENOENT, "the interest is keyed by (File, fd)")
		e.add(ep, dup, vfs.EPOLLIN, 45)
		require.Equal(t, []string{"44:0x1", "45:0x1"}, e.wait(ep, 4), "one File, two interests")
		// Reopening the old number on the same File reaches the old
		// interest again.
		require.NoError(t, e.p.Dup2(dup, fd))
		require.NoError(t, e.p.EpollCtl(ep, vfs.EPOLL_CTL_DEL, fd, nil))
		require.Equal(t, []string{"45:0x1"}, e.wait(ep, 4))
	})
	t.Run("the_interest_goes_with_the_files_last_reference", func(t *testing.T) {
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(1)
		e.add(ep, fd, vfs.EPOLLIN, 1)
		dup, _ := e.p.Dup(fd)
		require.NoError(t, e.p.Close(fd))
		require.NoError(t, e.p.Close(dup))
		require.Empty(t, e.wait(ep, 4))
		info := readFile(t, e.p, "/proc/self/fdinfo/"+strconv.Itoa(ep))
		require.NotContains(t, info, "tfd:")
		// The number can be reused for a new File without EEXIST.
		fd2 := e.eventfd(1)
		require.Equal(t, fd, fd2)
		e.add(ep, fd2, vfs.EPOLLIN, 2)
		require.Equal(t, []string{"2:0x1"}, e.wait(ep, 4))
	})
	t.Run("a_forked_child_shares_the_instance", func(t *testing.T) {
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(0)
		child, err := e.p.Fork()
		require.NoError(t, err)
		defer reap(e.p, child)
		require.NoError(t, child.EpollCtl(ep, vfs.EPOLL_CTL_ADD, fd, &vfs.EpollEvent{Events: vfs.EPOLLIN, Fd: 3}))
		require.NoError(t, put(child, fd, 1))
		require.Equal(t, []string{"3:0x1"}, e.wait(ep, 4))
	})
	t.Run("a_closed_epoll_is_unreachable_from_the_files_it_watched", func(t *testing.T) {
		// Its callbacks are off the files' queues and its release hooks
		// cancelled: nothing the watched file holds keeps it alive.
		e := newEpoll(t)
		fd := e.eventfd(0)
		ep := e.create()
		e.add(ep, fd, vfs.EPOLLIN, 0)
		f, err := e.p.Fget(ep)
		require.NoError(t, err)
		wp := weak.Make(anonfs.EventpollOf(f))
		f.DecRef()
		require.NoError(t, e.p.Close(ep))
		require.NoError(t, put(e.p, fd, 1))
		for range 5 {
			runtime.GC()
		}
		require.Nil(t, wp.Value(), "the closed epoll is still reachable")
	})
	t.Run("DEL_takes_the_callback_off_and_cancels_the_release_hook", func(t *testing.T) {
		e := newEpoll(t)
		ep, fd := e.create(), e.eventfd(1)
		for range 100 {
			e.add(ep, fd, vfs.EPOLLIN, 0)
			require.NoError(t, e.p.EpollCtl(ep, vfs.EPOLL_CTL_DEL, fd, nil))
		}
		require.Empty(t, e.wait(ep, 4))
		require.NoError(t, e.p.Close(fd))
	})
}

// TestEpollWakeupsAreOReady: a wait over many idle files with one
// ready asks only the ready one for its readiness.
func TestEpollWakeupsAreOReady(t *testing.T) {
	k, p := boot(t)
	fs := anonfs.Of(k)
	const n = 10000
	require.NoError(t, p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: 2 * n, Max: 2 * n}))
	ep, err := p.EpollCreate1(0)
	require.NoError(t, err)
	objs := make([]*countingFile, n)
	for i := range objs {
		objs[i] = &countingFile{}
		fd, err := p.InstallFD(fs.NewFile("[counting]", vfs.O_RDWR, objs[i]), false)
		require.NoError(t, err)
		require.NoError(t, p.EpollCtl(ep, vfs.EPOLL_CTL_ADD, fd, &vfs.EpollEvent{Events: vfs.EPOLLIN, Fd: int32(i)}))
	}
	for _, o := range objs {
		o.asked.Store(0) // ADD asked each once
	}
	objs[n/2].setReady(true)
	evs := make([]vfs.EpollEvent, 8)
	got, err := p.EpollWait(ep, evs, -1)
	require.NoError(t, err)
	require.Equal(t, 1, got)
	require.Equal(t, int32(n/2), evs[0].Fd)
	asked := 0
	for _, o := range objs {
		asked += int(o.asked.Load())
	}
	require.Equal(t, 1, asked, "only the ready file was asked")
}

// countingFile is a pollable object that counts how often it is asked.
type countingFile struct {
	q     vfs.WaitQueue
	mu    sync.Mutex
	ready bool
	asked atomic.Int32
}

func (c *countingFile) Read(*vfs.File, []byte, *int64) (int, error)  { return 0, vfs.EAGAIN }
func (c *countingFile) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EINVAL }
func (c *countingFile) EventQueue(*vfs.File) *vfs.WaitQueue          { return &c.q }
func (c *countingFile) Readiness(_ *vfs.File, mask uint32) uint32 {
	c.asked.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ready {
		return vfs.POLLIN & mask
	}
	return 0
}

func (c *countingFile) setReady(r bool) {
	c.mu.Lock()
	c.ready = r
	c.mu.Unlock()
	if r {
		c.q.Notify(vfs.POLLIN)
	}
}
