package procfs_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func TestAccess(t *testing.T) {
	t.Run("a_pid_dir_is_owned_by_the_process_euid", func(t *testing.T) {
		_, p := boot(t)
		c := forkAs(t, p, 1000, 100)
		defer func() { c.Exit(0); p.Wait(c.Pid()) }()
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/proc/"+strconv.Itoa(c.Pid()), &st))
		require.Equal(t, uint32(1000), st.Uid)
		require.Equal(t, uint32(100), st.Gid)
		require.Equal(t, uint32(vfs.S_IFDIR|0o555), st.Mode)
	})

	t.Run("another_uid_gets_EACCES_for_the_private_entries", func(t *testing.T) {
		_, p := boot(t)
		c := forkAs(t, p, 65534, 65534)
		defer func() { c.Exit(0); p.Wait(c.Pid()) }()
		buf := make([]byte, 64)
		for _, name := range []string{"cwd", "root", "exe", "fd/0"} {
			_, err := c.Readlink("/proc/1/"+name, buf)
			requireErrno(t, err, vfs.EACCES, name)
		}
		for _, name := range []string{"fd", "fdinfo"} {
			_, err := c.Open("/proc/1/"+name, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
			requireErrno(t, err, vfs.EACCES, name)
		}
		_, err := c.Open("/proc/1/environ", vfs.O_RDONLY, 0)
		requireErrno(t, err, vfs.EACCES)
		_, err = c.Open("/proc/1/cwd", vfs.O_RDONLY, 0)
		requireErrno(t, err, vfs.EACCES, "following is refused too")
		require.Contains(t, readFile(t, c, "/proc/1/status"), "Pid:\t1\n", "status is public")
	})

	t.Run("the_same_uid_and_root_may_look", func(t *testing.T) {
		_, p := boot(t)
		c := forkAs(t, p, 1000, 1000)
		defer func() { c.Exit(0); p.Wait(c.Pid()) }()
		require.Equal(t, "/", readlink(t, c, "/proc/self/cwd"))
		require.NotEmpty(t, listDir(t, c, "/proc/self/fd"))
		require.Equal(t, "/", readlink(t, p, "/proc/"+strconv.Itoa(c.Pid())+"/root"))
		require.NotEmpty(t, listDir(t, p, "/proc/"+strconv.Itoa(c.Pid())+"/fd"))
	})

	t.Run("a_setuid_gives_the_pid_dir_its_new_owner", func(t *testing.T) {
		_, p := boot(t)
		c, err := p.Fork()
		require.NoError(t, err)
		defer func() { c.Exit(0); p.Wait(c.Pid()) }()
		dir := "/proc/" + strconv.Itoa(c.Pid())
		var st vfs.Stat_t
		require.NoError(t, p.Stat(dir, &st))
		require.Zero(t, st.Uid)
		require.NoError(t, c.Setuid(42))
		require.NoError(t, p.Stat(dir, &st))
		require.Equal(t, uint32(42), st.Uid)
	})
}

func TestConfinement(t *testing.T) {
	jail := func(t *testing.T) (*vfs.Process, *vfs.Process) {
		_, p := boot(t)
		require.NoError(t, p.MkdirAll("/tmp/jail/proc", 0o755))
		require.NoError(t, p.Mount("proc", "/tmp/jail/proc", "proc", 0, ""))
		require.NoError(t, p.WriteFile("/tmp/outside", []byte("secret"), 0o644))
		c, err := p.Fork()
		require.NoError(t, err)
		t.Cleanup(func() { c.Exit(0); p.Wait(c.Pid()) })
		require.NoError(t, c.Chroot("/tmp/jail"))
		require.NoError(t, c.Chdir("/"))
		return p, c
	}

	t.Run("proc_self_root_of_a_chrooted_process_is_its_jail", func(t *testing.T) {
		_, c := jail(t)
		require.Equal(t, "/", readlink(t, c, "/proc/self/root"))
		require.Equal(t, []string{"proc"}, listDir(t, c, "/proc/self/root/"))
		var st vfs.Stat_t
		requireErrno(t, c.Stat("/proc/self/root/../tmp", &st), vfs.ENOENT, ".. stops at the jail's root")
	})

	t.Run("proc_1_cwd_lets_root_out_of_a_chroot_as_on_linux", func(t *testing.T) {
		_, c := jail(t)
		require.Equal(t, "secret", readFile(t, c, "/proc/1/cwd/tmp/outside"))
		require.Equal(t, "secret", readFile(t, c, "/proc/1/root/tmp/outside"))
		var st vfs.Stat_t
		require.NoError(t, c.Stat("/proc/1/cwd/tmp/..", &st), "after the jump .. climbs outside the jail")
	})

	t.Run("an_fd_link_to_a_file_outside_the_jail_reaches_it", func(t *testing.T) {
		p, _ := jail(t)
		fd, err := p.Open("/tmp/outside", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		c, err := p.Fork() // inherits the fd, then is jailed
		require.NoError(t, err)
		defer func() { c.Exit(0); p.Wait(c.Pid()) }()
		require.NoError(t, c.Chroot("/tmp/jail"))
		require.Equal(t, "secret", readFile(t, c, fdPath(fd)))
	})

	t.Run("scoped_lookups_refuse_magic_links_EXDEV", func(t *testing.T) {
		_, p := boot(t)
		fd, err := p.Open("/tmp", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		dir, err := p.Open("/proc", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		require.NoError(t, err)
		for _, res := range []uint64{vfs.RESOLVE_BENEATH, vfs.RESOLVE_IN_ROOT} {
			_, err := p.Openat2(dir, "self/fd/"+strconv.Itoa(fd), &vfs.OpenHow{Resolve: res})
			requireErrno(t, err, vfs.EXDEV)
		}
		_, err = p.Openat2(vfs.AT_FDCWD, "/proc/self/cwd", &vfs.OpenHow{Resolve: vfs.RESOLVE_NO_XDEV})
		requireErrno(t, err, vfs.EXDEV)
	})
}

func TestConcurrentExitsWhileListing(t *testing.T) {
	k, p := boot(t)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 4096)
		for {
			select {
			case <-stop:
				return
			default:
			}
			for _, pid := range k.Processes() {
				dir := "/proc/" + strconv.Itoa(pid)
				p.ReadFile(dir + "/status")
				p.ReadFile(dir + "/stat")
				p.Readlink(dir+"/cwd", buf)
				if fd, err := p.Open(dir+"/fd", vfs.O_RDONLY|vfs.O_DIRECTORY, 0); err == nil {
					p.Getdents(fd, buf)
					p.Close(fd)
				}
			}
			if fd, err := p.Open("/proc", vfs.O_RDONLY|vfs.O_DIRECTORY, 0); err == nil {
				p.Getdents(fd, buf)
				p.Close(fd)
			}
		}
	}()
	for range 200 {
		c, err := p.Fork()
		require.NoError(t, err)
		c.Open("/tmp", vfs.O_RDONLY, 0)
		c.Exit(0)
		_, err = p.Wait(c.Pid())
		require.NoError(t, err)
	}
	close(stop)
	wg.Wait()
}
