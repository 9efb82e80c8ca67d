package vfs_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The walk finds what is mounted on a dentry without a lock, in the
// dentry's own list (lookupMnt): stacks, one dentry under two mounts,
// and walks racing mount and umount.
func TestMountHash(t *testing.T) {
	t.Run("stacked_mounts_show_the_top_one_and_each_unmount_uncovers_the_next", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		writeFile(t, p, "/m/f", "0", 0o644)
		for _, s := range []string{"1", "2", "3"} {
			require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, ""))
			writeFile(t, p, "/m/f", s, 0o644)
		}
		for _, s := range []string{"3", "2", "1"} {
			require.Equal(t, s, readFile(t, p, "/m/f"))
			require.NoError(t, p.Unmount("/m", 0))
		}
		require.Equal(t, "0", readFile(t, p, "/m/f"))
	})

	t.Run("a_mount_covers_its_mountpoint_only_through_the_mount_it_was_made_on", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/a", 0o755))
		require.NoError(t, p.Mkdir("/a/x", 0o755))
		writeFile(t, p, "/a/x/f", "under", 0o644)
		require.NoError(t, p.Mkdir("/b", 0o755))
		require.NoError(t, p.Mount("/a", "/b", "", vfs.MS_BIND, ""))
		// /a/x and /b/x are one dentry, seen through two mounts.
		require.NoError(t, p.Mount("none", "/b/x", "tmpfs", 0, ""))
		writeFile(t, p, "/b/x/f", "over b", 0o644)
		require.Equal(t, "under", readFile(t, p, "/a/x/f"))
		require.NoError(t, p.Mount("none", "/a/x", "tmpfs", 0, ""))
		writeFile(t, p, "/a/x/f", "over a", 0o644)
		require.Equal(t, "over b", readFile(t, p, "/b/x/f"))
		require.NoError(t, p.Unmount("/b/x", 0))
		require.Equal(t, "under", readFile(t, p, "/b/x/f"))
		require.Equal(t, "over a", readFile(t, p, "/a/x/f"))
		require.NoError(t, p.Unmount("/a/x", 0))
		require.Equal(t, "under", readFile(t, p, "/a/x/f"))
	})

	t.Run("walks_racing_mount_and_unmount_see_one_side_or_the_other", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		writeFile(t, p, "/m/f", "under", 0o644)
		var stop atomic.Bool
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				buf := make([]byte, 16)
				for !stop.Load() {
					fd, err := p.Open("/m/f", vfs.O_RDONLY, 0)
					if err == vfs.ENOENT {
						continue // the new mount's file is not made yet
					}
					if err != nil {
						t.Error(err)
						return
					}
					// Empty: made but not written yet.
					n, err := p.Read(fd, buf)
					if s := string(buf[:n]); err != nil || s != "under" && s != "over" && s != "" {
						t.Errorf("/m/f reads %q, %v", s, err)
					}
					if err := p.Close(fd); err != nil {
						t.Error(err)
					}
				}
			})
		}
		for range 200 {
			require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, ""))
			writeFile(t, p, "/m/f", "over", 0o644)
			// A reader may hold /m/f open: MNT_DETACH lets it finish.
			require.NoError(t, p.Unmount("/m", vfs.MNT_DETACH))
		}
		stop.Store(true)
		wg.Wait()
		require.Equal(t, "under", readFile(t, p, "/m/f"))
	})
}
