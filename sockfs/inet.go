package sockfs

import (
	"net/netip"
	"sync"
	"time"

	"github.com/govfs/govfs/vfs"
)

// AF_INET and AF_INET6 in-process: loopback TCP (inet_stream.go) and
// UDP (inet_dgram.go) between the processes of one kernel, with ports,
// bind rules and errnos as Linux has them in a network namespace whose
// only interface is lo (inet_addr.go). Nothing leaves the process: there
// is no host network, no packet, no handshake, no TIME_WAIT. A connect
// finds the listener and queues the new connection at once.
//
// Departures from Linux, all of them where a real stack's timing or
// tuning would show: a connect that found the listen queue full is let
// in by the next accept, not by a retransmitted SYN a second later
// (inet_accept.go); a closed connection frees its port at once; a TCP
// receive buffer holds SO_RCVBUF bytes of data (no autotuning, no
// window) and a UDP one SO_RCVBUF bytes of payload (Linux counts each
// skb's truesize: a fresh socket there holds 256 one-byte datagrams,
// here 212992); only SOCK_STREAM/TCP and SOCK_DGRAM/UDP exist (raw
// sockets are EPERM even to root, as without CAP_NET_RAW; UDP-Lite and
// SCTP EPROTONOSUPPORT); SO_LINGER and TCP_NODELAY are kept and change
// nothing; no urgent data, and the error queue is always empty.

// inetStack is one kernel's loopback network: its port tables, and the
// sockfs its socket Files live on.
type inetStack struct {
	fs  *FS
	tcp *portTable
	udp *portTable
}

// inetFamily answers socket(2) for AF_INET or AF_INET6.
type inetFamily struct {
	st *inetStack
	v6 bool
}

func init() { families = append(families, registerInet) }

// registerInet makes socket(2) of AF_INET and AF_INET6 come here; it is
// one of the families sockfs's Register registers.
func registerInet(k *vfs.Kernel, fs *FS) error {
	st := &inetStack{fs: fs, tcp: newPortTable(true), udp: newPortTable(false)}
	if err := k.RegisterSocketFamily(vfs.AF_INET, &inetFamily{st: st}); err != nil {
		return err
	}
	return k.RegisterSocketFamily(vfs.AF_INET6, &inetFamily{st: st, v6: true})
}

// Socket makes a TCP or UDP socket (inet_create): the protocol must be
// 0 or the type's own, and only stream and datagram types exist here.
func (fam *inetFamily) Socket(p *vfs.Process, typ, proto int, nonblock bool) (*vfs.File, error) {
	if err := inetProtocol(typ, proto, fam.v6); err != nil {
		return nil, err
	}
	s := newInetSock(fam.st, fam.v6, typ)
	if proto == ipprotoMPTCP {
		s.proto = proto
	}
	return s.file(p.Cred(), nonblock), nil
}

// Socketpair is EOPNOTSUPP for valid arguments, as inet has no pairs;
// the arguments are checked first, as socketpair(2) makes both sockets
// before asking.
func (fam *inetFamily) Socketpair(p *vfs.Process, typ, proto int, nonblock bool) (*vfs.File, *vfs.File, error) {
	if err := inetProtocol(typ, proto, fam.v6); err != nil {
		return nil, nil, err
	}
	return nil, nil, vfs.EOPNOTSUPP
}

// Protocol numbers beyond the constants vfs has: ICMP and ICMPv6 (ping
// sockets), MPTCP, which a loopback stream serves as TCP, and the end
// of the range.
const (
	ipprotoICMP   = 1
	ipprotoICMPV6 = 58
	ipprotoMPTCP  = 262
	ipprotoMax    = 263
)

// inetProtocol checks socket(2)'s arguments as inet_create does: a
// protocol out of range is EINVAL before the type is looked at. Raw
// sockets need a protocol (EPROTONOSUPPORT) and CAP_NET_RAW, which no
// govfs process has (EPERM: a sandbox without it, as root too); ping
// sockets are EACCES, as Linux's default ping_group_range makes them.
func inetProtocol(typ, proto int, v6 bool) error {
	switch {
	case proto < 0 || proto >= ipprotoMax:
		return vfs.EINVAL
	case typ == vfs.SOCK_RAW && proto == 0:
		return vfs.EPROTONOSUPPORT
	case typ == vfs.SOCK_RAW:
		return vfs.EPERM
	case typ == vfs.SOCK_DGRAM && (!v6 && proto == ipprotoICMP || v6 && proto == ipprotoICMPV6):
		return vfs.EACCES
	case typ == vfs.SOCK_STREAM && (proto == 0 || proto == vfs.IPPROTO_TCP || proto == ipprotoMPTCP):
	case typ == vfs.SOCK_DGRAM && (proto == 0 || proto == vfs.IPPROTO_UDP):
	case typ == vfs.SOCK_STREAM || typ == vfs.SOCK_DGRAM:
		return vfs.EPROTONOSUPPORT
	default:
		return vfs.ESOCKTNOSUPPORT
	}
	return nil
}

