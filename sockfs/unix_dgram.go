package sockfs

import (
	"errors"

	"github.com/govfs/govfs/vfs"
)

// Messages: SOCK_DGRAM (unix_dgram_connect, unix_dgram_sendmsg,
// unix_dgram_recvmsg) and the records of SOCK_SEQPACKET, which are
// datagrams on a connection (unix_seqpacket_sendmsg/recvmsg). A message
// goes whole or not at all, and a short receive loses its tail
// (MSG_TRUNC).

// maxDgramQlen is net.unix.max_dgram_qlen: a datagram socket that is
// not our peer's peer takes no more than this many queued (plus one).
const maxDgramQlen = 10

// dgramConnect sets the default peer; a socket connected to someone
// else refuses us (unix_may_send: EPERM).
func (s *unixSock) dgramConnect(other *unixSock) error {
	lockPair(s, other)
	old := s.peer
	var err error
	switch {
	case other.dead:
		err = vfs.ECONNREFUSED
	case other.peer != nil && other.peer != s:
		err = vfs.EPERM
	default:
		s.peer, s.state = other, stateEstablished
	}
	unlockPair(s, other)
	if err == nil && old != nil && old != other {
		s.dgramDisconnected(old)
	}
	return err
}

// dgramDisconnected is unix_dgram_disconnected: s lost its peer old.
// What s had queued is dropped, and old, if it was connected back to s,
// learns it with ECONNRESET.
func (s *unixSock) dgramDisconnected(old *unixSock) {
	s.mu.Lock()
	queued := s.rq.drain()
	for _, b := range queued {
		s.lostFds += len(b.rights)
	}
	s.mu.Unlock()
	if len(queued) == 0 {
		return
	}
	s.fs.dropSkbs(queued)
	s.wakeWaiters()
	old.mu.Lock()
	tell := !old.dead && old.peer == s
	if tell {
		old.err = vfs.ECONNRESET
	}
	old.mu.Unlock()
	if tell {
		old.q.Notify(vfs.POLLERR)
	}
}

// dgramSend sends one message, to m.Addr or the peer. The checks come
// in the order Linux 6.x makes them: a seqpacket socket's error and
// state; the address; EMSGSIZE; then, as sock_alloc_send_pskb, a
// pending error, SHUT_WR (EPIPE) and a full send buffer; only then the
// receiver (ENOTCONN, the lookup).
func (s *unixSock) dgramSend(p *vfs.Process, m *vfs.Msghdr) (int, error) {
	addr := m.Addr
	if s.typ == vfs.SOCK_SEQPACKET {
		if err := s.seqpacketReady(); err != nil {
			return 0, err
		}
		addr = nil // unix_seqpacket_sendmsg ignores it
	}
	if m.Flags&vfs.MSG_OOB != 0 {
		return 0, vfs.EOPNOTSUPP
	}
	var name string
	if addr != nil {
		a, ok := addr.(*vfs.SockaddrUnix)
		if !ok || a.Name == "" {
			return 0, vfs.EINVAL
		}
		name = a.Name
	}
	if err := s.autobindIfPasscred(); err != nil {
		return 0, err
	}
	if int64(len(m.Buf)) > s.wmem.size.Load()-32 {
		return 0, vfs.EMSGSIZE
	}
	s.mu.Lock()
	peer, shut, serr := s.peer, s.shutdown, s.err
	if serr != 0 {
		s.err = 0
	}
	s.mu.Unlock()
	switch {
	case serr != 0:
		return 0, serr
	case shut&sendShutdown != 0:
		return 0, vfs.EPIPE
	case s.wmem.fullMark():
		return 0, vfs.EAGAIN // sock_alloc_send_pskb: we wait on our queue
	}
	// From here on Linux holds an skb, which a failure frees: the
	// sender's waiters hear of it (sndbuf.writeSpace).
	if addr == nil && peer == nil {
		s.wmem.writeSpace()
		return 0, vfs.ENOTCONN
	}
	other := peer
	if addr != nil {
		var err error
		if other, err = s.fs.find(p, name, s.typ); err != nil {
			s.wmem.writeSpace()
			return 0, err
		}
	}
	data := newData(m.Buf) // copied before the receiver is locked
	lockPair(s, other)
	rights, err := s.queueMsgLocked(p, m, other, data)
	unlockPair(s, other)
	if err != nil {
		putData(data)
		if err == errPeerDied {
			s.dgramDisconnected(other)
			err = vfs.ECONNREFUSED
		}
		s.wmem.writeSpace()
		return 0, err
	}
	s.fs.gc.add(s.fs, rights)
	other.q.Notify(vfs.POLLIN | pollRdnorm)
	other.fasync.Kill() // sock_def_readable: POLL_IN
	return len(m.Buf), nil
}

