package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Mounts: st_dev, crossing, EXDEV, read-only and remount, bind, busy
// and lazy unmount, tmpfs limits and nodev. chroot_test.go does chroot.

// mountTmpfs makes dir and mounts a fresh tmpfs on it.
func mountTmpfs(t *testing.T, p *vfs.Process, dir string, flags uintptr, data string) {
	t.Helper()
	require.NoError(t, p.Mkdir(dir, 0o755))
	require.NoError(t, p.Mount("none", dir, "tmpfs", flags, data))
}

func TestMountCrossing(t *testing.T) {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/mnt", 0o755))
	writeFile(t, p, "/mnt/hidden", "under", 0o644)
	require.NoError(t, p.Mount("none", "/mnt", "tmpfs", 0, ""))
	require.NoError(t, p.Mkdir("/mnt/sub", 0o755))
	writeFile(t, p, "/mnt/f", "over", 0o644)
	writeFile(t, p, "/tmp/g", "", 0o644)

	t.Run("files_on_a_mount_have_their_own_st_dev", func(t *testing.T) {
		rootDev, mntDev := stat(t, p, "/tmp/g").Dev, stat(t, p, "/mnt/f").Dev
		require.NotEqual(t, rootDev, mntDev)
		require.Equal(t, mntDev, stat(t, p, "/mnt").Dev, "the mountpoint shows the mounted root")
	})
	t.Run("a_mount_hides_what_was_under_it", func(t *testing.T) {
		var st vfs.Stat_t
		requireErrno(t, p.Stat("/mnt/hidden", &st), vfs.ENOENT)
	})
	t.Run("a_new_tmpfs_root_is_mode_1777", func(t *testing.T) {
		require.Equal(t, uint32(vfs.S_IFDIR|0o1777), stat(t, p, "/mnt").Mode)
	})
	t.Run("rename_across_mounts_is_EXDEV", func(t *testing.T) {
		requireErrno(t, p.Rename("/tmp/g", "/mnt/g"), vfs.EXDEV)
		requireErrno(t, p.Rename("/mnt/f", "/tmp/f"), vfs.EXDEV)
	})
	t.Run("link_across_mounts_is_EXDEV", func(t *testing.T) {
		requireErrno(t, p.Link("/tmp/g", "/mnt/g"), vfs.EXDEV)
	})
	t.Run("dotdot_from_the_mount_root_reaches_the_parent_mount", func(t *testing.T) {
		root := stat(t, p, "/")
		for _, path := range []string{"/mnt/..", "/mnt/sub/../..", "/mnt/./../mnt/.."} {
			st := stat(t, p, path)
			require.Equal(t, [2]uint64{root.Dev, root.Ino}, [2]uint64{st.Dev, st.Ino}, path)
		}
		child, err := p.Fork()
		require.NoError(t, err)
		require.NoError(t, child.Chdir("/mnt/sub"))
		require.Equal(t, "/mnt/sub", getcwd(t, child))
		require.NoError(t, child.Chdir("../.."))
		require.Equal(t, "/", getcwd(t, child))
		child.Exit(0)
		_, err = p.Wait(child.Pid())
		require.NoError(t, err)
	})
	t.Run("unmount_shows_what_was_under_it", func(t *testing.T) {
		require.NoError(t, p.Unmount("/mnt", 0))
		require.Equal(t, "under", readFile(t, p, "/mnt/hidden"))
	})
}

