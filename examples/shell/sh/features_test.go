package sh_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestFIFOBetweenBackgroundJobs: a reader and a writer in two
// background jobs meet at a FIFO; the open of each blocks until the
// other comes.
func TestFIFOBetweenBackgroundJobs(t *testing.T) {
	for _, uid := range []int{0, 65534} {
		t.Run("uid"+itoa(uid), func(t *testing.T) {
			stdout, stderr, status := session(t, uid,
				"mkfifo /tmp/f\ncat /tmp/f > /tmp/out &\necho hello > /tmp/f &\nwait\ncat /tmp/out\n")
			require.Equal(t, "hello\n", stdout)
			require.Empty(t, stderr)
			require.Equal(t, 0, status)
		})
	}
	t.Run("foreground_writer", func(t *testing.T) {
		stdout, _, _ := session(t, 0, "mkfifo /tmp/f; cat /tmp/f > /tmp/out & echo hello > /tmp/f; wait; cat /tmp/out\n")
		require.Equal(t, "hello\n", stdout)
	})
}

// TestProcSelfFd: ls in a pipeline sees its fd 1 as a govfs pipe, and
// with 2>&1 its fd 2 as the same pipe.
func TestProcSelfFd(t *testing.T) {
	stdout, stderr, status := session(t, 0, "ls -l /proc/self/fd 2>&1 | cat\n")
	require.Empty(t, stderr)
	require.Equal(t, 0, status)
	m := regexp.MustCompile(`(?m) 1 -> (pipe:\[\d+\])$`).FindStringSubmatch(stdout)
	require.NotNil(t, m, stdout)
	require.Contains(t, stdout, " 2 -> "+m[1]+"\n", "2>&1 is a dup of the same pipe")
	require.Regexp(t, `(?m) 0 -> pipe:\[\d+\]$`, stdout, "fd 0 is the session's pipe")
	require.NotContains(t, stdout, " 10 -> ", "no fd the shell saved leaks into the program")
}

func TestTraceOn(t *testing.T) {
	stdout, stderr, status := session(t, 0, "trace on\ncat /etc/passwd > /dev/null\ntrace off\necho untraced\n")
	require.Equal(t, "untraced\n", stdout)
	require.Equal(t, 0, status)
	for _, want := range []string{
		"] fork() = ",
		`openat(AT_FDCWD, "/dev/null", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3`,
		"dup2(3, 1) = 1",
		`execve("/bin/cat", ["cat", "/etc/passwd"], `,
		`openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3`,
		"] wait4(",
	} {
		require.Contains(t, stderr, want)
	}
	require.NotContains(t, stderr, "untraced", "trace off ends it")
	require.NotContains(t, stderr, "/bin/echo")
}

func TestTraceLevels(t *testing.T) {
	t.Run("layers_show_the_fd_table_and_the_backend", func(t *testing.T) {
		_, stderr, status := session(t, 0, "trace layers\necho hi > /tmp/f\ntrace off\n")
		require.Equal(t, 0, status)
		require.Contains(t, stderr, "fdtable[1] → File{")
		require.Contains(t, stderr, "f_op: tmpfs write → 3")
		require.NotContains(t, stderr, "dcache")
	})
	t.Run("walk_shows_each_name_looked_up", func(t *testing.T) {
		_, stderr, status := session(t, 0, "trace walk\ncat /etc/passwd > /dev/null\ntrace off\n")
		require.Equal(t, 0, status)
		require.Contains(t, stderr, `walk "/etc/passwd" from root /`)
		require.Contains(t, stderr, `"passwd": dcache`)
	})
	t.Run("an_unknown_level_is_a_usage_error", func(t *testing.T) {
		_, stderr, status := session(t, 0, "trace loud\n")
		require.Equal(t, 2, status)
		require.Contains(t, stderr, "trace: usage: trace on|layers|walk|off")
	})
}

