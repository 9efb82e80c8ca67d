package sockfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestSigio: signal-driven I/O on sockets (sock_fasync, sk_wake_async).
// A socket with O_ASYNC and an owner gets SIGIO when something comes to
// it: data, its peer's end of file or close, a connection to accept, an
// error; and room to send, once a send found none. Its own calls signal
// nothing. Each step's count is what Linux 6.18 sent a test program
// making the same calls (the differential tests cannot ask: the host's
// signal would reach the whole test binary).
func TestSigio(t *testing.T) {
	p := bootInet(t)
	var seen int
	step := func(name string, act func(), want int) {
		t.Helper()
		act()
		got := p.Signals()[seen:]
		seen += len(got)
		for _, sig := range got {
			require.Equal(t, vfs.SIGIO, sig, name)
		}
		require.Len(t, got, want, name)
	}
	async := func(fd int) func() {
		return func() {
			_, err := p.FcntlInt(uintptr(fd), vfs.F_SETOWN, p.Pid())
			require.NoError(t, err)
			_, err = p.FcntlInt(uintptr(fd), vfs.F_SETFL, vfs.O_ASYNC|vfs.O_NONBLOCK)
			require.NoError(t, err)
			fl, err := p.FcntlInt(uintptr(fd), vfs.F_GETFL, 0)
			require.NoError(t, err)
			require.Equal(t, vfs.O_ASYNC, fl&vfs.O_ASYNC, "a socket keeps O_ASYNC")
		}
	}
	write := func(fd int) func() { return func() { _, _ = p.Write(fd, []byte("x")) } }
	read := func(fd int) func() { return func() { _, _ = p.Read(fd, make([]byte, 100)) } }
	shut := func(fd, how int) func() { return func() { require.NoError(t, p.Shutdown(fd, how)) } }
	closeFD := func(fd int) func() { return func() { require.NoError(t, p.Close(fd)) } }
	// exchange is what every connected kind shares: a's O_ASYNC set,
	// one signal for what the peer b sends, none for a's own calls.
	exchange := func(a, b int) {
		step("set async", async(a), 0)
		step("peer send", write(b), 1)
		step("read", read(a), 0)
		step("own send", write(a), 0)
	}

	t.Run("unix_dgram", func(t *testing.T) {
		a, b := pair(t, p, vfs.SOCK_DGRAM)
		exchange(a, b)
		step("peer SHUT_WR", shut(b, vfs.SHUT_WR), 0)
		step("peer close", closeFD(b), 0)
	})
	t.Run("unix_stream", func(t *testing.T) {
		a, b := pair(t, p, vfs.SOCK_STREAM)
		exchange(a, b)
		step("peer SHUT_RD", shut(b, vfs.SHUT_RD), 0)
		step("own SHUT_RD", shut(a, vfs.SHUT_RD), 0)
		step("own SHUT_WR", shut(a, vfs.SHUT_WR), 0)
		step("peer SHUT_RDWR", shut(b, vfs.SHUT_RDWR), 1)
		c, d := pair(t, p, vfs.SOCK_STREAM)
		step("set async", async(c), 0)
		step("peer SHUT_WR", shut(d, vfs.SHUT_WR), 1)
		step("peer close", closeFD(d), 1)
	})
	t.Run("unix_listener_and_room_to_send", func(t *testing.T) {
		l := sock(t, p, vfs.SOCK_STREAM)
		addr := &vfs.SockaddrUnix{Name: "/tmp/sigio.sock"}
		require.NoError(t, p.Bind(l, addr))
		require.NoError(t, p.Listen(l, 8))
		step("set async", async(l), 0)
		c := sock(t, p, vfs.SOCK_STREAM)
		step("connect", func() { require.NoError(t, p.Connect(c, addr)) }, 1)
		var a int
		step("accept", func() {
			var err error
			a, _, err = p.Accept(l)
			require.NoError(t, err)
		}, 0)
		step("set async", async(c), 0)
		big := make([]byte, 65536)
		step("fill until EAGAIN", func() {
			for {
				if _, err := p.Write(c, big); err != nil {
					require.ErrorIs(t, err, vfs.EAGAIN)
					return
				}
			}
		}, 0)
		_, err := p.FcntlInt(uintptr(a), vfs.F_SETFL, vfs.O_NONBLOCK)
		require.NoError(t, err)
		step("peer reads 64 KiB: not yet writable", func() { _, _ = p.Read(a, big) }, 0)
		step("peer drains: room", func() {
			for range 40 {
				_, _ = p.Read(a, big)
			}
		}, 1)
	})
	t.Run("tcp", func(t *testing.T) {
		l := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		require.NoError(t, p.Bind(l, &vfs.SockaddrInet4{Addr: inetLo4}))
		require.NoError(t, p.Listen(l, 8))
		sa, err := p.Getsockname(l)
		require.NoError(t, err)
		step("set async on the listener", async(l), 0)
		c := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		step("connect", func() { require.NoError(t, p.Connect(c, sa)) }, 1)
		a, _, err := p.Accept(l)
		require.NoError(t, err)
		exchange(c, a)
		step("peer SHUT_WR: a FIN", shut(a, vfs.SHUT_WR), 1)
		step("peer close with data unread: a reset", closeFD(a), 1)
	})
	t.Run("udp", func(t *testing.T) {
		u := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		require.NoError(t, p.Bind(u, &vfs.SockaddrInet4{Addr: inetLo4}))
		sa, err := p.Getsockname(u)
		require.NoError(t, err)
		step("set async", async(u), 0)
		v := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		step("a datagram comes", func() { require.NoError(t, p.Sendto(v, []byte("x"), 0, sa)) }, 1)
		step("one it sent itself comes", func() { require.NoError(t, p.Sendto(u, []byte("x"), 0, sa)) }, 1)
	})
}
