package vfs_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The core's half of the socket calls, driven through the "lo" test
// family (socket_fake_test.go).

func loPair(t *testing.T, typ int) (*vfs.Kernel, *vfs.Process, *loFamily, [2]int) {
	t.Helper()
	k, p := newSystem(t)
	fam := registerLo(t, k)
	fds, err := p.Socketpair(loDomain, typ, 0)
	require.NoError(t, err)
	return k, p, fam, fds
}

func TestSocketCalls(t *testing.T) {
	t.Run("calls_on_a_pipe_are_ENOTSOCK", func(t *testing.T) {
		_, p := newSystem(t)
		fds := make([]int, 2)
		require.NoError(t, p.Pipe(fds))
		sa := &vfs.SockaddrUnix{Name: "x"}
		requireErrno(t, p.Bind(fds[0], sa), vfs.ENOTSOCK)
		requireErrno(t, p.Connect(fds[0], sa), vfs.ENOTSOCK)
		requireErrno(t, p.Listen(fds[0], 1), vfs.ENOTSOCK)
		_, _, err := p.Accept(fds[0])
		requireErrno(t, err, vfs.ENOTSOCK)
		_, err = p.Getsockname(fds[0])
		requireErrno(t, err, vfs.ENOTSOCK)
		requireErrno(t, p.Shutdown(fds[0], vfs.SHUT_RD), vfs.ENOTSOCK)
		requireErrno(t, p.Sendto(fds[1], []byte("x"), 0, nil), vfs.ENOTSOCK)
		_, _, err = p.Recvfrom(fds[0], make([]byte, 1), 0)
		requireErrno(t, err, vfs.ENOTSOCK)
		_, err = p.GetsockoptInt(fds[0], vfs.SOL_SOCKET, vfs.SO_TYPE)
		requireErrno(t, err, vfs.ENOTSOCK)
		requireErrno(t, p.Bind(99, sa), vfs.EBADF)
	})
	t.Run("x/sys_address_checks_come_before_the_fd", func(t *testing.T) {
		_, p := newSystem(t)
		long := make([]byte, 108)
		for i := range long {
			long[i] = 'a'
		}
		requireErrno(t, p.Bind(99, &vfs.SockaddrUnix{Name: string(long)}), vfs.EINVAL)
		requireErrno(t, p.Connect(99, &vfs.SockaddrInet4{Port: 70000}), vfs.EINVAL)
		requireErrno(t, p.Bind(99, nil), vfs.EBADF)
	})
	t.Run("addresses_reach_the_backend_in_kernel_form", func(t *testing.T) {
		_, p, fam, fds := loPair(t, vfs.SOCK_DGRAM)
		for _, c := range []struct{ user, kernel string }{
			{"/tmp/s", "/tmp/s"}, {"@abs", "\x00abs"}, {"\x00abs", "\x00abs"}, {"", ""}, {"@", "\x00"},
		} {
			require.NoError(t, p.Bind(fds[0], &vfs.SockaddrUnix{Name: c.user}))
			require.Equal(t, &vfs.SockaddrUnix{Name: c.kernel}, fam.bound, "bind(%q)", c.user)
		}
		requireErrno(t, p.Connect(fds[0], &vfs.SockaddrUnix{Name: "@x"}), vfs.EISCONN)
		require.Equal(t, &vfs.SockaddrUnix{Name: "\x00x"}, fam.connected)
	})
	t.Run("addresses_come_back_as_x/sys_spells_them", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_DGRAM)
		sa, err := p.Getsockname(fds[0])
		require.NoError(t, err)
		require.Equal(t, &vfs.SockaddrUnix{Name: "@"}, sa, "an unnamed socket")
		sa, err = p.Getpeername(fds[0])
		require.NoError(t, err)
		require.Equal(t, &vfs.SockaddrUnix{Name: "@peer"}, sa, "abstract, cut at the first NUL")
	})
	t.Run("listen_clamps_the_backlog_as_linux", func(t *testing.T) {
		_, p, fam, fds := loPair(t, vfs.SOCK_STREAM)
		for _, c := range []struct{ in, want int }{{5, 5}, {0, 0}, {-1, vfs.SOMAXCONN}, {1 << 20, vfs.SOMAXCONN}} {
			require.NoError(t, p.Listen(fds[0], c.in))
			require.Equal(t, c.want, fam.backlog, "listen(%d)", c.in)
		}
	})
	t.Run("accept4_flags_and_shutdown_how", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_STREAM)
		_, _, err := p.Accept4(fds[0], vfs.O_APPEND)
		requireErrno(t, err, vfs.EINVAL)
		requireErrno(t, p.Shutdown(fds[0], 3), vfs.EINVAL)
		requireErrno(t, p.Shutdown(fds[0], -1), vfs.EINVAL)
	})
	t.Run("nonblocking_accept_is_EAGAIN", func(t *testing.T) {
		_, p := newSystem(t)
		registerLo(t, p.Kernel())
		fds, err := p.Socketpair(loDomain, vfs.SOCK_STREAM|vfs.SOCK_NONBLOCK, 0)
		require.NoError(t, err)
		_, _, err = p.Accept(fds[0])
		requireErrno(t, err, vfs.EAGAIN)
	})
	t.Run("a_signal_interrupts_a_blocked_accept", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_STREAM)
		done := make(chan error)
		go func() { _, _, err := p.Accept(fds[0]); done <- err }()
		// A signal interrupts only a call blocked when it comes: on a
		// loaded machine the accept may not block for a while, so send
		// until one lands (a fixed sleep hung a run as uid 65534).
		for {
			require.NoError(t, p.Kill(vfs.SIGUSR1))
			select {
			case err := <-done:
				requireErrno(t, err, vfs.EINTR)
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	})
}

