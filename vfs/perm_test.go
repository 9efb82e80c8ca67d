package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Permission checks as a non-root user: uid 1000, gid 1000, also in
// group 100. Root makes the fixtures and hands them out with chown.

const (
	userUID   = 1000
	userGID   = 1000
	suppGroup = 100
)

// fixture is a file root makes, then gives to uid:gid with mode.
type fixture struct {
	path     string
	uid, gid int
	mode     uint32
}

func makeFixtures(t *testing.T, root *vfs.Process, fs []fixture) {
	t.Helper()
	for _, f := range fs {
		writeFile(t, root, f.path, "data", 0o600)
		require.NoError(t, root.Chown(f.path, f.uid, f.gid))
		require.NoError(t, root.Chmod(f.path, f.mode))
	}
}

func TestPermissions(t *testing.T) {
	_, root := newSystem(t)
	makeFixtures(t, root, []fixture{
		{"/tmp/owner_r", userUID, userGID, 0o400},
		{"/tmp/owner_none_others_all", userUID, 0, 0o077},
		{"/tmp/primary_group_r", 0, userGID, 0o040},
		{"/tmp/supp_group_rw", 0, suppGroup, 0o060},
		{"/tmp/group_none_other_rw", 0, suppGroup, 0o606},
		{"/tmp/foreign_group_other_r", 0, 200, 0o064},
		{"/tmp/other_r", 0, 0, 0o004},
		{"/tmp/nothing", 0, 0, 0o000},
	})
	user := forkAs(t, root, userUID, userGID, suppGroup)
	cases := []struct {
		name  string
		path  string
		flags int
		want  vfs.Errno
	}{
		{"owner_reads_with_owner_r", "/tmp/owner_r", vfs.O_RDONLY, 0},
		{"owner_write_without_owner_w_is_EACCES", "/tmp/owner_r", vfs.O_WRONLY, vfs.EACCES},
		{"owner_class_wins_over_group_and_other_bits", "/tmp/owner_none_others_all", vfs.O_RDONLY, vfs.EACCES},
		{"primary_group_reads_with_group_r", "/tmp/primary_group_r", vfs.O_RDONLY, 0},
		{"primary_group_write_without_group_w_is_EACCES", "/tmp/primary_group_r", vfs.O_WRONLY, vfs.EACCES},
		{"supplementary_group_reads_and_writes", "/tmp/supp_group_rw", vfs.O_RDWR, 0},
		{"group_class_wins_over_other_bits", "/tmp/group_none_other_rw", vfs.O_RDONLY, vfs.EACCES},
		{"foreign_group_falls_to_other_bits", "/tmp/foreign_group_other_r", vfs.O_RDONLY, 0},
		{"foreign_group_write_without_other_w_is_EACCES", "/tmp/foreign_group_other_r", vfs.O_WRONLY, vfs.EACCES},
		{"other_reads_with_other_r", "/tmp/other_r", vfs.O_RDONLY, 0},
		{"no_bits_is_EACCES", "/tmp/nothing", vfs.O_RDONLY, vfs.EACCES},
		{"O_TRUNC_needs_write_permission", "/tmp/other_r", vfs.O_RDONLY | vfs.O_TRUNC, vfs.EACCES},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fd, err := user.Open(c.path, c.flags, 0)
			requireResult(t, err, c.want)
			if err == nil {
				require.NoError(t, user.Close(fd))
			}
		})
	}
}

func TestRootOverride(t *testing.T) {
	_, root := newSystem(t)
	makeFixtures(t, root, []fixture{
		{"/tmp/mode000", userUID, userGID, 0o000},
		{"/tmp/rw_only", userUID, userGID, 0o666},
		{"/tmp/group_x", userUID, userGID, 0o010},
	})
	require.NoError(t, root.Mkdir("/tmp/dir000", 0o000))
	writeFile(t, root, "/tmp/dir000/inside", "x", 0o644)

	t.Run("root_reads_and_writes_mode_000", func(t *testing.T) {
		fd, err := root.Open("/tmp/mode000", vfs.O_RDWR, 0)
		require.NoError(t, err)
		require.NoError(t, root.Close(fd))
	})
	t.Run("root_exec_without_any_x_bit_is_EACCES", func(t *testing.T) {
		requireErrno(t, root.Access("/tmp/rw_only", vfs.X_OK), vfs.EACCES)
	})
	t.Run("root_exec_with_one_x_bit_is_allowed", func(t *testing.T) {
		require.NoError(t, root.Access("/tmp/group_x", vfs.X_OK))
	})
	t.Run("root_searches_a_mode_000_directory", func(t *testing.T) {
		require.Equal(t, "x", readFile(t, root, "/tmp/dir000/inside"))
		require.NoError(t, root.Access("/tmp/dir000", vfs.X_OK|vfs.R_OK|vfs.W_OK))
	})
}

