package sockfs

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/govfs/govfs/vfs"
)

// An AF_UNIX socket (struct unix_sock) and the life of one.
//
// socket(2) makes a unixSock and its File together; connect(2) to a
// listener makes a third, the embryo, that waits in the listener's
// queue with no File until accept(2) gives it one; socketpair(2) makes
// two connected ones. A socket lives while its File does: the last
// reference going runs Release, which frees its names, tells its peer
// (EOF, ECONNRESET when it left data unread) and drops what its queue
// held, Files in flight among them.
//
// Locking: s.mu guards the fields below it. Two sockets are locked
// together only through lockPair (lower id first); the collector's lock
// and then the name tables' fs.mu come before any socket's. Wait queues
// are notified with no socket locked.

// Socket states (sk_state).
const (
	stateClose       = iota // TCP_CLOSE: unconnected
	stateListen             // TCP_LISTEN
	stateEstablished        // TCP_ESTABLISHED
)

// Shutdown bits (sk_shutdown).
const (
	rcvShutdown  = 1
	sendShutdown = 2
	shutdownMask = rcvShutdown | sendShutdown
)

var sockIDs atomic.Uint64

type unixSock struct {
	fs     *FS
	id     uint64
	typ    int
	q      vfs.WaitQueue
	wmem   sndbuf
	owner  vfs.Ucred // the creator's (acceptor's) SO_PEERCRED ids, for listen(2)
	writer vfs.Ucred // its SCM_CREDENTIALS ids, for write(2)

	iolock sync.Mutex // a stream's readers, one at a time (u->iolock)

	fasync vfs.FasyncList // its Files with O_ASYNC (sock->wq.fasync_list)

	mu       sync.Mutex
	file     *vfs.File // nil for an embryo not yet accepted
	state    int
	peer     *unixSock
	addr     string   // kernel form: a path, "\x00name", or "" unbound
	path     vfs.Path // a path name's node, held while bound
	rq       skbQueue
	lostFds  int         // fds in messages a disconnect dropped (fdinfo.go)
	embryos  []*unixSock // a listener's connections not yet accepted
	backlog  int
	shutdown int
	err      vfs.Errno // sk_err
	dead     bool
	peerCred *vfs.Ucred
	waiters  roomWaiters // peer_wait: who waits for room here

	passcred, reuseaddr, keepalive bool
	opts                           genericOpts
	rcvbuf                         int64
	rcvtimeo, sndtimeo             time.Duration

	inflight int // references to file in queues; the collector's lock
}

var (
	_ vfs.SocketOperations = (*unixSock)(nil)
	_ vfs.SocketTimeouter  = (*unixSock)(nil)
	_ vfs.Releaser         = (*unixSock)(nil)
	_ vfs.Ioctler          = (*unixSock)(nil)
)

func (fs *FS) newUnixSock(typ int, p *vfs.Process) *unixSock {
	s := &unixSock{fs: fs, id: sockIDs.Add(1), typ: typ, rcvbuf: fs.RmemDefault.Load()}
	s.owner, s.writer = vfs.UcredOf(p), scmCreds(p)
	s.wmem.size.Store(fs.WmemDefault.Load())
	s.wmem.q, s.wmem.fasync = &s.q, &s.fasync
	return s
}

// Fasync puts the socket's File on its SIGIO list or takes it off
// (sock_fasync).
func (s *unixSock) Fasync(f *vfs.File, on bool) error {
	s.fasync.Helper(f, on)
	return nil
}

// lockPair locks two sockets in a fixed order; b may be a.
func lockPair(a, b *unixSock) {
	if a == b {
		a.mu.Lock()
		return
	}
	if a.id > b.id {
		a, b = b, a
	}
	a.mu.Lock()
	b.mu.Lock()
}

func unlockPair(a, b *unixSock) {
	a.mu.Unlock()
	if a != b {
		b.mu.Unlock()
	}
}

// stream reports whether the socket is connection-oriented.
func (s *unixSock) stream() bool { return s.typ != vfs.SOCK_DGRAM }

// addWaiterLocked makes q hear when s's queue has room again
// (unix_wait_for_peer, unix_dgram_peer_wake_me). s.mu held.
func (s *unixSock) addWaiterLocked(q *vfs.WaitQueue) { s.waiters.add(q) }

// wakeWaiters tells those waiting for room in s's queue to try again.
func (s *unixSock) wakeWaiters() {
	s.mu.Lock()
	ws := s.waiters.take()
	s.mu.Unlock()
	ws.wake()
}

// credsOf is what a sender's SCM_CREDENTIALS say when it claims none:
// its pid and real ids (scm_send's current_uid, current_gid). write(2)
// comes with no process, and uses the socket creator's (acceptor's).
func (s *unixSock) credsOf(p *vfs.Process) vfs.Ucred {
	if p == nil {
		return s.writer
	}
	return scmCreds(p)
}

// scmCreds are p's pid and real ids.
func scmCreds(p *vfs.Process) vfs.Ucred {
	c := p.Cred()
	return vfs.Ucred{Pid: int32(p.Pid()), Uid: c.Uid, Gid: c.Gid}
}

