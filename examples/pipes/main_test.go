package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestPipes(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out bytes.Buffer
	require.NoError(t, run(&out, nil))
	for _, want := range []string{
		`read "hello from the child\n", then read() returned 0`,
		"EPIPE",
		"signal 13",
		"200 records, 0 torn",
		`reader got "met at /tmp/meet"`,
		`"21 bytes: EVERYTHING IS A FILE\n"`,
	} {
		require.Contains(t, out.String(), want)
	}
}
