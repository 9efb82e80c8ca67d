package sockfs_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The parity scenarios: each runs on govfs (TestParity) and on the host
// kernel (TestParityHost, linux only), so every value they expect was
// read from Linux.

const (
	in     = vfs.POLLIN
	out    = vfs.POLLOUT
	hup    = vfs.POLLHUP
	rdhup  = vfs.POLLRDHUP
	pollEr = vfs.POLLERR
	nb     = vfs.SOCK_NONBLOCK
)

type scenario struct {
	name string
	run  func(t *testing.T, s sys)
}

var scenarios = []scenario{
	{"socket_checks_type_and_protocol", func(t *testing.T, s sys) {
		for _, typ := range []int{0, 4, 6, 10} {
			_, err := s.Socket(typ)
			is(t, err, vfs.ESOCKTNOSUPPORT, "type")
		}
		fd, err := s.Socket(vfs.SOCK_RAW)
		is(t, err, 0, "SOCK_RAW")
		typ, err := s.GetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_TYPE)
		is(t, err, 0, "SO_TYPE")
		require.Equal(t, vfs.SOCK_DGRAM, typ, "SOCK_RAW is a datagram socket")
	}},
	{"fresh_socket_readiness", func(t *testing.T, s sys) {
		for typ, want := range map[int]int{vfs.SOCK_STREAM: out | hup, vfs.SOCK_DGRAM: out, vfs.SOCK_SEQPACKET: out | hup} {
			fd, _ := s.Socket(typ)
			require.Equal(t, want, s.Poll(fd), typName(typ))
			pr, _ := s.Socketpair(typ)
			require.Equal(t, out, s.Poll(pr[0]), typName(typ))
		}
	}},
	{"shutdown_and_close_per_type", shutdownScenario},
	{"unconnected_calls", func(t *testing.T, s sys) {
		st, _ := s.Socket(vfs.SOCK_STREAM)
		_, err := s.Write(st, []byte("x"))
		is(t, err, vfs.ENOTCONN, "stream write")
		is(t, s.Sendto(st, []byte("x"), 0, "@nowhere"), vfs.EOPNOTSUPP, "stream sendto")
		_, err = s.Read(st, make([]byte, 1))
		is(t, err, vfs.EINVAL, "stream read")
		_, _, err = s.Accept(st)
		is(t, err, vfs.EINVAL, "accept without listen")
		is(t, s.Listen(st, 5), vfs.EINVAL, "listen unbound")
		_, err = s.Getpeername(st)
		is(t, err, vfs.ENOTCONN, "getpeername")
		name, err := s.Getsockname(st)
		is(t, err, 0, "getsockname")
		require.Equal(t, "@", name)
		is(t, s.Shutdown(st, vfs.SHUT_RDWR), 0, "shutdown unconnected")
		dg, _ := s.Socket(vfs.SOCK_DGRAM)
		is(t, s.Listen(dg, 5), vfs.EOPNOTSUPP, "dgram listen")
		_, _, err = s.Accept(dg)
		is(t, err, vfs.EOPNOTSUPP, "dgram accept")
		_, err = s.Write(dg, []byte("x"))
		is(t, err, vfs.ENOTCONN, "dgram write")
		sp, _ := s.Socket(vfs.SOCK_SEQPACKET)
		_, err = s.Write(sp, []byte("x"))
		is(t, err, vfs.ENOTCONN, "seqpacket write")
		_, err = s.Read(sp, make([]byte, 1))
		is(t, err, vfs.ENOTCONN, "seqpacket read")
	}},
	{"bind_names", bindScenario},
	{"connect_and_backlog", connectScenario},
	{"dgram_addresses_and_limits", dgramScenario},
	{"buffer_fill_counts", fillScenario},
	{"socket_options", sockoptScenario},
	{"stream_read_stops_after_passed_files", func(t *testing.T, s sys) {
		pr, _ := s.Socketpair(vfs.SOCK_STREAM)
		extra, _ := s.Socket(vfs.SOCK_DGRAM)
		_, err := s.Write(pr[0], []byte("ab"))
		is(t, err, 0, "write")
		is(t, s.SendFd(pr[0], []byte("cd"), extra), 0, "sendmsg SCM_RIGHTS")
		_, err = s.Write(pr[0], []byte("ef"))
		is(t, err, 0, "write")
		b := make([]byte, 10)
		n, fds, err := s.RecvFds(pr[1], b)
		is(t, err, 0, "recvmsg")
		require.Equal(t, "abcd", string(b[:n]))
		require.Equal(t, 1, fds)
		n, fds, err = s.RecvFds(pr[1], b)
		is(t, err, 0, "recvmsg")
		require.Equal(t, "ef", string(b[:n]))
		require.Equal(t, 0, fds)
	}},
}