func TestReadOnlyMount(t *testing.T) {
	_, p := newSystem(t)
	mountTmpfs(t, p, "/ro", 0, "")
	writeFile(t, p, "/ro/f", "data", 0o644)
	require.NoError(t, p.Mkdir("/ro/d", 0o755))
	require.NoError(t, p.Mount("", "/ro", "", vfs.MS_REMOUNT|vfs.MS_RDONLY, ""))

	open := func(path string, flags int) func() error {
		return func() error {
			fd, err := p.Open(path, flags, 0o644)
			if err == nil {
				p.Close(fd)
			}
			return err
		}
	}
	cases := []struct {
		name string
		call func() error
		want vfs.Errno
	}{
		{"create_is_EROFS", open("/ro/new", vfs.O_CREAT|vfs.O_WRONLY), vfs.EROFS},
		{"open_for_write_is_EROFS", open("/ro/f", vfs.O_WRONLY), vfs.EROFS},
		{"open_read_write_is_EROFS", open("/ro/f", vfs.O_RDWR), vfs.EROFS},
		{"O_TRUNC_is_EROFS", open("/ro/f", vfs.O_RDONLY|vfs.O_TRUNC), vfs.EROFS},
		{"open_for_read_is_allowed", open("/ro/f", vfs.O_RDONLY), 0},
		{"O_CREAT_of_an_existing_file_for_read_is_allowed", open("/ro/f", vfs.O_CREAT|vfs.O_RDONLY), 0},
		{"mkdir_is_EROFS", func() error { return p.Mkdir("/ro/d2", 0o755) }, vfs.EROFS},
		{"mkdir_of_an_existing_name_is_EEXIST_first", func() error { return p.Mkdir("/ro/d", 0o755) }, vfs.EEXIST},
		{"mkfifo_is_EROFS", func() error { return p.Mkfifo("/ro/fifo", 0o644) }, vfs.EROFS},
		{"symlink_is_EROFS", func() error { return p.Symlink("f", "/ro/l") }, vfs.EROFS},
		{"link_is_EROFS", func() error { return p.Link("/ro/f", "/ro/f2") }, vfs.EROFS},
		{"unlink_is_EROFS", func() error { return p.Unlink("/ro/f") }, vfs.EROFS},
		{"rmdir_is_EROFS", func() error { return p.Rmdir("/ro/d") }, vfs.EROFS},
		{"rename_is_EROFS", func() error { return p.Rename("/ro/f", "/ro/g") }, vfs.EROFS},
		{"chmod_is_EROFS", func() error { return p.Chmod("/ro/f", 0o600) }, vfs.EROFS},
		{"chown_is_EROFS", func() error { return p.Chown("/ro/f", 1, 1) }, vfs.EROFS},
		{"truncate_is_EROFS", func() error { return p.Truncate("/ro/f", 0) }, vfs.EROFS},
		{"utimes_is_EROFS", func() error { return p.UtimesNano("/ro/f", nil) }, vfs.EROFS},
		{"access_W_OK_is_EROFS", func() error { return p.Access("/ro/f", vfs.W_OK) }, vfs.EROFS},
		{"access_R_OK_is_allowed", func() error { return p.Access("/ro/f", vfs.R_OK) }, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireResult(t, c.call(), c.want) })
	}
	t.Run("reads_still_work", func(t *testing.T) {
		require.Equal(t, "data", readFile(t, p, "/ro/f"))
	})
	t.Run("statfs_reports_ST_RDONLY", func(t *testing.T) {
		var sf vfs.Statfs_t
		require.NoError(t, p.Statfs("/ro/f", &sf))
		require.NotZero(t, sf.Flags&vfs.ST_RDONLY)
	})
	t.Run("remount_read_write_allows_writes_again", func(t *testing.T) {
		require.NoError(t, p.Mount("", "/ro", "", vfs.MS_REMOUNT, ""))
		writeFile(t, p, "/ro/new", "x", 0o644)
		var sf vfs.Statfs_t
		require.NoError(t, p.Statfs("/ro", &sf))
		require.Zero(t, sf.Flags&vfs.ST_RDONLY)
	})
	t.Run("remount_below_the_mount_root_is_EINVAL", func(t *testing.T) {
		requireErrno(t, p.Mount("", "/ro/d", "", vfs.MS_REMOUNT|vfs.MS_RDONLY, ""), vfs.EINVAL)
	})
	t.Run("a_fresh_MS_RDONLY_mount_refuses_creates", func(t *testing.T) {
		mountTmpfs(t, p, "/ro2", vfs.MS_RDONLY, "")
		requireErrno(t, open("/ro2/x", vfs.O_CREAT|vfs.O_RDWR)(), vfs.EROFS)
	})
}

