package vfs

import "encoding/binary"

// Control messages (net/core/scm.c): the bytes of msg_control, laid out
// as on linux/amd64, and their meaning. On a send the core turns the
// SCM_RIGHTS fds into Files and checks SCM_CREDENTIALS; on a receive it
// installs the Files the backend hands over and writes the messages
// back, truncating as put_cmsg and scm_detach_fds do.
//
//	cmsghdr:  len uint64 │ level int32 │ type int32 │ data … │ pad to 8

// scmMaxFD is SCM_MAX_FD: the most fds one message may carry.
const scmMaxFD = 253

// Cmsghdr is struct cmsghdr.
type Cmsghdr struct {
	Len   uint64
	Level int32
	Type  int32
}

// SocketControlMessage is one control message (x/sys/unix's type).
type SocketControlMessage struct {
	Header Cmsghdr
	Data   []byte
}

// Timeval is struct timeval: SO_RCVTIMEO and SO_SNDTIMEO.
type Timeval struct {
	Sec  int64
	Usec int64
}

var ne = binary.NativeEndian

func cmsgAlign(n int) int { return (n + 7) &^ 7 }

// CmsgLen is CMSG_LEN: a header and datalen bytes.
func CmsgLen(datalen int) int { return cmsgAlign(SizeofCmsghdr) + datalen }

// CmsgSpace is CMSG_SPACE: CmsgLen padded to the next message.
func CmsgSpace(datalen int) int { return cmsgAlign(SizeofCmsghdr) + cmsgAlign(datalen) }

func putCmsghdr(b []byte, level, typ, length int) {
	ne.PutUint64(b, uint64(length))
	ne.PutUint32(b[8:], uint32(int32(level)))
	ne.PutUint32(b[12:], uint32(int32(typ)))
}

// UnixRights encodes fds as an SCM_RIGHTS message, byte for byte as
// x/sys/unix does.
func UnixRights(fds ...int) []byte {
	b := make([]byte, CmsgSpace(4*len(fds)))
	putCmsghdr(b, SOL_SOCKET, SCM_RIGHTS, CmsgLen(4*len(fds)))
	for i, fd := range fds {
		ne.PutUint32(b[CmsgLen(4*i):], uint32(int32(fd)))
	}
	return b
}

// UnixCredentials encodes an SCM_CREDENTIALS message.
func UnixCredentials(c *Ucred) []byte {
	b := make([]byte, CmsgSpace(SizeofUcred))
	putCmsghdr(b, SOL_SOCKET, SCM_CREDENTIALS, CmsgLen(SizeofUcred))
	putUcred(b[CmsgLen(0):], c)
	return b
}

func putUcred(b []byte, c *Ucred) {
	ne.PutUint32(b, uint32(c.Pid))
	ne.PutUint32(b[4:], c.Uid)
	ne.PutUint32(b[8:], c.Gid)
}

func getUcred(b []byte) *Ucred {
	return &Ucred{Pid: int32(ne.Uint32(b)), Uid: ne.Uint32(b[4:]), Gid: ne.Uint32(b[8:])}
}

// ParseSocketControlMessage splits b into its control messages; EINVAL
// for a header whose length is short or runs past b.
func ParseSocketControlMessage(b []byte) ([]SocketControlMessage, error) {
	var msgs []SocketControlMessage
	for i := 0; i+CmsgLen(0) <= len(b); {
		h := Cmsghdr{Len: ne.Uint64(b[i:]), Level: int32(ne.Uint32(b[i+8:])), Type: int32(ne.Uint32(b[i+12:]))}
		if h.Len < SizeofCmsghdr || h.Len > uint64(len(b)-i) {
			return nil, EINVAL
		}
		msgs = append(msgs, SocketControlMessage{Header: h, Data: b[i+CmsgLen(0) : i+int(h.Len)]})
		i += cmsgAlign(int(h.Len))
	}
	return msgs, nil
}

// ParseUnixRights returns the fds of an SCM_RIGHTS message.
func ParseUnixRights(m *SocketControlMessage) ([]int, error) {
	if m.Header.Level != SOL_SOCKET || m.Header.Type != SCM_RIGHTS {
		return nil, EINVAL
	}
	fds := make([]int, len(m.Data)/4)
	for i := range fds {
		fds[i] = int(int32(ne.Uint32(m.Data[4*i:])))
	}
	return fds, nil
}

// ParseUnixCredentials returns the credentials of an SCM_CREDENTIALS
// message.
func ParseUnixCredentials(m *SocketControlMessage) (*Ucred, error) {
	if m.Header.Level != SOL_SOCKET || m.Header.Type != SCM_CREDENTIALS || len(m.Data) < SizeofUcred {
		return nil, EINVAL
	}
	return getUcred(m.Data), nil
}

