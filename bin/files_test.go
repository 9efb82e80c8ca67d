package bin_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func requireMode(t *testing.T, p *vfs.Process, name string, want uint32) {
	t.Helper()
	st := lstat(t, p, name)
	require.Equal(t, want, st.Mode, "%s: mode %o, want %o", name, st.Mode, want)
}

func withFile(name string, mode uint32) func(t *testing.T, p *vfs.Process) {
	return func(t *testing.T, p *vfs.Process) { write(t, p, name, "data\n", mode) }
}

func TestMkdir(t *testing.T) {
	runCases(t, []progCase{
		{name: "makes_a_directory_with_the_umask", argv: []string{"mkdir", "/tmp/d"},
			check: func(t *testing.T, p *vfs.Process) { requireMode(t, p, "/tmp/d", vfs.S_IFDIR|0o755) }},
		{name: "m_sets_the_mode_exactly", argv: []string{"mkdir", "-m", "1777", "/tmp/d"},
			check: func(t *testing.T, p *vfs.Process) { requireMode(t, p, "/tmp/d", vfs.S_IFDIR|0o1777) }},
		{name: "m_takes_a_symbolic_mode", argv: []string{"mkdir", "-m", "go-rwx", "/tmp/d"},
			check: func(t *testing.T, p *vfs.Process) { requireMode(t, p, "/tmp/d", vfs.S_IFDIR|0o700) }},
		{name: "p_makes_parents_and_accepts_existing", argv: []string{"mkdir", "-pv", "/tmp/a/b/c", "/tmp"},
			stdout: "mkdir: created directory '/tmp/a'\nmkdir: created directory '/tmp/a/b'\nmkdir: created directory '/tmp/a/b/c'\n",
			check:  func(t *testing.T, p *vfs.Process) { requireMode(t, p, "/tmp/a/b/c", vfs.S_IFDIR|0o755) }},
		{name: "existing_is_an_error", argv: []string{"mkdir", "/tmp"},
			stderr: "mkdir: cannot create directory '/tmp': File exists\n", code: 1},
		{name: "missing_parent_is_an_error", argv: []string{"mkdir", "/tmp/x/y"},
			stderr: "mkdir: cannot create directory '/tmp/x/y': No such file or directory\n", code: 1},
		{name: "p_through_a_file_is_not_a_directory", setup: withFile("/tmp/f", 0o644), argv: []string{"mkdir", "-p", "/tmp/f/y"},
			stderr: "mkdir: cannot create directory '/tmp/f': Not a directory\n", code: 1},
		{name: "user_cannot_write_the_parent", uid: 65534, argv: []string{"mkdir", "/etc/x"},
			stderr: "mkdir: cannot create directory '/etc/x': Permission denied\n", code: 1},
		{name: "bad_mode", argv: []string{"mkdir", "-m", "99", "/tmp/d"},
			stderr: "mkdir: invalid mode '99'\n", code: 1},
		{name: "missing_operand", argv: []string{"mkdir"},
			stderr: "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", code: 1},
		{name: "m_needs_an_argument", argv: []string{"mkdir", "-m"},
			stderr: "mkdir: option requires an argument -- 'm'\n", code: 1},
	})
}

