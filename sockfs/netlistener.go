package sockfs

import (
	"net"

	"github.com/govfs/govfs/vfs"
)

// netListener is a net.Listener on a listening govfs socket.
type netListener struct {
	fd *netFD
}

var _ net.Listener = (*netListener)(nil)

// Accept waits for a connection and returns it as a net.Conn; after
// Close it returns net.ErrClosed (wrapped in *net.OpError).
func (l *netListener) Accept() (net.Conn, error) {
	fd := l.fd
	if err := fd.incref(); err != nil {
		return nil, fd.opError("accept", "accept", err)
	}
	defer fd.decref()
	for {
		nfd, _, err := fd.p.Accept4(fd.fd, vfs.SOCK_NONBLOCK|vfs.SOCK_CLOEXEC)
		switch err {
		case nil:
			c, err := newNetConn(fd.p, nfd, fd.net)
			if err != nil {
				return nil, fd.opError("accept", "accept", err)
			}
			return c, nil
		case vfs.EAGAIN:
			if err := fd.wait(&fd.rd, vfs.POLLIN, nil); err != nil {
				return nil, fd.opError("accept", "accept", err)
			}
		case vfs.ECONNABORTED: // the peer went before we took it: next
		default:
			return nil, fd.opError("accept", "accept", err)
		}
	}
}

// Close stops listening: a blocked Accept returns net.ErrClosed, and a
// unix socket's file is removed, as Go's UnixListener does.
func (l *netListener) Close() error {
	if err := l.fd.Close(); err != nil {
		return l.fd.opError("close", "close", err)
	}
	return nil
}

// Addr is the address the listener is bound to.
func (l *netListener) Addr() net.Addr { return l.fd.laddr }