func TestSearchPermission(t *testing.T) {
	_, root := newSystem(t)
	require.NoError(t, root.Mkdir("/tmp/a", 0o755))
	require.NoError(t, root.Mkdir("/tmp/a/locked", 0o700))
	require.NoError(t, root.Mkdir("/tmp/a/locked/b", 0o777))
	writeFile(t, root, "/tmp/a/locked/b/f", "x", 0o666)
	require.NoError(t, root.Mkdir("/tmp/r_only", 0o744))
	writeFile(t, root, "/tmp/r_only/f", "x", 0o644)
	require.NoError(t, root.Mkdir("/tmp/x_only", 0o711))
	writeFile(t, root, "/tmp/x_only/f", "x", 0o644)
	require.NoError(t, root.Symlink("/tmp/a/locked/b/f", "/tmp/via_link"))
	user := forkAs(t, root, userUID, userGID)

	var st vfs.Stat_t
	cases := []struct {
		name string
		call func() error
		want vfs.Errno
	}{
		{"stat_through_an_unsearchable_dir_is_EACCES", func() error { return user.Stat("/tmp/a/locked/b/f", &st) }, vfs.EACCES},
		{"open_through_an_unsearchable_dir_is_EACCES", func() error { _, err := user.Open("/tmp/a/locked/b/f", vfs.O_RDONLY, 0); return err }, vfs.EACCES},
		{"create_under_an_unsearchable_dir_is_EACCES", func() error { _, err := user.Open("/tmp/a/locked/b/new", vfs.O_CREAT|vfs.O_RDWR, 0o644); return err }, vfs.EACCES},
		{"mkdir_under_an_unsearchable_dir_is_EACCES", func() error { return user.Mkdir("/tmp/a/locked/b/d", 0o755) }, vfs.EACCES},
		{"symlink_target_through_an_unsearchable_dir_is_EACCES", func() error { return user.Stat("/tmp/via_link", &st) }, vfs.EACCES},
		{"lstat_of_the_symlink_itself_is_allowed", func() error { return user.Lstat("/tmp/via_link", &st) }, 0},
		{"chdir_into_an_unsearchable_dir_is_EACCES", func() error { return user.Chdir("/tmp/a/locked") }, vfs.EACCES},
		{"read_without_x_lists_but_cannot_stat_a_child", func() error { return user.Stat("/tmp/r_only/f", &st) }, vfs.EACCES},
		{"x_without_read_reaches_a_child", func() error { return user.Stat("/tmp/x_only/f", &st) }, 0},
		{"x_without_read_cannot_open_the_dir_for_listing", func() error { _, err := user.Open("/tmp/x_only", vfs.O_RDONLY|vfs.O_DIRECTORY, 0); return err }, vfs.EACCES},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireResult(t, c.call(), c.want) })
	}
	t.Run("read_without_x_still_lists_names", func(t *testing.T) {
		require.Equal(t, []string{"f"}, listDir(t, user, "/tmp/r_only"))
	})
}

