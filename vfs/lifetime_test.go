package vfs_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Lifetimes of inodes, dentries and mounts, as Linux has them: an inode
// lives while a dentry of it lives, and a dentry while a File, an
// O_PATH fd, a cwd or the cache holds it. The observable is the space a
// small tmpfs reports free: an inode evicted too early gives its pages
// back while they can still be written, one evicted never keeps them.

// statfsFree returns (free pages, total pages, free inodes, total inodes).
func statfsFree(t testing.TB, p *vfs.Process, path string) (bfree, blocks, ffree, files uint64) {
	t.Helper()
	var st vfs.Statfs_t
	require.NoError(t, p.Statfs(path, &st))
	return st.Bfree, st.Blocks, st.Ffree, st.Files
}

func requireAllFree(t testing.TB, p *vfs.Process, path string, inodesInUse uint64) {
	t.Helper()
	bfree, blocks, ffree, files := statfsFree(t, p, path)
	require.Equal(t, blocks, bfree, "pages still in use on %s", path)
	if files != 0 { // 0: no nr_inodes= limit, nothing counted
		require.Equal(t, files-inodesInUse, ffree, "inodes still in use on %s", path)
	}
}

func TestInodeLifetime(t *testing.T) {
	page := make([]byte, 4096)

	t.Run("open_racing_unlink_leaks_no_pages", func(t *testing.T) {
		_, p := newSystem(t)
		mountTmpfs(t, p, "/small", 0, "size=256k,nr_inodes=64")
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := "/small/f" + string(rune('0'+g))
				for range 1500 {
					fd, err := p.Open(name, vfs.O_CREAT|vfs.O_WRONLY, 0o644)
					if err == nil {
						p.Write(fd, page)
						p.Close(fd)
					}
					var inner sync.WaitGroup
					inner.Add(2)
					go func() {
						defer inner.Done()
						if fd, err := p.Open(name, vfs.O_WRONLY, 0); err == nil {
							p.Pwrite(fd, page, 4096)
							p.Pwrite(fd, page, 3*4096)
							p.Close(fd)
						}
					}()
					go func() {
						defer inner.Done()
						p.Unlink(name)
					}()
					inner.Wait()
				}
				p.Unlink(name)
			}()
		}
		wg.Wait()
		requireAllFree(t, p, "/small", 1) // the root directory
	})

	t.Run("an_O_PATH_fd_keeps_an_unlinked_inode", func(t *testing.T) {
		_, p := newSystem(t)
		mountTmpfs(t, p, "/small", 0, "size=64k")
		writeFile(t, p, "/small/f", string(page), 0o644)
		fd, err := p.Open("/small/f", vfs.O_PATH, 0)
		require.NoError(t, err)
		require.NoError(t, p.Unlink("/small/f"))
		bfree, blocks, _, _ := statfsFree(t, p, "/small")
		require.Equal(t, blocks-1, bfree, "the page must live while the O_PATH fd does")
		var st vfs.Stat_t
		require.NoError(t, p.Fstat(fd, &st))
		require.Equal(t, uint64(0), st.Nlink)
		require.NoError(t, p.Close(fd))
		requireAllFree(t, p, "/small", 1)
	})

	// cwdInRemoved returns init and a child whose cwd is a directory
	// init has removed, on a small tmpfs at /small.
	cwdInRemoved := func(t *testing.T) (p, c *vfs.Process) {
		_, p = newSystem(t)
		mountTmpfs(t, p, "/small", 0, "nr_inodes=8")
		require.NoError(t, p.Mkdir("/small/d", 0o755))
		c, err := p.Fork()
		require.NoError(t, err)
		require.NoError(t, c.Chdir("/small/d"))
		require.NoError(t, p.Rmdir("/small/d"))
		return p, c
	}
	reap := func(t *testing.T, p, c *vfs.Process) {
		c.Exit(0)
		_, err := p.Wait(c.Pid())
		require.NoError(t, err)
	}

	t.Run("a_cwd_keeps_a_removed_directory", func(t *testing.T) {
		p, c := cwdInRemoved(t)
		_, _, ffree, files := statfsFree(t, p, "/small")
		require.Equal(t, files-2, ffree, "the removed directory lives while it is a cwd")
		requireErrno(t, c.Mkdir("x", 0o755), vfs.ENOENT)
		require.NoError(t, c.Chdir("/"))
		requireAllFree(t, p, "/small", 1)
		reap(t, p, c)
	})

	t.Run("exit_drops_the_cwd", func(t *testing.T) {
		p, c := cwdInRemoved(t)
		reap(t, p, c)
		requireAllFree(t, p, "/small", 1)
	})

	t.Run("a_file_renamed_over_lives_while_open", func(t *testing.T) {
		_, p := newSystem(t)
		mountTmpfs(t, p, "/small", 0, "size=64k")
		writeFile(t, p, "/small/a", "old data", 0o644)
		writeFile(t, p, "/small/b", "new", 0o644)
		fd, err := p.Open("/small/a", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.NoError(t, p.Rename("/small/b", "/small/a"))
		require.Equal(t, "old data", readAll(t, p, fd))
		require.NoError(t, p.Close(fd))
		require.NoError(t, p.Unlink("/small/a"))
		requireAllFree(t, p, "/small", 1)
	})

	t.Run("an_O_TMPFILE_never_linked_is_freed_at_close", func(t *testing.T) {
		_, p := newSystem(t)
		mountTmpfs(t, p, "/small", 0, "size=64k")
		fd, err := p.Open("/small", vfs.O_TMPFILE|vfs.O_RDWR, 0o600)
		require.NoError(t, err)
		_, err = p.Write(fd, page)
		require.NoError(t, err)
		require.NoError(t, p.Close(fd))
		requireAllFree(t, p, "/small", 1)
	})
}