func TestMkfifoMknod(t *testing.T) {
	runCases(t, []progCase{
		{name: "mkfifo_makes_a_fifo", argv: []string{"mkfifo", "/tmp/f"},
			check: func(t *testing.T, p *vfs.Process) { requireMode(t, p, "/tmp/f", vfs.S_IFIFO|0o644) }},
		{name: "mkfifo_m_sets_the_mode", argv: []string{"mkfifo", "-m", "600", "/tmp/f"},
			check: func(t *testing.T, p *vfs.Process) { requireMode(t, p, "/tmp/f", vfs.S_IFIFO|0o600) }},
		{name: "mkfifo_existing", setup: withFile("/tmp/f", 0o644), argv: []string{"mkfifo", "/tmp/f"},
			stderr: "mkfifo: cannot create fifo '/tmp/f': File exists\n", code: 1},
		{name: "mknod_makes_a_char_device", argv: []string{"mknod", "-m", "666", "/tmp/null", "c", "1", "3"},
			check: func(t *testing.T, p *vfs.Process) {
				st := lstat(t, p, "/tmp/null")
				require.Equal(t, uint32(vfs.S_IFCHR|0o666), st.Mode)
				require.Equal(t, vfs.Mkdev(1, 3), st.Rdev)
			}},
		{name: "mknod_makes_a_block_device", argv: []string{"mknod", "/tmp/b", "b", "7", "0x10"},
			check: func(t *testing.T, p *vfs.Process) {
				st := lstat(t, p, "/tmp/b")
				require.Equal(t, uint32(vfs.S_IFBLK|0o644), st.Mode)
				require.Equal(t, vfs.Mkdev(7, 16), st.Rdev)
			}},
		{name: "mknod_p_makes_a_fifo", argv: []string{"mknod", "/tmp/p", "p"},
			check: func(t *testing.T, p *vfs.Process) { requireMode(t, p, "/tmp/p", vfs.S_IFIFO|0o644) }},
		{name: "mknod_device_needs_numbers", argv: []string{"mknod", "/tmp/n", "c"},
			stderr: "mknod: missing operand after 'c'\nSpecial files require major and minor device numbers.\nTry 'mknod --help' for more information.\n", code: 1},
		{name: "mknod_fifo_takes_no_numbers", argv: []string{"mknod", "/tmp/n", "p", "1", "2"},
			stderr: "mknod: extra operand '1'\nFifos do not have major and minor device numbers.\nTry 'mknod --help' for more information.\n", code: 1},
		{name: "mknod_bad_type", argv: []string{"mknod", "/tmp/n", "x", "1", "2"},
			stderr: "mknod: invalid device type 'x'\nTry 'mknod --help' for more information.\n", code: 1},
		{name: "mknod_device_needs_root", uid: 65534, argv: []string{"mknod", "/tmp/n", "c", "1", "3"},
			stderr: "mknod: /tmp/n: Operation not permitted\n", code: 1},
	})
}

func TestRm(t *testing.T) {
	tree := func(t *testing.T, p *vfs.Process) {
		require.NoError(t, p.MkdirAll("/tmp/d/e", 0o755))
		write(t, p, "/tmp/d/e/f", "", 0o644)
		write(t, p, "/tmp/f", "", 0o644)
		require.NoError(t, p.Symlink("/tmp/d", "/tmp/link"))
	}
	gone := func(names ...string) func(t *testing.T, p *vfs.Process) {
		return func(t *testing.T, p *vfs.Process) {
			for _, n := range names {
				require.False(t, exists(p, n), n)
			}
		}
	}
	runCases(t, []progCase{
		{name: "removes_files", setup: tree, argv: []string{"rm", "/tmp/f"}, check: gone("/tmp/f")},
		{name: "refuses_a_directory_without_r", setup: tree, argv: []string{"rm", "/tmp/d"},
			stderr: "rm: cannot remove '/tmp/d': Is a directory\n", code: 1},
		{name: "r_removes_a_tree", setup: tree, argv: []string{"rm", "-r", "/tmp/d"}, check: gone("/tmp/d")},
		{name: "r_removes_a_symlink_not_its_target", setup: tree, argv: []string{"rm", "-rv", "/tmp/link"},
			stdout: "removed '/tmp/link'\n",
			check: func(t *testing.T, p *vfs.Process) {
				require.False(t, exists(p, "/tmp/link"))
				require.True(t, exists(p, "/tmp/d/e/f"))
			}},
		{name: "d_removes_only_empty_directories", setup: tree, argv: []string{"rm", "-d", "/tmp/d/e/f", "/tmp/d"},
			stderr: "rm: cannot remove '/tmp/d': Directory not empty\n", code: 1, check: gone("/tmp/d/e/f")},
		{name: "missing_is_an_error", argv: []string{"rm", "/tmp/nope"},
			stderr: "rm: cannot remove '/tmp/nope': No such file or directory\n", code: 1},
		{name: "f_is_quiet_about_missing", argv: []string{"rm", "-f", "/tmp/nope"}},
		{name: "f_without_operands_is_fine", argv: []string{"rm", "-f"}},
		{name: "no_operand", argv: []string{"rm"},
			stderr: "rm: missing operand\nTry 'rm --help' for more information.\n", code: 1},
		{name: "refuses_dot", argv: []string{"rm", "-rf", "/tmp/."},
			stderr: "rm: refusing to remove '.' or '..' directory: skipping '/tmp/.'\n", code: 1},
		{name: "user_in_sticky_tmp_cannot_remove_roots_file", setup: tree, uid: 65534, argv: []string{"rm", "-f", "/tmp/f"},
			stderr: "rm: cannot remove '/tmp/f': Operation not permitted\n", code: 1},
		{name: "r_reports_what_it_cannot_remove_inside", setup: func(t *testing.T, p *vfs.Process) {
			require.NoError(t, p.MkdirAll("/tmp/u/locked", 0o777))
			write(t, p, "/tmp/u/locked/f", "", 0o644)
			require.NoError(t, p.Chmod("/tmp/u", 0o777))
			require.NoError(t, p.Chmod("/tmp/u/locked", 0o755))
		}, uid: 65534, argv: []string{"rm", "-r", "/tmp/u"},
			stderr: "rm: cannot remove '/tmp/u/locked/f': Permission denied\n", code: 1},
	})
}