func TestStickyDirectory(t *testing.T) {
	_, root := newSystem(t)
	alice := forkAs(t, root, 1000, 1000)
	bob := forkAs(t, root, 1001, 1001)
	alice.Umask(0)
	writeFile(t, alice, "/tmp/alice", "a", 0o666)
	writeFile(t, bob, "/tmp/bob", "b", 0o666)
	require.NoError(t, alice.Mkdir("/tmp/alice_dir", 0o777))
	// A sticky directory bob owns: he may remove anything in it.
	require.NoError(t, bob.Mkdir("/tmp/bobs", 0o1777))
	require.NoError(t, bob.Chmod("/tmp/bobs", 0o1777))
	writeFile(t, alice, "/tmp/bobs/alice", "a", 0o666)

	cases := []struct {
		name string
		call func() error
		want vfs.Errno
	}{
		{"other_user_unlink_is_EPERM", func() error { return bob.Unlink("/tmp/alice") }, vfs.EPERM},
		{"other_user_rename_away_is_EPERM", func() error { return bob.Rename("/tmp/alice", "/tmp/mine") }, vfs.EPERM},
		{"other_user_rename_over_is_EPERM", func() error { return bob.Rename("/tmp/bob", "/tmp/alice") }, vfs.EPERM},
		{"other_user_rmdir_is_EPERM", func() error { return bob.Rmdir("/tmp/alice_dir") }, vfs.EPERM},
		{"other_user_may_still_write_the_file", func() error {
			fd, err := bob.Open("/tmp/alice", vfs.O_WRONLY, 0)
			if err == nil {
				bob.Close(fd)
			}
			return err
		}, 0},
		{"directory_owner_unlinks_anyones_file", func() error { return bob.Unlink("/tmp/bobs/alice") }, 0},
		{"owner_unlinks_own_file", func() error { return alice.Unlink("/tmp/alice") }, 0},
		{"root_unlinks_anyones_file", func() error { return root.Unlink("/tmp/bob") }, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireResult(t, c.call(), c.want) })
	}
}

func TestUmask(t *testing.T) {
	_, root := newSystem(t)
	p := forkAs(t, root, userUID, userGID)
	require.Equal(t, 0o022, p.Umask(0o027), "init's umask is inherited")
	require.NoError(t, p.Mkdir("/tmp/d", 0o777))
	writeFile(t, p, "/tmp/f", "", 0o666)
	require.NoError(t, p.Mkfifo("/tmp/fifo", 0o666))
	require.NoError(t, p.Symlink("f", "/tmp/l"))
	var lst vfs.Stat_t
	require.NoError(t, p.Lstat("/tmp/l", &lst))

	cases := []struct {
		name string
		got  uint32
		want uint32
	}{
		{"creat_masks_permission_bits", stat(t, p, "/tmp/f").Mode, vfs.S_IFREG | 0o640},
		{"mkdir_masks_permission_bits", stat(t, p, "/tmp/d").Mode, vfs.S_IFDIR | 0o750},
		{"mkfifo_masks_permission_bits", stat(t, p, "/tmp/fifo").Mode, vfs.S_IFIFO | 0o640},
		{"symlinks_are_always_0777", lst.Mode, vfs.S_IFLNK | 0o777},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { require.Equalf(t, c.want, c.got, "mode %o, want %o", c.got, c.want) })
	}
	t.Run("umask_keeps_only_permission_bits", func(t *testing.T) {
		p.Umask(0o7777)
		require.Equal(t, 0o777, p.Umask(0o027))
	})
	t.Run("umask_is_per_process", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		require.Equal(t, 0o027, child.Umask(0))
		require.Equal(t, 0o027, p.Umask(0o027), "the child's change does not reach the parent")
	})
}

