package fusefs_test

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/govfs/govfs/vfs"
)

// pids lists the live govfs processes, from govfs's /proc.
func pids(t *testing.T, p *vfs.Process) []int {
	t.Helper()
	ents, err := p.FS().(interface {
		ReadDir(string) ([]os.DirEntry, error)
	}).ReadDir("proc")
	require.NoError(t, err)
	var out []int
	for _, e := range ents {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			out = append(out, pid)
		}
	}
	slices.Sort(out)
	return out
}

// TestUnmountWithOpenFiles unmounts while the host holds files and a
// directory open: the unmount succeeds, the host's fds then fail with
// ENOTCONN, no goroutine and no bridge process is left, and the govfs
// mount the host was using can be unmounted inside govfs.
func TestUnmountWithOpenFiles(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	k, dir, srv := mountedServer(t, nil)
	p := k.Init()
	before := pids(t, p)
	require.NoError(t, p.Mkdir("/tmp/sub", 0o777))
	require.NoError(t, p.Mount("tmpfs", "/tmp/sub", "tmpfs", 0, ""))

	w, err := os.Create(filepath.Join(dir, "tmp/sub/w"))
	require.NoError(t, err)
	_, err = w.WriteString("written")
	require.NoError(t, err)
	r, err := os.Open(filepath.Join(dir, "tmp/sub/w"))
	require.NoError(t, err)
	d, err := os.Open(filepath.Join(dir, "tmp/sub"))
	require.NoError(t, err)
	require.Greater(t, len(pids(t, p)), len(before), "a bridge process serves the host")

	require.NoError(t, srv.Unmount())

	_, err = r.Read(make([]byte, 4))
	require.ErrorIs(t, err, syscall.ENOTCONN)
	for _, f := range []*os.File{w, r, d} {
		f.Close()
	}
	require.Equal(t, before, pids(t, p), "the bridge processes exited and were reaped")
	require.NoError(t, p.Unmount("/tmp/sub", 0), "no govfs fd keeps the mount busy")
	var st syscall.Stat_t
	require.NoError(t, syscall.Stat(dir, &st))
	require.NotEqual(t, uint32(0), st.Mode&syscall.S_IFDIR, "the host directory is back")
	require.NoError(t, srv.Unmount(), "a second Unmount changes nothing")
	k.Shutdown()
}

// TestWaitEndsWhenTheHostUnmounts: umount(8) on the host ends the
// server as Unmount would.
func TestWaitEndsWhenTheHostUnmounts(t *testing.T) {
	k, dir, srv := mountedServer(t, nil)
	p := k.Init()
	before := pids(t, p)
	_, err := os.ReadFile(filepath.Join(dir, "proc/self/status"))
	require.NoError(t, err)
	require.NoError(t, syscall.Unmount(dir, 0))
	srv.Wait()
	require.Less(t, len(pids(t, p)), len(before)+1, "the bridge process is gone")
	require.NoError(t, srv.Unmount(), "nothing left to unmount")
}
