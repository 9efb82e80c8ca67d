package sockfs

import (
	"io"
	"net"
	"os"
	"time"

	"github.com/govfs/govfs/vfs"
)

// netConn is a net.Conn on a govfs socket: read(2) and sendmsg(2) on a
// non-blocking fd, with netFD's waiting in between.
type netConn struct {
	fd *netFD
}

var _ net.Conn = (*netConn)(nil)

// Read reads what the socket has, waiting for some. As with Go's own
// sockets, an empty b returns at once, a read of 0 bytes is io.EOF
// except on a datagram socket, where it is an empty message.
func (c *netConn) Read(b []byte) (int, error) {
	fd := c.fd
	if err := fd.incref(); err != nil {
		return 0, fd.opError("read", "read", err)
	}
	defer fd.decref()
	if len(b) == 0 {
		return 0, nil // as Go's sockets do: no syscall, no EOF
	}
	if fd.expired(&fd.rd) {
		return 0, fd.opError("read", "read", os.ErrDeadlineExceeded)
	}
	for {
		n, err := fd.p.Read(fd.fd, b)
		switch {
		case err == vfs.EAGAIN:
			if err := fd.wait(&fd.rd, vfs.POLLIN|vfs.POLLRDHUP, nil); err != nil {
				return 0, fd.opError("read", "read", err)
			}
			continue
		case err != nil:
			return 0, fd.opError("read", "read", err)
		case n == 0 && fd.eof:
			return 0, io.EOF
		}
		return n, nil
	}
}

// Write sends all of b (a stream takes it in as many pieces as its
// buffer makes room for; a datagram socket sends b as one message).
// MSG_NOSIGNAL: a broken connection is EPIPE, never SIGPIPE, as for a
// Go program, which ignores SIGPIPE on its sockets.
func (c *netConn) Write(b []byte) (int, error) {
	fd := c.fd
	if err := fd.incref(); err != nil {
		return 0, fd.opError("write", "write", err)
	}
	defer fd.decref()
	if fd.expired(&fd.wd) {
		return 0, fd.opError("write", "write", os.ErrDeadlineExceeded)
	}
	done := 0
	for {
		n, err := fd.p.SendmsgN(fd.fd, b[done:], nil, nil, vfs.MSG_NOSIGNAL)
		done += n
		switch {
		case err == vfs.EAGAIN || err == nil && fd.stream && done < len(b):
			if err := fd.wait(&fd.wd, vfs.POLLOUT, nil); err != nil {
				return done, fd.opError("write", "write", err)
			}
		case err != nil:
			return done, fd.opError("write", "write", err)
		default:
			return done, nil
		}
	}
}

// Close closes the connection; blocked calls return net.ErrClosed and
// the peer reads end of file.
func (c *netConn) Close() error {
	if err := c.fd.Close(); err != nil {
		return c.fd.opError("close", "close", err)
	}
	return nil
}

func (c *netConn) LocalAddr() net.Addr  { return c.fd.laddr }
func (c *netConn) RemoteAddr() net.Addr { return c.fd.raddr }

func (c *netConn) SetDeadline(t time.Time) error {
	return c.fd.opError("set", "", c.fd.setDeadline(t, true, true))
}

func (c *netConn) SetReadDeadline(t time.Time) error {
	return c.fd.opError("set", "", c.fd.setDeadline(t, true, false))
}

func (c *netConn) SetWriteDeadline(t time.Time) error {
	return c.fd.opError("set", "", c.fd.setDeadline(t, false, true))
}

// CloseWrite shuts down the sending side (shutdown(SHUT_WR)), as
// *net.TCPConn and *net.UnixConn offer: the peer reads end of file.
func (c *netConn) CloseWrite() error { return c.shutdown(vfs.SHUT_WR) }

// CloseRead shuts down the receiving side (shutdown(SHUT_RD)).
func (c *netConn) CloseRead() error { return c.shutdown(vfs.SHUT_RD) }

func (c *netConn) shutdown(how int) error {
	fd := c.fd
	if err := fd.incref(); err != nil {
		return fd.opError("close", "shutdown", err)
	}
	defer fd.decref()
	return fd.opError("close", "shutdown", fd.p.Shutdown(fd.fd, how))
}