// Buffer sizes as a fresh Linux socket reports them: tcp_wmem[1] and
// tcp_rmem[1] for TCP, net.core.[rw]mem_default (defaultBuf) for UDP.
const (
	tcpSndbuf = 16384
	tcpRcvbuf = 131072
)

// inetSock is one TCP or UDP socket.
type inetSock struct {
	st    *inetStack
	v6    bool
	typ   int
	proto int // SO_PROTOCOL when not the type's own (MPTCP)
	q     vfs.WaitQueue
	// fasync is its Files with O_ASYNC; a wake-up that has news to read
	// (data, a FIN, a connection to accept, an error) signals them.
	fasync vfs.FasyncList

	mu    sync.Mutex
	local netip.AddrPort // the port is 0 until bound
	bind  *portBinding   // our hold on local's port; nil when unbound
	// lockedIP is the address a bind(2) named (SOCK_BINDADDR_LOCK): it
	// stays when a port the kernel picked goes back, and the next
	// autobind takes a new port on it.
	lockedIP netip.Addr
	ports    *portTable
	reuse    bool
	v6only   bool
	keep     bool    // SO_KEEPALIVE
	linger   [8]byte // SO_LINGER's struct linger, kept, never acted on
	nodelay  bool
	tos      uint8 // IP_TOS
	ttl      int   // IP_TTL (uc_ttl), 0 for the default
	pktinfo  bool  // IP_PKTINFO
	opts     genericOpts
	sndbuf   int
	rcvbuf   int
	rcvtimeo time.Duration
	sndtimeo time.Duration
	soErr    vfs.Errno // pending error (sk_err), SO_ERROR reads and clears it
	shut     int       // inetRcvShut | inetSndShut
	released bool

	tcp tcpSock
	udp udpSock
}

// net.ipv4.ip_unprivileged_port_start: lower ports need root.
const unprivilegedPortStart = 1024

// sk_shutdown bits.
const (
	inetRcvShut = 1
	inetSndShut = 2
)

// Fasync puts the socket's File on its SIGIO list or takes it off
// (sock_fasync).
func (s *inetSock) Fasync(f *vfs.File, on bool) error {
	s.fasync.Helper(f, on)
	return nil
}

// notify wakes the socket's waiters, and signals its Files with O_ASYNC
// when the wake-up brings something to read or an error (sk_data_ready,
// sk_state_change with its sk_wake_async, sk_error_report).
func (s *inetSock) notify(mask uint32) {
	s.q.Notify(mask)
	if mask&(vfs.POLLIN|vfs.POLLERR|vfs.POLLHUP) != 0 {
		s.fasync.Kill()
	}
}

func newInetSock(st *inetStack, v6 bool, typ int) *inetSock {
	s := &inetSock{st: st, v6: v6, typ: typ}
	s.local = netip.AddrPortFrom(unspecified(v6), 0)
	if typ == vfs.SOCK_STREAM {
		s.ports, s.sndbuf, s.rcvbuf = st.tcp, tcpSndbuf, tcpRcvbuf
	} else {
		s.ports, s.sndbuf, s.rcvbuf = st.udp, int(st.fs.WmemDefault.Load()), int(st.fs.RmemDefault.Load())
	}
	return s
}

// file makes the socket's File in sockfs.
func (s *inetSock) file(c *vfs.Cred, nonblock bool) *vfs.File {
	return s.st.fs.NewFile(c, s, nonblock)
}

var (
	_ vfs.SocketOperations = (*inetSock)(nil)
	_ vfs.SocketTimeouter  = (*inetSock)(nil)
	_ vfs.Releaser         = (*inetSock)(nil)
	_ vfs.RawControl       = (*inetSock)(nil)
	_ vfs.Mmaper           = (*inetSock)(nil)
	_ vfs.Ioctler          = (*inetSock)(nil)
)

