package sockfs

import (
	"context"
	"net"
	"net/netip"
	"os"
	"strconv"
	"time"

	"github.com/govfs/govfs/vfs"
)

// Go's net on top of govfs sockets: Listen, Dial and Dialer speak the
// net package's networks and addresses and give net.Listener and
// net.Conn, so net/http and anything else written against net can serve
// and fetch over a socket of a govfs process. They use only the
// process's syscalls, as a program would.
//
// Networks: "unix" (SOCK_STREAM), "unixpacket" (SOCK_SEQPACKET), "tcp",
// "tcp4", "tcp6" (SOCK_STREAM) and "udp", "udp4", "udp6" (SOCK_DGRAM,
// Dial only: a connected socket). A unix address is a path or "@name"
// for an abstract one. An inet address is host:port with host an IP
// literal, "localhost" or empty; there is no resolver and no host
// network, so only loopback and the wildcard addresses can be reached.
// An empty host listens on 0.0.0.0 ("tcp", "tcp4") or :: ("tcp6").

// Listen listens on address (net.Listen) for a stream network.
func Listen(p *vfs.Process, network, address string) (net.Listener, error) {
	nw, err := parseNetwork(network)
	if err == nil && nw.typ == vfs.SOCK_DGRAM {
		err = net.UnknownNetworkError(network)
	}
	var sa vfs.Sockaddr
	if err == nil {
		sa, err = nw.sockaddr(address, true)
	}
	if err != nil {
		return nil, &net.OpError{Op: "listen", Net: network, Err: err}
	}
	fd, err := nw.socket(p, sa)
	if err != nil {
		return nil, &net.OpError{Op: "listen", Net: network, Addr: nw.addr(sa), Err: os.NewSyscallError("socket", err)}
	}
	call := "bind"
	if nw.family != vfs.AF_UNIX {
		// As Go's listeners do, so a restarted server binds at once.
		p.SetsockoptInt(fd, vfs.SOL_SOCKET, vfs.SO_REUSEADDR, 1)
	}
	err = p.Bind(fd, sa)
	if err == nil {
		call = "listen"
		err = p.Listen(fd, vfs.SOMAXCONN)
	}
	if err != nil {
		p.Close(fd)
		return nil, &net.OpError{Op: "listen", Net: network, Addr: nw.addr(sa), Err: os.NewSyscallError(call, err)}
	}
	nfd, err := newNetFD(p, fd, network, nw.typ)
	if err != nil {
		p.Close(fd)
		return nil, &net.OpError{Op: "listen", Net: network, Addr: nw.addr(sa), Err: err}
	}
	nfd.laddr = nw.addr(netGetname(p, fd, false))
	if u, ok := sa.(*vfs.SockaddrUnix); ok && u.Name != "" && u.Name[0] != '@' {
		nfd.unlink = u.Name
	}
	return &netListener{fd: nfd}, nil
}

// Dial connects to address on network (net.Dial).
func Dial(p *vfs.Process, network, address string) (net.Conn, error) {
	d := Dialer{Process: p}
	return d.DialContext(context.Background(), network, address)
}

// Dialer dials from one process, as net.Dialer does from the host:
// DialContext fits http.Transport's DialContext.
type Dialer struct {
	// Process owns the sockets.
	Process *vfs.Process
	// Timeout bounds a dial; zero is no bound but the context's.
	Timeout time.Duration
	// LocalAddr, if set, is bound before the connect (a *net.UnixAddr,
	// *net.TCPAddr or *net.UDPAddr matching the network).
	LocalAddr net.Addr
}

// Dial connects to address on network.
func (d *Dialer) Dial(network, address string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

// DialContext connects to address on network, giving up when ctx is done.
func (d *Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	if d.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d.Timeout)
		defer cancel()
	}
	p := d.Process
	nw, err := parseNetwork(network)
	var sa, la vfs.Sockaddr
	if err == nil {
		sa, err = nw.sockaddr(address, false)
	}
	if err == nil && d.LocalAddr != nil {
		la, err = nw.sockaddr(d.LocalAddr.String(), true)
	}
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	fail := func(call string, err error) (net.Conn, error) {
		if e, ok := err.(vfs.Errno); ok {
			err = os.NewSyscallError(call, e)
		}
		return nil, &net.OpError{Op: "dial", Net: network, Source: d.LocalAddr, Addr: nw.addr(sa), Err: err}
	}
	fd, err := nw.socket(p, sa)
	if err != nil {
		return fail("socket", err)
	}
	if la != nil {
		if err := p.Bind(fd, la); err != nil {
			p.Close(fd)
			return fail("bind", err)
		}
	}
	nfd, err := newNetFD(p, fd, network, nw.typ)
	if err != nil {
		p.Close(fd)
		return fail("socket", err)
	}
	if err := nfd.connect(ctx, sa); err != nil {
		nfd.Close()
		return fail("connect", err)
	}
	nfd.laddr = nw.addr(netGetname(p, fd, false))
	nfd.raddr = nw.addr(netGetname(p, fd, true))
	return &netConn{fd: nfd}, nil
}

// connect is a non-blocking connect(2) and its wait: EINPROGRESS, then
// POLLOUT, then SO_ERROR says how it went.
func (fd *netFD) connect(ctx context.Context, sa vfs.Sockaddr) error {
	switch err := fd.p.Connect(fd.fd, sa); err {
	case nil, vfs.EISCONN:
		return nil
	case vfs.EINPROGRESS, vfs.EALREADY, vfs.EINTR:
	default:
		return err
	}
	for {
		if err := fd.wait(&fd.wd, vfs.POLLOUT, ctx); err != nil {
			return err
		}
		soerr, err := fd.p.GetsockoptInt(fd.fd, vfs.SOL_SOCKET, vfs.SO_ERROR)
		switch {
		case err != nil:
			return err
		case soerr != 0:
			return vfs.Errno(soerr)
		}
		if _, err := fd.p.Getpeername(fd.fd); err == nil {
			return nil
		}
	}
}

