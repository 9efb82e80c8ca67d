package vfs_test

import (
	"testing"

	"github.com/govfs/govfs/vfs"
)

// mknod(2) of devices as an ordinary user, in vfs_mknod's order (found
// by the random differential run as uid 65534).
func TestMknodDevicesAsUser(t *testing.T) {
	_, p := newSystem(t)
	u := forkAs(t, p, 1000, 1000)
	requireResult(t, u.Mkdir("/tmp/w", 0o755), 0)
	for _, c := range []struct {
		name string
		path string
		mode uint32
		dev  int
		want vfs.Errno
	}{
		{"a_whiteout_char_0_0_needs_no_privilege", "/tmp/w/wh", vfs.S_IFCHR | 0o644, 0, 0},
		{"a_char_device_is_EPERM", "/tmp/w/null", vfs.S_IFCHR | 0o644, int(vfs.Mkdev(1, 3)), vfs.EPERM},
		{"a_block_device_0_0_is_EPERM", "/tmp/w/blk", vfs.S_IFBLK | 0o644, 0, vfs.EPERM},
		{"the_name_is_looked_up_first_EEXIST", "/tmp/w/..", vfs.S_IFCHR | 0o644, int(vfs.Mkdev(1, 3)), vfs.EEXIST},
		{"permission_comes_before_privilege_EACCES", "/etc/null", vfs.S_IFCHR | 0o644, int(vfs.Mkdev(1, 3)), vfs.EACCES},
	} {
		t.Run(c.name, func(t *testing.T) {
			requireResult(t, u.Mknod(c.path, c.mode, c.dev), c.want)
		})
	}
}
