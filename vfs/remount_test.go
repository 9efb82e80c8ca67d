package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// A file unlinked while open still lives on its filesystem, which so
// cannot turn read-only (sb_prepare_remount_readonly's s_remove_count).
func TestRemountReadOnlyWithAnUnlinkedOpenFile(t *testing.T) {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/mnt", 0o755))
	require.NoError(t, p.Mount("none", "/mnt", "tmpfs", 0, ""))
	writeFile(t, p, "/mnt/f", "data", 0o644)
	fd, err := p.Open("/mnt/f", vfs.O_RDONLY, 0)
	require.NoError(t, err)
	require.NoError(t, p.Unlink("/mnt/f"))
	requireErrno(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT|vfs.MS_RDONLY, ""), vfs.EBUSY)
	require.NoError(t, p.Close(fd))
	require.NoError(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT|vfs.MS_RDONLY, ""), "the orphan is gone with its last fd")

	require.NoError(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT, ""))
	fd, err = p.Open("/mnt", vfs.O_TMPFILE|vfs.O_RDWR, 0o600)
	require.NoError(t, err)
	requireErrno(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT|vfs.MS_RDONLY, ""), vfs.EBUSY, "an O_TMPFILE file: open for writing, and no name")
	require.NoError(t, p.Close(fd))
}
