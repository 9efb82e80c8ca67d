package sockfs

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/tmpfs"
	"github.com/govfs/govfs/vfs"
)

// The option bytes as the kernel sees them, below the Process API's
// int-sized calls.
func TestSockoptBytes(t *testing.T) {
	k := vfs.NewKernel()
	require.NoError(t, tmpfs.Register(k))
	fs, err := Register(k)
	require.NoError(t, err)
	require.NoError(t, k.MountRoot("tmpfs", 0, "mode=755"))
	t.Cleanup(k.Shutdown)
	p := k.Init()
	f, err := unixFamily{fs}.Socket(p, vfs.SOCK_STREAM, 0, false)
	require.NoError(t, err)
	defer f.DecRef()
	s := fs.byFile[f]
	t.Run("a_set_shorter_than_an_int_is_EINVAL", func(t *testing.T) {
		require.ErrorIs(t, s.Setsockopt(f, p, vfs.SOL_SOCKET, vfs.SO_PASSCRED, []byte{1, 0}), vfs.EINVAL)
	})
	t.Run("a_get_copies_what_fits", func(t *testing.T) {
		v := make([]byte, 2)
		n, err := s.Getsockopt(f, p, vfs.SOL_SOCKET, vfs.SO_TYPE, v)
		require.NoError(t, err)
		require.Equal(t, 2, n)
		require.Equal(t, []byte{vfs.SOCK_STREAM, 0}, v)
	})
	t.Run("a_longer_set_reads_the_first_int", func(t *testing.T) {
		require.NoError(t, s.Setsockopt(f, p, vfs.SOL_SOCKET, vfs.SO_PASSCRED, []byte{1, 0, 0, 0, 9, 9}))
		v := make([]byte, 8)
		n, err := s.Getsockopt(f, p, vfs.SOL_SOCKET, vfs.SO_PASSCRED, v)
		require.NoError(t, err)
		require.Equal(t, 4, n)
	})
}

// The truesize model against the sizes measured on the host (see
// fill_test.go for whole-buffer counts).
func TestTruesize(t *testing.T) {
	for _, c := range []struct{ n, stream, dgram int }{
		{1, 768, 768}, {100, 768, 768}, {1024, 2304, 2304}, {4096, 4864, 8448},
	} {
		_, ts := streamSkb(c.n, defaultBuf)
		require.Equal(t, c.stream, ts, "stream %d", c.n)
		require.Equal(t, c.dgram, dgramTruesize(c.n), "dgram %d", c.n)
	}
	size, _ := streamSkb(65536, defaultBuf)
	require.Equal(t, 36544, size, "a stream skb holds at most SKB_MAX_HEAD + 32 KiB")
}
