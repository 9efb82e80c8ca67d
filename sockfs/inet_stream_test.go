package sockfs_test

import (
	"testing"

	"github.com/govfs/govfs/vfs"
	"github.com/stretchr/testify/require"
)

// inetConnected4 returns a connected pair over 127.0.0.1: client, server.
func inetConnected4(t testing.TB, p *vfs.Process) (c, s int) {
	l, port := inetListener4(t, p)
	defer p.Close(l)
	c = mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
	require.NoError(t, p.Connect(c, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}))
	s, _, err := p.Accept(l)
	require.NoError(t, err)
	t.Cleanup(func() { p.Close(c); p.Close(s) })
	return c, s
}

func TestInetConnect(t *testing.T) {
	p := bootInet(t)
	t.Run("a_destination_off_lo_is_ENETUNREACH", func(t *testing.T) {
		for _, tc := range []struct {
			domain, typ int
			sa          vfs.Sockaddr
		}{
			{vfs.AF_INET, vfs.SOCK_STREAM, &vfs.SockaddrInet4{Addr: [4]byte{10, 1, 2, 3}, Port: 80}},
			{vfs.AF_INET, vfs.SOCK_STREAM | vfs.SOCK_NONBLOCK, &vfs.SockaddrInet4{Addr: [4]byte{10, 1, 2, 3}, Port: 80}},
			{vfs.AF_INET, vfs.SOCK_DGRAM, &vfs.SockaddrInet4{Addr: [4]byte{10, 1, 2, 3}, Port: 80}},
			{vfs.AF_INET6, vfs.SOCK_STREAM, &vfs.SockaddrInet6{Addr: [16]byte{0x20, 1, 0xd, 0xb8, 15: 1}, Port: 80}},
		} {
			fd := mustSocket(t, p, tc.domain, tc.typ)
			require.Equal(t, vfs.ENETUNREACH, p.Connect(fd, tc.sa))
			p.Close(fd)
		}
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		defer p.Close(fd)
		require.Equal(t, vfs.ENETUNREACH, p.Sendto(fd, []byte("x"), 0, &vfs.SockaddrInet4{Addr: [4]byte{10, 1, 2, 3}, Port: 80}))
	})
	t.Run("a_port_nobody_listens_on_is_ECONNREFUSED", func(t *testing.T) {
		for _, sa := range []vfs.Sockaddr{&vfs.SockaddrInet4{Addr: inetLo4, Port: 1}, &vfs.SockaddrInet4{Port: 1}} {
			fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
			require.Equal(t, vfs.ECONNREFUSED, p.Connect(fd, sa))
			p.Close(fd)
		}
		fd := mustSocket(t, p, vfs.AF_INET6, vfs.SOCK_STREAM)
		defer p.Close(fd)
		require.Equal(t, vfs.ECONNREFUSED, p.Connect(fd, &vfs.SockaddrInet6{Port: 1}))
	})
	t.Run("non_blocking_refused_is_EINPROGRESS_then_SO_ERROR_then_ECONNABORTED", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM|vfs.SOCK_NONBLOCK)
		defer p.Close(fd)
		require.Equal(t, vfs.EINPROGRESS, p.Connect(fd, &vfs.SockaddrInet4{Addr: inetLo4, Port: 1}))
		require.Equal(t, int16(0x201d), inetRevents(p, fd), "POLLERR while the error waits")
		v, err := p.GetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_ERROR)
		require.NoError(t, err)
		require.Equal(t, int(vfs.ECONNREFUSED), v)
		require.Equal(t, int16(0x2015), inetRevents(p, fd))
		require.Equal(t, vfs.ECONNABORTED, p.Connect(fd, &vfs.SockaddrInet4{Addr: inetLo4, Port: 1}))
	})
	t.Run("non_blocking_is_EINPROGRESS_then_writable_with_SO_ERROR_0", func(t *testing.T) {
		l, port := inetListener4(t, p)
		defer p.Close(l)
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM|vfs.SOCK_NONBLOCK)
		defer p.Close(fd)
		sa := &vfs.SockaddrInet4{Addr: inetLo4, Port: port}
		require.Equal(t, vfs.EINPROGRESS, p.Connect(fd, sa))
		require.Equal(t, int16(vfs.POLLOUT), inetRevents(p, fd))
		require.Equal(t, int16(vfs.POLLIN), inetRevents(p, l))
		v, err := p.GetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_ERROR)
		require.NoError(t, err)
		require.Equal(t, 0, v)
		require.NoError(t, p.Connect(fd, sa), "the second connect confirms")
		require.Equal(t, vfs.EISCONN, p.Connect(fd, sa))
		require.Equal(t, vfs.EISCONN, p.Connect(l, sa), "a listener")
		require.Equal(t, vfs.EINVAL, p.Listen(fd, 1), "listen when connected")
		require.Equal(t, vfs.EINVAL, p.Bind(fd, &vfs.SockaddrInet4{Addr: inetLo4}), "bind when connected")
	})
	t.Run("names_of_both_ends", func(t *testing.T) {
		l, port := inetListener4(t, p)
		defer p.Close(l)
		c := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(c)
		require.NoError(t, p.Connect(c, &vfs.SockaddrInet4{Port: port}), "0.0.0.0 is this host")
		s, from, err := p.Accept(l)
		require.NoError(t, err)
		defer p.Close(s)
		cport := inetPort(t, p, c)
		require.Equal(t, &vfs.SockaddrInet4{Addr: inetLo4, Port: cport}, from)
		for fd, want := range map[int][2]vfs.Sockaddr{
			c: {&vfs.SockaddrInet4{Addr: inetLo4, Port: cport}, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}},
			s: {&vfs.SockaddrInet4{Addr: inetLo4, Port: port}, &vfs.SockaddrInet4{Addr: inetLo4, Port: cport}},
		} {
			name, _ := p.Getsockname(fd)
			benchPeer, _ := p.Getpeername(fd)
			require.Equal(t, want, [2]vfs.Sockaddr{name, benchPeer})
		}
	})
	t.Run("a_listener_on_127.0.0.1_does_not_answer_127.0.0.2", func(t *testing.T) {
		l, port := inetListener4(t, p)
		defer p.Close(l)
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(fd)
		require.Equal(t, vfs.ECONNREFUSED, p.Connect(fd, &vfs.SockaddrInet4{Addr: [4]byte{127, 0, 0, 2}, Port: port}))
	})
	t.Run("v4_reaches_a_dual_stack_listener_as_v4_mapped", func(t *testing.T) {
		l := mustSocket(t, p, vfs.AF_INET6, vfs.SOCK_STREAM)
		defer p.Close(l)
		require.NoError(t, p.Bind(l, &vfs.SockaddrInet6{}))
		require.NoError(t, p.Listen(l, 4))
		port := inetPort(t, p, l)
		c := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(c)
		require.NoError(t, p.Connect(c, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}))
		s, from, err := p.Accept(l)
		require.NoError(t, err)
		defer p.Close(s)
		require.Equal(t, &vfs.SockaddrInet6{Addr: [16]byte{10: 0xff, 11: 0xff, 12: 127, 15: 1}, Port: inetPort(t, p, c)}, from)
		c6 := mustSocket(t, p, vfs.AF_INET6, vfs.SOCK_STREAM)
		defer p.Close(c6)
		require.Equal(t, vfs.EINVAL, p.Connect(c6, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}), "sockaddr_in on a v6 stream socket")
		require.NoError(t, p.Connect(c6, &vfs.SockaddrInet6{Addr: [16]byte{15: 1}, Port: port}))
	})
	t.Run("unconnected_calls", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(fd)
		require.Equal(t, int16(vfs.POLLOUT|vfs.POLLHUP), inetRevents(p, fd))
		_, _, err := p.Recvfrom(fd, make([]byte, 4), vfs.MSG_DONTWAIT)
		require.Equal(t, vfs.ENOTCONN, err)
		require.Equal(t, vfs.EPIPE, p.Sendto(fd, []byte("x"), vfs.MSG_NOSIGNAL, nil))
		_, _, err = p.Accept(fd)
		require.Equal(t, vfs.EINVAL, err)
		require.Equal(t, vfs.ENOTCONN, p.Shutdown(fd, vfs.SHUT_RDWR))
		require.Equal(t, int16(0x2015), inetRevents(p, fd))
	})
}