func shutdownScenario(t *testing.T, s sys) {
	for _, typ := range []int{vfs.SOCK_STREAM, vfs.SOCK_DGRAM, vfs.SOCK_SEQPACKET} {
		conn := typ != vfs.SOCK_DGRAM
		p, _ := s.Socketpair(typ | nb)
		is(t, s.Shutdown(p[0], vfs.SHUT_WR), 0, "shutdown")
		require.Equal(t, out, s.Poll(p[0]))
		is(t, s.Sendto(p[0], []byte("x"), vfs.MSG_NOSIGNAL, ""), vfs.EPIPE, "send after SHUT_WR")
		_, err := s.Read(p[1], make([]byte, 1))
		if conn {
			require.Equal(t, in|out|rdhup, s.Poll(p[1]), typName(typ))
			is(t, err, 0, "peer reads EOF")
		} else {
			require.Equal(t, out, s.Poll(p[1]), typName(typ))
			is(t, err, vfs.EAGAIN, "a datagram peer is not told")
		}
		is(t, s.Shutdown(p[0], vfs.SHUT_RD), 0, "shutdown")
		require.Equal(t, in|out|hup|rdhup, s.Poll(p[0]), typName(typ))
		is(t, s.Sendto(p[1], []byte("x"), vfs.MSG_NOSIGNAL, ""), vfs.EPIPE, "send to a peer that shut reading")

		q, _ := s.Socketpair(typ | nb)
		s.Write(q[0], []byte("abc"))
		s.Close(q[1])
		b := make([]byte, 1)
		if conn {
			require.Equal(t, in|out|hup|rdhup|pollEr, s.Poll(q[0]), typName(typ))
			_, err = s.Read(q[0], b)
			is(t, err, vfs.ECONNRESET, "the peer left data unread")
			n, err := s.Read(q[0], b)
			is(t, err, 0, "then EOF")
			require.Equal(t, 0, n)
			is(t, s.Sendto(q[0], []byte("x"), vfs.MSG_NOSIGNAL, ""), vfs.EPIPE, "send")
		} else {
			require.Equal(t, out, s.Poll(q[0]))
			_, err = s.Read(q[0], b)
			is(t, err, vfs.EAGAIN, "dgram read")
			is(t, s.Sendto(q[0], []byte("x"), 0, ""), vfs.ECONNREFUSED, "send to a dead peer")
			is(t, s.Sendto(q[0], []byte("x"), 0, ""), vfs.ENOTCONN, "then disconnected")
		}
		r, _ := s.Socketpair(typ | nb)
		s.Close(r[1])
		if conn {
			require.Equal(t, in|out|hup|rdhup, s.Poll(r[0]), typName(typ))
		}
	}
}

var autoName = regexp.MustCompile(`^@[0-9a-f]{5}$`)

