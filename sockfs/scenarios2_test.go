package sockfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// More parity scenarios (see scenarios_test.go).
func init() {
	scenarios = append(scenarios, []scenario{
		{"stream_peek_reads_across_writes_and_leaves_them", func(t *testing.T, s sys) {
			p, _ := s.Socketpair(vfs.SOCK_STREAM | nb)
			s.Write(p[0], []byte("ab"))
			s.Write(p[0], []byte("cd"))
			b := make([]byte, 3)
			n, _, _, err := s.Recvfrom(p[1], b, vfs.MSG_PEEK)
			is(t, err, 0, "peek")
			require.Equal(t, "abc", string(b[:n]))
			v, err := s.Fionread(p[1])
			is(t, err, 0, "FIONREAD")
			require.Equal(t, 4, v)
			n, _ = s.Read(p[1], make([]byte, 1))
			require.Equal(t, 1, n)
			n, _, _, _ = s.Recvfrom(p[1], b, vfs.MSG_PEEK)
			require.Equal(t, "bcd", string(b[:n]))
		}},
		{"message_fionread_and_empty_reads", func(t *testing.T, s sys) {
			for _, typ := range []int{vfs.SOCK_DGRAM, vfs.SOCK_SEQPACKET} {
				p, _ := s.Socketpair(typ | nb)
				v, _ := s.Fionread(p[1])
				require.Equal(t, 0, v)
				s.Write(p[0], []byte("abc"))
				s.Write(p[0], []byte("defgh"))
				v, _ = s.Fionread(p[1])
				want := map[int]int{vfs.SOCK_DGRAM: 3, vfs.SOCK_SEQPACKET: 8}[typ]
				require.Equal(t, want, v, "%s: seqpacket counts every byte", typName(typ))
				n, _ := s.Read(p[1], nil)
				require.Equal(t, 0, n, "an empty read(2) takes no message")
				v, _ = s.Fionread(p[1])
				require.Equal(t, want, v)
			}
		}},
		{"zero_length_messages_are_messages", func(t *testing.T, s sys) {
			for _, typ := range []int{vfs.SOCK_DGRAM, vfs.SOCK_SEQPACKET} {
				p, _ := s.Socketpair(typ | nb)
				n, err := s.Write(p[0], nil)
				is(t, err, 0, "empty send")
				require.Equal(t, 0, n)
				s.Write(p[0], []byte("x"))
				n, err = s.Read(p[1], make([]byte, 4))
				is(t, err, 0, "empty message")
				require.Equal(t, 0, n, typName(typ))
				n, _ = s.Read(p[1], make([]byte, 4))
				require.Equal(t, 1, n, typName(typ))
			}
			p, _ := s.Socketpair(vfs.SOCK_STREAM | nb)
			n, err := s.Write(p[0], nil)
			is(t, err, 0, "empty stream write")
			require.Equal(t, 0, n)
			_, err = s.Read(p[1], make([]byte, 4))
			is(t, err, vfs.EAGAIN, "queues nothing")
		}},
		{"so_error_reports_a_reset_once", func(t *testing.T, s sys) {
			p, _ := s.Socketpair(vfs.SOCK_STREAM | nb)
			s.Write(p[0], []byte("x"))
			s.Close(p[1])
			v, err := s.GetsockoptInt(p[0], vfs.SOL_SOCKET, vfs.SO_ERROR)
			is(t, err, 0, "SO_ERROR")
			require.Equal(t, int(vfs.ECONNRESET), v)
			v, _ = s.GetsockoptInt(p[0], vfs.SOL_SOCKET, vfs.SO_ERROR)
			require.Equal(t, 0, v, "read clears it")
			n, err := s.Read(p[0], make([]byte, 1))
			is(t, err, 0, "then EOF")
			require.Equal(t, 0, n)
		}},
		{"stream_recvfrom_names_a_bound_sender", func(t *testing.T, s sys) {
			l, _ := s.Socket(vfs.SOCK_STREAM)
			lname := "@" + s.Tag() + "srv"
			s.Bind(l, lname)
			s.Listen(l, 5)
			c, _ := s.Socket(vfs.SOCK_STREAM)
			is(t, s.SetsockoptInt(c, vfs.SOL_SOCKET, vfs.SO_PASSCRED, 1), 0, "SO_PASSCRED")
			is(t, s.Connect(c, lname), 0, "connect")
			cname, _ := s.Getsockname(c)
			require.Regexp(t, autoName, cname, "connect with SO_PASSCRED autobinds")
			nfd, from, err := s.Accept(l)
			is(t, err, 0, "accept")
			require.Equal(t, cname, from)
			s.Write(c, []byte("x"))
			b := make([]byte, 4)
			_, src, _, _ := s.Recvfrom(nfd, b, 0)
			require.Equal(t, cname, src)
			s.Write(nfd, []byte("y"))
			_, src, _, _ = s.Recvfrom(c, b, 0)
			require.Equal(t, lname, src, "the accepted socket speaks with the listener's name")
			c2, _ := s.Socket(vfs.SOCK_STREAM)
			s.Connect(c2, lname)
			name, _ := s.Getsockname(c2)
			require.Equal(t, "@", name, "without SO_PASSCRED no autobind")
		}},
		{"seqpacket_connection_keeps_records", func(t *testing.T, s sys) {
			l, _ := s.Socket(vfs.SOCK_SEQPACKET)
			path := s.Dir() + "/sp"
			s.Bind(l, path)
			is(t, s.Listen(l, 5), 0, "listen")
			c, _ := s.Socket(vfs.SOCK_SEQPACKET | nb)
			is(t, s.Connect(c, path), 0, "connect")
			nfd, _, err := s.Accept(l)
			is(t, err, 0, "accept")
			s.Write(c, []byte("one"))
			s.Write(c, []byte("two"))
			s.Close(c)
			b := make([]byte, 8)
			n, _ := s.Read(nfd, b)
			require.Equal(t, "one", string(b[:n]))
			n, _ = s.Read(nfd, b)
			require.Equal(t, "two", string(b[:n]))
			n, err = s.Read(nfd, b)
			is(t, err, 0, "EOF")
			require.Equal(t, 0, n)
		}},
		{"relative_names_read_back_as_given", func(t *testing.T, s sys) {
			fd, _ := s.Socket(vfs.SOCK_DGRAM)
			abs := "@" + s.Tag() + "rel"
			is(t, s.Bind(fd, abs), 0, "bind")
			name, _ := s.Getsockname(fd)
			require.Equal(t, abs, name)
		}},
		{"shutdown_of_a_listener_refuses_connections", func(t *testing.T, s sys) {
			l, _ := s.Socket(vfs.SOCK_STREAM | nb)
			name := "@" + s.Tag() + "shut"
			s.Bind(l, name)
			s.Listen(l, 5)
			is(t, s.Shutdown(l, vfs.SHUT_RD), 0, "shutdown")
			c, _ := s.Socket(vfs.SOCK_STREAM)
			is(t, s.Connect(c, name), vfs.ECONNREFUSED, "connect")
			_, _, err := s.Accept(l)
			is(t, err, vfs.EAGAIN, "non-blocking accept")
			b, _ := s.Socket(vfs.SOCK_STREAM)
			bname := "@" + s.Tag() + "shutb"
			s.Bind(b, bname)
			s.Listen(b, 5)
			s.Shutdown(b, vfs.SHUT_RD)
			_, _, err = s.Accept(b)
			is(t, err, vfs.EINVAL, "a blocking accept is told at once")
		}},
		{"dgram_reconnect_and_self_send", func(t *testing.T, s sys) {
			a, _ := s.Socket(vfs.SOCK_DGRAM | nb)
			name := "@" + s.Tag() + "self"
			s.Bind(a, name)
			is(t, s.Sendto(a, []byte("me"), 0, name), 0, "to myself")
			b := make([]byte, 4)
			n, from, _, err := s.Recvfrom(a, b, 0)
			is(t, err, 0, "recv")
			require.Equal(t, "me", string(b[:n]))
			require.Equal(t, name, from)
			is(t, s.Connect(a, name), 0, "connect to myself")
			_, err = s.Write(a, []byte("again"))
			is(t, err, 0, "write")
			n, _ = s.Read(a, b)
			require.Equal(t, 4, n)
		}},
	}...)
}

