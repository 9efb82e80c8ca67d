package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDirfd(t *testing.T) {
	t.Run("dir_fds_look_up_fewer_names", func(t *testing.T) {
		var out, errOut bytes.Buffer
		require.Equal(t, 0, cli(nil, &out, &errOut))
		require.Contains(t, out.String(), "18 files found, 158 names looked up", "by full paths")
		require.Contains(t, out.String(), "18 files found, 38 names looked up", "by dir fds")
		require.Contains(t, out.String(), `walk "f3" from fdtable[3] /srv/tree/c/y`)
		require.Empty(t, errOut.String())
	})
	t.Run("a_rename_redirects_the_path_but_not_the_dir_fd", func(t *testing.T) {
		var out bytes.Buffer
		require.NoError(t, run(&out, nil))
		byPath, byFD, ok := strings.Cut(out.String(), "By directory fd:")
		require.True(t, ok)
		// Inode numbers depend on how many files Boot made: compare them.
		checked := inodeAfter(t, byPath, "check: inode ")
		require.Equal(t, checked, inodeAfter(t, byFD, "check: inode "))
		require.NotEqual(t, checked, inodeAfter(t, byPath, "open + read: inode "))
		require.Contains(t, byPath, ", "+quote(evilConfig))
		require.Equal(t, checked, inodeAfter(t, byFD, "openat + read: inode "))
		require.Contains(t, byFD, ", "+quote(goodConfig))
		require.Contains(t, byFD, `walk "config" from fdtable[3] /srv/app.old`,
			"the walk starts from the directory, renamed after the fd was opened")
	})
	t.Run("trace_writes_every_walk_to_stderr", func(t *testing.T) {
		var out, errOut bytes.Buffer
		require.Equal(t, 0, cli([]string{"-trace"}, &out, &errOut))
		for _, want := range []string{
			`[2] lstat(AT_FDCWD, "/srv/tree/a/x/f1", AT_SYMLINK_NOFOLLOW) = 0`,
			`[2] newfstatat(`,
			`[2] renameat2(AT_FDCWD, "/srv/app", AT_FDCWD, "/srv/app.old", 0) = 0`,
			`      "tree": dcache hit`,
		} {
			require.Contains(t, errOut.String(), want)
		}
		require.Contains(t, out.String(), "18 files found, 38 names looked up", "the counts do not change")
	})
	t.Run("an_unknown_flag_is_exit_status_2", func(t *testing.T) {
		var out, errOut bytes.Buffer
		require.Equal(t, 2, cli([]string{"-nope"}, &out, &errOut))
		require.Contains(t, errOut.String(), "-trace")
	})
}

// inodeAfter returns the number that follows prefix in out.
func inodeAfter(t *testing.T, out, prefix string) string {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `([0-9]+)`).FindStringSubmatch(out)
	require.NotNil(t, m, "no %q in %s", prefix, out)
	return m[1]
}

func quote(s string) string {
	var b strings.Builder
	b.WriteString(`"`)
	b.WriteString(strings.ReplaceAll(s, "\n", `\n`))
	b.WriteString(`"`)
	return b.String()
}