// TestMountLifetime: umount(2) and opens racing it, and what a dropped
// mount does to its filesystem.
func TestMountLifetime(t *testing.T) {
	t.Run("umount_racing_open_never_strands_a_file", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		for round := range 300 {
			require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, "size=64k"), "round %d", round)
			writeFile(t, p, "/m/f", "hello", 0o644)
			var done atomic.Bool
			var stranded atomic.Int32
			var wg sync.WaitGroup
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for !done.Load() {
						fd, err := p.Open("/m/f", vfs.O_RDONLY, 0)
						if err != nil {
							continue // ENOENT: walked past the umount
						}
						f, err := p.Fget(fd)
						if err == nil {
							if f.Path().Mnt.Detached() {
								stranded.Add(1)
							}
							f.DecRef()
						}
						p.Close(fd)
					}
				}()
			}
			for p.Unmount("/m", 0) != nil {
			}
			done.Store(true)
			wg.Wait()
			require.Zero(t, stranded.Load(), "round %d: an open landed in an unmounted filesystem", round)
		}
	})

	t.Run("the_last_umount_evicts_every_inode", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		require.NoError(t, p.Mkdir("/n", 0o755))
		require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, "size=64k"))
		writeFile(t, p, "/m/f", "hello", 0o644)
		require.NoError(t, p.Mount("/m", "/n", "", vfs.MS_BIND, ""))
		fd, err := p.Open("/n/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.NoError(t, p.Unmount("/m", 0))
		requireErrno(t, p.Unmount("/n", 0), vfs.EBUSY)
		require.NoError(t, p.Unmount("/n", vfs.MNT_DETACH))
		// The filesystem lives while the File does: its data is there.
		require.Equal(t, "hello", readAll(t, p, fd))
		require.NoError(t, p.Close(fd))
		_, err = p.Open("/n/f", vfs.O_RDONLY, 0)
		requireErrno(t, err, vfs.ENOENT)
	})
}

// superOf returns the superblock under path, through an O_PATH fd.
func superOf(t testing.TB, p *vfs.Process, path string) *vfs.SuperBlock {
	t.Helper()
	fd, err := p.Open(path, vfs.O_PATH, 0)
	require.NoError(t, err)
	f, err := p.Fget(fd)
	require.NoError(t, err)
	sb := f.Path().Mnt.SuperBlock()
	f.DecRef()
	require.NoError(t, p.Close(fd))
	return sb
}

func TestSuperBlockShutdown(t *testing.T) {
	t.Run("the_last_mount_shuts_the_filesystem_down", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		require.NoError(t, p.Mkdir("/n", 0o755))
		require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, ""))
		sb := superOf(t, p, "/m")
		require.NoError(t, p.Mount("/m", "/n", "", vfs.MS_BIND, ""))
		require.NoError(t, p.Unmount("/m", 0))
		require.False(t, sb.Dead(), "the bind mount keeps it")
		fd, err := p.Open("/n", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.NoError(t, p.Unmount("/n", vfs.MNT_DETACH))
		require.False(t, sb.Dead(), "the open directory keeps it")
		require.NoError(t, p.Close(fd))
		require.True(t, sb.Dead())
	})

	t.Run("a_File_holds_one_reference_and_DecRef_past_it_panics", func(t *testing.T) {
		_, p := newSystem(t)
		fd, err := p.Open("/tmp", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		f, err := p.Fget(fd)
		require.NoError(t, err)
		f.DecRef()
		require.NoError(t, p.Close(fd))
		require.Panics(t, f.DecRef)
	})
}

// TestUmountWindow puts an open's legitimize step exactly where the race
// is: after umount found the mount unused, before it detaches it. The
// walk's result must fail to hold there, else the File would live in a
// mount that umount(2) reported free.
func TestUmountWindow(t *testing.T) {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/m", 0o755))
	require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, ""))
	writeFile(t, p, "/m/f", "x", 0o644)
	at, err := p.LookupPath(vfs.AT_FDCWD, "/m/f", 0)
	require.NoError(t, err)
	at.Put() // now only what a walk has: no reference
	var held bool
	vfs.SetUmountHookForTest(func() { held = vfs.TryGetForTest(at) })
	defer vfs.SetUmountHookForTest(nil)
	require.NoError(t, p.Unmount("/m", 0))
	require.False(t, held, "a walk legitimized its path inside a mount umount had found unused")
	require.True(t, at.Mnt.Detached())
}
