package sockfs

import "github.com/govfs/govfs/vfs"

// Readiness is unix_poll for SOCK_STREAM and unix_dgram_poll for the
// message types:
//
//   - POLLIN: something to read, a connection to accept, or end of
//     file (with POLLRDHUP once reading is shut down);
//   - POLLOUT: at most a quarter of our send buffer in flight, never on
//     a listener; for a datagram socket, also room in the peer's queue
//     (when the peer is not connected back to us);
//   - POLLHUP: both directions shut down, and for a connection socket
//     also "not connected" (a fresh stream socket is POLLOUT|POLLHUP, as
//     on Linux);
//   - POLLERR: a pending error (ECONNRESET from a peer that left data
//     unread).
func (s *unixSock) Readiness(_ *vfs.File, mask uint32) uint32 {
	s.mu.Lock()
	var r uint32
	if s.err != 0 {
		r |= vfs.POLLERR
	}
	if s.shutdown == shutdownMask {
		r |= vfs.POLLHUP
	}
	if s.shutdown&rcvShutdown != 0 {
		r |= vfs.POLLRDHUP | vfs.POLLIN | pollRdnorm
	}
	if !s.rq.empty() || len(s.embryos) > 0 {
		r |= vfs.POLLIN | pollRdnorm
	}
	if s.stream() && s.state == stateClose {
		r |= vfs.POLLHUP
	}
	writable := s.state != stateListen && s.wmem.writable()
	peer := s.peer
	s.mu.Unlock()
	const out = vfs.POLLOUT | pollWrnorm | pollWrband
	if s.typ != vfs.SOCK_STREAM && mask&out != 0 && writable && peer != nil && peer != s {
		peer.mu.Lock()
		if peer.peer != s && peer.rq.len() > maxDgramQlen {
			peer.addWaiterLocked(&s.q) // unix_dgram_peer_wake_me
			writable = false
		}
		peer.mu.Unlock()
	}
	if writable {
		r |= out
	}
	return r & mask
}
