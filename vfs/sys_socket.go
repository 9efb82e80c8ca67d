package vfs

// socket(2) and socketpair(2): the core's half (net/socket.c). It checks
// what every family would check, then hands the rest to the family
// registered for the domain; the sockets themselves live in sockfs.

// Socket makes a socket of domain, type and protocol (socket(2)); typ
// may carry SOCK_NONBLOCK and SOCK_CLOEXEC. A domain nobody registered
// is EAFNOSUPPORT, as on a kernel built without it.
func (p *Process) Socket(domain, typ, proto int) (int, error) {
	fd, err := p.socket(domain, typ, proto)
	if p.k.tracing() {
		p.k.traceNewFDs(p, "socket", int64(fd), err, []int{fd}, domain, typ, proto)
	}
	return fd, err
}

// Socketpair makes two connected sockets (socketpair(2)).
func (p *Process) Socketpair(domain, typ, proto int) ([2]int, error) {
	fds, err := p.socketpair(domain, typ, proto)
	if p.k.tracing() {
		p.k.traceNewFDs(p, "socketpair", 0, err, fds[:], domain, typ, proto, fds[:])
	}
	return fds, err
}

// sockType splits typ into the type and its flags, and finds the family
// (the checks of __sys_socket and __sock_create, in their order).
func (p *Process) sockType(domain, typ int) (fam SocketFamily, t int, nonblock, cloexec bool, err error) {
	if p.exiting.Load() {
		return nil, 0, false, false, ESRCH // no family may make a File for it
	}
	if typ&^(SOCK_NONBLOCK|SOCK_CLOEXEC|0xf) != 0 {
		return nil, 0, false, false, EINVAL
	}
	if domain < 0 || domain >= AF_MAX {
		return nil, 0, false, false, EAFNOSUPPORT
	}
	if typ&0xf > 10 { // SOCK_MAX; type 0 is the family's to refuse
		return nil, 0, false, false, EINVAL
	}
	fam = p.k.socketFamily(domain)
	if fam == nil {
		return nil, 0, false, false, EAFNOSUPPORT
	}
	return fam, typ & 0xf, typ&SOCK_NONBLOCK != 0, typ&SOCK_CLOEXEC != 0, nil
}

func (p *Process) socket(domain, typ, proto int) (int, error) {
	fam, t, nonblock, cloexec, err := p.sockType(domain, typ)
	if err != nil {
		return -1, err
	}
	f, err := fam.Socket(p, t, proto, nonblock)
	if err != nil {
		return -1, err
	}
	return p.InstallFD(f, cloexec)
}

func (p *Process) socketpair(domain, typ, proto int) ([2]int, error) {
	fds := [2]int{-1, -1}
	fam, t, nonblock, cloexec, err := p.sockType(domain, typ)
	if err != nil {
		return fds, err
	}
	a, b, err := fam.Socketpair(p, t, proto, nonblock)
	if err != nil {
		return fds, err
	}
	if fds[0], err = p.InstallFD(a, cloexec); err != nil {
		b.DecRef()
		return [2]int{-1, -1}, err
	}
	if fds[1], err = p.InstallFD(b, cloexec); err != nil {
		p.files.close(fds[0])
		return [2]int{-1, -1}, err
	}
	return fds, nil
}
