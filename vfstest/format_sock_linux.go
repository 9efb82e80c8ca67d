//go:build linux

package vfstest

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// The transcript forms of socket arguments and results. What the kernel
// picks is normalised so that the host and govfs, and two host runs,
// write the same line:
//
//	ports        → port1, port2, ... in order of first appearance in
//	               the scenario (0 stays 0), so "accept's peer is the
//	               client's address" still shows
//	autobind     → @<autobind> (the kernel's five hex digits)
//	ucred pid    → self when it is the calling process's pid
//	received fds → their fd number (allocation is the same on both sides)
//	               and what they are, from fstat: fd0+3=fifo

var domainNames = []flagName{
	{Bits: unix.AF_UNSPEC, Name: "AF_UNSPEC"}, {Bits: unix.AF_UNIX, Name: "AF_UNIX"},
	{Bits: unix.AF_INET, Name: "AF_INET"}, {Bits: unix.AF_INET6, Name: "AF_INET6"},
	{Bits: unix.AF_NETLINK, Name: "AF_NETLINK"}, {Bits: unix.AF_PACKET, Name: "AF_PACKET"},
}

var sockTypeNames = []flagName{
	{Bits: unix.SOCK_STREAM, Name: "SOCK_STREAM"}, {Bits: unix.SOCK_DGRAM, Name: "SOCK_DGRAM"},
	{Bits: unix.SOCK_RAW, Name: "SOCK_RAW"}, {Bits: unix.SOCK_RDM, Name: "SOCK_RDM"},
	{Bits: unix.SOCK_SEQPACKET, Name: "SOCK_SEQPACKET"}, {Bits: unix.SOCK_PACKET, Name: "SOCK_PACKET"},
}

var sockFlagNames = []flagName{
	{Bits: unix.SOCK_NONBLOCK, Name: "SOCK_NONBLOCK"}, {Bits: unix.SOCK_CLOEXEC, Name: "SOCK_CLOEXEC"},
}

var msgFlagNames = []flagName{
	{Bits: unix.MSG_OOB, Name: "MSG_OOB"}, {Bits: unix.MSG_PEEK, Name: "MSG_PEEK"},
	{Bits: unix.MSG_DONTROUTE, Name: "MSG_DONTROUTE"}, {Bits: unix.MSG_CTRUNC, Name: "MSG_CTRUNC"},
	{Bits: unix.MSG_TRUNC, Name: "MSG_TRUNC"}, {Bits: unix.MSG_DONTWAIT, Name: "MSG_DONTWAIT"},
	{Bits: unix.MSG_EOR, Name: "MSG_EOR"}, {Bits: unix.MSG_WAITALL, Name: "MSG_WAITALL"},
	{Bits: unix.MSG_CONFIRM, Name: "MSG_CONFIRM"}, {Bits: unix.MSG_ERRQUEUE, Name: "MSG_ERRQUEUE"},
	{Bits: unix.MSG_NOSIGNAL, Name: "MSG_NOSIGNAL"}, {Bits: unix.MSG_MORE, Name: "MSG_MORE"},
	{Bits: unix.MSG_CMSG_CLOEXEC, Name: "MSG_CMSG_CLOEXEC"},
}

var shutNames = []flagName{
	{Bits: unix.SHUT_RD, Name: "SHUT_RD"}, {Bits: unix.SHUT_WR, Name: "SHUT_WR"}, {Bits: unix.SHUT_RDWR, Name: "SHUT_RDWR"},
}

var sockLevelNames = []flagName{
	{Bits: unix.SOL_SOCKET, Name: "SOL_SOCKET"}, {Bits: unix.IPPROTO_TCP, Name: "IPPROTO_TCP"},
	{Bits: unix.IPPROTO_IP, Name: "IPPROTO_IP"}, {Bits: unix.IPPROTO_IPV6, Name: "IPPROTO_IPV6"},
	{Bits: unix.IPPROTO_UDP, Name: "IPPROTO_UDP"},
}

