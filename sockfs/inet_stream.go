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
// had not handed out. The backlog is not enforced: a loopback SYN is
// never dropped here.

const (
	tcpClosed = iota // fresh, refused, or no longer listening
	tcpConnecting
	tcpConnected
	tcpListening
)

// tcpSock is the TCP part of an inetSock, guarded by its mu.
type tcpSock struct {
	state   int
	remote  netip.AddrPort
	conn    *tcpConn
	side    int
	pending bool // a non-blocking connect not yet confirmed by a second connect
	refused bool // a non-blocking connect that found nobody
	backlog int
	acceptq []*inetSock
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
	ap, err := inetAddrIn(sa, s.v6, false)
	if err != nil {
		return err
	}
	s.mu.Lock()
	switch {
	case s.tcp.state == tcpListening:
		s.mu.Unlock()
		return vfs.EISCONN
	case s.tcp.state == tcpConnecting:
		s.mu.Unlock()
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

	var child *inetSock
	if l := s.ports.lookup(to, ap.Port()); l != nil {
		child = l.tcpEnqueue(s, to, ap.Port(), src, port)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if child == nil {
		s.tcp.state = tcpClosed
		if !f.Nonblock() {
			return vfs.ECONNREFUSED
		}
		s.tcp.refused = true
		s.soErr = vfs.ECONNREFUSED
		s.shut = inetRcvShut | inetSndShut
		s.q.Notify(vfs.POLLOUT | vfs.POLLHUP)
		return vfs.EINPROGRESS
	}
	s.tcp.state = tcpConnected
	s.tcp.remote = netip.AddrPortFrom(to, ap.Port())
	if f.Nonblock() {
		s.tcp.pending = true
		return vfs.EINPROGRESS
	}
	return nil
}

// tcpEnqueue makes the server side of a connection from client (bound
// to src:sport) to dst:dport and queues it for accept; nil if l no
// longer listens.
func (l *inetSock) tcpEnqueue(client *inetSock, dst netip.Addr, dport uint16, src netip.Addr, sport uint16) *inetSock {
	l.mu.Lock()
	if l.tcp.state != tcpListening || l.released {
		l.mu.Unlock()
		return nil
	}
	child := newInetSock(l.st, l.v6, vfs.SOCK_STREAM)
	child.reuse, child.keep, child.nodelay = l.reuse, l.keep, l.nodelay
	child.sndbuf, child.rcvbuf = l.sndbuf, l.rcvbuf
	child.local = netip.AddrPortFrom(inFamily(dst, l.v6), dport)
	// The connection holds the listener's port (inet_inherit_port).
	child.bind = &portBinding{s: child, ip: child.local.Addr(), sp: addrSpaceOf(child.local.Addr(), false), reuse: l.reuse}
	l.ports.mu.Lock()
	l.ports.port[dport] = append(l.ports.port[dport], child.bind)
	l.ports.mu.Unlock()
	c := &tcpConn{end: [2]*inetSock{client, child}}
	client.mu.Lock()
	c.limit[0] = client.rcvbuf
	client.tcp.conn, client.tcp.side = c, 0
	client.mu.Unlock()
	c.limit[1] = child.rcvbuf
	child.tcp = tcpSock{state: tcpConnected, remote: netip.AddrPortFrom(inFamily(src, l.v6), sport), conn: c, side: 1}
	l.tcp.acceptq = append(l.tcp.acceptq, child)
	l.mu.Unlock()
	l.q.Notify(vfs.POLLIN)
	return child
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

// tcpAccept hands out the oldest queued connection as a new File.
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
	s.mu.Unlock()
	return child.file(p.Cred(), nonblock), nil
}

// tcpStopListening ends listening and resets the connections still
// queued (inet_csk_listen_stop).
func (s *inetSock) tcpStopListening() {
	s.mu.Lock()
	q := s.tcp.acceptq
	s.tcp.acceptq = nil
	if s.tcp.state == tcpListening {
		s.tcp.state = tcpClosed
		s.ports.mu.Lock()
		s.bind.listening = false
		s.ports.mu.Unlock()
	}
	s.mu.Unlock()
	for _, child := range q {
		child.tcpAbort()
	}
	s.q.Notify(vfs.POLLIN | vfs.POLLOUT | vfs.POLLHUP)
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

func (c *tcpConn) notify(i int, mask uint32) { c.end[i].q.Notify(mask) }

// tcpClose is the last close (tcp_close): a listener stops; a connection
// sends its FIN, or a reset if data it never read is left.
func (s *inetSock) tcpClose() {
	c, side, state := s.conn()
	if state == tcpListening {
		s.tcpStopListening()
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
// kept all the same), a listener stops on SHUT_RD, a connection sends
// its FIN on SHUT_WR and reads end of file after SHUT_RD.
func (s *inetSock) tcpShutdown(bits int) error {
	s.mu.Lock()
	state, c, side := s.tcp.state, s.tcp.conn, s.tcp.side
	if state == tcpListening {
		s.mu.Unlock()
		if bits&inetRcvShut != 0 {
			s.tcpStopListening() // tcp_disconnect: and no bits kept
		}
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
	c.notify(1-side, vfs.POLLIN|vfs.POLLRDHUP|vfs.POLLHUP)
	c.notify(side, vfs.POLLIN|vfs.POLLRDHUP|vfs.POLLOUT|vfs.POLLHUP)
	return nil
}
