package sockfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Parity scenarios for differences vfstest's random sequences found
// (branch diffsock), with what Linux 6.x answers.
func init() {
	scenarios = append(scenarios, []scenario{
		{"a_receive_of_0_bytes_waits_for_data", func(t *testing.T, s sys) {
			for _, typ := range []int{vfs.SOCK_STREAM, vfs.SOCK_DGRAM, vfs.SOCK_SEQPACKET} {
				p, _ := s.Socketpair(typ | nb)
				_, _, _, err := s.Recvfrom(p[0], nil, 0)
				is(t, err, vfs.EAGAIN, typName(typ)+": empty")
				s.Write(p[1], []byte("x"))
				n, _, _, err := s.Recvfrom(p[0], nil, 0)
				is(t, err, 0, typName(typ)+": with data")
				require.Equal(t, 0, n)
				_, _, _, err = s.Recvfrom(p[0], make([]byte, 4), 0)
				if typ == vfs.SOCK_STREAM {
					is(t, err, 0, "a stream keeps the byte")
				} else {
					is(t, err, vfs.EAGAIN, typName(typ)+": the message was taken")
				}
			}
		}},
		{"a_reset_is_reported_once_and_by_seqpacket_sends", func(t *testing.T, s sys) {
			for _, typ := range []int{vfs.SOCK_STREAM, vfs.SOCK_SEQPACKET} {
				p, _ := s.Socketpair(typ)
				s.Write(p[0], []byte("unread"))
				s.Close(p[1])
				err := s.Sendto(p[0], []byte("x"), vfs.MSG_NOSIGNAL, "")
				v, _ := s.GetsockoptInt(p[0], vfs.SOL_SOCKET, vfs.SO_ERROR)
				n, _, _, rerr := s.Recvfrom(p[0], make([]byte, 4), vfs.MSG_DONTWAIT)
				is(t, rerr, 0, "then EOF")
				require.Equal(t, 0, n)
				if typ == vfs.SOCK_STREAM {
					is(t, err, vfs.EPIPE, "a stream send says EPIPE first")
					require.Equal(t, int(vfs.ECONNRESET), v, "and leaves the error")
				} else {
					is(t, err, vfs.ECONNRESET, "a seqpacket send takes the error")
					require.Equal(t, 0, v)
				}
			}
		}},
		{"dgram_SHUT_WR_is_EPIPE_before_the_receiver_is_looked_for", func(t *testing.T, s sys) {
			u, _ := s.Socket(vfs.SOCK_DGRAM)
			s.Shutdown(u, vfs.SHUT_WR)
			is(t, s.Sendto(u, []byte("x"), vfs.MSG_NOSIGNAL, ""), vfs.EPIPE, "unconnected")
			is(t, s.Sendto(u, []byte("x"), vfs.MSG_NOSIGNAL, s.Dir()+"/missing"), vfs.EPIPE, "to a missing name")
			is(t, s.Sendto(u, make([]byte, 300000), vfs.MSG_NOSIGNAL, ""), vfs.EMSGSIZE, "EMSGSIZE comes first")
		}},
		{"seqpacket_checks_its_state_before_flags", func(t *testing.T, s sys) {
			u, _ := s.Socket(vfs.SOCK_SEQPACKET)
			_, _, _, err := s.Recvfrom(u, make([]byte, 1), vfs.MSG_OOB|vfs.MSG_DONTWAIT)
			is(t, err, vfs.ENOTCONN, "seqpacket")
			st, _ := s.Socket(vfs.SOCK_STREAM)
			_, _, _, err = s.Recvfrom(st, make([]byte, 1), vfs.MSG_OOB|vfs.MSG_DONTWAIT)
			is(t, err, vfs.EINVAL, "stream")
		}},
		{"SHUT_RD_on_dgram_is_EOF_only_to_a_waiting_receive", func(t *testing.T, s sys) {
			p, _ := s.Socketpair(vfs.SOCK_DGRAM)
			s.Write(p[1], []byte("queued"))
			s.Shutdown(p[0], vfs.SHUT_RD)
			n, _, _, err := s.Recvfrom(p[0], make([]byte, 10), vfs.MSG_DONTWAIT)
			is(t, err, 0, "the queued message")
			require.Equal(t, 6, n)
			_, _, _, err = s.Recvfrom(p[0], make([]byte, 10), vfs.MSG_DONTWAIT)
			is(t, err, vfs.EAGAIN, "non-blocking: EAGAIN")
			n, _, _, err = s.Recvfrom(p[0], make([]byte, 10), 0)
			is(t, err, 0, "blocking: end of file")
			require.Equal(t, 0, n)
			is(t, s.Sendto(p[1], []byte("x"), vfs.MSG_NOSIGNAL, ""), vfs.EPIPE, "send to it")
		}},
		{"a_datagram_names_its_sender_as_it_is_when_received", func(t *testing.T, s sys) {
			p, _ := s.Socketpair(vfs.SOCK_DGRAM)
			s.Write(p[0], []byte("before bind"))
			late := "@" + s.Tag() + "late"
			is(t, s.Bind(p[0], late), 0, "bind")
			_, from, _, err := s.Recvfrom(p[1], make([]byte, 20), 0)
			is(t, err, 0, "recv")
			require.Equal(t, late, from)
		}},
		{"bind_makes_the_node_from_the_socket_inode_mode", func(t *testing.T, s sys) {
			for i, c := range []struct{ mode, want uint32 }{{0o7777, 0o7755}, {0o600, 0o600}, {0, 0}} {
				fd, _ := s.Socket(vfs.SOCK_DGRAM)
				is(t, s.Fchmod(fd, c.mode), 0, "fchmod")
				path := s.Dir() + "/m" + string(rune('0'+i))
				is(t, s.Bind(fd, path), 0, "bind")
				got, err := s.Mode(path)
				is(t, err, 0, "stat")
				require.Equal(t, vfs.S_IFSOCK|c.want, got, "fchmod %o, umask 022", c.mode)
			}
		}},
	}...)
}

