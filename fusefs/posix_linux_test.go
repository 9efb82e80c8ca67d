package fusefs_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/hanwen/go-fuse/v2/posixtest"
	"github.com/stretchr/testify/require"
)

// posixSkipped are the posixtest cases that do not apply, and why.
var posixSkipped = map[string]string{
	"FcntlFlockLocksFile": "POSIX locks stay in the host kernel (govfs has no fcntl locks, SETLK answers ENOSYS); " +
		"there, as on any local Linux filesystem, two locks of one process never conflict, and the case expects EAGAIN",
}

// TestPosix runs go-fuse's own POSIX suite against the mount, each case
// in a fresh directory of a fresh mount.
func TestPosix(t *testing.T) {
	skipUnlessMountable(t)
	names := make([]string, 0, len(posixtest.All))
	for name := range posixtest.All {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			if why, ok := posixSkipped[name]; ok {
				t.Skip(why)
			}
			_, p, dir := mounted(t, nil)
			require.NoError(t, p.Mkdir("/tmp/posix", 0o777))
			posixtest.All[name](t, filepath.Join(dir, "tmp/posix"))
		})
	}
}
