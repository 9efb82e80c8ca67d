package sysfs_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// Each attribute govfs serves has the host's mode and size, and the
// host's content where it does not depend on the machine (device
// numbers, word size).
func TestSysfsMatchesHost(t *testing.T) {
	_, p := boot(t)
	for _, tc := range sysFiles {
		t.Run(tc.path, func(t *testing.T) {
			var host unix.Stat_t
			if err := unix.Stat(tc.path, &host); err != nil {
				t.Skipf("the host has no %s: %v", tc.path, err)
			}
			var st vfs.Stat_t
			require.NoError(t, p.Stat(tc.path, &st))
			require.Equal(t, host.Mode, st.Mode)
			require.Equal(t, host.Size, st.Size)
			if tc.path == "/sys/kernel/uevent_seqnum" {
				return // counts the host's uevents
			}
			b, err := os.ReadFile(tc.path)
			require.NoError(t, err)
			require.Equal(t, string(b), tc.want)
		})
	}
	t.Run("class_link_targets", func(t *testing.T) {
		for _, link := range []string{"/sys/class/mem/null", "/sys/dev/char/1:3", "/sys/devices/virtual/mem/zero/subsystem"} {
			want, err := os.Readlink(link)
			if err != nil {
				t.Skipf("the host has no %s", link)
			}
			buf := make([]byte, 256)
			n, err := p.Readlink(link, buf)
			require.NoError(t, err)
			require.Equal(t, want, string(buf[:n]), link)
		}
	})
}
