package bin_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func TestCpTouchRmdir(t *testing.T) {
	tree := func(t *testing.T, p *vfs.Process) {
		require.NoError(t, p.MkdirAll("/tmp/d/e", 0o755))
		write(t, p, "/tmp/d/f", "F\n", 0o640)
		require.NoError(t, p.Symlink("f", "/tmp/d/l"))
		require.NoError(t, p.Mkfifo("/tmp/d/fifo", 0o600))
	}
	content := func(name, want string) func(t *testing.T, p *vfs.Process) {
		return func(t *testing.T, p *vfs.Process) {
			data, err := p.ReadFile(name)
			require.NoError(t, err)
			require.Equal(t, want, string(data))
		}
	}
	runCases(t, []progCase{
		{name: "cp_copies_bytes_and_mode", setup: tree, argv: []string{"cp", "/tmp/d/f", "/tmp/g"},
			check: func(t *testing.T, p *vfs.Process) {
				content("/tmp/g", "F\n")(t, p)
				requireMode(t, p, "/tmp/g", vfs.S_IFREG|0o640)
			}},
		{name: "cp_follows_a_symlink_operand", setup: tree, argv: []string{"cp", "/tmp/d/l", "/tmp/g"},
			check: content("/tmp/g", "F\n")},
		{name: "cp_into_a_directory", setup: tree, argv: []string{"cp", "-v", "/tmp/d/f", "/tmp/d/e"},
			stdout: "'/tmp/d/f' -> '/tmp/d/e/f'\n", check: content("/tmp/d/e/f", "F\n")},
		{name: "cp_r_copies_a_tree_with_its_links_and_fifos", setup: tree, argv: []string{"cp", "-r", "/tmp/d", "/tmp/c"},
			check: func(t *testing.T, p *vfs.Process) {
				content("/tmp/c/f", "F\n")(t, p)
				require.Equal(t, uint32(vfs.S_IFLNK), lstat(t, p, "/tmp/c/l").Mode&vfs.S_IFMT)
				requireMode(t, p, "/tmp/c/fifo", vfs.S_IFIFO|0o600)
				requireMode(t, p, "/tmp/c/e", vfs.S_IFDIR|0o755)
			}},
		{name: "cp_omits_a_directory_without_r", setup: tree, argv: []string{"cp", "/tmp/d", "/tmp/c"},
			stderr: "cp: -r not specified; omitting directory '/tmp/d'\n", code: 1},
		{name: "cp_into_itself", setup: tree, argv: []string{"cp", "-r", "/tmp/d", "/tmp/d/e"},
			stderr: "cp: cannot copy a directory, '/tmp/d', into itself, '/tmp/d/e/d'\n", code: 1},
		{name: "cp_same_file", setup: tree, argv: []string{"cp", "/tmp/d/f", "/tmp/d/l"},
			stderr: "cp: '/tmp/d/f' and '/tmp/d/l' are the same file\n", code: 1},
		{name: "cp_missing_source", argv: []string{"cp", "/tmp/nope", "/tmp/x"},
			stderr: "cp: cannot stat '/tmp/nope': No such file or directory\n", code: 1},
		{name: "cp_unreadable_source", setup: func(t *testing.T, p *vfs.Process) { write(t, p, "/tmp/s", "", 0o600) },
			uid: 65534, argv: []string{"cp", "/tmp/s", "/tmp/x"},
			stderr: "cp: cannot open '/tmp/s' for reading: Permission denied\n", code: 1},
		{name: "cp_missing_destination", argv: []string{"cp", "/tmp/a"},
			stderr: "cp: missing destination file operand after '/tmp/a'\nTry 'cp --help' for more information.\n", code: 1},
		{name: "touch_creates_an_empty_file", argv: []string{"touch", "/tmp/new"},
			check: func(t *testing.T, p *vfs.Process) { requireMode(t, p, "/tmp/new", vfs.S_IFREG|0o644) }},
		{name: "touch_c_creates_nothing", argv: []string{"touch", "-c", "/tmp/new"},
			check: func(t *testing.T, p *vfs.Process) { require.False(t, exists(p, "/tmp/new")) }},
		{name: "touch_a_fifo_does_not_block", setup: tree, argv: []string{"touch", "/tmp/d/fifo"}},
		{name: "touch_sets_the_times_to_now", setup: func(t *testing.T, p *vfs.Process) {
			write(t, p, "/tmp/old", "", 0o644)
			require.NoError(t, p.UtimesNano("/tmp/old", []vfs.Timespec{{Sec: 1}, {Sec: 2}}))
		}, argv: []string{"touch", "-m", "/tmp/old"},
			check: func(t *testing.T, p *vfs.Process) {
				st := lstat(t, p, "/tmp/old")
				require.Equal(t, int64(1), st.Atim.Sec, "-m leaves atime")
				require.Equal(t, epoch, time.Unix(st.Mtim.Sec, st.Mtim.Nsec).UTC())
			}},
		{name: "touch_in_a_missing_directory", argv: []string{"touch", "/nope/x"},
			stderr: "touch: cannot touch '/nope/x': No such file or directory\n", code: 1},
		{name: "touch_not_owner", uid: 65534, argv: []string{"touch", "/etc/passwd"},
			stderr: "touch: setting times of '/etc/passwd': Permission denied\n", code: 1},
		{name: "rmdir_removes_empty", setup: tree, argv: []string{"rmdir", "/tmp/d/e"},
			check: func(t *testing.T, p *vfs.Process) { require.False(t, exists(p, "/tmp/d/e")) }},
		{name: "rmdir_p_removes_parents", setup: func(t *testing.T, p *vfs.Process) {
			require.NoError(t, p.MkdirAll("/tmp/a/b/c", 0o755))
			require.NoError(t, p.Chdir("/tmp"))
		}, argv: []string{"rmdir", "-pv", "a/b/c"},
			stdout: "rmdir: removing directory, 'a/b/c'\nrmdir: removing directory, 'a/b'\nrmdir: removing directory, 'a'\n",
			check:  func(t *testing.T, p *vfs.Process) { require.False(t, exists(p, "/tmp/a")) }},
		{name: "rmdir_not_empty", setup: tree, argv: []string{"rmdir", "/tmp/d"},
			stderr: "rmdir: failed to remove '/tmp/d': Directory not empty\n", code: 1},
		{name: "rmdir_missing", argv: []string{"rmdir", "/tmp/nope"},
			stderr: "rmdir: failed to remove '/tmp/nope': No such file or directory\n", code: 1},
	})
}
