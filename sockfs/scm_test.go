package sockfs_test

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// sendFds sends b with SCM_RIGHTS of fds.
func sendFds(t *testing.T, p *vfs.Process, fd int, b string, fds ...int) {
	t.Helper()
	n, err := p.SendmsgN(fd, []byte(b), vfs.UnixRights(fds...), nil, 0)
	require.NoError(t, err)
	require.Equal(t, len(b), n)
}

// recvFds receives with room for four fds and returns the data and the
// fds installed.
func recvFds(t *testing.T, p *vfs.Process, fd, flags int) (string, []int) {
	t.Helper()
	b := make([]byte, 64)
	oob := make([]byte, vfs.CmsgSpace(4*4))
	n, oobn, _, _, err := p.Recvmsg(fd, b, oob, flags)
	require.NoError(t, err)
	msgs, err := vfs.ParseSocketControlMessage(oob[:oobn])
	require.NoError(t, err)
	var fds []int
	for i := range msgs {
		got, err := vfs.ParseUnixRights(&msgs[i])
		require.NoError(t, err)
		fds = append(fds, got...)
	}
	return string(b[:n]), fds
}

// released reports, through File.OnRelease, when fd's File goes.
func released(t *testing.T, p *vfs.Process, fd int) *atomic.Bool {
	t.Helper()
	f, err := p.Fget(fd)
	require.NoError(t, err)
	var gone atomic.Bool
	f.OnRelease(func() { gone.Store(true) })
	f.DecRef()
	return &gone
}

func TestSCMRights(t *testing.T) {
	t.Run("a_passed_pipe_reads_what_the_sender_writes", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		fds := make([]int, 2)
		require.NoError(t, p.Pipe(fds))
		sendFds(t, p, a, "x", fds[0])
		require.NoError(t, p.Close(fds[0]))
		data, got := recvFds(t, p, b, 0)
		require.Equal(t, "x", data)
		require.Len(t, got, 1)
		send(t, p, fds[1], "through the pipe")
		require.Equal(t, "through the pipe", recv(t, p, got[0], 64))
	})
	t.Run("a_passed_file_shares_its_offset", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_DGRAM)
		fd, err := p.Open("/tmp/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		send(t, p, fd, "0123456789")
		_, err = p.Seek(fd, 2, 0)
		require.NoError(t, err)
		sendFds(t, p, a, "f", fd)
		_, got := recvFds(t, p, b, 0)
		require.Len(t, got, 1)
		require.Equal(t, "234", recv(t, p, got[0], 3))
		require.Equal(t, "56", recv(t, p, fd, 2), "the very same File: one offset")
	})
	t.Run("peek_gives_new_references_and_the_files_stay_queued", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_SEQPACKET)
		fds := make([]int, 2)
		require.NoError(t, p.Pipe(fds))
		sendFds(t, p, a, "m", fds[1])
		_, peeked := recvFds(t, p, b, vfs.MSG_PEEK)
		require.Len(t, peeked, 1)
		_, got := recvFds(t, p, b, 0)
		require.Len(t, got, 1)
		require.NotEqual(t, peeked[0], got[0])
		gone := released(t, p, fds[1])
		for _, fd := range []int{fds[1], peeked[0], got[0]} {
			require.NoError(t, p.Close(fd))
		}
		require.True(t, gone.Load(), "three fds, one File")
	})
	t.Run("files_never_received_are_released_with_the_socket", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		fd, err := p.Open("/tmp/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		gone := released(t, p, fd)
		sendFds(t, p, a, "x", fd)
		require.NoError(t, p.Close(fd))
		require.False(t, gone.Load(), "in flight")
		require.NoError(t, p.Close(a))
		require.NoError(t, p.Close(b))
		require.True(t, gone.Load())
	})
	t.Run("read_drops_passed_files", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		fd, err := p.Open("/tmp/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		gone := released(t, p, fd)
		sendFds(t, p, a, "x", fd)
		require.NoError(t, p.Close(fd))
		require.Equal(t, "x", recv(t, p, b, 8))
		require.True(t, gone.Load())
	})
}

