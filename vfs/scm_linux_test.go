//go:build linux

package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// The control-message helpers are x/sys/unix's twins, byte for byte, so
// code moves between the two unchanged.
func TestSCMHelpersAreXSysTwins(t *testing.T) {
	for _, fds := range [][]int{nil, {0}, {3, 4}, {-1, 1 << 30, 7}} {
		require.Equal(t, unix.UnixRights(fds...), vfs.UnixRights(fds...), "UnixRights(%v)", fds)
	}
	c := vfs.Ucred{Pid: 42, Uid: 1000, Gid: 100}
	require.Equal(t, unix.UnixCredentials(&unix.Ucred{Pid: 42, Uid: 1000, Gid: 100}), vfs.UnixCredentials(&c))
	for _, n := range []int{0, 1, 4, 12, 13} {
		require.Equal(t, unix.CmsgLen(n), vfs.CmsgLen(n))
		require.Equal(t, unix.CmsgSpace(n), vfs.CmsgSpace(n))
	}

	both := append(vfs.UnixCredentials(&c), vfs.UnixRights(5, 6)...)
	short := vfs.UnixRights(5)[:10]
	long := vfs.UnixRights(5)
	long[0] = 99
	for _, b := range [][]byte{both, short, long, nil} {
		want, werr := unix.ParseSocketControlMessage(b)
		got, gerr := vfs.ParseSocketControlMessage(b)
		require.Equal(t, werr == nil, gerr == nil, "%x", b)
		require.Len(t, got, len(want))
		for i := range want {
			require.Equal(t, want[i].Data, got[i].Data)
			require.EqualValues(t, want[i].Header.Len, got[i].Header.Len)
			wr, werr := unix.ParseUnixRights(&want[i])
			gr, gerr := vfs.ParseUnixRights(&got[i])
			require.Equal(t, wr, gr)
			require.Equal(t, werr == nil, gerr == nil)
			wc, werr := unix.ParseUnixCredentials(&want[i])
			gc, gerr := vfs.ParseUnixCredentials(&got[i])
			require.Equal(t, werr == nil, gerr == nil)
			if wc != nil {
				require.Equal(t, vfs.Ucred{Pid: wc.Pid, Uid: wc.Uid, Gid: wc.Gid}, *gc)
			}
		}
	}
}
