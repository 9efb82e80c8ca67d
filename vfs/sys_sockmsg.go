package vfs

import "time"

// sendto(2), recvfrom(2), sendmsg(2), recvmsg(2) and the socket options:
// the data path of a socket, with the blocking loop and the control
// messages around the family's Sendmsg and Recvmsg.

// Sendto sends b to the address to, or to the connected peer when to is
// nil (sendto(2)). Like x/sys/unix's it reports no count.
func (p *Process) Sendto(fd int, b []byte, flags int, to Sockaddr) error {
	tr := p.k.traceBegin(p)
	n, err := p.sendmsg(tr, fd, b, nil, to, flags)
	if tr != nil {
		tr.end("sendto", int64(n), err, fd, b, flags, to)
	}
	return err
}

// SendmsgN sends b with the control messages oob (sendmsg(2)) and
// returns how many bytes of b went. As x/sys/unix does, with oob and no
// data it sends one NUL byte on a socket that is not SOCK_DGRAM, and
// reports 0.
func (p *Process) SendmsgN(fd int, b, oob []byte, to Sockaddr, flags int) (int, error) {
	tr := p.k.traceBegin(p)
	n, err := p.sendmsg(tr, fd, b, oob, to, flags)
	if tr != nil {
		tr.end("sendmsg", int64(n), err, fd, b, len(oob), flags, to)
	}
	return n, err
}