func TestRemountScope(t *testing.T) {
	_, p := newSystem(t)
	mountTmpfs(t, p, "/mnt", 0, "")
	require.NoError(t, p.Mkdir("/bind", 0o755))
	require.NoError(t, p.Mount("/mnt", "/bind", "", vfs.MS_BIND, ""))

	t.Run("bind_remount_read_only_covers_that_mount_only", func(t *testing.T) {
		require.NoError(t, p.Mount("", "/bind", "", vfs.MS_REMOUNT|vfs.MS_BIND|vfs.MS_RDONLY, ""))
		requireErrno(t, p.Mkdir("/bind/x", 0o755), vfs.EROFS)
		require.NoError(t, p.Mkdir("/mnt/x", 0o755))
		require.NoError(t, p.Mount("", "/bind", "", vfs.MS_REMOUNT|vfs.MS_BIND, ""))
		require.NoError(t, p.Mkdir("/bind/y", 0o755))
	})
	t.Run("plain_remount_read_only_covers_every_mount_of_the_filesystem", func(t *testing.T) {
		require.NoError(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT|vfs.MS_RDONLY, ""))
		requireErrno(t, p.Mkdir("/bind/z", 0o755), vfs.EROFS)
		var sf vfs.Statfs_t
		require.NoError(t, p.Statfs("/bind", &sf))
		require.NotZero(t, sf.Flags&vfs.ST_RDONLY)
		require.NoError(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT, ""))
		require.NoError(t, p.Mkdir("/bind/z", 0o755))
	})
	t.Run("remount_read_only_with_a_file_open_for_writing_is_EBUSY", func(t *testing.T) {
		fd, err := p.Open("/bind/f", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
		require.NoError(t, err)
		requireErrno(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT|vfs.MS_RDONLY, ""), vfs.EBUSY)
		requireErrno(t, p.Mount("", "/bind", "", vfs.MS_REMOUNT|vfs.MS_BIND|vfs.MS_RDONLY, ""), vfs.EBUSY)
		require.NoError(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT|vfs.MS_BIND|vfs.MS_RDONLY, ""),
			"the writer is on the other mount")
		require.NoError(t, p.Close(fd))
		require.NoError(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT|vfs.MS_RDONLY, ""))
		fd, err = p.Open("/bind/f", vfs.O_RDONLY, 0)
		require.NoError(t, err, "readers do not hold a remount")
		require.NoError(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT, ""))
		require.NoError(t, p.Mount("", "/mnt", "", vfs.MS_REMOUNT|vfs.MS_RDONLY, ""))
		require.NoError(t, p.Close(fd))
	})
}

func TestBindMount(t *testing.T) {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/tmp/src", 0o755))
	writeFile(t, p, "/tmp/src/f", "shared", 0o644)
	require.NoError(t, p.Mkdir("/tmp/dst", 0o755))
	require.NoError(t, p.Mount("/tmp/src", "/tmp/dst", "", vfs.MS_BIND, ""))

	t.Run("shows_the_same_inodes", func(t *testing.T) {
		a, b := stat(t, p, "/tmp/src/f"), stat(t, p, "/tmp/dst/f")
		require.Equal(t, [2]uint64{a.Dev, a.Ino}, [2]uint64{b.Dev, b.Ino})
	})
	t.Run("changes_through_one_side_show_on_the_other", func(t *testing.T) {
		writeFile(t, p, "/tmp/dst/new", "via dst", 0o644)
		require.Equal(t, "via dst", readFile(t, p, "/tmp/src/new"))
	})
	t.Run("rename_between_the_two_mounts_is_EXDEV", func(t *testing.T) {
		requireErrno(t, p.Rename("/tmp/src/f", "/tmp/dst/g"), vfs.EXDEV)
	})
	t.Run("binding_a_directory_on_a_file_is_ENOTDIR", func(t *testing.T) {
		writeFile(t, p, "/tmp/file", "", 0o644)
		requireErrno(t, p.Mount("/tmp/src", "/tmp/file", "", vfs.MS_BIND, ""), vfs.ENOTDIR)
	})
	t.Run("a_file_binds_on_a_file", func(t *testing.T) {
		require.NoError(t, p.Mount("/tmp/src/f", "/tmp/file", "", vfs.MS_BIND, ""))
		require.Equal(t, "shared", readFile(t, p, "/tmp/file"))
	})
	t.Run("unmount_leaves_the_source", func(t *testing.T) {
		require.NoError(t, p.Unmount("/tmp/dst", 0))
		require.Empty(t, listDir(t, p, "/tmp/dst"))
		require.Equal(t, []string{"f", "new"}, listDir(t, p, "/tmp/src"))
	})
}