func init() {
	scenarios = append(scenarios, scenario{"dgram_disconnect_purges_the_queue", func(t *testing.T, s sys) {
		tag := s.Tag()
		a, _ := s.Socket(vfs.SOCK_DGRAM | nb)
		b, _ := s.Socket(vfs.SOCK_DGRAM | nb)
		c, _ := s.Socket(vfs.SOCK_DGRAM | nb)
		s.Bind(a, "@"+tag+"pa")
		s.Bind(b, "@"+tag+"pb")
		s.Bind(c, "@"+tag+"pc")
		is(t, s.Connect(a, "@"+tag+"pb"), 0, "a to b")
		is(t, s.Connect(b, "@"+tag+"pa"), 0, "b to a")
		_, err := s.Write(b, []byte("x"))
		is(t, err, 0, "b writes")
		is(t, s.Connect(a, "@"+tag+"pc"), 0, "a to c")
		_, err = s.Read(a, make([]byte, 4))
		is(t, err, vfs.EAGAIN, "what b sent is gone")
		require.Equal(t, out|pollEr, s.Poll(b), "b is told")
		_, err = s.Read(b, make([]byte, 4))
		is(t, err, vfs.ECONNRESET, "b reads the reset")
		_, err = s.Read(b, make([]byte, 4))
		is(t, err, vfs.EAGAIN, "once")

		p, _ := s.Socketpair(vfs.SOCK_DGRAM | nb)
		s.Write(p[1], []byte("y"))
		s.Close(p[1])
		is(t, s.Sendto(p[0], []byte("z"), 0, ""), vfs.ECONNREFUSED, "the peer is dead")
		_, err = s.Read(p[0], make([]byte, 4))
		is(t, err, vfs.EAGAIN, "and what it sent went with it")
	}})
}

