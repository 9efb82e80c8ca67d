package bin_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// lsTree is /t: a file, a set-uid file, a sticky directory, a FIFO, a
// device, a symlink, a hard link and a hidden file.
func lsTree(t *testing.T, p *vfs.Process) {
	mkdir(t, p, "/t", 0o755)
	write(t, p, "/t/file", "hello\n", 0o644)
	write(t, p, "/t/suid", "", 0o644)
	require.NoError(t, p.Chown("/t/suid", 4242, 4343))
	require.NoError(t, p.Chmod("/t/suid", 0o4755))
	write(t, p, "/t/sgid", "", 0o2644)
	require.NoError(t, p.Chown("/t/sgid", 1000, 65534))
	mkdir(t, p, "/t/sticky", 0o1777)
	require.NoError(t, p.Mkfifo("/t/fifo", 0o644))
	require.NoError(t, p.Chmod("/t/fifo", 0o644))
	require.NoError(t, p.Mknod("/t/null", vfs.S_IFCHR|0o666, int(vfs.Mkdev(1, 3))))
	require.NoError(t, p.Chmod("/t/null", 0o666))
	require.NoError(t, p.Symlink("file", "/t/link"))
	require.NoError(t, p.Link("/t/file", "/t/hard"))
	write(t, p, "/t/.hidden", "", 0o600)
}

func TestLs(t *testing.T) {
	runCases(t, []progCase{
		{name: "names_one_per_line_sorted_hidden_skipped", setup: lsTree, argv: []string{"ls", "/t"},
			stdout: "fifo\nfile\nhard\nlink\nnull\nsgid\nsticky\nsuid\n"},
		{name: "a_shows_dot_names", setup: lsTree, argv: []string{"ls", "-a", "/t"},
			stdout: ".\n..\n.hidden\nfifo\nfile\nhard\nlink\nnull\nsgid\nsticky\nsuid\n"},
		{name: "A_shows_hidden_but_not_dots", setup: lsTree, argv: []string{"ls", "-A1", "/t"},
			stdout: ".hidden\nfifo\nfile\nhard\nlink\nnull\nsgid\nsticky\nsuid\n"},
		{name: "l_shows_types_modes_links_owners_devices_and_targets", setup: lsTree, argv: []string{"ls", "-l", "/t"},
			stdout: "total 8\n" + // two 4 KiB pages: file and hard each count
				"prw-r--r-- 1 root root       0 Nov 29 12:00 fifo\n" +
				"-rw-r--r-- 2 root root       6 Nov 29 12:00 file\n" +
				"-rw-r--r-- 2 root root       6 Nov 29 12:00 hard\n" +
				"lrwxrwxrwx 1 root root       4 Nov 29 12:00 link -> file\n" +
				"crw-rw-rw- 1 root root    1, 3 Nov 29 12:00 null\n" +
				"-rw-r-Sr-- 1 user nogroup    0 Nov 29 12:00 sgid\n" +
				"drwxrwxrwt 2 root root      40 Nov 29 12:00 sticky\n" +
				"-rwsr-xr-x 1 4242 4343       0 Nov 29 12:00 suid\n"},
		{name: "d_lists_the_directory_itself", setup: lsTree, argv: []string{"ls", "-ld", "/t/sticky"},
			stdout: "drwxrwxrwt 2 root root 40 Nov 29 12:00 /t/sticky\n"},
		{name: "l_does_not_follow_a_symlink_operand", setup: lsTree, argv: []string{"ls", "-l", "/t/link"},
			stdout: "lrwxrwxrwx 1 root root 4 Nov 29 12:00 /t/link -> file\n"},
		{name: "files_first_then_directories_with_headers", setup: lsTree, argv: []string{"ls", "/t/sticky", "/t/file", "/t"},
			stdout: "/t/file\n\n/t:\nfifo\nfile\nhard\nlink\nnull\nsgid\nsticky\nsuid\n\n/t/sticky:\n"},
		{name: "i_shows_inode_numbers", setup: lsTree, argv: []string{"ls", "-i", "/t/file", "/t/hard"},
			match: `(\d+) /t/file\n\d+ /t/hard\n`},
		{name: "no_operand_is_the_cwd", setup: func(t *testing.T, p *vfs.Process) {
			require.NoError(t, p.Chdir("/etc"))
		}, argv: []string{"ls"}, stdout: "group\npasswd\n"},
		{name: "dangling_symlink_operand_is_listed", setup: func(t *testing.T, p *vfs.Process) {
			require.NoError(t, p.Symlink("/nowhere", "/tmp/dangling"))
		}, argv: []string{"ls", "/tmp/dangling"}, stdout: "/tmp/dangling\n"},
		{name: "unreadable_symlink_is_listed_without_target", argv: []string{"ls", "-l", "/proc/1/exe"},
			stdout: "lrwxrwxrwx 1 root root 0 Nov 29 12:00 /proc/1/exe\n",
			stderr: "ls: cannot read symbolic link '/proc/1/exe': No such file or directory\n", code: 1},
		{name: "device_groups_have_names", argv: []string{"ls", "-l", "/dev/ram0"},
			stdout: "brw-rw---- 1 root disk 1, 0 Nov 29 12:00 /dev/ram0\n"},
		{name: "missing_operand_is_status_2_others_still_listed", setup: lsTree, argv: []string{"ls", "/nope", "/t/file"},
			stdout: "/t/file\n", stderr: "ls: cannot access '/nope': No such file or directory\n", code: 2},
		{name: "unreadable_directory_is_status_2", setup: func(t *testing.T, p *vfs.Process) {
			mkdir(t, p, "/secret", 0o700)
		}, uid: 65534, argv: []string{"ls", "/secret"},
			stderr: "ls: cannot open directory '/secret': Permission denied\n", code: 2},
		{name: "bad_option_is_status_2", argv: []string{"ls", "-z"},
			stderr: "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", code: 2},
		{name: "boot_writes_passwd_and_group", setup: lsTree, argv: []string{"ls", "/bin/ls", "/etc"},
			stdout: "/bin/ls\n\n/etc:\ngroup\npasswd\n"},
	})
}
