package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestProc(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out bytes.Buffer
	require.NoError(t, run(&out))
	for _, want := range []string{
		"/proc/self -> 1",
		"fd 0 -> /dev/console",
		"-> pipe:[",
		"fd 5 -> /tmp/diary\n",
		`after unlink fd 5 -> /tmp/diary (deleted), and reading it gives "dear diary\n"`,
		"linkat of the deleted file: no such file or directory",
		`linkat gave it the name /tmp/kept, which reads "made in the dark\n"`,
		`/proc/sys/fs/pipe-max-size reads "1048576\n"`,
		"uid 1000 asks for a 2 MiB pipe: operation not permitted",
		"uid 1000 writes the sysctl: open /proc/sys/fs/pipe-max-size: permission denied",
		"uid 1000 asks again: <nil>",
	} {
		require.Contains(t, out.String(), want)
	}
}
