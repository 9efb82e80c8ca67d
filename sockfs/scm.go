package sockfs

import "github.com/govfs/govfs/vfs"

// Control messages on unix sockets (unix_scm_to_skb, maybe_add_creds,
// scm_recv): Files and credentials ride in the skb with the bytes. The
// VFS turned SCM_RIGHTS into File references before the send and turns
// them into fds after the receive; here they only travel.

// sendCreds is what an skb records of its sender: the credentials it
// claimed, or, when either end wants SCM_CREDENTIALS (or the receiver
// is an embryo, which may want them once accepted), its real ones.
// Otherwise nothing, and a receiver that asks later reads "nobody".
func (s *unixSock) sendCreds(p *vfs.Process, m *vfs.Msghdr, want bool) *vfs.Ucred {
	if m.Creds != nil {
		c := *m.Creds
		return &c
	}
	if !want {
		return nil
	}
	c := s.credsOf(p)
	return &c
}

// overflowID is the uid and gid an unrecorded sender reads as
// (overflowuid, overflowgid).
const overflowID = 65534

// recvCreds is what a receiver with SO_PASSCRED is told.
func recvCreds(c *vfs.Ucred) *vfs.Ucred {
	if c == nil {
		return &vfs.Ucred{Uid: overflowID, Gid: overflowID}
	}
	r := *c
	return &r
}

// credsEqual is unix_skb_scm_eq: may two skbs be read as one?
func credsEqual(a, b *vfs.Ucred) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// dupRights takes a new reference on each File (scm_fp_dup): what a
// peeking receiver gets.
func dupRights(fs []*vfs.File) []*vfs.File {
	if fs == nil {
		return nil
	}
	out := make([]*vfs.File, len(fs))
	for i, f := range fs {
		f.IncRef()
		out[i] = f
	}
	return out
}

// dropSkbs frees skbs nobody will read: their charge goes back to the
// senders and the Files they carried are put.
func (fs *FS) dropSkbs(bs []*skb) {
	free(bs)
	for _, b := range bs {
		if b.rights == nil {
			continue
		}
		fs.gc.del(fs, b.rights)
		for _, f := range b.rights {
			f.DecRef()
		}
		b.rights = nil
	}
}