func TestFeatures(t *testing.T) {
	for _, tc := range []struct {
		name, script, stdout string
		status               int
		setup                func(*vfs.Process)
	}{
		{name: "background_status_and_pid", script: "false &\npid=$!\nwait $pid\necho $? ${pid:+has-pid}\n", stdout: "1 has-pid\n"},
		{name: "subshell_redirections_are_made_once", script: "(echo a; echo b) >> /tmp/s\n(cat) < /tmp/s\n", stdout: "a\nb\n"},
		{name: "negated_background_job", script: "! false &\nwait $!\necho $?\n! true &\nwait $!\necho $?\n", stdout: "0\n1\n"},
		{name: "negation", script: "! false && echo yes\n! true || echo no\n", stdout: "yes\nno\n"},
		{name: "pipeline_status_is_the_last", script: "false | true\necho $?\ntrue | false\necho $?\n", stdout: "0\n1\n"},
		{name: "read_builtin", script: "echo 'a b c' | { read x y; echo \"$y|$x\"; }\n", stdout: "b c|a\n"},
		{name: "a_script_without_program_runs_as_shell", script: "echo 'echo from $0 $1' > /tmp/s\nchmod +x /tmp/s\n/tmp/s arg\n", stdout: "from /tmp/s arg\n"},
		{name: "sh_reads_a_script_file", script: "echo 'exit 7' > /tmp/s\nsh /tmp/s\necho $?\n", stdout: "7\n"},
		{name: "exec_replaces_the_shell", script: "echo e > /tmp/e\nexec cat /tmp/e\necho not reached\n", stdout: "e\n"},
		{name: "exec_redirections_stay", script: "exec 3> /tmp/x\necho a >&3\necho b >&3\nexec 3>&-\ncat /tmp/x\n", stdout: "a\nb\n"},
		{name: "fd_to_fd_redirection", script: "{ echo out; cat /nope; } 2>&1 >/dev/null | cat\n", stdout: "cat: /nope: No such file or directory\n"},
		{name: "read_write_redirection", script: "echo hi > /tmp/rw\ncat <> /tmp/rw\n", stdout: "hi\n"},
		{name: "big_heredoc", script: "cat <<EOF | wc -c\n" + strings.Repeat("0123456789abcdef\n", 8000) + "EOF\n", stdout: "136000\n"},
		{name: "dash_heredoc_strips_tabs", script: "cat <<-EOF\n\t\tx\n\tEOF\n", stdout: "x\n"},
		{name: "break_and_continue", script: "for i in 1 2 3; do for j in a b; do [ $j = b ] && continue 2; [ $i = 3 ] && break 2; echo $i$j; done; done\n", stdout: "1a\n2a\n"},
		{name: "until_loop", script: "i=0; until [ $i = 2 ]; do i=$((i+1)); echo $i; done\n", stdout: "1\n2\n"},
		{name: "positional_parameters", script: "set -- a 'b c' d\necho $#\nfor x in \"$@\"; do echo \"[$x]\"; done\nshift\necho $1\n", stdout: "3\n[a]\n[b c]\n[d]\nb c\n"},
		{name: "eval_and_dot", script: "eval 'x=1; echo $x'\necho 'y=2' > /tmp/inc\n. /tmp/inc\necho $y\n", stdout: "1\n2\n"},
		{name: "umask", script: "umask 077\n> /tmp/m\nls -l /tmp/m\numask\n", stdout: "-rw------- 1 root root 0 ", status: 0},
		{name: "test_file_kinds", script: "mkfifo /tmp/p\n[ -p /tmp/p ] && [ -d /tmp ] && [ -c /dev/null ] && [ ! -e /nope ] && [ -f /etc/passwd -a -r /etc/passwd ] && echo ok\n", stdout: "ok\n"},
		{name: "tilde", script: "echo ~ ~root ~nosuchuser\n", stdout: "/ /root ~nosuchuser\n"},
		{name: "export_list", script: "export A=1\nexport | grep A=\n", stdout: "export A='1'\n"},
		{name: "assignment_status_from_substitution", script: "x=$(false)\necho $?\n", stdout: "1\n"},
		{name: "pwd_follows_the_kernel", script: "mkdir /tmp/d; ln -s /tmp/d /tmp/l; cd /tmp/l; pwd\n", stdout: "/tmp/d\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var setup []func(*vfs.Process)
			if tc.setup != nil {
				setup = append(setup, tc.setup)
			}
			stdout, stderr, status := session(t, 0, tc.script, setup...)
			require.Empty(t, stderr)
			if tc.name == "umask" {
				require.True(t, strings.HasPrefix(stdout, tc.stdout), stdout)
				require.True(t, strings.HasSuffix(stdout, " /tmp/m\n0077\n"), stdout)
			} else {
				require.Equal(t, tc.stdout, stdout)
			}
			require.Equal(t, tc.status, status)
		})
	}
}

// TestNobody: the shell as uid 65534 meets govfs's permissions.
func TestNobody(t *testing.T) {
	stdout, stderr, status := session(t, 65534, "id -u\necho x > /etc/f\ncd /root\necho ~\n")
	require.Equal(t, "65534\n/\n", stdout)
	require.Equal(t, "sh: 2: cannot create /etc/f: Permission denied\nsh: 3: cd: can't cd to /root\n", stderr)
	require.Equal(t, 0, status)
}
