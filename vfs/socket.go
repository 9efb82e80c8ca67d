package vfs

import "time"

// Sockets as the core sees them (struct socket and struct proto_ops).
// socket(2) asks the family registered for the domain (registry.go) for
// a File; every later socket call finds that File through the fd table,
// as read(2) does, and calls its SocketOperations:
//
//	bind(3, sa) ─▶ fdtable[3] ─▶ File ─▶ f_op.(SocketOperations).Bind
//	                                       └─ not a socket: ENOTSOCK
//
// What is the same for every family lives here and in sys_socket*.go:
// the sockaddr conversions x/sys/unix does in user space, the control
// messages (SCM_RIGHTS turns fds into Files on the way in and Files into
// fds on the way out), the blocking loop (a socket never sleeps: it says
// EAGAIN and the core waits on the File's queue, as for a pipe), SIGPIPE
// and the SO_RCVTIMEO/SO_SNDTIMEO deadlines.

// SocketOperations is a socket File's operations (struct proto_ops). The
// FileOperations half serves read(2) and write(2), which on a socket are
// recvmsg and sendmsg without flags; the Poller half, which every socket
// implements, tells the core when to try again.
//
// A call that cannot go on yet returns EAGAIN and the core waits for
// POLLIN (receive, accept) or POLLOUT (send, connect) on the File's
// EventQueue, then calls again, unless the socket or the call is
// non-blocking. So a backend must notify its queue when that changes,
// and a second call must carry on where the first stopped.
type SocketOperations interface {
	FileOperations
	Poller

	// Bind gives the socket a local address (bind(2)). sa is in the
	// kernel's form (see Sockaddr).
	Bind(f *File, p *Process, sa Sockaddr) error
	// Connect connects to sa (connect(2)), or for a datagram socket sets
	// its default peer.
	Connect(f *File, p *Process, sa Sockaddr) error
	// Listen makes the socket accept connections (listen(2)); backlog
	// has been clamped to [0, SOMAXCONN].
	Listen(f *File, backlog int) error
	// Accept takes the next connection (accept4(2)) as a new File with
	// the given O_NONBLOCK; the core installs it and asks Getname for
	// the peer's address.
	Accept(f *File, p *Process, nonblock bool) (*File, error)
	// Getname returns the socket's own address, or its peer's
	// (getsockname(2), getpeername(2): ENOTCONN when there is none).
	Getname(f *File, peer bool) (Sockaddr, error)
	// Shutdown shuts down one or both directions (SHUT_RD, SHUT_WR,
	// SHUT_RDWR; the core has checked how).
	Shutdown(f *File, how int) error
	// Sendmsg sends m.Buf (sendmsg(2)) and returns how much it took. A
	// stream socket takes what fits, a message socket all or nothing.
	Sendmsg(f *File, p *Process, m *Msghdr) (int, error)
	// Recvmsg receives into m.Buf (recvmsg(2)) and fills m's results.
	Recvmsg(f *File, p *Process, m *Msghdr) (int, error)
	// Getsockopt copies the option's value into val, as the kernel's
	// getsockopt copies into optval, and returns its length.
	Getsockopt(f *File, p *Process, level, opt int, val []byte) (int, error)
	// Setsockopt sets the option from val (the bytes of optval).
	Setsockopt(f *File, p *Process, level, opt int, val []byte) error
}

// SocketTimeouter is a socket with SO_RCVTIMEO and SO_SNDTIMEO: the core
// asks it how long a blocking receive or send may wait (0: for ever).
type SocketTimeouter interface {
	Timeouts(f *File) (rcv, snd time.Duration)
}

// SendStater is a socket whose state can refuse a send before its
// control messages are read: unix_seqpacket_sendmsg says ENOTCONN (or a
// pending error), udp_sendmsg EDESTADDRREQ, before the control messages
// are looked at, so a bad fd in SCM_RIGHTS is not what the caller hears.
// m holds the data, address and flags, not yet the control messages.
type SendStater interface {
	SendState(f *File, m *Msghdr) error
}

// Msghdr is one sendmsg or recvmsg as a backend sees it (struct msghdr
// after the kernel copied it in): the data, the address, and the control
// messages already turned into objects.
type Msghdr struct {
	// Buf is the data to send, or the room to receive into.
	Buf []byte
	// Addr is the destination of a send (nil: the connected peer). A
	// receive sets the sender's address, or leaves nil when it has
	// none (a stream socket).
	Addr Sockaddr
	// Flags are the call's MSG_* flags. A receive sets RecvFlags, the
	// msg_flags the caller gets back (MSG_TRUNC, MSG_EOR, MSG_CTRUNC);
	// a read of the error queue sets MSG_ERRQUEUE there, and its EAGAIN
	// is not waited for (ip_recv_error answers at once).
	Flags     int
	RecvFlags int
	// Rights are the Files of SCM_RIGHTS, one reference each. On a send
	// the backend takes them over by setting Rights to nil, with the
	// first byte it accepts (what it leaves, the core drops; a backend
	// that cannot pass Files returns EINVAL). A receive sets the Files
	// that arrived and the core installs them in the receiver's table.
	Rights []*File
	// Creds are SCM_CREDENTIALS: on a send, what the sender claimed
	// (already checked, nil when it claimed nothing); on a receive,
	// what to report to a receiver with SO_PASSCRED (nil: none).
	Creds *Ucred
}

// Ucred is struct ucred: SO_PEERCRED and SCM_CREDENTIALS.
type Ucred struct {
	Pid int32
	Uid uint32
	Gid uint32
}

// UcredOf returns the credentials p sends (its pid and effective ids,
// as the kernel's scm_send fills them).
func UcredOf(p *Process) Ucred {
	c := p.Cred()
	return Ucred{Pid: int32(p.Pid()), Uid: c.Euid, Gid: c.Egid}
}

// IsSocket reports whether f is a socket.
func (f *File) IsSocket() bool {
	_, ok := f.ops.(SocketOperations)
	return ok
}

// sockOps returns the socket operations of f, or ENOTSOCK.
func sockOps(f *File) (SocketOperations, error) {
	if so, ok := f.ops.(SocketOperations); ok {
		return so, nil
	}
	return nil, ENOTSOCK
}
