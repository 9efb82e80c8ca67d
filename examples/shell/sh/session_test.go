package sh_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSession(t *testing.T) {
	for _, tc := range []struct {
		name           string
		script         string
		stdout, stderr string
		status         int
	}{
		{name: "echo", script: "echo hello world\n", stdout: "hello world\n"},
		{name: "pipeline_of_three", script: "echo hi | cat | cat\n", stdout: "hi\n"},
		{name: "status_of_false", script: "false\necho $?\ntrue\necho $?\n", stdout: "1\n0\n"},
		{name: "and_or", script: "true && echo a\nfalse && echo b\nfalse || echo c\ntrue || echo d\n", stdout: "a\nc\n"},
		{name: "redirect_out_append_in", script: "echo one > /tmp/f\necho two >> /tmp/f\ncat < /tmp/f\n", stdout: "one\ntwo\n"},
		{name: "stderr_to_stdout", script: "cat /nope 2>&1\n", stdout: "cat: /nope: No such file or directory\n", status: 1},
		{name: "stderr_to_dev_null", script: "cat /nope 2>/dev/null\necho $?\n", stdout: "1\n"},
		{name: "cd_pwd", script: "cd /tmp\npwd\ncd /\npwd\n", stdout: "/tmp\n/\n"},
		{name: "unknown_command", script: "nosuch\necho $?\n", stdout: "127\n", stderr: "sh: 1: nosuch: not found\n"},
		{name: "syntax_error", script: "echo a\nif true; then\n", stdout: "a\n", stderr: "sh: 2: Syntax error: `then` must be followed by a statement list\n", status: 2},
		{name: "redirect_to_directory", script: "echo hi > /tmp\necho $?\n", stdout: "2\n", stderr: "sh: 1: cannot create /tmp: Is a directory\n"},
		{name: "closed_fd", script: "echo hi >&7\necho $?\n", stdout: "2\n", stderr: "sh: 1: 7: Bad file descriptor\n"},
		{name: "exit_status", script: "exit 3\necho no\n", status: 3},
		{name: "last_status", script: "false\n", status: 1},
		{name: "for_if_while", script: "for i in a b c; do if [ $i = b ]; then continue; fi; echo $i; done\ni=0\nwhile [ $i -lt 3 ]; do i=$((i+1)); done\necho $i\n", stdout: "a\nc\n3\n"},
		{name: "function", script: "f() { echo \"f:$1:$#\"; return 4; }\nf x y\necho $?\n", stdout: "f:x:2\n4\n"},
		{name: "command_substitution", script: "x=$(echo hi | cat)\necho \"<$x>\"\n", stdout: "<hi>\n"},
		{name: "heredoc", script: "x=you\ncat <<EOF\nhello $x\nEOF\ncat <<'EOF'\nhello $x\nEOF\n", stdout: "hello you\nhello $x\n"},
		{name: "glob", script: "echo a > /tmp/a1; echo b > /tmp/a2\necho /tmp/a*\n", stdout: "/tmp/a1 /tmp/a2\n"},
		{name: "background_and_wait", script: "echo bg > /tmp/b &\nwait $!\necho $?\ncat /tmp/b\n", stdout: "0\nbg\n"},
		{name: "subshell", script: "(cd /tmp; pwd); pwd\n(exit 5); echo $?\n", stdout: "/tmp\n/\n5\n"},
		{name: "case", script: "case foo.c in *.h) echo h;; *.c) echo c;; esac\n", stdout: "c\n"},
		{name: "export", script: "export X=1\nsh -c 'echo $X'\nY=2 sh -c 'echo $Y'\necho \"[$Y]\"\n", stdout: "1\n2\n[]\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, status := session(t, 0, tc.script)
			require.Equal(t, tc.stdout, stdout, "stdout")
			require.Equal(t, tc.stderr, stderr, "stderr")
			require.Equal(t, tc.status, status, "status")
		})
	}
}
