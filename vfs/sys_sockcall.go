package vfs

import "time"

// The socket calls after socket(2) (net/socket.c's __sys_*): find the
// socket behind the fd, convert the address, run the blocking loop
// around the family's operation.

// sockget returns the socket behind fd with a reference held
// (sockfd_lookup): EBADF, or ENOTSOCK for a File that is not a socket.
func (p *Process) sockget(fd int) (*File, SocketOperations, error) {
	f, err := p.fdget(fd)
	if err != nil {
		return nil, nil, err
	}
	so, err := sockOps(f)
	if err != nil {
		f.DecRef()
		return nil, nil, err
	}
	return f, so, nil
}

// sockaddrFor converts sa, as x/sys/unix does before the call, and
// finds the socket; a nil sa, which x/sys/unix cannot pass, is EINVAL.
func (p *Process) sockaddrFor(fd int, sa Sockaddr) (Sockaddr, *File, SocketOperations, error) {
	ksa, err := sockaddrIn(sa)
	if err != nil {
		return nil, nil, nil, err
	}
	f, so, err := p.sockget(fd)
	if err != nil {
		return nil, nil, nil, err
	}
	if ksa == nil {
		f.DecRef()
		return nil, nil, nil, EINVAL
	}
	return ksa, f, so, nil
}

// Bind gives the socket fd the address sa (bind(2)).
func (p *Process) Bind(fd int, sa Sockaddr) error {
	tr, tf := p.k.traceFD(p, fd)
	err := p.bind(fd, sa)
	if tr != nil {
		tr.fdDone(tf, "bind", 0, err)
		tr.end("bind", 0, err, fd, sa)
	}
	return err
}

func (p *Process) bind(fd int, sa Sockaddr) error {
	ksa, f, so, err := p.sockaddrFor(fd, sa)
	if err != nil {
		return err
	}
	defer f.DecRef()
	return so.Bind(f, p, ksa)
}

// Connect connects the socket fd to sa (connect(2)).
func (p *Process) Connect(fd int, sa Sockaddr) error {
	tr, tf := p.k.traceFD(p, fd)
	err := p.connect(fd, sa)
	if tr != nil {
		tr.fdDone(tf, "connect", 0, err)
		tr.end("connect", 0, err, fd, sa)
	}
	return err
}

func (p *Process) connect(fd int, sa Sockaddr) error {
	ksa, f, so, err := p.sockaddrFor(fd, sa)
	if err != nil {
		return err
	}
	defer f.DecRef()
	err = so.Connect(f, p, ksa)
	if err == EAGAIN && !f.Nonblock() {
		_, snd := sockTimeouts(f)
		err = p.sockBlock(f, POLLOUT, snd, func() error { return so.Connect(f, p, ksa) })
	}
	return err
}

// Listen makes the socket fd accept connections (listen(2)). As Linux
// does, a backlog above SOMAXCONN, or a negative one, is SOMAXCONN.
func (p *Process) Listen(fd int, backlog int) error {
	tr, tf := p.k.traceFD(p, fd)
	err := p.listen(fd, backlog)
	if tr != nil {
		tr.fdDone(tf, "listen", 0, err)
		tr.end("listen", 0, err, fd, backlog)
	}
	return err
}

func (p *Process) listen(fd, backlog int) error {
	f, so, err := p.sockget(fd)
	if err != nil {
		return err
	}
	defer f.DecRef()
	if uint32(backlog) > SOMAXCONN {
		backlog = SOMAXCONN
	}
	return so.Listen(f, backlog)
}

// Accept takes a connection from the listening socket fd (accept(2)).
func (p *Process) Accept(fd int) (int, Sockaddr, error) { return p.Accept4(fd, 0) }

// Accept4 is accept with SOCK_NONBLOCK and SOCK_CLOEXEC (accept4(2)).
func (p *Process) Accept4(fd int, flags int) (int, Sockaddr, error) {
	tr, tf := p.k.traceFD(p, fd)
	nfd, sa, err := p.accept4(tr, fd, flags)
	if tr != nil {
		tr.fdDone(tf, "", 0, nil)
		tr.end("accept4", int64(nfd), err, fd, flags)
	}
	return nfd, sa, err
}

