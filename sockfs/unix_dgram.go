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

// dgramSend sends one message, to m.Addr or the peer.
func (s *unixSock) dgramSend(p *vfs.Process, m *vfs.Msghdr) (int, error) {
	if m.Flags&vfs.MSG_OOB != 0 {
		return 0, vfs.EOPNOTSUPP
	}
	s.mu.Lock()
	peer, state, shut := s.peer, s.state, s.shutdown
	s.mu.Unlock()
	addr := m.Addr
	if s.typ == vfs.SOCK_SEQPACKET {
		if state != stateEstablished {
			return 0, vfs.ENOTCONN
		}
		addr = nil // unix_seqpacket_sendmsg ignores it
	}
	var name string
	if addr != nil {
		a, ok := addr.(*vfs.SockaddrUnix)
		if !ok || a.Name == "" {
			return 0, vfs.EINVAL
		}
		name = a.Name
	} else if peer == nil {
		return 0, vfs.ENOTCONN
	}
	if shut&sendShutdown != 0 {
		return 0, vfs.EPIPE
	}
	if err := s.autobindIfPasscred(); err != nil {
		return 0, err
	}
	if int64(len(m.Buf)) > s.wmem.size.Load()-32 {
		return 0, vfs.EMSGSIZE
	}
	if s.wmem.full() {
		return 0, vfs.EAGAIN // sock_alloc_send_pskb: we wait on our queue
	}
	other := peer
	if addr != nil {
		var err error
		if other, err = s.fs.find(p, name, s.typ); err != nil {
			return 0, err
		}
	}
	data := newData(m.Buf) // copied before the receiver is locked
	lockPair(s, other)
	rights, err := s.queueMsgLocked(p, m, other, data)
	unlockPair(s, other)
	if err != nil {
		putData(data)
	}
	if err == errPeerDied {
		s.dgramDisconnected(other)
		return 0, vfs.ECONNREFUSED
	}
	if err != nil {
		return 0, err
	}
	s.fs.gc.add(s.fs, rights)
	other.q.Notify(vfs.POLLIN | pollRdnorm)
	return len(m.Buf), nil
}

// errPeerDied says a send found our connected peer dead: we are now
// disconnected from it (ECONNREFUSED to the caller).
var errPeerDied = errors.New("peer died")

// queueMsgLocked puts the message, its bytes already copied into data,
// on other's queue. Both locked.
func (s *unixSock) queueMsgLocked(p *vfs.Process, m *vfs.Msghdr, other *unixSock, data []byte) ([]*vfs.File, error) {
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
	if s.typ == vfs.SOCK_DGRAM && other.peer != nil && other.peer != s {
		return nil, vfs.EPERM
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
		from:     s.senderAddrLocked(),
	}
	b.rights, m.Rights = m.Rights, nil
	s.wmem.charge(ts)
	other.rq.push(b)
	return b.rights, nil
}

// dgramRecv takes (or peeks) one message. With MSG_TRUNC it returns
// the message's real length.
func (s *unixSock) dgramRecv(m *vfs.Msghdr) (int, error) {
	if m.Flags&vfs.MSG_OOB != 0 {
		return 0, vfs.EOPNOTSUPP
	}
	peek := m.Flags&vfs.MSG_PEEK != 0
	s.mu.Lock()
	if s.typ == vfs.SOCK_SEQPACKET && s.state != stateEstablished {
		s.mu.Unlock()
		return 0, vfs.ENOTCONN
	}
	if s.err != 0 { // __skb_try_recv_datagram: the error comes first
		err := s.err
		s.err = 0
		s.mu.Unlock()
		return 0, err
	}
	if s.rq.empty() {
		var err error = vfs.EAGAIN
		if s.shutdown&rcvShutdown != 0 {
			err = nil
		}
		s.mu.Unlock()
		return 0, err
	}
	var b *skb
	if peek {
		b = s.rq.peek()
	} else {
		b = s.rq.pop()
	}
	rights := b.rights
	if peek {
		rights = dupRights(rights) // Linux installs duplicates
	} else {
		b.rights = nil
	}
	passcred := s.passcred
	s.mu.Unlock()
	n, size := copy(m.Buf, b.data), len(b.data)
	if n < size {
		m.RecvFlags |= vfs.MSG_TRUNC
	}
	m.Addr = b.from
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
