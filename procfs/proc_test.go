package procfs_test

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func TestProcRoot(t *testing.T) {
	t.Run("self_reads_the_callers_pid", func(t *testing.T) {
		_, p := boot(t)
		c, err := p.Fork()
		require.NoError(t, err)
		defer func() { c.Exit(0); p.Wait(c.Pid()) }()
		for _, proc := range []*vfs.Process{p, c} {
			require.Equal(t, strconv.Itoa(proc.Pid()), readlink(t, proc, "/proc/self"))
			require.Contains(t, readFile(t, proc, "/proc/self/status"), "\nPid:\t"+strconv.Itoa(proc.Pid())+"\n")
		}
	})

	t.Run("thread_self_reads_pid_task_pid_and_leads_to_the_pid_dir", func(t *testing.T) {
		_, p := boot(t)
		require.Equal(t, "1/task/1", readlink(t, p, "/proc/thread-self"))
		require.Contains(t, readFile(t, p, "/proc/thread-self/status"), "\nPid:\t1\n")
		require.Equal(t, []string{"1"}, listDir(t, p, "/proc/1/task"))
	})

	t.Run("mounts_is_a_link_to_self_mounts", func(t *testing.T) {
		_, p := boot(t)
		require.Equal(t, "self/mounts", readlink(t, p, "/proc/mounts"))
		require.Equal(t, readFile(t, p, "/proc/self/mounts"), readFile(t, p, "/proc/mounts"))
		require.Contains(t, readFile(t, p, "/proc/mounts"), "proc /proc proc rw 0 0\n")
	})

	t.Run("a_pid_that_never_existed_is_ENOENT", func(t *testing.T) {
		_, p := boot(t)
		var st vfs.Stat_t
		for _, name := range []string{"99999", "0", "01", "-1", "+1", "1x", "99999999999999999999"} {
			requireErrno(t, p.Stat("/proc/"+name, &st), vfs.ENOENT, name)
		}
	})

	t.Run("the_listing_has_the_fixed_names_and_every_pid", func(t *testing.T) {
		_, p := boot(t)
		c, err := p.Fork()
		require.NoError(t, err)
		defer func() { c.Exit(0); p.Wait(c.Pid()) }()
		names := listDir(t, p, "/proc")
		for _, want := range []string{"self", "thread-self", "mounts", "filesystems", "uptime", "meminfo", "1", strconv.Itoa(c.Pid())} {
			require.Contains(t, names, want)
		}
		require.Contains(t, names, "sys", "the sysctl tree (sys_hook.go)")
	})

	t.Run("filesystems_lists_every_type_as_nodev", func(t *testing.T) {
		_, p := boot(t)
		fs := readFile(t, p, "/proc/filesystems")
		require.Contains(t, fs, "nodev\tproc\n")
		require.Contains(t, fs, "nodev\ttmpfs\n")
	})

	t.Run("uptime_and_meminfo_have_linux_shapes", func(t *testing.T) {
		_, p := boot(t)
		f := strings.Fields(readFile(t, p, "/proc/uptime"))
		require.Len(t, f, 2)
		_, err := strconv.ParseFloat(f[0], 64)
		require.NoError(t, err)
		mi := readFile(t, p, "/proc/meminfo")
		require.Regexp(t, `^MemTotal: +\d+ kB\nMemFree: +\d+ kB\nMemAvailable: +\d+ kB\n$`, mi)
	})

	t.Run("synthetic_files_report_size_0", func(t *testing.T) {
		_, p := boot(t)
		for _, path := range []string{"/proc/self/status", "/proc/self/stat", "/proc/filesystems", "/proc/self/fdinfo/0", "/proc/self/mountinfo", "/proc/uptime"} {
			var st vfs.Stat_t
			require.NoError(t, p.Stat(path, &st), path)
			require.Zero(t, st.Size, path)
			require.Equal(t, uint32(vfs.S_IFREG), st.Mode&vfs.S_IFMT, path)
		}
	})
}

