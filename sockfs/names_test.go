package sockfs_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func TestNames(t *testing.T) {
	t.Run("a_socket_File_is_named_socket_ino", func(t *testing.T) {
		p := boot(t)
		fd := sock(t, p, vfs.SOCK_STREAM)
		var st vfs.Stat_t
		require.NoError(t, p.Fstat(fd, &st))
		f, err := p.Fget(fd)
		require.NoError(t, err)
		defer f.DecRef()
		require.Equal(t, "socket:["+strconv.FormatUint(st.Ino, 10)+"]", f.Name())
		require.True(t, f.IsSocket())
	})
	t.Run("open_of_a_bound_name_is_ENXIO", func(t *testing.T) {
		p := boot(t)
		fd := sock(t, p, vfs.SOCK_STREAM)
		require.NoError(t, p.Bind(fd, &vfs.SockaddrUnix{Name: "/tmp/s"}))
		_, err := p.Open("/tmp/s", vfs.O_RDWR, 0)
		require.ErrorIs(t, err, vfs.ENXIO)
	})
	t.Run("the_socket_lives_on_after_unlink_of_its_name", func(t *testing.T) {
		p := boot(t)
		l := listener(t, p, vfs.SOCK_STREAM, "/tmp/s", 5)
		c := sock(t, p, vfs.SOCK_STREAM)
		require.NoError(t, p.Connect(c, &vfs.SockaddrUnix{Name: "/tmp/s"}))
		require.NoError(t, p.Unlink("/tmp/s"))
		nfd, _, err := p.Accept(l)
		require.NoError(t, err, "still listening")
		send(t, p, c, "hi")
		require.Equal(t, "hi", recv(t, p, nfd, 8))
		name, err := p.Getsockname(l)
		require.NoError(t, err)
		require.Equal(t, "/tmp/s", name.(*vfs.SockaddrUnix).Name)
		l2 := listener(t, p, vfs.SOCK_STREAM, "/tmp/s", 5)
		c2 := sock(t, p, vfs.SOCK_STREAM)
		require.NoError(t, p.Connect(c2, &vfs.SockaddrUnix{Name: "/tmp/s"}))
		_, _, err = p.Accept(l2)
		require.NoError(t, err, "the new name reaches the new socket")
	})
	t.Run("a_closed_socket_frees_its_names", func(t *testing.T) {
		p := boot(t)
		l := listener(t, p, vfs.SOCK_STREAM, "@n", 5)
		require.NoError(t, p.Close(l))
		c := sock(t, p, vfs.SOCK_STREAM)
		require.ErrorIs(t, p.Connect(c, &vfs.SockaddrUnix{Name: "@n"}), vfs.ECONNREFUSED)
		listener(t, p, vfs.SOCK_STREAM, "@n", 5)
		l3 := listener(t, p, vfs.SOCK_STREAM, "/tmp/p", 5)
		require.NoError(t, p.Close(l3))
		require.ErrorIs(t, p.Connect(c, &vfs.SockaddrUnix{Name: "/tmp/p"}), vfs.ECONNREFUSED, "the node stays, nobody is bound to it")
	})
	t.Run("connect_needs_write_permission", func(t *testing.T) {
		p := boot(t)
		listener(t, p, vfs.SOCK_STREAM, "/tmp/s", 5)
		require.NoError(t, p.Chmod("/tmp/s", 0o755))
		child, err := p.Fork()
		require.NoError(t, err)
		defer child.Exit(0)
		require.NoError(t, child.Setuid(65534))
		c := sock(t, child, vfs.SOCK_STREAM)
		require.ErrorIs(t, child.Connect(c, &vfs.SockaddrUnix{Name: "/tmp/s"}), vfs.EACCES)
	})
	t.Run("a_name_longer_than_sun_path_is_EINVAL", func(t *testing.T) {
		p := boot(t)
		fd := sock(t, p, vfs.SOCK_STREAM)
		long := "/tmp/" + string(make([]byte, 120))
		require.ErrorIs(t, p.Bind(fd, &vfs.SockaddrUnix{Name: long}), vfs.EINVAL)
		require.ErrorIs(t, p.Bind(fd, &vfs.SockaddrInet4{Port: 1}), vfs.EINVAL, "another family")
	})
	t.Run("peercred_is_the_other_process_at_connect", func(t *testing.T) {
		p := boot(t)
		l := listener(t, p, vfs.SOCK_STREAM, "@pc", 5)
		child, err := p.Fork()
		require.NoError(t, err)
		defer child.Exit(0)
		c := sock(t, child, vfs.SOCK_STREAM)
		require.NoError(t, child.Connect(c, &vfs.SockaddrUnix{Name: "@pc"}))
		nfd, _, err := p.Accept(l)
		require.NoError(t, err)
		uc, err := p.GetsockoptUcred(nfd, vfs.SOL_SOCKET, vfs.SO_PEERCRED)
		require.NoError(t, err)
		require.Equal(t, int32(child.Pid()), uc.Pid)
		uc, err = child.GetsockoptUcred(c, vfs.SOL_SOCKET, vfs.SO_PEERCRED)
		require.NoError(t, err)
		require.Equal(t, int32(p.Pid()), uc.Pid, "the listener's")
		a, _ := pair(t, p, vfs.SOCK_DGRAM)
		uc, err = p.GetsockoptUcred(a, vfs.SOL_SOCKET, vfs.SO_PEERCRED)
		require.NoError(t, err)
		require.Equal(t, vfs.Ucred{Pid: int32(p.Pid())}, *uc, "socketpair: the creator")
		u := sock(t, p, vfs.SOCK_STREAM)
		uc, err = p.GetsockoptUcred(u, vfs.SOL_SOCKET, vfs.SO_PEERCRED)
		require.NoError(t, err)
		require.Equal(t, vfs.Ucred{Uid: ^uint32(0), Gid: ^uint32(0)}, *uc, "no peer")
	})
}

