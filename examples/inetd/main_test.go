package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestInetd(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out bytes.Buffer
	require.NoError(t, run(&out, nil))
	for _, want := range []string{
		`"#!govfs upper\n"`,
		"bound to /tmp/upper.sock, listening for /bin/upper",
		"an S_IFSOCK inode in tmpfs (mode 140755)",
		`is POLLIN`,
		`would read "socket:[`,
		`wrote "hello, inetd\n", read back "HELLO, INETD\n"`,
		`wrote "cat never knew\n", read back "cat never knew\n"`,
		"got exit status 0",
		"inetd's exit closed its listeners",
	} {
		require.Contains(t, out.String(), want)
	}
}

func TestInetdTrace(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out, trace bytes.Buffer
	require.NoError(t, run(&out, &trace))
	require.Contains(t, trace.String(), `execve("/bin/upper", ["/bin/upper"], /* 0 vars */) = 0`)
	require.Contains(t, trace.String(), `execve("/bin/cat", ["/bin/cat"], /* 0 vars */) = 0`)
}
