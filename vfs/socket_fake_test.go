package vfs_test

import (
	"encoding/binary"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// A test socket family, "lo", on a domain no backend registers: just
// enough of a socket to drive the core's half of the socket calls (the
// blocking loop, control messages, sockaddr conversion) without sockfs.
// Sockets come in pairs; a message socket keeps boundaries, a stream
// socket holds at most loCap bytes in flight.

const (
	loDomain = 40 // AF_VSOCK: nobody registers it here
	loCap    = 8
)

type loFamily struct {
	mnt       *vfs.Mount
	sb        *vfs.SuperBlock
	mu        sync.Mutex
	backlog   int          // what the last Listen got
	bound     vfs.Sockaddr // what the last Bind got, kernel form
	connected vfs.Sockaddr // what the last Connect got
}

type loFS struct{}

func (loFS) Name() string { return "lofs" }
func (loFS) Mount(*vfs.Kernel, string, uintptr, string) (*vfs.SuperBlock, error) {
	return nil, vfs.EINVAL
}

type loInode struct{ vfs.Inode }

func registerLo(t *testing.T, k *vfs.Kernel) *loFamily {
	t.Helper()
	fam := &loFamily{}
	fam.sb = vfs.NewSuperBlock(k, loFS{}, 0x10f5, nil)
	root := &loInode{}
	root.Init(fam.sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	fam.sb.SetRoot(&root.Inode)
	fam.mnt = k.KernMount(fam.sb)
	require.NoError(t, k.RegisterSocketFamily(loDomain, fam))
	return fam
}

func (fam *loFamily) Socket(p *vfs.Process, typ, proto int, nonblock bool) (*vfs.File, error) {
	return nil, vfs.EOPNOTSUPP
}

func (fam *loFamily) Socketpair(p *vfs.Process, typ, proto int, nonblock bool) (*vfs.File, *vfs.File, error) {
	a, b := &loSock{fam: fam, typ: typ}, &loSock{fam: fam, typ: typ}
	a.peer, b.peer = b, a
	return fam.file(p, a, nonblock), fam.file(p, b, nonblock), nil
}

func (fam *loFamily) file(p *vfs.Process, s *loSock, nonblock bool) *vfs.File {
	in := &loInode{}
	in.Init(fam.sb, in, vfs.Attr{Mode: vfs.S_IFSOCK | 0o777})
	flags := vfs.O_RDWR
	if nonblock {
		flags |= vfs.O_NONBLOCK
	}
	f := vfs.NewPseudoFile(fam.mnt, &in.Inode, "socket:[lo]", flags, s)
	f.SetCred(p.Cred())
	return f
}

type loMsg struct {
	data   []byte
	rights []*vfs.File
	creds  *vfs.Ucred
}

// loSock is one end. Its lock guards its own receive queue.
type loSock struct {
	fam      *loFamily
	typ      int
	q        vfs.WaitQueue
	mu       sync.Mutex
	peer     *loSock
	in       []loMsg
	closed   bool // this end was released
	passcred bool
	rcvtimeo time.Duration
}

func (s *loSock) queued() (n int) {
	for _, m := range s.in {
		n += len(m.data)
	}
	return n
}

func (s *loSock) Read(f *vfs.File, dst []byte, _ *int64) (int, error) {
	return s.Recvmsg(f, nil, &vfs.Msghdr{Buf: dst})
}

func (s *loSock) Write(f *vfs.File, src []byte, _ *int64) (int, error) {
	return s.Sendmsg(f, nil, &vfs.Msghdr{Buf: src})
}

func (s *loSock) EventQueue(*vfs.File) *vfs.WaitQueue { return &s.q }

func (s *loSock) Readiness(_ *vfs.File, mask uint32) uint32 {
	var ev uint32
	s.mu.Lock()
	if len(s.in) > 0 || s.peer.isClosed() {
		ev |= vfs.POLLIN
	}
	s.mu.Unlock()
	s.peer.mu.Lock()
	if s.peer.queued() < loCap {
		ev |= vfs.POLLOUT
	}
	s.peer.mu.Unlock()
	return ev & mask
}

func (s *loSock) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *loSock) Release(*vfs.File) {
	s.mu.Lock()
	s.closed = true
	for _, m := range s.in {
		for _, f := range m.rights {
			f.DecRef()
		}
	}
	s.in = nil
	s.mu.Unlock()
	s.peer.q.Notify(vfs.POLLIN | vfs.POLLHUP)
}

func (s *loSock) Sendmsg(f *vfs.File, p *vfs.Process, m *vfs.Msghdr) (int, error) {
	d := s.peer
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return 0, vfs.EPIPE
	}
	n := len(m.Buf)
	if s.typ == vfs.SOCK_STREAM {
		n = min(n, loCap-d.queued())
		if n == 0 && len(m.Buf) > 0 {
			return 0, vfs.EAGAIN
		}
	}
	msg := loMsg{data: append([]byte(nil), m.Buf[:n]...), rights: m.Rights, creds: m.Creds}
	if msg.creds == nil && p != nil {
		c := vfs.UcredOf(p)
		msg.creds = &c
	}
	m.Rights = nil
	d.in = append(d.in, msg)
	d.q.Notify(vfs.POLLIN)
	if n < len(m.Buf) {
		return n, vfs.EAGAIN
	}
	return n, nil
}

