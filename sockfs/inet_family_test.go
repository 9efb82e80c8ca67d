package sockfs_test

import (
	"testing"
	"time"

	"github.com/govfs/govfs/vfs"
	"github.com/stretchr/testify/require"
)

func TestInetFamilies(t *testing.T) {
	p := bootInet(t)
	l, port := inetListener4(t, p)
	defer p.Close(l)
	mapped := [16]byte{10: 0xff, 11: 0xff, 12: 127, 15: 1}
	v6 := func(v6only bool, bind *vfs.SockaddrInet6) int {
		fd := mustSocket(t, p, vfs.AF_INET6, vfs.SOCK_STREAM)
		t.Cleanup(func() { p.Close(fd) })
		if v6only {
			require.NoError(t, p.SetsockoptInt(fd, vfs.IPPROTO_IPV6, vfs.IPV6_V6ONLY, 1))
		}
		if bind != nil {
			require.NoError(t, p.Bind(fd, bind))
		}
		return fd
	}
	t.Run("v4_mapped_reaches_a_v4_listener", func(t *testing.T) {
		require.NoError(t, p.Connect(v6(false, nil), &vfs.SockaddrInet6{Addr: mapped, Port: port}))
	})
	t.Run("a_v6_only_socket_cannot_reach_IPv4", func(t *testing.T) {
		require.Equal(t, vfs.ENETUNREACH, p.Connect(v6(true, nil), &vfs.SockaddrInet6{Addr: mapped, Port: port}))
		fd := mustSocket(t, p, vfs.AF_INET6, vfs.SOCK_STREAM)
		defer p.Close(fd)
		p.SetsockoptInt(fd, vfs.IPPROTO_IPV6, vfs.IPV6_V6ONLY, 1)
		require.Equal(t, vfs.EINVAL, p.Bind(fd, &vfs.SockaddrInet6{Addr: mapped}))
	})
	t.Run("bound_mapped_to_IPv6_is_EAFNOSUPPORT_and_the_reverse_ENETUNREACH", func(t *testing.T) {
		require.Equal(t, vfs.EAFNOSUPPORT, p.Connect(v6(false, &vfs.SockaddrInet6{Addr: mapped}), &vfs.SockaddrInet6{Addr: [16]byte{15: 1}, Port: port}))
		require.Equal(t, vfs.ENETUNREACH, p.Connect(v6(false, &vfs.SockaddrInet6{Addr: [16]byte{15: 1}}), &vfs.SockaddrInet6{Addr: mapped, Port: port}))
	})
	t.Run("after_a_blocking_refusal_the_socket_connects_again", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(fd)
		require.Equal(t, vfs.ECONNREFUSED, p.Connect(fd, &vfs.SockaddrInet4{Addr: inetLo4, Port: 1}))
		v, _ := p.GetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_ERROR)
		require.Zero(t, v)
		require.NoError(t, p.Connect(fd, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}))
	})
	t.Run("a_socket_bound_to_the_wildcard_connects_from_127.0.0.1", func(t *testing.T) {
		for _, typ := range []int{vfs.SOCK_STREAM, vfs.SOCK_DGRAM} {
			fd := mustSocket(t, p, vfs.AF_INET, typ)
			require.NoError(t, p.Bind(fd, &vfs.SockaddrInet4{}))
			require.NoError(t, p.Connect(fd, &vfs.SockaddrInet4{Port: port}))
			name, _ := p.Getsockname(fd)
			benchPeer, _ := p.Getpeername(fd)
			require.Equal(t, inetLo4, name.(*vfs.SockaddrInet4).Addr)
			require.Equal(t, inetLo4, benchPeer.(*vfs.SockaddrInet4).Addr)
			p.Close(fd)
		}
	})
	t.Run("a_socket_bound_to_an_address_connects_from_it", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(fd)
		l, err := p.Socket(vfs.AF_INET, vfs.SOCK_STREAM, 0)
		require.NoError(t, err)
		defer p.Close(l)
		require.NoError(t, p.Bind(l, &vfs.SockaddrInet4{}))
		require.NoError(t, p.Listen(l, 1))
		require.NoError(t, p.Bind(fd, &vfs.SockaddrInet4{Addr: [4]byte{127, 0, 0, 5}}))
		require.NoError(t, p.Connect(fd, &vfs.SockaddrInet4{Addr: [4]byte{127, 0, 0, 9}, Port: inetPort(t, p, l)}))
		s, from, err := p.Accept(l)
		require.NoError(t, err)
		defer p.Close(s)
		require.Equal(t, [4]byte{127, 0, 0, 5}, from.(*vfs.SockaddrInet4).Addr)
		name, _ := p.Getsockname(s)
		require.Equal(t, [4]byte{127, 0, 0, 9}, name.(*vfs.SockaddrInet4).Addr, "the server's end is the address dialed")
	})
	t.Run("ports_below_1024_need_root", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		defer child.Exit(0)
		require.NoError(t, child.Setuid(65534))
		for port, want := range map[int]error{80: vfs.EACCES, 1023: vfs.EACCES, 1024: nil} {
			fd := mustSocket(t, child, vfs.AF_INET, vfs.SOCK_STREAM)
			require.Equal(t, want, child.Bind(fd, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}), "port %d", port)
			child.Close(fd)
		}
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(fd)
		require.NoError(t, p.Bind(fd, &vfs.SockaddrInet4{Addr: inetLo4, Port: 80}), "root may")
	})
	t.Run("UDP_shut_for_reading_is_EAGAIN_non_blocking_and_0_blocking", func(t *testing.T) {
		u := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		defer p.Close(u)
		require.NoError(t, p.Bind(u, &vfs.SockaddrInet4{Addr: inetLo4}))
		require.Equal(t, vfs.ENOTCONN, p.Shutdown(u, vfs.SHUT_RD))
		_, _, err := p.Recvfrom(u, make([]byte, 4), vfs.MSG_DONTWAIT)
		require.Equal(t, vfs.EAGAIN, err)
		n, _, err := p.Recvfrom(u, make([]byte, 4), 0)
		require.NoError(t, err)
		require.Zero(t, n)
	})
}