// Read is recv(2) without flags; a 0-byte read is 0 before the
// protocol sees it (sock_read_iter).
func (s *inetSock) Read(f *vfs.File, dst []byte, _ *int64) (int, error) {
	if len(dst) == 0 {
		return 0, nil
	}
	return s.Recvmsg(f, nil, &vfs.Msghdr{Buf: dst})
}

// Write is send(2) without flags.
func (s *inetSock) Write(f *vfs.File, src []byte, _ *int64) (int, error) {
	return s.Sendmsg(f, nil, &vfs.Msghdr{Buf: src})
}

func (s *inetSock) EventQueue(*vfs.File) *vfs.WaitQueue { return &s.q }

func (s *inetSock) Readiness(f *vfs.File, mask uint32) uint32 {
	if s.typ == vfs.SOCK_STREAM {
		return s.tcpPoll() & mask
	}
	return s.udpPoll() & mask
}

// Release is the last close: a TCP socket closes its connection (or
// resets those waiting in its queue), and the port is given back.
func (s *inetSock) Release(*vfs.File) {
	if s.typ == vfs.SOCK_STREAM {
		s.tcpClose()
	}
	s.mu.Lock()
	s.released = true
	s.unbindLocked()
	s.mu.Unlock()
}

func (s *inetSock) unbindLocked() {
	if s.bind != nil {
		s.ports.unbind(s.bind, s.local.Port())
		s.bind = nil
	}
}

func (s *inetSock) Timeouts(*vfs.File) (rcv, snd time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rcvtimeo, s.sndtimeo
}