func bindScenario(t *testing.T, s sys) {
	fd, _ := s.Socket(vfs.SOCK_STREAM)
	is(t, s.Bind(fd, ""), 0, "autobind")
	name, _ := s.Getsockname(fd)
	require.Regexp(t, autoName, name)
	is(t, s.Bind(fd, ""), 0, "autobind of a bound socket")
	again, _ := s.Getsockname(fd)
	require.Equal(t, name, again)
	is(t, s.Bind(fd, "@"+s.Tag()+"x"), vfs.EINVAL, "bind a bound socket")
	path := s.Dir() + "/bound"
	is(t, s.Bind(fd, path), vfs.EINVAL, "bind a bound socket to a path")
	_, err := s.Mode(path)
	is(t, err, vfs.ENOENT, "the node made is taken away again")

	a, _ := s.Socket(vfs.SOCK_STREAM)
	sock := s.Dir() + "/sock"
	is(t, s.Bind(a, sock), 0, "bind path")
	mode, err := s.Mode(sock)
	is(t, err, 0, "stat")
	require.Equal(t, uint32(vfs.S_IFSOCK|0o755), mode, "0777 less the umask 022")
	name, _ = s.Getsockname(a)
	require.Equal(t, sock, name)
	b, _ := s.Socket(vfs.SOCK_STREAM)
	is(t, s.Bind(b, sock), vfs.EADDRINUSE, "the name exists")
	abs := "@" + s.Tag() + "abs"
	is(t, s.Bind(b, abs), 0, "abstract")
	c, _ := s.Socket(vfs.SOCK_STREAM)
	is(t, s.Bind(c, abs), vfs.EADDRINUSE, "abstract name taken")
	dg, _ := s.Socket(vfs.SOCK_DGRAM)
	is(t, s.Bind(dg, abs), 0, "each type has its own abstract names")
	is(t, s.Connect(dg, abs), 0, "and finds its own type's")
	sp, _ := s.Socket(vfs.SOCK_SEQPACKET)
	is(t, s.Connect(sp, abs), vfs.ECONNREFUSED, "no seqpacket socket has the name")
	is(t, s.Bind(c, s.Dir()+"/no/such"), vfs.ENOENT, "parent missing")
}

func connectScenario(t *testing.T, s sys) {
	l, _ := s.Socket(vfs.SOCK_STREAM)
	path := s.Dir() + "/l"
	is(t, s.Bind(l, path), 0, "bind")
	c, _ := s.Socket(vfs.SOCK_STREAM)
	is(t, s.Connect(c, path), vfs.ECONNREFUSED, "not listening")
	is(t, s.Listen(l, 0), 0, "listen")
	require.Equal(t, 0, s.Poll(l), "a listener without connections")
	d, _ := s.Socket(vfs.SOCK_DGRAM)
	is(t, s.Connect(d, path), vfs.EPROTOTYPE, "dgram to stream")
	sp, _ := s.Socket(vfs.SOCK_SEQPACKET)
	is(t, s.Connect(sp, path), vfs.EPROTOTYPE, "seqpacket to stream")
	c1, _ := s.Socket(vfs.SOCK_STREAM | nb)
	is(t, s.Connect(c1, path), 0, "backlog 0 takes one")
	require.Equal(t, out, s.Poll(c1))
	name, _ := s.Getsockname(c1)
	require.Equal(t, "@", name)
	peer, _ := s.Getpeername(c1)
	require.Equal(t, path, peer)
	is(t, s.Connect(c1, path), vfs.EAGAIN, "the full backlog is checked first")
	_, err := s.Write(c1, []byte("hi"))
	is(t, err, 0, "write before accept")
	c2, _ := s.Socket(vfs.SOCK_STREAM | nb)
	is(t, s.Connect(c2, path), vfs.EAGAIN, "backlog full")
	require.Equal(t, out|hup, s.Poll(c2))
	require.Equal(t, in, s.Poll(l), "a connection waits")
	nfd, from, err := s.Accept(l)
	is(t, err, 0, "accept")
	require.Equal(t, "@", from)
	name, _ = s.Getsockname(nfd)
	require.Equal(t, path, name, "the accepted socket has the listener's name")
	b := make([]byte, 10)
	n, src, _, err := s.Recvfrom(nfd, b, 0)
	is(t, err, 0, "recvfrom")
	require.Equal(t, "hi", string(b[:n]))
	require.Equal(t, "", src, "an unnamed sender")
	is(t, s.Connect(c2, path), 0, "room again after accept")
	nfd2, _, err := s.Accept(l)
	is(t, err, 0, "accept")
	is(t, s.Connect(c1, path), vfs.EISCONN, "connected")
	s.Close(nfd2)
	is(t, s.Listen(c2, 1), vfs.EINVAL, "listen on a connected socket")

	is(t, s.Unlink(path), 0, "unlink")
	is(t, s.Connect(d, path), vfs.ENOENT, "the name is gone")
	is(t, s.Connect(d, "@"+s.Tag()+"nobody"), vfs.ECONNREFUSED, "nobody holds the abstract name")
	file := s.Dir() + "/file"
	is(t, s.Mkfile(file), 0, "create")
	is(t, s.Connect(d, file), vfs.ECONNREFUSED, "not a socket")
	is(t, s.Connect(d, file+"/x"), vfs.ENOTDIR, "walked through a file")
	is(t, s.Connect(d, ""), vfs.EINVAL, "only the family")
}

