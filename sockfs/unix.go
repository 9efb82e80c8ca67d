package sockfs

import "github.com/govfs/govfs/vfs"

// The AF_UNIX family (unix_family_ops, unix_create, unix_socketpair)
// and the calls every unix type shares: shutdown.

type unixFamily struct{ fs *FS }

// unixType checks socket(2)'s protocol and type as unix_create does:
// protocol 0 or PF_UNIX, and SOCK_RAW is quietly a SOCK_DGRAM.
func unixType(typ, proto int) (int, error) {
	if proto != 0 && proto != vfs.AF_UNIX {
		return 0, vfs.EPROTONOSUPPORT
	}
	switch typ {
	case vfs.SOCK_STREAM, vfs.SOCK_DGRAM, vfs.SOCK_SEQPACKET:
		return typ, nil
	case vfs.SOCK_RAW:
		return vfs.SOCK_DGRAM, nil
	}
	return 0, vfs.ESOCKTNOSUPPORT
}

// Socket makes an unconnected, unnamed unix socket.
func (u unixFamily) Socket(p *vfs.Process, typ, proto int, nonblock bool) (*vfs.File, error) {
	typ, err := unixType(typ, proto)
	if err != nil {
		return nil, err
	}
	return u.fs.newUnixFile(p, u.fs.newUnixSock(typ, p), nonblock), nil
}

// newUnixFile gives s its File and records which socket the File is.
func (fs *FS) newUnixFile(p *vfs.Process, s *unixSock, nonblock bool) *vfs.File {
	f := fs.NewFile(p.Cred(), s, nonblock)
	s.mu.Lock()
	s.file = f
	s.mu.Unlock()
	fs.mu.Lock()
	fs.byFile[f] = s
	fs.mu.Unlock()
	return f
}

// Socketpair makes two sockets connected to each other, each with the
// creator's credentials as SO_PEERCRED.
func (u unixFamily) Socketpair(p *vfs.Process, typ, proto int, nonblock bool) (*vfs.File, *vfs.File, error) {
	typ, err := unixType(typ, proto)
	if err != nil {
		return nil, nil, err
	}
	cred := vfs.UcredOf(p)
	a, b := u.fs.newUnixSock(typ, p), u.fs.newUnixSock(typ, p)
	a.peer, b.peer = b, a
	a.state, b.state = stateEstablished, stateEstablished
	a.peerCred, b.peerCred = &cred, &cred
	return u.fs.newUnixFile(p, a, nonblock), u.fs.newUnixFile(p, b, nonblock), nil
}

// Shutdown is unix_shutdown: it shuts our side, and for a connection the
// matching side of the peer (our SHUT_WR is its end of file).
func (s *unixSock) Shutdown(_ *vfs.File, how int) error {
	mode := (how + 1) & shutdownMask
	s.mu.Lock()
	s.shutdown |= mode
	peer := s.peer
	s.mu.Unlock()
	s.q.Notify(vfs.POLLIN | vfs.POLLOUT | vfs.POLLHUP | vfs.POLLRDHUP)
	if peer == nil || !s.stream() {
		return nil
	}
	peerMode := 0
	if mode&rcvShutdown != 0 {
		peerMode |= sendShutdown
	}
	if mode&sendShutdown != 0 {
		peerMode |= rcvShutdown
	}
	peer.mu.Lock()
	peer.shutdown |= peerMode
	peer.mu.Unlock()
	peer.q.Notify(vfs.POLLIN | vfs.POLLOUT | vfs.POLLHUP | vfs.POLLRDHUP)
	if peerMode&rcvShutdown != 0 {
		peer.fasync.Kill() // its end of file: POLL_IN, or POLL_HUP
	}
	return nil
}
