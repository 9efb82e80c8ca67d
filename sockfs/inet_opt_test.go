package sockfs

import (
	"testing"

	"github.com/govfs/govfs/vfs"
	"github.com/stretchr/testify/require"
)

// SO_LINGER takes a struct linger, which the Process API cannot pass:
// the socket is asked directly.
func TestInetLingerIsKeptAndWantsAStructLinger(t *testing.T) {
	s := newInetSock(&inetStack{tcp: newPortTable(true), udp: newPortTable(false)}, false, vfs.SOCK_STREAM)
	require.Equal(t, vfs.EINVAL, s.Setsockopt(nil, nil, vfs.SOL_SOCKET, vfs.SO_LINGER, []byte{1, 0, 0, 0}))
	require.NoError(t, s.Setsockopt(nil, nil, vfs.SOL_SOCKET, vfs.SO_LINGER, []byte{7, 0, 0, 0, 5, 0, 0, 0}))
	got := make([]byte, 8)
	n, err := s.Getsockopt(nil, nil, vfs.SOL_SOCKET, vfs.SO_LINGER, got)
	require.NoError(t, err)
	require.Equal(t, []byte{1, 0, 0, 0, 5, 0, 0, 0}, got[:n], "l_onoff reads back as 1")
}
