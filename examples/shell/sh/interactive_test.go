package sh_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInteractive: sh -i prompts on fd 2 ("# " for root, "$ " for
// others, "> " inside a statement), and goes on after a syntax error.
func TestInteractive(t *testing.T) {
	script := "echo hi\nif true\nthen echo x\nfi\necho (\necho after\nfalse\n"
	stdout, stderr, status := sessionArgv(t, 0, []string{"sh", "-i"}, script)
	require.Equal(t, "hi\nx\nafter\n", stdout)
	require.Equal(t, "# # > > # sh: 5: Syntax error: `foo(` must be followed by `)`\n# # # \n", stderr)
	require.Equal(t, 1, status, "the last command's status at end of input")

	_, stderr, _ = sessionArgv(t, 65534, []string{"sh", "-i"}, "exit\n")
	require.Equal(t, "$ ", stderr)
}

// TestInteractiveJobs: an interactive shell says which jobs started
// and, before a later prompt, which ended, and reaps them. Each job
// may end before the next prompt or later: the first, false, is then
// reported before that prompt, or else reaped silently by wait; the
// second, true, says Done before the prompt after it ended, either way.
func TestInteractiveJobs(t *testing.T) {
	stdout, stderr, _ := sessionArgv(t, 0, []string{"sh", "-i"}, "false &\nwait $!\ntrue &\np=$!; sleep 1\n[ -d /proc/$p ] || echo reaped\n")
	require.Regexp(t, `^# \[1\] \d+\n(\[1\] \+ Exit 1\n)?# # \[1\] \d+\n(# \[1\] \+ Done\n# # |\[1\] \+ Done\n# # # )\n$`, stderr)
	require.Equal(t, "reaped\n", stdout)
}

// TestDashC: sh -c runs its argument, with $0 and $1 after it.
func TestDashC(t *testing.T) {
	stdout, stderr, status := sessionArgv(t, 0, []string{"sh", "-c", "echo $0 $1; exit 3", "name", "one"}, "")
	require.Equal(t, "name one\n", stdout)
	require.Empty(t, stderr)
	require.Equal(t, 3, status)

	_, stderr, status = sessionArgv(t, 0, []string{"sh", "-c", "nosuch"}, "")
	require.Equal(t, "sh: 1: nosuch: not found\n", stderr)
	require.Equal(t, 127, status)

	_, stderr, status = sessionArgv(t, 0, []string{"sh", "-c"}, "")
	require.Equal(t, "sh: 1: -c requires an argument\n", stderr)
	require.Equal(t, 2, status)

	_, stderr, status = sessionArgv(t, 0, []string{"sh", "/nonexistent"}, "")
	require.Equal(t, "sh: 0: cannot open /nonexistent: No such file\n", stderr)
	require.Equal(t, 2, status)
}
