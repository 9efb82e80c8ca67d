//go:build linux

package sh_test

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestLikeDash runs each script twice: in the host's dash, with the
// host's coreutils, in an empty temp directory; and in govfs's sh, with
// bin's programs, in an empty /w. The shell's words, the programs' output
// and every exit status must be the same, byte for byte. The scripts use
// relative names only, so the two directories never show.
func TestLikeDash(t *testing.T) {
	dash, err := exec.LookPath("dash")
	if err != nil {
		t.Skip("no dash on this host to compare with")
	}
	for _, tc := range []struct{ name, script string }{
		{"pipeline", "echo hello | cat | wc -c\necho hello world | wc -w\n"},
		{"status_and_lists", "false\necho $?\ntrue && echo a || echo b\nfalse && echo c || echo d\n! true\necho $?\n"},
		{"redirections", "echo one > f\necho two >> f\ncat < f\ncat f nope 2>&1\necho $?\ncat nope 2>/dev/null\necho $?\n"},
		{"unknown_command", "nosuch\necho $?\nnosuch arg 2>&1\n"},
		{"redirect_to_a_directory", "mkdir d\necho hi > d\necho $?\n"},
		{"closed_fd", "echo hi >&7\necho $?\n"},
		{"missing_input", "cat < nope\necho $?\n"},
		{"missing_directory", "echo hi > no/where\necho $?\n"},
		{"loops_and_case", "for i in a b c; do if [ $i = b ]; then continue; fi; echo $i; done\ni=0\nwhile [ $i -lt 3 ]; do i=$((i+1)); done\necho $i\ncase x.c in *.h) echo h;; *.c) echo c;; esac\n"},
		{"functions", "f() { echo \"f:$1:$#\"; return 4; }\nf x y\necho $?\n"},
		{"heredoc", "x=you\ncat <<EOF\nhello $x\nEOF\ncat <<'EOF'\nhello $x\nEOF\n"},
		{"globbing", ": > a1\n: > a2\n: > b1\necho a*\necho z*\necho [ab]1\n"},
		{"subshell_and_exit", "(exit 5)\necho $?\n(echo in; exit 2) | cat\necho $?\n"},
		{"background_and_wait", "echo bg > b &\nwait $!\necho $?\ncat b\n"},
		{"cd", "mkdir d\ncd d && echo in\ncd nosuch\necho $?\n"},
		{"positional_parameters", "set -- a b c\necho $# $2\nshift\necho $1 $#\n"},
		{"read", "echo 'x y z' > f\nread a b < f\necho \"$b|$a\"\n"},
		{"test", ": > f\nmkdir d\ntest -f f && echo file\n[ -d d ] && echo dir\n[ -e nope ] || echo none\n"},
		{"arithmetic_and_defaults", "echo $((3*4+1))\nunset x\necho ${x:-def} ${x-def2}\nx=\necho \"[${x:-d}]\" \"[${x-d}]\"\n"},
		{"eval_and_exec_fds", "eval 'echo ev'\nexec 3> g\necho to3 >&3\nexec 3>&-\ncat g\necho x >&3\necho $?\n"},
		{"exit_status_of_the_script", "echo a\nexit 3\necho no\n"},
		{"grep_head_wc", "echo apple > f\necho banana >> f\necho cherry >> f\ngrep an f\ngrep -c a f\ngrep -v a f\nhead -n 2 f | wc -l\ngrep nope f\necho $?\n"},
		{"mkdir_rm_ln", "mkdir -p a/b\n: > a/b/f\nln -s b/f a/l\ncat a/l\nrm a/b/f\ncat a/l\necho $?\nrm -r a\nrm a\necho $?\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hostOut, hostErr, hostStatus := runDash(t, dash, tc.script)
			out, errs, status := session(t, 0, tc.script, func(init *vfs.Process) {
				require.NoError(t, init.Mkdir("/w", 0o755))
				require.NoError(t, init.Chdir("/w"))
			})
			require.Equal(t, hostOut, out, "stdout")
			require.Equal(t, hostErr, errs, "stderr")
			require.Equal(t, hostStatus, status, "exit status")
		})
	}
}

// runDash runs script in the host's dash, named sh as /bin/sh is, in a
// fresh temp directory.
func runDash(t *testing.T, dash, script string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errs bytes.Buffer
	cmd := exec.Command(dash)
	cmd.Args = []string{"sh"}
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=/", "LC_ALL=C"}
	cmd.Stdin = strings.NewReader(script)
	cmd.Stdout, cmd.Stderr = &out, &errs
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out.String(), errs.String(), exit.ExitCode()
	}
	require.NoError(t, err)
	return out.String(), errs.String(), 0
}
