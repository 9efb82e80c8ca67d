package sockfs

import (
	"encoding/binary"
	"time"

	"github.com/govfs/govfs/vfs"
)

// Socket options of the loopback stack (sock_getsockopt/sock_setsockopt
// and the TCP, IP and IPv6 levels), as a Linux socket answers them.
// TCP_NODELAY and SO_KEEPALIVE are remembered and change nothing: there
// is no Nagle and no peer to probe.

var inetEndian = binary.NativeEndian

// inetPutInt copies an int option into val as the kernel copies it: at most
// sizeof(int) bytes.
func inetPutInt(val []byte, v int) int {
	var b [4]byte
	inetEndian.PutUint32(b[:], uint32(int32(v)))
	return copy(val, b[:])
}

func inetBool(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *inetSock) Getsockopt(f *vfs.File, p *vfs.Process, level, opt int, val []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch level {
	case vfs.SOL_SOCKET:
		return s.getSocketOptLocked(opt, val)
	case vfs.SOL_TCP:
		if s.typ != vfs.SOCK_STREAM {
			return 0, s.otherLevel()
		}
		if opt == vfs.TCP_NODELAY {
			return inetPutInt(val, inetBool(s.nodelay)), nil
		}
		if v, ok := tcpDefaults[opt]; ok {
			return inetPutInt(val, v), nil
		}
	case vfs.SOL_UDP:
		if s.typ != vfs.SOCK_DGRAM {
			return 0, s.otherLevel()
		}
	case vfs.SOL_IP:
		switch opt {
		case ipTOS:
			return ipPutInt(val, int(s.tos)), nil
		case ipPktinfo:
			return ipPutInt(val, inetBool(s.pktinfo)), nil
		case ipTTL:
			if s.ttl == 0 {
				return ipPutInt(val, defaultTTL), nil
			}
			return ipPutInt(val, s.ttl), nil
		}
	case vfs.SOL_IPV6:
		if !s.v6 {
			return 0, s.otherLevel()
		}
		if opt == vfs.IPV6_V6ONLY {
			return inetPutInt(val, inetBool(s.v6only)), nil
		}
	default:
		return 0, s.otherLevel()
	}
	return 0, vfs.ENOPROTOOPT
}

// otherLevel is getsockopt's answer for a level the protocol passes
// down to IP: do_ip_getsockopt's EOPNOTSUPP, ipv6_getsockopt's
// ENOPROTOOPT.
func (s *inetSock) otherLevel() error {
	if s.v6 {
		return vfs.ENOPROTOOPT
	}
	return vfs.EOPNOTSUPP
}

// tcpDefaults are TCP options a socket here only reads, with the values
// a fresh Linux socket has (the sysctls' defaults): TCP_CORK,
// TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_SYNCNT, TCP_LINGER2,
// TCP_DEFER_ACCEPT, TCP_THIN_LINEAR_TIMEOUTS, TCP_THIN_DUPACK,
// TCP_USER_TIMEOUT, TCP_FASTOPEN_CONNECT.
var tcpDefaults = map[int]int{3: 0, 4: 7200, 5: 75, 6: 9, 7: 6, 8: 60, 9: 0, 16: 0, 17: 0, 18: 0, 30: 0}

