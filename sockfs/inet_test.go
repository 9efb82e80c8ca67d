package sockfs_test

import (
	"strings"
	"testing"

	"github.com/govfs/govfs/vfs"
	"github.com/stretchr/testify/require"
)

// Every errno here was first asked of Linux 6.x in a network namespace
// whose only interface is lo (unshare -n; ip link set lo up).

func inetRevents(p *vfs.Process, fd int) int16 {
	fds := []vfs.PollFd{{Fd: int32(fd), Events: vfs.POLLIN | vfs.POLLOUT | vfs.POLLRDHUP}}
	p.Poll(fds, 0)
	return fds[0].Revents
}

func TestInetSocket(t *testing.T) {
	p := bootInet(t)
	for _, tc := range []struct {
		name              string
		domain, typ, prot int
		want              error
	}{
		{"stream_with_IPPROTO_TCP_is_fine", vfs.AF_INET, vfs.SOCK_STREAM, vfs.IPPROTO_TCP, nil},
		{"dgram_with_IPPROTO_UDP_is_fine", vfs.AF_INET6, vfs.SOCK_DGRAM, vfs.IPPROTO_UDP, nil},
		{"stream_with_IPPROTO_UDP_is_EPROTONOSUPPORT", vfs.AF_INET, vfs.SOCK_STREAM, vfs.IPPROTO_UDP, vfs.EPROTONOSUPPORT},
		{"dgram_with_IPPROTO_TCP_is_EPROTONOSUPPORT", vfs.AF_INET6, vfs.SOCK_DGRAM, vfs.IPPROTO_TCP, vfs.EPROTONOSUPPORT},
		{"seqpacket_is_ESOCKTNOSUPPORT", vfs.AF_INET, vfs.SOCK_SEQPACKET, 0, vfs.ESOCKTNOSUPPORT},
		{"MPTCP_is_a_stream", vfs.AF_INET6, vfs.SOCK_STREAM, 262, nil},
		{"raw_without_a_protocol_is_EPROTONOSUPPORT", vfs.AF_INET, vfs.SOCK_RAW, 0, vfs.EPROTONOSUPPORT},
		{"raw_is_EPERM_without_CAP_NET_RAW", vfs.AF_INET6, vfs.SOCK_RAW, vfs.IPPROTO_UDP, vfs.EPERM},
		{"ping_is_EACCES_by_ping_group_range", vfs.AF_INET, vfs.SOCK_DGRAM, 1, vfs.EACCES},
		{"ping6_is_EACCES_by_ping_group_range", vfs.AF_INET6, vfs.SOCK_DGRAM, 58, vfs.EACCES},
		{"protocol_256_is_EPROTONOSUPPORT", vfs.AF_INET, vfs.SOCK_STREAM, 256, vfs.EPROTONOSUPPORT},
		{"protocol_-1_is_EINVAL_before_the_type", vfs.AF_INET, 0, -1, vfs.EINVAL},
		{"protocol_263_is_EINVAL_before_the_type", vfs.AF_INET6, vfs.SOCK_SEQPACKET, 263, vfs.EINVAL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fd, err := p.Socket(tc.domain, tc.typ, tc.prot)
			require.Equal(t, tc.want, err)
			if err == nil {
				p.Close(fd)
			}
		})
	}
	t.Run("a_0_byte_read_is_0_before_the_protocol_looks", func(t *testing.T) {
		for _, typ := range []int{vfs.SOCK_STREAM, vfs.SOCK_DGRAM} {
			fd := mustSocket(t, p, vfs.AF_INET, typ)
			n, err := p.Read(fd, nil)
			require.NoError(t, err)
			require.Zero(t, n)
			_, _, err = p.Recvfrom(fd, nil, vfs.MSG_DONTWAIT)
			require.Error(t, err, "recvfrom is no read: the protocol answers")
			p.Close(fd)
		}
	})
	t.Run("MSG_ERRQUEUE_is_EAGAIN_at_once_in_any_state", func(t *testing.T) {
		c, s := inetConnected4(t, p)
		p.Write(c, []byte("data is not an error"))
		u := mustSocket(t, p, vfs.AF_INET6, vfs.SOCK_DGRAM)
		defer p.Close(u)
		fresh := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(fresh)
		for _, fd := range []int{s, u, fresh} {
			_, _, err := p.Recvfrom(fd, make([]byte, 10), vfs.MSG_ERRQUEUE) // blocking, yet at once
			require.Equal(t, vfs.EAGAIN, err)
		}
	})
	t.Run("socketpair_is_EOPNOTSUPP", func(t *testing.T) {
		for _, typ := range []int{vfs.SOCK_STREAM, vfs.SOCK_DGRAM} {
			_, err := p.Socketpair(vfs.AF_INET, typ, 0)
			require.Equal(t, vfs.EOPNOTSUPP, err)
		}
		_, err := p.Socketpair(vfs.AF_INET, vfs.SOCK_STREAM, 300)
		require.Equal(t, vfs.EINVAL, err, "the socket is made, and refused, first")
	})
	t.Run("fresh_sockets_report_Linux_defaults", func(t *testing.T) {
		for _, tc := range []struct {
			domain, typ, snd, rcv, proto int
		}{
			{vfs.AF_INET, vfs.SOCK_STREAM, 16384, 131072, vfs.IPPROTO_TCP},
			{vfs.AF_INET6, vfs.SOCK_STREAM, 16384, 131072, vfs.IPPROTO_TCP},
			{vfs.AF_INET, vfs.SOCK_DGRAM, 212992, 212992, vfs.IPPROTO_UDP},
		} {
			fd := mustSocket(t, p, tc.domain, tc.typ)
			for opt, want := range map[int]int{vfs.SO_SNDBUF: tc.snd, vfs.SO_RCVBUF: tc.rcv, vfs.SO_TYPE: tc.typ, vfs.SO_PROTOCOL: tc.proto, vfs.SO_DOMAIN: tc.domain} {
				v, err := p.GetsockoptInt(fd, vfs.SOL_SOCKET, opt)
				require.NoError(t, err)
				require.Equal(t, want, v, "opt %d", opt)
			}
			sa, err := p.Getsockname(fd)
			require.NoError(t, err)
			if tc.domain == vfs.AF_INET {
				require.Equal(t, &vfs.SockaddrInet4{}, sa)
			} else {
				require.Equal(t, &vfs.SockaddrInet6{}, sa)
			}
			_, err = p.Getpeername(fd)
			require.Equal(t, vfs.ENOTCONN, err)
			p.Close(fd)
		}
	})
	t.Run("buffer_sizes_are_doubled_and_clamped", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(fd)
		for _, tc := range []struct{ opt, set, want int }{
			{vfs.SO_SNDBUF, 1, 4608}, {vfs.SO_RCVBUF, 1, 2304},
			{vfs.SO_SNDBUF, 50000, 100000}, {vfs.SO_RCVBUF, 1 << 30, 425984},
		} {
			require.NoError(t, p.SetsockoptInt(fd, vfs.SOL_SOCKET, tc.opt, tc.set))
			v, _ := p.GetsockoptInt(fd, vfs.SOL_SOCKET, tc.opt)
			require.Equal(t, tc.want, v)
		}
	})
	t.Run("TCP_NODELAY_and_SO_KEEPALIVE_are_kept", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(fd)
		require.NoError(t, p.SetsockoptInt(fd, vfs.IPPROTO_TCP, vfs.TCP_NODELAY, 1))
		require.NoError(t, p.SetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_KEEPALIVE, 1))
		v, _ := p.GetsockoptInt(fd, vfs.IPPROTO_TCP, vfs.TCP_NODELAY)
		require.Equal(t, 1, v)
		v, _ = p.GetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_KEEPALIVE)
		require.Equal(t, 1, v)
		_, err := p.GetsockoptInt(fd, vfs.IPPROTO_TCP, 999)
		require.Equal(t, vfs.ENOPROTOOPT, err)
	})
	t.Run("TCP_NODELAY_on_UDP_is_ENOPROTOOPT_to_set_and_EOPNOTSUPP_to_get", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		defer p.Close(fd)
		require.Equal(t, vfs.ENOPROTOOPT, p.SetsockoptInt(fd, vfs.IPPROTO_TCP, vfs.TCP_NODELAY, 1))
		_, err := p.GetsockoptInt(fd, vfs.IPPROTO_TCP, vfs.TCP_NODELAY)
		require.Equal(t, vfs.EOPNOTSUPP, err)
	})
	t.Run("IPV6_V6ONLY_is_off_and_fixed_once_bound", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET6, vfs.SOCK_STREAM)
		defer p.Close(fd)
		v, err := p.GetsockoptInt(fd, vfs.IPPROTO_IPV6, vfs.IPV6_V6ONLY)
		require.NoError(t, err)
		require.Equal(t, 0, v)
		require.NoError(t, p.Bind(fd, &vfs.SockaddrInet6{}))
		require.Equal(t, vfs.EINVAL, p.SetsockoptInt(fd, vfs.IPPROTO_IPV6, vfs.IPV6_V6ONLY, 1))
	})
}

