package vfs_test

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Control messages through the core: SCM_RIGHTS turns fds into Files
// and back, SCM_CREDENTIALS is checked and reported, and whatever the
// receiver has no room for is closed, never leaked.

func TestSCMRights(t *testing.T) {
	t.Run("the_receiver_gets_the_same_open_file", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_DGRAM)
		writeFile(t, p, "/tmp/f", "abcdef", 0o644)
		fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		_, err = p.SendmsgN(fds[0], []byte("x"), vfs.UnixRights(fd), nil, 0)
		require.NoError(t, err)
		oob := make([]byte, vfs.CmsgSpace(4))
		n, oobn, flags, _, err := p.Recvmsg(fds[1], make([]byte, 1), oob, 0)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Zero(t, flags)
		msgs, err := vfs.ParseSocketControlMessage(oob[:oobn])
		require.NoError(t, err)
		require.Len(t, msgs, 1)
		got, err := vfs.ParseUnixRights(&msgs[0])
		require.NoError(t, err)
		require.Len(t, got, 1)
		require.NotEqual(t, fd, got[0])
		b := make([]byte, 2)
		_, err = p.Read(got[0], b)
		require.NoError(t, err)
		off, err := p.Seek(fd, 0, vfs.SEEK_CUR)
		require.NoError(t, err)
		require.EqualValues(t, 2, off, "one open file description: the offset is shared")
		fl, err := p.FcntlInt(uintptr(got[0]), vfs.F_GETFD, 0)
		require.NoError(t, err)
		require.Zero(t, fl)
	})
	t.Run("MSG_CMSG_CLOEXEC_marks_the_new_fds", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_DGRAM)
		_, err := p.SendmsgN(fds[0], []byte("x"), vfs.UnixRights(0, 1), nil, 0)
		require.NoError(t, err)
		oob := make([]byte, vfs.CmsgSpace(8))
		_, oobn, flags, _, err := p.Recvmsg(fds[1], make([]byte, 1), oob, vfs.MSG_CMSG_CLOEXEC)
		require.NoError(t, err)
		require.Equal(t, vfs.MSG_CMSG_CLOEXEC, flags, "Linux hands the flag back in msg_flags")
		msgs, err := vfs.ParseSocketControlMessage(oob[:oobn])
		require.NoError(t, err)
		got, err := vfs.ParseUnixRights(&msgs[0])
		require.NoError(t, err)
		for _, fd := range got {
			fl, err := p.FcntlInt(uintptr(fd), vfs.F_GETFD, 0)
			require.NoError(t, err)
			require.Equal(t, vfs.FD_CLOEXEC, fl)
		}
	})
	t.Run("a_short_control_buffer_is_MSG_CTRUNC_and_the_rest_are_closed", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_DGRAM)
		pipe := make([]int, 2)
		require.NoError(t, p.Pipe(pipe))
		r, err := p.Fget(pipe[0])
		require.NoError(t, err)
		var released atomic.Bool
		r.OnRelease(func() { released.Store(true) })
		r.DecRef()
		_, err = p.SendmsgN(fds[0], []byte("x"), vfs.UnixRights(pipe[1], pipe[0]), nil, 0)
		require.NoError(t, err)
		require.NoError(t, p.Close(pipe[0]))
		before := p.FDTable().Count()
		oob := make([]byte, vfs.CmsgLen(4)) // room for one fd
		_, oobn, flags, _, err := p.Recvmsg(fds[1], make([]byte, 1), oob, 0)
		require.NoError(t, err)
		require.Equal(t, vfs.MSG_CTRUNC, flags&vfs.MSG_CTRUNC)
		require.Equal(t, vfs.CmsgLen(4), oobn)
		require.Equal(t, before+1, p.FDTable().Count(), "one fd installed")
		require.True(t, released.Load(), "the read end that did not fit was released")
	})
	t.Run("no_control_buffer_drops_them_all", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_DGRAM)
		_, err := p.SendmsgN(fds[0], []byte("x"), vfs.UnixRights(0), nil, 0)
		require.NoError(t, err)
		before := p.FDTable().Count()
		_, _, flags, _, err := p.Recvmsg(fds[1], make([]byte, 1), nil, 0)
		require.NoError(t, err)
		require.Equal(t, vfs.MSG_CTRUNC, flags)
		require.Equal(t, before, p.FDTable().Count())
	})
	t.Run("bad_control_messages", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_DGRAM)
		bad := vfs.UnixRights(0)
		bad[0] = 0xff // cmsg_len past the buffer
		many := make([]int, 254)
		unknown := vfs.UnixRights(0)
		unknown[12] = 9 // SOL_SOCKET, type 9
		otherLevel := vfs.UnixRights(0)
		otherLevel[8] = 6 // SOL_TCP: not ours, skipped
		for _, c := range []struct {
			name string
			oob  []byte
			want vfs.Errno
		}{
			{"cmsg_len_past_the_buffer_is_EINVAL", bad, vfs.EINVAL},
			{"more_than_SCM_MAX_FD_is_EINVAL", vfs.UnixRights(many...), vfs.EINVAL},
			{"a_closed_fd_is_EBADF", vfs.UnixRights(77), vfs.EBADF},
			{"an_unknown_SOL_SOCKET_type_is_EINVAL", unknown, vfs.EINVAL},
			{"another_level_is_skipped", otherLevel, 0},
			{"a_buffer_shorter_than_a_header_is_ignored", []byte{1, 2, 3}, 0},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := p.SendmsgN(fds[0], []byte("x"), c.oob, nil, 0)
				if c.want == 0 {
					require.NoError(t, err)
					_, _, err = p.Recvfrom(fds[1], make([]byte, 1), 0)
					require.NoError(t, err)
					return
				}
				requireErrno(t, err, c.want)
			})
		}
	})
	t.Run("oob_without_data_sends_one_byte_on_a_stream", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_STREAM)
		n, err := p.SendmsgN(fds[0], nil, vfs.UnixRights(0), nil, 0)
		require.NoError(t, err)
		require.Zero(t, n, "x/sys/unix reports 0 for its dummy byte")
		b := make([]byte, 4)
		n, oobn, _, _, err := p.Recvmsg(fds[1], b, make([]byte, 64), 0)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Zero(t, b[0])
		require.Equal(t, vfs.CmsgSpace(4), oobn)
	})
}

