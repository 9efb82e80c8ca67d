package sockfs

import "github.com/govfs/govfs/vfs"

var _ vfs.DiagramLinker = (*unixSock)(nil)

// DiagramLinks points a unix socket at its peer's File (a connection's
// other end, a datagram socket's default destination), at the node its
// path name is bound to, and, for a listener, at the connections
// waiting for accept(2). A connection not yet accepted has no File, so
// it is drawn as a socket of its own, which both the listener and the
// client that connected point at.
func (s *unixSock) DiagramLinks(*vfs.File) []vfs.DiagramLink {
	s.mu.Lock()
	peer, embryos := s.peer, append([]*unixSock(nil), s.embryos...)
	var bound *vfs.Inode
	if s.path.Dentry != nil {
		bound = s.path.Inode()
	}
	s.mu.Unlock()
	var links []vfs.DiagramLink
	if peer != nil {
		links = append(links, peer.diagramLink("peer"))
	}
	if bound != nil {
		links = append(links, vfs.DiagramLink{Label: "bound to", To: bound})
	}
	for _, e := range embryos {
		links = append(links, e.diagramLink("backlog"))
	}
	return links
}

// diagramLink is a link to s: its File, or s itself while it has none.
func (s *unixSock) diagramLink(label string) vfs.DiagramLink {
	s.mu.Lock()
	f := s.file
	s.mu.Unlock()
	if f != nil {
		return vfs.DiagramLink{Label: label, To: f}
	}
	return vfs.DiagramLink{Label: label, To: s, Kind: "socket", Name: "unix socket\nnot yet accepted"}
}
