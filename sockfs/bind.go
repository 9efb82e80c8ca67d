package sockfs

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// Names of unix sockets (unix_bind, unix_autobind, unix_find_other).
//
// A path name is a node in a real directory: bind(2) makes an S_IFSOCK
// inode through the VFS's mknod, keeps it held, and enters the inode in
// fs.byInode, which is how connect(2), having walked the path, finds the
// socket. Unlinking the name leaves the socket bound but unreachable. An
// abstract name (leading NUL) is only an entry in fs.abstract, one
// namespace per socket type, as Linux's hash makes it. Either
// goes when the socket is released.

// Bind is unix_bind. sa in the kernel's form: "" autobinds.
func (s *unixSock) Bind(_ *vfs.File, p *vfs.Process, sa vfs.Sockaddr) error {
	a, ok := sa.(*vfs.SockaddrUnix)
	if !ok {
		return vfs.EINVAL // unix_validate_addr: not AF_UNIX
	}
	switch {
	case a.Name == "":
		return s.autobind()
	case a.Name[0] == 0:
		return s.bindAbstract(a.Name)
	}
	return s.bindPath(p, a.Name)
}

// pathName is the path of a sun_path: up to its first NUL
// (unix_mkname_bsd measures it with strlen).
func pathName(name string) string {
	if i := strings.IndexByte(name, 0); i >= 0 {
		return name[:i]
	}
	return name
}

// bindPath is unix_bind_bsd: the node is made first (its EEXIST is
// EADDRINUSE), and taken away again if the socket turns out bound.
func (s *unixSock) bindPath(p *vfs.Process, name string) error {
	name = pathName(name)
	mode := s.file.Inode().Mode() & 0o7777 // the socket inode's (fchmod changes it)
	path, err := p.MknodPath(vfs.AT_FDCWD, name, vfs.S_IFSOCK|mode)
	if err == vfs.EEXIST {
		return vfs.EADDRINUSE
	}
	if err != nil {
		return err
	}
	fs := s.fs
	fs.mu.Lock()
	s.mu.Lock()
	if s.addr != "" || s.dead {
		s.mu.Unlock()
		fs.mu.Unlock()
		path.Put()
		_ = p.Unlink(name)
		return vfs.EINVAL
	}
	s.addr, s.path = name, path
	fs.byInode[path.Dentry.Inode()] = s
	s.mu.Unlock()
	fs.mu.Unlock()
	return nil
}

// bindAbstract is unix_bind_abstract.
func (s *unixSock) bindAbstract(name string) error {
	fs := s.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.addr != "" || s.dead {
		return vfs.EINVAL
	}
	if fs.abstract[abstractKey{s.typ, name}] != nil {
		return vfs.EADDRINUSE
	}
	fs.abstract[abstractKey{s.typ, name}] = s
	s.addr = name
	return nil
}

// autobind is unix_autobind: a bound socket stays as it is; an unbound
// one gets the first free abstract name of five hex digits after a
// random one ("\x00" + "%05x").
func (s *unixSock) autobind() error {
	fs := s.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.addr != "" || s.dead {
		return nil
	}
	start := rand.Uint32()
	for i := uint32(1); i <= 0x100000; i++ {
		name := fmt.Sprintf("\x00%05x", (start+i)&0xfffff)
		if k := (abstractKey{s.typ, name}); fs.abstract[k] == nil {
			fs.abstract[k] = s
			s.addr = name
			return nil
		}
	}
	return vfs.ENOSPC
}

// autobindIfPasscred binds an unbound socket with SO_PASSCRED before a
// connect or a datagram send, as Linux does so that the receiver's
// SCM_CREDENTIALS name someone who can be answered.
func (s *unixSock) autobindIfPasscred() error {
	s.mu.Lock()
	need := s.passcred && s.addr == ""
	s.mu.Unlock()
	if need {
		return s.autobind()
	}
	return nil
}

// find is unix_find_other: the socket of type typ named name. A path
// is walked as the caller would (ENOENT, ENOTDIR, ...) and needs write
// permission; a node that is not a socket, or that no socket is bound
// to, is ECONNREFUSED, as is an abstract name nobody holds.
func (fs *FS) find(p *vfs.Process, name string, typ int) (*unixSock, error) {
	if name == "" {
		return nil, vfs.EINVAL // only the family: unix_validate_addr
	}
	var t *unixSock
	if name[0] == 0 {
		fs.mu.Lock()
		t = fs.abstract[abstractKey{typ, name}]
		fs.mu.Unlock()
	} else {
		path, err := p.LookupPath(vfs.AT_FDCWD, pathName(name), 0)
		if err != nil {
			return nil, err
		}
		defer path.Put()
		in := path.Dentry.Inode()
		if err := p.Permission(in, vfs.W_OK); err != nil {
			return nil, err
		}
		if in.Mode()&vfs.S_IFMT != vfs.S_IFSOCK {
			return nil, vfs.ECONNREFUSED
		}
		fs.mu.Lock()
		t = fs.byInode[in]
		fs.mu.Unlock()
	}
	if t == nil {
		return nil, vfs.ECONNREFUSED
	}
	if t.typ != typ {
		return nil, vfs.EPROTOTYPE
	}
	return t, nil
}
