package bin_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// progCase is one run of a program: a tree made by setup (as root),
// then argv run by uid (0 or 65534) with stdin, and what it must
// write and return. check, if set, looks at the tree afterwards.
type progCase struct {
	name           string
	setup          func(t *testing.T, p *vfs.Process)
	uid            int
	stdin          string
	argv           []string
	stdout, stderr string
	match          string // a regexp stdout must match, instead of stdout
	code           int
	check          func(t *testing.T, p *vfs.Process)
}

// epoch is the time the fake clock of every case starts at, so that ls
// -l prints known dates.
var epoch = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// runCases runs each case on a fresh system whose clock stands still.
func runCases(t *testing.T, cases []progCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			k, err := govfs.Boot(govfs.WithClock(vfs.NewFakeClock(epoch)))
			require.NoError(t, err)
			defer k.Shutdown()
			init := k.Init()
			if tc.setup != nil {
				tc.setup(t, init)
			}
			p := init
			if tc.uid != 0 {
				p, err = init.Fork()
				require.NoError(t, err)
				require.NoError(t, p.Setgroups(nil))
				require.NoError(t, p.Setgid(tc.uid))
				require.NoError(t, p.Setuid(tc.uid))
				defer p.Exit(0)
			}
			stdout, stderr, code := run(t, p, tc.stdin, tc.argv...)
			if tc.match != "" {
				require.Regexp(t, "^"+tc.match+"$", stdout, "stdout")
			} else {
				require.Equal(t, tc.stdout, stdout, "stdout")
			}
			require.Equal(t, tc.stderr, stderr, "stderr")
			require.Equal(t, tc.code, code, "exit code")
			if tc.check != nil {
				tc.check(t, init)
			}
		})
	}
}

// write makes a file with data and mode (umask applies, as for any
// open; chmod after for exact bits).
func write(t *testing.T, p *vfs.Process, name, data string, mode uint32) {
	t.Helper()
	require.NoError(t, p.WriteFile(name, []byte(data), 0o644))
	require.NoError(t, p.Chmod(name, mode))
}

func mkdir(t *testing.T, p *vfs.Process, name string, mode uint32) {
	t.Helper()
	require.NoError(t, p.Mkdir(name, mode))
	require.NoError(t, p.Chmod(name, mode))
}

func lstat(t *testing.T, p *vfs.Process, name string) vfs.Stat_t {
	t.Helper()
	var st vfs.Stat_t
	require.NoError(t, p.Lstat(name, &st))
	return st
}

func exists(p *vfs.Process, name string) bool {
	var st vfs.Stat_t
	return p.Lstat(name, &st) == nil
}
