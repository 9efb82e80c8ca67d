//go:build linux

package vfstest

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// Session calls that SockRandOps needs: socket calls whose arguments are
// plain values (so a shrunk sequence prints as Go) and that never block
// a random sequence, which has no second thread to unblock them. Sockets
// are made non-blocking, sends and receives add MSG_DONTWAIT, and every
// socket gets SO_RCVTIMEO and SO_SNDTIMEO of randSockTimeout, so that a
// read(2) or write(2) of FileRandOps on a socket whose O_NONBLOCK an
// fcntl cleared still ends (EAGAIN) instead of hanging the host.

// randSockTimeout bounds a blocking call on a random sequence's socket.
var randSockTimeout = vfs.Timeval{Usec: 20000}

// SocketNB is socket(domain, typ|SOCK_NONBLOCK, proto) with the
// timeouts set.
func (s *Session) SocketNB(domain, typ, proto int) int {
	fd := s.Socket(domain, typ|unix.SOCK_NONBLOCK, proto)
	if fd >= 0 {
		s.sockTimeouts(fd)
	}
	return fd
}

// SocketpairNB is socketpair(domain, typ|SOCK_NONBLOCK, proto) with the
// timeouts set on both ends.
func (s *Session) SocketpairNB(domain, typ, proto int) (a, b int) {
	a, b = s.Socketpair(domain, typ|unix.SOCK_NONBLOCK, proto)
	if a >= 0 {
		s.sockTimeouts(a)
		s.sockTimeouts(b)
	}
	return a, b
}

func (s *Session) sockTimeouts(fd int) {
	s.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, randSockTimeout)
	s.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, randSockTimeout)
}

// Accept4NB is accept4(fd, flags|SOCK_NONBLOCK) (an accepted socket gets
// the timeouts too).
func (s *Session) Accept4NB(fd, flags int) int {
	nfd := s.Accept4(fd, flags|unix.SOCK_NONBLOCK)
	if nfd >= 0 {
		s.sockTimeouts(nfd)
	}
	return nfd
}

// BindUnix is bind(2) to the unix address name.
func (s *Session) BindUnix(fd int, name string) bool {
	return s.Bind(fd, &vfs.SockaddrUnix{Name: name})
}

// ConnectUnix is connect(2) to the unix address name.
func (s *Session) ConnectUnix(fd int, name string) bool {
	return s.Connect(fd, &vfs.SockaddrUnix{Name: name})
}

// SendtoNB is sendto(2) with MSG_DONTWAIT added, to the unix address
// name ("-" for none).
func (s *Session) SendtoNB(fd int, data string, flags int, name string) bool {
	return s.Sendto(fd, data, flags|unix.MSG_DONTWAIT, randAddr(name))
}

func randAddr(name string) vfs.Sockaddr {
	if name == "-" {
		return nil
	}
	return &vfs.SockaddrUnix{Name: name}
}

// RecvNB is recvfrom(2) with MSG_DONTWAIT added.
func (s *Session) RecvNB(fd, n, flags int) string {
	data, _ := s.Recvfrom(fd, n, flags|unix.MSG_DONTWAIT)
	return data
}

// RecvmsgNB is recvmsg(2) with MSG_DONTWAIT added.
func (s *Session) RecvmsgNB(fd, n, oobn, flags int) Msg {
	return s.Recvmsg(fd, n, oobn, flags|unix.MSG_DONTWAIT)
}

// SendRightsNB is sendmsg(2) with MSG_DONTWAIT of data and SCM_RIGHTS
// carrying the fds, less those that are sockets: a socket in flight
// that closes into a cycle is freed by Linux's garbage collector, which
// runs from a workqueue at a time of its own, so what its peer sees next
// would depend on timing.
func (s *Session) SendRightsNB(fd int, data string, flags int, fds ...int) int {
	var pass []int
	for _, f := range fds {
		var st StatT
		if s.sys.Fstat(f, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFSOCK {
			s.Log("not passing the socket %s", s.fd(f))
			continue
		}
		pass = append(pass, f)
	}
	return s.SendmsgN(fd, data, vfs.UnixRights(pass...), nil, flags|unix.MSG_DONTWAIT)
}
