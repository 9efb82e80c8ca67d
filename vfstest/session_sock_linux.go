//go:build linux

package vfstest

import (
	"fmt"
	"strconv"

	"github.com/govfs/govfs/vfs"
)

// Calls on sockets. Each forwards to the system's SocketSys and records
// one transcript line, with addresses, flags and control messages in the
// forms of format_sock_linux.go:
//
//	socketpair(AF_UNIX, SOCK_DGRAM, 0) = [fd0, fd0+1]
//	bind(fd0, {AF_UNIX "s"}) = 0
//	accept4(fd0, 0) = fd0+2 peer {AF_UNIX "@"}
//	recvmsg(fd0+1, 8, 64, 0) = 3 "abc" flags=0 from=nil oob=24[SCM_RIGHTS[fd0+4=fifo]]

// sockSys is the system's socket half; a system without one fails the
// call (recorded as an error line).
func (s *Session) sockSys(call string) SocketSys {
	if ss, ok := s.sys.(SocketSys); ok {
		return ss
	}
	s.record(call, fmt.Sprintf("-1 error(\"no sockets in %T\")", s.sys))
	return nil
}

// Socket is socket(2).
func (s *Session) Socket(domain, typ, proto int) int {
	call := fmt.Sprintf("socket(%s, %s, %d)", enumName(domain, domainNames), sockTypeString(typ), proto)
	ss := s.sockSys(call)
	if ss == nil {
		return -1
	}
	return s.fdCall(call, func() (int, error) { return ss.Socket(domain, typ, proto) })
}

