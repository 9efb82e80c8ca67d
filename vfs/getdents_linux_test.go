//go:build linux

package vfs_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// Getdents fills linux_dirent64 records that the host's own parser
// reads, laid out as the host kernel lays them out.

var direntNames = []string{"a", "bb", "ccccc", "dddddddd", strings.Repeat("e", 12), strings.Repeat("f", 255)}

func TestGetdentsParsesWithUnixParseDirent(t *testing.T) {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/tmp/d", 0o755))
	for _, name := range direntNames {
		writeFile(t, p, "/tmp/d/"+name, "", 0o644)
	}
	fd, err := p.Open("/tmp/d", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err)
	defer p.Close(fd)
	buf := make([]byte, 4096)
	n, err := p.Getdents(fd, buf)
	require.NoError(t, err)

	t.Run("unix_ParseDirent_reads_every_name", func(t *testing.T) {
		consumed, count, names := unix.ParseDirent(buf[:n], -1, nil)
		require.Equal(t, n, consumed)
		require.Equal(t, len(direntNames), count)
		require.ElementsMatch(t, direntNames, names)
	})
	t.Run("vfs_ParseDirent_agrees_with_unix_ParseDirent", func(t *testing.T) {
		for _, max := range []int{-1, 0, 1, 3, 100} {
			uc, un, unames := unix.ParseDirent(buf[:n], max, []string{"x"})
			vc, vn, vnames := vfs.ParseDirent(buf[:n], max, []string{"x"})
			require.Equal(t, []any{uc, un, unames}, []any{vc, vn, vnames}, "max %d", max)
		}
	})
	t.Run("records_match_the_host_layout", func(t *testing.T) {
		host := hostDirents(t, direntNames)
		for _, d := range parseRecords(t, buf[:n]) {
			h, ok := host[d.name]
			require.True(t, ok, d.name)
			require.Equal(t, [2]int{h.reclen, int(h.typ)}, [2]int{d.reclen, int(d.typ)}, "reclen and d_type of %q", d.name)
		}
	})
}

// hostDirents makes the names as empty files in a host directory and
// returns the host's getdents64 records by name.
func hostDirents(t *testing.T, names []string) map[string]dirent {
	t.Helper()
	dir := t.TempDir()
	for _, name := range names {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), nil, 0o644))
	}
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	require.NoError(t, err)
	defer unix.Close(fd)
	out := make(map[string]dirent)
	buf := make([]byte, 4096)
	for {
		n, err := unix.Getdents(fd, buf)
		require.NoError(t, err)
		if n == 0 {
			return out
		}
		for _, d := range parseRecords(t, buf[:n]) {
			out[d.name] = d
		}
	}
}