func TestPidFiles(t *testing.T) {
	t.Run("status_shows_ids_umask_ppid_and_groups", func(t *testing.T) {
		_, p := boot(t)
		c, err := p.Fork()
		require.NoError(t, err)
		require.NoError(t, c.Setgroups([]int{5, 7}))
		require.NoError(t, c.Setgid(100))
		require.NoError(t, c.Setuid(1000))
		c.Umask(0o027)
		defer func() { c.Exit(0); p.Wait(c.Pid()) }()
		s := readFile(t, p, "/proc/"+strconv.Itoa(c.Pid())+"/status")
		require.Contains(t, s, "Umask:\t0027\n")
		require.Contains(t, s, "State:\tR (running)\n")
		require.Contains(t, s, "PPid:\t1\n")
		require.Contains(t, s, "Uid:\t1000\t1000\t1000\t1000\n")
		require.Contains(t, s, "Gid:\t100\t100\t100\t100\n")
		require.Contains(t, s, "Groups:\t5 7 \n")
		require.Contains(t, s, "FDSize:\t64\n")
	})

	t.Run("a_zombie_is_state_Z_until_reaped_then_ENOENT", func(t *testing.T) {
		_, p := boot(t)
		c, err := p.Fork()
		require.NoError(t, err)
		dir := "/proc/" + strconv.Itoa(c.Pid())
		c.Exit(3)
		require.Contains(t, readFile(t, p, dir+"/status"), "State:\tZ (zombie)\n")
		require.Contains(t, readFile(t, p, dir+"/stat"), ") Z 1 ")
		require.Empty(t, listDir(t, p, dir+"/fd"), "a zombie holds no fds")
		_, err = p.Wait(c.Pid())
		require.NoError(t, err)
		var st vfs.Stat_t
		requireErrno(t, p.Stat(dir, &st), vfs.ENOENT)
		requireErrno(t, p.Stat(dir+"/status", &st), vfs.ENOENT)
		require.NotContains(t, listDir(t, p, "/proc"), strconv.Itoa(c.Pid()))
	})

	t.Run("an_fd_open_on_a_reaped_process_file_reads_ESRCH", func(t *testing.T) {
		_, p := boot(t)
		c, err := p.Fork()
		require.NoError(t, err)
		fd, err := p.Open("/proc/"+strconv.Itoa(c.Pid())+"/status", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		defer p.Close(fd)
		buf := make([]byte, 8)
		_, err = p.Read(fd, buf)
		require.NoError(t, err)
		c.Exit(0)
		_, err = p.Wait(c.Pid())
		require.NoError(t, err)
		_, err = p.Read(fd, buf)
		requireErrno(t, err, vfs.ESRCH)
		_, err = p.Pread(fd, buf, 0)
		requireErrno(t, err, vfs.ESRCH)
	})

	t.Run("a_snapshot_is_taken_once_per_open_and_seek_stays_inside_it", func(t *testing.T) {
		_, p := boot(t)
		fd, err := p.Open("/proc/self/status", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		defer p.Close(fd)
		p.Umask(0o077) // after the open: this File keeps its snapshot
		whole := readAll(t, p, fd)
		require.Contains(t, whole, "Umask:\t0022\n")
		_, err = p.Seek(fd, 6, vfs.SEEK_SET)
		require.NoError(t, err)
		require.Equal(t, whole[6:], readAll(t, p, fd))
		buf := make([]byte, 4)
		n, err := p.Pread(fd, buf, 0)
		require.NoError(t, err)
		require.Equal(t, "Name", string(buf[:n]))
		require.Contains(t, readFile(t, p, "/proc/self/status"), "Umask:\t0077\n")
	})

	t.Run("status_and_stat_are_read_only_EACCES_and_EINVAL_for_root", func(t *testing.T) {
		_, p := boot(t)
		u := forkAs(t, p, 1000, 1000)
		for _, path := range []string{"/proc/self/status", "/proc/self/stat", "/proc/self/cmdline"} {
			_, err := u.Open(path, vfs.O_WRONLY, 0)
			requireErrno(t, err, vfs.EACCES, path)
			fd, err := p.Open(path, vfs.O_WRONLY, 0) // root passes the mode bits, as on Linux
			require.NoError(t, err, path)
			_, err = p.Write(fd, []byte("x"))
			requireErrno(t, err, vfs.EINVAL, path)
			require.NoError(t, p.Close(fd))
		}
	})

	t.Run("cmdline_environ_comm_and_exe_follow_exec", func(t *testing.T) {
		k, p := boot(t)
		var got [4]string
		require.NoError(t, k.RegisterProgram("show-self", func(q *vfs.Process, argv, envv []string) int {
			got[0] = readFile(t, q, "/proc/self/cmdline")
			got[1] = readFile(t, q, "/proc/self/environ")
			got[2] = readFile(t, q, "/proc/self/comm")
			got[3] = readlink(t, q, "/proc/self/exe")
			return 0
		}))
		require.NoError(t, k.Install("/bin/a-rather-long-program-name", "show-self"))
		c, err := p.Fork()
		require.NoError(t, err)
		require.NoError(t, c.Exec("/bin/a-rather-long-program-name", []string{"prog", "-x", ""}, []string{"A=1", "B=2"}))
		c.Exit(0)
		p.Wait(c.Pid())
		require.Equal(t, "prog\x00-x\x00\x00", got[0])
		require.Equal(t, "A=1\x00B=2\x00", got[1])
		require.Equal(t, "a-rather-long-p\n", got[2], "comm is cut to 15 bytes")
		require.Equal(t, "/bin/a-rather-long-program-name", got[3])
	})

	t.Run("limits_shows_the_open_files_limit", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: 100, Max: 200}))
		require.Regexp(t, `(?m)^Max open files +100 +200 +files +$`, readFile(t, p, "/proc/self/limits"))
	})

	t.Run("mountinfo_lines_have_the_separator_and_the_types", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.Mkdir("/tmp/with space", 0o755))
		require.NoError(t, p.Mount("none", "/tmp/with space", "tmpfs", vfs.MS_NOSUID|vfs.MS_RDONLY, ""))
		mi := readFile(t, p, "/proc/self/mountinfo")
		require.Regexp(t, `(?m)^\d+ \d+ 0:\d+ / / rw - tmpfs none rw$`, mi)
		require.Regexp(t, `(?m)^\d+ \d+ 0:\d+ / /tmp/with\\040space ro,nosuid - tmpfs none ro$`, mi)
		require.Contains(t, readFile(t, p, "/proc/self/mounts"), "none /tmp/with\\040space tmpfs ro,nosuid 0 0\n")
	})

	t.Run("a_chrooted_process_sees_only_the_mounts_under_its_root", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.Mkdir("/tmp/jail", 0o755))
		require.NoError(t, p.Mkdir("/tmp/jail/proc", 0o755))
		require.NoError(t, p.Mount("proc", "/tmp/jail/proc", "proc", 0, ""))
		c, err := p.Fork()
		require.NoError(t, err)
		defer func() { c.Exit(0); p.Wait(c.Pid()) }()
		require.NoError(t, c.Chroot("/tmp/jail"))
		require.Equal(t, "proc /proc proc rw 0 0\n", readFile(t, c, "/proc/self/mounts"))
	})
}

