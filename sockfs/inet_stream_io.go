package sockfs

import "github.com/govfs/govfs/vfs"

// The data path of loopback TCP: a send copies into the peer's receive
// ring as far as its SO_RCVBUF allows, a receive copies out. Neither
// sleeps (the core does, on EAGAIN).

// tcpSend is tcp_sendmsg: EAGAIN while a connect waits (the core waits
// for the connection), EPIPE unconnected or after SHUT_WR, a pending
// error first, EAGAIN (with the count taken) when the peer's ring is
// full. A send to a peer that has closed is taken and answered by a
// reset, as over lo.
func (s *inetSock) tcpSend(m *vfs.Msghdr, admin bool) (int, error) {
	c, i, state := s.conn()
	switch state {
	case tcpConnecting:
		return 0, vfs.EAGAIN // sk_stream_wait_connect: a send waits for the connection
	case tcpConnected:
	default:
		return 0, vfs.EPIPE
	}
	if err := s.inetCmsgCheck(m.Control, admin); err != nil {
		return 0, err
	}
	c.mu.Lock()
	if e := c.err[i]; e != 0 {
		c.err[i] = 0
		c.mu.Unlock()
		return 0, e
	}
	if c.fin[i] || c.dead[i] {
		c.mu.Unlock()
		return 0, vfs.EPIPE
	}
	j := 1 - i
	if c.gone[j] {
		c.dead[i], c.err[i] = true, vfs.EPIPE
		c.mu.Unlock()
		c.notify(i, vfs.POLLERR|vfs.POLLHUP)
		return len(m.Buf), nil
	}
	wasEmpty := c.rx[j].len() == 0
	n := c.rx[j].write(m.Buf, c.limit[j]-c.rx[j].len())
	c.mu.Unlock()
	if wasEmpty && n > 0 {
		c.notify(j, vfs.POLLIN)
	}
	if n < len(m.Buf) {
		return n, vfs.EAGAIN
	}
	return n, nil
}

// tcpRecv is tcp_recvmsg: data first, then a pending error, then end of
// file once the peer has sent its FIN or we shut reading down. MSG_PEEK
// leaves the data, MSG_TRUNC drops it uncopied, MSG_WAITALL asks the
// core to call again for the rest.
func (s *inetSock) tcpRecv(m *vfs.Msghdr) (int, error) {
	c, i, state := s.conn()
	if state == tcpListening {
		return 0, vfs.ENOTCONN // tcp_recvmsg_locked's first test, SHUT_RD or not
	}
	if m.Flags&vfs.MSG_OOB != 0 {
		return 0, vfs.EINVAL // no urgent data ever arrives
	}
	if state == tcpConnecting {
		return 0, vfs.EAGAIN
	}
	if state != tcpConnected {
		s.mu.Lock()
		eof := s.shut&inetRcvShut != 0
		s.mu.Unlock()
		if eof {
			return 0, nil
		}
		return 0, vfs.ENOTCONN
	}
	c.mu.Lock()
	r := &c.rx[i]
	if r.len() == 0 {
		defer c.mu.Unlock()
		if e := c.err[i]; e != 0 {
			c.err[i] = 0
			return 0, e
		}
		if c.fin[1-i] || c.rdShut[i] {
			return 0, nil
		}
		return 0, vfs.EAGAIN // even for 0 bytes: tcp_recvmsg waits for one
	}
	var n int
	switch {
	case m.Flags&vfs.MSG_PEEK != 0:
		n = r.peek(m.Buf)
	case m.Flags&vfs.MSG_TRUNC != 0:
		n = min(len(m.Buf), r.len())
		r.discard(n)
	default:
		n = r.read(m.Buf)
	}
	more := m.Flags&vfs.MSG_WAITALL != 0 && m.Flags&vfs.MSG_PEEK == 0 && n < len(m.Buf) &&
		!c.fin[1-i] && !c.rdShut[i] && c.err[i] == 0
	c.mu.Unlock()
	if m.Flags&vfs.MSG_PEEK == 0 {
		c.notify(1-i, vfs.POLLOUT)
	}
	if more {
		return n, vfs.EAGAIN
	}
	return n, nil
}

// tcpPoll is tcp_poll's answer.
func (s *inetSock) tcpPoll() uint32 {
	s.mu.Lock()
	state, c, i, shut, soErr := s.tcp.state, s.tcp.conn, s.tcp.side, s.shut, s.soErr
	queued := len(s.tcp.acceptq)
	s.mu.Unlock()
	const in, out = vfs.POLLIN | pollRdnorm, vfs.POLLOUT | pollWrnorm
	var mask uint32
	switch state {
	case tcpListening:
		if queued > 0 {
			mask |= in
		}
		return mask
	case tcpConnected:
	case tcpConnecting:
		// SYN_SENT: nothing until the connection is made or refused.
		if soErr != 0 {
			mask |= vfs.POLLERR
		}
		return mask
	default:
		// Not connected: hung up, and writable (to find out why).
		mask = vfs.POLLHUP | out
		if shut&inetRcvShut != 0 {
			mask |= in | vfs.POLLRDHUP
		}
		if soErr != 0 { // a refusal too, until SO_ERROR takes it
			mask |= vfs.POLLERR
		}
		return mask
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	rcvDown := c.fin[1-i] || c.rdShut[i]
	sndDown := c.fin[i] || c.dead[i]
	if c.rx[i].len() > 0 || rcvDown {
		mask |= in
	}
	if rcvDown {
		mask |= vfs.POLLRDHUP
	}
	if rcvDown && sndDown {
		mask |= vfs.POLLHUP
	}
	if sndDown || c.gone[1-i] || c.rx[1-i].len() < c.limit[1-i] {
		mask |= out
	}
	if c.err[i] != 0 || soErr != 0 {
		mask |= vfs.POLLERR
	}
	return mask
}
