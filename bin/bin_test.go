package bin_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// run executes argv[0] from /bin in a child of init with stdin as its
// fd 0 and pipes for fds 1 and 2, as a shell would, and returns what
// it wrote and its exit code.
func run(t *testing.T, init *vfs.Process, stdin string, argv ...string) (stdout, stderr string, code int) {
	t.Helper()
	// Hold fds 0, 1 and 2 (Boot gives init no console), so the pipes
	// get fds above them and the child's dup2s clobber none.
	for fd := 0; fd < 3; fd++ {
		if _, err := init.FcntlInt(uintptr(fd), vfs.F_GETFD, 0); err != nil {
			got, err := init.Open("/", vfs.O_RDONLY, 0)
			require.NoError(t, err)
			require.Equal(t, fd, got)
		}
	}
	var in, out, errs [2]int
	for _, fds := range []*[2]int{&in, &out, &errs} {
		require.NoError(t, init.Pipe(fds[:]))
	}
	_, err := init.Write(in[1], []byte(stdin))
	require.NoError(t, err)
	require.NoError(t, init.Close(in[1]))
	c, err := init.Fork()
	require.NoError(t, err)
	for i, fd := range []int{in[0], out[1], errs[1]} {
		require.NoError(t, c.Dup2(fd, i))
	}
	for _, fd := range []int{in[0], out[0], out[1], errs[0], errs[1]} {
		require.NoError(t, c.Close(fd))
	}
	require.NoError(t, c.Exec("/bin/"+argv[0], argv, nil))
	status, err := init.Wait(c.Pid())
	require.NoError(t, err)
	for _, fd := range []int{in[0], out[1], errs[1]} {
		require.NoError(t, init.Close(fd))
	}
	return readAll(t, init, out[0]), readAll(t, init, errs[0]), status >> 8
}

func readAll(t *testing.T, p *vfs.Process, fd int) string {
	t.Helper()
	defer p.Close(fd)
	var got []byte
	buf := make([]byte, 4096)
	for {
		n, err := p.Read(fd, buf)
		require.NoError(t, err)
		if n == 0 {
			return string(got)
		}
		got = append(got, buf[:n]...)
	}
}

func TestPrograms(t *testing.T) {
	for _, tc := range []struct {
		name           string
		stdin          string
		argv           []string
		stdout, stderr string
		code           int
	}{
		{name: "true_exits_0", argv: []string{"true", "ignored"}},
		{name: "false_exits_1", argv: []string{"false"}, code: 1},
		{name: "echo_joins_its_arguments", argv: []string{"echo", "hello", "world"}, stdout: "hello world\n"},
		{name: "echo_without_arguments_is_a_newline", argv: []string{"echo"}, stdout: "\n"},
		{name: "echo_n_drops_the_newline", argv: []string{"echo", "-n", "a", "-n"}, stdout: "a -n"},
		{name: "echo_writes_other_options", argv: []string{"echo", "-x"}, stdout: "-x\n"},
		{name: "cat_copies_stdin", stdin: "from stdin\n", argv: []string{"cat"}, stdout: "from stdin\n"},
		{name: "cat_copies_files_in_order", stdin: "<in>", argv: []string{"cat", "/etc/a", "-", "/etc/b"},
			stdout: "A\n<in>B\n"},
		{name: "cat_missing_file_is_reported_and_skipped", argv: []string{"cat", "/etc/nope", "/etc/a"},
			stdout: "A\n", stderr: "cat: /etc/nope: No such file or directory\n", code: 1},
		{name: "cat_directory_is_reported", argv: []string{"cat", "/etc"},
			stderr: "cat: /etc: Is a directory\n", code: 1},
		{name: "cat_unreadable_file_is_reported", argv: []string{"cat", "/etc/secret"},
			stderr: "cat: /etc/secret: Permission denied\n", code: 1},
		{name: "cat_dashdash_ends_options", argv: []string{"cat", "-u", "--", "/etc/-n"}, stdout: "dash\n"},
		{name: "cat_unknown_option_is_an_error", argv: []string{"cat", "-z"},
			stderr: "cat: invalid option -- 'z'\nTry 'cat --help' for more information.\n", code: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := govfs.Boot()
			require.NoError(t, err)
			defer k.Shutdown()
			init := k.Init()
			for name, data := range map[string]string{"a": "A\n", "b": "B\n", "-n": "dash\n", "secret": "s\n"} {
				require.NoError(t, init.WriteFile("/etc/"+name, []byte(data), 0o644))
			}
			require.NoError(t, init.Chmod("/etc/secret", 0o600))
			user, err := init.Fork()
			require.NoError(t, err)
			require.NoError(t, user.Setuid(65534))
			stdout, stderr, code := run(t, user, tc.stdin, tc.argv...)
			require.Equal(t, tc.stdout, stdout, "stdout")
			require.Equal(t, tc.stderr, stderr, "stderr")
			require.Equal(t, tc.code, code, "exit code")
		})
	}
}

func TestBootInstallsPrograms(t *testing.T) {
	k, err := govfs.Boot()
	require.NoError(t, err)
	defer k.Shutdown()
	init := k.Init()
	for _, name := range []string{"cat", "chmod", "chown", "cp", "rmdir", "touch", "echo", "false", "grep", "head", "id", "kill",
		"ln", "ls", "mkdir", "mkfifo", "mknod", "mount", "mv", "ps", "rm", "sleep", "stat", "su", "tee",
		"true", "umount", "wc"} {
		var st vfs.Stat_t
		require.NoError(t, init.Stat("/bin/"+name, &st))
		require.Equal(t, uint32(vfs.S_IFREG|0o755), st.Mode, name)
		data, err := init.ReadFile("/bin/" + name)
		require.NoError(t, err)
		require.Equal(t, "#!govfs "+name+"\n", string(data))
	}
}

// TestCatCopiedProgram: cp /bin/cat /tmp/mycat copies the program, and
// chmod decides who may run it.
func TestCatCopiedProgram(t *testing.T) {
	k, err := govfs.Boot()
	require.NoError(t, err)
	defer k.Shutdown()
	init := k.Init()
	data, err := init.ReadFile("/bin/cat")
	require.NoError(t, err)
	require.NoError(t, init.WriteFile("/tmp/mycat", data, 0o700))
	stdout, _, code := run(t, init, "copied\n", "../tmp/mycat")
	require.Equal(t, 0, code)
	require.Equal(t, "copied\n", stdout)
	user, err := init.Fork()
	require.NoError(t, err)
	require.NoError(t, user.Setuid(65534))
	requireErrno(t, user.Exec("/tmp/mycat", []string{"mycat"}, nil), vfs.EACCES)
}

func requireErrno(t *testing.T, err error, want vfs.Errno) {
	t.Helper()
	require.Equal(t, want, err)
}