// A cycle of sockets in flight: each socket's queue holds the other's
// File (or its own), every fd is closed, and only the collector can
// free them. Linux runs it when a unix socket is released.
func TestInflightCollector(t *testing.T) {
	t.Run("two_sockets_passing_each_other", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		goneA, goneB := released(t, p, a), released(t, p, b)
		sendFds(t, p, a, "a", a) // a's File in b's queue
		sendFds(t, p, b, "b", b) // b's File in a's queue
		require.NoError(t, p.Close(a))
		require.NoError(t, p.Close(b))
		require.False(t, goneA.Load() || goneB.Load(), "kept alive by each other")
		trigger := sock(t, p, vfs.SOCK_DGRAM)
		require.NoError(t, p.Close(trigger))
		require.True(t, goneA.Load() && goneB.Load(), "collected")
	})
	t.Run("a_socket_passing_itself", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_DGRAM)
		goneB := released(t, p, b)
		sendFds(t, p, a, "b", b) // b's File in its own queue
		require.NoError(t, p.Close(b))
		require.False(t, goneB.Load())
		require.NoError(t, p.Close(a))
		require.True(t, goneB.Load(), "a's release ran the collector")
	})
	t.Run("a_socket_in_flight_but_reachable_survives", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		c, d := pair(t, p, vfs.SOCK_STREAM)
		goneC := released(t, p, c)
		sendFds(t, p, a, "c", c) // c in b's queue; b is held by an fd
		require.NoError(t, p.Close(c))
		trigger := sock(t, p, vfs.SOCK_DGRAM)
		require.NoError(t, p.Close(trigger))
		require.False(t, goneC.Load(), "b can still receive it")
		_, got := recvFds(t, p, b, 0)
		require.Len(t, got, 1)
		send(t, p, got[0], "alive")
		require.Equal(t, "alive", recv(t, p, d, 16))
	})
}

func TestSCMCredentials(t *testing.T) {
	t.Run("passcred_reports_the_sender", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_DGRAM)
		require.NoError(t, p.SetsockoptInt(b, vfs.SOL_SOCKET, vfs.SO_PASSCRED, 1))
		require.NoError(t, p.Sendto(a, []byte("x"), 0, nil))
		oob := make([]byte, vfs.CmsgSpace(vfs.SizeofUcred))
		_, oobn, _, _, err := p.Recvmsg(b, make([]byte, 4), oob, 0)
		require.NoError(t, err)
		msgs, err := vfs.ParseSocketControlMessage(oob[:oobn])
		require.NoError(t, err)
		require.Len(t, msgs, 1)
		c, err := vfs.ParseUnixCredentials(&msgs[0])
		require.NoError(t, err)
		require.Equal(t, vfs.Ucred{Pid: int32(p.Pid())}, *c)
	})
	t.Run("claimed_credentials_are_passed", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		require.NoError(t, p.SetsockoptInt(b, vfs.SOL_SOCKET, vfs.SO_PASSCRED, 1))
		claim := vfs.Ucred{Pid: int32(p.Pid()), Uid: 0, Gid: 0}
		_, err := p.SendmsgN(a, []byte("x"), vfs.UnixCredentials(&claim), nil, 0)
		require.NoError(t, err)
		oob := make([]byte, vfs.CmsgSpace(vfs.SizeofUcred))
		_, oobn, _, _, err := p.Recvmsg(b, make([]byte, 4), oob, 0)
		require.NoError(t, err)
		require.Positive(t, oobn)
	})
	t.Run("sent_before_passcred_reads_as_nobody", func(t *testing.T) {
		// Linux 6.x: neither end wanted credentials when the bytes went.
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		send(t, p, a, "ab")
		require.NoError(t, p.SetsockoptInt(b, vfs.SOL_SOCKET, vfs.SO_PASSCRED, 1))
		oob := make([]byte, vfs.CmsgSpace(vfs.SizeofUcred))
		_, oobn, _, _, err := p.Recvmsg(b, make([]byte, 4), oob, 0)
		require.NoError(t, err)
		msgs, err := vfs.ParseSocketControlMessage(oob[:oobn])
		require.NoError(t, err)
		c, err := vfs.ParseUnixCredentials(&msgs[0])
		require.NoError(t, err)
		require.Equal(t, vfs.Ucred{Uid: 65534, Gid: 65534}, *c)
	})
	t.Run("no_passcred_no_message", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		send(t, p, a, "x")
		oob := make([]byte, 64)
		_, oobn, _, _, err := p.Recvmsg(b, make([]byte, 4), oob, 0)
		require.NoError(t, err)
		require.Zero(t, oobn)
	})
	t.Run("stream_does_not_glue_different_senders", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		require.NoError(t, p.SetsockoptInt(b, vfs.SOL_SOCKET, vfs.SO_PASSCRED, 1))
		require.NoError(t, p.Sendto(a, []byte("ab"), 0, nil))
		child, err := p.Fork()
		require.NoError(t, err)
		require.NoError(t, child.Sendto(a, []byte("cd"), 0, nil), "send(2), not write(2), which carries no process")
		child.Exit(0)
		require.Equal(t, "ab", recv(t, p, b, 8))
		require.Equal(t, "cd", recv(t, p, b, 8))
	})
}