func (s *inetSock) getSocketOptLocked(opt int, val []byte) (int, error) {
	switch opt {
	case vfs.SO_TYPE:
		return inetPutInt(val, s.typ), nil
	case vfs.SO_PROTOCOL:
		if s.proto != 0 {
			return inetPutInt(val, s.proto), nil
		}
		if s.typ == vfs.SOCK_STREAM {
			return inetPutInt(val, vfs.IPPROTO_TCP), nil
		}
		return inetPutInt(val, vfs.IPPROTO_UDP), nil
	case vfs.SO_DOMAIN:
		if s.v6 {
			return inetPutInt(val, vfs.AF_INET6), nil
		}
		return inetPutInt(val, vfs.AF_INET), nil
	case vfs.SO_ERROR:
		e := s.takeErrLocked()
		return inetPutInt(val, int(e)), nil
	case vfs.SO_SNDBUF:
		return inetPutInt(val, s.sndbuf), nil
	case vfs.SO_RCVBUF:
		return inetPutInt(val, s.rcvbuf), nil
	case vfs.SO_REUSEADDR:
		return inetPutInt(val, inetBool(s.reuse)), nil
	case vfs.SO_KEEPALIVE:
		return inetPutInt(val, inetBool(s.keep)), nil
	case vfs.SO_ACCEPTCONN:
		return inetPutInt(val, inetBool(s.typ == vfs.SOCK_STREAM && s.tcp.state == tcpListening)), nil
	case vfs.SO_PASSCRED, soPassSec, soPassPidfd:
		return 0, vfs.EOPNOTSUPP // !sk_may_scm_recv: AF_UNIX's (and netlink's)
	case vfs.SO_LINGER:
		return copy(val, s.linger[:]), nil
	case vfs.SO_PEERCRED:
		// No credentials travel over inet: pid 0, ids -1, as for a unix
		// socket without a peer.
		var b [vfs.SizeofUcred]byte
		inetEndian.PutUint32(b[4:], ^uint32(0))
		inetEndian.PutUint32(b[8:], ^uint32(0))
		return copy(val, b[:]), nil
	case vfs.SO_RCVTIMEO, vfs.SO_SNDTIMEO:
		d := s.rcvtimeo
		if opt == vfs.SO_SNDTIMEO {
			d = s.sndtimeo
		}
		if d == noWait {
			d = 0
		}
		var b [16]byte
		inetEndian.PutUint64(b[:], uint64(d/time.Second))
		inetEndian.PutUint64(b[8:], uint64(d%time.Second/time.Microsecond))
		return copy(val, b[:]), nil
	}
	if v, ok := s.opts.get(opt); ok {
		return inetPutInt(val, v), nil
	}
	return 0, vfs.ENOPROTOOPT
}

func (s *inetSock) Setsockopt(f *vfs.File, p *vfs.Process, level, opt int, val []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if level == vfs.SOL_SOCKET && (opt == vfs.SO_RCVTIMEO || opt == vfs.SO_SNDTIMEO) {
		return s.setTimeoLocked(opt, val)
	}
	if level == vfs.SOL_IP {
		switch opt {
		case ipTOS, ipTTL, ipPktinfo:
			return s.setIPOptLocked(opt, val)
		case ipIPsecPolicy, ipXfrmPolicy:
			if p != nil && p.Cred().Euid != 0 {
				return vfs.EPERM // CAP_NET_ADMIN first
			}
			return vfs.EOPNOTSUPP // xfrm_user_policy: no key manager here
		}
	}
	if len(val) < 4 {
		if level == vfs.SOL_SOCKET || level == vfs.SOL_TCP && s.typ == vfs.SOCK_STREAM || level == vfs.SOL_IPV6 && s.v6 {
			return vfs.EINVAL
		}
		return vfs.ENOPROTOOPT
	}
	v := int(int32(inetEndian.Uint32(val)))
	switch level {
	case vfs.SOL_SOCKET:
		switch opt {
		case vfs.SO_REUSEADDR:
			s.reuse = v != 0
			if s.bind != nil { // bind conflicts look at the option as it is now
				s.ports.mu.Lock()
				s.bind.reuse = s.reuse
				s.ports.mu.Unlock()
			}
		case vfs.SO_KEEPALIVE:
			s.keep = v != 0
		case vfs.SO_SNDBUF:
			s.sndbuf = inetBufSize(v, s.st.fs.WmemMax.Load(), minSndbuf)
		case vfs.SO_RCVBUF:
			s.rcvbuf = inetBufSize(v, s.st.fs.RmemMax.Load(), minRcvbuf)
			if s.typ == vfs.SOCK_STREAM {
				s.tcpRcvbufChangedLocked()
			}
		case vfs.SO_LINGER:
			if len(val) < 8 {
				return vfs.EINVAL // struct linger
			}
			copy(s.linger[:], val)
			if s.linger[0]|s.linger[1]|s.linger[2]|s.linger[3] != 0 {
				inetEndian.PutUint32(s.linger[:], 1) // l_onoff reads back as 0 or 1
			}
		case vfs.SO_PASSCRED, soPassSec, soPassPidfd:
			return vfs.EOPNOTSUPP
		default:
			if ok, err := s.opts.set(p, opt, v); ok {
				return err
			}
			return vfs.ENOPROTOOPT
		}
		return nil
	case vfs.SOL_TCP:
		if s.typ == vfs.SOCK_STREAM && opt == vfs.TCP_NODELAY {
			s.nodelay = v != 0
			return nil
		}
	case vfs.SOL_IPV6:
		if s.v6 && opt == vfs.IPV6_V6ONLY {
			if s.bind != nil {
				return vfs.EINVAL // do_ipv6_setsockopt: not once bound
			}
			s.v6only = v != 0
			return nil
		}
	}
	return vfs.ENOPROTOOPT
}

