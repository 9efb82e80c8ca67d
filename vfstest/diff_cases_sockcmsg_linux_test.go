//go:build linux

package vfstest_test

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// Control messages: SCM_RIGHTS passing pipes, files and sockets, short
// control buffers, MSG_CMSG_CLOEXEC, SCM_CREDENTIALS and bad headers
// (socket_unix_cmsg.cc).
var sockCmsgScenarios = []vfstest.Scenario{
	sc("SCM_RIGHTS_passes_a_pipe_end_that_works_after_the_original_closes", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		r, w := s.Pipe()
		s.SendmsgN(a, "fd", vfs.UnixRights(r), nil, 0)
		s.Close(r)
		m := s.Recvmsg(b, 10, 64, 0)
		s.Write(w, "through the pipe")
		for _, fd := range m.Fds {
			s.Read(fd, 100)
			s.Fcntl(fd, unix.F_GETFL, 0)
		}
	}),
	sc("SCM_RIGHTS_passes_an_open_file_with_its_shared_offset", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram, 0)
		f := s.Open("f", creatRW, 0o644)
		s.Write(f, "hello world")
		s.Seek(f, 0, unix.SEEK_SET)
		s.SendmsgN(a, "file", vfs.UnixRights(f), nil, 0)
		m := s.Recvmsg(b, 10, 64, 0)
		for _, fd := range m.Fds {
			s.Read(fd, 5)
			s.Read(f, 3)
			s.Seek(fd, 0, unix.SEEK_CUR)
			st1, st2 := s.Fstat(fd), s.Fstat(f)
			s.Note("same inode", st1.Ino == st2.Ino)
			s.Fcntl(fd, unix.F_GETFL, 0)
		}
	}),
	sc("SCM_RIGHTS_with_several_fds_keeps_their_order", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, seqpacket, 0)
		r, w := s.Pipe()
		d := s.Open(".", dirOnly, 0)
		s.SendmsgN(a, "three", vfs.UnixRights(w, d, r, a), nil, 0)
		m := s.Recvmsg(b, 10, 64, 0)
		if len(m.Fds) == 4 {
			s.Write(m.Fds[0], "via the passed write end")
			s.Read(r, 100)
			s.Send(m.Fds[3], "via the passed socket", 0)
			s.Recvfrom(b, 100, 0)
		}
	}),
	sc("a_short_control_buffer_sets_MSG_CTRUNC_and_drops_the_fds_that_do_not_fit", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram, 0)
		r, w := s.Pipe()
		s.SendmsgN(a, "two", vfs.UnixRights(r, r), nil, 0)
		s.Recvmsg(b, 10, vfs.CmsgLen(4), 0)
		s.SendmsgN(a, "two", vfs.UnixRights(r, w), nil, 0)
		s.Recvmsg(b, 10, vfs.CmsgLen(0), 0)
		s.SendmsgN(a, "two", vfs.UnixRights(r, w), nil, 0)
		s.Recvmsg(b, 10, 0, 0)
		s.Close(r)
		s.Write(w, "x")
	}),
	sc("MSG_CMSG_CLOEXEC_sets_FD_CLOEXEC_on_received_fds", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		r, _ := s.Pipe2(unix.O_CLOEXEC)
		s.SendmsgN(a, "x", vfs.UnixRights(r), nil, 0)
		s.SendmsgN(a, "y", vfs.UnixRights(r), nil, 0)
		m1 := s.Recvmsg(b, 1, 64, unix.MSG_CMSG_CLOEXEC)
		m2 := s.Recvmsg(b, 1, 64, 0)
		for _, fd := range append(m1.Fds, m2.Fds...) {
			s.Fcntl(fd, unix.F_GETFD, 0)
		}
	}),
	sc("SCM_RIGHTS_with_a_bad_fd_is_EBADF_and_sends_nothing", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram|unix.SOCK_NONBLOCK, 0)
		r, _ := s.Pipe()
		s.SendmsgN(a, "bad", vfs.UnixRights(r, s.FD(50)), nil, 0)
		s.SendmsgN(a, "bad", vfs.UnixRights(-1), nil, 0)
		s.Recvmsg(b, 10, 64, 0)
	}),
	sc("more_than_253_fds_in_one_message_is_EINVAL", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram|unix.SOCK_NONBLOCK, 0)
		r, _ := s.Pipe()
		many := make([]int, 254)
		for i := range many {
			many[i] = r
		}
		s.SendmsgN(a, "254", vfs.UnixRights(many...), nil, 0)
		m := s.Recvmsg(b, 10, 64, 0)
		s.Note("received fds", len(m.Fds))
	}),
	sc("SCM_RIGHTS_without_data_on_a_stream_carries_one_byte", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		r, _ := s.Pipe()
		s.SendmsgN(a, "", vfs.UnixRights(r), nil, 0)
		s.Recvmsg(b, 10, 64, 0)
	}),
	sc("SCM_RIGHTS_is_received_with_the_first_byte_of_its_message_only", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		r, _ := s.Pipe()
		s.Send(a, "before", 0)
		s.SendmsgN(a, "with", vfs.UnixRights(r), nil, 0)
		s.Send(a, "after", 0)
		s.Recvmsg(b, 100, 64, unix.MSG_DONTWAIT)
		s.Recvmsg(b, 100, 64, unix.MSG_DONTWAIT)
		s.Recvmsg(b, 100, 64, unix.MSG_DONTWAIT)
	}),
	sc("MSG_PEEK_shows_the_fds_again_to_the_real_read", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram, 0)
		r, _ := s.Pipe()
		s.SendmsgN(a, "peek", vfs.UnixRights(r), nil, 0)
		s.Recvmsg(b, 10, 64, unix.MSG_PEEK)
		s.Recvmsg(b, 10, 64, 0)
	}),
	sc("a_socket_sent_over_itself_and_closed_leaves_nothing_behind", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		r, w := s.Pipe()
		s.SendmsgN(a, "cycle", vfs.UnixRights(a, b, w), nil, 0)
		s.SendmsgN(b, "cycle", vfs.UnixRights(a, b), nil, 0)
		s.Close(a)
		s.Close(b)
		s.Close(w)
		s.Log("the in-flight write end is released with the cycle (Linux's garbage collector,")
		s.Log("which the release of another unix socket sets off)")
		c, d := s.Socketpair(afUnix, stream, 0)
		s.Close(c)
		s.Close(d)
		wait := s.Go(func(bg *vfstest.Session) { bg.Read(r, 10) })
		wait()
	}),
	sc("SCM_CREDENTIALS_arrive_only_with_SO_PASSCRED", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.Send(a, "no", 0)
			s.Recvmsg(b, 10, 64, 0)
			s.SetsockoptInt(b, unix.SOL_SOCKET, unix.SO_PASSCRED, 1)
			s.GetsockoptInt(b, unix.SOL_SOCKET, unix.SO_PASSCRED)
			s.Send(a, "yes", 0)
			s.Recvmsg(b, 10, 64, 0)
		}
	}),
	sc("SCM_CREDENTIALS_sent_explicitly_are_checked_and_delivered", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram, 0)
		s.SetsockoptInt(b, unix.SOL_SOCKET, unix.SO_PASSCRED, 1)
		own := s.GetsockoptUcred(a, unix.SOL_SOCKET, unix.SO_PEERCRED)
		if own != nil {
			s.SendmsgN(a, "mine", vfs.UnixCredentials(own), nil, 0)
			s.Recvmsg(b, 10, 64, 0)
		}
	}),
	sc("SCM_CREDENTIALS_claiming_another_user_is_EPERM", func(s *vfstest.Session) {
		s.NeedRoot("sends as uid 65534")
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			a, b := u.Socketpair(afUnix, dgram, 0)
			u.SetsockoptInt(b, unix.SOL_SOCKET, unix.SO_PASSCRED, 1)
			u.SendmsgN(a, "root?", vfs.UnixCredentials(&vfs.Ucred{Pid: 0, Uid: 0, Gid: 0}), nil, 0)
			u.Recvmsg(b, 10, 64, unix.MSG_DONTWAIT)
			u.GetsockoptUcred(b, unix.SOL_SOCKET, unix.SO_PEERCRED)
		})
	}),
	sc("control_messages_with_a_bad_length_are_EINVAL", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram|unix.SOCK_NONBLOCK, 0)
		r, _ := s.Pipe()
		good := vfs.UnixRights(r)
		for _, ln := range []int{0, 8, 15, 21, 100} {
			bad := append([]byte(nil), good...)
			binary.NativeEndian.PutUint64(bad[0:8], uint64(ln))
			s.SendmsgN(a, "bad", bad, nil, 0)
		}
		unknown := append([]byte(nil), good...)
		binary.NativeEndian.PutUint32(unknown[12:16], 99)
		s.SendmsgN(a, "type 99", unknown, nil, 0)
		s.SendmsgN(a, "short", good[:10], nil, 0)
		s.Recvmsg(b, 10, 64, 0)
	}),
	sc("a_short_buffer_truncates_SCM_CREDENTIALS_with_MSG_CTRUNC", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram, 0)
		s.SetsockoptInt(b, unix.SOL_SOCKET, unix.SO_PASSCRED, 1)
		for _, oobn := range []int{0, 16, 20, vfs.CmsgLen(12), vfs.CmsgSpace(12)} {
			s.Send(a, "c", 0)
			s.Recvmsg(b, 10, oobn, 0)
		}
	}),
	sc("SCM_CREDENTIALS_and_SCM_RIGHTS_arrive_together", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, seqpacket, 0)
		s.SetsockoptInt(b, unix.SOL_SOCKET, unix.SO_PASSCRED, 1)
		r, _ := s.Pipe()
		s.SendmsgN(a, "both", vfs.UnixRights(r), nil, 0)
		s.Recvmsg(b, 10, 128, 0)
		s.SendmsgN(a, "both", vfs.UnixRights(r), nil, 0)
		s.Recvmsg(b, 10, vfs.CmsgSpace(12)+vfs.CmsgLen(0), 0)
	}),
	sc("SCM_RIGHTS_of_a_truncated_message_still_arrive", func(s *vfstest.Session) {
		for _, typ := range []int{dgram, seqpacket} {
			a, b := s.Socketpair(afUnix, typ, 0)
			r, _ := s.Pipe()
			s.SendmsgN(a, "a long message", vfs.UnixRights(r), nil, 0)
			s.Recvmsg(b, 2, 64, 0)
		}
	}),
}