// scmSend reads the control messages of a send into m (__scm_send): it
// takes a reference on each passed File (m.Rights) and checks claimed
// credentials (scm_check_creds). On error nothing is held.
func (p *Process) scmSend(oob []byte, m *Msghdr) (err error) {
	defer func() {
		if err != nil {
			dropRights(m)
		}
	}()
	for i := 0; i+CmsgLen(0) <= len(oob); {
		n := ne.Uint64(oob[i:])
		level, typ := int32(ne.Uint32(oob[i+8:])), int32(ne.Uint32(oob[i+12:]))
		if n < SizeofCmsghdr || n > uint64(len(oob)-i) { // CMSG_OK
			return EINVAL
		}
		data := oob[i+CmsgLen(0) : i+int(n)]
		i += cmsgAlign(int(n))
		if level != SOL_SOCKET {
			continue
		}
		switch typ {
		case SCM_RIGHTS:
			if err := p.scmRights(data, m); err != nil {
				return err
			}
		case SCM_CREDENTIALS:
			if len(data) != SizeofUcred {
				return EINVAL
			}
			c := getUcred(data)
			if err := p.checkCreds(c); err != nil {
				return err
			}
			m.Creds = c
		default:
			return EINVAL
		}
	}
	return nil
}

// scmRights is scm_fp_copy: each fd becomes a File reference.
func (p *Process) scmRights(data []byte, m *Msghdr) error {
	num := len(data) / 4
	if num == 0 {
		return nil
	}
	if len(m.Rights)+num > scmMaxFD {
		return EINVAL
	}
	for j := range num {
		f, err := p.files.get(int(int32(ne.Uint32(data[4*j:]))))
		if err != nil {
			return EBADF
		}
		m.Rights = append(m.Rights, f.expose()) // a backend holds it now
	}
	return nil
}

// checkCreds is scm_check_creds: a process may claim its own pid and
// any of its real, effective or saved ids; root may claim anything.
func (p *Process) checkCreds(u *Ucred) error {
	c := p.Cred()
	if c.privileged() {
		return nil
	}
	if int(u.Pid) != p.pid ||
		u.Uid != c.Uid && u.Uid != c.Euid && u.Uid != c.Suid ||
		u.Gid != c.Gid && u.Gid != c.Egid && u.Gid != c.Sgid {
		return EPERM
	}
	return nil
}

func dropRights(m *Msghdr) {
	for _, f := range m.Rights {
		f.DecRef()
	}
	m.Rights = nil
}

// scmRecv writes the control messages of a receive into oob and returns
// how many bytes it used (scm_recv): credentials first, then as many of
// the passed Files as fit, installed in p's table; the others are
// dropped and MSG_CTRUNC is set.
func (p *Process) scmRecv(oob []byte, m *Msghdr, flags int) int {
	used := 0
	if m.Creds != nil {
		var data [SizeofUcred]byte
		putUcred(data[:], m.Creds)
		used += p.putCmsg(oob, SCM_CREDENTIALS, data[:], m)
	}
	if len(m.Rights) == 0 {
		return used
	}
	rest := oob[used:]
	fdmax := 0
	if len(rest) > SizeofCmsghdr {
		fdmax = (len(rest) - SizeofCmsghdr) / 4
	}
	i := 0
	for ; i < len(m.Rights) && i < fdmax; i++ {
		fd, err := p.files.alloc(m.Rights[i], 0, flags&MSG_CMSG_CLOEXEC != 0, p.nofile())
		if err != nil {
			break // EMFILE: this File and the rest are dropped below
		}
		ne.PutUint32(rest[CmsgLen(4*i):], uint32(int32(fd)))
	}
	if i > 0 {
		putCmsghdr(rest, SOL_SOCKET, SCM_RIGHTS, CmsgLen(4*i))
		used += min(CmsgSpace(4*i), len(rest))
	}
	if i < len(m.Rights) {
		m.RecvFlags |= MSG_CTRUNC
		for _, f := range m.Rights[i:] {
			f.DecRef()
		}
	}
	m.Rights = nil
	return used
}

// putCmsg is put_cmsg: one message, cut short (and MSG_CTRUNC) when oob
// has no room for all of it.
func (p *Process) putCmsg(oob []byte, typ int, data []byte, m *Msghdr) int {
	if len(oob) < SizeofCmsghdr {
		m.RecvFlags |= MSG_CTRUNC
		return 0
	}
	cmlen := CmsgLen(len(data))
	if cmlen > len(oob) {
		m.RecvFlags |= MSG_CTRUNC
		cmlen = len(oob)
	}
	putCmsghdr(oob, SOL_SOCKET, typ, cmlen)
	copy(oob[SizeofCmsghdr:cmlen], data)
	return min(CmsgSpace(len(data)), len(oob))
}
