package devfs_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// openpt is posix_openpt + grantpt + unlockpt + ptsname: the master's
// fd and the slave's path.
func openpt(t *testing.T, p *vfs.Process) (int, string) {
	t.Helper()
	m := open(t, p, "/dev/ptmx", vfs.O_RDWR|vfs.O_NOCTTY)
	n, err := p.IoctlGetInt(m, vfs.TIOCGPTN)
	require.NoError(t, err)
	require.NoError(t, p.IoctlSetPointerInt(m, vfs.TIOCSPTLCK, 0))
	return m, "/dev/pts/" + strconv.Itoa(n)
}

func setNonblock(t *testing.T, p *vfs.Process, fd int) {
	t.Helper()
	fl, err := p.FcntlInt(uintptr(fd), vfs.F_GETFL, 0)
	require.NoError(t, err)
	_, err = p.FcntlInt(uintptr(fd), vfs.F_SETFL, fl|vfs.O_NONBLOCK)
	require.NoError(t, err)
}

// Pseudo-terminals against pty(7), and what the host kernel showed for
// the same calls (posix_openpt through open("/dev/ptmx")).
func TestPty(t *testing.T) {
	t.Run("ptmx_makes_a_locked_slave_numbered_from_0", func(t *testing.T) {
		_, p := boot(t)
		m := open(t, p, "/dev/ptmx", vfs.O_RDWR)
		n, err := p.IoctlGetInt(m, vfs.TIOCGPTN)
		require.NoError(t, err)
		require.Zero(t, n)
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/dev/pts/0", &st))
		require.EqualValues(t, vfs.S_IFCHR|0o600, st.Mode)
		require.Equal(t, vfs.Mkdev(136, 0), st.Rdev)
		require.NoError(t, p.Fstat(m, &st))
		require.Equal(t, vfs.Mkdev(5, 2), st.Rdev, "the master's inode is /dev/ptmx")
		lk, err := p.IoctlGetInt(m, vfs.TIOCGPTLCK)
		require.NoError(t, err)
		require.Equal(t, 1, lk)
		_, err = p.Open("/dev/pts/0", vfs.O_RDWR, 0)
		requireErrno(t, err, vfs.EIO, "a locked slave")
		m2 := open(t, p, "/dev/ptmx", vfs.O_RDWR)
		n, err = p.IoctlGetInt(m2, vfs.TIOCGPTN)
		require.NoError(t, err)
		require.Equal(t, 1, n)
	})

	t.Run("master_and_slave_talk_through_the_line_discipline", func(t *testing.T) {
		_, p := boot(t)
		m, name := openpt(t, p)
		s := open(t, p, name, vfs.O_RDWR|vfs.O_NOCTTY)
		write(t, p, m, "abc\n")
		require.Equal(t, "abc\n", read(t, p, s, 100))
		require.Equal(t, "abc\r\n", read(t, p, m, 100), "the echo, through ONLCR")
		write(t, p, s, "x\ny")
		require.Equal(t, "x\r\ny", read(t, p, m, 100))
		setNonblock(t, p, s)
		write(t, p, m, "partial")
		_, err := p.Read(s, make([]byte, 10))
		requireErrno(t, err, vfs.EAGAIN, "canonical mode waits for the newline")
		n, err := p.IoctlGetInt(s, vfs.FIONREAD)
		require.NoError(t, err)
		require.Zero(t, n)
		require.Equal(t, "partial", read(t, p, m, 100))
		_, err = p.IoctlGetInt(s, vfs.TIOCGPTN)
		requireErrno(t, err, vfs.ENOTTY, "TIOCGPTN is the master's")
		tio, err := p.IoctlGetTermios(m, vfs.TCGETS)
		require.NoError(t, err)
		tio.Lflag &^= vfs.ICANON | vfs.ECHO
		require.NoError(t, p.IoctlSetTermios(m, vfs.TCSETS, tio), "the master sets the slave's termios")
		write(t, p, m, "raw")
		require.Equal(t, "partialraw", read(t, p, s, 100))
		n, err = p.IoctlGetInt(m, vfs.FIONREAD)
		require.NoError(t, err)
		require.Zero(t, n, "no echo")
	})

	t.Run("master_reads_EIO_after_the_slave_closes", func(t *testing.T) {
		_, p := boot(t)
		m, name := openpt(t, p)
		setNonblock(t, p, m)
		_, err := p.Read(m, make([]byte, 10))
		requireErrno(t, err, vfs.EAGAIN, "before the slave was ever opened")
		s := open(t, p, name, vfs.O_RDWR)
		fds := []vfs.PollFd{{Fd: int32(m), Events: vfs.POLLIN | vfs.POLLOUT}}
		_, err = p.Poll(fds, 0)
		require.NoError(t, err)
		require.EqualValues(t, vfs.POLLOUT, fds[0].Revents)
		write(t, p, s, "last")
		require.NoError(t, p.Close(s))
		_, err = p.Poll(fds, 0)
		require.NoError(t, err)
		require.EqualValues(t, vfs.POLLIN|vfs.POLLOUT|vfs.POLLHUP, fds[0].Revents)
		require.Equal(t, "last", read(t, p, m, 100))
		_, err = p.Read(m, make([]byte, 10))
		requireErrno(t, err, vfs.EIO)
		write(t, p, m, "z\n") // still taken, held for the slave
		_, err = p.Read(m, make([]byte, 10))
		requireErrno(t, err, vfs.EIO, "nothing echoed while the slave is closed")
		s = open(t, p, name, vfs.O_RDWR)
		require.Equal(t, "z\n", read(t, p, s, 10), "the slave, open again, reads what was held")
		require.Equal(t, "z\r\n", read(t, p, m, 10), "and the echo comes then")
		require.NoError(t, p.Close(s))
	})

	t.Run("closing_the_master_hangs_up_the_slave", func(t *testing.T) {
		_, p := boot(t)
		m, name := openpt(t, p)
		s := open(t, p, name, vfs.O_RDWR)
		done := make(chan string)
		go func() { done <- read(t, p, s, 10) }()
		require.NoError(t, p.Close(m))
		select {
		case got := <-done:
			require.Equal(t, "", got, "a blocked slave read ends at the hangup")
		case <-time.After(5 * time.Second):
			t.Fatal("the hangup did not wake the slave's reader")
		}
		_, err := p.Write(s, []byte("z"))
		requireErrno(t, err, vfs.EIO)
		var st vfs.Stat_t
		requireErrno(t, p.Stat(name, &st), vfs.ENOENT, "the slave's node is gone")
		_, err = p.Open(name, vfs.O_RDWR, 0)
		requireErrno(t, err, vfs.ENOENT)
		require.NoError(t, p.Close(s))
		m2, name2 := openpt(t, p)
		require.Equal(t, name, name2, "the number is free again")
		require.NoError(t, p.Close(m2))
	})

	t.Run("devpts_lists_ptmx_and_the_live_slaves", func(t *testing.T) {
		_, p := boot(t)
		m0, _ := openpt(t, p)
		m1, _ := openpt(t, p)
		require.NoError(t, p.Close(m0))
		fd := open(t, p, "/dev/pts", vfs.O_RDONLY|vfs.O_DIRECTORY)
		buf := make([]byte, 4096)
		n, err := p.Getdents(fd, buf)
		require.NoError(t, err)
		_, _, names := vfs.ParseDirent(buf[:n], -1, nil)
		require.Equal(t, []string{"ptmx", "1"}, names)
		var sf vfs.Statfs_t
		require.NoError(t, p.Statfs("/dev/pts", &sf))
		require.EqualValues(t, vfs.DEVPTS_SUPER_MAGIC, sf.Type)
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/dev/pts/ptmx", &st))
		require.EqualValues(t, vfs.S_IFCHR, st.Mode, "ptmxmode=000")
		m2 := open(t, p, "/dev/pts/ptmx", vfs.O_RDWR) // root passes mode 0
		num, err := p.IoctlGetInt(m2, vfs.TIOCGPTN)
		require.NoError(t, err)
		require.Zero(t, num)
		requireErrno(t, p.Mknod("/dev/pts/x", vfs.S_IFCHR|0o600, int(vfs.Mkdev(1, 3))), vfs.EPERM, "devpts makes no names")
		require.NoError(t, p.Close(m1))
	})

	t.Run("a_ptmx_without_pts_beside_it_opens_nothing", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.Mknod("/tmp/ptmx", vfs.S_IFCHR|0o666, int(vfs.Mkdev(5, 2))))
		_, err := p.Open("/tmp/ptmx", vfs.O_RDWR, 0)
		requireErrno(t, err, vfs.ENOENT, "devpts_ptmx_path: no /tmp/pts")
		require.NoError(t, p.Mkdir("/tmp/pts", 0o755))
		_, err = p.Open("/tmp/ptmx", vfs.O_RDWR, 0)
		requireErrno(t, err, vfs.ENODEV, "/tmp/pts is no devpts")
		require.NoError(t, p.Mount("devpts", "/tmp/pts", "devpts", 0, ""))
		m := open(t, p, "/tmp/ptmx", vfs.O_RDWR)
		require.NoError(t, p.Close(m))
		require.NoError(t, p.Mknod("/tmp/slave", vfs.S_IFCHR|0o666, int(vfs.Mkdev(136, 0))))
		m, _ = openpt(t, p)
		_, err = p.Open("/tmp/slave", vfs.O_RDWR, 0)
		requireErrno(t, err, vfs.EIO, "a slave's number outside devpts")
		require.NoError(t, p.Close(m))
	})
}