func init() {
	scenarios = append(scenarios, []scenario{
		{"a_listener_closed_before_accept_resets_its_clients", func(t *testing.T, s sys) {
			l, _ := s.Socket(vfs.SOCK_STREAM)
			name := "@" + s.Tag() + "gone"
			s.Bind(l, name)
			s.Listen(l, 5)
			c, _ := s.Socket(vfs.SOCK_STREAM | nb)
			is(t, s.Connect(c, name), 0, "connect")
			s.Write(c, []byte("hello"))
			s.Close(l)
			require.Equal(t, in|out|hup|rdhup|pollEr, s.Poll(c))
			_, err := s.Read(c, make([]byte, 4))
			is(t, err, vfs.ECONNRESET, "reset")
			n, err := s.Read(c, make([]byte, 4))
			is(t, err, 0, "then EOF")
			require.Equal(t, 0, n)
			is(t, s.Connect(c, name), vfs.ECONNREFUSED, "the name went with it")
		}},
		{"fds_ride_an_empty_datagram", func(t *testing.T, s sys) {
			p, _ := s.Socketpair(vfs.SOCK_DGRAM | nb)
			is(t, s.SendFd(p[0], nil, p[0]), 0, "sendmsg")
			n, fds, err := s.RecvFds(p[1], make([]byte, 8))
			is(t, err, 0, "recvmsg")
			require.Equal(t, 0, n)
			require.Equal(t, 1, fds)
			q, _ := s.Socketpair(vfs.SOCK_STREAM | nb)
			s.Shutdown(q[1], vfs.SHUT_RD)
			is(t, s.SendFd(q[0], []byte("x"), q[0]), vfs.EPIPE, "to a peer shut for reading")
		}},
	}...)
}