func (p *Process) accept4(tr *callTrace, fd, flags int) (int, Sockaddr, error) {
	// __sys_accept4 looks the fd up, then checks the flags, then asks
	// whether it is a socket.
	f, err := p.fdget(fd)
	if err != nil {
		return -1, nil, err
	}
	defer f.DecRef()
	if flags&^(SOCK_CLOEXEC|SOCK_NONBLOCK) != 0 {
		return -1, nil, EINVAL
	}
	so, err := sockOps(f)
	if err != nil {
		return -1, nil, err
	}
	// do_accept reserves the fd first: with the table full it is EMFILE
	// and the connection stays queued.
	if p.files.findFree(0) >= p.nofile() {
		return -1, nil, EMFILE
	}
	nonblock := flags&SOCK_NONBLOCK != 0
	nf, err := so.Accept(f, p, nonblock)
	if tr != nil {
		tr.tries = 0
		tr.acceptTry(f, err)
	}
	if err == EAGAIN && !f.Nonblock() {
		rcv, _ := sockTimeouts(f)
		var last error
		err = p.sockBlock(f, POLLIN, rcv, func() (err error) {
			nf, err = so.Accept(f, p, nonblock)
			if tr != nil && tr.retry() {
				tr.acceptTry(f, err)
			}
			last = err
			return err
		})
		if tr != nil && (err != last || err == EAGAIN) {
			tr.blockEnd(err) // the sleep ended by a signal, the timeout, the exit
		}
	}
	if err != nil {
		return -1, nil, err
	}
	sa, err := sockOps(nf)
	var peer Sockaddr
	if err == nil {
		peer, err = sa.Getname(nf, true)
	}
	if err != nil {
		nf.DecRef()
		return -1, nil, ECONNABORTED
	}
	if tr != nil {
		nf.IncRef() // for installLayer: once in the table, a close could free it
		defer nf.DecRef()
	}
	nfd, err := p.InstallFD(nf, flags&SOCK_CLOEXEC != 0)
	if err != nil {
		return -1, nil, err
	}
	if tr != nil {
		tr.installLayer(nfd, nf)
	}
	return nfd, sockaddrOut(peer), nil
}

// Getsockname returns the address the socket fd is bound to.
func (p *Process) Getsockname(fd int) (Sockaddr, error) { return p.getname(fd, false) }

// Getpeername returns the address of the socket fd's peer (ENOTCONN).
func (p *Process) Getpeername(fd int) (Sockaddr, error) { return p.getname(fd, true) }

func (p *Process) getname(fd int, peer bool) (sa Sockaddr, err error) {
	if tr, tf := p.k.traceFD(p, fd); tr != nil {
		name := "getsockname"
		if peer {
			name = "getpeername"
		}
		sa, err = p.getnameOf(fd, peer)
		tr.fdDone(tf, name, 0, err)
		tr.end(name, 0, err, fd)
		return sa, err
	}
	return p.getnameOf(fd, peer)
}

func (p *Process) getnameOf(fd int, peer bool) (Sockaddr, error) {
	f, so, err := p.sockget(fd)
	if err != nil {
		return nil, err
	}
	defer f.DecRef()
	sa, err := so.Getname(f, peer)
	if err != nil {
		return nil, err
	}
	return sockaddrOut(sa), nil
}

// Shutdown shuts down reading, writing or both on the socket fd.
func (p *Process) Shutdown(fd int, how int) error {
	tr, tf := p.k.traceFD(p, fd)
	err := p.shutdown(fd, how)
	if tr != nil {
		tr.fdDone(tf, "shutdown", 0, err)
		tr.end("shutdown", 0, err, fd, how)
	}
	return err
}

func (p *Process) shutdown(fd, how int) error {
	f, so, err := p.sockget(fd)
	if err != nil {
		return err
	}
	defer f.DecRef()
	if how < SHUT_RD || how > SHUT_RDWR {
		return EINVAL
	}
	return so.Shutdown(f, how)
}

// sockTimeouts returns f's SO_RCVTIMEO and SO_SNDTIMEO.
func sockTimeouts(f *File) (rcv, snd time.Duration) {
	if t, ok := f.ops.(SocketTimeouter); ok {
		return t.Timeouts(f)
	}
	return 0, 0
}

// sockBlock waits for mask on f's queue and calls try until it is no
// longer EAGAIN. A timeout (a socket's SO_*TIMEO) ends it with EAGAIN.
func (p *Process) sockBlock(f *File, mask uint32, timeout time.Duration, try func() error) error {
	var deadline time.Time
	if timeout > 0 {
		deadline = p.k.Clock().Now().Add(timeout)
	}
	var err error
	berr := p.block([]*WaitQueue{f.EventQueue()}, mask, deadline, func() bool {
		err = try()
		return err != EAGAIN
	})
	switch berr {
	case nil:
		return err
	case errDeadline:
		return EAGAIN
	}
	return berr
}
