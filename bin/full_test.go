package bin_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// runToFull runs argv with fd 1 on /dev/full, where every write is
// ENOSPC, and returns what it wrote to fd 2 and its exit code.
func runToFull(t *testing.T, p *vfs.Process, stdin string, argv ...string) (stderr string, code int) {
	t.Helper()
	var in, errs [2]int
	require.NoError(t, p.Pipe(in[:]))
	require.NoError(t, p.Pipe(errs[:]))
	_, err := p.Write(in[1], []byte(stdin))
	require.NoError(t, err)
	require.NoError(t, p.Close(in[1]))
	full, err := p.Open("/dev/full", vfs.O_WRONLY, 0)
	require.NoError(t, err)
	c, err := p.Fork()
	require.NoError(t, err)
	for i, fd := range []int{in[0], full, errs[1]} {
		require.NoError(t, c.Dup2(fd, i))
	}
	require.NoError(t, c.Exec("/bin/"+argv[0], argv, nil))
	status, err := p.Wait(c.Pid())
	require.NoError(t, err)
	for _, fd := range []int{in[0], full, errs[1]} {
		require.NoError(t, p.Close(fd))
	}
	return readAll(t, p, errs[0]), status >> 8
}

// TestWriteErrors: output into a full device is reported in coreutils'
// words with its status, by the programs that print and go on too.
func TestWriteErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stdin  string
		argv   []string
		stderr string
		code   int
	}{
		{"cat", "", []string{"cat", "/etc/passwd"}, "cat: write error: No space left on device\n", 1},
		{"cat_endless_input_ends", "", []string{"cat", "/dev/zero"}, "cat: write error: No space left on device\n", 1},
		{"echo", "", []string{"echo", "hi"}, "echo: write error: No space left on device\n", 1},
		{"tee", "hi\n", []string{"tee"}, "tee: 'standard output': No space left on device\n", 1},
		{"head", "", []string{"head", "-c", "100", "/dev/zero"}, "head: write error: No space left on device\n", 1},
		{"ls", "", []string{"ls", "/"}, "ls: write error: No space left on device\n", 2},
		{"grep", "", []string{"grep", "root", "/etc/passwd"}, "grep: write error: No space left on device\n", 2},
		{"wc", "", []string{"wc", "/etc/passwd"}, "wc: write error: No space left on device\n", 1},
		{"ps", "", []string{"ps"}, "ps: write error: No space left on device\n", 1},
		{"id", "", []string{"id"}, "id: write error: No space left on device\n", 1},
		{"quiet_grep_writes_nothing", "", []string{"grep", "-q", "root", "/etc/passwd"}, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := govfs.Boot()
			require.NoError(t, err)
			defer k.Shutdown()
			stderr, code := runToFull(t, k.Init(), tc.stdin, tc.argv...)
			require.Equal(t, tc.stderr, stderr)
			require.Equal(t, tc.code, code)
		})
	}
}
