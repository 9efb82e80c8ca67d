package vfs_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func TestWaiterFunc(t *testing.T) {
	tests := []struct {
		name string
		mask uint32
		// act changes the pipe; r and w are its fds.
		act  func(t *testing.T, p *vfs.Process, r, w int)
		want []uint32 // the events of each call, in order
	}{
		{
			name: "data_arriving_is_POLLIN",
			mask: vfs.POLLIN | vfs.POLLHUP,
			act: func(t *testing.T, p *vfs.Process, r, w int) {
				_, err := p.Write(w, []byte("x"))
				require.NoError(t, err)
			},
			want: []uint32{vfs.POLLIN},
		},
		{
			name: "writer_closing_is_POLLHUP",
			mask: vfs.POLLIN | vfs.POLLHUP,
			act: func(t *testing.T, p *vfs.Process, r, w int) {
				require.NoError(t, p.Close(w))
			},
			want: []uint32{vfs.POLLIN | vfs.POLLHUP},
		},
		{
			name: "events_outside_the_mask_call_nothing",
			mask: vfs.POLLOUT,
			act: func(t *testing.T, p *vfs.Process, r, w int) {
				_, err := p.Write(w, []byte("x"))
				require.NoError(t, err)
			},
		},
		{
			name: "POLLERR_and_POLLHUP_only_when_asked_for",
			mask: vfs.POLLIN,
			act: func(t *testing.T, p *vfs.Process, r, w int) {
				require.NoError(t, p.Close(w))
			},
			want: []uint32{vfs.POLLIN},
		},
		{
			name: "room_freed_in_a_full_pipe_wakes_the_writers_not_the_readers",
			mask: vfs.POLLIN | vfs.POLLOUT,
			act: func(t *testing.T, p *vfs.Process, r, w int) {
				_, err := p.FcntlInt(uintptr(w), vfs.F_SETFL, vfs.O_NONBLOCK)
				require.NoError(t, err)
				for {
					if _, err := p.Write(w, make([]byte, 4096)); err != nil {
						requireErrno(t, err, vfs.EAGAIN)
						break
					}
				}
				_, err = p.Read(r, make([]byte, 4096))
				require.NoError(t, err)
			},
			// Each of the 16 page writes that filled it says POLLIN (an
			// edge-triggered epoll sees every write, as on Linux), and so
			// does the 17th, which found it full (pipe_write wakes the
			// readers of a polled pipe whatever it stored). The read that
			// frees room says POLLOUT on the write ends' queue (wr_wait),
			// which the read end is not on.
			want: slices.Repeat([]uint32{vfs.POLLIN}, 17),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, p := newSystem(t)
			r, w, rf := openPipe(t, p)
			var got []uint32
			var ready []uint32
			wf := vfs.NewWaiterFunc(tt.mask, func(ev uint32) {
				got = append(got, ev)
				ready = append(ready, rf.Readiness(tt.mask)&tt.mask)
			})
			q := rf.EventQueue()
			require.NotNil(t, q)
			q.Add(wf)
			defer q.Remove(wf)
			require.Nil(t, wf.C())
			tt.act(t, p, r, w)
			require.Equal(t, tt.want, got)
			for i, ev := range got {
				// The events are a hint (a writer's close says POLLIN
				// too, though nothing is buffered); a POLLHUP holds.
				require.Equal(t, ev&vfs.POLLHUP, ready[i]&vfs.POLLHUP, "call %d", i)
			}
		})
	}
}

