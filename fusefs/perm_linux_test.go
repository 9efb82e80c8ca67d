package fusefs_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/fusefs"
)

// TestPermission runs host commands as uid 65534 (setpriv) on an
// allow_other mount: what they may do is what govfs lets uid 65534 do,
// with the groups setpriv gave them.
func TestPermission(t *testing.T) {
	if _, err := exec.LookPath("setpriv"); err != nil {
		t.Skip("needs setpriv: ", err)
	}
	_, p, dir := mounted(t, &fusefs.Options{AllowOther: true})
	// t.TempDir's directories are 0700: let uid 65534 reach the mount.
	require.NoError(t, os.Chmod(filepath.Dir(dir), 0o755))
	as := func(groups, script string) (string, error) {
		return sh(t, dir, "setpriv --reuid=65534 --regid=65534 "+groups+" sh -c '"+script+"'")
	}
	const noGroups = "--clear-groups"

	require.NoError(t, p.WriteFile("/tmp/secret", []byte("root only\n"), 0o600))
	require.NoError(t, p.WriteFile("/tmp/public", []byte("everyone\n"), 0o644))
	require.NoError(t, p.WriteFile("/tmp/staff", []byte("group 1234\n"), 0o640))
	require.NoError(t, p.Chown("/tmp/staff", 0, 1234))
	require.NoError(t, p.Mkdir("/tmp/locked", 0o700))
	require.NoError(t, p.WriteFile("/tmp/locked/in", []byte("x"), 0o666))

	t.Run("a_root_0600_file_is_EACCES_for_uid_65534", func(t *testing.T) {
		out, err := as(noGroups, "cat tmp/secret")
		require.Error(t, err)
		require.Contains(t, out, "Permission denied")
	})
	t.Run("a_0644_file_is_readable", func(t *testing.T) {
		out, err := as(noGroups, "cat tmp/public")
		require.NoError(t, err, out)
		require.Equal(t, "everyone\n", out)
	})
	t.Run("a_supplementary_group_opens_a_0640_file", func(t *testing.T) {
		out, err := as("--groups=1234", "cat tmp/staff")
		require.NoError(t, err, out)
		require.Equal(t, "group 1234\n", out)
		out, err = as(noGroups, "cat tmp/staff")
		require.Error(t, err)
		require.Contains(t, out, "Permission denied")
	})
	t.Run("a_0700_directory_is_not_searchable", func(t *testing.T) {
		out, err := as(noGroups, "cat tmp/locked/in")
		require.Error(t, err)
		require.Contains(t, out, "Permission denied")
		_, err = as(noGroups, "cd tmp/locked")
		require.Error(t, err, "chdir asks govfs through ACCESS")
	})
	t.Run("the_request_runs_as_the_caller_in_govfs", func(t *testing.T) {
		out, err := as("--groups=1234,5678", "cat proc/self/status")
		require.NoError(t, err, out)
		require.Contains(t, out, "Uid:\t65534\t65534\t65534\t65534\n")
		require.Contains(t, out, "Gid:\t65534\t65534\t65534\t65534\n")
		require.Regexp(t, `Groups:\t1234 5678 ?\n`, out)
	})
	t.Run("files_made_by_uid_65534_belong_to_it", func(t *testing.T) {
		out, err := as(noGroups, "echo mine > tmp/n && chmod 600 tmp/n && stat -c %u:%g:%a tmp/n")
		require.NoError(t, err, out)
		require.Equal(t, "65534:65534:600\n", out)
		_, err = as(noGroups, "chown 0 tmp/n")
		require.Error(t, err, "only root may give a file away")
	})
	t.Run("the_sticky_tmp_keeps_others_from_removing_root's_file", func(t *testing.T) {
		out, err := as(noGroups, "rm -f tmp/public")
		require.Error(t, err)
		require.Contains(t, out, "Operation not permitted")
	})
}

// TestPermissionUnprivilegedProcess mounts the view of a uid 1000
// process: it cannot take the host root caller's ids, so the requests
// fail with EPERM rather than run with the wrong credentials.
func TestPermissionUnprivilegedProcess(t *testing.T) {
	skipUnlessMountable(t)
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	user, err := k.Init().Fork()
	require.NoError(t, err)
	require.NoError(t, user.Setuid(1000))
	dir := t.TempDir()
	srv, err := fusefs.Mount(user, dir, nil)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, srv.Unmount()) })
	out, err := exec.Command("ls", filepath.Join(dir, "tmp")).CombinedOutput()
	require.Error(t, err)
	require.Contains(t, string(out), "Operation not permitted")
}
