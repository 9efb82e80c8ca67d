package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHello(t *testing.T) {
	t.Run("narrates_the_walk_and_traces_nothing", func(t *testing.T) {
		var out, errOut bytes.Buffer
		require.Equal(t, 0, cli(nil, &out, &errOut))
		for _, want := range []string{
			"the lowest free number: fd ",
			`"hello, world\n"`,
			"hello.txt",
			"pread still reads",
		} {
			require.Contains(t, out.String(), want)
		}
		require.Empty(t, errOut.String())
	})
	t.Run("trace_writes_each_syscall_to_stderr", func(t *testing.T) {
		var out, errOut bytes.Buffer
		require.Equal(t, 0, cli([]string{"-trace"}, &out, &errOut))
		require.Contains(t, out.String(), "pread still reads", "the narration is unchanged")
		for _, want := range []string{
			`[1] openat(AT_FDCWD, "/tmp/hello.txt", O_RDWR|O_CREAT, 0644) = `,
			`[1] write(`,
			`[1] lseek(`,
			`, 0, SEEK_SET) = 0`,
			`[1] openat(AT_FDCWD, "/tmp", O_RDONLY|O_DIRECTORY) = `,
			`[1] getdents64(`,
			`[1] unlinkat(AT_FDCWD, "/tmp/hello.txt", 0) = 0`,
		} {
			require.Contains(t, errOut.String(), want)
		}
		require.NotContains(t, out.String(), "openat(", "the trace goes to stderr only")
	})
	t.Run("an_unknown_flag_is_exit_status_2", func(t *testing.T) {
		var out, errOut bytes.Buffer
		require.Equal(t, 2, cli([]string{"-nope"}, &out, &errOut))
		require.Contains(t, errOut.String(), "-trace")
	})
}
