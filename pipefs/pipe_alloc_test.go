package pipefs_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPipeAllocs keeps a stream of small messages free of allocations:
// the pages stay with their slots, and a read that has to wait takes
// its Waiter from a pool and needs no timer (no deadline). The
// benchmark's allocs/op cannot show this, as it rounds the rare waits
// away.
func TestPipeAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops Waiters at random under the race detector")
	}
	t.Run("small_write_then_read_allocates_nothing", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, 0)
		src, dst := make([]byte, 64), make([]byte, 64)
		allocs := testing.AllocsPerRun(1000, func() {
			if _, err := p.Write(w, src); err != nil {
				t.Fatal(err)
			}
			if n, err := p.Read(r, dst); err != nil || n != 64 {
				t.Fatal(n, err)
			}
		})
		require.Zero(t, allocs)
	})
	t.Run("read_that_waits_for_the_write_allocates_nothing", func(t *testing.T) {
		// The reader goes back to read(2) on an empty pipe as soon as it
		// has acknowledged a message, so it waits for nearly every one.
		p := boot(t)
		r, w := pipe(t, p, 0)
		src, dst := make([]byte, 64), make([]byte, 64)
		ack := make(chan int)
		go func() {
			for {
				n, err := p.Read(r, dst)
				if err != nil || n == 0 {
					close(ack)
					return
				}
				ack <- n
			}
		}()
		allocs := testing.AllocsPerRun(1000, func() {
			if _, err := p.Write(w, src); err != nil {
				t.Fatal(err)
			}
			if n := <-ack; n != 64 {
				t.Fatal(n)
			}
		})
		require.NoError(t, p.Close(w))
		<-ack
		require.Zero(t, allocs)
	})
}