func TestSCMCredentials(t *testing.T) {
	t.Run("credentials_come_first_and_only_with_SO_PASSCRED", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_DGRAM)
		require.NoError(t, p.SetsockoptInt(fds[1], vfs.SOL_SOCKET, vfs.SO_PASSCRED, 1))
		_, err := p.SendmsgN(fds[0], []byte("x"), vfs.UnixRights(0), nil, 0)
		require.NoError(t, err)
		oob := make([]byte, 128)
		_, oobn, _, _, err := p.Recvmsg(fds[1], make([]byte, 1), oob, 0)
		require.NoError(t, err)
		msgs, err := vfs.ParseSocketControlMessage(oob[:oobn])
		require.NoError(t, err)
		require.Len(t, msgs, 2)
		c, err := vfs.ParseUnixCredentials(&msgs[0])
		require.NoError(t, err)
		require.Equal(t, &vfs.Ucred{Pid: int32(p.Pid())}, c)
		_, err = vfs.ParseUnixRights(&msgs[1])
		require.NoError(t, err)
	})
	t.Run("a_user_may_claim_only_its_own_ids", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_DGRAM)
		u := forkAs(t, p, 1000, 1000)
		own := &vfs.Ucred{Pid: int32(u.Pid()), Uid: 1000, Gid: 1000}
		_, err := u.SendmsgN(fds[0], []byte("x"), vfs.UnixCredentials(own), nil, 0)
		require.NoError(t, err)
		for _, c := range []*vfs.Ucred{
			{Pid: 1, Uid: 1000, Gid: 1000}, {Pid: own.Pid, Uid: 0, Gid: 1000}, {Pid: own.Pid, Uid: 1000, Gid: 0},
		} {
			_, err := u.SendmsgN(fds[0], []byte("x"), vfs.UnixCredentials(c), nil, 0)
			requireErrno(t, err, vfs.EPERM, "claim %+v", *c)
		}
		_, err = p.SendmsgN(fds[0], []byte("x"), vfs.UnixCredentials(&vfs.Ucred{Pid: 77, Uid: 5, Gid: 6}), nil, 0)
		require.NoError(t, err, "root may claim anything")
	})
	t.Run("a_credentials_message_of_the_wrong_size_is_EINVAL", func(t *testing.T) {
		_, p, _, fds := loPair(t, vfs.SOCK_DGRAM)
		b := vfs.UnixCredentials(&vfs.Ucred{})
		b[0]-- // cmsg_len 27
		_, err := p.SendmsgN(fds[0], []byte("x"), b, nil, 0)
		requireErrno(t, err, vfs.EINVAL)
	})
}

