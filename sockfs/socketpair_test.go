package sockfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func TestSocketpair(t *testing.T) {
	for _, tt := range types {
		t.Run(tt.name+"_echoes_both_ways", func(t *testing.T) {
			p := boot(t)
			a, b := pair(t, p, tt.typ)
			send(t, p, a, "ping")
			require.Equal(t, "ping", recv(t, p, b, 64))
			send(t, p, b, "pong")
			require.Equal(t, "pong", recv(t, p, a, 64))
		})
		t.Run(tt.name+"_fstat_is_S_IFSOCK", func(t *testing.T) {
			p := boot(t)
			a, _ := pair(t, p, tt.typ)
			var st vfs.Stat_t
			require.NoError(t, p.Fstat(a, &st))
			require.Equal(t, uint32(vfs.S_IFSOCK|0o777), st.Mode)
			typ, err := p.GetsockoptInt(a, vfs.SOL_SOCKET, vfs.SO_TYPE)
			require.NoError(t, err)
			require.Equal(t, tt.typ, typ)
		})
	}
	t.Run("stream_glues_writes", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		send(t, p, a, "ab")
		send(t, p, a, "cd")
		require.Equal(t, "abcd", recv(t, p, b, 64))
	})
	for _, typ := range []int{vfs.SOCK_DGRAM, vfs.SOCK_SEQPACKET} {
		t.Run(typName(typ)+"_keeps_boundaries_and_truncates", func(t *testing.T) {
			p := boot(t)
			a, b := pair(t, p, typ)
			send(t, p, a, "ab")
			send(t, p, a, "cdef")
			require.Equal(t, "ab", recv(t, p, b, 64))
			buf := make([]byte, 2)
			n, _, flags, _, err := p.Recvmsg(b, buf, nil, 0)
			require.NoError(t, err)
			require.Equal(t, 2, n)
			require.Equal(t, "cd", string(buf))
			require.Equal(t, vfs.MSG_TRUNC, flags&vfs.MSG_TRUNC)
			send(t, p, a, "ghijk")
			n, _, _, _, err = p.Recvmsg(b, buf, nil, vfs.MSG_TRUNC)
			require.NoError(t, err)
			require.Equal(t, 5, n, "MSG_TRUNC returns the real length")
		})
	}
}

func typName(typ int) string {
	for _, tt := range types {
		if tt.typ == typ {
			return tt.name
		}
	}
	return "?"
}
