package sockfs

import (
	"net/netip"

	"github.com/govfs/govfs/vfs"
)

// Loopback UDP: a send finds the receiver by port and address in the
// UDP port table and queues a copy of the datagram with the sender's
// address; a full receive queue drops it, as UDP does. A connected
// socket that sends to a port nobody holds gets ECONNREFUSED on its next
// call, the ICMP port-unreachable Linux reports to connected sockets
// only.

// Largest payloads: 65535 less the IPv4 and UDP headers; for IPv6 the
// 40-byte header does not count against the payload length.
const (
	udpMax4 = 65535 - 20 - 8
	udpMax6 = 65535 - 8
)

// udpSock is the UDP part of an inetSock, guarded by its mu.
type udpSock struct {
	connected bool
	remote    netip.AddrPort
	rxq       []udpDatagram
	rxBytes   int
}

type udpDatagram struct {
	data []byte
	from netip.AddrPort // in the receiver's family's form
}

// udpConnect sets the default destination (ip4_datagram_connect); the
// socket gets a port if it had none, first, even for a connect that
// then fails (inet_dgram_connect's inet_autobind).
func (s *inetSock) udpConnect(sa vfs.Sockaddr) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.autobindLocked(); err != nil {
		return err
	}
	ap, err := inetAddrIn(sa, s.v6, true)
	if err != nil {
		return err
	}
	var bound netip.Addr
	if s.bind != nil {
		bound = s.bind.ip
	}
	to, src, err := routeFrom(ap.Addr(), bound, s.v6only)
	if err != nil {
		return err
	}
	if s.local.Addr().IsUnspecified() {
		s.local = netip.AddrPortFrom(src, s.local.Port())
	}
	s.udp.connected = true
	s.udp.remote = netip.AddrPortFrom(to, ap.Port())
	return nil
}

// udpSend is inet_sendmsg and udp_sendmsg: a port first (whatever
// fails next), then the destination, the control messages, the size,
// and only then, as sock_alloc_send_pskb, a pending error and SHUT_WR.
func (s *inetSock) udpSend(m *vfs.Msghdr, admin bool) (int, error) {
	s.mu.Lock()
	err := s.autobindLocked() // inet_send_prepare
	s.mu.Unlock()
	if err != nil {
		return 0, err
	}
	var dst netip.AddrPort
	if m.Addr != nil {
		switch m.Addr.(type) {
		case *vfs.SockaddrInet4, *vfs.SockaddrInet6:
		default:
			if s.v6 {
				return 0, vfs.EINVAL // udpv6_sendmsg: any other family, any length
			}
		}
		ap, err := inetAddrIn(m.Addr, s.v6, true)
		if err != nil {
			return 0, err
		}
		s.mu.Lock()
		var bound netip.Addr
		if s.bind != nil {
			bound = s.bind.ip
		}
		to, _, err := routeFrom(ap.Addr(), bound, s.v6only)
		s.mu.Unlock()
		if err != nil {
			return 0, err
		}
		dst = netip.AddrPortFrom(to, ap.Port())
	}
	limit := udpMax4
	if s.v6 && (m.Addr == nil || dst.Addr().Is6() && !dst.Addr().Is4In6()) {
		limit = udpMax6
	}
	s.mu.Lock()
	if m.Addr == nil {
		if !s.udp.connected {
			s.mu.Unlock()
			return 0, vfs.EDESTADDRREQ
		}
		dst = s.udp.remote
		if !dst.Addr().Is4In6() && s.v6 {
			limit = udpMax6
		}
	}
	if err := s.inetCmsgCheck(m.Control, admin); err != nil {
		s.mu.Unlock()
		return 0, err
	}
	if len(m.Buf) > limit {
		s.mu.Unlock()
		return 0, vfs.EMSGSIZE
	}
	if e := s.soErr; e != 0 && s.udp.connected {
		s.soErr = 0
		s.mu.Unlock()
		return 0, e
	}
	if s.shut&inetSndShut != 0 {
		s.mu.Unlock()
		return 0, vfs.EPIPE
	}
	_, src, _ := route(dst.Addr())
	if ip := s.local.Addr(); !ip.IsUnspecified() {
		src = ip
	}
	from := netip.AddrPortFrom(src, s.local.Port())
	connected := s.udp.connected && m.Addr == nil
	s.mu.Unlock()

	if r := s.ports.lookup(dst.Addr(), dst.Port()); r != nil {
		r.udpDeliver(m.Buf, from)
	} else if connected {
		s.mu.Lock()
		s.soErr = vfs.ECONNREFUSED
		s.mu.Unlock()
		s.notify(vfs.POLLERR)
	}
	return len(m.Buf), nil
}