func TestInetStream(t *testing.T) {
	p := bootInet(t)
	t.Run("data_both_ways_then_SHUT_WR_is_end_of_file", func(t *testing.T) {
		c, s := inetConnected4(t, p)
		_, err := p.Write(c, []byte("ping"))
		require.NoError(t, err)
		buf := make([]byte, 16)
		n, err := p.Read(s, buf)
		require.NoError(t, err)
		require.Equal(t, "ping", string(buf[:n]))
		require.NoError(t, p.Shutdown(s, vfs.SHUT_WR))
		require.Equal(t, int16(0x2005), inetRevents(p, c))
		n, err = p.Read(c, buf)
		require.NoError(t, err)
		require.Zero(t, n)
		_, err = p.Write(c, []byte("still"))
		require.NoError(t, err, "the other direction stays open")
		require.NoError(t, p.Shutdown(c, vfs.SHUT_WR))
		require.Equal(t, int16(0x2015), inetRevents(p, c))
		require.Equal(t, vfs.EPIPE, p.Sendto(c, []byte("x"), vfs.MSG_NOSIGNAL, nil))
	})
	t.Run("SHUT_RD_reads_end_of_file_but_data_that_came_first", func(t *testing.T) {
		c, s := inetConnected4(t, p)
		require.NoError(t, p.Shutdown(c, vfs.SHUT_RD))
		require.Equal(t, int16(0x2005), inetRevents(p, c))
		n, err := p.Read(c, make([]byte, 4))
		require.NoError(t, err)
		require.Zero(t, n)
		p.Write(s, []byte("hi"))
		n, _ = p.Read(c, make([]byte, 4))
		require.Equal(t, 2, n)
	})
	t.Run("close_with_unread_data_resets_the_peer", func(t *testing.T) {
		c, s := inetConnected4(t, p)
		p.Write(s, []byte("unread"))
		p.Write(c, []byte("data for s!"))
		p.Close(c)
		require.Equal(t, int16(0x201d), inetRevents(p, s))
		buf := make([]byte, 64)
		n, err := p.Read(s, buf)
		require.NoError(t, err)
		require.Equal(t, "data for s!", string(buf[:n]))
		_, err = p.Read(s, buf)
		require.Equal(t, vfs.ECONNRESET, err)
		require.Equal(t, vfs.EPIPE, p.Sendto(s, []byte("x"), vfs.MSG_NOSIGNAL, nil))
	})
	t.Run("a_send_to_a_closed_peer_goes_once_then_EPIPE", func(t *testing.T) {
		c, s := inetConnected4(t, p)
		p.Close(s)
		require.Equal(t, int16(0x2005), inetRevents(p, c))
		require.NoError(t, p.Sendto(c, []byte("x"), vfs.MSG_NOSIGNAL, nil))
		require.Equal(t, int16(0x201d), inetRevents(p, c))
		require.Equal(t, vfs.EPIPE, p.Sendto(c, []byte("x"), vfs.MSG_NOSIGNAL, nil))
		require.Equal(t, vfs.EPIPE, p.Sendto(c, []byte("x"), vfs.MSG_NOSIGNAL, nil))
		n, err := p.Read(c, make([]byte, 4))
		require.NoError(t, err)
		require.Zero(t, n)
	})
	t.Run("a_listener_shut_for_reading_resets_its_queue", func(t *testing.T) {
		l, port := inetListener4(t, p)
		defer p.Close(l)
		c := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(c)
		require.NoError(t, p.Connect(c, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}))
		require.NoError(t, p.Shutdown(l, vfs.SHUT_WR))
		require.NoError(t, p.Shutdown(l, vfs.SHUT_RD))
		require.Equal(t, int16(vfs.POLLOUT|vfs.POLLHUP), inetRevents(p, l))
		_, _, err := p.Accept4(l, vfs.SOCK_NONBLOCK)
		require.Equal(t, vfs.EINVAL, err)
		_, err = p.Read(c, make([]byte, 4))
		require.Equal(t, vfs.ECONNRESET, err)
	})
	t.Run("MSG_PEEK_MSG_TRUNC_MSG_WAITALL_MSG_OOB", func(t *testing.T) {
		c, s := inetConnected4(t, p)
		p.Write(c, []byte("abcdef"))
		buf := make([]byte, 3)
		n, _, _ := p.Recvfrom(s, buf, vfs.MSG_PEEK)
		require.Equal(t, "abc", string(buf[:n]))
		n, _, _ = p.Recvfrom(s, buf, vfs.MSG_TRUNC)
		require.Equal(t, 3, n)
		n, _, _ = p.Recvfrom(s, buf, 0)
		require.Equal(t, "def", string(buf[:n]))
		_, _, err := p.Recvfrom(s, buf, vfs.MSG_OOB)
		require.Equal(t, vfs.EINVAL, err)
		done := make(chan string)
		go func() {
			b := make([]byte, 8)
			n, _, _ := p.Recvfrom(s, b, vfs.MSG_WAITALL)
			done <- string(b[:n])
		}()
		p.Write(c, []byte("1234"))
		p.Write(c, []byte("5678"))
		require.Equal(t, "12345678", <-done)
	})
	t.Run("a_0_byte_recv_waits_for_data_then_is_0", func(t *testing.T) {
		c, s := inetConnected4(t, p)
		_, _, err := p.Recvfrom(s, nil, vfs.MSG_DONTWAIT)
		require.Equal(t, vfs.EAGAIN, err)
		p.Write(c, []byte("x"))
		n, _, err := p.Recvfrom(s, nil, vfs.MSG_DONTWAIT)
		require.NoError(t, err)
		require.Zero(t, n)
	})
	t.Run("SCM_RIGHTS_is_ignored_as_Linux_ignores_it", func(t *testing.T) {
		c, s := inetConnected4(t, p)
		n, err := p.SendmsgN(c, []byte("x"), vfs.UnixRights(c), nil, 0)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		oob := make([]byte, 64)
		_, oobn, _, _, err := p.Recvmsg(s, make([]byte, 4), oob, 0)
		require.NoError(t, err)
		require.Zero(t, oobn)
	})
	t.Run("a_full_receive_buffer_blocks_the_writer_until_read", func(t *testing.T) {
		c, s := inetConnected4(t, p)
		big := make([]byte, 1<<20)
		done := make(chan error)
		go func() {
			_, err := p.Write(c, big)
			done <- err
		}()
		got := 0
		buf := make([]byte, 64<<10)
		for got < len(big) {
			n, err := p.Read(s, buf)
			require.NoError(t, err)
			got += n
		}
		require.NoError(t, <-done)
		require.Equal(t, len(big), got)
	})
}