func TestReadiness(t *testing.T) {
	t.Run("poll_wakes_when_data_arrives", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		go func() {
			time.Sleep(10 * time.Millisecond)
			p.Write(a, []byte("x"))
		}()
		pf := []vfs.PollFd{{Fd: int32(b), Events: vfs.POLLIN}}
		n, err := p.Poll(pf, 5000)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Equal(t, int16(vfs.POLLIN), pf[0].Revents)
	})
	t.Run("poll_wakes_a_listener_for_a_connection", func(t *testing.T) {
		p := boot(t)
		l := listener(t, p, vfs.SOCK_STREAM, "@w", 5)
		go func() {
			time.Sleep(10 * time.Millisecond)
			c, _ := p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
			p.Connect(c, &vfs.SockaddrUnix{Name: "@w"})
		}()
		pf := []vfs.PollFd{{Fd: int32(l), Events: vfs.POLLIN}}
		n, err := p.Poll(pf, 5000)
		require.NoError(t, err)
		require.Equal(t, 1, n)
	})
	t.Run("poll_sees_the_peer_go", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_SEQPACKET)
		go func() {
			time.Sleep(10 * time.Millisecond)
			p.Close(a)
		}()
		pf := []vfs.PollFd{{Fd: int32(b), Events: vfs.POLLRDHUP}}
		n, err := p.Poll(pf, 5000)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Equal(t, int16(vfs.POLLRDHUP|vfs.POLLHUP), pf[0].Revents)
	})
	t.Run("a_full_stream_is_writable_again_when_drained", func(t *testing.T) {
		p := boot(t)
		fds, err := p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM|vfs.SOCK_NONBLOCK, 0)
		require.NoError(t, err)
		for {
			if _, err := p.Write(fds[0], make([]byte, 4096)); err != nil {
				require.ErrorIs(t, err, vfs.EAGAIN)
				break
			}
		}
		require.Zero(t, revents(t, p, fds[0])&vfs.POLLOUT)
		for {
			if _, err := p.Read(fds[1], make([]byte, 65536)); err != nil {
				break
			}
		}
		require.NotZero(t, revents(t, p, fds[0])&vfs.POLLOUT)
	})
}
