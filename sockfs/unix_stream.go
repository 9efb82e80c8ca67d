package sockfs

import "github.com/govfs/govfs/vfs"

// Connections (SOCK_STREAM and SOCK_SEQPACKET: unix_listen,
// unix_stream_connect, unix_accept) and the byte stream
// (unix_stream_sendmsg, unix_stream_read_generic).
//
// connect(2) does not wait for accept(2): it makes the server's end at
// once, the embryo, connects to it and queues it on the listener. So a
// client may write before the server accepts, and a full backlog (more
// than backlog embryos waiting) is the only thing a connect waits for.

// Connect connects a connection socket, or sets a datagram socket's peer.
func (s *unixSock) Connect(_ *vfs.File, p *vfs.Process, sa vfs.Sockaddr) error {
	a, ok := sa.(*vfs.SockaddrUnix)
	if !ok || a.Name == "" {
		return vfs.EINVAL
	}
	if err := s.autobindIfPasscred(); err != nil {
		return err
	}
	other, err := s.fs.find(p, a.Name, s.typ)
	if err != nil {
		return err
	}
	if s.typ == vfs.SOCK_DGRAM {
		return s.dgramConnect(other)
	}
	lockPair(s, other)
	err = s.connectLocked(p, other)
	unlockPair(s, other)
	if err == nil {
		other.q.Notify(vfs.POLLIN | pollRdnorm)
		other.fasync.Kill() // the listener has a connection to accept
		s.q.Notify(vfs.POLLOUT | pollWrnorm)
	}
	return err
}

// connectLocked queues an embryo connected to s on the listener other.
func (s *unixSock) connectLocked(p *vfs.Process, other *unixSock) error {
	if other.state != stateListen || other.shutdown&rcvShutdown != 0 || other.dead {
		return vfs.ECONNREFUSED
	}
	if len(other.embryos) > other.backlog {
		other.addWaiterLocked(&s.q) // accept or close tells us to retry
		return vfs.EAGAIN
	}
	switch s.state {
	case stateEstablished:
		return vfs.EISCONN
	case stateListen:
		return vfs.EINVAL
	}
	cred := vfs.UcredOf(p)
	n := s.fs.newUnixSock(s.typ, p) // accept makes the acceptor its owner
	n.state, n.peer, n.addr = stateEstablished, s, other.addr
	n.peerCred = &cred // init_peercred(newsk): the connecting process
	s.peerCred = other.peerCred
	s.peer, s.state = n, stateEstablished
	other.embryos = append(other.embryos, n)
	return nil
}

// Listen is unix_listen: only a bound connection socket may listen.
func (s *unixSock) Listen(_ *vfs.File, backlog int) error {
	if !s.stream() {
		return vfs.EOPNOTSUPP
	}
	s.mu.Lock()
	if s.addr == "" || s.state != stateClose && s.state != stateListen {
		s.mu.Unlock()
		return vfs.EINVAL
	}
	grew := backlog > s.backlog
	s.backlog, s.state = backlog, stateListen
	s.peerCred = &s.owner // init_peercred; the creator stands for the caller
	s.mu.Unlock()
	if grew {
		s.wakeWaiters()
	}
	// unix_listen wakes only the connectors waiting for room (peer_wait),
	// not the socket's own queue: an edge-triggered epoll hears nothing.
	return nil
}

// Accept is unix_accept: the oldest embryo gets its File, and the
// connectors waiting for room hear of it.
func (s *unixSock) Accept(f *vfs.File, p *vfs.Process, nonblock bool) (*vfs.File, error) {
	if !s.stream() {
		return nil, vfs.EOPNOTSUPP
	}
	s.mu.Lock()
	if s.state != stateListen {
		s.mu.Unlock()
		return nil, vfs.EINVAL
	}
	if len(s.embryos) == 0 {
		shut := s.shutdown&rcvShutdown != 0
		s.mu.Unlock()
		if shut && !f.Nonblock() {
			return nil, vfs.EINVAL // skb_recv_datagram's "receive shutdown"
		}
		return nil, vfs.EAGAIN
	}
	n := s.embryos[0]
	s.embryos[0] = nil
	s.embryos = s.embryos[1:]
	passcred := s.passcred
	s.mu.Unlock()
	s.wakeWaiters()
	n.mu.Lock()
	n.owner, n.writer = vfs.UcredOf(p), scmCreds(p)
	n.passcred = passcred // unix_sock_inherit_flags
	n.mu.Unlock()
	return s.fs.newUnixFile(p, n, nonblock), nil
}

// sockName is the address a receiver reads for skbs we sent: our name
// now, nil when we have none (unix_copy_addr).
func (s *unixSock) sockName() vfs.Sockaddr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.addr == "" {
		return nil
	}
	return &vfs.SockaddrUnix{Name: s.addr}
}

