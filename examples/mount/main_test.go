package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMount(t *testing.T) {
	t.Run("host_commands_become_govfs_syscalls", func(t *testing.T) {
		var out bytes.Buffer
		require.NoError(t, run(&out))
		if strings.Contains(out.String(), "cannot mount here") {
			t.Skip(strings.TrimSpace(out.String()[strings.Index(out.String(), "cannot mount here"):]))
		}
		for _, want := range []string{
			"0 -> /dev/console",
			`] readlinkat(AT_FDCWD, "/proc/1/fd/0", `,
			"PPid:\t1",
			`] openat2(AT_FDCWD, "/tmp/f", {flags=O_WRONLY|O_CREAT|O_CLOEXEC, mode=0644, resolve=RESOLVE_NO_SYMLINKS}) = 3`,
			`] pwrite64(3, "hi\n", 0) = 3`,
			`reads it back: "hi\n"`,
			"srv.Unmount()",
		} {
			require.Contains(t, out.String(), want)
		}
	})
}
