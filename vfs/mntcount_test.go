package vfs_test

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// A mount's count is spread over shards, and Files count on different
// ones: umount(2) and the last close of a detached mount must still see
// the sum.

// openMany opens n Files at once, so they are n Files with n shards.
func openMany(t *testing.T, p *vfs.Process, path string, n int) []int {
	t.Helper()
	return openN(t, p, path, n)
}

func TestMountCountShards(t *testing.T) {
	t.Run("umount_is_EBUSY_until_the_last_file_on_any_shard_closes", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, ""))
		writeFile(t, p, "/m/f", "", 0o644)
		fds := openMany(t, p, "/m/f", 40)
		for _, fd := range fds {
			requireErrno(t, p.Unmount("/m", 0), vfs.EBUSY)
			require.NoError(t, p.Close(fd))
		}
		require.NoError(t, p.Unmount("/m", 0))
	})

	t.Run("a_busy_umount_leaves_the_count_right", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, ""))
		writeFile(t, p, "/m/f", "", 0o644)
		fds := openMany(t, p, "/m/f", 20)
		requireErrno(t, p.Unmount("/m", 0), vfs.EBUSY)
		// Files opened and closed after the thaw, on shards and not.
		more := openMany(t, p, "/m/f", 20)
		for _, fd := range append(fds, more...) {
			require.NoError(t, p.Close(fd))
		}
		fd, err := p.Open("/m/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		requireErrno(t, p.Unmount("/m", 0), vfs.EBUSY)
		require.NoError(t, p.Close(fd))
		require.NoError(t, p.Unmount("/m", 0))
	})

	t.Run("a_detached_mount_is_released_at_the_last_close_on_any_shard", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, ""))
		writeFile(t, p, "/m/f", "", 0o644)
		sb := superOf(t, p, "/m")
		fds := openMany(t, p, "/m/f", 40)
		require.NoError(t, p.Unmount("/m", vfs.MNT_DETACH))
		for _, fd := range fds {
			require.False(t, sb.Dead(), "a File still holds the mount")
			require.NoError(t, p.Close(fd))
		}
		require.True(t, sb.Dead())
	})

	t.Run("a_cwd_in_a_detached_mount_opens_and_closes_files", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, ""))
		writeFile(t, p, "/m/f", "", 0o644)
		sb := superOf(t, p, "/m")
		c, err := p.Fork()
		require.NoError(t, err)
		require.NoError(t, c.Chdir("/m"))
		require.NoError(t, p.Unmount("/m", vfs.MNT_DETACH))
		for range 3 {
			fds := openMany(t, c, "f", 20)
			for _, fd := range fds {
				require.NoError(t, c.Close(fd))
			}
		}
		require.False(t, sb.Dead(), "the cwd holds it")
		c.Exit(0)
		_, err = p.Wait(c.Pid())
		require.NoError(t, err)
		require.True(t, sb.Dead())
	})

	t.Run("umount_racing_opens_on_many_shards_never_strands_a_file", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		for round := range 20 {
			require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, ""))
			writeFile(t, p, "/m/f", "", 0o644)
			var opened, stranded atomic.Int32
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() {
					for {
						fds := make([]int, 0, 4)
						for range 4 { // several Files at once: several shards
							if fd, err := p.Open("/m/f", vfs.O_RDONLY, 0); err == nil {
								fds = append(fds, fd)
							}
						}
						for _, fd := range fds {
							if f, err := p.Fget(fd); err == nil {
								if f.Path().Mnt.Detached() {
									stranded.Add(1)
								}
								f.DecRef()
							}
							p.Close(fd)
						}
						if len(fds) == 0 {
							return // ENOENT: the mount is gone
						}
						opened.Add(int32(len(fds)))
						runtime.Gosched() // a moment with nothing open
					}
				})
			}
			for opened.Load() < 200 {
				runtime.Gosched()
			}
			for p.Unmount("/m", 0) != nil {
			}
			wg.Wait()
			require.Zero(t, stranded.Load(), "round %d: an open landed in an unmounted filesystem", round)
		}
	})
}
