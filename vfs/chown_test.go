package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// chown(f, -1, -1) changes no id, but on a set-id file it would drop the
// set-id bits — a mode change, which only the owner may make (Linux's
// setattr_prepare after notify_change turns ATTR_KILL_SUID into
// ATTR_MODE).
func TestChownNoChange(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/plain", "", 0o755)
	writeFile(t, p, "/tmp/setuid", "", 0o755)
	require.NoError(t, p.Chmod("/tmp/setuid", 0o4755))
	other := forkAs(t, p, 1000, 1000)

	require.NoError(t, other.Chown("/tmp/plain", -1, -1), "a non-owner may touch a plain file's ctime")
	requireErrno(t, other.Chown("/tmp/setuid", -1, -1), vfs.EPERM)

	require.NoError(t, p.Chown("/tmp/setuid", -1, -1), "root may")
	var st vfs.Stat_t
	require.NoError(t, p.Stat("/tmp/setuid", &st))
	require.Equal(t, uint32(0o755), st.Mode&0o7777, "and the setuid bit is gone")
}