func TestUnmount(t *testing.T) {
	_, p := newSystem(t)
	mountTmpfs(t, p, "/mnt", 0, "")
	writeFile(t, p, "/mnt/f", "kept", 0o644)
	require.NoError(t, p.Mkdir("/mnt/sub", 0o755))

	t.Run("busy_with_an_open_fd_is_EBUSY", func(t *testing.T) {
		fd, err := p.Open("/mnt/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		requireErrno(t, p.Unmount("/mnt", 0), vfs.EBUSY)
		require.NoError(t, p.Close(fd))
	})
	t.Run("busy_with_a_cwd_inside_is_EBUSY", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		require.NoError(t, child.Chdir("/mnt/sub"))
		requireErrno(t, p.Unmount("/mnt", 0), vfs.EBUSY)
		child.Exit(0)
		_, err = p.Wait(child.Pid())
		require.NoError(t, err)
	})
	t.Run("busy_with_a_mount_inside_is_EBUSY", func(t *testing.T) {
		require.NoError(t, p.Mount("none", "/mnt/sub", "tmpfs", 0, ""))
		requireErrno(t, p.Unmount("/mnt", 0), vfs.EBUSY)
		require.NoError(t, p.Unmount("/mnt/sub", 0))
	})
	t.Run("a_directory_that_is_not_a_mount_root_is_EINVAL", func(t *testing.T) {
		requireErrno(t, p.Unmount("/mnt/sub", 0), vfs.EINVAL)
		requireErrno(t, p.Unmount("/tmp", 0), vfs.EINVAL)
	})
	t.Run("a_missing_target_is_ENOENT", func(t *testing.T) {
		requireErrno(t, p.Unmount("/nowhere", 0), vfs.ENOENT)
	})
	t.Run("MNT_DETACH_succeeds_and_the_open_fd_still_works", func(t *testing.T) {
		fd, err := p.Open("/mnt/f", vfs.O_RDWR, 0)
		require.NoError(t, err)
		dirfd, err := p.Open("/mnt", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		require.NoError(t, err)
		require.NoError(t, p.Unmount("/mnt", vfs.MNT_DETACH))

		var st vfs.Stat_t
		requireErrno(t, p.Stat("/mnt/f", &st), vfs.ENOENT, "the name is gone")
		require.Equal(t, "kept", readAll(t, p, fd))
		_, err = p.Write(fd, []byte("+more"))
		require.NoError(t, err)
		require.NoError(t, p.Fstat(fd, &st))
		require.EqualValues(t, 9, st.Size)
		require.NoError(t, p.Fstatat(dirfd, "f", &st, 0), "the detached tree is still walkable")
		fd2, err := p.Openat(dirfd, "created_after_detach", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		for _, f := range []int{fd, fd2, dirfd} {
			require.NoError(t, p.Close(f))
		}
	})
}

func TestMountErrors(t *testing.T) {
	_, root := newSystem(t)
	require.NoError(t, root.Mkdir("/mnt", 0o777))
	writeFile(t, root, "/tmp/file", "", 0o644)
	user := forkAs(t, root, userUID, userGID)
	cases := []struct {
		name string
		call func() error
		want vfs.Errno
	}{
		{"unknown_fs_type_is_ENODEV", func() error { return root.Mount("none", "/mnt", "nosuchfs", 0, "") }, vfs.ENODEV},
		{"non_root_mount_is_EPERM", func() error { return user.Mount("none", "/mnt", "tmpfs", 0, "") }, vfs.EPERM},
		{"missing_target_is_ENOENT", func() error { return root.Mount("none", "/nowhere", "tmpfs", 0, "") }, vfs.ENOENT},
		{"tmpfs_on_a_file_is_ENOTDIR", func() error { return root.Mount("none", "/tmp/file", "tmpfs", 0, "") }, vfs.ENOTDIR},
		{"unknown_tmpfs_option_is_EINVAL", func() error { return root.Mount("none", "/mnt", "tmpfs", 0, "colour=blue") }, vfs.EINVAL},
		{"non_root_unmount_is_EPERM", func() error {
			if err := root.Mount("none", "/mnt", "tmpfs", 0, ""); err != nil {
				return err
			}
			return user.Unmount("/mnt", 0)
		}, vfs.EPERM},
		{"unknown_unmount_flag_is_EINVAL", func() error { return root.Unmount("/mnt", 0x100) }, vfs.EINVAL},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireResult(t, c.call(), c.want) })
	}
}