func TestWaitQueueEntries(t *testing.T) {
	t.Run("removed_callback_is_not_called", func(t *testing.T) {
		_, p := newSystem(t)
		_, w, rf := openPipe(t, p)
		calls := 0
		wf := vfs.NewWaiterFunc(vfs.POLLIN, func(uint32) { calls++ })
		rf.EventQueue().Add(wf)
		rf.EventQueue().Remove(wf)
		_, err := p.Write(w, []byte("x"))
		require.NoError(t, err)
		require.Zero(t, calls)
	})
	t.Run("channel_and_callback_on_one_queue_both_wake", func(t *testing.T) {
		_, p := newSystem(t)
		_, w, rf := openPipe(t, p)
		q := rf.EventQueue()
		var got uint32
		wf := vfs.NewWaiterFunc(vfs.POLLIN, func(ev uint32) { got |= ev })
		wc := vfs.NewWaiter(vfs.POLLIN)
		q.Add(wf)
		q.Add(wc)
		defer q.Remove(wf)
		defer q.Remove(wc)
		_, err := p.Write(w, []byte("x"))
		require.NoError(t, err)
		require.Equal(t, uint32(vfs.POLLIN), got)
		select {
		case <-wc.C():
		default:
			t.Fatal("the channel Waiter was not woken")
		}
	})
	t.Run("file_without_poller_has_no_queue_and_is_always_ready", func(t *testing.T) {
		_, p := newSystem(t)
		writeFile(t, p, "/tmp/f", "x", 0o644)
		fd, err := p.Open("/tmp/f", vfs.O_RDWR, 0)
		require.NoError(t, err)
		f, err := p.Fget(fd)
		require.NoError(t, err)
		defer f.DecRef()
		require.Nil(t, f.EventQueue())
		require.Equal(t, uint32(vfs.POLLIN|vfs.POLLOUT), f.Readiness(vfs.POLLIN|vfs.POLLOUT))
	})
}

// TestWaitQueueExclusive: exclusive Waiters run after every other
// entry, oldest first, with the whole wake-up key, until one reports
// that it woke someone (__wake_up_common with one exclusive wake-up).
func TestWaitQueueExclusive(t *testing.T) {
	var q vfs.WaitQueue
	var order []string
	var keys []uint32
	woke := map[string]bool{}
	excl := func(name string, mask uint32) *vfs.Waiter {
		return vfs.NewExclusiveWaiterFunc(mask, func(key uint32) bool {
			order, keys = append(order, name), append(keys, key)
			return woke[name]
		})
	}
	x1, x2, x3 := excl("x1", vfs.POLLIN), excl("x2", vfs.POLLOUT), excl("x3", vfs.POLLIN)
	q.Add(x1)
	plain := vfs.NewWaiterFunc(vfs.POLLIN, func(uint32) { order = append(order, "plain") })
	q.Add(plain)
	q.Add(x2)
	q.Add(x3)
	ch := vfs.NewWaiter(vfs.POLLIN)
	q.Add(ch)

	t.Run("none_wakes_so_all_run_after_the_others", func(t *testing.T) {
		order, keys = nil, nil
		require.True(t, q.Wake(vfs.POLLIN|vfs.POLLOUT), "the channel Waiter was asleep")
		require.Equal(t, []string{"plain", "x1", "x2", "x3"}, order)
		require.Equal(t, []uint32{vfs.POLLIN | vfs.POLLOUT, vfs.POLLIN | vfs.POLLOUT, vfs.POLLIN | vfs.POLLOUT}, keys)
	})
	t.Run("a_woken_channel_still_pending_is_not_woken_again", func(t *testing.T) {
		require.False(t, q.Wake(vfs.POLLOUT), "ch's wake-up is pending; x2 woke no one")
		<-ch.C()
	})
	t.Run("the_first_that_wakes_ends_it", func(t *testing.T) {
		order = nil
		woke["x1"] = true
		require.True(t, q.Wake(vfs.POLLIN))
		require.Equal(t, []string{"plain", "x1"}, order)
		<-ch.C()
	})
	t.Run("one_whose_mask_misses_is_passed", func(t *testing.T) {
		order = nil
		q.Remove(ch)
		q.Remove(x1)
		woke["x2"], woke["x3"] = true, true
		require.True(t, q.Wake(vfs.POLLIN))
		require.Equal(t, []string{"plain", "x3"}, order, "x2 asked for POLLOUT only")
	})
	t.Run("removed_exclusive_waiters_are_gone", func(t *testing.T) {
		order = nil
		q.Remove(x2)
		q.Remove(x3)
		q.Remove(plain)
		require.False(t, q.Wake(vfs.POLLIN|vfs.POLLOUT))
		require.Empty(t, order)
	})
}
