package pipefs_test

import (
	"bytes"
	"encoding/binary"
	"sync"
	"testing"

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