var sockOptNames = []flagName{
	{Bits: unix.SO_DEBUG, Name: "SO_DEBUG"}, {Bits: unix.SO_REUSEADDR, Name: "SO_REUSEADDR"},
	{Bits: unix.SO_TYPE, Name: "SO_TYPE"}, {Bits: unix.SO_ERROR, Name: "SO_ERROR"},
	{Bits: unix.SO_DONTROUTE, Name: "SO_DONTROUTE"}, {Bits: unix.SO_BROADCAST, Name: "SO_BROADCAST"},
	{Bits: unix.SO_SNDBUF, Name: "SO_SNDBUF"}, {Bits: unix.SO_RCVBUF, Name: "SO_RCVBUF"},
	{Bits: unix.SO_KEEPALIVE, Name: "SO_KEEPALIVE"}, {Bits: unix.SO_OOBINLINE, Name: "SO_OOBINLINE"},
	{Bits: unix.SO_LINGER, Name: "SO_LINGER"}, {Bits: unix.SO_REUSEPORT, Name: "SO_REUSEPORT"},
	{Bits: unix.SO_PASSCRED, Name: "SO_PASSCRED"}, {Bits: unix.SO_PEERCRED, Name: "SO_PEERCRED"},
	{Bits: unix.SO_RCVLOWAT, Name: "SO_RCVLOWAT"}, {Bits: unix.SO_SNDLOWAT, Name: "SO_SNDLOWAT"},
	{Bits: unix.SO_ACCEPTCONN, Name: "SO_ACCEPTCONN"}, {Bits: unix.SO_PROTOCOL, Name: "SO_PROTOCOL"},
	{Bits: unix.SO_DOMAIN, Name: "SO_DOMAIN"}, {Bits: unix.SO_RCVTIMEO, Name: "SO_RCVTIMEO"},
	{Bits: unix.SO_SNDTIMEO, Name: "SO_SNDTIMEO"},
}

var tcpOptNames = []flagName{{Bits: unix.TCP_NODELAY, Name: "TCP_NODELAY"}}

func enumName(v int, names []flagName) string {
	for _, n := range names {
		if n.Bits == v {
			return n.Name
		}
	}
	return strconv.Itoa(v)
}

func sockTypeString(typ int) string {
	s := enumName(typ&0xf, sockTypeNames)
	if rest := typ &^ 0xf; rest != 0 {
		s += "|" + flagString(rest, sockFlagNames)
	}
	return s
}

func sockOptName(level, opt int) string {
	switch level {
	case unix.SOL_SOCKET:
		return enumName(opt, sockOptNames)
	case unix.IPPROTO_TCP:
		return enumName(opt, tcpOptNames)
	case unix.IPPROTO_IP:
		switch opt {
		case unix.IP_TOS:
			return "IP_TOS"
		case unix.IP_TTL:
			return "IP_TTL"
		}
	case unix.IPPROTO_IPV6:
		if opt == unix.IPV6_V6ONLY {
			return "IPV6_V6ONLY"
		}
	}
	return strconv.Itoa(opt)
}

// portNames numbers the ports a scenario meets, shared by a Session and
// its background and As Sessions.
type portNames struct {
	mu sync.Mutex
	m  map[int]string
}

func (s *Session) port(p int) string {
	if p == 0 {
		return "0"
	}
	pn := s.portNames()
	pn.mu.Lock()
	defer pn.mu.Unlock()
	if pn.m == nil {
		pn.m = map[int]string{}
	}
	name, ok := pn.m[p]
	if !ok {
		name = "port" + strconv.Itoa(len(pn.m)+1)
		pn.m[p] = name
	}
	return name
}