func TestTmpfsLimits(t *testing.T) {
	_, p := newSystem(t)
	t.Run("size_limit_gives_a_short_write_then_ENOSPC", func(t *testing.T) {
		mountTmpfs(t, p, "/small", 0, "size=64k")
		var sf vfs.Statfs_t
		require.NoError(t, p.Statfs("/small", &sf))
		require.Equal(t, [4]int64{vfs.TMPFS_MAGIC, 4096, 16, 16}, [4]int64{sf.Type, sf.Bsize, int64(sf.Blocks), int64(sf.Bfree)})

		fd, err := p.Open("/small/big", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		require.NoError(t, err)
		n, err := p.Write(fd, make([]byte, 128<<10))
		require.NoError(t, err, "a write that partly fits is short, not an error")
		require.Equal(t, 64<<10, n)
		_, err = p.Write(fd, []byte{1})
		requireErrno(t, err, vfs.ENOSPC)
		require.NoError(t, p.Statfs("/small", &sf))
		require.Zero(t, sf.Bfree)

		require.NoError(t, p.Unlink("/small/big"))
		require.NoError(t, p.Close(fd))
		require.NoError(t, p.Statfs("/small", &sf))
		require.EqualValues(t, 16, sf.Bfree, "the last close of an unlinked file frees its pages")
	})
	t.Run("nr_inodes_counts_the_root", func(t *testing.T) {
		mountTmpfs(t, p, "/few", 0, "nr_inodes=4")
		var sf vfs.Statfs_t
		require.NoError(t, p.Statfs("/few", &sf))
		require.Equal(t, [2]uint64{4, 3}, [2]uint64{sf.Files, sf.Ffree})
		writeFile(t, p, "/few/a", "", 0o644)
		require.NoError(t, p.Mkdir("/few/b", 0o755))
		require.NoError(t, p.Symlink("a", "/few/c"))
		_, err := p.Open("/few/d", vfs.O_CREAT|vfs.O_RDWR, 0o644)
		requireErrno(t, err, vfs.ENOSPC)
		requireErrno(t, p.Mkdir("/few/d", 0o755), vfs.ENOSPC)
		requireErrno(t, p.Symlink("a", "/few/d"), vfs.ENOSPC)
		require.NoError(t, p.Unlink("/few/c"))
		writeFile(t, p, "/few/e", "", 0o644)
	})
	t.Run("nr_inodes_counts_hard_links_too", func(t *testing.T) {
		// Linux's shmem_link reserves an inode for every extra link,
		// since each pins a dentry that tmpfs cannot drop.
		mountTmpfs(t, p, "/links", 0, "nr_inodes=3")
		writeFile(t, p, "/links/a", "", 0o644)
		require.NoError(t, p.Link("/links/a", "/links/b"))
		requireErrno(t, p.Link("/links/a", "/links/c"), vfs.ENOSPC)
		require.NoError(t, p.Unlink("/links/b"))
		require.NoError(t, p.Link("/links/a", "/links/c"))
	})
	t.Run("MS_NODEV_refuses_to_open_device_nodes", func(t *testing.T) {
		mountTmpfs(t, p, "/nodev", vfs.MS_NODEV, "")
		require.NoError(t, p.Mknod("/nodev/null", vfs.S_IFCHR|0o666, int(vfs.Mkdev(1, 3))))
		_, err := p.Open("/nodev/null", vfs.O_RDWR, 0)
		requireErrno(t, err, vfs.EACCES)
		fd, err := p.Open("/nodev/null", vfs.O_PATH, 0)
		require.NoError(t, err, "O_PATH does not open the device")
		require.NoError(t, p.Close(fd))
		var sf vfs.Statfs_t
		require.NoError(t, p.Statfs("/nodev", &sf))
		require.NotZero(t, sf.Flags&vfs.ST_NODEV)
	})
}

// TestMountChecksOrder: mount(2) and umount2(2) walk the target before
// they check privilege (literal results asked of Linux 6.18 as nobody).
func TestMountChecksOrder(t *testing.T) {
	_, p := newSystem(t)
	u := forkAs(t, p, 65534, 65534)
	for _, c := range []struct {
		name string
		call func() error
		want vfs.Errno
	}{
		{"mount_on_a_missing_target_is_ENOENT", func() error { return u.Mount("none", "/nonexistent", "tmpfs", 0, "") }, vfs.ENOENT},
		{"mount_by_a_user_is_EPERM", func() error { return u.Mount("none", "/tmp", "tmpfs", 0, "") }, vfs.EPERM},
		{"umount_of_a_missing_target_is_ENOENT", func() error { return u.Unmount("/nonexistent", 0) }, vfs.ENOENT},
		{"umount_by_a_user_is_EPERM_before_EINVAL", func() error { return u.Unmount("/tmp", 0) }, vfs.EPERM},
		{"umount_flags_first", func() error { return u.Unmount("/nonexistent", 0x100) }, vfs.EINVAL},
	} {
		t.Run(c.name, func(t *testing.T) { requireErrno(t, c.call(), c.want) })
	}
}
