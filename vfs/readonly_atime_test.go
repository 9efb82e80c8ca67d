package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Reads on a read-only mount move no atime: Linux's touch_atime asks
// atime_needs_update, which returns false when __mnt_is_readonly. Each
// case reads one object of a tmpfs remounted read-only and compares its
// atime before and after (stat itself moves no atime).
func TestReadOnlyMountMovesNoAtime(t *testing.T) {
	for _, c := range []struct {
		name, path string
		read       func(t *testing.T, p *vfs.Process)
	}{
		{"read_of_a_file", "/mnt/f", func(t *testing.T, p *vfs.Process) { readFile(t, p, "/mnt/f") }},
		{"getdents_of_a_directory", "/mnt/d", func(t *testing.T, p *vfs.Process) {
			fd, err := p.Open("/mnt/d", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
			require.NoError(t, err)
			_, err = p.Getdents(fd, make([]byte, 4096))
			require.NoError(t, err)
			require.NoError(t, p.Close(fd))
		}},
		{"readlink", "/mnt/l", func(t *testing.T, p *vfs.Process) {
			_, err := p.Readlink("/mnt/l", make([]byte, 64))
			require.NoError(t, err)
		}},
		{"following_a_symlink", "/mnt/l", func(t *testing.T, p *vfs.Process) {
			var st vfs.Stat_t
			require.NoError(t, p.Stat("/mnt/l", &st))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, p := newSystem(t)
			require.NoError(t, p.Mkdir("/mnt", 0o755))
			require.NoError(t, p.Mount("tmpfs", "/mnt", "tmpfs", 0, ""))
			writeFile(t, p, "/mnt/f", "data", 0o644)
			require.NoError(t, p.Mkdir("/mnt/d", 0o755))
			require.NoError(t, p.Symlink("f", "/mnt/l"))
			require.NoError(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT|vfs.MS_RDONLY, ""))
			var before, after vfs.Stat_t
			require.NoError(t, p.Lstat(c.path, &before))
			c.read(t, p)
			require.NoError(t, p.Lstat(c.path, &after))
			require.Equal(t, before.Mtim, after.Mtim)
			require.Equal(t, before.Atim, after.Atim,
				"%s on a read-only mount moved the atime of %s (Linux's atime_needs_update says no)", c.name, c.path)
		})
	}
}