// portNames finds the table of the outermost Session.
func (s *Session) portNames() *portNames {
	for s.up != nil {
		s = s.up
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ports == nil {
		s.ports = &portNames{}
	}
	return s.ports
}

// isAutobind reports whether name (x/sys/unix spelling) is a name the
// kernel's autobind made: "@" and five hex digits.
func isAutobind(name string) bool {
	if len(name) != 6 || name[0] != '@' {
		return false
	}
	for _, c := range name[1:] {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// sockaddr formats an address: {AF_UNIX "s"}, {AF_INET 127.0.0.1:port1}.
func (s *Session) sockaddr(sa vfs.Sockaddr) string {
	switch a := sa.(type) {
	case nil:
		return "nil"
	case *vfs.SockaddrUnix:
		if isAutobind(a.Name) {
			return "{AF_UNIX @<autobind>}"
		}
		return "{AF_UNIX " + quotePath(a.Name) + "}"
	case *vfs.SockaddrInet4:
		return fmt.Sprintf("{AF_INET %s:%s}", netip.AddrFrom4(a.Addr), s.port(a.Port))
	case *vfs.SockaddrInet6:
		zone := ""
		if a.ZoneId != 0 {
			zone = fmt.Sprintf("%%%d", a.ZoneId)
		}
		return fmt.Sprintf("{AF_INET6 [%s%s]:%s}", netip.AddrFrom16(a.Addr), zone, s.port(a.Port))
	}
	return fmt.Sprintf("%T", sa)
}

// ucred formats struct ucred with the pid as "self" when it is the
// calling system's own.
func (s *Session) ucred(u *vfs.Ucred) string {
	if u == nil {
		return "nil"
	}
	pid := strconv.Itoa(int(u.Pid))
	if sp, ok := s.sys.(selfPider); ok && int(u.Pid) == sp.selfPid() {
		pid = "self"
	} else if u.Pid > 0 {
		pid = "other"
	}
	return fmt.Sprintf("{pid=%s uid=%d gid=%d}", pid, int32(u.Uid), int32(u.Gid))
}

// cmsgs formats a control buffer, one item per header: SCM_RIGHTS with
// its fds, SCM_CREDENTIALS with its ucred, anything else by level, type
// and length; bytes that do not make a header are shown as a count.
// With received set, fds are also shown as what they are.
func (s *Session) cmsgs(b []byte, received bool) string {
	var items []string
	for len(b) > 0 {
		if len(b) < unix.SizeofCmsghdr {
			items = append(items, fmt.Sprintf("<%d trailing bytes>", len(b)))
			break
		}
		ln := int(binary.NativeEndian.Uint64(b[0:8]))
		level := int(int32(binary.NativeEndian.Uint32(b[8:12])))
		typ := int(int32(binary.NativeEndian.Uint32(b[12:16])))
		if ln < unix.SizeofCmsghdr || ln > len(b) {
			items = append(items, fmt.Sprintf("cmsg{level=%d type=%d len=%d of %d bytes}", level, typ, ln, len(b)))
			break
		}
		data := b[unix.SizeofCmsghdr:ln]
		switch {
		case level == unix.SOL_SOCKET && typ == unix.SCM_RIGHTS:
			fds := make([]string, 0, len(data)/4)
			for i := 0; i+4 <= len(data); i += 4 {
				fd := int(int32(binary.NativeEndian.Uint32(data[i:])))
				fds = append(fds, s.fdWhat(fd, received))
			}
			items = append(items, "SCM_RIGHTS["+strings.Join(fds, ", ")+"]")
		case level == unix.SOL_SOCKET && typ == unix.SCM_CREDENTIALS && len(data) >= unix.SizeofUcred:
			u := vfs.Ucred{
				Pid: int32(binary.NativeEndian.Uint32(data[0:])),
				Uid: binary.NativeEndian.Uint32(data[4:]),
				Gid: binary.NativeEndian.Uint32(data[8:]),
			}
			items = append(items, "SCM_CREDENTIALS"+s.ucred(&u))
		default:
			items = append(items, fmt.Sprintf("cmsg{level=%d type=%d len=%d}", level, typ, ln))
		}
		next := (ln + 7) &^ 7
		if next >= len(b) {
			break
		}
		b = b[next:]
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// fdWhat formats an fd, with what it refers to when it was received.
func (s *Session) fdWhat(fd int, received bool) string {
	if !received {
		return s.fd(fd)
	}
	var st StatT
	if err := guard(func() error { return s.sys.Fstat(fd, &st) }); err != nil {
		return s.fd(fd) + "=" + s.errString(err)
	}
	return s.fd(fd) + "=" + typeTag(st.Mode)
}
