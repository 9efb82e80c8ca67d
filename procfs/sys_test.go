package procfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// bootProcSys boots a kernel; Boot mounts proc at /proc, whose "sys"
// is the sysctl tree.
func bootProcSys(t testing.TB) (*vfs.Kernel, *vfs.Process) {
	t.Helper()
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	return k, k.Init()
}

func catFile(t *testing.T, p *vfs.Process, path string) string {
	t.Helper()
	b, err := p.ReadFile(path)
	require.NoError(t, err, path)
	return string(b)
}

// echoTo writes s to path in one write(2), as `echo -n s > path` does
// to an existing file.
func echoTo(p *vfs.Process, path, s string) error {
	fd, err := p.Open(path, vfs.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer p.Close(fd)
	_, err = p.Write(fd, []byte(s))
	return err
}

func asUser(t *testing.T, p *vfs.Process) *vfs.Process {
	t.Helper()
	c, err := p.Fork()
	require.NoError(t, err)
	require.NoError(t, c.Setuid(65534))
	t.Cleanup(func() { c.Exit(0); p.Wait(c.Pid()) })
	return c
}

// The values and modes the host showed (cat and stat of its
// /proc/sys), except where they depend on its tuning: govfs has Linux's
// defaults (rmem_max 212992, file-max as systemd sets it).
func TestProcSysReads(t *testing.T) {
	_, p := bootProcSys(t)
	for _, tc := range []struct {
		path string
		mode uint32
		want string // "" for a value checked only by shape below
	}{
		{"fs/pipe-max-size", 0o644, "1048576\n"},
		{"fs/pipe-user-pages-soft", 0o644, "16384\n"},
		{"fs/nr_open", 0o644, "1048576\n"},
		{"fs/file-max", 0o644, "9223372036854775807\n"},
		{"fs/file-nr", 0o444, ""},
		{"fs/protected_hardlinks", 0o644, "1\n"},
		{"fs/protected_symlinks", 0o644, "0\n"},
		{"fs/protected_regular", 0o644, "0\n"},
		{"fs/protected_fifos", 0o644, "0\n"},
		{"kernel/hostname", 0o644, "(none)\n"},
		{"kernel/ostype", 0o444, "Linux\n"},
		{"kernel/pid_max", 0o644, "32768\n"},
		{"net/core/rmem_default", 0o644, "212992\n"},
		{"net/core/wmem_default", 0o644, "212992\n"},
		{"net/core/rmem_max", 0o644, "212992\n"},
		{"net/core/wmem_max", 0o644, "212992\n"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			var st vfs.Stat_t
			require.NoError(t, p.Stat("/proc/sys/"+tc.path, &st))
			require.Equal(t, vfs.S_IFREG|tc.mode, st.Mode)
			require.Zero(t, st.Size, "sysctl files report size 0")
			require.Zero(t, st.Uid)
			got := catFile(t, p, "/proc/sys/"+tc.path)
			if tc.want == "" {
				require.Regexp(t, `^\d+\t0\t\d+\n$`, got)
				return
			}
			require.Equal(t, tc.want, got)
		})
	}
}

