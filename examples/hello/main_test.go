package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHello(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	for _, want := range []string{
		"the lowest free number: fd ",
		`"hello, world\n"`,
		"hello.txt",
		"pread still reads",
	} {
		require.Contains(t, out.String(), want)
	}
}
