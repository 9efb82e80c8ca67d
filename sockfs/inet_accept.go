package sockfs

import (
	"net/netip"

	"github.com/govfs/govfs/vfs"
)

// A TCP listener's two queues: acceptq holds the connections made and
// not yet accepted; synq the connects that found acceptq full. Linux
// queues up to backlog+1 connections (sk_acceptq_is_full) and drops the
// SYNs of the rest, whose connects stay in SYN_SENT (EINPROGRESS, no
// POLLOUT, getpeername ENOTCONN) until a retransmitted SYN finds room.
// Here the retransmit finds it at once: each accept that makes room
// completes the oldest waiting connect. A listener that stops refuses
// those still waiting, as the RST to their next SYN would.

// synReq is a connect from client, bound to src:sport, to dst:dport
// (dst and src in the client's family's form).
type synReq struct {
	client       *inetSock
	dst, src     netip.Addr
	dport, sport uint16
}

// tcpEnqueue connects r to the listener l: at once when l's queue has
// room, or, when it is full, later (it reports waiting). Neither when l
// no longer listens: refused.
func (l *inetSock) tcpEnqueue(r synReq) (waiting bool) {
	l.mu.Lock()
	if l.tcp.state != tcpListening || l.released {
		l.mu.Unlock()
		return false
	}
	if len(l.tcp.acceptq) > l.tcp.backlog {
		r.client.mu.Lock()
		r.client.tcp.synTo = l
		r.client.mu.Unlock()
		l.tcp.synq = append(l.tcp.synq, r)
		l.mu.Unlock()
		return true
	}
	ok := l.establishLocked(r)
	l.mu.Unlock()
	if ok {
		l.notifyEstablished(r.client)
	}
	return false
}

// notifyEstablished wakes the connect and the accept waiting on a new
// connection; no socket lock may be held (a queue's callbacks run
// under its lock).
func (l *inetSock) notifyEstablished(client *inetSock) {
	client.notify(vfs.POLLOUT | pollWrnorm | vfs.POLLIN) // a send or receive may wait for it
	l.notify(vfs.POLLIN | pollRdnorm)
}

// establishLocked makes the server side of r's connection and queues it
// for accept, unless the client gave up waiting. Caller holds l.mu and
// calls notifyEstablished once it has let go.
func (l *inetSock) establishLocked(r synReq) bool {
	child := newInetSock(l.st, l.v6, vfs.SOCK_STREAM)
	child.reuse, child.keep, child.nodelay = l.reuse, l.keep, l.nodelay
	child.tos, child.ttl = l.tos, l.ttl // inet_csk_clone_lock copies the inet_sock
	child.sndbuf, child.rcvbuf = l.sndbuf, l.rcvbuf
	child.local = netip.AddrPortFrom(inFamily(r.dst, l.v6), r.dport)
	c := &tcpConn{end: [2]*inetSock{r.client, child}}
	c.limit[1] = child.rcvbuf
	child.tcp = tcpSock{state: tcpConnected, remote: netip.AddrPortFrom(inFamily(r.src, l.v6), r.sport), conn: c, side: 1}

	cl := r.client
	cl.mu.Lock()
	if cl.tcp.state != tcpConnecting || cl.tcp.synTo != nil && cl.tcp.synTo != l || cl.released {
		cl.mu.Unlock()
		return false
	}
	c.limit[0] = cl.rcvbuf
	cl.tcp.conn, cl.tcp.side, cl.tcp.synTo = c, 0, nil
	cl.tcp.state = tcpConnected
	cl.tcp.remote = netip.AddrPortFrom(r.dst, r.dport)
	cl.mu.Unlock()

	// The connection holds the listener's port (inet_inherit_port).
	child.bind = &portBinding{s: child, ip: child.local.Addr(), sp: addrSpaceOf(child.local.Addr(), false), reuse: l.reuse}
	l.ports.mu.Lock()
	l.ports.port[r.dport] = append(l.ports.port[r.dport], child.bind)
	l.ports.mu.Unlock()
	l.tcp.acceptq = append(l.tcp.acceptq, child)
	return true
}