func dgramScenario(t *testing.T, s sys) {
	r, _ := s.Socket(vfs.SOCK_DGRAM | nb)
	w, _ := s.Socket(vfs.SOCK_DGRAM | nb)
	name := "@" + s.Tag() + "d"
	is(t, s.Bind(r, name), 0, "bind")
	is(t, s.Sendto(w, []byte("hello"), 0, name), 0, "sendto")
	b := make([]byte, 3)
	n, from, fl, err := s.Recvfrom(r, b, 0)
	is(t, err, 0, "recvfrom")
	require.Equal(t, 3, n)
	require.Equal(t, "", from, "unnamed sender")
	require.Equal(t, vfs.MSG_TRUNC, fl&vfs.MSG_TRUNC)
	is(t, s.SetsockoptInt(w, vfs.SOL_SOCKET, vfs.SO_PASSCRED, 1), 0, "SO_PASSCRED")
	is(t, s.Sendto(w, []byte("hello"), 0, name), 0, "sendto")
	n, from, _, err = s.Recvfrom(r, b, vfs.MSG_TRUNC)
	is(t, err, 0, "recvfrom")
	require.Equal(t, 5, n)
	require.Regexp(t, autoName, from, "SO_PASSCRED autobinds the sender")
	sent := 0
	for s.Sendto(w, []byte("x"), 0, name) == nil {
		sent++
	}
	require.Equal(t, 11, sent, "max_dgram_qlen 10, and one more")
	is(t, s.Sendto(w, []byte("x"), 0, name), vfs.EAGAIN, "full")
	require.Equal(t, out, s.Poll(w), "unconnected: writable")
	is(t, s.Connect(w, name), 0, "connect")
	require.Equal(t, 0, s.Poll(w), "connected to a full queue: not writable")
	o, _ := s.Socket(vfs.SOCK_DGRAM)
	is(t, s.Connect(r, "@"+s.Tag()+"nobody"), vfs.ECONNREFUSED, "connect")
	oname := "@" + s.Tag() + "o"
	s.Bind(o, oname)
	is(t, s.Connect(r, oname), 0, "r connects elsewhere")
	x, _ := s.Socket(vfs.SOCK_DGRAM)
	is(t, s.Sendto(x, []byte("x"), 0, name), vfs.EPERM, "r takes only from its peer")

	p, _ := s.Socketpair(vfs.SOCK_DGRAM | nb)
	big := make([]byte, 212992-31)
	_, err = s.Write(p[0], big)
	is(t, err, vfs.EMSGSIZE, "larger than SO_SNDBUF-32")
	_, err = s.Write(p[0], big[:212992-32])
	is(t, err, 0, "SO_SNDBUF-32 fits")
	q, _ := s.Socketpair(vfs.SOCK_SEQPACKET | nb)
	_, err = s.Write(q[0], big)
	is(t, err, vfs.EMSGSIZE, "seqpacket too")
	is(t, s.Sendto(q[0], []byte("x"), 0, "@"+s.Tag()+"nowhere"), 0, "seqpacket ignores the address")
}