func (p *Process) sendmsg(tr *callTrace, fd int, b, oob []byte, to Sockaddr, flags int) (int, error) {
	ksa, err := sockaddrIn(to)
	if err != nil {
		return 0, err
	}
	f, so, err := p.sockget(fd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if tr != nil {
		tr.fileLayer(fd, f)
	}
	dummy := len(oob) > 0 && len(b) == 0 && sockOpt(f, p, so, SO_TYPE) != SOCK_DGRAM
	if dummy {
		b = []byte{0}
	}
	m := &Msghdr{Buf: b, Addr: ksa, Flags: flags}
	if _, ok := so.(RawControl); ok && len(oob) > 0 {
		m.Control = oob
	} else {
		if ss, ok := so.(SendStater); ok && len(oob) > 0 {
			if err := ss.SendState(f, m); err != nil {
				return 0, err
			}
		}
		if err := p.scmSend(oob, m); err != nil {
			return 0, err
		}
		if tr != nil {
			tr.rightsLayer(m.Rights)
		}
		defer dropRights(m) // those the backend did not take
	}
	n, err := p.sockSend(tr, f, so, m)
	if dummy && err == nil {
		n = 0
	}
	return n, err
}

// sockOpt is the socket's int option opt of SOL_SOCKET (SO_TYPE,
// SO_DOMAIN), 0 if it has none.
func sockOpt(f *File, p *Process, so SocketOperations, opt int) int {
	var v [4]byte
	if _, err := so.Getsockopt(f, p, SOL_SOCKET, opt, v[:]); err != nil {
		return 0
	}
	return int(int32(ne.Uint32(v[:])))
}

// sockDeadline turns a socket timeout into a deadline on the kernel's
// clock; the zero time waits for ever.
func (p *Process) sockDeadline(d time.Duration) time.Time {
	if d <= 0 {
		return time.Time{}
	}
	return p.k.Clock().Now().Add(d)
}

// sockSend is the blocking loop of a send: the backend takes what fits
// and says EAGAIN for the rest; a blocking send goes on until all is
// taken, and a signal or SO_SNDTIMEO ends it with the partial count.
// EPIPE with nothing sent raises SIGPIPE unless MSG_NOSIGNAL.
func (p *Process) sockSend(tr *callTrace, f *File, so SocketOperations, m *Msghdr) (int, error) {
	done, err := so.Sendmsg(f, p, m)
	if tr != nil {
		tr.dispatched(f, "sendmsg", done, err)
	}
	if err == EAGAIN && !f.Nonblock() && m.Flags&MSG_DONTWAIT == 0 {
		_, snd := sockTimeouts(f)
		done, err = p.sockWait(tr, "sendmsg", f, POLLOUT|pollWrnorm, snd, m, done, so.Sendmsg)
	}
	if err == EPIPE && done == 0 && m.Flags&MSG_NOSIGNAL == 0 {
		p.signal(SIGPIPE)
	}
	return finish(done, err)
}

// sockWait is the loop of a send or receive that made done bytes of
// progress and must wait for mask to go on with the rest of m.Buf. A
// signal, the timeout or the process's exit ends it; what was done
// stands.
func (p *Process) sockWait(tr *callTrace, name string, f *File, mask uint32, timeout time.Duration, m *Msghdr, done int,
	op func(*File, *Process, *Msghdr) (int, error)) (int, error) {
	buf := m.Buf
	var err error
	berr := p.block([]*WaitQueue{f.EventQueue()}, mask, p.sockDeadline(timeout), func() bool {
		m.Buf = buf[done:]
		var n int
		n, err = op(f, p, m)
		if tr != nil && tr.retry() {
			tr.fopLayer(f, name, n, err)
		}
		done += n
		return err != EAGAIN
	})
	m.Buf = buf
	switch berr {
	case nil:
	case errDeadline:
		err = EAGAIN
	default:
		err = berr
	}
	if berr != nil && tr != nil {
		tr.blockEnd(err)
	}
	return done, err
}

// Recvfrom receives into b (recvfrom(2)) and returns the sender's
// address, nil when the socket does not report one.
func (p *Process) Recvfrom(fd int, b []byte, flags int) (int, Sockaddr, error) {
	tr := p.k.traceBegin(p)
	n, _, _, from, err := p.recvmsg(tr, fd, b, nil, flags)
	if tr != nil {
		tr.end("recvfrom", int64(n), err, fd, len(b), flags)
	}
	return n, from, err
}

// Recvmsg receives into b and the control messages into oob
// (recvmsg(2)). Passed fds are installed in p's table (close-on-exec
// with MSG_CMSG_CLOEXEC); those oob has no room for are closed and
// recvflags has MSG_CTRUNC. As x/sys/unix does, with oob and no room
// for data it receives one byte on a socket that is not SOCK_DGRAM.
func (p *Process) Recvmsg(fd int, b, oob []byte, flags int) (n, oobn, recvflags int, from Sockaddr, err error) {
	tr := p.k.traceBegin(p)
	n, oobn, recvflags, from, err = p.recvmsg(tr, fd, b, oob, flags)
	if tr != nil {
		tr.end("recvmsg", int64(n), err, fd, len(b), len(oob), flags)
	}
	return
}

func (p *Process) recvmsg(tr *callTrace, fd int, b, oob []byte, flags int) (int, int, int, Sockaddr, error) {
	f, so, err := p.sockget(fd)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	defer f.DecRef()
	if tr != nil {
		tr.fileLayer(fd, f)
	}
	if len(oob) > 0 && len(b) == 0 && sockOpt(f, p, so, SO_TYPE) != SOCK_DGRAM {
		b = make([]byte, 1)
	}
	// ____sys_recvmsg starts msg_flags with MSG_CMSG_CLOEXEC, so the
	// caller gets it back.
	m := &Msghdr{Buf: b, Flags: flags, RecvFlags: flags & MSG_CMSG_CLOEXEC}
	n, err := p.sockRecv(tr, f, so, m)
	if err != nil {
		dropRights(m)
		return 0, 0, 0, nil, err
	}
	oobn := p.scmRecv(oob, m, flags)
	var from Sockaddr
	if m.Addr != nil {
		from = sockaddrOut(m.Addr)
	}
	return n, oobn, m.RecvFlags, from, nil
}

// sockRecv is the blocking loop of a receive. A backend that returns
// some bytes with EAGAIN (MSG_WAITALL on a stream) is called again for
// the rest; one that read its error queue (MSG_ERRQUEUE in RecvFlags)
// is not waited for.
func (p *Process) sockRecv(tr *callTrace, f *File, so SocketOperations, m *Msghdr) (int, error) {
	done, err := so.Recvmsg(f, p, m)
	if tr != nil {
		tr.dispatched(f, "recvmsg", done, err)
	}
	if err == EAGAIN && !f.Nonblock() && m.Flags&MSG_DONTWAIT == 0 && m.RecvFlags&MSG_ERRQUEUE == 0 {
		rcv, _ := sockTimeouts(f)
		done, err = p.sockWait(tr, "recvmsg", f, POLLIN|pollRdnorm|POLLRDHUP, rcv, m, done, so.Recvmsg)
	}
	return finish(done, err)
}

// GetsockoptInt returns an int option (getsockopt(2)).
func (p *Process) GetsockoptInt(fd, level, opt int) (int, error) {
	var v [4]byte
	_, err := p.getsockopt(fd, level, opt, v[:])
	return int(int32(ne.Uint32(v[:]))), err
}

// SetsockoptInt sets an int option (setsockopt(2)).
func (p *Process) SetsockoptInt(fd, level, opt, value int) error {
	var v [4]byte
	ne.PutUint32(v[:], uint32(int32(value)))
	return p.setsockopt(fd, level, opt, v[:])
}

// GetsockoptUcred returns SO_PEERCRED.
func (p *Process) GetsockoptUcred(fd, level, opt int) (*Ucred, error) {
	var v [SizeofUcred]byte
	if _, err := p.getsockopt(fd, level, opt, v[:]); err != nil {
		return nil, err
	}
	return getUcred(v[:]), nil
}

// GetsockoptTimeval returns a timeval option (SO_RCVTIMEO, SO_SNDTIMEO).
func (p *Process) GetsockoptTimeval(fd, level, opt int) (*Timeval, error) {
	var v [16]byte
	if _, err := p.getsockopt(fd, level, opt, v[:]); err != nil {
		return nil, err
	}
	return &Timeval{Sec: int64(ne.Uint64(v[:])), Usec: int64(ne.Uint64(v[8:]))}, nil
}

// SetsockoptTimeval sets a timeval option.
func (p *Process) SetsockoptTimeval(fd, level, opt int, tv *Timeval) error {
	var v [16]byte
	ne.PutUint64(v[:], uint64(tv.Sec))
	ne.PutUint64(v[8:], uint64(tv.Usec))
	return p.setsockopt(fd, level, opt, v[:])
}

func (p *Process) getsockopt(fd, level, opt int, val []byte) (n int, err error) {
	tr, tf := p.k.traceFD(p, fd)
	f, so, err := p.sockget(fd)
	if err == nil {
		n, err = so.Getsockopt(f, p, level, opt, val)
		f.DecRef()
	}
	if tr != nil {
		tr.fdDone(tf, "getsockopt", 0, err)
		tr.end("getsockopt", 0, err, fd, level, opt)
	}
	return n, err
}

func (p *Process) setsockopt(fd, level, opt int, val []byte) error {
	tr, tf := p.k.traceFD(p, fd)
	f, so, err := p.sockget(fd)
	if err == nil {
		err = so.Setsockopt(f, p, level, opt, val)
		f.DecRef()
	}
	if tr != nil {
		tr.fdDone(tf, "setsockopt", 0, err)
		tr.end("setsockopt", 0, err, fd, level, opt, val)
	}
	return err
}