// errPeerDied says a send found our connected peer dead: we are now
// disconnected from it (ECONNREFUSED to the caller).
var errPeerDied = errors.New("peer died")

// queueMsgLocked puts the message, its bytes already copied into data,
// on other's queue. Both locked.
func (s *unixSock) queueMsgLocked(p *vfs.Process, m *vfs.Msghdr, other *unixSock, data []byte) ([]*vfs.File, error) {
	// unix_may_send comes first: a dead socket has no peer, so it is
	// never EPERM.
	if s.typ == vfs.SOCK_DGRAM && other.peer != nil && other.peer != s {
		return nil, vfs.EPERM
	}
	if other.dead {
		switch {
		case s.typ == vfs.SOCK_SEQPACKET:
			return nil, vfs.EPIPE
		case s.peer == other:
			s.peer, s.state = nil, stateClose
			return nil, errPeerDied
		}
		return nil, vfs.ECONNREFUSED
	}
	if other.shutdown&rcvShutdown != 0 {
		return nil, vfs.EPIPE
	}
	if other != s && other.peer != s && other.rq.len() > maxDgramQlen {
		other.addWaiterLocked(&s.q)
		return nil, vfs.EAGAIN
	}
	ts := dgramTruesize(len(m.Buf))
	b := &skb{
		data:     data,
		truesize: ts,
		owner:    &s.wmem,
		creds:    s.sendCreds(p, m, s.passcred || other.passcred || other.file == nil),
		from:     s,
	}
	b.rights, m.Rights = m.Rights, nil
	s.wmem.charge(ts)
	other.rq.push(b)
	return b.rights, nil
}

// SendState lets the core ask a seqpacket socket's state before it
// reads the control messages of a send (vfs.SendStater).
func (s *unixSock) SendState(*vfs.File, *vfs.Msghdr) error {
	if s.typ != vfs.SOCK_SEQPACKET {
		return nil
	}
	return s.seqpacketReady()
}

// seqpacketReady is the start of unix_seqpacket_sendmsg: a pending
// error (taken), then ENOTCONN.
func (s *unixSock) seqpacketReady() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != 0 {
		err := s.err
		s.err = 0
		return err
	}
	if s.state != stateEstablished {
		return vfs.ENOTCONN
	}
	return nil
}

// dgramRecv takes (or peeks) one message. With MSG_TRUNC it returns
// the message's real length. An empty socket shut for reading is end
// of file to a seqpacket socket, and to a datagram socket only for a
// call that would wait (__skb_wait_for_more_packets); a non-blocking one
// is EAGAIN.
func (s *unixSock) dgramRecv(f *vfs.File, m *vfs.Msghdr) (int, error) {
	s.mu.Lock()
	if s.typ == vfs.SOCK_SEQPACKET && s.state != stateEstablished {
		s.mu.Unlock()
		return 0, vfs.ENOTCONN
	}
	if m.Flags&vfs.MSG_OOB != 0 {
		s.mu.Unlock()
		return 0, vfs.EOPNOTSUPP
	}
	peek := m.Flags&vfs.MSG_PEEK != 0
	if s.err != 0 { // __skb_try_recv_datagram: the error comes first
		err := s.err
		s.err = 0
		s.mu.Unlock()
		return 0, err
	}
	if s.rq.empty() {
		var err error = vfs.EAGAIN
		nonblock := f.Nonblock() || m.Flags&vfs.MSG_DONTWAIT != 0
		if s.shutdown&rcvShutdown != 0 && (s.typ == vfs.SOCK_SEQPACKET || !nonblock) {
			err = nil
		}
		s.mu.Unlock()
		return 0, err
	}
	var b *skb
	var n, size int
	rights := s.rq.peek().rights
	if peek {
		// A peeked message stays queued, where another receiver may
		// take and free it: copy it before unlocking.
		b = s.rq.peek()
		n, size = copy(m.Buf, b.data), len(b.data)
		rights = dupRights(rights) // Linux installs duplicates
	} else {
		b = s.rq.pop() // ours now: copied unlocked
		b.rights = nil
	}
	passcred := s.passcred
	s.mu.Unlock()
	if !peek {
		n, size = copy(m.Buf, b.data), len(b.data)
	}
	if n < size {
		m.RecvFlags |= vfs.MSG_TRUNC
	}
	m.Addr = fromOf(b)
	m.Rights = rights
	if passcred {
		m.Creds = recvCreds(b.creds)
	}
	if !peek {
		free([]*skb{b})
		s.fs.gc.del(s.fs, rights)
		s.wakeWaiters()
	}
	if m.Flags&vfs.MSG_TRUNC != 0 {
		return size, nil
	}
	return n, nil
}
