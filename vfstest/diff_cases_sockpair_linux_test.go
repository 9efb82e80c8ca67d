//go:build linux

package vfstest_test

import (
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// socketpair(2) of each AF_UNIX type: data both ways, message
// boundaries, truncation, MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL, and what
// the fds look like (socket_unix.cc, socket_unix_stream.cc,
// socket_unix_dgram.cc, socket_unix_seqpacket.cc).
var sockPairScenarios = []vfstest.Scenario{
	sc("socketpair_of_each_type_carries_data_both_ways", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.Write(a, "ping")
			s.Read(b, 10)
			s.Send(b, "pong", 0)
			s.Recvfrom(a, 10, 0)
		}
	}),
	sc("socketpair_fds_are_S_IFSOCK_0777_O_RDWR_sockets_of_distinct_inodes", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		sa := s.Fstat(a)
		sb := s.Fstat(b)
		s.Note("distinct inodes", sa.Ino != sb.Ino)
		s.Fcntl(a, unix.F_GETFL, 0)
		s.Fcntl(a, unix.F_GETFD, 0)
	}),
	sc("socketpair_SOCK_NONBLOCK_and_SOCK_CLOEXEC_set_both_ends", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
		for _, fd := range []int{a, b} {
			s.Fcntl(fd, unix.F_GETFL, 0)
			s.Fcntl(fd, unix.F_GETFD, 0)
		}
		s.Read(a, 1)
	}),
	sc("socketpair_ends_are_unnamed_and_peers_of_each_other", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, _ := s.Socketpair(afUnix, typ, 0)
			s.Getsockname(a)
			s.Getpeername(a)
		}
	}),
	sc("dgram_and_seqpacket_keep_message_boundaries_stream_does_not", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.Send(a, "one", 0)
			s.Send(a, "two", 0)
			s.Send(a, "three", 0)
			s.Recvfrom(b, 100, 0)
			s.Recvfrom(b, 100, unix.MSG_DONTWAIT)
		}
	}),
	sc("dgram_short_buffer_truncates_and_MSG_TRUNC_returns_the_real_length", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram|unix.SOCK_NONBLOCK, 0)
		s.Send(a, "abcdefgh", 0)
		s.Send(a, "ijklmnop", 0)
		s.Send(a, "qr", 0)
		s.Recvfrom(b, 3, 0)
		s.Recvfrom(b, 3, unix.MSG_TRUNC)
		s.Recvfrom(b, 3, unix.MSG_TRUNC)
		s.Recvfrom(b, 3, 0)
	}),
	sc("recvmsg_flags_report_MSG_TRUNC_for_dgram_and_seqpacket", func(s *vfstest.Session) {
		for _, typ := range []int{dgram, seqpacket} {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.Send(a, "0123456789", 0)
			s.Send(a, "ab", 0)
			s.Recvmsg(b, 4, 0, 0)
			s.Recvmsg(b, 4, 0, 0)
		}
	}),
	sc("stream_short_read_leaves_the_rest_and_sets_no_flag", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		s.Send(a, "0123456789", 0)
		s.Recvmsg(b, 4, 0, 0)
		s.Recvmsg(b, 100, 0, 0)
	}),
	sc("MSG_PEEK_leaves_the_data_for_the_next_read", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.Send(a, "hello", 0)
			s.Send(a, "world", 0)
			s.Recvfrom(b, 3, unix.MSG_PEEK)
			s.Recvfrom(b, 100, unix.MSG_PEEK)
			s.Recvfrom(b, 100, 0)
			s.Recvfrom(b, 100, unix.MSG_DONTWAIT)
		}
	}),
	sc("MSG_DONTWAIT_on_an_empty_socket_is_EAGAIN_and_so_is_O_NONBLOCK", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.Recvfrom(b, 10, unix.MSG_DONTWAIT)
			s.Recvmsg(b, 10, 0, unix.MSG_DONTWAIT)
			s.Fcntl(a, unix.F_SETFL, unix.O_NONBLOCK)
			s.Read(a, 10)
		}
	}),
	sc("MSG_WAITALL_waits_for_the_whole_buffer_on_a_stream", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		wait := s.Go(func(bg *vfstest.Session) { bg.Recvfrom(b, 6, unix.MSG_WAITALL) })
		s.Send(a, "abc", 0)
		s.Send(a, "def", 0)
		wait()
	}),
	sc("MSG_WAITALL_returns_short_at_end_of_file", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		s.Send(a, "abc", 0)
		s.Shutdown(a, unix.SHUT_WR)
		s.Recvfrom(b, 10, unix.MSG_WAITALL)
		s.Recvfrom(b, 10, unix.MSG_WAITALL)
	}),
	sc("MSG_WAITALL_on_a_dgram_socket_takes_one_message", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram, 0)
		s.Send(a, "abc", 0)
		s.Send(a, "def", 0)
		s.Recvfrom(b, 10, unix.MSG_WAITALL)
	}),
	sc("blocking_recv_wakes_when_the_peer_sends", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ, 0)
			wait := s.Go(func(bg *vfstest.Session) { bg.Recvfrom(b, 10, 0) })
			s.Send(a, "late", 0)
			wait()
		}
	}),
	sc("zero_length_messages", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ|unix.SOCK_NONBLOCK, 0)
			s.Send(a, "", 0)
			s.Write(a, "")
			s.Send(a, "x", 0)
			s.Recvmsg(b, 10, 0, 0)
			s.Recvmsg(b, 10, 0, 0)
		}
	}),
	sc("read_and_write_syscalls_on_sockets_are_recv_and_send", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, seqpacket, 0)
		s.Write(a, "abc")
		s.Writev(a, "de", "fg")
		s.Read(b, 2)
		s.Readv(b, 1, 10)
	}),
	sc("lseek_pread_and_pwrite_on_a_socket_are_ESPIPE", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		s.Write(a, "abc")
		s.Seek(b, 0, unix.SEEK_CUR)
		s.Pread(b, 1, 0)
		s.Pwrite(a, "x", 0)
		s.Read(b, 10)
	}),
	sc("FIONREAD_counts_queued_bytes", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.IoctlGetInt(b, vfstest.FIONREAD)
			s.Send(a, "abcd", 0)
			s.Send(a, "ef", 0)
			s.IoctlGetInt(b, vfstest.FIONREAD)
		}
	}),
	sc("a_full_stream_socket_takes_part_of_a_nonblocking_write_then_EAGAIN", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream|unix.SOCK_NONBLOCK, 0)
		big := []byte(strings.Repeat("x", 4<<20))
		n, err := s.Sys().Write(a, big)
		s.Note("first write took part", err == nil && n > 0 && n < len(big))
		s.Write(a, "more")
		pollOne(s, a, unix.POLLOUT)
		got, _ := s.Sys().Read(b, make([]byte, 1<<20))
		s.Note("reader got data", got > 0)
	}),
	sc("poll_of_a_socketpair_is_writable_then_readable", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ, 0)
			pollOne(s, b, unix.POLLIN|unix.POLLOUT|unix.POLLRDHUP)
			s.Send(a, "x", 0)
			pollOne(s, b, unix.POLLIN|unix.POLLOUT|unix.POLLRDHUP)
		}
	}),
	sc("SO_PEERCRED_of_a_socketpair_is_the_caller", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, _ := s.Socketpair(afUnix, typ, 0)
			s.GetsockoptUcred(a, unix.SOL_SOCKET, unix.SO_PEERCRED)
		}
	}),
}
