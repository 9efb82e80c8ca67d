//go:build linux

package vfstest_test

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Pseudo-terminals: posix_openpt as open("/dev/ptmx"), unlockpt as
// TIOCSPTLCK, ptsname as TIOCGPTN (the number itself is never recorded:
// the host's depends on the machine). Reads that wait for data are
// blocking, so the host's asynchronous line discipline has delivered
// them; nothing is asserted about data still on its way.
var ptyScenarios = []vfstest.Scenario{
	sc("pty_slave_is_locked_until_unlockpt", func(s *vfstest.Session) {
		m := s.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY, 0)
		name := s.Ptsname(m)
		s.IoctlGetInt(m, unix.TIOCGPTLCK)
		s.Open(name, unix.O_RDWR|unix.O_NOCTTY, 0)
		s.IoctlSetPointerInt(m, unix.TIOCSPTLCK, 0)
		s.IoctlGetInt(m, unix.TIOCGPTLCK)
		sl := s.Open(name, unix.O_RDWR|unix.O_NOCTTY, 0)
		var st vfstest.StatT // not recorded: st_rdev is 136:N
		s.Note("slave stat ok", s.Sys().Stat(name, &st) == nil)
		s.Note("slave mode", fmt.Sprintf("%#o", st.Mode))
		s.Note("slave major", unix.Major(st.Rdev))
		s.Fstat(m)
		s.IoctlGetInt(sl, unix.TIOCGPTN)
		s.Seek(m, 0, unix.SEEK_SET)
		s.Pread(sl, 4, 0)
	}),
	sc("pty_echo_canonical_lines_and_onlcr", func(s *vfstest.Session) {
		m := s.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY, 0)
		name := s.Ptsname(m)
		s.IoctlSetPointerInt(m, unix.TIOCSPTLCK, 0)
		sl := s.Open(name, unix.O_RDWR|unix.O_NOCTTY, 0)
		s.Write(m, "abc\n")
		s.Read(sl, 100)
		s.Settle(m, 5)
		s.Read(m, 100) // the echo: "abc\r\n"
		s.Write(sl, "x\ny")
		s.Settle(m, 4)
		s.Read(m, 100)
	}),
	sc("pty_partial_line_is_not_readable_in_canonical_mode", func(s *vfstest.Session) {
		m := s.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY, 0)
		name := s.Ptsname(m)
		s.IoctlSetPointerInt(m, unix.TIOCSPTLCK, 0)
		sl := s.Open(name, unix.O_RDWR|unix.O_NOCTTY|unix.O_NONBLOCK, 0)
		s.Write(m, "partial")
		s.Read(sl, 100)
		s.IoctlGetInt(sl, vfstest.FIONREAD)
	}),
	sc("pty_master_reads_EIO_after_the_slave_closes", func(s *vfstest.Session) {
		m := s.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY, 0)
		name := s.Ptsname(m)
		s.IoctlSetPointerInt(m, unix.TIOCSPTLCK, 0)
		sl := s.Open(name, unix.O_RDWR|unix.O_NOCTTY, 0)
		s.Poll(pfds(m, unix.POLLIN|unix.POLLOUT), 0)
		s.Write(sl, "last")
		s.Settle(m, 4)
		s.Close(sl)
		s.Poll(pfds(m, unix.POLLIN|unix.POLLOUT), 0)
		s.Read(m, 100)
		s.Read(m, 100)
		s.Write(m, "z")
	}),
	sc("pty_closing_the_master_hangs_up_the_slave", func(s *vfstest.Session) {
		m := s.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY, 0)
		name := s.Ptsname(m)
		s.IoctlSetPointerInt(m, unix.TIOCSPTLCK, 0)
		sl := s.Open(name, unix.O_RDWR|unix.O_NOCTTY, 0)
		s.Close(m)
		s.Read(sl, 10)
		s.Write(sl, "z")
		s.Stat(name)
		s.Open(name, unix.O_RDWR, 0)
	}),
	sc("ptmx_without_a_devpts_beside_it_opens_nothing", func(s *vfstest.Session) {
		s.NeedRoot("mknod of a device node")
		s.Mknod("ptmx", unix.S_IFCHR|0o666, int(unix.Mkdev(5, 2)))
		s.Open("ptmx", unix.O_RDWR, 0)
		s.Mkdir("pts", 0o755)
		s.Open("ptmx", unix.O_RDWR, 0)
	}),
	sc("pty_ioctls_on_other_files_are_ENOTTY", func(s *vfstest.Session) {
		fd := s.Open("/dev/null", unix.O_RDONLY, 0)
		s.IoctlGetInt(fd, unix.TIOCGPTN)
		s.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0)
		s.IoctlGetInt(fd, unix.TCGETS)
	}),
}
