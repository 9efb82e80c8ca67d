//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Device files: /dev's memory devices and terminals, and device nodes
// made with mknod in the sandbox, which reach the same drivers. Only
// the host's /dev entries that govfs's devfs also has are touched, and
// none is changed: chmod and chown go to copies made with mknod.
var devScenarios = []vfstest.Scenario{
	sc("dev_null_reads_end_of_file_and_swallows_writes", func(s *vfstest.Session) {
		fd := s.Open("/dev/null", unix.O_RDWR, 0)
		s.Read(fd, 100)
		s.Write(fd, "into the void")
		s.Write(fd, "")
		s.Read(fd, 100)
		s.Fstat(fd)
	}),
	sc("dev_null_pread_and_pwrite_at_any_offset", func(s *vfstest.Session) {
		fd := s.Open("/dev/null", unix.O_RDWR, 0)
		s.Pread(fd, 10, 1<<40)
		s.Pwrite(fd, "abc", 12345)
		s.Pread(fd, 10, -1)
		s.Pwrite(fd, "abc", -1)
	}),
	sc("dev_null_opened_read_only_refuses_writes_EBADF", func(s *vfstest.Session) {
		r := s.Open("/dev/null", unix.O_RDONLY, 0)
		s.Write(r, "x")
		w := s.Open("/dev/null", unix.O_WRONLY, 0)
		s.Read(w, 1)
		s.Fcntl(r, unix.F_GETFL, 0)
		s.Fcntl(w, unix.F_GETFL, 0)
	}),
	sc("dev_null_open_flags_O_CREAT_O_TRUNC_O_EXCL_O_DIRECTORY", func(s *vfstest.Session) {
		s.Open("/dev/null", unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC, 0o644)
		s.Open("/dev/null", unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL, 0o644)
		s.Open("/dev/null", unix.O_RDONLY|unix.O_DIRECTORY, 0)
		s.Open("/dev/null/x", unix.O_RDONLY, 0)
		s.Open("/dev/null", unix.O_PATH, 0)
		s.Stat("/dev/null")
	}),
	sc("dev_zero_reads_fill_the_buffer_with_zeros", func(s *vfstest.Session) {
		fd := s.Open("/dev/zero", unix.O_RDWR, 0)
		s.Read(fd, 16)
		s.Read(fd, 0)
		s.Pread(fd, 8, 1<<30)
		s.Readv(fd, 3, 0, 5)
		s.Write(fd, "swallowed")
		s.Read(fd, 4)
	}),
	sc("dev_zero_large_read_is_whole", func(s *vfstest.Session) {
		fd := s.Open("/dev/zero", unix.O_RDONLY, 0)
		buf := make([]byte, 1<<17)
		n, err := s.Sys().Read(fd, buf)
		s.Result("read(/dev/zero, 128KiB)", err)
		s.Note("bytes read", n)
		s.Note("all zero", allZero(buf[:n]))
	}),
	sc("dev_full_write_is_ENOSPC_even_an_empty_one", func(s *vfstest.Session) {
		fd := s.Open("/dev/full", unix.O_RDWR, 0)
		s.Write(fd, "x")
		s.Write(fd, "")
		s.Pwrite(fd, "x", 10)
		s.Writev(fd, "a", "b")
	}),
	sc("dev_full_reads_zeros", func(s *vfstest.Session) {
		fd := s.Open("/dev/full", unix.O_RDONLY, 0)
		s.Read(fd, 12)
		s.Pread(fd, 3, 99)
	}),
	sc("dev_urandom_read_fills_the_whole_buffer", func(s *vfstest.Session) {
		for _, dev := range []string{"/dev/urandom", "/dev/random"} {
			fd := s.Open(dev, unix.O_RDONLY, 0)
			for _, size := range []int{1, 512, 1 << 16} {
				buf := make([]byte, size)
				n, err := s.Sys().Read(fd, buf)
				s.Result("read("+dev+")", err)
				s.Note("asked, got", [2]int{size, n})
			}
			s.Close(fd)
		}
	}),
	sc("dev_urandom_accepts_writes", func(s *vfstest.Session) {
		fd := s.Open("/dev/urandom", unix.O_WRONLY, 0)
		s.Write(fd, "not much entropy")
		s.Write(fd, "")
	}),
	sc("lseek_on_dev_null_always_lands_on_0", func(s *vfstest.Session) {
		fd := s.Open("/dev/null", unix.O_RDWR, 0)
		s.Seek(fd, 100, unix.SEEK_SET)
		s.Seek(fd, 5, unix.SEEK_CUR)
		s.Seek(fd, -5, unix.SEEK_SET)
		s.Seek(fd, 0, unix.SEEK_END)
		s.Seek(fd, 0, unix.SEEK_DATA)
		s.Seek(fd, 0, unix.SEEK_HOLE)
		s.Seek(fd, 0, 99)
	}),
	sc("lseek_on_zero_full_and_urandom_lands_on_0", func(s *vfstest.Session) {
		for _, dev := range []string{"/dev/zero", "/dev/full", "/dev/urandom"} {
			fd := s.Open(dev, unix.O_RDONLY, 0)
			s.Read(fd, 0)
			s.Seek(fd, 4096, unix.SEEK_SET)
			s.Seek(fd, 1, unix.SEEK_CUR)
			s.Seek(fd, -1, unix.SEEK_END)
			s.Seek(fd, 0, 5)
			s.Close(fd)
		}
	}),
	sc("stat_of_the_memory_devices", func(s *vfstest.Session) {
		for _, dev := range []string{"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"} {
			s.Stat(dev)
		}
	}),
	sc("stat_of_tty_and_console", func(s *vfstest.Session) {
		s.Stat("/dev/tty")
		s.Stat("/dev/console")
	}),
	sc("fstat_of_an_open_device_is_its_node", func(s *vfstest.Session) {
		fd := s.Open("/dev/zero", unix.O_RDONLY, 0)
		st := s.Fstat(fd)
		s.Note("same inode as the path", st.Ino == s.Stat("/dev/zero").Ino)
	}),
	sc("dev_fd_and_stdio_are_symlinks_into_proc", func(s *vfstest.Session) {
		for _, l := range []string{"/dev/fd", "/dev/stdin", "/dev/stdout", "/dev/stderr"} {
			s.Lstat(l)
			s.Readlink(l, 64)
		}
	}),
	sc("ioctl_tty_requests_on_memory_devices_are_ENOTTY", func(s *vfstest.Session) {
		for _, dev := range []string{"/dev/null", "/dev/zero", "/dev/full"} {
			fd := s.Open(dev, unix.O_RDONLY, 0)
			s.IoctlGetInt(fd, unix.TCGETS)
			s.IoctlGetInt(fd, unix.TIOCGPGRP)
			s.IoctlGetInt(fd, vfstest.FIONREAD)
			s.IoctlGetInt(fd, unix.BLKSSZGET)
			s.Close(fd)
		}
	}),
	sc("ioctl_on_urandom_unknown_requests_are_EINVAL", func(s *vfstest.Session) {
		fd := s.Open("/dev/urandom", unix.O_RDONLY, 0)
		s.IoctlGetInt(fd, unix.TCGETS)
		s.IoctlGetInt(fd, vfstest.FIONREAD)
	}),
	sc("ioctl_tty_requests_on_files_and_pipes_are_ENOTTY", func(s *vfstest.Session) {
		s.WriteFile("f", "hello", 0o644)
		f := s.Open("f", unix.O_RDONLY, 0)
		s.IoctlGetInt(f, unix.TCGETS)
		s.IoctlGetInt(f, unix.TIOCGWINSZ)
		s.IoctlGetInt(f, vfstest.FIONREAD)
		r, w := s.Pipe()
		s.IoctlGetInt(r, unix.TCGETS)
		s.IoctlGetInt(w, unix.TIOCGPGRP)
		d := s.Open(".", dirOnly, 0)
		s.IoctlGetInt(d, unix.TCGETS)
	}),
	sc("truncate_and_fallocate_of_a_device", func(s *vfstest.Session) {
		fd := s.Open("/dev/null", unix.O_RDWR, 0)
		s.Ftruncate(fd, 0)
		s.Fallocate(fd, 0, 0, 10)
		s.Truncate("/dev/null", 0)
	}),
	sc("getdents_of_a_device_is_ENOTDIR", func(s *vfstest.Session) {
		fd := s.Open("/dev/null", unix.O_RDONLY, 0)
		s.Getdents(fd, 4096)
		s.Fchdir(fd)
		s.Chdir("/dev/null")
	}),
	sc("poll_on_dev_null_and_zero_is_always_ready", func(s *vfstest.Session) {
		n := s.Open("/dev/null", unix.O_RDWR, 0)
		z := s.Open("/dev/zero", unix.O_RDWR, 0)
		s.Poll(pfds(n, unix.POLLIN|unix.POLLOUT, z, unix.POLLIN|unix.POLLOUT), 0)
	}),
	sc("poll_on_dev_random_is_readable_only_urandom_both", func(s *vfstest.Session) {
		// random_poll: a ready pool is readable and wants no entropy;
		// urandom has no poll and gives the default mask.
		r := s.Open("/dev/random", unix.O_RDWR, 0)
		u := s.Open("/dev/urandom", unix.O_RDWR, 0)
		s.Poll(pfds(r, unix.POLLIN|unix.POLLOUT, u, unix.POLLIN|unix.POLLOUT), 0)
	}),
	sc("o_trunc_and_o_creat_on_a_device_open_it_unchanged", func(s *vfstest.Session) {
		fd := s.Open("/dev/null", unix.O_WRONLY|unix.O_TRUNC, 0)
		s.Write(fd, "x")
		s.Close(fd)
		fd = s.Open("/dev/zero", unix.O_RDONLY|unix.O_CREAT, 0o644)
		s.Read(fd, 4)
		s.Open("/dev/zero", unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL, 0o644)
		s.Open("/dev/null", unix.O_RDONLY|unix.O_DIRECTORY, 0)
		s.Stat("/dev/null")
	}),
	sc("o_path_of_a_device_reads_nothing", func(s *vfstest.Session) {
		fd := s.Open("/dev/zero", unix.O_PATH, 0)
		s.Read(fd, 4)
		s.Write(fd, "x")
		s.Fstat(fd)
	}),
	sc("dup_of_a_device_fd_shares_it", func(s *vfstest.Session) {
		fd := s.Open("/dev/zero", unix.O_RDONLY, 0)
		d := s.Dup(fd)
		s.Read(d, 3)
		s.Close(fd)
		s.Read(d, 2)
		s.Fcntl(d, unix.F_GETFL, 0)
	}),
	sc("access_to_the_devices_by_mode", func(s *vfstest.Session) {
		s.Access("/dev/null", unix.R_OK|unix.W_OK)
		s.Access("/dev/null", unix.X_OK)
		s.Access("/dev/console", unix.R_OK|unix.W_OK)
	}),
	sc("a_user_may_use_null_but_not_the_console", func(s *vfstest.Session) {
		asUser(s, func(u *vfstest.Session) {
			u.Access("/dev/null", unix.R_OK|unix.W_OK)
			u.Open("/dev/null", unix.O_RDWR, 0)
			u.Access("/dev/console", unix.W_OK)
			u.Open("/dev/console", unix.O_WRONLY, 0)
		})
	}),
	sc("mknod_of_a_second_name_for_null_reaches_the_same_driver", func(s *vfstest.Session) {
		s.NeedRoot("mknod of a character device needs CAP_MKNOD")
		s.Mknod("mynull", unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3)))
		s.Stat("mynull")
		fd := s.Open("mynull", unix.O_RDWR, 0)
		s.Write(fd, "gone")
		s.Read(fd, 10)
		s.Seek(fd, 7, unix.SEEK_SET)
	}),
	sc("mknod_copies_of_zero_and_full_behave_as_the_originals", func(s *vfstest.Session) {
		s.NeedRoot("mknod of a character device needs CAP_MKNOD")
		s.Mknod("z", unix.S_IFCHR|0o644, int(unix.Mkdev(1, 5)))
		s.Mknod("f", unix.S_IFCHR|0o644, int(unix.Mkdev(1, 7)))
		z := s.Open("z", unix.O_RDWR, 0)
		s.Read(z, 5)
		s.Write(z, "x")
		f := s.Open("f", unix.O_RDWR, 0)
		s.Read(f, 5)
		s.Write(f, "x")
	}),
	sc("mknod_of_an_unused_mem_minor_opens_ENXIO", func(s *vfstest.Session) {
		s.NeedRoot("mknod of a character device needs CAP_MKNOD")
		s.Mknod("m6", unix.S_IFCHR|0o666, int(unix.Mkdev(1, 6)))
		s.Open("m6", unix.O_RDONLY, 0)
		s.Open("m6", unix.O_PATH, 0)
		s.Stat("m6")
	}),
	sc("a_device_node_is_unlinked_renamed_and_linked_like_a_file", func(s *vfstest.Session) {
		s.NeedRoot("mknod of a character device needs CAP_MKNOD")
		s.Mknod("n", unix.S_IFCHR|0o600, int(unix.Mkdev(1, 3)))
		s.Link("n", "n2")
		s.Rename("n2", "n3")
		s.Stat("n")
		s.Unlink("n")
		s.Stat("n3")
		fd := s.Open("n3", unix.O_WRONLY, 0)
		s.Write(fd, "still null")
	}),
	sc("chmod_of_a_device_node_stops_a_user", func(s *vfstest.Session) {
		s.NeedRoot("mknod of a character device needs CAP_MKNOD")
		s.Mknod("n", unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3)))
		asUser(s, func(u *vfstest.Session) {
			u.Open("n", unix.O_RDWR, 0)
			u.Chmod("n", 0o600)
		})
		s.Chmod("n", 0o600)
		s.Stat("n")
		asUser(s, func(u *vfstest.Session) {
			u.Open("n", unix.O_RDWR, 0)
			u.Open("n", unix.O_RDONLY, 0)
			u.Access("n", unix.R_OK)
		})
		s.Chmod("n", 0o604)
		asUser(s, func(u *vfstest.Session) {
			u.Open("n", unix.O_RDONLY, 0)
			u.Open("n", unix.O_WRONLY, 0)
		})
	}),
	sc("chown_of_a_device_node_gives_a_user_the_device", func(s *vfstest.Session) {
		s.NeedRoot("mknod of a character device needs CAP_MKNOD")
		s.Mknod("z", unix.S_IFCHR|0o600, int(unix.Mkdev(1, 5)))
		s.Chown("z", userUID, userGID)
		s.Stat("z")
		asUser(s, func(u *vfstest.Session) {
			fd := u.Open("z", unix.O_RDONLY, 0)
			u.Read(fd, 4)
			u.Chmod("z", 0o400)
			u.Stat("z")
		})
	}),
	sc("a_user_cannot_mknod_a_device", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		asUser(s, func(u *vfstest.Session) {
			u.Mknod("n", unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3)))
			u.Mknod("b", unix.S_IFBLK|0o666, int(unix.Mkdev(1, 0)))
			u.Mknod("p", unix.S_IFIFO|0o666, 0)
		})
	}),
	nsc("nodev_mount_refuses_the_memory_devices_EACCES", func(m *vfstest.Session) {
		tmpfs(m, "mnt", unix.MS_NODEV, "size=64k")
		m.Mknod("mnt/zero", unix.S_IFCHR|0o666, int(unix.Mkdev(1, 5)))
		m.Mknod("mnt/ram", unix.S_IFBLK|0o666, int(unix.Mkdev(1, 0)))
		m.Open("mnt/zero", unix.O_RDONLY, 0)
		m.Open("mnt/ram", unix.O_RDONLY, 0)
		m.Stat("mnt/zero")
		m.Mount("", "mnt", "", unix.MS_REMOUNT, "")
		fd := m.Open("mnt/zero", unix.O_RDONLY, 0)
		m.Read(fd, 3)
	}),
	sc("symlink_to_a_device_is_followed_by_open", func(s *vfstest.Session) {
		s.Symlink("/dev/zero", "z")
		fd := s.Open("z", unix.O_RDONLY, 0)
		s.Read(fd, 2)
		s.Open("z", unix.O_RDONLY|unix.O_NOFOLLOW, 0)
		s.Lstat("z")
	}),
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
