package pipefs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// fs/pipe-max-size is what F_SETPIPE_SZ enforces for a non-root
// caller, from the moment it is written; writes round as
// proc_dopipe_max_size does (the host: "0" and "1" read back 4096,
// "4097" 8192).
func TestPipeMaxSizeSysctl(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write string
		read  string
		err   vfs.Errno
	}{
		{"default", "", "1048576\n", 0},
		{"power_of_two_kept", "65536\n", "65536\n", 0},
		{"rounds_up_to_a_power_of_two", "4097", "8192\n", 0},
		{"zero_is_a_page", "0", "4096\n", 0},
		{"two_GiB_is_the_top", "2147483648", "2147483648\n", 0},
		{"past_two_GiB_is_EINVAL", "2147483649", "1048576\n", vfs.EINVAL},
		{"negative_is_EINVAL", "-1", "1048576\n", vfs.EINVAL},
		{"non_numeric_is_EINVAL", "big", "1048576\n", vfs.EINVAL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := govfs.Boot()
			require.NoError(t, err)
			defer k.Shutdown()
			if tc.write != "" {
				err := k.WriteSysctl("fs/pipe-max-size", tc.write)
				if tc.err != 0 {
					require.ErrorIs(t, err, tc.err)
				} else {
					require.NoError(t, err)
				}
			}
			got, err := k.ReadSysctl("fs/pipe-max-size")
			require.NoError(t, err)
			require.Equal(t, tc.read, got)
		})
	}
}

func TestPipeMaxSizeSysctlIsEnforced(t *testing.T) {
	p := boot(t)
	k := p.Kernel()
	child, err := p.Fork()
	require.NoError(t, err)
	require.NoError(t, child.Setuid(1000))
	r, _ := pipe(t, child, 0)

	_, err = child.FcntlInt(uintptr(r), vfs.F_SETPIPE_SZ, 1<<17)
	require.NoError(t, err, "128 KiB is under the default 1 MiB")
	require.NoError(t, k.WriteSysctl("fs/pipe-max-size", "65536\n"))
	_, err = child.FcntlInt(uintptr(r), vfs.F_SETPIPE_SZ, 1<<17)
	require.ErrorIs(t, err, vfs.EPERM, "the lowered limit holds at once")
	require.NoError(t, k.WriteSysctl("fs/pipe-max-size", "4194304"))
	got, err := child.FcntlInt(uintptr(r), vfs.F_SETPIPE_SZ, 4<<20)
	require.NoError(t, err, "the raised limit holds at once")
	require.Equal(t, 4<<20, got)
	child.Exit(0)
	p.Wait(child.Pid())
}
