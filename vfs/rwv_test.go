package vfs_test

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestVectorIO: readv and writev are one call, not one per iovec.
func TestVectorIO(t *testing.T) {
	t.Run("an_O_APPEND_writev_is_never_torn", func(t *testing.T) {
		// 6 writers x 800 records of three iovecs each; on Linux every
		// one of the 4800 records is intact.
		_, p := newSystem(t)
		const writers, records = 6, 800
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				fd, err := p.Open("/tmp/log", vfs.O_CREAT|vfs.O_WRONLY|vfs.O_APPEND, 0o644)
				if err != nil {
					t.Error(err)
					return
				}
				defer p.Close(fd)
				for r := range records {
					head := fmt.Appendf(nil, "<%d:%03d ", w, r)
					body := bytes.Repeat([]byte{byte('a' + w)}, 37)
					if _, err := p.Writev(fd, [][]byte{head, body, []byte(">\n")}); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		data := readFile(t, p, "/tmp/log")
		lines := bytes.Split([]byte(data), []byte("\n"))
		require.Len(t, lines, writers*records+1)
		for i, l := range lines[:len(lines)-1] {
			var w, r int
			_, err := fmt.Sscanf(string(l), "<%d:%d ", &w, &r)
			require.NoError(t, err, "line %d: %q", i, l)
			require.Equal(t, fmt.Sprintf("<%d:%03d %s>", w, r, bytes.Repeat([]byte{byte('a' + w)}, 37)), string(l), "line %d", i)
		}
	})

	t.Run("a_writev_of_at_most_PIPE_BUF_to_a_pipe_is_one_packet", func(t *testing.T) {
		_, p := newSystem(t)
		fds := make([]int, 2)
		require.NoError(t, p.Pipe2(fds, vfs.O_DIRECT))
		n, err := p.Writev(fds[1], [][]byte{[]byte("ab"), nil, []byte("cd")})
		require.NoError(t, err)
		require.Equal(t, 4, n)
		a, b := make([]byte, 1), make([]byte, 8)
		n, err = p.Readv(fds[0], [][]byte{a, b})
		require.NoError(t, err)
		require.Equal(t, 4, n)
		require.Equal(t, "a", string(a))
		require.Equal(t, "bcd", string(b[:3]))
	})

	t.Run("an_empty_vector_reads_nothing_without_blocking", func(t *testing.T) {
		_, p := newSystem(t)
		fds := make([]int, 2)
		require.NoError(t, p.Pipe(fds))
		n, err := p.Readv(fds[0], [][]byte{nil, {}})
		require.NoError(t, err)
		require.Zero(t, n)
	})
}
