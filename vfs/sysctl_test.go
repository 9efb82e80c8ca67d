package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The integer parser follows proc_dointvec_minmax, as the host showed
// writing to /proc/sys/kernel/pid_max (min 301, max 4194304).
func TestParseSysctlInt(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want int64
		err  vfs.Errno
	}{
		{"plain", "32768", 32768, 0},
		{"trailing_newline", "32768\n", 32768, 0},
		{"blanks_around", "  32768  \n", 32768, 0},
		{"second_value_ignored", "32768 5", 32768, 0},
		{"newlines_then_value_ignored", "32768\n\n7", 32768, 0},
		{"empty_is_EINVAL", "", 0, vfs.EINVAL},
		{"newline_only_is_EINVAL", "\n", 0, vfs.EINVAL},
		{"non_numeric_is_EINVAL", "abc", 0, vfs.EINVAL},
		{"trailing_garbage_is_EINVAL", "32768x", 0, vfs.EINVAL},
		{"plus_sign_is_EINVAL", "+32768", 0, vfs.EINVAL},
		{"negative_below_min_is_EINVAL", "-1", 0, vfs.EINVAL},
		{"below_min_is_EINVAL", "1", 0, vfs.EINVAL},
		{"above_max_is_EINVAL", "4194305", 0, vfs.EINVAL},
		{"overflow_is_EINVAL", "99999999999999999999999", 0, vfs.EINVAL},
		{"too_many_digits_is_EINVAL", "0000000000000000000032768", 0, vfs.EINVAL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := vfs.ParseSysctlInt(tc.in, 301, 4194304)
			if tc.err != 0 {
				requireErrno(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, n)
		})
	}
}

func TestSysctlTree(t *testing.T) {
	t.Run("kernel_entries_read_as_linux", func(t *testing.T) {
		k, _ := newSystem(t)
		for path, want := range map[string]string{
			"fs/protected_hardlinks": "1\n",
			"fs/protected_symlinks":  "0\n",
			"fs/nr_open":             "1048576\n",
			"kernel/ostype":          "Linux\n",
			"kernel/pid_max":         "32768\n",
			"kernel/hostname":        "(none)\n",
		} {
			got, err := k.ReadSysctl(path)
			require.NoError(t, err, path)
			require.Equal(t, want, got, path)
		}
	})
	t.Run("file_nr_has_three_tab_separated_fields", func(t *testing.T) {
		k, _ := newSystem(t)
		got, err := k.ReadSysctl("fs/file-nr")
		require.NoError(t, err)
		require.Regexp(t, `^\d+\t0\t\d+\n$`, got)
	})
	t.Run("write_takes_effect_at_once", func(t *testing.T) {
		k, _ := newSystem(t)
		require.NoError(t, k.WriteSysctl("fs/protected_hardlinks", "0\n"))
		require.False(t, k.Sysctl.ProtectedHardlinks.Load())
		require.NoError(t, k.WriteSysctl("kernel/hostname", "box\n"))
		got, _ := k.ReadSysctl("kernel/hostname")
		require.Equal(t, "box\n", got)
	})
	t.Run("bad_value_changes_nothing", func(t *testing.T) {
		k, _ := newSystem(t)
		requireErrno(t, k.WriteSysctl("fs/protected_hardlinks", "2"), vfs.EINVAL)
		require.True(t, k.Sysctl.ProtectedHardlinks.Load())
	})
	t.Run("read_only_entry_is_EACCES", func(t *testing.T) {
		k, _ := newSystem(t)
		requireErrno(t, k.WriteSysctl("kernel/ostype", "BSD"), vfs.EACCES)
		requireErrno(t, k.WriteSysctl("fs/file-nr", "1"), vfs.EACCES)
	})
	t.Run("missing_entry_is_ENOENT", func(t *testing.T) {
		k, _ := newSystem(t)
		_, err := k.ReadSysctl("fs/nope")
		requireErrno(t, err, vfs.ENOENT)
	})
	t.Run("duplicate_and_through_a_file_are_EEXIST", func(t *testing.T) {
		k, _ := newSystem(t)
		e := vfs.SysctlReadOnly(func() string { return "x\n" })
		requireErrno(t, k.RegisterSysctl("fs/nr_open", e), vfs.EEXIST)
		requireErrno(t, k.RegisterSysctl("fs/nr_open/x", e), vfs.EEXIST)
		requireErrno(t, k.RegisterSysctl("fs", e), vfs.EEXIST)
	})
	t.Run("bad_paths_are_EINVAL", func(t *testing.T) {
		k, _ := newSystem(t)
		e := vfs.SysctlReadOnly(func() string { return "x\n" })
		for _, p := range []string{"", "/fs/x", "fs//x", "fs/../x", "fs/x/"} {
			requireErrno(t, k.RegisterSysctl(p, e), vfs.EINVAL, p)
		}
	})
	t.Run("directories_list_sorted_children", func(t *testing.T) {
		k, _ := newSystem(t)
		top, ok := k.SysctlDir("")
		require.True(t, ok)
		require.Subset(t, top, []string{"fs", "kernel"})
		fs, ok := k.SysctlDir("fs")
		require.True(t, ok)
		require.IsNonDecreasing(t, fs)
		_, ok = k.SysctlDir("fs/nr_open")
		require.False(t, ok)
	})
	t.Run("nr_open_bounds_setrlimit", func(t *testing.T) {
		k, p := newSystem(t)
		require.NoError(t, k.WriteSysctl("fs/nr_open", "4096"))
		requireErrno(t, p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: 1024, Max: 4097}), vfs.EPERM)
		require.NoError(t, p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: 1024, Max: 4096}))
	})
}
