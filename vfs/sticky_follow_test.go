package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Following a symlink that another user left in a sticky directory
// (may_follow_link, fs/namei.c; fs.protected_symlinks in
// proc_sys_fs(5)): with the sysctl on, a trailing symlink in a sticky,
// world-writable directory is followed only by its owner, or when the
// directory's owner owns it too; otherwise EACCES, even for root. A
// link in the middle of a path is spared, and so is the last link of
// its body. The hosts the tests compare with run with the sysctl off,
// so these expectations are literal: each was asked of Linux 6 with
// the sysctl turned on for the question.
func TestFollowInStickyDir(t *testing.T) {
	const other = 1000
	type call func(p *vfs.Process, path string) error
	stat := func(p *vfs.Process, path string) error { var st vfs.Stat_t; return p.Stat(path, &st) }
	lstat := func(p *vfs.Process, path string) error { var st vfs.Stat_t; return p.Lstat(path, &st) }
	open := func(flags int) call {
		return func(p *vfs.Process, path string) error {
			fd, err := p.Open(path, flags, 0o644)
			if err == nil {
				require.NoError(t, p.Close(fd))
			}
			return err
		}
	}
	readlink := func(p *vfs.Process, path string) error { _, err := p.Readlink(path, make([]byte, 64)); return err }
	cases := []struct {
		name string
		dir  string // which directory holds the link: see set-up
		link string // l: to /tmp/file, ld: to /tmp/dir, ln: dangling, all owned by other; lr: root's
		call call
		uid  int // the caller's
		want vfs.Errno
	}{
		{"open_of_another_users_link_is_EACCES_even_for_root", "t", "l", open(vfs.O_RDONLY), 0, vfs.EACCES},
		{"stat_of_it_is_EACCES", "t", "l", stat, 0, vfs.EACCES},
		{"lstat_does_not_follow", "t", "l", lstat, 0, 0},
		{"readlink_does_not_follow", "t", "l", readlink, 0, 0},
		{"O_NOFOLLOW_is_ELOOP_as_ever", "t", "l", open(vfs.O_RDONLY | vfs.O_NOFOLLOW), 0, vfs.ELOOP},
		{"O_PATH_follows_so_is_EACCES", "t", "l", open(vfs.O_PATH), 0, vfs.EACCES},
		{"O_PATH_O_NOFOLLOW_opens_the_link", "t", "l", open(vfs.O_PATH | vfs.O_NOFOLLOW), 0, 0},
		{"a_dangling_link_is_EACCES_not_ENOENT", "t", "ln", stat, 0, vfs.EACCES},
		{"O_CREAT_through_a_dangling_link_is_EACCES", "t", "ln", open(vfs.O_CREAT | vfs.O_WRONLY), 0, vfs.EACCES},
		{"a_trailing_slash_follows_so_is_EACCES", "t", "ld/", stat, 0, vfs.EACCES},
		{"a_link_in_the_middle_is_followed", "t", "ld/.", stat, 0, 0},
		{"a_link_in_the_middle_then_dotdot", "t", "ld/../file", stat, 0, 0},
		{"access_is_EACCES", "t", "l", func(p *vfs.Process, path string) error { return p.Access(path, 0) }, 0, vfs.EACCES},
		{"chmod_is_EACCES", "t", "l", func(p *vfs.Process, path string) error { return p.Chmod(path, 0o644) }, 0, vfs.EACCES},
		{"truncate_is_EACCES", "t", "l", func(p *vfs.Process, path string) error { return p.Truncate(path, 1) }, 0, vfs.EACCES},
		{"chdir_is_EACCES", "t", "ld", func(p *vfs.Process, path string) error { return p.Chdir(path) }, 0, vfs.EACCES},
		{"linkat_AT_SYMLINK_FOLLOW_is_EACCES", "t", "l", func(p *vfs.Process, path string) error {
			return p.Linkat(vfs.AT_FDCWD, path, vfs.AT_FDCWD, "/tmp/hl", vfs.AT_SYMLINK_FOLLOW)
		}, 0, vfs.EACCES},
		{"a_root_link_to_the_link_is_EACCES_at_the_second", "t", "chain", stat, 0, vfs.EACCES},
		{"roots_own_link_in_roots_dir", "t", "lr", stat, 0, 0},
		{"the_links_owner_follows_it", "t", "l", stat, other, 0},
		{"a_third_user_follows_the_dir_owners_link", "t", "lr", stat, 2000, 0},
		{"a_third_user_may_not_follow_the_link", "t", "l", stat, 2000, vfs.EACCES},
		{"the_dir_owners_link_is_followed_by_root", "u", "l", stat, 0, 0},
		{"a_link_of_neither_in_another_users_dir", "u", "lr", stat, 2000, vfs.EACCES},
		{"a_dir_that_is_not_sticky_spares_it", "n", "l", stat, 0, 0},
		{"a_dir_only_its_group_writes_spares_it", "g", "l", stat, 0, 0},
		{"a_trailing_link_to_the_link_is_EACCES", "", "tl", stat, 0, vfs.EACCES},
		{"a_trailing_link_to_a_dir_link_is_EACCES", "", "mid", stat, 0, vfs.EACCES},
		{"the_last_link_of_a_middle_links_body_is_spared", "", "mid/.", stat, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			k, root := newSystem(t)
			setUpStickyLinks(t, root, other)
			p := root
			if tc.uid != 0 {
				p = forkAs(t, root, tc.uid, tc.uid)
			}
			path := "/tmp/" + tc.dir + "/" + tc.link
			if tc.dir == "" {
				path = "/tmp/" + tc.link
			}
			k.Sysctl.ProtectedSymlinks.Store(true)
			requireResult(t, tc.call(p, path), tc.want, "%s with fs.protected_symlinks on", path)
			k.Sysctl.ProtectedSymlinks.Store(false)
			if tc.want == vfs.EACCES {
				require.NotEqual(t, vfs.EACCES, tc.call(p, path), "%s with it off", path)
			}
		})
	}
}