// rawLoSock is a lo socket whose family reads its own control messages
// (vfs.RawControl), as TCP and UDP do.
type rawLoSock struct {
	*loSock
	sent []vfs.Msghdr
}

func (s *rawLoSock) RawControl() {}

func (s *rawLoSock) Sendmsg(f *vfs.File, p *vfs.Process, m *vfs.Msghdr) (int, error) {
	s.sent = append(s.sent, *m)
	return s.loSock.Sendmsg(f, p, m)
}

func TestRawControl(t *testing.T) {
	t.Run("a_raw_control_socket_gets_the_bytes_and_no_files", func(t *testing.T) {
		k, p := newSystem(t)
		fam := registerLo(t, k)
		a, b := &loSock{fam: fam, typ: vfs.SOCK_DGRAM}, &loSock{fam: fam, typ: vfs.SOCK_DGRAM}
		a.peer, b.peer = b, a
		raw := &rawLoSock{loSock: a}
		in := &loInode{}
		in.Init(fam.sb, in, vfs.Attr{Mode: vfs.S_IFSOCK | 0o777})
		fd, err := p.InstallFD(vfs.NewPseudoFile(fam.mnt, &in.Inode, "socket:[lo]", vfs.O_RDWR, raw), false)
		require.NoError(t, err)
		oob := append(vfs.UnixRights(999), vfs.UnixCredentials(&vfs.Ucred{Pid: 12345})...)
		n, err := p.SendmsgN(fd, []byte("x"), oob, nil, 0)
		require.NoError(t, err, "a bad fd and foreign credentials are the family's to judge")
		require.Equal(t, 1, n)
		require.Len(t, raw.sent, 1)
		require.Equal(t, oob, raw.sent[0].Control)
		require.Nil(t, raw.sent[0].Rights)
		require.Nil(t, raw.sent[0].Creds)
	})
	t.Run("control_without_data_sends_x_sys_dummy_byte_and_reports_0", func(t *testing.T) {
		k, p := newSystem(t)
		fam := registerLo(t, k)
		a, b := &loSock{fam: fam, typ: vfs.SOCK_STREAM}, &loSock{fam: fam, typ: vfs.SOCK_STREAM}
		a.peer, b.peer = b, a
		raw := &rawLoSock{loSock: a}
		in := &loInode{}
		in.Init(fam.sb, in, vfs.Attr{Mode: vfs.S_IFSOCK | 0o777})
		fd, err := p.InstallFD(vfs.NewPseudoFile(fam.mnt, &in.Inode, "socket:[lo]", vfs.O_RDWR, raw), false)
		require.NoError(t, err)
		n, err := p.SendmsgN(fd, nil, vfs.UnixRights(999), nil, 0)
		require.NoError(t, err)
		require.Zero(t, n)
		require.Len(t, raw.sent, 1)
		require.Equal(t, []byte{0}, raw.sent[0].Buf)
	})
}
