package sockfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// net.core.{w,r}mem_max cap SO_SNDBUF and SO_RCVBUF (then doubled) from
// the moment they are written; {w,r}mem_default size new sockets.
func TestNetCoreSysctls(t *testing.T) {
	for _, tc := range []struct {
		name   string
		sysctl string
		value  string
		opt    int
		set    int // 0: read a new socket's size
		want   int
	}{
		{"wmem_max_caps_SO_SNDBUF", "net/core/wmem_max", "65536", vfs.SO_SNDBUF, 1 << 20, 2 * 65536},
		{"rmem_max_caps_SO_RCVBUF", "net/core/rmem_max", "65536", vfs.SO_RCVBUF, 1 << 20, 2 * 65536},
		{"wmem_default_sizes_new_sockets", "net/core/wmem_default", "32768", vfs.SO_SNDBUF, 0, 32768},
		{"rmem_default_sizes_new_sockets", "net/core/rmem_default", "32768", vfs.SO_RCVBUF, 0, 32768},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := govfs.Boot()
			require.NoError(t, err)
			defer k.Shutdown()
			p := k.Init()
			require.NoError(t, k.WriteSysctl(tc.sysctl, tc.value))
			fds, err := p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
			require.NoError(t, err)
			if tc.set != 0 {
				require.NoError(t, p.SetsockoptInt(fds[0], vfs.SOL_SOCKET, tc.opt, tc.set))
			}
			got, err := p.GetsockoptInt(fds[0], vfs.SOL_SOCKET, tc.opt)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
	t.Run("below_the_minimum_is_EINVAL", func(t *testing.T) {
		k, err := govfs.Boot()
		require.NoError(t, err)
		defer k.Shutdown()
		require.ErrorIs(t, k.WriteSysctl("net/core/wmem_max", "4607"), vfs.EINVAL)
		require.NoError(t, k.WriteSysctl("net/core/wmem_max", "4608"))
	})
}
