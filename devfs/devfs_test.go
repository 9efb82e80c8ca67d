package devfs_test

import (
	"testing"

	"github.com/govfs/govfs/vfs"
	"github.com/stretchr/testify/require"
)

func TestDevListing(t *testing.T) {
	_, p := boot(t)
	fd, err := p.Open("/dev", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err)
	buf := make([]byte, 4096)
	n, err := p.Getdents(fd, buf)
	require.NoError(t, err)
	_, _, names := vfs.ParseDirent(buf[:n], -1, nil)
	require.Equal(t, []string{"console", "fd", "full", "nst0", "null", "ram0", "random", "st0", "stderr", "stdin", "stdout", "tty", "urandom", "zero"}, names)
}
