package sockfs

import (
	"strconv"

	"github.com/govfs/govfs/vfs"
)

var _ vfs.FdinfoShower = (*unixSock)(nil)

// ShowFdinfo adds unix_show_fdinfo's line: how many fds SCM_RIGHTS
// messages queued here carry (a listener counts its embryos' too).
// Linux counts them in scm_stat as they are queued and uncounts them
// only as they are received, so the fds of messages that
// unix_dgram_disconnected dropped stay in its count: lostFds keeps them.
func (s *unixSock) ShowFdinfo(_ *vfs.File, b []byte) []byte {
	n := len(queuedFiles(s))
	s.mu.Lock()
	n += s.lostFds
	s.mu.Unlock()
	b = append(b, "scm_fds: "...)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, '\n')
}
