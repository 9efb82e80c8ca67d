package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestEverythingIsAFile(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out bytes.Buffer
	require.NoError(t, run(&out))
	for _, want := range []string{
		`[1] openat(AT_FDCWD, "/tmp/file", O_RDWR|O_CREAT|O_TRUNC, 0644) = 3`,
		`(S_IFREG) of tmpfs: calls on fd 3 go to tmpfs's file operations.`,
		`[1] write(3, "hello\n") = 6`,
		`[1] read(3, 64) = 6`,
		`(S_IFIFO) of pipefs: calls on fd 4 go to pipefs's file operations.`,
		`[1] write(5, "hello\n") = 6`,
		`[1] read(4, 64) = 6`,
		`[1] socketpair(AF_UNIX, SOCK_STREAM, 0, [6 7]) = 0`,
		`fd 6 → File "socket:[`,
		`(S_IFSOCK) of sockfs: calls on fd 6 go to sockfs's file operations.`,
		`[1] write(6, "hello\n") = 6`,
		`[1] read(7, 64) = 6`,
	} {
		require.Contains(t, out.String(), want)
	}
	require.NotContains(t, out.String(), "close(", "the trace stops before the fds are closed")
}