// Socketpair is socketpair(2); it returns -1, -1 when it fails.
func (s *Session) Socketpair(domain, typ, proto int) (a, b int) {
	call := fmt.Sprintf("socketpair(%s, %s, %d)", enumName(domain, domainNames), sockTypeString(typ), proto)
	ss := s.sockSys(call)
	if ss == nil {
		return -1, -1
	}
	var fds [2]int
	err := guard(func() (err error) { fds, err = ss.Socketpair(domain, typ, proto); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return -1, -1
	}
	s.record(call, fmt.Sprintf("[%s, %s]", s.fd(fds[0]), s.fd(fds[1])))
	return fds[0], fds[1]
}

func (s *Session) sockErrCall(call string, f func(ss SocketSys) error) bool {
	ss := s.sockSys(call)
	if ss == nil {
		return false
	}
	return s.errCall(call, func() error { return f(ss) })
}

// Bind is bind(2).
func (s *Session) Bind(fd int, sa vfs.Sockaddr) bool {
	return s.sockErrCall(fmt.Sprintf("bind(%s, %s)", s.fd(fd), s.sockaddr(sa)),
		func(ss SocketSys) error { return ss.Bind(fd, sa) })
}

// Connect is connect(2).
func (s *Session) Connect(fd int, sa vfs.Sockaddr) bool {
	return s.sockErrCall(fmt.Sprintf("connect(%s, %s)", s.fd(fd), s.sockaddr(sa)),
		func(ss SocketSys) error { return ss.Connect(fd, sa) })
}

// Listen is listen(2).
func (s *Session) Listen(fd, backlog int) bool {
	return s.sockErrCall(fmt.Sprintf("listen(%s, %d)", s.fd(fd), backlog),
		func(ss SocketSys) error { return ss.Listen(fd, backlog) })
}

// Shutdown is shutdown(2).
func (s *Session) Shutdown(fd, how int) bool {
	return s.sockErrCall(fmt.Sprintf("shutdown(%s, %s)", s.fd(fd), enumName(how, shutNames)),
		func(ss SocketSys) error { return ss.Shutdown(fd, how) })
}

// Accept4 is accept4(2); the line shows the peer's address.
func (s *Session) Accept4(fd, flags int) int {
	call := fmt.Sprintf("accept4(%s, %s)", s.fd(fd), flagsOr0(flags, sockFlagNames))
	ss := s.sockSys(call)
	if ss == nil {
		return -1
	}
	nfd := -1
	var sa vfs.Sockaddr
	err := guard(func() (err error) { nfd, sa, err = ss.Accept4(fd, flags); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return -1
	}
	s.record(call, s.fd(nfd)+" peer "+s.sockaddr(sa))
	return nfd
}

// Getsockname is getsockname(2).
func (s *Session) Getsockname(fd int) vfs.Sockaddr {
	return s.nameCall(fmt.Sprintf("getsockname(%s)", s.fd(fd)),
		func(ss SocketSys) (vfs.Sockaddr, error) { return ss.Getsockname(fd) })
}

// Getpeername is getpeername(2).
func (s *Session) Getpeername(fd int) vfs.Sockaddr {
	return s.nameCall(fmt.Sprintf("getpeername(%s)", s.fd(fd)),
		func(ss SocketSys) (vfs.Sockaddr, error) { return ss.Getpeername(fd) })
}

func (s *Session) nameCall(call string, f func(ss SocketSys) (vfs.Sockaddr, error)) vfs.Sockaddr {
	ss := s.sockSys(call)
	if ss == nil {
		return nil
	}
	var sa vfs.Sockaddr
	err := guard(func() (err error) { sa, err = f(ss); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return nil
	}
	s.record(call, s.sockaddr(sa))
	return sa
}

// Send is Sendto without an address.
func (s *Session) Send(fd int, data string, flags int) bool { return s.Sendto(fd, data, flags, nil) }

// Sendto is sendto(2) (x/sys/unix's: no count, a stream socket's
// blocking send returns when all of data went).
func (s *Session) Sendto(fd int, data string, flags int, to vfs.Sockaddr) bool {
	return s.sockErrCall(fmt.Sprintf("sendto(%s, %s, %s, %s)", s.fd(fd), quoteData([]byte(data)),
		flagsOr0(flags, msgFlagNames), s.sockaddr(to)),
		func(ss SocketSys) error { return ss.Sendto(fd, []byte(data), flags, to) })
}

// Recvfrom is recvfrom(2) into an n-byte buffer.
func (s *Session) Recvfrom(fd, n, flags int) (string, vfs.Sockaddr) {
	call := fmt.Sprintf("recvfrom(%s, %d, %s)", s.fd(fd), n, flagsOr0(flags, msgFlagNames))
	ss := s.sockSys(call)
	if ss == nil {
		return "", nil
	}
	buf := make([]byte, n)
	got := 0
	var from vfs.Sockaddr
	err := guard(func() (err error) { got, from, err = ss.Recvfrom(fd, buf, flags); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return "", nil
	}
	// With MSG_TRUNC the count is the datagram's length, which may pass
	// the buffer's.
	shown := min(max(got, 0), n)
	s.record(call, fmt.Sprintf("%d %s from %s", got, quoteData(buf[:shown]), s.sockaddr(from)))
	return string(buf[:shown]), from
}

// SendmsgN is sendmsg(2) with a control buffer (made with
// vfs.UnixRights, vfs.UnixCredentials or by hand).
func (s *Session) SendmsgN(fd int, data string, oob []byte, to vfs.Sockaddr, flags int) int {
	call := fmt.Sprintf("sendmsg(%s, %s, %s, %s, %s)", s.fd(fd), quoteData([]byte(data)), s.cmsgs(oob, false),
		s.sockaddr(to), flagsOr0(flags, msgFlagNames))
	ss := s.sockSys(call)
	if ss == nil {
		return -1
	}
	return s.countCall(call, func() (int, error) { return ss.SendmsgN(fd, []byte(data), oob, to, flags) })
}

// Msg is what Recvmsg received.
type Msg struct {
	N     int // the count recvmsg returned (-1: it failed)
	Data  string
	Flags int // msg_flags
	From  vfs.Sockaddr
	Fds   []int      // the fds of SCM_RIGHTS, installed in the receiver
	Creds *vfs.Ucred // SCM_CREDENTIALS
}

// Recvmsg is recvmsg(2) into an n-byte buffer and an oobn-byte control
// buffer.
func (s *Session) Recvmsg(fd, n, oobn, flags int) Msg {
	call := fmt.Sprintf("recvmsg(%s, %d, %d, %s)", s.fd(fd), n, oobn, flagsOr0(flags, msgFlagNames))
	m := Msg{N: -1}
	ss := s.sockSys(call)
	if ss == nil {
		return m
	}
	buf, oob := make([]byte, n), make([]byte, oobn)
	var got, gotOOB, rf int
	var from vfs.Sockaddr
	err := guard(func() (err error) { got, gotOOB, rf, from, err = ss.Recvmsg(fd, buf, oob, flags); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return m
	}
	shown := min(max(got, 0), n)
	gotOOB = min(max(gotOOB, 0), oobn)
	m = Msg{N: got, Data: string(buf[:shown]), Flags: rf, From: from}
	m.Fds, m.Creds = parseReceived(oob[:gotOOB])
	s.record(call, fmt.Sprintf("%d %s flags=%s from=%s oob=%d%s", got, quoteData(buf[:shown]),
		flagsOr0(rf, msgFlagNames), s.sockaddr(from), gotOOB, s.cmsgs(oob[:gotOOB], true)))
	return m
}

// parseReceived takes the fds and credentials out of a control buffer.
func parseReceived(oob []byte) (fds []int, creds *vfs.Ucred) {
	msgs, err := vfs.ParseSocketControlMessage(oob)
	if err != nil {
		return nil, nil
	}
	for i := range msgs {
		if r, err := vfs.ParseUnixRights(&msgs[i]); err == nil {
			fds = append(fds, r...)
		} else if c, err := vfs.ParseUnixCredentials(&msgs[i]); err == nil {
			creds = c
		}
	}
	return fds, creds
}

// GetsockoptInt is getsockopt(2) of an int option; it returns -1 when it
// fails.
func (s *Session) GetsockoptInt(fd, level, opt int) int {
	call := fmt.Sprintf("getsockopt(%s, %s, %s)", s.fd(fd), enumName(level, sockLevelNames), sockOptName(level, opt))
	ss := s.sockSys(call)
	if ss == nil {
		return -1
	}
	v := 0
	err := guard(func() (err error) { v, err = ss.GetsockoptInt(fd, level, opt); return err })
	s.record(call, s.result(err, strconv.Itoa(v)))
	if err != nil {
		return -1
	}
	return v
}

// SetsockoptInt is setsockopt(2) of an int option.
func (s *Session) SetsockoptInt(fd, level, opt, value int) bool {
	return s.sockErrCall(fmt.Sprintf("setsockopt(%s, %s, %s, %d)", s.fd(fd), enumName(level, sockLevelNames),
		sockOptName(level, opt), value),
		func(ss SocketSys) error { return ss.SetsockoptInt(fd, level, opt, value) })
}

// GetsockoptUcred is getsockopt(2) of SO_PEERCRED.
func (s *Session) GetsockoptUcred(fd, level, opt int) *vfs.Ucred {
	call := fmt.Sprintf("getsockopt(%s, %s, %s)", s.fd(fd), enumName(level, sockLevelNames), sockOptName(level, opt))
	ss := s.sockSys(call)
	if ss == nil {
		return nil
	}
	var u *vfs.Ucred
	err := guard(func() (err error) { u, err = ss.GetsockoptUcred(fd, level, opt); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return nil
	}
	s.record(call, s.ucred(u))
	return u
}

// SetsockoptTimeval is setsockopt(2) of SO_RCVTIMEO or SO_SNDTIMEO.
func (s *Session) SetsockoptTimeval(fd, level, opt int, tv vfs.Timeval) bool {
	return s.sockErrCall(fmt.Sprintf("setsockopt(%s, %s, %s, {%d s, %d us})", s.fd(fd), enumName(level, sockLevelNames),
		sockOptName(level, opt), tv.Sec, tv.Usec),
		func(ss SocketSys) error { return ss.SetsockoptTimeval(fd, level, opt, &tv) })
}
