package sockfs

import (
	"strconv"

	"github.com/govfs/govfs/vfs"
)

var _ vfs.FdinfoShower = (*unixSock)(nil)

// ShowFdinfo adds unix_show_fdinfo's line: how many fds SCM_RIGHTS
// messages queued here carry (a listener counts its embryos' too).
func (s *unixSock) ShowFdinfo(_ *vfs.File, b []byte) []byte {
	b = append(b, "scm_fds: "...)
	b = strconv.AppendInt(b, int64(len(queuedFiles(s))), 10)
	return append(b, '\n')
}