// udpDeliver queues a copy of data from from, unless the queue is full,
// reading is shut down, or the receiver is connected to someone else:
// then the datagram is dropped, and no one is told.
func (r *inetSock) udpDeliver(data []byte, from netip.AddrPort) {
	from = netip.AddrPortFrom(inFamily(from.Addr(), r.v6), from.Port())
	r.mu.Lock()
	if r.released || r.shut&inetRcvShut != 0 || r.udp.rxBytes+len(data) > r.rcvbuf ||
		r.udp.connected && r.udp.remote != from {
		r.mu.Unlock()
		return
	}
	r.udp.rxq = append(r.udp.rxq, udpDatagram{data: append([]byte(nil), data...), from: from})
	r.udp.rxBytes += len(data)
	r.mu.Unlock()
	r.notify(vfs.POLLIN)
}

// udpRecv is udp_recvmsg: one datagram, MSG_TRUNC in the flags when it
// did not fit (and its full length returned with MSG_TRUNC asked for).
// Shut for reading and empty, a blocking receive returns 0 and a
// non-blocking one EAGAIN, as __skb_wait_for_more_packets decides.
func (s *inetSock) udpRecv(f *vfs.File, m *vfs.Msghdr) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.udp.rxq) == 0 {
		if e := s.soErr; e != 0 {
			s.soErr = 0
			return 0, e
		}
		if s.shut&inetRcvShut != 0 && !f.Nonblock() && m.Flags&vfs.MSG_DONTWAIT == 0 {
			return 0, nil
		}
		return 0, vfs.EAGAIN
	}
	d := s.udp.rxq[0]
	if m.Flags&vfs.MSG_PEEK == 0 {
		s.udp.rxq[0] = udpDatagram{}
		s.udp.rxq = s.udp.rxq[1:]
		s.udp.rxBytes -= len(d.data)
	}
	n := copy(m.Buf, d.data)
	if n < len(d.data) {
		m.RecvFlags |= vfs.MSG_TRUNC
		if m.Flags&vfs.MSG_TRUNC != 0 {
			n = len(d.data)
		}
	}
	m.Addr = inetAddrOut(d.from, s.v6)
	return n, nil
}

// udpShutdown is inet_shutdown on UDP: ENOTCONN unconnected (the bits
// are kept), and a shut socket reads end of file and sends EPIPE.
func (s *inetSock) udpShutdown(bits int) error {
	s.mu.Lock()
	s.shut |= bits
	connected := s.udp.connected
	s.mu.Unlock()
	s.q.Notify(vfs.POLLIN | vfs.POLLOUT | vfs.POLLHUP)
	if !connected {
		return vfs.ENOTCONN
	}
	return nil
}

// udpPoll is udp_poll (datagram_poll).
func (s *inetSock) udpPoll() uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var mask uint32
	if len(s.udp.rxq) > 0 {
		mask |= vfs.POLLIN | pollRdnorm
	}
	if s.soErr != 0 {
		mask |= vfs.POLLERR
	}
	if s.shut&inetRcvShut != 0 {
		mask |= vfs.POLLIN | pollRdnorm | vfs.POLLRDHUP
	}
	if s.shut == inetRcvShut|inetSndShut {
		mask |= vfs.POLLHUP
	}
	// A send never waits: it queues or drops. datagram_poll's writable
	// is EPOLLWRBAND too, where tcp_poll's is not.
	return mask | vfs.POLLOUT | pollWrnorm | pollWrband
}
