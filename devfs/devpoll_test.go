package devfs_test

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/devfs"
	"github.com/govfs/govfs/vfs"
)

// pollfds encodes struct pollfd records, as a Solaris program writes
// them to /dev/poll.
func pollfds(recs ...vfs.PollFd) []byte {
	b := make([]byte, 0, 8*len(recs))
	for _, r := range recs {
		b = binary.LittleEndian.AppendUint32(b, uint32(r.Fd))
		b = binary.LittleEndian.AppendUint16(b, uint16(r.Events))
		b = binary.LittleEndian.AppendUint16(b, uint16(r.Revents))
	}
	return b
}

// /dev/poll against Solaris's poll(7D).
func TestDevPoll(t *testing.T) {
	t.Run("registered_fds_are_waited_on_and_the_ready_ones_returned", func(t *testing.T) {
		_, p := boot(t)
		dp := open(t, p, "/dev/poll", vfs.O_RDWR)
		a, b := make([]int, 2), make([]int, 2)
		require.NoError(t, p.Pipe(a))
		require.NoError(t, p.Pipe(b))
		recs := pollfds(vfs.PollFd{Fd: int32(a[0]), Events: vfs.POLLIN}, vfs.PollFd{Fd: int32(b[0]), Events: vfs.POLLIN})
		n, err := p.Write(dp, recs)
		require.NoError(t, err)
		require.Equal(t, len(recs), n)
		out := make([]vfs.PollFd, 4)
		n, err = p.Ioctl(dp, devfs.DP_POLL, &devfs.DvPoll{Fds: out, Timeout: 0})
		require.NoError(t, err)
		require.Zero(t, n, "nothing to read yet")
		write(t, p, b[1], "x")
		n, err = p.Ioctl(dp, devfs.DP_POLL, &devfs.DvPoll{Fds: out, Timeout: -1})
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Equal(t, vfs.PollFd{Fd: int32(b[0]), Events: vfs.POLLIN, Revents: vfs.POLLIN}, out[0])

		done := make(chan int)
		go func() {
			n, err := p.Ioctl(dp, devfs.DP_POLL, &devfs.DvPoll{Fds: make([]vfs.PollFd, 1), Timeout: -1})
			require.NoError(t, err)
			done <- n
		}()
		require.Equal(t, "x", read(t, p, b[0], 1)) // b is quiet again; the waiter may see it or not
		write(t, p, a[1], "y")
		select {
		case n := <-done:
			require.Equal(t, 1, n)
		case <-time.After(5 * time.Second):
			t.Fatal("DP_POLL did not wake")
		}
	})

	t.Run("POLLREMOVE_drops_an_fd_and_DP_ISPOLLED_tells", func(t *testing.T) {
		_, p := boot(t)
		dp := open(t, p, "/dev/poll", vfs.O_RDWR)
		fd := open(t, p, "/dev/null", vfs.O_RDWR)
		_, err := p.Write(dp, pollfds(vfs.PollFd{Fd: int32(fd), Events: vfs.POLLIN}))
		require.NoError(t, err)
		_, err = p.Write(dp, pollfds(vfs.PollFd{Fd: int32(fd), Events: vfs.POLLOUT}))
		require.NoError(t, err)
		q := vfs.PollFd{Fd: int32(fd)}
		n, err := p.Ioctl(dp, devfs.DP_ISPOLLED, &q)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.EqualValues(t, vfs.POLLIN|vfs.POLLOUT, q.Revents, "a second record ORs its events in")
		_, err = p.Write(dp, pollfds(vfs.PollFd{Fd: int32(fd), Events: devfs.POLLREMOVE}))
		require.NoError(t, err)
		n, err = p.Ioctl(dp, devfs.DP_ISPOLLED, &q)
		require.NoError(t, err)
		require.Zero(t, n)
		n, err = p.Ioctl(dp, devfs.DP_POLL, &devfs.DvPoll{Fds: make([]vfs.PollFd, 1)})
		require.NoError(t, err)
		require.Zero(t, n, "an empty set")
	})

	t.Run("each_open_is_a_set_of_its_own", func(t *testing.T) {
		_, p := boot(t)
		dp1 := open(t, p, "/dev/poll", vfs.O_RDWR)
		dp2 := open(t, p, "/dev/poll", vfs.O_RDWR)
		fd := open(t, p, "/dev/null", vfs.O_RDWR)
		_, err := p.Write(dp1, pollfds(vfs.PollFd{Fd: int32(fd), Events: vfs.POLLOUT}))
		require.NoError(t, err)
		out := make([]vfs.PollFd, 2)
		n, err := p.Ioctl(dp2, devfs.DP_POLL, &devfs.DvPoll{Fds: out})
		require.NoError(t, err)
		require.Zero(t, n)
		n, err = p.Ioctl(dp1, devfs.DP_POLL, &devfs.DvPoll{Fds: out})
		require.NoError(t, err)
		require.Equal(t, 1, n)
	})

	t.Run("bad_records_and_arguments", func(t *testing.T) {
		_, p := boot(t)
		dp := open(t, p, "/dev/poll", vfs.O_RDWR)
		_, err := p.Write(dp, []byte("seven b"))
		requireErrno(t, err, vfs.EINVAL, "not whole records")
		_, err = p.Write(dp, pollfds(vfs.PollFd{Fd: -1, Events: vfs.POLLIN}))
		requireErrno(t, err, vfs.EINVAL, "a negative fd")
		_, err = p.Read(dp, make([]byte, 8))
		requireErrno(t, err, vfs.EINVAL)
		_, err = p.Ioctl(dp, devfs.DP_POLL, nil)
		requireErrno(t, err, vfs.EFAULT)
		_, err = p.Ioctl(dp, devfs.DP_POLL, &vfs.PollFd{})
		requireErrno(t, err, vfs.EFAULT)
		_, err = p.Ioctl(dp, devfs.DP_ISPOLLED, (*vfs.PollFd)(nil))
		requireErrno(t, err, vfs.EFAULT)
		_, err = p.Write(dp, pollfds(vfs.PollFd{Fd: 999, Events: vfs.POLLIN}))
		require.NoError(t, err)
		out := make([]vfs.PollFd, 1)
		n, err := p.Ioctl(dp, devfs.DP_POLL, &devfs.DvPoll{Fds: out})
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.EqualValues(t, vfs.POLLNVAL, out[0].Revents, "a closed fd is POLLNVAL, as poll(2) says")
	})
}
