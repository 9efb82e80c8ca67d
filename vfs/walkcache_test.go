package vfs_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestWalkCacheSeesTreeChanges walks a path often enough for the walk
// cache to remember it, changes the tree under it, and checks that the
// next walk sees the change, as a walk that remembered nothing would.
func TestWalkCacheSeesTreeChanges(t *testing.T) {
	const deep = "/tmp/a/b/c/f"
	ino := func(t *testing.T, p *vfs.Process, path string) uint64 {
		t.Helper()
		var st vfs.Stat_t
		require.NoError(t, p.Stat(path, &st), path)
		return st.Ino
	}
	// warm walks path enough times to be remembered, and returns its ino.
	warm := func(t *testing.T, p *vfs.Process, path string) uint64 {
		t.Helper()
		for range 3 {
			ino(t, p, path)
		}
		return ino(t, p, path)
	}
	gone := func(t *testing.T, p *vfs.Process, path string, want vfs.Errno) {
		t.Helper()
		var st vfs.Stat_t
		requireErrno(t, p.Stat(path, &st), want, path)
		fd, err := p.Open(path, vfs.O_RDONLY, 0)
		requireErrno(t, err, want, path)
		require.Equal(t, -1, fd)
	}
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, p *vfs.Process, was uint64)
	}{
		{"rename_of_a_directory_on_the_way", func(t *testing.T, p *vfs.Process, was uint64) {
			require.NoError(t, p.Rename("/tmp/a/b", "/tmp/a/x"))
			gone(t, p, deep, vfs.ENOENT)
			require.Equal(t, was, ino(t, p, "/tmp/a/x/c/f"))
		}},
		{"rename_over_the_file", func(t *testing.T, p *vfs.Process, was uint64) {
			writeFile(t, p, "/tmp/g", "g", 0o644)
			g := ino(t, p, "/tmp/g")
			require.NoError(t, p.Rename("/tmp/g", deep))
			require.Equal(t, g, ino(t, p, deep))
		}},
		{"exchange_of_directories_on_the_way", func(t *testing.T, p *vfs.Process, was uint64) {
			require.NoError(t, p.Mkdir("/tmp/a/b/d", 0o755))
			require.NoError(t, p.Renameat2(vfs.AT_FDCWD, "/tmp/a/b/c", vfs.AT_FDCWD, "/tmp/a/b/d", vfs.RENAME_EXCHANGE))
			gone(t, p, deep, vfs.ENOENT)
			require.Equal(t, was, ino(t, p, "/tmp/a/b/d/f"))
		}},
		{"unlink_and_create_again", func(t *testing.T, p *vfs.Process, was uint64) {
			require.NoError(t, p.Unlink(deep))
			gone(t, p, deep, vfs.ENOENT)
			writeFile(t, p, deep, "new", 0o644)
			require.NotEqual(t, was, warm(t, p, deep))
		}},
		{"rmdir_of_a_directory_on_the_way", func(t *testing.T, p *vfs.Process, was uint64) {
			require.NoError(t, p.Unlink(deep))
			require.NoError(t, p.Rmdir("/tmp/a/b/c"))
			gone(t, p, deep, vfs.ENOENT)
			writeFile(t, p, "/tmp/a/b/c", "now a file", 0o644)
			gone(t, p, deep, vfs.ENOTDIR)
		}},
		{"mount_and_umount_on_the_way", func(t *testing.T, p *vfs.Process, was uint64) {
			require.NoError(t, p.Mount("none", "/tmp/a/b", "tmpfs", 0, ""))
			gone(t, p, deep, vfs.ENOENT)
			require.NoError(t, p.Unmount("/tmp/a/b", 0))
			require.Equal(t, was, ino(t, p, deep))
		}},
		{"relative_path_from_another_cwd", func(t *testing.T, p *vfs.Process, was uint64) {
			require.NoError(t, p.Chdir("/tmp/a"))
			require.Equal(t, was, warm(t, p, "b/c/f"))
			require.NoError(t, p.Chdir("/tmp/a/b"))
			gone(t, p, "b/c/f", vfs.ENOENT)
		}},
		{"same_path_under_another_root", func(t *testing.T, p *vfs.Process, was uint64) {
			c, err := p.Fork()
			require.NoError(t, err)
			require.NoError(t, c.Chroot("/tmp/a"))
			require.Equal(t, was, warm(t, c, "/b/c/f"))
			gone(t, p, "/b/c/f", vfs.ENOENT)
		}},
		{"rename_in_a_large_directory_on_the_way", func(t *testing.T, p *vfs.Process, was uint64) {
			for i := range 20 {
				writeFile(t, p, "/tmp/a/b/n"+strconv.Itoa(i), "", 0o644)
			}
			require.Equal(t, was, warm(t, p, deep))
			require.NoError(t, p.Rename("/tmp/a/b/c", "/tmp/a/b/zz"))
			gone(t, p, deep, vfs.ENOENT)
			require.Equal(t, was, ino(t, p, "/tmp/a/b/zz/f"))
		}},
		{"unsearchable_directory_for_another_user", func(t *testing.T, p *vfs.Process, was uint64) {
			require.NoError(t, p.Chmod("/tmp/a/b", 0o700))
			c := forkAs(t, p, 65534, 65534)
			var st vfs.Stat_t
			requireErrno(t, c.Stat(deep, &st), vfs.EACCES)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, p := newSystem(t)
			require.NoError(t, p.MkdirAll("/tmp/a/b/c", 0o755))
			writeFile(t, p, deep, "f", 0o644)
			tc.run(t, p, warm(t, p, deep))
		})
	}
}