// Bind takes an address lo has and a port (inet_bind): EINVAL if already
// bound, EADDRNOTAVAIL for an address off lo, EADDRINUSE for a port
// held in a conflicting way. Port 0 picks an ephemeral port.
func (s *inetSock) Bind(f *vfs.File, p *vfs.Process, sa vfs.Sockaddr) error {
	ap, err := inetAddrIn(sa, s.v6, false)
	if err != nil {
		return err
	}
	if !isLocal(ap.Addr()) {
		return vfs.EADDRNOTAVAIL
	}
	if ap.Port() != 0 && ap.Port() < unprivilegedPortStart && p.Cred().Euid != 0 {
		return vfs.EACCES // CAP_NET_BIND_SERVICE
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bind != nil || s.typ == vfs.SOCK_STREAM && s.tcp.state != tcpClosed {
		return vfs.EINVAL
	}
	if s.v6only && ap.Addr().Is4In6() {
		return vfs.EINVAL // a v6-only socket has no IPv4 to bind
	}
	err = s.bindLocked(ap.Addr(), ap.Port(), true)
	if err == nil {
		s.bind.portLock = ap.Port() != 0
		s.lockedIP = netip.Addr{} // this bind's address is the one kept
	}
	if err == vfs.EADDRNOTAVAIL {
		err = vfs.EADDRINUSE // no ephemeral port left: inet_csk_get_port's answer
	}
	return err
}

// bindLocked takes ip:port (port 0: ephemeral). Caller holds s.mu.
func (s *inetSock) bindLocked(ip netip.Addr, port uint16, explicit bool) error {
	b := &portBinding{s: s, ip: ip, sp: addrSpaceOf(ip, s.v6only), reuse: s.reuse, explicit: explicit}
	port, err := s.ports.bind(b, port)
	if err != nil {
		return err
	}
	s.bind = b
	s.local = netip.AddrPortFrom(ip, port)
	return nil
}

// autobindLocked gives an unbound socket an ephemeral port on the
// wildcard address, as connect(2) and a first sendto(2) do.
func (s *inetSock) autobindLocked() error {
	if s.bind != nil {
		return nil
	}
	if s.lockedIP.IsValid() {
		return s.bindLocked(s.lockedIP, 0, true)
	}
	return s.bindLocked(unspecified(s.v6), 0, false)
}

func (s *inetSock) Connect(f *vfs.File, p *vfs.Process, sa vfs.Sockaddr) error {
	if s.typ == vfs.SOCK_STREAM {
		return s.tcpConnect(f, sa)
	}
	return s.udpConnect(sa)
}

func (s *inetSock) Listen(f *vfs.File, backlog int) error {
	if s.typ != vfs.SOCK_STREAM {
		return vfs.EOPNOTSUPP
	}
	return s.tcpListen(backlog)
}

func (s *inetSock) Accept(f *vfs.File, p *vfs.Process, nonblock bool) (*vfs.File, error) {
	if s.typ != vfs.SOCK_STREAM {
		return nil, vfs.EOPNOTSUPP
	}
	return s.tcpAccept(p, nonblock)
}

// Getname is getsockname (the bound or wildcard address, port 0 until
// bound) or getpeername (ENOTCONN without a peer).
func (s *inetSock) Getname(f *vfs.File, peer bool) (vfs.Sockaddr, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !peer {
		return inetAddrOut(s.local, s.v6), nil
	}
	var remote netip.AddrPort
	ok := false
	if s.typ == vfs.SOCK_STREAM {
		remote, ok = s.tcp.remote, s.tcp.state == tcpConnected
	} else {
		remote, ok = s.udp.remote, s.udp.connected
	}
	if !ok {
		return nil, vfs.ENOTCONN
	}
	return inetAddrOut(remote, s.v6), nil
}

func (s *inetSock) Shutdown(f *vfs.File, how int) error {
	bits := how + 1 // SHUT_RD → inetRcvShut, SHUT_WR → inetSndShut, SHUT_RDWR → both
	if s.typ == vfs.SOCK_STREAM {
		return s.tcpShutdown(bits)
	}
	return s.udpShutdown(bits)
}

// Mmap is tcp_mmap, the window TCP_ZEROCOPY_RECEIVE fills, which
// nothing fills here: a mapping asked writable is EPERM, any other reads
// zeros. UDP has no mmap (sock_no_mmap: ENODEV).
func (s *inetSock) Mmap(_ *vfs.File, _ int64, length int, _ bool, prot int) ([]byte, error) {
	switch {
	case s.typ != vfs.SOCK_STREAM:
		return nil, vfs.ENODEV
	case prot&vfs.PROT_WRITE != 0:
		return nil, vfs.EPERM
	}
	return make([]byte, length), nil
}

// Ioctl answers FIONREAD (SIOCINQ) as tcp_ioctl and udp_ioctl do: the
// bytes a TCP socket has to read (a listener: EINVAL), the length of a
// UDP socket's next datagram (0 with none).
func (s *inetSock) Ioctl(_ *vfs.File, _ *vfs.Process, req uint, arg any) (int, error) {
	if req != vfs.FIONREAD {
		return -1, vfs.ENOTTY
	}
	v, err := vfs.IoctlArg[int32](arg)
	if err != nil {
		return -1, err
	}
	if s.typ != vfs.SOCK_STREAM {
		s.mu.Lock()
		*v = 0
		if len(s.udp.rxq) > 0 {
			*v = int32(len(s.udp.rxq[0].data))
		}
		s.mu.Unlock()
		return 0, nil
	}
	c, i, state := s.conn()
	switch {
	case state == tcpListening:
		return -1, vfs.EINVAL
	case c == nil:
		*v = 0
	default:
		c.mu.Lock()
		*v = int32(c.rx[i].len())
		c.mu.Unlock()
	}
	return 0, nil
}

// RawControl says we read our sends' control messages (vfs.RawControl).
func (s *inetSock) RawControl() {}

func (s *inetSock) Sendmsg(f *vfs.File, p *vfs.Process, m *vfs.Msghdr) (int, error) {
	// The core leaves the control messages raw (m.Control) for us to
	// check where the protocol does (inet_cmsg.go).
	admin := p == nil || p.Cred().Euid == 0 // CAP_NET_ADMIN, for SO_MARK
	if s.typ == vfs.SOCK_STREAM {
		return s.tcpSend(m, admin)
	}
	return s.udpSend(m, admin)
}

func (s *inetSock) Recvmsg(f *vfs.File, p *vfs.Process, m *vfs.Msghdr) (int, error) {
	if m.Flags&vfs.MSG_ERRQUEUE != 0 {
		// The error queue, whatever the state: nothing ever lands in it
		// here (no ICMP, no timestamps), so EAGAIN, never waited for.
		m.RecvFlags |= vfs.MSG_ERRQUEUE
		return 0, vfs.EAGAIN
	}
	if s.typ == vfs.SOCK_STREAM {
		return s.tcpRecv(m)
	}
	return s.udpRecv(f, m)
}
