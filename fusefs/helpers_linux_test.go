package fusefs_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/fusefs"
	"github.com/govfs/govfs/vfs"
)

// mounted boots the default system and mounts init's view on a fresh
// temp dir; the test ends with the unmount and the kernel's shutdown.
func mounted(t testing.TB, opts *fusefs.Options) (*vfs.Kernel, *vfs.Process, string) {
	t.Helper()
	k, dir, _ := mountedServer(t, opts)
	return k, k.Init(), dir
}

// mountedServer is mounted, with the Server for tests that unmount
// themselves (a second Unmount is a no-op).
func mountedServer(t testing.TB, opts *fusefs.Options) (*vfs.Kernel, string, *fusefs.Server) {
	t.Helper()
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	dir := t.TempDir()
	srv, err := fusefs.Mount(k.Init(), dir, opts)
	if err != nil && strings.Contains(err.Error(), "needs ") {
		t.Skip(err.Error())
	}
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, srv.Unmount()) })
	return k, dir, srv
}

// skipUnlessMountable skips, in one line, where Mount would fail for
// want of privilege; Mount itself says the same.
func skipUnlessMountable(t testing.TB) {
	t.Helper()
	if _, err := os.Stat("/dev/fuse"); err != nil {
		t.Skip("needs /dev/fuse: ", err)
	}
	if os.Geteuid() == 0 {
		return
	}
	for _, bin := range []string{"fusermount3", "fusermount"} {
		if _, err := exec.LookPath(bin); err == nil {
			return
		}
	}
	t.Skip("needs root or fusermount3: not root and no fusermount3 on the PATH")
}

// sh runs a host shell command in dir and returns its combined output.
// The shell changes into dir itself: a chdir between fork and exec (what
// cmd.Dir does) would be a FUSE request from a vfork child that still
// shares this process's memory and /dev/fuse fd, the one place where the
// test process could wait on itself.
func sh(t testing.TB, dir, script string) (string, error) {
	t.Helper()
	cmd := exec.Command("sh", "-c", `cd "$1" && shift && eval "$@"`, "sh", dir, script)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	out, err := cmd.CombinedOutput()
	return string(out), err
}
