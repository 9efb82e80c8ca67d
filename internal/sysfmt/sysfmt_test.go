package sysfmt_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/internal/sysfmt"
)

func TestFormat(t *testing.T) {
	for _, tc := range []struct{ name, got, want string }{
		{"open_flags_access_mode_first", sysfmt.OpenFlags(0x80042), "O_RDWR|O_CREAT|O_CLOEXEC"},
		{"open_flags_read_only_alone", sysfmt.OpenFlags(0), "O_RDONLY"},
		{"open_flags_composite_before_parts", sysfmt.OpenFlags(0x410002), "O_RDWR|O_TMPFILE"},
		{"unknown_bits_stay_hex", sysfmt.OpenFlags(0x1000000), "O_RDONLY|0x1000000"},
		{"no_at_flags_is_0", sysfmt.FlagsOr0(0, sysfmt.AtFlagNames), "0"},
		{"at_removedir", sysfmt.FlagsOr0(0x200, sysfmt.AtFlagNames), "AT_REMOVEDIR"},
		{"mode_octal", sysfmt.Octal(0o644), "0644"},
		{"mode_zero", sysfmt.Octal(0), "0"},
		{"node_mode", sysfmt.NodeMode(0o10644), "S_IFIFO|0644"},
		{"access_F_OK", sysfmt.AccessMode(0), "F_OK"},
		{"access_R_OK_W_OK", sysfmt.AccessMode(6), "R_OK|W_OK"},
		{"whence_unknown", sysfmt.Whence(9), "9"},
		{"fcntl_setfl_arg", sysfmt.FcntlArg(4, 0x800), "O_RDONLY|O_NONBLOCK"},
		{"fcntl_setfd_arg", sysfmt.FcntlArg(2, 1), "FD_CLOEXEC"},
		{"fcntl_dupfd_arg", sysfmt.FcntlArg(0, 10), "10"},
		{"dev", sysfmt.Dev(0x103), "makedev(1, 3)"},
		{"signal_by_name", sysfmt.Signal(15), "SIGTERM"},
		{"signal_0_stays_0", sysfmt.Signal(0), "0"},
		{"signal_realtime", sysfmt.Signal(64), "SIGRT_32"},
		{"signal_out_of_range_stays_a_number", sysfmt.Signal(65), "65"},
		{"signal_negative_stays_a_number", sysfmt.Signal(-1), "-1"},
	} {
		t.Run(tc.name, func(t *testing.T) { require.Equal(t, tc.want, tc.got) })
	}
}
