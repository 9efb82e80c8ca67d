package pipefs_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestPipeManyReadersAndWriters drives one pipe from several writers
// and several readers at once, the case where the two sides of the
// ring are each contended among themselves as well as meeting at the
// newest page, and checks that nothing is lost, duplicated or torn.
func TestPipeManyReadersAndWriters(t *testing.T) {
	const writers, readers, rounds = 4, 3, 2000
	t.Run("every_byte_arrives_once_with_merging_writes", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, 0)
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() {
				for j := range rounds {
					rec := bytes.Repeat([]byte{byte('a' + i)}, 1+(j*37+i)%700)
					if n, err := p.Write(w, rec); err != nil || n != len(rec) {
						t.Errorf("write: %d %v", n, err)
						return
					}
				}
			})
		}
		go func() { wg.Wait(); p.Close(w) }()
		counts := make([][writers]int, readers)
		var rg sync.WaitGroup
		for i := range readers {
			rg.Go(func() {
				buf := make([]byte, 1+i*300)
				for {
					n, err := p.Read(r, buf)
					if err != nil || n == 0 {
						return
					}
					for _, c := range buf[:n] {
						counts[i][c-'a']++
					}
				}
			})
		}
		rg.Wait()
		for i := range writers {
			want := 0
			for j := range rounds {
				want += 1 + (j*37+i)%700
			}
			got := 0
			for _, c := range counts {
				got += c[i]
			}
			require.Equal(t, want, got, "bytes of writer %d", i)
		}
	})
	t.Run("every_packet_arrives_once_and_whole", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, vfs.O_DIRECT)
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() {
				for j := range rounds {
					rec := make([]byte, 8+(j*53+i)%(vfs.PIPE_BUF-8))
					binary.LittleEndian.PutUint32(rec, uint32(i))
					binary.LittleEndian.PutUint32(rec[4:], uint32(j))
					for k := 8; k < len(rec); k++ {
						rec[k] = byte(i + j + k)
					}
					if n, err := p.Write(w, rec); err != nil || n != len(rec) {
						t.Errorf("write: %d %v", n, err)
						return
					}
				}
			})
		}
		go func() { wg.Wait(); p.Close(w) }()
		seen := make([][writers][rounds]bool, readers)
		var rg sync.WaitGroup
		for i := range readers {
			rg.Go(func() {
				buf := make([]byte, vfs.PIPE_BUF)
				for {
					n, err := p.Read(r, buf)
					if err != nil || n == 0 {
						return
					}
					wi, j := binary.LittleEndian.Uint32(buf), binary.LittleEndian.Uint32(buf[4:])
					if n != 8+(int(j)*53+int(wi))%(vfs.PIPE_BUF-8) {
						t.Errorf("packet %d/%d has %d bytes", wi, j, n)
						return
					}
					for k := 8; k < n; k++ {
						if buf[k] != byte(int(wi)+int(j)+k) {
							t.Errorf("packet %d/%d is torn at %d", wi, j, k)
							return
						}
					}
					seen[i][wi][j] = true
				}
			})
		}
		rg.Wait()
		for wi := range writers {
			for j := range rounds {
				got := 0
				for i := range readers {
					if seen[i][wi][j] {
						got++
					}
				}
				require.Equal(t, 1, got, "packet %d/%d", wi, j)
			}
		}
	})
}

// TestPipeHandOff is one writer and one reader of 64-byte messages on a
// ring of one, two and sixteen slots, so that the pipe goes full and
// empty all the time: the reader must wake a writer waiting for room
// and the writer a reader waiting for data, in every order of the two
// sides' steps. A lost wake-up leaves both asleep, which the deadline
// turns into a failure instead of a hung test; every message arrives
// once, in order.
func TestPipeHandOff(t *testing.T) {
	for _, size := range []int{4096, 8192, 65536} {
		t.Run("ring_of_"+strconv.Itoa(size/4096)+"_slots_loses_no_wake-up", func(t *testing.T) {
			p := boot(t)
			r, w := pipe(t, p, 0)
			_, err := p.FcntlInt(uintptr(w), vfs.F_SETPIPE_SZ, size)
			require.NoError(t, err)
			const n = 100000
			done := make(chan error, 1)
			go func() {
				buf := make([]byte, 64)
				for i := range n {
					for got := 0; got < len(buf); {
						k, err := p.Read(r, buf[got:])
						if err != nil || k == 0 {
							done <- fmt.Errorf("read: %d, %v", k, err)
							return
						}
						got += k
					}
					if got := binary.LittleEndian.Uint64(buf); got != uint64(i) {
						done <- fmt.Errorf("message %d is %d", i, got)
						return
					}
				}
				done <- nil
			}()
			go func() {
				msg := make([]byte, 64)
				for i := range n {
					binary.LittleEndian.PutUint64(msg, uint64(i))
					if _, err := p.Write(w, msg); err != nil {
						done <- err
						return
					}
				}
			}()
			select {
			case err := <-done:
				require.NoError(t, err)
			case <-time.After(time.Minute):
				t.Fatal("writer and reader both asleep: a wake-up was lost")
			}
		})
	}
}