func init() {
	scenarios = append(scenarios, scenario{"nonblocking_calls_say_EAGAIN", func(t *testing.T, s sys) {
		for _, typ := range []int{vfs.SOCK_STREAM, vfs.SOCK_DGRAM, vfs.SOCK_SEQPACKET} {
			p, _ := s.Socketpair(typ | nb)
			_, err := s.Read(p[0], make([]byte, 1))
			is(t, err, vfs.EAGAIN, typName(typ)+": O_NONBLOCK")
			q, _ := s.Socketpair(typ)
			_, _, _, err = s.Recvfrom(q[0], make([]byte, 1), vfs.MSG_DONTWAIT)
			is(t, err, vfs.EAGAIN, typName(typ)+": MSG_DONTWAIT")
		}
		l, _ := s.Socket(vfs.SOCK_STREAM | nb)
		s.Bind(l, "@"+s.Tag()+"nbl")
		s.Listen(l, 1)
		_, _, err := s.Accept(l)
		is(t, err, vfs.EAGAIN, "accept")
		p, _ := s.Socketpair(vfs.SOCK_STREAM)
		b := make([]byte, 100000)
		calls := 0
		for ; calls < 10; calls++ {
			if err := s.Sendto(p[0], b, vfs.MSG_DONTWAIT, ""); err != nil {
				is(t, err, vfs.EAGAIN, "a full stream")
				break
			}
		}
		require.Equal(t, 3, calls, "two whole sends, a partial third (no error, no count), then EAGAIN")
	}})
}

func init() {
	scenarios = append(scenarios, scenario{"receive_flags_by_type", func(t *testing.T, s sys) {
		p, _ := s.Socketpair(vfs.SOCK_STREAM | nb)
		s.Write(p[0], []byte("abcdef"))
		b := make([]byte, 3)
		n, _, fl, err := s.Recvfrom(p[1], b, vfs.MSG_TRUNC)
		is(t, err, 0, "stream MSG_TRUNC")
		require.Equal(t, 3, n, "a stream copies as usual")
		require.Equal(t, "abc", string(b))
		require.Zero(t, fl&vfs.MSG_TRUNC)
		d, _ := s.Socketpair(vfs.SOCK_DGRAM | nb)
		s.Write(d[0], []byte("abcdef"))
		n, _, fl, err = s.Recvfrom(d[1], b, vfs.MSG_PEEK|vfs.MSG_TRUNC)
		is(t, err, 0, "peek")
		require.Equal(t, 6, n)
		require.Equal(t, vfs.MSG_TRUNC, fl&vfs.MSG_TRUNC)
		n, _, _, err = s.Recvfrom(d[1], make([]byte, 10), vfs.MSG_WAITALL)
		is(t, err, 0, "MSG_WAITALL on a datagram")
		require.Equal(t, 6, n, "one message, however short")
		_, _, _, err = s.Recvfrom(d[1], b, vfs.MSG_OOB)
		is(t, err, vfs.EOPNOTSUPP, "dgram MSG_OOB")
		sp, _ := s.Socketpair(vfs.SOCK_SEQPACKET | nb)
		_, err = s.Read(sp[0], nil)
		is(t, err, 0, "an empty read(2)")
		l, _ := s.Socket(vfs.SOCK_SEQPACKET)
		s.Bind(l, "@"+s.Tag()+"spl")
		s.Listen(l, 1)
		_, err = s.Read(l, b)
		is(t, err, vfs.ENOTCONN, "seqpacket listener read")
		_, err = s.Write(l, b)
		is(t, err, vfs.ENOTCONN, "seqpacket listener write")
		sl, _ := s.Socket(vfs.SOCK_STREAM)
		s.Bind(sl, "@"+s.Tag()+"stl")
		s.Listen(sl, 1)
		_, err = s.Write(sl, b)
		is(t, err, vfs.ENOTCONN, "stream listener write")
		is(t, s.Listen(sl, 3), 0, "listen again")
	}})
}