// net.ipv4.ip_default_ttl: what IP_TTL reads until set.
const defaultTTL = 64

// ipPutInt copies an int option of the IP level into val as
// do_ip_getsockopt does: a value that fits a byte goes as one byte to a
// caller with room for less than an int.
func ipPutInt(val []byte, v int) int {
	if len(val) > 0 && len(val) < 4 && v >= 0 && v <= 255 {
		val[0] = byte(v)
		return 1
	}
	return inetPutInt(val, v)
}

// setIPOptLocked is do_ip_setsockopt for IP_TOS, IP_TTL and IP_PKTINFO. The value
// is an int, or a byte when fewer bytes come, or 0 when none do. TCP
// keeps the ECN bits of the TOS to itself (__ip_sock_set_tos); an IP_TTL
// of -1 restores the default.
func (s *inetSock) setIPOptLocked(opt int, val []byte) error {
	v := 0
	switch {
	case len(val) >= 4:
		v = int(int32(inetEndian.Uint32(val)))
	case len(val) >= 1:
		v = int(val[0])
	}
	if opt == ipPktinfo {
		s.pktinfo = v != 0 // kept; no IP_PKTINFO message is ever made
		return nil
	}
	if opt == ipTOS {
		if s.typ == vfs.SOCK_STREAM {
			v = v&^inetECNMask | int(s.tos&inetECNMask)
		}
		s.tos = uint8(v)
		return nil
	}
	if len(val) < 1 || v != -1 && (v < 1 || v > 255) {
		return vfs.EINVAL
	}
	s.ttl = max(v, 0)
	return nil
}

// inetECNMask is the TOS's two ECN bits (INET_ECN_MASK).
const inetECNMask = 3

// inetBufSize is what SO_SNDBUF/SO_RCVBUF set for v: clamped to the
// sysctl's maximum as an unsigned number, doubled for the kernel's
// bookkeeping, at least SOCK_MIN_*BUF (sk_setsockopt).
func inetBufSize(v int, most int64, least int64) int {
	return int(max(min(int64(uint32(v)), most)*2, least))
}

// setTimeoLocked sets SO_RCVTIMEO or SO_SNDTIMEO from a struct timeval,
// as unix sockets do (timeout in sockopt.go: whole jiffies).
func (s *inetSock) setTimeoLocked(opt int, val []byte) error {
	d, err := timeout(val)
	if err != nil {
		return err
	}
	if opt == vfs.SO_RCVTIMEO {
		s.rcvtimeo = d
	} else {
		s.sndtimeo = d
	}
	return nil
}

// takeErrLocked reads and clears the pending error (sock_error).
func (s *inetSock) takeErrLocked() vfs.Errno {
	e := s.soErr
	s.soErr = 0
	if e == 0 && s.typ == vfs.SOCK_STREAM {
		e = s.tcp.takeConnErr()
	}
	return e
}
