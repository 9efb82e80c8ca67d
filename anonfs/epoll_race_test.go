package anonfs_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// TestEpollRaces: epoll_ctl, epoll_wait, writes and closes from several
// goroutines at once (run with -race); and a kernel shut down under
// blocked waits leaves no goroutine behind.
func TestEpollRaces(t *testing.T) {
	t.Run("ctl_wait_write_and_close_race_without_a_lost_event_or_a_leak", func(t *testing.T) {
		_, p := boot(t)
		ep, err := p.EpollCreate1(0)
		require.NoError(t, err)
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 300 {
					fd, err := p.Eventfd(0, vfs.EFD_NONBLOCK)
					if err != nil {
						t.Error(err)
						return
					}
					ev := &vfs.EpollEvent{Events: vfs.EPOLLIN | uint32(i%2)*vfs.EPOLLET, Fd: int32(g)}
					_ = p.EpollCtl(ep, vfs.EPOLL_CTL_ADD, fd, ev)
					_ = put(p, fd, 1)
					if i%3 == 0 {
						_ = p.EpollCtl(ep, vfs.EPOLL_CTL_MOD, fd, &vfs.EpollEvent{Events: vfs.EPOLLOUT | vfs.EPOLLONESHOT})
					}
					_, _ = p.EpollWait(ep, make([]vfs.EpollEvent, 4), 0)
					if i%5 == 0 {
						_ = p.EpollCtl(ep, vfs.EPOLL_CTL_DEL, fd, nil)
					}
					_ = p.Close(fd)
				}
			}()
		}
		wg.Wait()
		require.Empty(t, (&epollFixture{t, p}).wait(ep, 8), "every interest went with its File")
		require.NoError(t, p.Close(ep))
	})
	t.Run("nested_epolls_notify_while_being_linked_and_closed", func(t *testing.T) {
		_, p := boot(t)
		fd, err := p.Eventfd(0, vfs.EFD_NONBLOCK)
		require.NoError(t, err)
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range 2000 {
				_ = put(p, fd, 1)
				_, _ = take(p, fd)
			}
		}()
		go func() {
			defer wg.Done()
			for range 200 {
				inner, _ := p.EpollCreate1(0)
				outer, _ := p.EpollCreate1(0)
				_ = p.EpollCtl(inner, vfs.EPOLL_CTL_ADD, fd, &vfs.EpollEvent{Events: vfs.EPOLLIN})
				_ = p.EpollCtl(outer, vfs.EPOLL_CTL_ADD, inner, &vfs.EpollEvent{Events: vfs.EPOLLIN | vfs.EPOLLET})
				_, _ = p.EpollWait(outer, make([]vfs.EpollEvent, 1), 0)
				_ = p.Close(inner)
				_, _ = p.EpollWait(outer, make([]vfs.EpollEvent, 1), 0)
				_ = p.Close(outer)
			}
		}()
		wg.Wait()
	})
	t.Run("shutdown_ends_blocked_waits_with_ESRCH_and_leaks_no_goroutine", func(t *testing.T) {
		before := goleak.IgnoreCurrent()
		k, err := govfs.Boot()
		require.NoError(t, err)
		p := k.Init()
		errs := make(chan error, 3)
		for range 3 {
			child, err := p.Fork()
			require.NoError(t, err)
			ep, err := child.EpollCreate1(0)
			require.NoError(t, err)
			fd, err := child.Eventfd(0, 0)
			require.NoError(t, err)
			require.NoError(t, child.EpollCtl(ep, vfs.EPOLL_CTL_ADD, fd, &vfs.EpollEvent{Events: vfs.EPOLLIN}))
			go func() { _, err := child.EpollWait(ep, make([]vfs.EpollEvent, 1), -1); errs <- err }()
		}
		k.Shutdown()
		for range 3 {
			require.ErrorIs(t, <-errs, vfs.ESRCH)
		}
		goleak.VerifyNone(t, before)
	})
}
