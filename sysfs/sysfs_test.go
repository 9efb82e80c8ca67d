package sysfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func boot(t *testing.T) (*vfs.Kernel, *vfs.Process) {
	t.Helper()
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	return k, k.Init()
}

// sysFiles are attribute files with their modes and contents; the host
// has each at the same path with the same mode and size (host_linux_test.go).
var sysFiles = []struct {
	path string
	mode uint32
	want string
}{
	{"/sys/kernel/address_bits", 0o444, "64\n"},
	{"/sys/kernel/cpu_byteorder", 0o444, "little\n"},
	{"/sys/kernel/uevent_seqnum", 0o444, "0\n"},
	{"/sys/devices/virtual/mem/null/dev", 0o444, "1:3\n"},
	{"/sys/devices/virtual/mem/zero/dev", 0o444, "1:5\n"},
	{"/sys/devices/virtual/mem/full/dev", 0o444, "1:7\n"},
	{"/sys/devices/virtual/mem/random/dev", 0o444, "1:8\n"},
	{"/sys/devices/virtual/mem/urandom/dev", 0o444, "1:9\n"},
	{"/sys/devices/virtual/mem/null/uevent", 0o644, "MAJOR=1\nMINOR=3\nDEVNAME=null\nDEVMODE=0666\n"},
	{"/sys/class/mem/null/dev", 0o444, "1:3\n"},
	{"/sys/class/mem/urandom/dev", 0o444, "1:9\n"},
}

func TestSysfsAttributes(t *testing.T) {
	_, p := boot(t)
	for _, tc := range sysFiles {
		t.Run(tc.path, func(t *testing.T) {
			var st vfs.Stat_t
			require.NoError(t, p.Stat(tc.path, &st))
			require.Equal(t, vfs.S_IFREG|tc.mode, st.Mode)
			require.EqualValues(t, 4096, st.Size, "sysfs attributes report a page")
			b, err := p.ReadFile(tc.path)
			require.NoError(t, err)
			require.Equal(t, tc.want, string(b))
		})
	}
}

func TestSysfsTree(t *testing.T) {
	_, p := boot(t)
	t.Run("root_is_0555_others_0755", func(t *testing.T) {
		for path, mode := range map[string]uint32{
			"/sys": 0o555, "/sys/kernel": 0o755, "/sys/class/mem": 0o755, "/sys/fs": 0o755,
			"/sys/module/pipefs/parameters": 0o755, "/sys/devices/virtual/mem/null": 0o755,
		} {
			var st vfs.Stat_t
			require.NoError(t, p.Stat(path, &st), path)
			require.Equal(t, vfs.S_IFDIR|mode, st.Mode, path)
		}
	})
	t.Run("class_links_point_at_devices", func(t *testing.T) {
		buf := make([]byte, 256)
		for link, want := range map[string]string{
			"/sys/class/mem/null":                     "../../devices/virtual/mem/null",
			"/sys/dev/char/1:3":                       "../../devices/virtual/mem/null",
			"/sys/devices/virtual/mem/zero/subsystem": "../../../../class/mem",
		} {
			n, err := p.Readlink(link, buf)
			require.NoError(t, err, link)
			require.Equal(t, want, string(buf[:n]))
		}
	})
	t.Run("class_mem_lists_the_registered_devices", func(t *testing.T) {
		fd, err := p.Open("/sys/class/mem", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		require.NoError(t, err)
		defer p.Close(fd)
		buf := make([]byte, 4096)
		n, err := p.Getdents(fd, buf)
		require.NoError(t, err)
		_, _, names := vfs.ParseDirent(buf[:n], -1, nil)
		require.ElementsMatch(t, []string{"null", "zero", "full", "random", "urandom"}, names)
	})
	t.Run("missing_name_is_ENOENT", func(t *testing.T) {
		var st vfs.Stat_t
		require.ErrorIs(t, p.Stat("/sys/kernel/nope", &st), vfs.ENOENT)
	})
	t.Run("no_new_names", func(t *testing.T) {
		_, err := p.Open("/sys/kernel/new", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
		require.Error(t, err)
		require.Error(t, p.Mkdir("/sys/fs/x", 0o755))
	})
	t.Run("read_only_attribute_is_EACCES_for_root", func(t *testing.T) {
		_, err := p.Open("/sys/kernel/address_bits", vfs.O_WRONLY, 0)
		require.ErrorIs(t, err, vfs.EACCES)
	})
}

// /sys/module/pipefs/parameters are the pipefs sysctls: a root write
// there is what /proc/sys reads and what F_SETPIPE_SZ enforces.
func TestSysfsPipefsParameters(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write string
		user  bool
		err   vfs.Errno
		after string
	}{
		{"root_write_takes_effect", "65536\n", false, 0, "65536\n"},
		{"non_root_is_EACCES", "65536\n", true, vfs.EACCES, "1048576\n"},
		{"non_numeric_is_EINVAL", "big", false, vfs.EINVAL, "1048576\n"},
		{"out_of_range_is_EINVAL", "4294967296", false, vfs.EINVAL, "1048576\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, p := boot(t)
			w := p
			if tc.user {
				c, err := p.Fork()
				require.NoError(t, err)
				require.NoError(t, c.Setuid(65534))
				defer func() { c.Exit(0); p.Wait(c.Pid()) }()
				w = c
			}
			const path = "/sys/module/pipefs/parameters/max_size"
			fd, err := w.Open(path, vfs.O_WRONLY, 0)
			if err == nil {
				_, err = w.Write(fd, []byte(tc.write))
				w.Close(fd)
			}
			if tc.err != 0 {
				require.ErrorIs(t, err, tc.err)
			} else {
				require.NoError(t, err)
			}
			b, err := p.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, tc.after, string(b))
			got, err := k.ReadSysctl("fs/pipe-max-size")
			require.NoError(t, err)
			require.Equal(t, tc.after, got)
		})
	}
}
