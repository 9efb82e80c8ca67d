package vfs

// Socket addresses, with x/sys/unix's types and its user-space checks,
// so a call that x/sys/unix refuses before the kernel sees it is refused
// here the same way.
//
// A unix address has two spellings. Callers use x/sys/unix's: Name
// "/tmp/s" is a path, "@name" an abstract name, "" asks for autobind,
// and an unnamed socket reads back as "@". Backends see the kernel's:
// the sun_path bytes the kernel was given, so a path is "/tmp/s", an
// abstract name starts with NUL ("\x00name"), and "" is an address that
// is only a family (autobind, unnamed).

// Sockaddr is a socket address (x/sys/unix's Sockaddr).
type Sockaddr interface {
	sockaddr() // only this package's address types
}

// SockaddrUnix is an AF_UNIX address.
type SockaddrUnix struct {
	Name string
}

// SockaddrInet4 is an AF_INET address.
type SockaddrInet4 struct {
	Port int
	Addr [4]byte
}

// SockaddrInet6 is an AF_INET6 address.
type SockaddrInet6 struct {
	Port   int
	ZoneId uint32
	Addr   [16]byte
}

func (*SockaddrUnix) sockaddr()  {}
func (*SockaddrInet4) sockaddr() {}
func (*SockaddrInet6) sockaddr() {}

// sunPathLen is sizeof(sockaddr_un.sun_path).
const sunPathLen = 108

// sockaddrIn converts a caller's address to the kernel's form, with
// x/sys/unix's checks (the EINVALs of its sockaddr methods). A nil sa
// stays nil.
func sockaddrIn(sa Sockaddr) (Sockaddr, error) {
	switch a := sa.(type) {
	case nil:
		return nil, nil
	case *SockaddrUnix:
		name := a.Name
		n := len(name)
		if n > sunPathLen || n == sunPathLen && name[0] != '@' {
			return nil, EINVAL
		}
		if n > 0 && (name[0] == '@' || name[0] == 0) {
			return &SockaddrUnix{Name: "\x00" + name[1:]}, nil
		}
		return &SockaddrUnix{Name: name}, nil
	case *SockaddrInet4:
		if a.Port < 0 || a.Port > 0xffff {
			return nil, EINVAL
		}
		c := *a
		return &c, nil
	case *SockaddrInet6:
		if a.Port < 0 || a.Port > 0xffff {
			return nil, EINVAL
		}
		c := *a
		return &c, nil
	}
	return nil, EINVAL
}

// sockaddrOut converts a backend's address to what x/sys/unix's
// anyToSockaddr would give the caller.
func sockaddrOut(sa Sockaddr) Sockaddr {
	a, ok := sa.(*SockaddrUnix)
	if !ok {
		return sa
	}
	name := a.Name
	if name == "" || name[0] == 0 {
		name = "@" + name[min(1, len(name)):]
	}
	for i := 1; i < len(name); i++ {
		if name[i] == 0 {
			name = name[:i]
			break
		}
	}
	return &SockaddrUnix{Name: name}
}