// tcpListen starts listening; an unbound socket gets an ephemeral port.
// EINVAL once connected, EADDRINUSE if another socket listens on an
// overlapping address of the port, or holds it without SO_REUSEADDR.
func (s *inetSock) tcpListen(backlog int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.tcp.state {
	case tcpListening:
		s.tcp.backlog = backlog
		return nil
	case tcpConnected, tcpConnecting:
		return vfs.EINVAL
	}
	if err := s.autobindLocked(); err != nil {
		return vfs.EADDRINUSE
	}
	if err := s.ports.listen(s.bind, s.local.Port()); err != nil {
		return err
	}
	s.tcp.state, s.tcp.backlog = tcpListening, backlog
	return nil
}

// tcpAccept hands out the oldest queued connection as a new File, and
// lets in the oldest connect waiting for the room that made.
func (s *inetSock) tcpAccept(p *vfs.Process, nonblock bool) (*vfs.File, error) {
	s.mu.Lock()
	if s.tcp.state != tcpListening {
		s.mu.Unlock()
		return nil, vfs.EINVAL
	}
	if len(s.tcp.acceptq) == 0 {
		s.mu.Unlock()
		return nil, vfs.EAGAIN
	}
	child := s.tcp.acceptq[0]
	s.tcp.acceptq[0] = nil
	s.tcp.acceptq = s.tcp.acceptq[1:]
	var let *inetSock
	for len(s.tcp.synq) > 0 && len(s.tcp.acceptq) <= s.tcp.backlog {
		r := s.tcp.synq[0]
		s.tcp.synq = s.tcp.synq[1:]
		if s.establishLocked(r) {
			let = r.client
			break
		}
	}
	s.mu.Unlock()
	if let != nil {
		s.notifyEstablished(let)
	}
	return child.file(p.Cred(), nonblock), nil
}

// tcpStopListening ends listening: it resets the connections still
// queued (inet_csk_listen_stop) and refuses the connects that waited.
func (s *inetSock) tcpStopListening() {
	s.mu.Lock()
	q, syns := s.tcp.acceptq, s.tcp.synq
	s.tcp.acceptq, s.tcp.synq = nil, nil
	if s.tcp.state == tcpListening {
		s.tcp.state = tcpClosed
		s.ports.mu.Lock()
		s.bind.listening = false
		s.ports.mu.Unlock()
		if b := s.bind; !b.portLock {
			// The port the kernel picked goes back; getsockname still
			// shows it (inet_sport is kept), and a listen or connect
			// picks a new one, on the address bind named if it did.
			if b.explicit && !b.ip.IsUnspecified() {
				s.lockedIP = b.ip
			}
			s.unbindLocked()
		}
	}
	s.mu.Unlock()
	for _, child := range q {
		child.tcpAbort()
	}
	for _, r := range syns {
		r.client.tcpRefused(s)
	}
	s.q.Notify(vfs.POLLIN | vfs.POLLOUT | vfs.POLLHUP)
}

// tcpRefused ends a connect that waited on l: ECONNREFUSED, from its
// next connect (blocking) or SO_ERROR (non-blocking).
func (s *inetSock) tcpRefused(l *inetSock) {
	s.mu.Lock()
	if s.tcp.state != tcpConnecting || s.tcp.synTo != l {
		s.mu.Unlock()
		return
	}
	s.tcp.state, s.tcp.synTo, s.tcp.pending = tcpClosed, nil, false
	s.tcp.refused, s.soErr = true, vfs.ECONNREFUSED
	s.shut = inetRcvShut | inetSndShut
	s.mu.Unlock()
	s.notify(vfs.POLLIN | vfs.POLLOUT | vfs.POLLHUP)
}

// tcpCancelSyn takes a closing socket's waiting connect out of its
// listener's queue.
func (s *inetSock) tcpCancelSyn() {
	s.mu.Lock()
	l := s.tcp.synTo
	s.tcp.state, s.tcp.synTo = tcpClosed, nil
	s.mu.Unlock()
	if l == nil {
		return
	}
	l.mu.Lock()
	for i, r := range l.tcp.synq {
		if r.client == s {
			l.tcp.synq = append(l.tcp.synq[:i], l.tcp.synq[i+1:]...)
			break
		}
	}
	l.mu.Unlock()
}
