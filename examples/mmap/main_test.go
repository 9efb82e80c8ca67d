package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMmap(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out bytes.Buffer
	require.NoError(t, run(&out))
	for _, want := range []string{
		`then pread() reads "hello, mmap!\n"`,
		`the slice shows "HELLO, mmap!\n"`,
		`the mapping holds "PRIVATEmmap!\n", the file still "HELLO, mmap!\n"`,
		"permission denied (EACCES)",
		"8192 of 8192 bytes are zero",
		"no such device (ENODEV)",
		"holds 1 mapping(s); munmap, then 0.",
		`it now reads "HELLO\x00\x00\x00\x00\x00\x00\x00\x00"`,
	} {
		require.Contains(t, out.String(), want)
	}
}
