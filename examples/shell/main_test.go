package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// script runs the front end as `go run ./examples/shell < script` does.
func script(t *testing.T, src string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(strings.NewReader(src), &out, &errOut, args, false) }()
	select {
	case status = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("the shell did not end in 20 s")
	}
	return out.String(), errOut.String(), status
}

func TestShell(t *testing.T) {
	t.Run("a_script_on_stdin_runs_without_prompt", func(t *testing.T) {
		stdout, stderr, status := script(t, "echo hi | cat | cat\ncd /tmp\npwd\nfalse\n")
		require.Equal(t, "hi\n/tmp\n", stdout)
		require.Empty(t, stderr)
		require.Equal(t, 1, status, "the last command's status")
	})
	t.Run("dash_c_runs_a_command", func(t *testing.T) {
		stdout, _, status := script(t, "", "-c", "echo $0 $1", "me", "arg")
		require.Equal(t, "me arg\n", stdout)
		require.Equal(t, 0, status)
	})
	t.Run("the_fds_of_a_pipeline_are_govfs_pipes", func(t *testing.T) {
		stdout, stderr, status := script(t, "ls -l /proc/self/fd | cat\n")
		require.Empty(t, stderr)
		require.Equal(t, 0, status)
		require.Regexp(t, regexp.MustCompile(` 1 -> pipe:\[\d+\]`), stdout)
	})
}

func TestInteractive(t *testing.T) {
	var out, errOut bytes.Buffer
	status := run(strings.NewReader("echo hi\nexit 4\n"), &out, &errOut, nil, true)
	require.Equal(t, 4, status)
	require.Equal(t, "# hi\n# ", out.String(), "prompts on the console, the host's echo off")
}