func TestChmodChown(t *testing.T) {
	_, root := newSystem(t)
	makeFixtures(t, root, []fixture{
		{"/tmp/roots", 0, 0, 0o644},
		{"/tmp/mine", userUID, userGID, 0o644},
		{"/tmp/mine_group0", userUID, 0, 0o755},
		{"/tmp/suid", userUID, userGID, 0o4755},
	})
	user := forkAs(t, root, userUID, userGID, suppGroup)
	mode := func(path string) uint32 { return stat(t, root, path).Mode & 0o7777 }

	cases := []struct {
		name string
		call func() error
		want vfs.Errno
	}{
		{"non_owner_chmod_is_EPERM", func() error { return user.Chmod("/tmp/roots", 0o777) }, vfs.EPERM},
		{"owner_chmod_is_allowed", func() error { return user.Chmod("/tmp/mine", 0o600) }, 0},
		{"root_chmods_anyones_file", func() error { return root.Chmod("/tmp/mine", 0o640) }, 0},
		{"non_root_chown_to_another_user_is_EPERM", func() error { return user.Chown("/tmp/mine", 1001, -1) }, vfs.EPERM},
		{"non_root_chown_to_own_uid_is_allowed", func() error { return user.Chown("/tmp/mine", userUID, -1) }, 0},
		{"non_owner_chown_to_the_same_uid_is_EPERM", func() error { return user.Chown("/tmp/roots", 0, -1) }, vfs.EPERM},
		{"non_owner_chown_minus_one_minus_one_is_allowed", func() error { return user.Chown("/tmp/roots", -1, -1) }, 0},
		{"chgrp_to_a_group_the_owner_is_in_is_allowed", func() error { return user.Chown("/tmp/mine", -1, suppGroup) }, 0},
		{"chgrp_to_a_foreign_group_is_EPERM", func() error { return user.Chown("/tmp/mine", -1, 200) }, vfs.EPERM},
		{"non_owner_chgrp_to_own_group_is_EPERM", func() error { return user.Chown("/tmp/roots", -1, userGID) }, vfs.EPERM},
		{"root_chowns_anything", func() error { return root.Chown("/tmp/roots", 1234, 5678) }, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireResult(t, c.call(), c.want) })
	}
	t.Run("chmod_by_a_non_member_drops_setgid", func(t *testing.T) {
		require.NoError(t, user.Chmod("/tmp/mine_group0", 0o2755))
		require.Equal(t, uint32(0o755), mode("/tmp/mine_group0"))
	})
	t.Run("chmod_by_a_member_keeps_setgid", func(t *testing.T) {
		require.NoError(t, user.Chown("/tmp/mine_group0", -1, suppGroup))
		require.NoError(t, user.Chmod("/tmp/mine_group0", 0o2755))
		require.Equal(t, uint32(0o2755), mode("/tmp/mine_group0"))
	})
	t.Run("chown_drops_setuid_even_for_root", func(t *testing.T) {
		require.NoError(t, root.Chown("/tmp/suid", userUID, userGID))
		require.Equal(t, uint32(0o755), mode("/tmp/suid"))
	})
	t.Run("fchmod_through_a_read_only_fd_is_allowed_for_the_owner", func(t *testing.T) {
		fd, err := user.Open("/tmp/mine", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		defer user.Close(fd)
		require.NoError(t, user.Fchmod(fd, 0o604))
		require.Equal(t, uint32(0o604), mode("/tmp/mine"))
	})
}

func TestSetgidDirectory(t *testing.T) {
	_, root := newSystem(t)
	require.NoError(t, root.Mkdir("/tmp/shared", 0o777))
	require.NoError(t, root.Chown("/tmp/shared", 0, 500))
	require.NoError(t, root.Chmod("/tmp/shared", 0o2777))
	outsider := forkAs(t, root, userUID, userGID)
	member := forkAs(t, root, 1001, 1001, 500)

	writeFile(t, outsider, "/tmp/shared/f", "", 0o644)
	require.NoError(t, outsider.Mkdir("/tmp/shared/sub", 0o755))
	fd, err := outsider.Open("/tmp/shared/sg_outsider", vfs.O_CREAT|vfs.O_RDWR, 0o2775)
	require.NoError(t, err)
	require.NoError(t, outsider.Close(fd))
	fd, err = member.Open("/tmp/shared/sg_member", vfs.O_CREAT|vfs.O_RDWR, 0o2775)
	require.NoError(t, err)
	require.NoError(t, member.Close(fd))

	cases := []struct {
		name     string
		path     string
		wantGid  uint32
		wantMode uint32
	}{
		{"new_file_takes_the_directory_group", "/tmp/shared/f", 500, vfs.S_IFREG | 0o644},
		{"new_subdir_takes_the_group_and_the_setgid_bit", "/tmp/shared/sub", 500, vfs.S_IFDIR | vfs.S_ISGID | 0o755},
		{"setgid_file_by_a_non_member_loses_setgid", "/tmp/shared/sg_outsider", 500, vfs.S_IFREG | 0o755},
		{"setgid_file_by_a_member_keeps_setgid", "/tmp/shared/sg_member", 500, vfs.S_IFREG | vfs.S_ISGID | 0o755},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := stat(t, root, c.path)
			require.Equal(t, c.wantGid, st.Gid)
			require.Equalf(t, c.wantMode, st.Mode, "mode %o, want %o", st.Mode, c.wantMode)
		})
	}
}

