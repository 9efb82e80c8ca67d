package sockfs

import (
	"net/netip"

	"github.com/govfs/govfs/vfs"
)

// Addresses of the loopback stack. There is no host network: the only
// interface is lo, with 127.0.0.0/8 and ::1, as in a network namespace
// where only lo is up. So, as Linux answers there, a destination off lo
// is ENETUNREACH and binding an address lo does not have EADDRNOTAVAIL.
//
// A socket keeps its addresses in its own family's form: a v6 socket
// that talks to IPv4 (a v4-mapped address, ::ffff:127.0.0.1) keeps the
// mapped form, a v4 socket plain IPv4. Ports live in one table per
// protocol shared by both families, as Linux's bind hash is.

var (
	loopback4 = netip.AddrFrom4([4]byte{127, 0, 0, 1})
	loopback6 = netip.IPv6Loopback()
	any4      = netip.IPv4Unspecified()
	any6      = netip.IPv6Unspecified()
)

// Sizes struct sockaddr_in and sockaddr_in6 have; what a wrong-family
// address measures decides between EINVAL and EAFNOSUPPORT, as it does
// in inet_bind and tcp_v6_connect.
const (
	sizeofSockaddrInet4 = 16
	sizeofSockaddrInet6 = 28
	sin6LenRFC2133      = 24
)

// inetSockaddrLen is the addrlen x/sys/unix passes for sa.
func inetSockaddrLen(sa vfs.Sockaddr) int {
	switch a := sa.(type) {
	case *vfs.SockaddrInet4:
		return sizeofSockaddrInet4
	case *vfs.SockaddrInet6:
		return sizeofSockaddrInet6
	case *vfs.SockaddrUnix:
		if a.Name == "" {
			return 2
		}
		return 2 + len(a.Name) + 1
	}
	return 0
}

// inetAddrIn checks sa for a socket of family v6 and returns it as an
// address of that family. A v6 datagram socket also takes a sockaddr_in
// (mapped), as udpv6_sendmsg and ip6_datagram_connect do.
func inetAddrIn(sa vfs.Sockaddr, v6, dgram bool) (netip.AddrPort, error) {
	switch a := sa.(type) {
	case *vfs.SockaddrInet4:
		if !v6 {
			return netip.AddrPortFrom(netip.AddrFrom4(a.Addr), uint16(a.Port)), nil
		}
		if dgram {
			return netip.AddrPortFrom(netip.AddrFrom16(netip.AddrFrom4(a.Addr).As16()), uint16(a.Port)), nil
		}
		return netip.AddrPort{}, vfs.EINVAL // shorter than sockaddr_in6
	case *vfs.SockaddrInet6:
		if v6 {
			return netip.AddrPortFrom(netip.AddrFrom16(a.Addr), uint16(a.Port)), nil
		}
	}
	min := sizeofSockaddrInet4
	if v6 {
		min = sin6LenRFC2133
	}
	if inetSockaddrLen(sa) < min {
		return netip.AddrPort{}, vfs.EINVAL
	}
	return netip.AddrPort{}, vfs.EAFNOSUPPORT
}

// inetAddrOut is the kernel form of a socket's address.
func inetAddrOut(ap netip.AddrPort, v6 bool) vfs.Sockaddr {
	if v6 {
		return &vfs.SockaddrInet6{Port: int(ap.Port()), Addr: ap.Addr().As16()}
	}
	return &vfs.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}
}

// inFamily writes ip (IPv4 or IPv6, mapped or not) in a family's form.
func inFamily(ip netip.Addr, v6 bool) netip.Addr {
	if v6 {
		return netip.AddrFrom16(ip.As16())
	}
	return ip.Unmap()
}

// routeFrom is route for a socket: a v6-only socket cannot reach IPv4
// (ENETUNREACH), and one bound to one kind of address cannot reach the
// other (EAFNOSUPPORT from a v4-mapped source to IPv6, ENETUNREACH from
// IPv6 to a v4-mapped destination), as tcp_v6_connect decides.
func routeFrom(dst, bound netip.Addr, v6only bool) (to, src netip.Addr, err error) {
	if dst.Is4In6() && v6only {
		return netip.Addr{}, netip.Addr{}, vfs.ENETUNREACH
	}
	if bound.IsValid() && !bound.IsUnspecified() && bound.Is6() {
		mappedSrc, mappedDst := bound.Is4In6(), dst.Is4In6()
		if mappedSrc && !mappedDst {
			return netip.Addr{}, netip.Addr{}, vfs.EAFNOSUPPORT
		}
		if !mappedSrc && mappedDst {
			return netip.Addr{}, netip.Addr{}, vfs.ENETUNREACH
		}
	}
	return route(dst)
}

// unspecified is the wildcard of a family.
func unspecified(v6 bool) netip.Addr {
	if v6 {
		return any6
	}
	return any4
}

// isLocal reports whether lo has ip, so a socket may bind it: the
// wildcards, 127.0.0.0/8 and ::1 (and their v4-mapped forms).
func isLocal(ip netip.Addr) bool {
	ip4 := ip.Unmap()
	return ip4.IsUnspecified() || ip4.IsLoopback()
}

// route finds where a packet to dst goes (ip_route_output): to lo, from
// the source address lo gives it, or nowhere (ENETUNREACH). A wildcard
// destination means this host, as on Linux. The result is in dst's
// family's form, as is dst after it.
func route(dst netip.Addr) (to, src netip.Addr, err error) {
	d := dst.Unmap()
	switch {
	case d.Is4() && (d.IsUnspecified() || d.IsLoopback()):
		if d.IsUnspecified() {
			d = loopback4
		}
		return inFamily(d, dst.Is6()), inFamily(loopback4, dst.Is6()), nil
	case d.Is6() && (d.IsUnspecified() || d == loopback6):
		return loopback6, loopback6, nil
	}
	return netip.Addr{}, netip.Addr{}, vfs.ENETUNREACH
}

// addrSpace is what addresses a binding answers for: an IPv4 part, an IPv6
// part, or both (a dual-stack :: socket).
type addrSpace struct {
	has4, has6 bool
	ip4, ip6   netip.Addr // unspecified: all of that family
}

// addrSpaceOf is the space of a socket bound to ip. v6only applies to a v6
// socket bound to ::.
func addrSpaceOf(ip netip.Addr, v6only bool) addrSpace {
	switch {
	case ip.Is4():
		return addrSpace{has4: true, ip4: ip}
	case ip.Is4In6():
		return addrSpace{has4: true, ip4: ip.Unmap()}
	case ip.IsUnspecified() && !v6only:
		return addrSpace{has4: true, ip4: any4, has6: true, ip6: any6}
	}
	return addrSpace{has6: true, ip6: ip}
}

func (a addrSpace) overlaps(b addrSpace) bool {
	return a.has4 && b.has4 && (a.ip4 == b.ip4 || a.ip4.IsUnspecified() || b.ip4.IsUnspecified()) ||
		a.has6 && b.has6 && (a.ip6 == b.ip6 || a.ip6.IsUnspecified() || b.ip6.IsUnspecified())
}

// match says how well the space answers dst (a routed destination): 0
// not at all, 1 as a wildcard, 2 exactly (Linux's lookup scores exact
// binds above wildcard ones).
func (a addrSpace) match(dst netip.Addr) int {
	d := dst.Unmap()
	var ip netip.Addr
	switch {
	case d.Is4() && a.has4:
		ip = a.ip4
	case d.Is6() && a.has6:
		ip = a.ip6
	default:
		return 0
	}
	switch {
	case ip == d:
		return 2
	case ip.IsUnspecified():
		return 1
	}
	return 0
}