// setUpStickyLinks makes the directories TestFollowInStickyDir follows
// links in: t (root's, 1777), u (other's, 1777), n (0777) and g (1775),
// each holding l, ld and ln, owned by other, lr, root's own, and chain,
// root's link to l; and in /tmp, tl to t/l and mid to t/ld.
func setUpStickyLinks(t *testing.T, root *vfs.Process, other int) {
	t.Helper()
	writeFile(t, root, "/tmp/file", "x", 0o644)
	require.NoError(t, root.Mkdir("/tmp/dir", 0o755))
	for _, d := range []struct {
		name  string
		mode  uint32
		owner int
	}{{"t", 0o1777, 0}, {"u", 0o1777, other}, {"n", 0o777, 0}, {"g", 0o1775, 0}} {
		dir := "/tmp/" + d.name
		require.NoError(t, root.Mkdir(dir, 0))
		require.NoError(t, root.Chmod(dir, d.mode))
		require.NoError(t, root.Chown(dir, d.owner, d.owner))
		for _, l := range []struct{ name, to string }{{"l", "/tmp/file"}, {"ld", "/tmp/dir"}, {"ln", "/tmp/nosuch"}} {
			require.NoError(t, root.Symlink(l.to, dir+"/"+l.name))
			require.NoError(t, root.Lchown(dir+"/"+l.name, other, other))
		}
		require.NoError(t, root.Symlink("/tmp/file", dir+"/lr"))
		require.NoError(t, root.Symlink(dir+"/l", dir+"/chain"))
	}
	require.NoError(t, root.Symlink("/tmp/t/l", "/tmp/tl"))
	require.NoError(t, root.Symlink("/tmp/t/ld", "/tmp/mid"))
}
