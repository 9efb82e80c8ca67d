//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// shutdown(2) and a peer that goes away: end of file, EPIPE (with and
// without MSG_NOSIGNAL: the Go runtime ignores SIGPIPE for these fds on
// the host, and govfs records the signal without dying), ECONNRESET,
// POLLHUP and POLLRDHUP (socket_unix_stream.cc, socket_unix_non_stream.cc).
var sockShutScenarios = []vfstest.Scenario{
	// unix_listen wakes only the connectors waiting for room, not the
	// socket's own queue: an edge-triggered interest in a socket shut
	// for reading hears nothing when it starts listening (found by the
	// random differential, seed 49000583).
	sc("unix_listen_wakes_no_edge_triggered_interest", func(s *vfstest.Session) {
		fd := s.SocketNB(unix.AF_UNIX, unix.SOCK_STREAM, 0)
		s.BindUnix(fd, "@s1")
		s.Shutdown(fd, unix.SHUT_RD)
		ep := s.EpollCreate1(0)
		s.EpollCtl(ep, unix.EPOLL_CTL_ADD, fd, unix.EPOLLIN|unix.EPOLLOUT|unix.EPOLLET, 0)
		s.EpollWait(ep, 1, 0)
		s.Listen(fd, 0)
		s.EpollWait(ep, 1, 0)
		s.Listen(fd, 4)
		s.EpollWait(ep, 1, 0)
	}),
	sc("SHUT_WR_lets_the_peer_read_what_was_sent_then_EOF", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.Send(a, "bye", 0)
			s.Shutdown(a, unix.SHUT_WR)
			s.Recvfrom(b, 10, unix.MSG_DONTWAIT)
			s.Recvfrom(b, 10, unix.MSG_DONTWAIT)
			s.Send(b, "still", 0)
			s.Recvfrom(a, 10, 0)
		}
	}),
	sc("after_SHUT_WR_sends_are_EPIPE_with_and_without_MSG_NOSIGNAL", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, _ := s.Socketpair(afUnix, typ, 0)
			s.Shutdown(a, unix.SHUT_WR)
			s.Send(a, "x", unix.MSG_NOSIGNAL)
			s.Send(a, "x", 0)
			s.Write(a, "x")
		}
	}),
	sc("SHUT_RD_reads_EOF_at_once_and_the_peer_send_is_EPIPE", func(s *vfstest.Session) {
		for _, typ := range []int{stream, seqpacket} {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.Shutdown(a, unix.SHUT_RD)
			s.Recvfrom(a, 10, unix.MSG_DONTWAIT)
			s.Send(b, "x", unix.MSG_NOSIGNAL)
		}
	}),
	sc("SHUT_RD_on_dgram_keeps_the_queued_messages", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram, 0)
		s.Send(b, "queued", 0)
		s.Shutdown(a, unix.SHUT_RD)
		s.Recvfrom(a, 10, unix.MSG_DONTWAIT)
		s.Recvfrom(a, 10, unix.MSG_DONTWAIT)
		s.Send(b, "more", unix.MSG_NOSIGNAL)
	}),
	sc("SHUT_RDWR_ends_both_directions_and_a_second_shutdown_is_fine", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		s.Shutdown(a, unix.SHUT_RDWR)
		s.Shutdown(a, unix.SHUT_RDWR)
		s.Recvfrom(a, 10, 0)
		s.Recvfrom(b, 10, 0)
		s.Send(a, "x", unix.MSG_NOSIGNAL)
		s.Send(b, "x", unix.MSG_NOSIGNAL)
	}),
	sc("shutdown_with_a_bad_how_is_EINVAL", func(s *vfstest.Session) {
		a, _ := s.Socketpair(afUnix, stream, 0)
		s.Shutdown(a, 3)
		s.Shutdown(a, -1)
		s.Shutdown(a, 100)
	}),
	sc("shutdown_of_an_unconnected_socket", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			fd := s.Socket(afUnix, typ, 0)
			s.Shutdown(fd, unix.SHUT_WR)
		}
	}),
	sc("closed_peer_stream_reads_EOF_and_sends_are_EPIPE", func(s *vfstest.Session) {
		for _, typ := range []int{stream, seqpacket} {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.Send(b, "last", 0)
			s.Close(b)
			s.Recvfrom(a, 10, 0)
			s.Recvfrom(a, 10, 0)
			s.Send(a, "x", unix.MSG_NOSIGNAL)
			s.Write(a, "x")
		}
	}),
	sc("closing_with_unread_data_resets_the_peer", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		s.Send(a, "unread", 0)
		s.Send(b, "also", 0)
		s.Close(b)
		s.Recvfrom(a, 10, 0)
		s.Recvfrom(a, 10, 0)
	}),
	sc("closed_peer_of_a_dgram_pair_refuses_sends", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, dgram, 0)
		s.Send(b, "left", 0)
		s.Close(b)
		s.Recvfrom(a, 10, unix.MSG_DONTWAIT)
		s.Send(a, "x", 0)
		s.Send(a, "x", 0)
		s.Getpeername(a)
	}),
	sc("poll_shows_POLLRDHUP_after_peer_SHUT_WR_and_POLLHUP_after_close", func(s *vfstest.Session) {
		const all = unix.POLLIN | unix.POLLOUT | unix.POLLRDHUP
		for _, typ := range sockTypes {
			a, b := s.Socketpair(afUnix, typ, 0)
			s.Shutdown(b, unix.SHUT_WR)
			pollOne(s, a, all)
			pollOne(s, b, all)
			s.Close(b)
			pollOne(s, a, all)
		}
	}),
	sc("poll_after_own_SHUT_RDWR", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			a, _ := s.Socketpair(afUnix, typ, 0)
			s.Shutdown(a, unix.SHUT_RDWR)
			pollOne(s, a, unix.POLLIN|unix.POLLOUT|unix.POLLRDHUP)
		}
	}),
	sc("a_blocked_recv_wakes_with_EOF_when_the_peer_shuts_down", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, stream, 0)
		wait := s.Go(func(bg *vfstest.Session) { bg.Recvfrom(b, 10, 0) })
		s.Shutdown(a, unix.SHUT_WR)
		wait()
	}),
	sc("a_blocked_recv_wakes_when_the_peer_closes", func(s *vfstest.Session) {
		a, b := s.Socketpair(afUnix, seqpacket, 0)
		wait := s.Go(func(bg *vfstest.Session) { bg.Read(b, 10) })
		s.Close(a)
		wait()
	}),
}