func TestProcSysDirectories(t *testing.T) {
	k, p := bootProcSys(t)
	t.Run("directories_are_0555_with_one_link", func(t *testing.T) {
		for _, d := range []string{"/proc/sys", "/proc/sys/fs", "/proc/sys/net/core"} {
			var st vfs.Stat_t
			require.NoError(t, p.Stat(d, &st))
			require.Equal(t, uint32(vfs.S_IFDIR|0o555), st.Mode, d)
			require.EqualValues(t, 1, st.Nlink, d)
		}
	})
	t.Run("getdents_lists_the_tree_with_stat_inode_numbers", func(t *testing.T) {
		fd, err := p.Open("/proc/sys/net/core", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		require.NoError(t, err)
		defer p.Close(fd)
		buf := make([]byte, 4096)
		n, err := p.Getdents(fd, buf)
		require.NoError(t, err)
		_, _, names := vfs.ParseDirent(buf[:n], -1, nil)
		require.Equal(t, []string{"rmem_default", "rmem_max", "wmem_default", "wmem_max"}, names)
	})
	t.Run("missing_name_is_ENOENT", func(t *testing.T) {
		var st vfs.Stat_t
		require.ErrorIs(t, p.Stat("/proc/sys/fs/nope", &st), vfs.ENOENT)
	})
	t.Run("entry_registered_after_mount_appears", func(t *testing.T) {
		require.NoError(t, k.RegisterSysctl("debug/late", vfs.SysctlReadOnly(func() string { return "7\n" })))
		require.Equal(t, "7\n", catFile(t, p, "/proc/sys/debug/late"))
	})
	t.Run("no_new_names", func(t *testing.T) {
		_, err := p.Open("/proc/sys/fs/new", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
		require.Error(t, err)
		require.Error(t, p.Mkdir("/proc/sys/fs/dir", 0o755))
	})
}

func TestProcSysWrites(t *testing.T) {
	for _, tc := range []struct {
		name  string
		path  string
		write string
		user  bool
		err   vfs.Errno
		after string
	}{
		{"root_write_takes_effect", "kernel/pid_max", "4096\n", false, 0, "4096\n"},
		{"root_write_with_blanks", "fs/nr_open", "  65536  \n", false, 0, "65536\n"},
		{"hostname_drops_newline", "kernel/hostname", "box\n", false, 0, "box\n"},
		{"socket_buffer_max", "net/core/wmem_max", "4194304", false, 0, "4194304\n"},
		{"non_root_is_EACCES", "fs/pipe-max-size", "4096", true, vfs.EACCES, "1048576\n"},
		{"non_root_hostname_is_EACCES", "kernel/hostname", "x", true, vfs.EACCES, "(none)\n"},
		{"read_only_entry_is_EACCES_for_root", "kernel/ostype", "BSD", false, vfs.EACCES, "Linux\n"},
		{"file_nr_is_EACCES_for_root", "fs/file-nr", "1", false, vfs.EACCES, ""},
		{"non_numeric_is_EINVAL", "kernel/pid_max", "lots", false, vfs.EINVAL, "32768\n"},
		{"out_of_range_is_EINVAL", "kernel/pid_max", "4194305", false, vfs.EINVAL, "32768\n"},
		{"below_min_is_EINVAL", "net/core/rmem_max", "1", false, vfs.EINVAL, "212992\n"},
		{"bool_out_of_range_is_EINVAL", "fs/protected_hardlinks", "2", false, vfs.EINVAL, "1\n"},
		{"blank_is_EINVAL", "fs/protected_symlinks", "\n", false, vfs.EINVAL, "0\n"},
		{"trailing_garbage_is_EINVAL", "fs/pipe-max-size", "4096k", false, vfs.EINVAL, "1048576\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, p := bootProcSys(t)
			w := p
			if tc.user {
				w = asUser(t, p)
			}
			err := echoTo(w, "/proc/sys/"+tc.path, tc.write)
			if tc.err != 0 {
				require.ErrorIs(t, err, tc.err)
			} else {
				require.NoError(t, err)
			}
			if tc.after != "" {
				require.Equal(t, tc.after, catFile(t, p, "/proc/sys/"+tc.path))
			}
		})
	}
}

// The snapshot made at open serves every read of that File: a write
// through another File shows at the next open, and Pread and Seek work
// inside the snapshot.
func TestProcSysSnapshot(t *testing.T) {
	_, p := bootProcSys(t)
	fd, err := p.Open("/proc/sys/kernel/pid_max", vfs.O_RDONLY, 0)
	require.NoError(t, err)
	defer p.Close(fd)
	require.NoError(t, echoTo(p, "/proc/sys/kernel/pid_max", "4096"))
	buf := make([]byte, 16)
	n, err := p.Pread(fd, buf, 2)
	require.NoError(t, err)
	require.Equal(t, "768\n", string(buf[:n]))
	require.Equal(t, "4096\n", catFile(t, p, "/proc/sys/kernel/pid_max"))
}

// Writing 0 to fs/protected_hardlinks lets a user link a file it does
// not own and cannot write, at once; writing 1 refuses it again (EPERM).
func TestProcSysProtectedHardlinksEnforced(t *testing.T) {
	_, p := bootProcSys(t)
	require.NoError(t, p.WriteFile("/tmp/rootfile", []byte("x"), 0o600))
	u := asUser(t, p)
	require.ErrorIs(t, u.Link("/tmp/rootfile", "/tmp/l1"), vfs.EPERM)
	require.NoError(t, echoTo(p, "/proc/sys/fs/protected_hardlinks", "0\n"))
	require.NoError(t, u.Link("/tmp/rootfile", "/tmp/l1"))
	require.NoError(t, echoTo(p, "/proc/sys/fs/protected_hardlinks", "1\n"))
	require.ErrorIs(t, u.Link("/tmp/rootfile", "/tmp/l2"), vfs.EPERM)
}

// A root write to fs/pipe-max-size is what F_SETPIPE_SZ then allows a
// user.
func TestProcSysPipeMaxSizeEnforced(t *testing.T) {
	_, p := bootProcSys(t)
	u := asUser(t, p)
	fds := make([]int, 2)
	require.NoError(t, u.Pipe(fds))
	require.NoError(t, echoTo(p, "/proc/sys/fs/pipe-max-size", "65536\n"))
	_, err := u.FcntlInt(uintptr(fds[0]), vfs.F_SETPIPE_SZ, 1<<17)
	require.ErrorIs(t, err, vfs.EPERM)
	require.NoError(t, echoTo(p, "/proc/sys/fs/pipe-max-size", "262144"))
	got, err := u.FcntlInt(uintptr(fds[0]), vfs.F_SETPIPE_SZ, 1<<17)
	require.NoError(t, err)
	require.Equal(t, 1<<17, got)
}

// With sysctl_writes_strict=1, Linux's default, a write at a non-zero
// offset is accepted and ignored: the host took "32768" written after
// "32768 5" without a word, and kept the first value.
func TestProcSysWriteAtOffsetIsIgnored(t *testing.T) {
	_, p := bootProcSys(t)
	fd, err := p.Open("/proc/sys/kernel/pid_max", vfs.O_WRONLY, 0)
	require.NoError(t, err)
	defer p.Close(fd)
	n, err := p.Write(fd, nil)
	require.NoError(t, err)
	require.Zero(t, n, "an empty write is 0, not EINVAL")
	_, err = p.Write(fd, []byte("4096\n"))
	require.NoError(t, err)
	n, err = p.Write(fd, []byte("5000"))
	require.NoError(t, err)
	require.Equal(t, 4, n)
	require.Equal(t, "4096\n", catFile(t, p, "/proc/sys/kernel/pid_max"))
	_, err = p.Pwrite(fd, []byte("6000"), 0)
	require.NoError(t, err)
	require.Equal(t, "6000\n", catFile(t, p, "/proc/sys/kernel/pid_max"), "pwrite at 0 is a new value")
}

// TestProcSysIntegerWriteCount: a write to a one-number sysctl returns
// the bytes proc_dointvec parsed — the number and the blanks around it —
// as the host does ("1048576 2" to pipe-max-size is 9); a string
// sysctl takes the whole write.
func TestProcSysIntegerWriteCount(t *testing.T) {
	_, p := bootProcSys(t)
	for _, tc := range []struct {
		path, value string
		want        int
	}{
		{"/proc/sys/fs/pipe-max-size", "65536 2", 6},
		{"/proc/sys/fs/pipe-user-pages-soft", " 100\t\n x", 7},
		{"/proc/sys/kernel/pid_max", "400\n", 4},
		{"/proc/sys/fs/protected_symlinks", "0 1 1", 2},
		{"/proc/sys/kernel/hostname", "box 2", 5},
	} {
		fd, err := p.Open(tc.path, vfs.O_WRONLY, 0)
		require.NoError(t, err)
		n, err := p.Write(fd, []byte(tc.value))
		require.NoError(t, err, tc.path)
		require.Equal(t, tc.want, n, "%s %q", tc.path, tc.value)
		require.NoError(t, p.Close(fd))
	}
	require.Equal(t, "65536\n", catFile(t, p, "/proc/sys/fs/pipe-max-size"))
	require.Equal(t, "box 2\n", catFile(t, p, "/proc/sys/kernel/hostname"))
}