// Read is recv(2) without flags; Files passed with the bytes are
// dropped, as Linux drops them for a read(2).
func (s *unixSock) Read(f *vfs.File, dst []byte, _ *int64) (int, error) {
	if len(dst) == 0 {
		return 0, nil // sock_read_iter: no message is taken
	}
	m := &vfs.Msghdr{Buf: dst}
	n, err := s.Recvmsg(f, nil, m)
	for _, r := range m.Rights {
		r.DecRef()
	}
	return n, err
}

// Write is send(2) without flags.
func (s *unixSock) Write(f *vfs.File, src []byte, _ *int64) (int, error) {
	return s.Sendmsg(f, nil, &vfs.Msghdr{Buf: src})
}

// Sendmsg sends by type: a stream in pieces, a datagram or a record whole.
func (s *unixSock) Sendmsg(f *vfs.File, p *vfs.Process, m *vfs.Msghdr) (int, error) {
	if s.typ == vfs.SOCK_STREAM {
		return s.streamSend(p, m)
	}
	return s.dgramSend(p, m)
}

// Recvmsg receives by type.
func (s *unixSock) Recvmsg(f *vfs.File, p *vfs.Process, m *vfs.Msghdr) (int, error) {
	if s.typ == vfs.SOCK_STREAM {
		return s.streamRecv(m)
	}
	return s.dgramRecv(f, m)
}

// EventQueue is the socket's one wait queue (sk_wq).
func (s *unixSock) EventQueue(*vfs.File) *vfs.WaitQueue { return &s.q }

// Timeouts are SO_RCVTIMEO and SO_SNDTIMEO.
func (s *unixSock) Timeouts(*vfs.File) (rcv, snd time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rcvtimeo, s.sndtimeo
}

// Getname is unix_getname: our address, or the peer's (ENOTCONN without
// one). An unnamed socket's address is only the family ("").
func (s *unixSock) Getname(_ *vfs.File, peer bool) (vfs.Sockaddr, error) {
	s.mu.Lock()
	t := s
	if peer {
		t = s.peer
	}
	s.mu.Unlock()
	if t == nil {
		return nil, vfs.ENOTCONN
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return &vfs.SockaddrUnix{Name: t.addr}, nil
}

// Ioctl answers FIONREAD (SIOCINQ): the unread bytes of a connection
// (stream or seqpacket), the next datagram's length (unix_inq_len); and
// TIOCOUTQ (SIOCOUTQ): the truesize of what we sent that is not yet
// read (unix_outq_len).
func (s *unixSock) Ioctl(_ *vfs.File, _ *vfs.Process, req uint, arg any) (int, error) {
	if req != vfs.FIONREAD && req != vfs.TIOCOUTQ {
		return -1, vfs.ENOTTY
	}
	v, err := vfs.IoctlArg[int32](arg)
	if err != nil {
		return -1, err
	}
	if req == vfs.TIOCOUTQ { // SIOCOUTQ: unix_outq_len, the truesize in flight
		*v = int32(s.wmem.alloc.Load())
		return 0, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == stateListen {
		return -1, vfs.EINVAL
	}
	switch {
	case s.stream():
		*v = int32(s.rq.bytes())
	case !s.rq.empty():
		*v = int32(len(s.rq.peek().data))
	default:
		*v = 0
	}
	return 0, nil
}

// Release is unix_release_sock: the last reference to the File is gone.
func (s *unixSock) Release(*vfs.File) {
	s.fs.forget(s)
	s.release(false)
	if s.fs.gc.pending() {
		s.fs.gc.run(s.fs)
	}
}

// release kills s; embryo says it is a connection its listener dropped
// before accept, whose client sees ECONNRESET.
func (s *unixSock) release(embryo bool) {
	s.mu.Lock()
	s.dead = true
	s.shutdown = shutdownMask
	s.state = stateClose
	peer := s.peer
	s.peer = nil
	unread := s.rq.unreadAtClose()
	queued := s.rq.drain()
	embryos := s.embryos
	s.embryos = nil
	path := s.path
	s.path = vfs.Path{}
	s.mu.Unlock()
	if peer != nil && s.stream() {
		peer.mu.Lock()
		peer.shutdown = shutdownMask
		if unread || embryo {
			peer.err = vfs.ECONNRESET
		}
		peer.mu.Unlock()
		peer.q.Notify(vfs.POLLIN | vfs.POLLOUT | vfs.POLLHUP | vfs.POLLRDHUP | vfs.POLLERR)
		peer.fasync.Kill() // POLL_HUP
	}
	for _, e := range embryos {
		e.release(true)
	}
	s.fs.dropSkbs(queued)
	if path.Dentry != nil {
		path.Put()
	}
	s.wakeWaiters()
	s.q.Notify(vfs.POLLIN | vfs.POLLOUT | vfs.POLLHUP | vfs.POLLERR)
}

// forget removes s from the name tables (unix_remove_socket).
func (fs *FS) forget(s *unixSock) {
	s.mu.Lock()
	addr, path, file := s.addr, s.path, s.file
	s.mu.Unlock()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if file != nil && fs.byFile[file] == s {
		delete(fs.byFile, file)
	}
	if addr == "" {
		return
	}
	if addr[0] == 0 {
		if k := (abstractKey{s.typ, addr}); fs.abstract[k] == s {
			delete(fs.abstract, k)
		}
	} else if path.Dentry != nil && fs.byInode[path.Dentry.Inode()] == s {
		delete(fs.byInode, path.Dentry.Inode())
	}
}