func TestLnMv(t *testing.T) {
	setup := func(t *testing.T, p *vfs.Process) {
		write(t, p, "/tmp/a", "A", 0o640)
		require.NoError(t, p.Mkdir("/tmp/d", 0o755))
	}
	runCases(t, []progCase{
		{name: "ln_makes_a_hard_link", setup: setup, argv: []string{"ln", "/tmp/a", "/tmp/b"},
			check: func(t *testing.T, p *vfs.Process) { require.Equal(t, uint64(2), lstat(t, p, "/tmp/b").Nlink) }},
		{name: "ln_s_makes_a_symlink", setup: setup, argv: []string{"ln", "-sv", "a", "/tmp/s"},
			stdout: "'/tmp/s' -> 'a'\n",
			check: func(t *testing.T, p *vfs.Process) {
				buf := make([]byte, 10)
				n, err := p.Readlink("/tmp/s", buf)
				require.NoError(t, err)
				require.Equal(t, "a", string(buf[:n]))
			}},
		{name: "ln_into_a_directory", setup: setup, argv: []string{"ln", "/tmp/a", "/tmp/d"},
			check: func(t *testing.T, p *vfs.Process) { require.True(t, exists(p, "/tmp/d/a")) }},
		{name: "ln_s_existing_is_an_error", setup: setup, argv: []string{"ln", "-s", "x", "/tmp/a"},
			stderr: "ln: failed to create symbolic link '/tmp/a': File exists\n", code: 1},
		{name: "ln_sf_replaces", setup: setup, argv: []string{"ln", "-sf", "x", "/tmp/a"},
			check: func(t *testing.T, p *vfs.Process) {
				require.Equal(t, uint32(vfs.S_IFLNK), lstat(t, p, "/tmp/a").Mode&vfs.S_IFMT)
			}},
		{name: "ln_missing_source", setup: setup, argv: []string{"ln", "/tmp/nope", "/tmp/b"},
			stderr: "ln: failed to access '/tmp/nope': No such file or directory\n", code: 1},
		{name: "ln_hard_link_to_directory", setup: setup, argv: []string{"ln", "/tmp/d", "/tmp/e"},
			stderr: "ln: /tmp/d: hard link not allowed for directory\n", code: 1},
		{name: "ln_into_a_missing_directory", setup: setup, argv: []string{"ln", "/tmp/a", "/tmp/a", "/tmp/z"},
			stderr: "ln: target '/tmp/z': No such file or directory\n", code: 1},
		{name: "ln_no_operand", argv: []string{"ln"},
			stderr: "ln: missing file operand\nTry 'ln --help' for more information.\n", code: 1},
		{name: "mv_renames", setup: setup, argv: []string{"mv", "-v", "/tmp/a", "/tmp/b"},
			stdout: "renamed '/tmp/a' -> '/tmp/b'\n",
			check: func(t *testing.T, p *vfs.Process) {
				require.False(t, exists(p, "/tmp/a"))
				requireMode(t, p, "/tmp/b", vfs.S_IFREG|0o640)
			}},
		{name: "mv_into_a_directory", setup: setup, argv: []string{"mv", "/tmp/a", "/tmp/d/"},
			check: func(t *testing.T, p *vfs.Process) { require.True(t, exists(p, "/tmp/d/a")) }},
		{name: "mv_across_filesystems_copies", setup: setup, argv: []string{"mv", "/tmp/a", "/dev/shm-a"},
			check: func(t *testing.T, p *vfs.Process) {
				require.False(t, exists(p, "/tmp/a"))
				data, err := p.ReadFile("/dev/shm-a")
				require.NoError(t, err)
				require.Equal(t, "A", string(data))
				requireMode(t, p, "/dev/shm-a", vfs.S_IFREG|0o640)
			}},
		{name: "mv_missing_source", argv: []string{"mv", "/tmp/nope", "/tmp/b"},
			stderr: "mv: cannot stat '/tmp/nope': No such file or directory\n", code: 1},
		{name: "mv_into_itself", setup: setup, argv: []string{"mv", "/tmp/d", "/tmp/d/sub"},
			stderr: "mv: cannot move '/tmp/d' to a subdirectory of itself, '/tmp/d/sub'\n", code: 1},
		{name: "mv_directory_over_file", setup: setup, argv: []string{"mv", "/tmp/d", "/tmp/a"},
			stderr: "mv: cannot overwrite non-directory '/tmp/a' with directory '/tmp/d'\n", code: 1},
		{name: "mv_same_file", setup: setup, argv: []string{"mv", "/tmp/a", "/tmp/a"},
			stderr: "mv: '/tmp/a' and '/tmp/a' are the same file\n", code: 1},
		{name: "mv_one_operand", argv: []string{"mv", "/tmp/a"},
			stderr: "mv: missing destination file operand after '/tmp/a'\nTry 'mv --help' for more information.\n", code: 1},
	})
}

