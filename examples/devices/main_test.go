package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestDevices(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out bytes.Buffer
	require.NoError(t, run(&out))
	for _, want := range []string{
		"/dev/null: mode 20666, rdev 1:3, size 0",
		"write(/dev/null, 12 bytes) = 12; read() = 0",
		`read(/dev/zero, 8) = 8: "\x00\x00\x00\x00\x00\x00\x00\x00"`,
		"write(/dev/full) = no space left on device",
		"[console] hello from init\n",
		"TCGETS: ICANON true, ECHO true",
		"uid 1000 opens it again: permission denied",
		"read(/tmp/bitbucket) = 0",
		"BLKGETSIZE64 = 4194304 bytes, BLKSSZGET = 512",
		"pwrite( 512 bytes at    0): 1 sectors written, 0 of them read first",
		"pwrite(   5 bytes at  100): 1 sectors written, 1 of them read first",
		"pwrite(1024 bytes at  500): 3 sectors written, 2 of them read first",
		"pwrite(4096 bytes at 4096): 8 sectors written, 0 of them read first",
		`cp /dev/nst0 /tmp/file1 → "first file on the tape\n"`,
		`cp /dev/nst0 /tmp/file2 → "second file\n"`,
		"open(/dev/ptmx) made /dev/pts/0; opening it before unlockpt: input/output error",
		`the shell reads "ls\n" from the slave`,
		`the terminal reads back the echo "ls\r\n"`,
		`the terminal reads "a b\r\n"`,
		"the master reads input/output error",
		"DP_POLL with nothing written to the pipe: 0 ready",
		"after a write to the pipe: 1 ready",
	} {
		require.Contains(t, out.String(), want)
	}
}
