package fusefs_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestCoreutils runs the host's own tools against the mount and checks
// what they print and what they leave in govfs.
func TestCoreutils(t *testing.T) {
	_, p, dir := mounted(t, nil)
	run := func(t *testing.T, script string) string {
		t.Helper()
		out, err := sh(t, dir, script)
		require.NoError(t, err, "%s\n%s", script, out)
		return out
	}

	t.Run("ls_l_proc_1_fd_shows_init's_console", func(t *testing.T) {
		out := run(t, "ls -l proc/1/fd")
		require.Contains(t, out, "0 -> /dev/console")
		require.Contains(t, out, "2 -> /dev/console")
	})
	t.Run("cat_proc_self_status_is_the_credential_process", func(t *testing.T) {
		out := run(t, "cat proc/self/status")
		require.Contains(t, out, "Uid:\t0\t0\t0\t0")
		require.Regexp(t, `PPid:\t1\n`, out, "forked from the mounted process, init")
		require.Regexp(t, `\nPid:\t([02-9]|1[0-9])`, out, "not init itself")
	})
	t.Run("echo_into_tmp_is_a_govfs_file", func(t *testing.T) {
		run(t, "echo hi > tmp/f")
		b, err := p.ReadFile("/tmp/f")
		require.NoError(t, err)
		require.Equal(t, "hi\n", string(b))
		require.Equal(t, "hi\n", run(t, "cat tmp/f"))
		run(t, "echo more >> tmp/f")
		b, _ = p.ReadFile("/tmp/f")
		require.Equal(t, "hi\nmore\n", string(b), "O_APPEND appends once")
	})
	t.Run("a_change_inside_govfs_shows_at_once", func(t *testing.T) {
		require.NoError(t, p.WriteFile("/tmp/g", []byte("one"), 0o600))
		require.Equal(t, "one", run(t, "cat tmp/g"))
		require.NoError(t, p.WriteFile("/tmp/g", []byte("two!"), 0o600))
		require.NoError(t, p.Chmod("/tmp/g", 0o640))
		require.Equal(t, "two!", run(t, "cat tmp/g"))
		require.Equal(t, "640 4\n", run(t, "stat -c '%a %s' tmp/g"))
		require.NoError(t, p.Rename("/tmp/g", "/tmp/g2"))
		_, err := os.Stat(filepath.Join(dir, "tmp/g"))
		require.ErrorIs(t, err, os.ErrNotExist)
	})
	t.Run("mkfifo_carries_a_writer_to_a_reader", func(t *testing.T) {
		run(t, "mkfifo -m 600 tmp/fifo")
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/tmp/fifo", &st))
		require.Equal(t, uint32(vfs.S_IFIFO|0o600), st.Mode)
		require.Equal(t, "through the fifo\n", run(t, "cat tmp/fifo & sleep 0.1; ls tmp >/dev/null; echo through the fifo > tmp/fifo; wait"))
	})
	t.Run("ln_s_and_readlink", func(t *testing.T) {
		run(t, "echo target > tmp/t && ln -s t tmp/sl && ln tmp/t tmp/hard")
		require.Equal(t, "t\n", run(t, "readlink tmp/sl"))
		require.Equal(t, "target\n", run(t, "cat tmp/sl"))
		buf := make([]byte, 64)
		n, err := p.Readlink("/tmp/sl", buf)
		require.NoError(t, err)
		require.Equal(t, "t", string(buf[:n]))
		require.Equal(t, "2\n", run(t, "stat -c %h tmp/t"))
	})
	t.Run("stat_shows_govfs's_mode_owner_and_device_numbers", func(t *testing.T) {
		require.Equal(t, "character special file 1,3 666\n", run(t, "stat -c '%F %t,%T %a' dev/null"))
		require.Equal(t, "directory 1777\n", run(t, "stat -c '%F %a' tmp"))
		require.NoError(t, p.Mkdir("/tmp/owned", 0o750))
		require.NoError(t, p.Chown("/tmp/owned", 12, 34))
		require.Equal(t, "12 34 750\n", run(t, "stat -c '%u %g %a' tmp/owned"))
	})
	t.Run("grep_r_reads_tmpfs_and_proc", func(t *testing.T) {
		require.NoError(t, p.MkdirAll("/tmp/src/a", 0o755))
		require.NoError(t, p.WriteFile("/tmp/src/a/x.go", []byte("package a\nfunc needle() {}\n"), 0o644))
		require.NoError(t, p.WriteFile("/tmp/src/y.txt", []byte("hay\n"), 0o644))
		require.Equal(t, "tmp/src/a/x.go:func needle() {}\n", run(t, "grep -r needle tmp/src"))
		require.Contains(t, run(t, "grep -h '^Name' proc/1/status"), "init")
	})
	t.Run("chmod_chown_truncate_touch_mv_rm_reach_govfs", func(t *testing.T) {
		run(t, "echo 0123456789 > tmp/m && chmod 604 tmp/m && chown 7:8 tmp/m && truncate -s 4 tmp/m && touch -d @1000000000 tmp/m")
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/tmp/m", &st))
		require.Equal(t, uint32(vfs.S_IFREG|0o604), st.Mode)
		require.Equal(t, [2]uint32{7, 8}, [2]uint32{st.Uid, st.Gid})
		require.Equal(t, int64(4), st.Size)
		require.Equal(t, int64(1000000000), st.Mtim.Sec)
		run(t, "mkdir -p tmp/d1/d2 && mv tmp/m tmp/d1/d2/m && rm tmp/d1/d2/m && rmdir tmp/d1/d2 tmp/d1")
		require.ErrorIs(t, p.Stat("/tmp/d1", &st), vfs.ENOENT)
	})
	t.Run("mknod_makes_govfs_device_nodes_the_nodev_mount_will_not_open", func(t *testing.T) {
		run(t, "mknod tmp/null2 c 1 3")
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/tmp/null2", &st))
		require.Equal(t, vfs.Mkdev(1, 3), st.Rdev)
		out, err := sh(t, dir, "cat tmp/null2")
		require.Error(t, err)
		require.Contains(t, out, "Permission denied")
	})
	t.Run("errors_are_govfs's_errnos", func(t *testing.T) {
		for script, want := range map[string]string{
			"cat tmp/nothing":                     "No such file or directory",
			"rmdir proc":                          "Device or resource busy", // a mount point in govfs
			"mkdir tmp/dup tmp/dup":               "File exists",
			"/bin/echo x > proc/1/status":         "Invalid argument",          // no write op: EINVAL, as on Linux
			"echo a > tmp/lx && ln tmp/lx dev/lx": "Invalid cross-device link", // govfs mounts inside one host mount
		} {
			out, err := sh(t, dir, script)
			require.Error(t, err, script)
			require.Contains(t, out, want, script)
		}
	})
	t.Run("df_reports_govfs's_statfs", func(t *testing.T) {
		require.NoError(t, p.Mkdir("/tmp/small", 0o755))
		require.NoError(t, p.Mount("tmpfs", "/tmp/small", "tmpfs", 0, "size=64k"))
		require.Equal(t, "64\n", run(t, "df -k --output=size tmp/small | tail -1 | tr -d ' '"))
	})
	t.Run("ls_of_a_big_directory_sees_every_entry", func(t *testing.T) {
		require.NoError(t, p.Mkdir("/tmp/big", 0o755))
		for i := range 500 {
			require.NoError(t, p.WriteFile("/tmp/big/"+strings.Repeat("n", 40)+time.Duration(i).String(), nil, 0o644))
		}
		require.Equal(t, "500\n", run(t, "ls tmp/big | wc -l"))
	})
}