func TestSocketBlocking(t *testing.T) {
	t.Run("a_stream_send_bigger_than_the_buffer_arrives_whole", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_STREAM)
		msg := []byte("0123456789abcdefghijklmnopqrstuvwxyz")
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := p.SendmsgN(fds[0], msg, nil, nil, 0)
			require.NoError(t, err)
			require.Equal(t, len(msg), n)
		}()
		got := make([]byte, 0, len(msg))
		for len(got) < len(msg) {
			b := make([]byte, 5)
			n, _, err := p.Recvfrom(fds[1], b, 0)
			require.NoError(t, err)
			got = append(got, b[:n]...)
		}
		wg.Wait()
		require.Equal(t, msg, got)
	})
	t.Run("MSG_DONTWAIT_is_EAGAIN_and_a_partial_count", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_STREAM)
		_, _, err := p.Recvfrom(fds[1], make([]byte, 4), vfs.MSG_DONTWAIT)
		requireErrno(t, err, vfs.EAGAIN)
		n, err := p.SendmsgN(fds[0], make([]byte, 20), nil, nil, vfs.MSG_DONTWAIT)
		require.NoError(t, err)
		require.Equal(t, loCap, n)
	})
	t.Run("SO_RCVTIMEO_ends_a_receive_with_EAGAIN", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_DGRAM)
		require.NoError(t, p.SetsockoptTimeval(fds[1], vfs.SOL_SOCKET, vfs.SO_RCVTIMEO, &vfs.Timeval{Usec: 20000}))
		start := time.Now()
		_, _, err := p.Recvfrom(fds[1], make([]byte, 4), 0)
		requireErrno(t, err, vfs.EAGAIN)
		_, err = p.Read(fds[1], make([]byte, 4))
		requireErrno(t, err, vfs.EAGAIN, "read(2) honours SO_RCVTIMEO too")
		require.GreaterOrEqual(t, time.Since(start), 40*time.Millisecond)
	})
	t.Run("EPIPE_raises_SIGPIPE_unless_MSG_NOSIGNAL", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_DGRAM)
		require.NoError(t, p.Close(fds[1]))
		requireErrno(t, p.Sendto(fds[0], []byte("x"), vfs.MSG_NOSIGNAL, nil), vfs.EPIPE)
		require.NotContains(t, p.Signals(), vfs.SIGPIPE)
		requireErrno(t, p.Sendto(fds[0], []byte("x"), 0, nil), vfs.EPIPE)
		require.Contains(t, p.Signals(), vfs.SIGPIPE)
	})
}
