package sockfs

import (
	"net/netip"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// Loopback TCP. A connection is a tcpConn shared by its two sockets:
// two receive rings and what each side has said (FIN, close, reset). A
// connect(2) finds the listener in the port table, makes the server's
// socket at once and queues it for accept(2): the handshake Linux does
// over lo, without packets. A non-blocking connect says EINPROGRESS, and
// the socket is writable with SO_ERROR 0 straight after, as on Linux.
//
// What a closing side leaves behind, as over lo: a close with unread
// data resets the peer (its reads get the data, then ECONNRESET); a
// send to a peer that has closed succeeds once and is answered by a
// reset (EPIPE after); a listener's close resets the connections it
// had not handed out. The listen queue is in inet_accept.go.

const (
	tcpClosed     = iota // fresh, refused, or no longer listening
	tcpConnecting        // on its way, or waiting for room in a full listen queue
	tcpConnected
	tcpListening
)

// tcpSock is the TCP part of an inetSock, guarded by its mu.
type tcpSock struct {
	state   int
	remote  netip.AddrPort
	conn    *tcpConn
	side    int
	pending bool      // a connect that said EINPROGRESS (or EAGAIN) and is not yet confirmed
	refused bool      // a non-blocking connect that found nobody
	synTo   *inetSock // the listener whose full queue this connect waits on
	backlog int
	acceptq []*inetSock
	synq    []synReq // connects waiting for room in acceptq
}

// tcpConn is one connection. Side 0 connected, side 1 was accepted.
type tcpConn struct {
	mu     sync.Mutex
	end    [2]*inetSock
	rx     [2]tcpRing   // rx[i]: what side i has to read
	limit  [2]int       // side i's SO_RCVBUF
	fin    [2]bool      // side i sends no more (shutdown or close)
	rdShut [2]bool      // side i shut its reading down
	gone   [2]bool      // side i closed
	dead   [2]bool      // side i was reset: its sends are EPIPE
	err    [2]vfs.Errno // side i's pending error (ECONNRESET, EPIPE)
}

// conn returns the connection and our side, or nil.
func (s *inetSock) conn() (*tcpConn, int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tcp.conn, s.tcp.side, s.tcp.state
}

func (t *tcpSock) takeConnErr() vfs.Errno {
	c := t.conn
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.err[t.side]
	c.err[t.side] = 0
	return e
}

func (s *inetSock) tcpRcvbufChangedLocked() {
	if c := s.tcp.conn; c != nil {
		c.mu.Lock()
		c.limit[s.tcp.side] = s.rcvbuf
		c.mu.Unlock()
	}
}

// tcpConnect connects to a listener on lo (tcp_v4_connect and the
// handshake): ENETUNREACH off lo, ECONNREFUSED (EINPROGRESS, then
// SO_ERROR, when non-blocking) with nobody listening.
func (s *inetSock) tcpConnect(f *vfs.File, sa vfs.Sockaddr) error {
	s.mu.Lock()
	// __inet_stream_connect answers from the socket's state first; only
	// an unconnected socket's tcp_v4_connect reads the address.
	switch {
	case s.tcp.state == tcpListening:
		s.mu.Unlock()
		return vfs.EISCONN
	case s.tcp.state == tcpConnecting:
		waits := s.tcp.synTo != nil && !f.Nonblock()
		s.mu.Unlock()
		if waits {
			return vfs.EAGAIN // a blocking connect goes on waiting for room
		}
		return vfs.EALREADY
	case s.tcp.state == tcpConnected && s.tcp.pending:
		s.tcp.pending = false
		s.mu.Unlock()
		return nil
	case s.tcp.state == tcpConnected:
		s.mu.Unlock()
		return vfs.EISCONN
	case s.tcp.refused:
		// The second connect after a refused one: the error, or, if
		// SO_ERROR took it, ECONNABORTED (__inet_stream_connect).
		s.tcp.refused = false
		e := s.soErr
		s.soErr = 0
		s.mu.Unlock()
		if e == 0 {
			e = vfs.ECONNABORTED
		}
		return e
	}
	ap, err := inetAddrIn(sa, s.v6, false)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	var bound netip.Addr
	if s.bind != nil {
		bound = s.bind.ip
	}
	to, src, err := routeFrom(ap.Addr(), bound, s.v6only)
	if err == nil && s.bind == nil {
		err = s.autobindLocked()
	}
	if err != nil {
		s.mu.Unlock()
		return err
	}
	if ip := s.bind.ip; !ip.IsUnspecified() {
		src = ip // bound to an address: the connection comes from it
	}
	port := s.local.Port()
	s.local = netip.AddrPortFrom(src, port)
	s.shut = 0
	s.tcp.state = tcpConnecting
	s.mu.Unlock()

	var waiting bool
	if l := s.ports.lookup(to, ap.Port()); l != nil {
		waiting = l.tcpEnqueue(synReq{client: s, dst: to, dport: ap.Port(), src: src, sport: port})
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.tcp.state == tcpConnected: // at once, or by an accept since
		if f.Nonblock() {
			s.tcp.pending = true
			return vfs.EINPROGRESS
		}
		return nil
	case s.tcp.state == tcpConnecting && waiting:
		// The listener's queue is full: Linux drops the SYN and
		// retransmits it; here the connect completes when an accept
		// makes room. Until then POLLOUT stays off.
		s.tcp.pending = true
		if f.Nonblock() {
			return vfs.EINPROGRESS
		}
		return vfs.EAGAIN
	}
	// Nobody listens, or the listener went while we waited.
	s.tcp.state, s.tcp.synTo, s.tcp.pending = tcpClosed, nil, false
	if !f.Nonblock() {
		s.tcp.refused, s.soErr, s.shut = false, 0, 0
		return vfs.ECONNREFUSED
	}
	s.tcp.refused = true
	s.soErr = vfs.ECONNREFUSED
	s.shut = inetRcvShut | inetSndShut
	s.q.Notify(vfs.POLLOUT | vfs.POLLHUP)
	return vfs.EINPROGRESS
}

// tcpAbort closes a connection with a reset: the peer's next call gets
// ECONNRESET, then EPIPE to send and end of file to read.
func (s *inetSock) tcpAbort() {
	c, side, _ := s.conn()
	if c != nil {
		c.mu.Lock()
		c.rx[side].reset()
		c.gone[side], c.fin[side] = true, true
		c.reset(1 - side)
		c.mu.Unlock()
		c.notify(1-side, vfs.POLLIN|vfs.POLLOUT|vfs.POLLERR|vfs.POLLHUP|vfs.POLLRDHUP)
	}
	s.mu.Lock()
	s.unbindLocked()
	s.mu.Unlock()
}

// reset makes side i reset by its peer. Caller holds c.mu.
func (c *tcpConn) reset(i int) {
	if !c.dead[i] {
		c.dead[i] = true
		c.err[i] = vfs.ECONNRESET
	}
}

// notify wakes end i's waiters, and signals its Files with O_ASYNC for
// news from the other end (inetSock.notify).
func (c *tcpConn) notify(i int, mask uint32) { c.end[i].notify(mask) }

// tcpClose is the last close (tcp_close): a listener stops; a connection
// sends its FIN, or a reset if data it never read is left.
func (s *inetSock) tcpClose() {
	c, side, state := s.conn()
	switch state {
	case tcpListening:
		s.tcpStopListening()
		return
	case tcpConnecting:
		s.tcpCancelSyn()
		return
	}
	if c == nil {
		return
	}
	c.mu.Lock()
	unread := c.rx[side].len() > 0
	c.rx[side].reset()
	c.gone[side], c.fin[side] = true, true
	if unread {
		c.reset(1 - side)
	}
	c.mu.Unlock()
	c.notify(1-side, vfs.POLLIN|vfs.POLLOUT|vfs.POLLERR|vfs.POLLHUP|vfs.POLLRDHUP)
}

// tcpShutdown is inet_shutdown on TCP: ENOTCONN unconnected (the bits are
// kept all the same), a listener stops on SHUT_RD and forgets those bits
// (tcp_disconnect), a connection sends its FIN on SHUT_WR and reads end
// of file after SHUT_RD.
func (s *inetSock) tcpShutdown(bits int) error {
	s.mu.Lock()
	state, c, side := s.tcp.state, s.tcp.conn, s.tcp.side
	if state == tcpListening {
		if bits&inetRcvShut == 0 {
			s.mu.Unlock()
			return nil
		}
		// tcp_disconnect: the listener stops, and the shutdown bits
		// an earlier shutdown of the unconnected socket left go too.
		s.shut = 0
		s.mu.Unlock()
		s.tcpStopListening()
		return nil
	}
	if state != tcpConnected {
		s.shut |= bits
		s.mu.Unlock()
		s.q.Notify(vfs.POLLIN | vfs.POLLHUP | vfs.POLLRDHUP)
		return vfs.ENOTCONN
	}
	s.mu.Unlock()
	c.mu.Lock()
	if bits&inetSndShut != 0 {
		c.fin[side] = true
	}
	if bits&inetRcvShut != 0 {
		c.rdShut[side] = true
	}
	c.mu.Unlock()
	if bits&inetSndShut != 0 {
		c.notify(1-side, vfs.POLLIN|vfs.POLLRDHUP|vfs.POLLHUP) // our FIN
	} else {
		c.end[1-side].q.Notify(vfs.POLLIN | vfs.POLLRDHUP | vfs.POLLHUP)
	}
	// Our own shutdown wakes our waiters but signals nobody.
	c.end[side].q.Notify(vfs.POLLIN | vfs.POLLRDHUP | vfs.POLLOUT | vfs.POLLHUP)
	return nil
}
