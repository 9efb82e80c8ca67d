//go:build linux

package vfstest_test

import (
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Mounts: tmpfs options and limits, read-only mounts, remounts, bind mounts,
// umount, stacking, rename/link/".." across mounts (Session.InNamespace).
// nsc: "mnt" (0755) exists, body runs in a private mount namespace.
func nsc(name string, body func(m *vfstest.Session)) vfstest.Scenario {
	return sc(name, func(s *vfstest.Session) {
		s.Mkdir("mnt", 0o755)
		s.InNamespace(body)
	})
}

func tmpfs(m *vfstest.Session, dir string, flags uintptr, data string) {
	m.Mount("tmpfs", dir, "tmpfs", flags, data)
}

func ls(m *vfstest.Session, dir string) {
	fd := m.Open(dir, dirOnly, 0)
	m.ReadDir(fd, 4096)
	m.Close(fd)
}

const roRemount = unix.MS_REMOUNT | unix.MS_RDONLY

var mountScenarios = []vfstest.Scenario{
	nsc("tmpfs_mount_hides_the_directory_and_umount_shows_it_again", func(m *vfstest.Session) {
		m.WriteFile("mnt/old", "under", 0o644)
		tmpfs(m, "mnt", 0, "")
		m.Stat("mnt")
		ls(m, "mnt")
		m.Stat("mnt/old")
		m.Umount("mnt", 0)
		m.Stat("mnt/old")
	}),
	nsc("tmpfs_mount_root_has_its_own_device_and_inode", func(m *vfstest.Session) {
		parent, under := m.Stat("."), m.Stat("mnt")
		tmpfs(m, "mnt", 0, "")
		root := m.Stat("mnt")
		m.Note("st_dev differs from the parent", root.Dev != parent.Dev)
		m.Note("st_ino differs from the covered dir", root.Ino != under.Ino)
		m.Mkdir("mnt/d", 0o755)
		m.Note("subdir on the mount's device", m.Stat("mnt/d").Dev == root.Dev)
	}),
	nsc("statfs_of_tmpfs_size_64k_nr_inodes_16", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "size=64k,nr_inodes=16")
		m.StatfsCounts("mnt")
		m.Statfs(".")
	}),
	nsc("statfs_counts_fall_as_files_and_data_are_added", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "size=64k,nr_inodes=16")
		fd := m.Open("mnt/f", creatRW, 0o644)
		m.Write(fd, strings.Repeat("x", 5000))
		m.Mkdir("mnt/d", 0o755)
		m.Symlink("f", "mnt/l")
		m.StatfsCounts("mnt")
		m.Ftruncate(fd, 0)
		m.StatfsCounts("mnt/d")
	}),
	nsc("write_past_size_is_short_then_ENOSPC", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "size=16k,nr_inodes=16")
		fd := m.Open("mnt/f", creatRW, 0o644)
		m.Write(fd, strings.Repeat("a", 10000))
		m.Write(fd, strings.Repeat("b", 10000))
		m.Write(fd, "c")
		m.Pwrite(fd, "d", 100000)
		m.Fstat(fd)
		m.StatfsCounts("mnt")
	}),
	nsc("fallocate_past_size_is_ENOSPC_but_ftruncate_is_sparse", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "size=16k,nr_inodes=16")
		fd := m.Open("mnt/f", creatRW, 0o644)
		m.Ftruncate(fd, 1<<20)
		m.Fallocate(fd, 0, 0, 32768)
		m.Fallocate(fd, 0, 0, 8192)
		m.Fstat(fd)
		m.StatfsCounts("mnt")
	}),
	nsc("creates_past_nr_inodes_are_ENOSPC_and_the_root_counts", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "size=64k,nr_inodes=3")
		m.StatfsCounts("mnt")
		m.Close(m.Open("mnt/a", creatWR, 0o644))
		m.Mkdir("mnt/b", 0o755)
		m.Open("mnt/c", creatWR, 0o644)
		m.Mkdir("mnt/d", 0o755)
		m.Symlink("a", "mnt/e")
		m.Mknod("mnt/f", unix.S_IFIFO|0o644, 0)
		m.Unlink("mnt/a")
		m.Close(m.Open("mnt/c", creatWR, 0o644))
		m.StatfsCounts("mnt")
	}),
	nsc("hard_links_on_tmpfs_spend_nr_inodes", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "size=64k,nr_inodes=4")
		m.WriteFile("mnt/a", "x", 0o644)
		m.Link("mnt/a", "mnt/b")
		m.Link("mnt/a", "mnt/c")
		m.StatfsCounts("mnt")
		m.Unlink("mnt/b")
		m.Link("mnt/a", "mnt/c")
		m.Stat("mnt/a")
	}),
	nsc("mode_uid_gid_options_set_the_root", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "mode=0710,uid=1000,gid=2000")
		m.Stat("mnt")
		m.Umount("mnt", 0)
		tmpfs(m, "mnt", 0, "mode=1777")
		m.Stat("mnt")
	}),
	nsc("bad_tmpfs_options_are_EINVAL", func(m *vfstest.Session) {
		for _, opt := range []string{"size=abc", "bogus=1", "nr_inodes=x", "mode=999", "uid=-1", "size=64k,size"} {
			tmpfs(m, "mnt", 0, opt)
		}
		ls(m, "mnt")
	}),
	nsc("unknown_fstype_is_ENODEV", func(m *vfstest.Session) {
		m.Mount("x", "mnt", "nosuchfs", 0, "")
		m.Mount("x", "mnt", "", 0, "")
	}),
	nsc("mount_on_a_file_is_ENOTDIR_on_a_missing_dir_ENOENT", func(m *vfstest.Session) {
		m.WriteFile("f", "x", 0o644)
		tmpfs(m, "f", 0, "")
		tmpfs(m, "f/sub", 0, "")
		tmpfs(m, "missing", 0, "")
		tmpfs(m, "missing/sub", 0, "")
		m.Symlink("mnt", "link")
		tmpfs(m, "link", 0, "")
		m.Note("the symlink was followed", m.Stat("mnt").Dev != m.Stat(".").Dev)
	}),
	nsc("mount_MS_RDONLY_tmpfs_is_EROFS_and_statfs_says_so", func(m *vfstest.Session) {
		tmpfs(m, "mnt", unix.MS_RDONLY, "size=64k,nr_inodes=16")
		m.StatfsCounts("mnt")
		m.Mkdir("mnt/d", 0o755)
		m.Open("mnt/f", creatWR, 0o644)
		m.Chmod("mnt", 0o700)
		ls(m, "mnt")
		m.Access("mnt", unix.W_OK)
	}),
	nsc("remount_ro_refuses_namespace_changes_with_EROFS", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "")
		m.WriteFile("mnt/f", "data", 0o644)
		m.Mkdir("mnt/d", 0o755)
		m.Mount("", "mnt", "", roRemount, "")
		m.Open("mnt/new", creatWR, 0o644)
		m.Mkdir("mnt/d2", 0o755)
		m.Unlink("mnt/f")
		m.Rmdir("mnt/d")
		m.Rename("mnt/f", "mnt/g")
		m.Link("mnt/f", "mnt/g")
		m.Symlink("f", "mnt/s")
		m.Mknod("mnt/p", unix.S_IFIFO|0o644, 0)
		m.Read(m.Open("mnt/f", readOnly, 0), 10)
	}),
	nsc("remount_ro_refuses_attribute_and_data_changes_with_EROFS", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "size=64k,nr_inodes=16")
		m.WriteFile("mnt/f", "data", 0o644)
		m.Mount("", "mnt", "", roRemount, "")
		m.Open("mnt/f", unix.O_WRONLY, 0)
		m.Open("mnt/f", unix.O_RDONLY|unix.O_TRUNC, 0)
		m.Chmod("mnt/f", 0o600)
		m.Chown("mnt/f", 1, 1)
		m.Utimensat(unix.AT_FDCWD, "mnt/f", nil, 0)
		m.Truncate("mnt/f", 1)
		m.Access("mnt/f", unix.W_OK)
		fd := m.Open("mnt/f", readOnly, 0)
		m.Fchmod(fd, 0o600)
		m.Ftruncate(fd, 0)
		m.Read(fd, 10)
		m.StatfsCounts("mnt")
	}),
	nsc("remount_rw_again_allows_writes", func(m *vfstest.Session) {
		tmpfs(m, "mnt", unix.MS_RDONLY, "size=64k,nr_inodes=16")
		m.Mkdir("mnt/d", 0o755)
		m.Mount("", "mnt", "", unix.MS_REMOUNT, "")
		m.Mkdir("mnt/d", 0o755)
		m.StatfsCounts("mnt/d")
		m.Mount("", "mnt/d", "", unix.MS_REMOUNT, "")
	}),
	nsc("remount_ro_with_a_file_open_for_writing_is_EBUSY", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "")
		fd := m.Open("mnt/f", creatWR, 0o644)
		r := m.Open("mnt/f", readOnly, 0)
		m.Mount("", "mnt", "", roRemount, "")
		m.Write(fd, "still rw")
		m.Close(fd)
		m.Mount("", "mnt", "", roRemount, "")
		m.Read(r, 20)
	}),
	nsc("remount_ro_with_an_unlinked_open_file_is_EBUSY", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "")
		m.WriteFile("mnt/f", "x", 0o644)
		fd := m.Open("mnt/f", readOnly, 0)
		m.Unlink("mnt/f")
		m.Mount("", "mnt", "", roRemount, "")
		m.Close(fd)
		m.Mount("", "mnt", "", roRemount, "")
	}),
	nsc("remount_size_below_usage_is_EINVAL_above_is_applied", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "size=64k,nr_inodes=16")
		m.WriteFile("mnt/f", strings.Repeat("z", 20000), 0o644)
		m.Mount("", "mnt", "", unix.MS_REMOUNT, "size=8k")
		m.Mount("", "mnt", "", unix.MS_REMOUNT, "nr_inodes=1")
		m.Mount("", "mnt", "", unix.MS_REMOUNT, "size=128k,nr_inodes=32")
		m.StatfsCounts("mnt")
	}),
	nsc("bind_mount_of_a_dir_shows_the_same_inodes", func(m *vfstest.Session) {
		m.Mkdir("src", 0o755)
		m.WriteFile("src/f", "shared", 0o644)
		m.Mount("src", "mnt", "", unix.MS_BIND, "")
		a, b := m.Stat("src/f"), m.Stat("mnt/f")
		m.Note("same inode and device", a.Ino == b.Ino && a.Dev == b.Dev)
		m.Note("root is src", m.Stat("mnt").Ino == m.Stat("src").Ino)
		m.WriteFile("mnt/g", "via bind", 0o600)
		m.Read(m.Open("src/g", readOnly, 0), 20)
		ls(m, "mnt")
	}),
	nsc("bind_mount_of_a_file_onto_a_file_and_kind_mismatch_ENOTDIR", func(m *vfstest.Session) {
		m.WriteFile("f", "abc", 0o644)
		m.WriteFile("g", "xyz", 0o600)
		m.Mount("f", "g", "", unix.MS_BIND, "")
		m.Read(m.Open("g", readOnly, 0), 10)
		m.Stat("g")
		m.Mount("f", "mnt", "", unix.MS_BIND, "")
		m.Mount("mnt", "f", "", unix.MS_BIND, "")
		m.Mount("missing", "mnt", "", unix.MS_BIND, "")
		m.Unlink("g")
		m.Rename("f", "g")
		m.Umount("g", 0)
		m.Read(m.Open("g", readOnly, 0), 10)
	}),
	nsc("dotdot_from_a_bind_mount_root_is_the_mountpoints_parent", func(m *vfstest.Session) {
		m.Mkdir("src", 0o755)
		m.Mkdir("p", 0o755)
		m.Mkdir("p/dst", 0o755)
		m.WriteFile("p/marker", "", 0o644)
		m.Mount("src", "p/dst", "", unix.MS_BIND, "")
		m.Note("p/dst/.. is p", m.Stat("p/dst/..").Ino == m.Stat("p").Ino)
		m.Stat("p/dst/../marker")
		m.Chdir("p/dst")
		m.Getcwd()
		m.Chdir("..")
		m.Getcwd()
	}),
	nsc("rename_and_link_across_mounts_are_EXDEV", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "")
		m.WriteFile("a", "x", 0o644)
		m.WriteFile("mnt/b", "y", 0o644)
		m.Rename("a", "mnt/a")
		m.Rename("mnt/b", "b")
		m.Link("a", "mnt/a")
		m.Link("mnt/b", "b")
		m.Renameat2(unix.AT_FDCWD, "a", unix.AT_FDCWD, "mnt/b", unix.RENAME_EXCHANGE)
		m.Rename("mnt/b", "mnt/c")
	}),
	nsc("rename_between_two_bind_mounts_of_one_fs_is_EXDEV", func(m *vfstest.Session) {
		m.Mkdir("src", 0o755)
		m.WriteFile("src/f", "x", 0o644)
		m.Mount("src", "mnt", "", unix.MS_BIND, "")
		m.Rename("src/f", "mnt/g")
		m.Link("mnt/f", "src/g")
		m.Rename("mnt/f", "mnt/g")
		m.Stat("src/g")
	}),
	nsc("mountpoints_cannot_be_removed_or_renamed_EBUSY", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "")
		m.WriteFile("f", "x", 0o644)
		m.WriteFile("g", "y", 0o644)
		m.Mount("f", "g", "", unix.MS_BIND, "")
		m.Rmdir("mnt")
		m.Rename("mnt", "mnt2")
		m.Mkdir("other", 0o755)
		m.Rename("other", "mnt")
		m.Unlink("g")
		m.Rename("f", "g")
		m.Stat("mnt")
	}),
	nsc("umount_with_an_open_fd_is_EBUSY_until_it_closes", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "")
		fd := m.Open("mnt/f", creatRW, 0o644)
		m.Umount("mnt", 0)
		m.Close(fd)
		d := m.Open("mnt", dirOnly, 0)
		m.Umount("mnt", 0)
		m.Close(d)
		m.Umount("mnt", 0)
		m.Umount("mnt", 0)
	}),
	nsc("umount_with_the_cwd_inside_is_EBUSY", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "")
		m.Mkdir("mnt/d", 0o755)
		m.Chdir("mnt/d")
		m.Umount("../../mnt", 0)
		m.Chdir("../..")
		m.Umount("mnt", 0)
		m.Stat("mnt/d")
	}),
	nsc("umount_of_a_non_mountpoint_is_EINVAL", func(m *vfstest.Session) {
		m.Umount("mnt", 0)
		m.Umount("missing", 0)
		m.WriteFile("f", "x", 0o644)
		m.Umount("f", 0)
		tmpfs(m, "mnt", 0, "")
		m.Mkdir("mnt/sub", 0o755)
		m.Umount("mnt/sub", 0)
		m.Umount("mnt", 0x100)
		m.Umount("mnt/", 0)
	}),
	nsc("umount_MNT_DETACH_with_an_open_fd_succeeds_and_the_fd_still_works", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "")
		m.Mkdir("mnt/d", 0o755)
		m.WriteFile("mnt/d/f", "kept", 0o644)
		fd := m.Open("mnt/d/f", unix.O_RDWR, 0)
		dir := m.Open("mnt/d", dirOnly, 0)
		m.Umount("mnt", unix.MNT_DETACH)
		m.Stat("mnt/d/f")
		m.Read(fd, 10)
		m.Write(fd, "+more")
		m.Pread(m.Openat(dir, "f", readOnly, 0), 20, 0)
		m.Mkdirat(dir, "new", 0o755)
		m.ReadDir(dir, 4096)
	}),
	nsc("stacked_mounts_show_the_top_and_umount_reveals_the_lower", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "mode=0700")
		m.WriteFile("mnt/lower", "1", 0o644)
		tmpfs(m, "mnt", 0, "mode=0750")
		m.WriteFile("mnt/upper", "2", 0o644)
		m.Stat("mnt")
		ls(m, "mnt")
		m.Umount("mnt", unix.MNT_DETACH)
		m.Stat("mnt")
		ls(m, "mnt")
		m.Umount("mnt", unix.MNT_DETACH)
		ls(m, "mnt")
	}),
	nsc("nodev_mount_refuses_to_open_a_device_node_EACCES", func(m *vfstest.Session) {
		tmpfs(m, "mnt", unix.MS_NODEV, "size=64k,nr_inodes=16")
		m.Mknod("mnt/null", unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3)))
		m.Stat("mnt/null")
		m.Open("mnt/null", unix.O_RDWR, 0)
		m.Open("mnt/null", unix.O_PATH, 0)
		m.Mknod("mnt/fifo", unix.S_IFIFO|0o666, 0)
		m.Open("mnt/fifo", unix.O_RDWR, 0)
		m.StatfsCounts("mnt")
	}),
	// A device node on a mount without nodev reaches the driver; for a
	// number no driver has — major 60 is for local or experimental use
	// and never given out dynamically — that is ENXIO on both sides.
	nsc("device_node_on_a_mount_without_nodev_reaches_the_driver", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "")
		m.Mknod("mnt/nodriver", unix.S_IFCHR|0o666, int(unix.Mkdev(60, 7)))
		m.Open("mnt/nodriver", unix.O_RDWR, 0)
		m.Mknod("mnt/blk", unix.S_IFBLK|0o666, int(unix.Mkdev(60, 7)))
		m.Open("mnt/blk", unix.O_RDONLY, 0)
	}),
	nsc("noexec_mount_refuses_X_OK_on_regular_files", func(m *vfstest.Session) {
		tmpfs(m, "mnt", unix.MS_NOEXEC|unix.MS_NOSUID, "size=64k,nr_inodes=16")
		m.WriteFile("mnt/prog", "#!/bin/sh\n", 0o755)
		m.Access("mnt/prog", unix.X_OK)
		m.Access("mnt", unix.X_OK)
		m.StatfsCounts("mnt")
	}),
	nsc("getdents_of_the_parent_lists_the_mountpoint_with_the_covered_ino", func(m *vfstest.Session) {
		under := m.Stat("mnt")
		tmpfs(m, "mnt", 0, "")
		for _, e := range m.ReadDir(m.Open(".", dirOnly, 0), 4096) {
			if e.Name == "mnt" {
				m.Note("d_ino is the covered dir's", e.Ino == under.Ino)
				m.Note("d_ino is the mount root's", e.Ino == m.Stat("mnt").Ino)
			}
		}
	}),
	nsc("readdir_inside_the_mount_and_root_nlink", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "")
		m.Mkdir("mnt/d1", 0o755)
		m.WriteFile("mnt/f", "", 0o644)
		m.Stat("mnt")
		for _, e := range m.ReadDir(m.Open("mnt", dirOnly, 0), 4096) {
			if e.Name == ".." {
				m.Note("d_ino of .. in the mount root is the root's", e.Ino == m.Stat("mnt").Ino)
			}
		}
		m.Note("mnt/.. is the sandbox", m.Stat("mnt/..").Ino == m.Stat(".").Ino)
	}),
	nsc("bind_remount_ro_makes_only_that_mount_read_only", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "size=64k,nr_inodes=16")
		m.Mkdir("b", 0o755)
		m.Mount("mnt", "b", "", unix.MS_BIND, "")
		m.Mount("", "b", "", unix.MS_BIND|roRemount, "")
		m.Mkdir("b/x", 0o755)
		m.Mkdir("mnt/y", 0o755)
		m.StatfsCounts("b")
		m.StatfsCounts("mnt")
	}),
}
