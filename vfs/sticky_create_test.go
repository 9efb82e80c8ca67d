package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// An O_CREAT open that finds an object another user left in a sticky
// directory (may_create_in_sticky, fs/namei.c; proc_sys_fs(5) for the
// two sysctls): refused with EACCES, even for root, when the directory
// is world-writable and neither the caller nor the directory's owner
// owns the object. Regular files and FIFOs are spared at level 0 of
// fs.protected_regular and fs.protected_fifos; at 2 a group-writable
// directory counts as well. Devices and sockets are never spared. The
// differential cases check level 0 against the host; these check the
// other levels, which the tests do not change on the host.
func TestOCreatInStickyDir(t *testing.T) {
	const other = 2000
	cases := []struct {
		name   string
		typ    uint32 // of the object other owns in d
		dir    uint32 // d's mode
		level  int64  // fs.protected_regular and fs.protected_fifos
		caller int    // uid of the opener
		want   vfs.Errno
	}{
		{"device_at_level_0", vfs.S_IFCHR, 0o1777, 0, 0, vfs.EACCES},
		{"socket_at_level_0", vfs.S_IFSOCK, 0o1777, 0, 0, vfs.EACCES},
		{"regular_at_level_0", vfs.S_IFREG, 0o1777, 0, 0, 0},
		{"fifo_at_level_0", vfs.S_IFIFO, 0o1777, 0, 0, 0},
		{"regular_at_level_1", vfs.S_IFREG, 0o1777, 1, 0, vfs.EACCES},
		{"fifo_at_level_1", vfs.S_IFIFO, 0o1777, 1, 0, vfs.EACCES},
		{"regular_at_level_1_in_a_group_writable_dir", vfs.S_IFREG, 0o1770, 1, 0, 0},
		{"regular_at_level_2_in_a_group_writable_dir", vfs.S_IFREG, 0o1770, 2, 0, vfs.EACCES},
		{"fifo_at_level_2_in_a_group_writable_dir", vfs.S_IFIFO, 0o1770, 2, 0, vfs.EACCES},
		{"device_in_a_group_writable_dir", vfs.S_IFCHR, 0o1770, 2, 0, 0},
		{"regular_at_level_2_in_a_dir_only_its_owner_writes", vfs.S_IFREG, 0o1755, 2, 0, 0},
		{"regular_at_level_2_without_the_sticky_bit", vfs.S_IFREG, 0o0777, 2, 0, 0},
		{"regular_at_level_2_opened_by_its_owner", vfs.S_IFREG, 0o1777, 2, other, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			k, root := newSystem(t)
			k.Sysctl.ProtectedRegular.Store(tc.level)
			k.Sysctl.ProtectedFifos.Store(tc.level)
			require.NoError(t, root.Mkdir("/tmp/d", 0o777))
			require.NoError(t, root.Chmod("/tmp/d", tc.dir))
			require.NoError(t, root.Mknod("/tmp/d/x", tc.typ|0o666, int(vfs.Mkdev(1, 7))))
			require.NoError(t, root.Chown("/tmp/d/x", other, other))
			p := root
			if tc.caller != 0 {
				p = forkAs(t, root, tc.caller, tc.caller)
			}
			flags := vfs.O_RDONLY | vfs.O_CREAT | vfs.O_NONBLOCK
			err := openClose(p, "/tmp/d/x", flags)
			if tc.typ == vfs.S_IFSOCK && tc.want == 0 {
				tc.want = vfs.ENXIO
			}
			requireResult(t, err, tc.want, "O_CREAT of type %o in a %04o dir at level %d",
				tc.typ, tc.dir, tc.level)
			require.NoError(t, openClose(p, "/tmp/d/x", vfs.O_RDONLY|vfs.O_NONBLOCK|vfs.O_PATH),
				"without O_CREAT the rule does not apply")
		})
	}
}