// streamSend is unix_stream_sendmsg: skbs of Linux's sizes while our
// send buffer has room, then EAGAIN with the count taken.
func (s *unixSock) streamSend(p *vfs.Process, m *vfs.Msghdr) (int, error) {
	if m.Flags&vfs.MSG_OOB != 0 {
		return 0, vfs.EOPNOTSUPP // no out-of-band data here
	}
	s.mu.Lock()
	peer, passcred := s.peer, s.passcred
	var err error
	switch {
	case m.Addr != nil && s.state == stateEstablished:
		err = vfs.EISCONN
	case m.Addr != nil:
		err = vfs.EOPNOTSUPP
	case peer == nil:
		err = vfs.ENOTCONN
	case s.shutdown&sendShutdown != 0:
		err = vfs.EPIPE
	}
	s.mu.Unlock()
	if err != nil {
		return 0, err
	}
	peer.mu.Lock()
	gone := peer.dead || peer.shutdown&rcvShutdown != 0
	want := passcred || peer.passcred || peer.file == nil
	peer.mu.Unlock()
	if gone {
		return 0, vfs.EPIPE
	}
	creds := s.sendCreds(p, m, want)
	var rights []*vfs.File
	sent := 0
	for sent < len(m.Buf) {
		if s.wmem.fullMark() {
			err = vfs.EAGAIN
			break
		}
		size, ts := streamSkb(len(m.Buf)-sent, s.wmem.size.Load())
		// The copy is made with no lock held, so that the receiver
		// drains one skb while the next is filled.
		b := &skb{data: newData(m.Buf[sent : sent+size]), truesize: ts, owner: &s.wmem, creds: creds, from: s}
		peer.mu.Lock()
		if peer.dead || peer.shutdown&rcvShutdown != 0 {
			peer.mu.Unlock()
			putData(b.data)
			err = vfs.EPIPE
			break
		}
		if sent == 0 && m.Rights != nil {
			b.rights, rights, m.Rights = m.Rights, m.Rights, nil
		}
		s.wmem.charge(ts)
		peer.rq.push(b)
		peer.mu.Unlock()
		sent += size
		peer.q.Notify(vfs.POLLIN | pollRdnorm)
		peer.fasync.Kill()
	}
	s.fs.gc.add(s.fs, rights)
	return sent, err
}

// streamRecv is unix_stream_read_generic. Without MSG_WAITALL any bytes
// end it; with it, fewer than asked come back with EAGAIN so that the
// VFS calls again for the rest, unless Files, end of file or an error
// came first. A receive of no bytes that finds data still reads the
// head skb's sender name, credentials and Files: Linux's loop runs once.
func (s *unixSock) streamRecv(m *vfs.Msghdr) (int, error) {
	if m.Flags&vfs.MSG_OOB != 0 {
		return 0, vfs.EINVAL // no urgent byte is ever waiting
	}
	peek := m.Flags&vfs.MSG_PEEK != 0
	// One reader at a time (u->iolock), so that the bytes are copied
	// with the queue unlocked: a sender appends while we copy.
	s.iolock.Lock()
	defer s.iolock.Unlock()
	s.mu.Lock()
	if s.state != stateEstablished {
		s.mu.Unlock()
		return 0, vfs.EINVAL
	}
	var segBuf [4][]byte
	n, segs, first, rights, freed := s.rq.readStream(len(m.Buf), peek, s.passcred, segBuf[:0])
	if first == nil {
		var err error = vfs.EAGAIN
		if s.err != 0 {
			err, s.err = s.err, 0
		} else if s.shutdown&rcvShutdown != 0 {
			err = nil
			if s.passcred {
				// scm_recv_unix runs at end of file too, with the
				// zeroed scm_cookie: pid 0, uid 0, gid 0.
				m.Creds = &vfs.Ucred{}
			}
		}
		s.mu.Unlock()
		return 0, err
	}
	// A peek returns what it found, MSG_WAITALL or not: Linux's peek
	// loop ends at the last queued skb.
	waitall := m.Flags&vfs.MSG_WAITALL != 0 && !peek && n < len(m.Buf) && rights == nil
	if waitall && s.err != 0 && s.rq.empty() {
		s.err = 0 // the loop's sock_error takes it, and returns what it copied
	}
	more := waitall && s.err == 0 && s.shutdown&rcvShutdown == 0
	passcred := s.passcred
	s.mu.Unlock()
	off := 0
	for _, seg := range segs {
		off += copy(m.Buf[off:], seg)
	}
	free(freed)
	if !peek {
		s.fs.gc.del(s.fs, rights)
	}
	m.Rights = rights
	m.Addr = fromOf(first)
	if passcred {
		m.Creds = recvCreds(first.creds)
	}
	if more {
		return n, vfs.EAGAIN
	}
	return n, nil
}