func TestInetRaces(t *testing.T) {
	t.Run("connects_racing_a_listener's_close_end_connected_refused_or_reset", func(t *testing.T) {
		p := bootInet(t)
		for range 20 {
			l, port := inetListener4(t, p)
			results := make(chan error, 8)
			for range 8 {
				go func() {
					fd, err := p.Socket(vfs.AF_INET, vfs.SOCK_STREAM, 0)
					if err != nil {
						results <- err
						return
					}
					defer p.Close(fd)
					if err := p.Connect(fd, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}); err != nil {
						results <- err
						return
					}
					_, err = p.Read(fd, make([]byte, 1))
					results <- err
				}()
			}
			go func() {
				for {
					s, _, err := p.Accept(l)
					if err != nil {
						return
					}
					p.Close(s)
				}
			}()
			p.Shutdown(l, vfs.SHUT_RD) // wakes the accepter: EINVAL
			p.Close(l)
			for range 8 {
				switch err := <-results; err {
				case nil, vfs.ECONNREFUSED, vfs.ECONNRESET:
				default:
					t.Fatalf("unexpected %v", err)
				}
			}
		}
	})
}

func TestInetConcurrentStreams(t *testing.T) {
	t.Run("writers_and_readers_on_one_connection_lose_no_bytes", func(t *testing.T) {
		p := bootInet(t)
		c, s := inetConnected4(t, p)
		const writers, per, size = 4, 200, 1000
		done := make(chan struct{})
		for range writers {
			go func() {
				defer func() { done <- struct{}{} }()
				b := make([]byte, size)
				for range per {
					if n, err := p.Write(c, b); err != nil || n != size {
						t.Errorf("write: %d %v", n, err)
						return
					}
				}
			}()
		}
		go func() {
			for range writers {
				<-done
			}
			p.Shutdown(c, vfs.SHUT_WR)
		}()
		total := make(chan int, 2)
		for range 2 {
			go func() {
				n, b := 0, make([]byte, 4096)
				for {
					m, err := p.Read(s, b)
					if err != nil || m == 0 {
						total <- n
						return
					}
					n += m
				}
			}()
		}
		require.Equal(t, writers*per*size, <-total+<-total)
	})
}