func TestInetBind(t *testing.T) {
	p := bootInet(t)
	t.Run("an_address_off_lo_is_EADDRNOTAVAIL", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(fd)
		require.Equal(t, vfs.EADDRNOTAVAIL, p.Bind(fd, &vfs.SockaddrInet4{Addr: [4]byte{10, 1, 2, 3}}))
		fd6 := mustSocket(t, p, vfs.AF_INET6, vfs.SOCK_DGRAM)
		defer p.Close(fd6)
		require.Equal(t, vfs.EADDRNOTAVAIL, p.Bind(fd6, &vfs.SockaddrInet6{Addr: [16]byte{0x20, 1, 0xd, 0xb8, 15: 1}}))
	})
	t.Run("all_of_127/8_is_local", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(fd)
		require.NoError(t, p.Bind(fd, &vfs.SockaddrInet4{Addr: [4]byte{127, 9, 9, 9}}))
		require.Equal(t, vfs.EINVAL, p.Bind(fd, &vfs.SockaddrInet4{Addr: inetLo4}), "bound twice")
	})
	t.Run("the_wrong_family_is_EAFNOSUPPORT_or_EINVAL_by_length", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(fd)
		require.Equal(t, vfs.EAFNOSUPPORT, p.Bind(fd, &vfs.SockaddrInet6{}))
		require.Equal(t, vfs.EINVAL, p.Bind(fd, &vfs.SockaddrUnix{Name: "/x"}))
		require.Equal(t, vfs.EAFNOSUPPORT, p.Bind(fd, &vfs.SockaddrUnix{Name: "/tmp/abcdefghijklmnop"}))
		fd6 := mustSocket(t, p, vfs.AF_INET6, vfs.SOCK_STREAM)
		defer p.Close(fd6)
		require.Equal(t, vfs.EINVAL, p.Bind(fd6, &vfs.SockaddrInet4{Addr: inetLo4}))
	})
	t.Run("port_0_is_ephemeral", func(t *testing.T) {
		fd := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		defer p.Close(fd)
		require.NoError(t, p.Bind(fd, &vfs.SockaddrInet4{Addr: inetLo4}))
		port := inetPort(t, p, fd)
		require.True(t, port >= 32768 && port <= 60999, "port %d", port)
	})
	t.Run("two_listeners_on_a_port_are_EADDRINUSE_even_with_SO_REUSEADDR", func(t *testing.T) {
		a := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		b := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		c := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(a)
		defer p.Close(b)
		defer p.Close(c)
		for _, fd := range []int{a, b, c} {
			require.NoError(t, p.SetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_REUSEADDR, 1))
		}
		require.NoError(t, p.Bind(a, &vfs.SockaddrInet4{Addr: inetLo4}))
		port := inetPort(t, p, a)
		require.NoError(t, p.Bind(b, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}), "neither listens yet")
		require.NoError(t, p.Listen(a, 1))
		require.Equal(t, vfs.EADDRINUSE, p.Listen(b, 1))
		require.Equal(t, vfs.EADDRINUSE, p.Bind(c, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}))
	})
	t.Run("overlap_by_address", func(t *testing.T) {
		l, port := inetListener4(t, p)
		defer p.Close(l)
		for _, tc := range []struct {
			name   string
			domain int
			sa     vfs.Sockaddr
			want   error
		}{
			{"same", vfs.AF_INET, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}, vfs.EADDRINUSE},
			{"0.0.0.0", vfs.AF_INET, &vfs.SockaddrInet4{Port: port}, vfs.EADDRINUSE},
			{"127.0.0.2", vfs.AF_INET, &vfs.SockaddrInet4{Addr: [4]byte{127, 0, 0, 2}, Port: port}, nil},
			{"::", vfs.AF_INET6, &vfs.SockaddrInet6{Port: port}, vfs.EADDRINUSE},
			{"::1", vfs.AF_INET6, &vfs.SockaddrInet6{Addr: [16]byte{15: 1}, Port: port}, nil},
		} {
			fd := mustSocket(t, p, tc.domain, vfs.SOCK_STREAM)
			require.Equal(t, tc.want, p.Bind(fd, tc.sa), tc.name)
			p.Close(fd)
		}
	})
	t.Run("UDP_shares_a_port_when_both_say_SO_REUSEADDR", func(t *testing.T) {
		a := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		b := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		c := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		defer p.Close(a)
		defer p.Close(b)
		defer p.Close(c)
		p.SetsockoptInt(a, vfs.SOL_SOCKET, vfs.SO_REUSEADDR, 1)
		p.SetsockoptInt(b, vfs.SOL_SOCKET, vfs.SO_REUSEADDR, 1)
		require.NoError(t, p.Bind(a, &vfs.SockaddrInet4{Addr: inetLo4}))
		port := inetPort(t, p, a)
		require.NoError(t, p.Bind(b, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}))
		require.Equal(t, vfs.EADDRINUSE, p.Bind(c, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}))
	})
	t.Run("a_closed_listener_frees_its_port", func(t *testing.T) {
		l, port := inetListener4(t, p)
		p.Close(l)
		l2 := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_STREAM)
		defer p.Close(l2)
		require.NoError(t, p.Bind(l2, &vfs.SockaddrInet4{Addr: inetLo4, Port: port}))
	})
}

