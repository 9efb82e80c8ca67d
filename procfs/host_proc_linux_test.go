package procfs_test

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// Host comparisons that need a second host process or a chrooted
// thread: what the differential harness, one process in one sandbox,
// cannot show.

// errName is an error's errno name on either side ("ENOENT"), or "ok".
func errName(err error) string {
	switch e := err.(type) {
	case nil:
		return "ok"
	case unix.Errno:
		return unix.ErrnoName(e)
	case vfs.Errno:
		return e.Name()
	}
	return err.Error()
}

// hostChild starts a host process that sleeps, as uid (when not 0).
func hostChild(t *testing.T, uid uint32) *exec.Cmd {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: starts a host process as another uid")
	}
	cmd := exec.Command("sleep", "60")
	if uid != 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid}}
	}
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

func TestHostProcessLifecycle(t *testing.T) {
	t.Run("a_reaped_process_reads_ESRCH_through_open_files_and_ENOENT_to_list", func(t *testing.T) {
		cmd := hostChild(t, 0)
		dir := "/proc/" + strconv.Itoa(cmd.Process.Pid)
		host := func() []string {
			st, err := unix.Open(dir+"/status", unix.O_RDONLY, 0)
			require.NoError(t, err)
			defer unix.Close(st)
			d, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY, 0)
			require.NoError(t, err)
			defer unix.Close(d)
			fdd, err := unix.Open(dir+"/fd", unix.O_RDONLY|unix.O_DIRECTORY, 0)
			require.NoError(t, err)
			defer unix.Close(fdd)
			require.NoError(t, cmd.Process.Kill())
			_ = cmd.Wait()
			buf := make([]byte, 4096)
			_, e1 := unix.Read(st, buf)
			_, e2 := unix.Pread(st, buf, 0)
			_, e3 := unix.Getdents(d, buf)
			_, e4 := unix.Getdents(fdd, buf)
			_, e5 := unix.Openat(d, "status", unix.O_RDONLY, 0)
			_, e6 := unix.Openat(d, "stat", unix.O_RDONLY, 0)
			var s unix.Stat_t
			e7 := unix.Stat(dir, &s)
			return []string{errName(e1), errName(e2), errName(e3), errName(e4), errName(e5), errName(e6), errName(e7)}
		}()

		_, p := boot(t)
		c, err := p.Fork()
		require.NoError(t, err)
		gdir := "/proc/" + strconv.Itoa(c.Pid())
		st, err := p.Open(gdir+"/status", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		d, err := p.Open(gdir, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		require.NoError(t, err)
		fdd, err := p.Open(gdir+"/fd", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		require.NoError(t, err)
		c.Exit(9)
		_, err = p.Wait(c.Pid())
		require.NoError(t, err)
		buf := make([]byte, 4096)
		_, e1 := p.Read(st, buf)
		_, e2 := p.Pread(st, buf, 0)
		_, e3 := p.Getdents(d, buf)
		_, e4 := p.Getdents(fdd, buf)
		_, e5 := p.Openat(d, "status", vfs.O_RDONLY, 0)
		_, e6 := p.Openat(d, "stat", vfs.O_RDONLY, 0)
		var s vfs.Stat_t
		e7 := p.Stat(gdir, &s)
		require.Equal(t, host, []string{errName(e1), errName(e2), errName(e3), errName(e4), errName(e5), errName(e6), errName(e7)},
			"read, pread, getdents of /proc/PID and of fd/, openat of a name looked up before and of a new one in it, stat of it")
	})

	t.Run("another_uids_pid_dir_and_entries_are_owned_by_it", func(t *testing.T) {
		cmd := hostChild(t, 65534)
		entries := []string{"", "/status", "/fd", "/fdinfo", "/cwd", "/environ", "/task"}
		owners := func(stat func(string, *unix.Stat_t) error, dir string) []string {
			var out []string
			for _, e := range entries {
				var st unix.Stat_t
				require.NoError(t, stat(dir+e, &st), e)
				out = append(out, e+":"+strconv.Itoa(int(st.Uid))+":"+strconv.Itoa(int(st.Gid)))
			}
			return out
		}
		host := owners(unix.Lstat, "/proc/"+strconv.Itoa(cmd.Process.Pid))

		_, p := boot(t)
		c := forkAs(t, p, 65534, 65534)
		defer func() { c.Exit(0); p.Wait(c.Pid()) }()
		ours := owners(func(path string, st *unix.Stat_t) error {
			var v vfs.Stat_t
			err := p.Lstat(path, &v)
			st.Uid, st.Gid = v.Uid, v.Gid
			return err
		}, "/proc/"+strconv.Itoa(c.Pid()))
		require.Equal(t, host, ours)
	})

	t.Run("stat_has_the_52_fields_of_proc_pid_stat", func(t *testing.T) {
		host, err := os.ReadFile("/proc/self/stat")
		require.NoError(t, err)
		_, p := boot(t)
		ours := readFile(t, p, "/proc/self/stat")
		for _, s := range []string{string(host), ours} {
			rest := s[strings.LastIndexByte(s, ')')+2:] // comm may hold spaces
			require.Len(t, strings.Fields(rest), 50, "fields 3..52 after pid and (comm)")
			require.True(t, strings.HasSuffix(s, "\n"))
		}
	})
}

// TestHostChrootEscapes runs the same walks as a chrooted host thread
// (unshare(CLONE_FS), then chroot: the rest of the test binary keeps
// its root) and a chrooted govfs process, both holding a /proc fd and
// an fd of a file outside the jail opened before the chroot.
func TestHostChrootEscapes(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: chroot")
	}
	base, err := os.MkdirTemp("/dev/shm", "procjail-")
	require.NoError(t, err)
	defer os.RemoveAll(base)
	require.NoError(t, os.MkdirAll(base+"/jail/sub", 0o755))
	require.NoError(t, os.WriteFile(base+"/out", []byte("outside"), 0o644))

	type side struct {
		readlink func(path string) string
		read     func(path string) string
		ino      func(path string) uint64
	}
	walks := func(s side, self string, out, sub int) []string {
		fd := func(n int) string { return self + "/fd/" + strconv.Itoa(n) }
		return []string{
			"root:" + s.readlink(self+"/root"),
			"cwd:" + s.readlink(self+"/cwd"),
			"sub fd:" + s.readlink(fd(sub)),
			"outside file through its fd:" + s.read(fd(out)),
			"root/.. is the jail:" + strconv.FormatBool(s.ino(self+"/root/..") == s.ino(self+"/root")),
			"fd/sub/../.. is the jail:" + strconv.FormatBool(s.ino(fd(sub)+"/../..") == s.ino(self+"/root")),
			"fd/sub/../../.. stays:" + strconv.FormatBool(s.ino(fd(sub)+"/../../..") == s.ino(self+"/root")),
		}
	}

	var host []string
	outLink := ""
	func() {
		out, err := unix.Open(base+"/out", unix.O_RDONLY, 0)
		require.NoError(t, err)
		defer unix.Close(out)
		proc, err := unix.Open("/proc", unix.O_RDONLY|unix.O_DIRECTORY, 0)
		require.NoError(t, err)
		defer unix.Close(proc)
		sub, err := unix.Open(base+"/jail/sub", unix.O_RDONLY|unix.O_DIRECTORY, 0)
		require.NoError(t, err)
		defer unix.Close(sub)
		done := make(chan struct{})
		go func() { // the thread is never unlocked: it dies chrooted
			defer close(done)
			runtime.LockOSThread()
			require.NoError(t, unix.Unshare(unix.CLONE_FS))
			require.NoError(t, unix.Chroot(base+"/jail"))
			require.NoError(t, unix.Chdir("/sub"))
			hs := side{
				readlink: func(path string) string {
					buf := make([]byte, 256)
					n, err := unix.Readlinkat(proc, path, buf)
					if err != nil {
						return errName(err)
					}
					return string(buf[:n])
				},
				read: func(path string) string {
					fd, err := unix.Openat(proc, path, unix.O_RDONLY, 0)
					if err != nil {
						return errName(err)
					}
					defer unix.Close(fd)
					buf := make([]byte, 64)
					n, _ := unix.Read(fd, buf)
					return string(buf[:n])
				},
				ino: func(path string) uint64 {
					var st unix.Stat_t
					if unix.Fstatat(proc, path, &st, 0) != nil {
						return 0
					}
					return st.Ino
				},
			}
			host = walks(hs, "thread-self", out, sub)
			outLink = hs.readlink("thread-self/fd/" + strconv.Itoa(out))
		}()
		<-done
	}()
	t.Logf("host walks: %q", host)
	require.Equal(t, base+"/out", outLink, "a file outside the jail reads as its full path")

	_, p := boot(t)
	gbase := "/tmp/procjail" // /dev is devfs in govfs
	require.NoError(t, p.MkdirAll(gbase+"/jail/sub", 0o755))
	require.NoError(t, p.WriteFile(gbase+"/out", []byte("outside"), 0o644))
	out, err := p.Open(gbase+"/out", vfs.O_RDONLY, 0)
	require.NoError(t, err)
	proc, err := p.Open("/proc", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err)
	sub, err := p.Open(gbase+"/jail/sub", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err)
	c, err := p.Fork()
	require.NoError(t, err)
	defer func() { c.Exit(0); p.Wait(c.Pid()) }()
	require.NoError(t, c.Chroot(gbase+"/jail"))
	require.NoError(t, c.Chdir("/sub"))
	gs := side{
		readlink: func(path string) string {
			buf := make([]byte, 256)
			n, err := c.Readlinkat(proc, path, buf)
			if err != nil {
				return errName(err)
			}
			return string(buf[:n])
		},
		read: func(path string) string {
			fd, err := c.Openat(proc, path, vfs.O_RDONLY, 0)
			if err != nil {
				return errName(err)
			}
			defer c.Close(fd)
			buf := make([]byte, 64)
			n, _ := c.Read(fd, buf)
			return string(buf[:n])
		},
		ino: func(path string) uint64 {
			var st vfs.Stat_t
			if c.Fstatat(proc, path, &st, 0) != nil {
				return 0
			}
			return st.Ino
		},
	}
	require.Equal(t, host, walks(gs, "thread-self", out, sub))
	require.Equal(t, gbase+"/out", gs.readlink("thread-self/fd/"+strconv.Itoa(out)))
}
