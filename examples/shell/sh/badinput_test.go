package sh_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestBadInput: what dash says, with its statuses, and never a panic
// or a hang.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name           string
		script         string
		stdout, stderr string
		status         int
	}{
		{name: "syntax_error_ends_the_script_with_2", script: "echo a\necho (\necho b\n", stdout: "a\n",
			stderr: "sh: 2: Syntax error: `foo(` must be followed by `)`\n", status: 2},
		{name: "unclosed_quote", script: "echo 'a\n", stderr: "sh: 1: Syntax error: reached EOF without closing quote `'`\n", status: 2},
		{name: "bash_only_syntax_is_not_found_as_in_dash", script: "[[ -e / ]]\n",
			stderr: "sh: 1: [[: not found\n", status: 127},
		{name: "unknown_command_is_127", script: "nosuch arg\n", stderr: "sh: 1: nosuch: not found\n", status: 127},
		{name: "unknown_path_is_127", script: "/bin/nosuch\n", stderr: "sh: 1: /bin/nosuch: not found\n", status: 127},
		{name: "not_executable_is_126", script: "/etc/passwd\n", stderr: "sh: 1: /etc/passwd: Permission denied\n", status: 126},
		{name: "directory_is_126", script: "/tmp\n", stderr: "sh: 1: /tmp: Permission denied\n", status: 126},
		{name: "redirection_to_a_directory", script: "echo hi > /tmp\necho $?\n", stdout: "2\n",
			stderr: "sh: 1: cannot create /tmp: Is a directory\n"},
		{name: "redirection_into_a_missing_directory", script: "echo hi > /nodir/f\n",
			stderr: "sh: 1: cannot create /nodir/f: Directory nonexistent\n", status: 2},
		{name: "redirection_from_a_missing_file", script: "cat < /nofile\n",
			stderr: "sh: 1: cannot open /nofile: No such file\n", status: 2},
		{name: "redirection_error_on_a_builtin_leaves_the_fds", script: "pwd > /tmp\npwd\n", stdout: "/\n",
			stderr: "sh: 1: cannot create /tmp: Is a directory\n"},
		{name: "dup_of_a_closed_fd", script: "echo hi >&7\n", stderr: "sh: 1: 7: Bad file descriptor\n", status: 2},
		{name: "dup_of_a_closed_fd_on_a_builtin", script: "pwd >&7\necho $?\n", stdout: "2\n",
			stderr: "sh: 1: 7: Bad file descriptor\n"},
		{name: "write_to_a_closed_stdout", script: "echo hi >&-\n", stderr: "echo: write error: Bad file descriptor\n", status: 1},
		{name: "bad_fd_number", script: "echo hi >&x\n", stderr: "sh: 1: Syntax error: Bad fd number\n", status: 2},
		{name: "cd_to_a_missing_directory", script: "cd /nonexist\necho $?\n", stdout: "2\n",
			stderr: "sh: 1: cd: can't cd to /nonexist\n"},
		{name: "exit_with_a_bad_number", script: "exit x\n", stderr: "sh: 1: exit: Illegal number: x\n", status: 2},
		{name: "unset_parameter_message", script: "echo ${x?is missing}\necho no\n", stderr: "sh: 1: x: is missing\n", status: 2},
		{name: "test_with_a_bad_number", script: "[ a -eq 1 ]\n", stderr: "sh: 1: [: Illegal number: a\n", status: 2},
		{name: "test_without_bracket", script: "[ a = a\n", stderr: "sh: 1: [: missing ]\n", status: 2},
		{name: "wait_for_a_stranger", script: "wait 99\n", status: 127},
		{name: "shift_too_far", script: "shift 3\n", stderr: "sh: 1: shift: can't shift that many\n", status: 2},
		{name: "trace_usage", script: "trace maybe\n", stderr: "sh: 1: trace: usage: trace on|layers|walk|off\n", status: 2},
		{name: "empty_script", script: ""},
		{name: "nul_bytes", script: "echo a\x00b\n", stdout: "ab\n"},
	} {
		for _, uid := range []int{0, 65534} {
			t.Run(tc.name+"/uid"+itoa(uid), func(t *testing.T) {
				stdout, stderr, status := session(t, uid, tc.script)
				require.Equal(t, tc.stdout, stdout, "stdout")
				require.Equal(t, tc.stderr, stderr, "stderr")
				require.Equal(t, tc.status, status, "status")
			})
		}
	}
}

// TestEndlessCommandSubstitution: $(...) is kept in memory, up to a
// bound; past it the writer gets EPIPE and the script ends.
func TestEndlessCommandSubstitution(t *testing.T) {
	stdout, stderr, status := session(t, 0, "x=$(cat /dev/zero)\necho no\n")
	require.Empty(t, stdout)
	require.Equal(t, "sh: 1: $(...): output over 16 MiB\n", stderr, "cat dies of SIGPIPE, silently")
	require.Equal(t, 2, status)
}

// TestFullTmpfs: output into a size= tmpfs that fills up stops with
// ENOSPC's message and a failing status, and the shell goes on.
func TestFullTmpfs(t *testing.T) {
	mnt := func(init *vfs.Process) {
		require.NoError(t, init.Mkdir("/mnt", 0o755))
		require.NoError(t, init.Mount("none", "/mnt", "tmpfs", 0, "size=64k,mode=1777"))
	}
	for _, tc := range []struct {
		name, script string
		status       string
		stderr       string
	}{
		{name: "cat_of_dev_zero", script: "cat /dev/zero > /mnt/big\n",
			status: "1", stderr: "cat: write error: No space left on device\n"},
		// The loop ends when echo fails; its status is that of the
		// last body (":"), as POSIX says.
		{name: "a_loop_of_echo", script: "while echo 0123456789abcdef0123456789abcdef; do :; done > /mnt/big\n",
			status: "0", stderr: "echo: write error: No space left on device\n"},
	} {
		for _, uid := range []int{0, 65534} {
			t.Run(tc.name+"/uid"+itoa(uid), func(t *testing.T) {
				stdout, stderr, status := session(t, uid, tc.script+"echo $?\n[ -s /mnt/big ] && echo full\n", mnt)
				require.Equal(t, tc.status+"\nfull\n", stdout)
				require.Equal(t, tc.stderr, stderr)
				require.Equal(t, 0, status)
			})
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