func TestThreadDirectories(t *testing.T) {
	t.Run("link_counts_are_2_plus_subdirectories_and_threads", func(t *testing.T) {
		_, p := boot(t)
		for path, want := range map[string]uint64{
			"/proc/self":        5, // fd, fdinfo, task (Linux also has ns, net, attr, map_files: 9)
			"/proc/self/task":   3, // one thread (proc_task_getattr: 2 + threads)
			"/proc/self/task/1": 4, // fd, fdinfo
			"/proc/self/fd":     2,
		} {
			var st vfs.Stat_t
			require.NoError(t, p.Stat(path, &st))
			require.Equal(t, want, uint64(st.Nlink), path)
		}
	})
	t.Run("a_thread_directory_has_no_task_below_it", func(t *testing.T) {
		_, p := boot(t)
		names := listDir(t, p, "/proc/self/task/1")
		require.Contains(t, names, "status")
		require.NotContains(t, names, "task", "Linux's task/TID has no task/: a walk would never end")
		var st vfs.Stat_t
		require.ErrorIs(t, p.Stat("/proc/self/task/1/task", &st), vfs.ENOENT)
	})
	t.Run("the_listing_names_sys_by_its_own_inode_number", func(t *testing.T) {
		_, p := boot(t)
		fd, err := p.Open("/proc", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		require.NoError(t, err)
		defer p.Close(fd)
		buf := make([]byte, 1<<16)
		n, err := p.Getdents(fd, buf)
		require.NoError(t, err)
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/proc/sys", &st))
		found := false
		for b := buf[:n]; len(b) > 0; {
			ino := binary.NativeEndian.Uint64(b)
			reclen := int(binary.NativeEndian.Uint16(b[16:]))
			name := string(bytes.TrimRight(b[19:reclen], "\x00"))
			if name == "sys" {
				found = true
				require.Equal(t, st.Ino, ino)
			}
			b = b[reclen:]
		}
		require.True(t, found)
	})
}
