package procfs_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// Every /proc/sys file govfs serves has the host's mode, owner and
// size, and a value of the host's shape (the values themselves are the
// host's tuning).
func TestProcSysMatchesHost(t *testing.T) {
	k, p := bootProcSys(t)
	number := regexp.MustCompile(`^-?\d+\n$`)
	shape := map[string]*regexp.Regexp{
		"fs/file-nr":      regexp.MustCompile(`^\d+\t0\t\d+\n$`),
		"kernel/hostname": regexp.MustCompile(`^[^\n]+\n$`),
		"kernel/ostype":   regexp.MustCompile(`^Linux\n$`),
	}
	var paths []string
	var walk func(dir string)
	walk = func(dir string) {
		names, _ := k.SysctlDir(dir)
		for _, n := range names {
			path := n
			if dir != "" {
				path = dir + "/" + n
			}
			if _, ok := k.LookupSysctl(path); ok {
				paths = append(paths, path)
			} else {
				walk(path)
			}
		}
	}
	walk("")
	require.GreaterOrEqual(t, len(paths), 14)
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			var host unix.Stat_t
			if err := unix.Stat("/proc/sys/"+path, &host); err != nil {
				t.Skipf("the host has no /proc/sys/%s", path)
			}
			var st vfs.Stat_t
			require.NoError(t, p.Stat("/proc/sys/"+path, &st))
			require.Equal(t, host.Mode, st.Mode)
			require.Equal(t, host.Size, st.Size)
			require.Equal(t, host.Uid, st.Uid)
			re := shape[path]
			if re == nil {
				re = number
			}
			hb, err := os.ReadFile("/proc/sys/" + path)
			require.NoError(t, err)
			require.Regexp(t, re, string(hb), "the host")
			require.Regexp(t, re, catFile(t, p, "/proc/sys/"+path), "govfs")
		})
	}
	t.Run("directories", func(t *testing.T) {
		for _, d := range []string{"/proc/sys", "/proc/sys/fs", "/proc/sys/net/core"} {
			var host unix.Stat_t
			require.NoError(t, unix.Stat(d, &host))
			var st vfs.Stat_t
			require.NoError(t, p.Stat(d, &st))
			require.Equal(t, host.Mode, st.Mode, d)
			require.EqualValues(t, host.Nlink, st.Nlink, d)
		}
	})
}
