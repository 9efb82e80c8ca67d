package sockfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func TestControlMessages(t *testing.T) {
	t.Run("a_short_control_buffer_is_MSG_CTRUNC_and_the_rest_are_closed", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_DGRAM)
		var fds []int
		var gone []interface{ Load() bool }
		for i := 0; i < 3; i++ {
			fd, err := p.Open("/tmp/f"+string(rune('0'+i)), vfs.O_CREAT|vfs.O_RDWR, 0o644)
			require.NoError(t, err)
			fds = append(fds, fd)
			gone = append(gone, released(t, p, fd))
		}
		sendFds(t, p, a, "x", fds...)
		for _, fd := range fds {
			require.NoError(t, p.Close(fd))
		}
		oob := make([]byte, vfs.CmsgSpace(4))
		_, oobn, flags, _, err := p.Recvmsg(b, make([]byte, 4), oob, 0)
		require.NoError(t, err)
		require.Equal(t, vfs.MSG_CTRUNC, flags&vfs.MSG_CTRUNC)
		msgs, err := vfs.ParseSocketControlMessage(oob[:oobn])
		require.NoError(t, err)
		got, err := vfs.ParseUnixRights(&msgs[0])
		require.NoError(t, err)
		require.Len(t, got, 2, "CmsgSpace(4) has room for two ints after alignment")
		require.False(t, gone[0].Load() || gone[1].Load(), "installed")
		require.True(t, gone[2].Load(), "no room: closed")
	})
	t.Run("MSG_CMSG_CLOEXEC_marks_received_fds", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		sendFds(t, p, a, "x", a)
		_, got := recvFds(t, p, b, vfs.MSG_CMSG_CLOEXEC)
		require.Len(t, got, 1)
		fl, err := p.FcntlInt(uintptr(got[0]), vfs.F_GETFD, 0)
		require.NoError(t, err)
		require.Equal(t, vfs.FD_CLOEXEC, fl)
	})
	t.Run("a_passed_socket_still_works", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		c, d := pair(t, p, vfs.SOCK_SEQPACKET)
		sendFds(t, p, a, "x", c)
		require.NoError(t, p.Close(c))
		_, got := recvFds(t, p, b, 0)
		send(t, p, got[0], "via the passed socket")
		require.Equal(t, "via the passed socket", recv(t, p, d, 64))
	})
	t.Run("a_negative_SO_RCVTIMEO_does_not_wait", func(t *testing.T) {
		p := boot(t)
		_, b := pair(t, p, vfs.SOCK_STREAM)
		require.NoError(t, p.SetsockoptTimeval(b, vfs.SOL_SOCKET, vfs.SO_RCVTIMEO, &vfs.Timeval{Sec: -1}))
		tv, err := p.GetsockoptTimeval(b, vfs.SOL_SOCKET, vfs.SO_RCVTIMEO)
		require.NoError(t, err)
		require.Equal(t, vfs.Timeval{}, *tv, "reads back as 0, as on Linux")
		_, _, err = p.Recvfrom(b, make([]byte, 1), 0)
		require.ErrorIs(t, err, vfs.EAGAIN)
		require.ErrorIs(t, p.SetsockoptTimeval(b, vfs.SOL_SOCKET, vfs.SO_RCVTIMEO, &vfs.Timeval{Usec: 1e6}), vfs.EDOM)
		require.ErrorIs(t, p.SetsockoptInt(b, vfs.SOL_SOCKET, vfs.SO_RCVTIMEO, 1), vfs.EINVAL, "shorter than a timeval")
	})
}
