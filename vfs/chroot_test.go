package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// chroot(2): ".." stops at the new root, absolute paths and symlinks
// start there, and a cwd left outside it is "(unreachable)".

func TestChroot(t *testing.T) {
	_, root := newSystem(t)
	require.NoError(t, root.Mkdir("/tmp/jail", 0o755))
	require.NoError(t, root.Mkdir("/tmp/jail/inner", 0o755))
	require.NoError(t, root.Symlink("../../..", "/tmp/jail/inner/up"))
	require.NoError(t, root.Symlink("/inner", "/tmp/jail/abs"))
	jail := stat(t, root, "/tmp/jail")

	p, err := root.Fork()
	require.NoError(t, err)
	require.NoError(t, p.Chdir("/home"))
	require.NoError(t, p.Chroot("/tmp/jail"))

	t.Run("getcwd_outside_the_root_is_unreachable", func(t *testing.T) {
		require.Equal(t, "(unreachable)/home", getcwd(t, p))
	})
	t.Run("dotdot_at_the_new_root_stays", func(t *testing.T) {
		for _, path := range []string{"/..", "/../../..", "/inner/../..", "/inner/up"} {
			require.Equal(t, jail.Ino, stat(t, p, path).Ino, path)
		}
		require.NoError(t, p.Chdir("/inner"))
		require.NoError(t, p.Chdir("../../.."))
		require.Equal(t, "/", getcwd(t, p))
	})
	t.Run("absolute_paths_and_symlinks_start_at_the_new_root", func(t *testing.T) {
		require.Equal(t, stat(t, p, "/inner").Ino, stat(t, p, "/abs").Ino)
		var st vfs.Stat_t
		requireErrno(t, p.Stat("/tmp", &st), vfs.ENOENT)
	})
	t.Run("the_parent_keeps_its_root", func(t *testing.T) {
		require.NotEqual(t, jail.Ino, stat(t, root, "/").Ino)
	})
	t.Run("non_root_chroot_is_EPERM", func(t *testing.T) {
		user := forkAs(t, root, userUID, userGID)
		requireErrno(t, user.Chroot("/tmp/jail"), vfs.EPERM)
	})
}
