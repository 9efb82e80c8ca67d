//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// /proc/sys and /sys against the host's: only what does not depend on
// the host's tuning is recorded (modes, sizes, errnos, fixed values);
// the writes the host sees are refused ones, so nothing there changes.
var sysctlScenarios = []vfstest.Scenario{
	sc("proc_sys_files_are_size_0_with_linux_modes", func(s *vfstest.Session) {
		s.Stat("/proc/sys/fs/pipe-max-size")
		s.Stat("/proc/sys/fs/file-nr")
		s.Stat("/proc/sys/kernel/ostype")
		s.Stat("/proc/sys/net/core/wmem_max")
		s.Stat("/proc/sys/fs")
		s.Stat("/proc/sys/fs/no-such-knob")
	}),
	sc("proc_sys_ostype_reads_Linux_and_refuses_root_writes", func(s *vfstest.Session) {
		fd := s.Open("/proc/sys/kernel/ostype", unix.O_RDONLY, 0)
		s.Read(fd, 2)
		s.Pread(fd, 10, 1)
		s.Seek(fd, 0, unix.SEEK_END)
		s.Seek(fd, 3, unix.SEEK_END)
		s.Seek(fd, 0, unix.SEEK_DATA)
		s.Seek(fd, -1, unix.SEEK_HOLE)
		s.Read(fd, 10)
		s.Open("/proc/sys/kernel/ostype", unix.O_WRONLY, 0)
		s.Open("/proc/sys/fs/file-nr", unix.O_RDWR, 0)
	}),
	sc("proc_sys_bad_values_are_EINVAL", func(s *vfstest.Session) {
		fd := s.Open("/proc/sys/kernel/pid_max", unix.O_WRONLY, 0)
		s.Write(fd, "lots")
		s.Write(fd, "1")
		s.Write(fd, "-1")
		s.Write(fd, "\n")
		s.Write(fd, "32768x")
		s.Write(fd, "99999999999999999999999")
		s.Write(fd, "")
		fd2 := s.Open("/proc/sys/fs/protected_symlinks", unix.O_WRONLY, 0)
		s.Write(fd2, "2")
		s.Write(fd2, "+1")
	}),
	sc("proc_sys_protected_regular_and_fifos_take_0_to_2", func(s *vfstest.Session) {
		for _, knob := range []string{"/proc/sys/fs/protected_regular", "/proc/sys/fs/protected_fifos"} {
			s.Stat(knob)
			fd := s.Open(knob, unix.O_WRONLY, 0)
			s.Write(fd, "3")
			s.Write(fd, "-1")
			s.Write(fd, "two")
		}
	}),
	sc("sys_mem_devices_have_their_numbers", func(s *vfstest.Session) {
		fd := s.Open("/sys/class/mem/null/dev", unix.O_RDONLY, 0)
		s.Read(fd, 100)
		s.Seek(fd, 0, unix.SEEK_END)
		s.Pread(fd, 10, 2)
		s.Stat("/sys/devices/virtual/mem/zero/dev")
		s.Readlink("/sys/class/mem/urandom", 100)
		s.Open("/sys/devices/virtual/mem/zero/dev", unix.O_WRONLY, 0)
		s.Stat("/sys/kernel/address_bits")
		s.Stat("/sys/class/mem/nope")
	}),
}
