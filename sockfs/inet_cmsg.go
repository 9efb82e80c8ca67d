package sockfs

import (
	"encoding/binary"

	"github.com/govfs/govfs/vfs"
)

// The control messages of an inet send (vfs.Msghdr.Control). Linux
// checks them and then ignores nearly all of them here: there is no
// routing, no header to set. What matters is which ones it refuses, and
// when: tcp_sendmsg after the connection's state (sock_cmsg_send, only
// SOL_SOCKET), udp_sendmsg after EDESTADDRREQ (udp_cmsg_send, then
// ip_cmsg_send or, for IPv6, ip6_datagram_send_ctl). SCM_RIGHTS and
// SCM_CREDENTIALS are AF_UNIX's and pass unread, whatever they hold.
//
// Departures: SO_PRIORITY's value and the timestamping flags are not
// checked against the caller's capabilities (SO_MARK's is); IP_RETOPTS
// takes any options up to 40 bytes; IPV6_PKTINFO any address; IPv6
// routing headers are refused; a v4-mapped destination of an IPv6 UDP
// socket has its messages read as IPv6 ones.

// Option and control message numbers beyond the constants vfs has.
const (
	soPriority        = 12
	soMark            = 36
	soTimestampingOld = 37
	soTimestampingNew = 65
	scmDevmemDmabuf   = 79
	soPassSec         = 34
	soPassPidfd       = 76

	ipTOS      = 1
	ipTTL      = 2
	ipRetopts  = 7
	ipPktinfo  = 8
	ipProtocol = 52

	ipIPsecPolicy = 16
	ipXfrmPolicy  = 17

	ipv6PktinfoRFC2292  = 2
	ipv6HopoptsRFC2292  = 3
	ipv6DstoptsRFC2292  = 4
	ipv6HoplimitRFC2292 = 8
	ipv6Flowinfo        = 11
	ipv6Pktinfo         = 50
	ipv6Hoplimit        = 52
	ipv6Hopopts         = 54
	ipv6RthdrDstopts    = 55
	ipv6Dstopts         = 59
	ipv6Dontfrag        = 62
	ipv6Tclass          = 67

	udpSegment = 103
)

// inetCmsgCheck reads a send's control messages as s's protocol does: a
// malformed header, or a message the protocol reads and refuses, is
// EINVAL; SO_MARK without admin (CAP_NET_ADMIN) is EPERM.
func (s *inetSock) inetCmsgCheck(control []byte, admin bool) error {
	ne := binary.NativeEndian
	for i := 0; i+vfs.CmsgLen(0) <= len(control); {
		n := ne.Uint64(control[i:])
		level, typ := int32(ne.Uint32(control[i+8:])), int32(ne.Uint32(control[i+12:]))
		if n < vfs.SizeofCmsghdr || n > uint64(len(control)-i) { // CMSG_OK
			return vfs.EINVAL
		}
		data := control[i+vfs.CmsgLen(0) : i+int(n)]
		i += vfs.CmsgSpace(int(n) - vfs.CmsgLen(0))
		var ok bool
		switch {
		case level == vfs.SOL_SOCKET && typ == soMark && !admin:
			return vfs.EPERM // __sock_cmsg_send asks before the length
		case level == vfs.SOL_SOCKET:
			ok = sockCmsgOK(typ, data)
		case s.typ == vfs.SOCK_STREAM:
			ok = true // sock_cmsg_send looks at SOL_SOCKET only
		case level == vfs.SOL_UDP:
			ok = typ == udpSegment && len(data) == 2
		case s.v6 && level == vfs.SOL_IPV6:
			ok = ip6CmsgOK(typ, data)
		case !s.v6 && level == vfs.SOL_IP:
			ok = ipCmsgOK(typ, data)
		default:
			ok = true // another level's: skipped
		}
		if !ok {
			return vfs.EINVAL
		}
	}
	return nil
}

// cmsgInt is a message's int, and whether it holds exactly one.
func cmsgInt(data []byte) (int32, bool) {
	if len(data) != 4 {
		return 0, false
	}
	return int32(binary.NativeEndian.Uint32(data)), true
}

// sockCmsgOK is __sock_cmsg_send.
func sockCmsgOK(typ int32, data []byte) bool {
	switch typ {
	case vfs.SCM_RIGHTS, vfs.SCM_CREDENTIALS:
		return true // AF_UNIX's: not read here
	case soMark, soPriority, soTimestampingOld, soTimestampingNew, scmDevmemDmabuf:
		return len(data) == 4
	}
	return false
}

// ipCmsgOK is ip_cmsg_send's SOL_IP part.
func ipCmsgOK(typ int32, data []byte) bool {
	v, isInt := cmsgInt(data)
	switch typ {
	case ipTOS:
		if len(data) == 1 {
			return true
		}
		return isInt && v >= 0 && v <= 255
	case ipTTL:
		return isInt && v >= 1 && v <= 255
	case ipProtocol:
		return isInt && v >= 1 && v <= 255
	case ipPktinfo:
		return len(data) == 12 // struct in_pktinfo
	case ipRetopts:
		return len(data) <= 40
	}
	return false
}

// ip6CmsgOK is ip6_datagram_send_ctl's SOL_IPV6 part.
func ip6CmsgOK(typ int32, data []byte) bool {
	v, isInt := cmsgInt(data)
	switch typ {
	case ipv6Pktinfo, ipv6PktinfoRFC2292:
		return len(data) >= 20 // struct in6_pktinfo
	case ipv6Flowinfo:
		return len(data) >= 4
	case ipv6HopoptsRFC2292, ipv6DstoptsRFC2292, ipv6Hopopts, ipv6RthdrDstopts, ipv6Dstopts:
		// An extension header whose length byte says its size.
		return len(data) >= 8 && (int(data[1])+1)*8 == len(data)
	case ipv6Hoplimit, ipv6HoplimitRFC2292, ipv6Tclass:
		return isInt && v >= -1 && v <= 255
	case ipv6Dontfrag:
		return isInt && v >= -1 && v <= 1
	}
	return false
}