func (s *loSock) Recvmsg(f *vfs.File, p *vfs.Process, m *vfs.Msghdr) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.in) == 0 {
		if s.peer.isClosed() {
			return 0, nil
		}
		return 0, vfs.EAGAIN
	}
	msg := &s.in[0]
	n := copy(m.Buf, msg.data)
	m.Rights, msg.rights = msg.rights, nil
	if s.passcred {
		m.Creds = msg.creds
	}
	if s.typ == vfs.SOCK_STREAM && n < len(msg.data) {
		msg.data = msg.data[n:]
	} else {
		if n < len(msg.data) {
			m.RecvFlags |= vfs.MSG_TRUNC
		}
		s.in = s.in[1:]
	}
	s.peer.q.Notify(vfs.POLLOUT)
	return n, nil
}

func (s *loSock) Bind(f *vfs.File, p *vfs.Process, sa vfs.Sockaddr) error {
	s.fam.mu.Lock()
	s.fam.bound = sa
	s.fam.mu.Unlock()
	return nil
}

func (s *loSock) Connect(f *vfs.File, p *vfs.Process, sa vfs.Sockaddr) error {
	s.fam.mu.Lock()
	s.fam.connected = sa
	s.fam.mu.Unlock()
	return vfs.EISCONN
}

func (s *loSock) Listen(f *vfs.File, backlog int) error {
	s.fam.mu.Lock()
	s.fam.backlog = backlog
	s.fam.mu.Unlock()
	return nil
}

func (s *loSock) Accept(*vfs.File, *vfs.Process, bool) (*vfs.File, error) {
	return nil, vfs.EAGAIN // nobody ever connects: accept blocks
}

func (s *loSock) Getname(f *vfs.File, peer bool) (vfs.Sockaddr, error) {
	if peer {
		return &vfs.SockaddrUnix{Name: "\x00peer\x00junk"}, nil
	}
	return &vfs.SockaddrUnix{}, nil
}

func (s *loSock) Shutdown(*vfs.File, int) error { return nil }

func (s *loSock) Getsockopt(f *vfs.File, p *vfs.Process, level, opt int, val []byte) (int, error) {
	if level == vfs.SOL_SOCKET && opt == vfs.SO_TYPE && len(val) >= 4 {
		val[0], val[1], val[2], val[3] = byte(s.typ), 0, 0, 0
		return 4, nil
	}
	return 0, vfs.ENOPROTOOPT
}

func (s *loSock) Setsockopt(f *vfs.File, p *vfs.Process, level, opt int, val []byte) error {
	switch {
	case level == vfs.SOL_SOCKET && opt == vfs.SO_PASSCRED:
		s.mu.Lock()
		s.passcred = val[0] != 0
		s.mu.Unlock()
		return nil
	case level == vfs.SOL_SOCKET && opt == vfs.SO_RCVTIMEO && len(val) == 16:
		s.mu.Lock()
		sec, usec := binary.NativeEndian.Uint64(val), binary.NativeEndian.Uint64(val[8:])
		s.rcvtimeo = time.Duration(sec)*time.Second + time.Duration(usec)*time.Microsecond
		s.mu.Unlock()
		return nil
	}
	return vfs.ENOPROTOOPT
}

func (s *loSock) Timeouts(*vfs.File) (rcv, snd time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rcvtimeo, 0
}