func TestChmodChown(t *testing.T) {
	f := withFile("/tmp/f", 0o664)
	mode := func(want uint32) func(t *testing.T, p *vfs.Process) {
		return func(t *testing.T, p *vfs.Process) { requireMode(t, p, "/tmp/f", vfs.S_IFREG|want) }
	}
	owner := func(uid, gid uint32) func(t *testing.T, p *vfs.Process) {
		return func(t *testing.T, p *vfs.Process) {
			st := lstat(t, p, "/tmp/f")
			require.Equal(t, [2]uint32{uid, gid}, [2]uint32{st.Uid, st.Gid})
		}
	}
	runCases(t, []progCase{
		{name: "octal", setup: f, argv: []string{"chmod", "4750", "/tmp/f"}, check: mode(0o4750)},
		{name: "symbolic_clauses", setup: f, argv: []string{"chmod", "u+x,go-w", "/tmp/f"}, check: mode(0o744)},
		{name: "a_equals", setup: f, argv: []string{"chmod", "a=r", "/tmp/f"}, check: mode(0o444)},
		{name: "wholess_spares_the_umask", setup: f, argv: []string{"chmod", "+x", "/tmp/f"}, check: mode(0o775)},
		{name: "copy_and_sticky", setup: f, argv: []string{"chmod", "o=u,+t", "/tmp/f"}, check: mode(0o1666)},
		{name: "dash_mode_is_not_an_option", setup: f, argv: []string{"chmod", "-w", "/tmp/f"},
			stderr: "chmod: /tmp/f: new permissions are r--rw-r--, not r--r--r--\n", code: 1, check: mode(0o464)},
		{name: "a_minus_w_ignores_the_umask", setup: f, argv: []string{"chmod", "a-w", "/tmp/f"}, check: mode(0o444)},
		{name: "X_only_for_executables", setup: f, argv: []string{"chmod", "a+X", "/tmp/f"}, check: mode(0o664)},
		{name: "invalid_mode", setup: f, argv: []string{"chmod", "99x", "/tmp/f"},
			stderr: "chmod: invalid mode: '99x'\nTry 'chmod --help' for more information.\n", code: 1, check: mode(0o664)},
		{name: "missing_file", argv: []string{"chmod", "755", "/tmp/nope"},
			stderr: "chmod: cannot access '/tmp/nope': No such file or directory\n", code: 1},
		{name: "missing_operand_after_mode", argv: []string{"chmod", "755"},
			stderr: "chmod: missing operand after '755'\nTry 'chmod --help' for more information.\n", code: 1},
		{name: "not_owner", setup: f, uid: 65534, argv: []string{"chmod", "777", "/tmp/f"},
			stderr: "chmod: changing permissions of '/tmp/f': Operation not permitted\n", code: 1},
		{name: "chown_names", setup: f, argv: []string{"chown", "user:nogroup", "/tmp/f"}, check: owner(1000, 65534)},
		{name: "chown_numbers", setup: f, argv: []string{"chown", "42:43", "/tmp/f"}, check: owner(42, 43)},
		{name: "chown_user_colon_takes_login_group", setup: f, argv: []string{"chown", "nobody:", "/tmp/f"}, check: owner(65534, 65534)},
		{name: "chown_group_only", setup: f, argv: []string{"chown", ":user", "/tmp/f"}, check: owner(0, 1000)},
		{name: "chown_invalid_user", setup: f, argv: []string{"chown", "bob", "/tmp/f"},
			stderr: "chown: invalid user: 'bob'\n", code: 1},
		{name: "chown_invalid_group", setup: f, argv: []string{"chown", "root:bob", "/tmp/f"},
			stderr: "chown: invalid group: 'root:bob'\n", code: 1},
		{name: "chown_not_root", setup: f, uid: 65534, argv: []string{"chown", "nobody", "/tmp/f"},
			stderr: "chown: changing ownership of '/tmp/f': Operation not permitted\n", code: 1},
		{name: "chown_missing_file", argv: []string{"chown", "root", "/tmp/nope"},
			stderr: "chown: cannot access '/tmp/nope': No such file or directory\n", code: 1},
	})
}
