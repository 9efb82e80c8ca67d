package vfs

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLinuxOpenFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		os   int
		want int
		err  error
	}{
		{"read_only", os.O_RDONLY, O_RDONLY, nil},
		{"write_only", os.O_WRONLY, O_WRONLY, nil},
		{"read_write", os.O_RDWR, O_RDWR, nil},
		{"create_exclusive", os.O_RDWR | os.O_CREATE | os.O_EXCL, O_RDWR | O_CREAT | O_EXCL, nil},
		{"truncate", os.O_WRONLY | os.O_TRUNC, O_WRONLY | O_TRUNC, nil},
		{"append", os.O_WRONLY | os.O_APPEND, O_WRONLY | O_APPEND, nil},
		{"sync", os.O_WRONLY | os.O_SYNC, O_WRONLY | O_SYNC, nil},
		{"a_bit_no_table_names_is_EINVAL", os.O_RDONLY | 1<<30, 0, EINVAL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := linuxOpenFlags(tc.os)
			require.Equal(t, tc.err, err)
			require.Equal(t, tc.want, got)
		})
	}
}

// TestTranslateOpenFlagsWithDarwinNumbers runs the translation on
// darwin's table, where os.O_CREATE is Linux's O_TRUNC bit: this is the
// mix-up OpenFile exists to prevent.
func TestTranslateOpenFlagsWithDarwinNumbers(t *testing.T) {
	const (
		dAPPEND    = 0x8
		dSYNC      = 0x80
		dCREAT     = 0x200
		dTRUNC     = 0x400
		dEXCL      = 0x800
		dNONBLOCK  = 0x4
		dNOFOLLOW  = 0x100
		dDIRECTORY = 0x100000
		dCLOEXEC   = 0x1000000
	)
	darwin := []openFlagMap{
		{dAPPEND, O_APPEND}, {dCREAT, O_CREAT}, {dEXCL, O_EXCL}, {dSYNC, O_SYNC}, {dTRUNC, O_TRUNC},
		{dNONBLOCK, O_NONBLOCK}, {dDIRECTORY, O_DIRECTORY}, {dNOFOLLOW, O_NOFOLLOW}, {dCLOEXEC, O_CLOEXEC},
	}
	for _, tc := range []struct {
		name       string
		host, want int
	}{
		{"create_is_O_CREAT_not_O_TRUNC", 1 | dCREAT, O_WRONLY | O_CREAT},
		{"create_truncate", 2 | dCREAT | dTRUNC, O_RDWR | O_CREAT | O_TRUNC},
		{"excl_is_not_O_NONBLOCK", 2 | dCREAT | dEXCL, O_RDWR | O_CREAT | O_EXCL},
		{"append_sync", 1 | dAPPEND | dSYNC, O_WRONLY | O_APPEND | O_SYNC},
		{"syscall_flags", dDIRECTORY | dNOFOLLOW | dNONBLOCK | dCLOEXEC, O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := translateOpenFlags(tc.host, darwin)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
	_, err := translateOpenFlags(O_DIRECTORY, darwin)
	require.Equal(t, EINVAL, err, "a Linux number on darwin is no darwin flag")
}