func TestInetTraceSpellsSocketCalls(t *testing.T) {
	p := bootInet(t)
	var out strings.Builder
	p.Kernel().Trace(&out)
	defer p.Kernel().Trace(nil)
	fd, _ := p.Socket(vfs.AF_INET, vfs.SOCK_STREAM|vfs.SOCK_CLOEXEC, 0)
	p.Bind(fd, &vfs.SockaddrInet4{Addr: inetLo4, Port: 8080})
	fd6, _ := p.Socket(vfs.AF_INET6, vfs.SOCK_DGRAM, 0)
	p.Connect(fd6, &vfs.SockaddrInet6{Addr: [16]byte{15: 1}, Port: 53})
	p.Shutdown(fd6, vfs.SHUT_WR)
	p.Accept4(fd, vfs.SOCK_NONBLOCK)
	p.Kernel().Trace(nil)
	require.Equal(t, `[1] socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3
[1] bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}) = 0
[1] socket(AF_INET6, SOCK_DGRAM, 0) = 4
[1] connect(4, {sa_family=AF_INET6, sin6_port=htons(53), sin6_addr=inet_pton("::1")}) = 0
[1] shutdown(4, SHUT_WR) = 0
[1] accept4(3, SOCK_NONBLOCK) = -1 EINVAL (invalid argument)
`, out.String())
}