// newNetConn wraps an accepted fd.
func newNetConn(p *vfs.Process, fd int, network string) (net.Conn, error) {
	nw, _ := parseNetwork(network)
	nfd, err := newNetFD(p, fd, network, nw.typ)
	if err != nil {
		p.Close(fd)
		return nil, err
	}
	nfd.laddr = nw.addr(netGetname(p, fd, false))
	nfd.raddr = nw.addr(netGetname(p, fd, true))
	return &netConn{fd: nfd}, nil
}

// netGetname is getsockname or getpeername; nil on error.
func netGetname(p *vfs.Process, fd int, peer bool) vfs.Sockaddr {
	var sa vfs.Sockaddr
	var err error
	if peer {
		sa, err = p.Getpeername(fd)
	} else {
		sa, err = p.Getsockname(fd)
	}
	if err != nil {
		return nil
	}
	return sa
}

// netNetwork is a parsed net network name.
type netNetwork struct {
	name   string
	family int // AF_UNIX, AF_INET, AF_INET6; 0: by the address
	typ    int
	inet   bool
}

func parseNetwork(name string) (netNetwork, error) {
	switch name {
	case "unix":
		return netNetwork{name, vfs.AF_UNIX, vfs.SOCK_STREAM, false}, nil
	case "unixpacket":
		return netNetwork{name, vfs.AF_UNIX, vfs.SOCK_SEQPACKET, false}, nil
	case "tcp", "tcp4", "tcp6":
		return netNetwork{name, netFamily(name), vfs.SOCK_STREAM, true}, nil
	case "udp", "udp4", "udp6":
		return netNetwork{name, netFamily(name), vfs.SOCK_DGRAM, true}, nil
	}
	return netNetwork{}, net.UnknownNetworkError(name)
}

func netFamily(name string) int {
	switch name[len(name)-1] {
	case '4':
		return vfs.AF_INET
	case '6':
		return vfs.AF_INET6
	}
	return 0
}

// socket makes a non-blocking, close-on-exec socket for sa's family.
func (nw netNetwork) socket(p *vfs.Process, sa vfs.Sockaddr) (int, error) {
	family := vfs.AF_UNIX
	switch sa.(type) {
	case *vfs.SockaddrInet4:
		family = vfs.AF_INET
	case *vfs.SockaddrInet6:
		family = vfs.AF_INET6
	}
	return p.Socket(family, nw.typ|vfs.SOCK_NONBLOCK|vfs.SOCK_CLOEXEC, 0)
}

// sockaddr parses address for the network. For a listener (or a local
// address) an empty host is the wildcard.
func (nw netNetwork) sockaddr(address string, local bool) (vfs.Sockaddr, error) {
	if !nw.inet {
		if address == "" && !local {
			return nil, &net.AddrError{Err: "missing address", Addr: address}
		}
		return &vfs.SockaddrUnix{Name: address}, nil
	}
	host, service, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	port, err := strconv.ParseUint(service, 10, 16)
	if err != nil {
		return nil, &net.AddrError{Err: "invalid port", Addr: address}
	}
	var ip netip.Addr
	switch host {
	case "":
		if nw.family == vfs.AF_INET6 {
			ip = netip.IPv6Unspecified()
		} else if local {
			ip = netip.IPv4Unspecified()
		} else {
			ip = netip.AddrFrom4([4]byte{127, 0, 0, 1}) // as Go dials ":80": the local system
		}
	case "localhost":
		ip = netip.AddrFrom4([4]byte{127, 0, 0, 1})
		if nw.family == vfs.AF_INET6 {
			ip = netip.IPv6Loopback()
		}
	default:
		ip, err = netip.ParseAddr(host)
		if err != nil {
			return nil, &net.DNSError{Err: "no such host (govfs has no resolver)", Name: host, IsNotFound: true}
		}
	}
	ip = ip.WithZone("")
	switch {
	case ip.Is4() && nw.family != vfs.AF_INET6:
		return &vfs.SockaddrInet4{Port: int(port), Addr: ip.As4()}, nil
	case ip.Is4In6() && nw.family == vfs.AF_INET:
		return &vfs.SockaddrInet4{Port: int(port), Addr: ip.Unmap().As4()}, nil
	case ip.Is6() && nw.family != vfs.AF_INET:
		return &vfs.SockaddrInet6{Port: int(port), Addr: ip.As16()}, nil
	}
	return nil, &net.AddrError{Err: "no suitable address", Addr: host}
}

// addr turns a socket address into the net package's for this network.
func (nw netNetwork) addr(sa vfs.Sockaddr) net.Addr {
	var ap netip.AddrPort
	switch a := sa.(type) {
	case *vfs.SockaddrUnix:
		return &net.UnixAddr{Name: a.Name, Net: nw.name}
	case *vfs.SockaddrInet4:
		ap = netip.AddrPortFrom(netip.AddrFrom4(a.Addr), uint16(a.Port))
	case *vfs.SockaddrInet6:
		ap = netip.AddrPortFrom(netip.AddrFrom16(a.Addr), uint16(a.Port))
	default:
		return nil
	}
	if nw.typ == vfs.SOCK_DGRAM {
		return net.UDPAddrFromAddrPort(ap)
	}
	return net.TCPAddrFromAddrPort(ap)
}