func TestInetDgram(t *testing.T) {
	p := bootInet(t)
	t.Run("sendto_binds_and_recvfrom_tells_who_sent", func(t *testing.T) {
		r := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		w := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		defer p.Close(r)
		defer p.Close(w)
		require.NoError(t, p.Bind(r, &vfs.SockaddrInet4{Addr: inetLo4}))
		to := &vfs.SockaddrInet4{Addr: inetLo4, Port: inetPort(t, p, r)}
		require.NoError(t, p.Sendto(w, []byte("hello"), 0, to))
		require.NoError(t, p.Sendto(w, []byte("world!"), 0, to))
		name, _ := p.Getsockname(w)
		wport := inetPort(t, p, w)
		require.Equal(t, &vfs.SockaddrInet4{Port: wport}, name, "bound on the wildcard")
		buf := make([]byte, 3)
		n, from, err := p.Recvfrom(r, buf, 0)
		require.NoError(t, err)
		require.Equal(t, "hel", string(buf[:n]))
		require.Equal(t, &vfs.SockaddrInet4{Addr: inetLo4, Port: wport}, from)
		n, _, flags, _, err := p.Recvmsg(r, buf, nil, vfs.MSG_TRUNC)
		require.NoError(t, err)
		require.Equal(t, 6, n, "the whole length with MSG_TRUNC")
		require.Equal(t, vfs.MSG_TRUNC, flags)
		_, _, err = p.Recvfrom(r, buf, vfs.MSG_DONTWAIT)
		require.Equal(t, vfs.EAGAIN, err)
	})
	t.Run("sizes_and_destinations", func(t *testing.T) {
		w := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		defer p.Close(w)
		to := &vfs.SockaddrInet4{Addr: inetLo4, Port: 9}
		require.Equal(t, vfs.EMSGSIZE, p.Sendto(w, make([]byte, 65508), 0, to))
		require.NoError(t, p.Sendto(w, make([]byte, 65507), 0, to))
		require.Equal(t, vfs.EDESTADDRREQ, p.Sendto(w, []byte("x"), 0, nil))
		require.Equal(t, vfs.EAFNOSUPPORT, p.Sendto(w, []byte("x"), 0, &vfs.SockaddrInet6{Port: 9}))
		w6 := mustSocket(t, p, vfs.AF_INET6, vfs.SOCK_DGRAM)
		defer p.Close(w6)
		to6 := &vfs.SockaddrInet6{Addr: [16]byte{15: 1}, Port: 9}
		require.NoError(t, p.Sendto(w6, make([]byte, 65527), 0, to6))
		require.Equal(t, vfs.EMSGSIZE, p.Sendto(w6, make([]byte, 65528), 0, to6))
		require.NoError(t, p.Sendto(w6, []byte("x"), 0, &vfs.SockaddrInet4{Addr: inetLo4, Port: 9}), "v4 through a v6 socket")
	})
	t.Run("connected_to_a_closed_port_is_ECONNREFUSED_on_the_next_send", func(t *testing.T) {
		u := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		defer p.Close(u)
		require.NoError(t, p.Connect(u, &vfs.SockaddrInet4{Addr: inetLo4, Port: 1}))
		require.NoError(t, p.Sendto(u, []byte("x"), 0, nil))
		require.Equal(t, vfs.ECONNREFUSED, p.Sendto(u, []byte("x"), 0, nil))
		_, _, err := p.Recvfrom(u, make([]byte, 4), vfs.MSG_DONTWAIT)
		require.Equal(t, vfs.EAGAIN, err)
	})
	t.Run("shutdown", func(t *testing.T) {
		u := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		defer p.Close(u)
		require.Equal(t, int16(vfs.POLLOUT), inetRevents(p, u))
		require.Equal(t, vfs.ENOTCONN, p.Shutdown(u, vfs.SHUT_RDWR))
		require.Equal(t, int16(0x2015), inetRevents(p, u))
		c := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		defer p.Close(c)
		require.NoError(t, p.Connect(c, &vfs.SockaddrInet4{Addr: inetLo4, Port: 9}))
		require.NoError(t, p.Shutdown(c, vfs.SHUT_WR))
		require.Equal(t, vfs.EPIPE, p.Sendto(c, []byte("x"), vfs.MSG_NOSIGNAL, nil))
		require.Equal(t, int16(vfs.POLLOUT), inetRevents(p, c))
	})
}
