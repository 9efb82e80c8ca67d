package procfs_test

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// keys returns the "Key:" names of a status or fdinfo text, in order.
func keys(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if k, _, ok := strings.Cut(line, ":"); ok {
			out = append(out, k)
		}
	}
	return out
}

// TestHostAgrees compares shapes with the host kernel's own /proc/self.
func TestHostAgrees(t *testing.T) {
	_, p := boot(t)

	t.Run("status_fields_come_in_the_hosts_order", func(t *testing.T) {
		host, err := os.ReadFile("/proc/self/status")
		require.NoError(t, err)
		hostKeys := keys(string(host))
		var order []int
		for _, k := range keys(readFile(t, p, "/proc/self/status")) {
			i := slicesIndex(hostKeys, k)
			require.GreaterOrEqual(t, i, 0, "the host has no %s line", k)
			order = append(order, i)
		}
		for i := 1; i < len(order); i++ {
			require.Greater(t, order[i], order[i-1], "field order")
		}
		re := regexp.MustCompile(`(?m)^Groups:\t((\d+ )+| )$`)
		require.Regexp(t, re, string(host))
		require.Regexp(t, re, readFile(t, p, "/proc/self/status"))
	})

	t.Run("stat_has_the_hosts_field_count", func(t *testing.T) {
		host, err := os.ReadFile("/proc/self/stat")
		require.NoError(t, err)
		require.Len(t, strings.Fields(readFile(t, p, "/proc/self/stat")), len(strings.Fields(string(host))))
	})

	t.Run("fdinfo_starts_with_the_hosts_lines", func(t *testing.T) {
		f, err := os.CreateTemp("/dev/shm", "procfs")
		require.NoError(t, err)
		defer os.Remove(f.Name())
		defer f.Close()
		host, err := os.ReadFile("/proc/self/fdinfo/" + strconv.Itoa(int(f.Fd())))
		require.NoError(t, err)
		fd, err := p.Open("/tmp/f", vfs.O_CREAT|vfs.O_RDWR|vfs.O_CLOEXEC, 0o600)
		require.NoError(t, err)
		ours := readFile(t, p, "/proc/self/fdinfo/"+strconv.Itoa(fd))
		require.Equal(t, keys(string(host))[:4], keys(ours))
		require.Contains(t, string(host), "flags:\t02100002\n", "Go opens O_RDWR|O_CLOEXEC")
		require.Contains(t, ours, "flags:\t02100002\n")
	})

	t.Run("magic_links_read_and_reopen_as_on_the_host", func(t *testing.T) {
		hostLink := func(path string) string {
			buf := make([]byte, 256)
			n, err := unix.Readlink(path, buf)
			require.NoError(t, err)
			return string(buf[:n])
		}
		// A deleted file: read back, then linkat refused (nlink 0).
		require.NoError(t, os.WriteFile("/dev/shm/procfs-gone", []byte("still here"), 0o644))
		hfd, err := unix.Open("/dev/shm/procfs-gone", unix.O_RDONLY, 0)
		require.NoError(t, err)
		defer unix.Close(hfd)
		require.NoError(t, os.Remove("/dev/shm/procfs-gone"))
		hpath := "/proc/self/fd/" + strconv.Itoa(hfd)
		require.Equal(t, "/dev/shm/procfs-gone (deleted)", hostLink(hpath))
		b, err := os.ReadFile(hpath)
		require.NoError(t, err)
		require.Equal(t, "still here", string(b))
		hostLinkErr := unix.Linkat(unix.AT_FDCWD, hpath, unix.AT_FDCWD, "/dev/shm/procfs-back", unix.AT_SYMLINK_FOLLOW)

		require.NoError(t, p.WriteFile("/tmp/gone", []byte("still here"), 0o644))
		fd, err := p.Open("/tmp/gone", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.NoError(t, p.Unlink("/tmp/gone"))
		require.Equal(t, "/tmp/gone (deleted)", readlink(t, p, fdPath(fd)))
		require.Equal(t, "still here", readFile(t, p, fdPath(fd)))
		ourErr := p.Linkat(vfs.AT_FDCWD, fdPath(fd), vfs.AT_FDCWD, "/tmp/back", vfs.AT_SYMLINK_FOLLOW)
		require.Equal(t, hostLinkErr.(unix.Errno).Error(), ourErr.(vfs.Errno).Error())

		// A pipe's link text.
		var hp [2]int
		require.NoError(t, unix.Pipe(hp[:]))
		defer unix.Close(hp[0])
		defer unix.Close(hp[1])
		re := regexp.MustCompile(`^pipe:\[\d+\]$`)
		require.Regexp(t, re, hostLink("/proc/self/fd/"+strconv.Itoa(hp[0])))
		fds := make([]int, 2)
		require.NoError(t, p.Pipe(fds))
		require.Regexp(t, re, readlink(t, p, fdPath(fds[0])))

		// Sizes: generated files 0, magic links 64.
		var hst unix.Stat_t
		require.NoError(t, unix.Stat("/proc/self/status", &hst))
		require.Zero(t, hst.Size)
		require.NoError(t, unix.Lstat("/proc/self/cwd", &hst))
		var st vfs.Stat_t
		require.NoError(t, p.Lstat("/proc/self/cwd", &st))
		require.Equal(t, hst.Size, st.Size)
		require.NoError(t, unix.Lstat("/proc/self/fd/0", &hst))
		require.NoError(t, p.Lstat("/proc/self/fd/0", &st))
		require.Equal(t, hst.Size, st.Size)
	})
}

func slicesIndex(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}
