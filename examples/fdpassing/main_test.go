package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestFDPassing(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out bytes.Buffer
	require.NoError(t, run(&out))
	for _, want := range []string{
		`open("/tmp/letter") = 3; socketpair(AF_UNIX, SOCK_STREAM) = [4 5].`,
		`recvmsg(5) = 4 bytes "here", 24 bytes of control, flags 0.`,
		"give fd 0: the core installed",
		`The child reads 11 bytes through fd 0: "Dear child,".`,
		"lseek(3, 0, SEEK_CUR) = 11",
		`from there: " this file was opened by your parent.\n".`,
		"The child exited with status 0",
	} {
		require.Contains(t, out.String(), want)
	}
}
