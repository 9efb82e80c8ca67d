package procfs_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The generated files build into recycled buffers: what an open reads
// must be its own snapshot, whole, however large, while other opens
// come and go.
func TestSnapshots(t *testing.T) {
	t.Run("a_mountinfo_larger_than_a_pooled_buffer_reads_whole", func(t *testing.T) {
		_, p := boot(t)
		for i := range 40 {
			dir := "/tmp/m" + strconv.Itoa(i)
			require.NoError(t, p.Mkdir(dir, 0o755))
			require.NoError(t, p.Mount("none", dir, "tmpfs", 0, ""))
		}
		mi := readFile(t, p, "/proc/self/mountinfo")
		require.Greater(t, len(mi), 1024) // vfs.GenFile's pooled buffers are 1 KiB
		for i := range 40 {
			require.Contains(t, mi, " /tmp/m"+strconv.Itoa(i)+" ")
		}
		require.Equal(t, mi, readFile(t, p, "/proc/self/mountinfo"))
	})

	t.Run("seek_and_pread_stay_in_the_snapshot_while_other_opens_recycle", func(t *testing.T) {
		_, p := boot(t)
		fd, err := p.Open("/proc/self/status", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		first := readAll(t, p, fd)
		p.Umask(0o077) // changes what later opens generate
		for range 50 {
			require.Contains(t, readFile(t, p, "/proc/self/status"), "Umask:\t0077\n")
		}
		buf := make([]byte, 64)
		n, err := p.Pread(fd, buf, 6)
		require.NoError(t, err)
		require.Equal(t, first[6:6+n], string(buf[:n]))
		off, err := p.Seek(fd, 0, vfs.SEEK_SET)
		require.NoError(t, err)
		require.Zero(t, off)
		again := readAll(t, p, fd)
		require.Equal(t, first, again)
		require.True(t, strings.Contains(again, "Umask:\t0022\n"))
		require.NoError(t, p.Close(fd))
	})

	t.Run("status_follows_every_change_between_two_reads", func(t *testing.T) {
		_, p := boot(t)
		c, err := p.Fork()
		require.NoError(t, err)
		g, err := c.Fork() // c's child: reparented to init when c exits
		require.NoError(t, err)
		defer func() { g.Exit(0); p.Wait(g.Pid()) }()
		path := "/proc/" + strconv.Itoa(g.Pid()) + "/status"
		s := readFile(t, p, path)
		require.Contains(t, s, "PPid:\t"+strconv.Itoa(c.Pid())+"\n")
		require.Equal(t, s, readFile(t, p, path), "nothing changed")
		for _, step := range []struct {
			change func()
			want   string
		}{
			{func() { g.Umask(0o007) }, "Umask:\t0007\n"},
			{func() { require.NoError(t, g.Setgroups([]int{9})) }, "Groups:\t9 \n"},
			{func() { require.NoError(t, g.Setgid(20)) }, "Gid:\t20\t20\t20\t20\n"},
			{func() { require.NoError(t, g.Setuid(30)) }, "Uid:\t30\t30\t30\t30\n"},
			{func() { require.NoError(t, g.Dup2(0, 100)) }, "FDSize:\t128\n"},
			{func() { c.Exit(0); p.Wait(c.Pid()) }, "PPid:\t1\n"},
			{func() { g.Exit(0) }, "State:\tZ (zombie)\n"},
		} {
			step.change()
			require.Contains(t, readFile(t, p, path), step.want)
		}
	})
}