func fillScenario(t *testing.T, s sys) {
	got := map[int]map[int]int{}
	for _, typ := range []int{vfs.SOCK_STREAM, vfs.SOCK_DGRAM, vfs.SOCK_SEQPACKET} {
		for _, size := range []int{1, 100, 500, 1024, 3000, 3777, 4096, 10000, 40000, 65536, 200000} {
			p, _ := s.Socketpair(typ | nb)
			b := make([]byte, size)
			total, writes := 0, 0
			for {
				n, err := s.Write(p[0], b)
				if n > 0 {
					total += n
					writes++
				}
				if err != nil {
					is(t, err, vfs.EAGAIN, "full")
					break
				}
			}
			t.Logf("%s %d: %d bytes in %d writes", typName(typ), size, total, writes)
			if got[typ] == nil {
				got[typ] = map[int]int{}
			}
			got[typ][size] = total
			s.Close(p[0])
			s.Close(p[1])
		}
	}
	require.Equal(t, fillWant, got, "the host's counts, recorded in fillWant")
}

func sockoptScenario(t *testing.T, s sys) {
	fd, _ := s.Socket(vfs.SOCK_STREAM)
	for _, o := range []struct{ opt, want int }{
		{vfs.SO_SNDBUF, 212992}, {vfs.SO_RCVBUF, 212992}, {vfs.SO_TYPE, vfs.SOCK_STREAM},
		{vfs.SO_DOMAIN, vfs.AF_UNIX}, {vfs.SO_PROTOCOL, 0}, {vfs.SO_ERROR, 0},
		{vfs.SO_ACCEPTCONN, 0}, {vfs.SO_PASSCRED, 0}, {vfs.SO_REUSEADDR, 0},
	} {
		v, err := s.GetsockoptInt(fd, vfs.SOL_SOCKET, o.opt)
		is(t, err, 0, "get")
		require.Equal(t, o.want, v, "option %d", o.opt)
	}
	for _, c := range []struct{ set, snd, rcv int }{
		{0, 4608, 2304}, {1000, 4608, 2304}, {2304, 4608, 4608}, {2305, 4610, 4610},
		{5000, 10000, 10000}, {100000, 200000, 200000},
	} {
		is(t, s.SetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_SNDBUF, c.set), 0, "set")
		is(t, s.SetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_RCVBUF, c.set), 0, "set")
		snd, _ := s.GetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_SNDBUF)
		rcv, _ := s.GetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_RCVBUF)
		require.Equal(t, []int{c.snd, c.rcv}, []int{snd, rcv}, "set %d", c.set)
	}
	is(t, s.SetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_REUSEADDR, 5), 0, "set")
	v, _ := s.GetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_REUSEADDR)
	require.Equal(t, 1, v)
	is(t, s.SetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_KEEPALIVE, 1), 0, "SO_KEEPALIVE")
	for _, opt := range []int{999, vfs.SO_ERROR, vfs.SO_TYPE, vfs.SO_PEERCRED, vfs.SO_ACCEPTCONN} {
		is(t, s.SetsockoptInt(fd, vfs.SOL_SOCKET, opt, 1), vfs.ENOPROTOOPT, "set")
	}
	_, err := s.GetsockoptInt(fd, vfs.SOL_SOCKET, 999)
	is(t, err, vfs.ENOPROTOOPT, "get unknown")
	_, err = s.GetsockoptInt(fd, vfs.SOL_TCP, 1)
	is(t, err, vfs.EOPNOTSUPP, "another level")
	is(t, s.SetsockoptInt(fd, vfs.SOL_TCP, 1, 1), vfs.EOPNOTSUPP, "another level")
	path := s.Dir() + "/opt"
	s.Bind(fd, path)
	s.Listen(fd, 1)
	v, _ = s.GetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_ACCEPTCONN)
	require.Equal(t, 1, v, "listening")
}