func TestSetuid(t *testing.T) {
	_, root := newSystem(t)
	user := forkAs(t, root, userUID, userGID)
	cases := []struct {
		name string
		call func() error
		want vfs.Errno
	}{
		{"non_root_setuid_to_root_is_EPERM", func() error { return user.Setuid(0) }, vfs.EPERM},
		{"non_root_setuid_to_another_user_is_EPERM", func() error { return user.Setuid(1001) }, vfs.EPERM},
		{"non_root_setuid_to_own_uid_is_allowed", func() error { return user.Setuid(userUID) }, 0},
		{"non_root_setgid_to_root_is_EPERM", func() error { return user.Setgid(0) }, vfs.EPERM},
		{"non_root_setgroups_is_EPERM", func() error { return user.Setgroups([]int{0}) }, vfs.EPERM},
		{"negative_uid_is_EINVAL", func() error { return user.Setuid(-1) }, vfs.EINVAL},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireResult(t, c.call(), c.want) })
	}
	t.Run("root_setuid_drops_every_id_for_good", func(t *testing.T) {
		p, err := root.Fork()
		require.NoError(t, err)
		require.NoError(t, p.Setuid(userUID))
		require.Equal(t, []int{userUID, userUID}, []int{p.Getuid(), p.Geteuid()})
		requireErrno(t, p.Setuid(0), vfs.EPERM)
	})
	t.Run("credentials_are_per_process", func(t *testing.T) {
		require.Equal(t, 0, root.Geteuid())
	})
}

func TestAccessUsesRealIDs(t *testing.T) {
	_, root := newSystem(t)
	writeFile(t, root, "/tmp/rootonly", "x", 0o600)
	require.NoError(t, root.Mkdir("/tmp/private", 0o700))
	writeFile(t, root, "/tmp/private/f", "x", 0o644)

	// Real user 1000 running with effective uid 0, as a setuid-root
	// program does; and the reverse.
	suidRoot, err := root.Fork()
	require.NoError(t, err)
	vfs.SetCredForTest(suidRoot, vfs.Cred{Uid: userUID, Gid: userGID})
	realRoot, err := root.Fork()
	require.NoError(t, err)
	vfs.SetCredForTest(realRoot, vfs.Cred{Euid: userUID, Suid: userUID, Fsuid: userUID, Egid: userGID, Sgid: userGID, Fsgid: userGID})

	var st vfs.Stat_t
	cases := []struct {
		name string
		call func() error
		want vfs.Errno
	}{
		{"open_uses_the_effective_uid", func() error {
			fd, err := suidRoot.Open("/tmp/rootonly", vfs.O_RDONLY, 0)
			if err == nil {
				suidRoot.Close(fd)
			}
			return err
		}, 0},
		{"access_uses_the_real_uid", func() error { return suidRoot.Access("/tmp/rootonly", vfs.R_OK) }, vfs.EACCES},
		{"access_walks_the_path_as_the_real_uid", func() error { return suidRoot.Access("/tmp/private/f", vfs.F_OK) }, vfs.EACCES},
		{"stat_walks_the_path_as_the_effective_uid", func() error { return suidRoot.Stat("/tmp/private/f", &st) }, 0},
		{"AT_EACCESS_uses_the_effective_uid", func() error { return suidRoot.Faccessat(vfs.AT_FDCWD, "/tmp/rootonly", vfs.R_OK, vfs.AT_EACCESS) }, 0},
		{"real_root_access_is_allowed", func() error { return realRoot.Access("/tmp/rootonly", vfs.R_OK|vfs.W_OK) }, 0},
		{"effective_non_root_open_is_EACCES", func() error { _, err := realRoot.Open("/tmp/rootonly", vfs.O_RDONLY, 0); return err }, vfs.EACCES},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireResult(t, c.call(), c.want) })
	}
}