func TestInetBacklog(t *testing.T) {
	p := bootInet(t)
	listen := func(backlog int) (int, vfs.Sockaddr) {
		l := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		t.Cleanup(func() { p.Close(l) })
		require.NoError(t, p.Bind(l, &vfs.SockaddrInet4{Addr: inetLo4}))
		require.NoError(t, p.Listen(l, backlog))
		sa, _ := p.Getsockname(l)
		return l, sa
	}
	connect := func(sa vfs.Sockaddr) int {
		c := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM|vfs.SOCK_NONBLOCK)
		t.Cleanup(func() { p.Close(c) })
		require.Equal(t, vfs.EINPROGRESS, p.Connect(c, sa))
		return c
	}
	t.Run("backlog_plus_one_connect_the_rest_wait_for_accept", func(t *testing.T) {
		l, sa := listen(1)
		cs := []int{connect(sa), connect(sa), connect(sa), connect(sa)}
		for i, c := range cs {
			_, err := p.Getpeername(c)
			if i < 2 {
				require.NoError(t, err, "conn %d", i)
				require.Equal(t, int16(vfs.POLLOUT), inetRevents(p, c))
			} else {
				require.Equal(t, vfs.ENOTCONN, err, "conn %d", i)
				require.Zero(t, inetRevents(p, c), "SYN_SENT: nothing")
			}
		}
		require.Equal(t, vfs.EALREADY, p.Connect(cs[2], sa))
		_, _, err := p.Recvfrom(cs[2], make([]byte, 1), 0)
		require.Equal(t, vfs.EAGAIN, err)
		require.Equal(t, vfs.EAGAIN, p.Sendto(cs[2], []byte("x"), vfs.MSG_NOSIGNAL, nil))
		for range 4 {
			s, _, err := p.Accept4(l, vfs.SOCK_NONBLOCK)
			require.NoError(t, err)
			p.Close(s)
		}
		require.NoError(t, p.Connect(cs[3], sa), "made by the accepts")
	})
	t.Run("a_blocking_connect_waits_for_room", func(t *testing.T) {
		l, sa := listen(0)
		connect(sa)
		c := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(c)
		done := make(chan error)
		go func() { done <- p.Connect(c, sa) }()
		select {
		case err := <-done:
			t.Fatalf("connect returned %v with the queue full", err)
		case <-time.After(20 * time.Millisecond):
		}
		s, _, err := p.Accept(l)
		require.NoError(t, err)
		defer p.Close(s)
		require.NoError(t, <-done)
	})
	t.Run("a_listener_that_goes_refuses_the_waiting_connects", func(t *testing.T) {
		l, sa := listen(0)
		queued := connect(sa)
		waiting := connect(sa)
		c := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(c)
		done := make(chan error)
		go func() { done <- p.Connect(c, sa) }()
		time.Sleep(20 * time.Millisecond)
		p.Close(l)
		require.Equal(t, vfs.ECONNREFUSED, <-done)
		v, _ := p.GetsockoptInt(waiting, vfs.SOL_SOCKET, vfs.SO_ERROR)
		require.Equal(t, int(vfs.ECONNREFUSED), v)
		_, _, err := p.Recvfrom(queued, make([]byte, 1), vfs.MSG_DONTWAIT)
		require.Equal(t, vfs.ECONNRESET, err)
	})
	t.Run("a_waiting_connect_that_closes_leaves_the_queue", func(t *testing.T) {
		l, sa := listen(0)
		connect(sa)
		gone := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM|vfs.SOCK_NONBLOCK)
		require.Equal(t, vfs.EINPROGRESS, p.Connect(gone, sa))
		p.Close(gone)
		last := connect(sa)
		for range 2 {
			s, _, err := p.Accept(l)
			require.NoError(t, err)
			p.Close(s)
		}
		require.NoError(t, p.Connect(last, sa))
		require.Zero(t, inetRevents(p, l), "no connection for the closed one")
	})
}
