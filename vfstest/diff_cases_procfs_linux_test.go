//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// /proc's files against the host's: modes, owners and sizes of
// /proc/self's entries, fdinfo lines per kind of file
// (proc_pid_fdinfo(5)), the ptrace rule for another uid, names that
// are not pids, and /proc/sys refusals.
var procFileScenarios = []vfstest.Scenario{
	sc("writing_in_a_pid_directory_is_EPERM_for_everyone", func(s *vfstest.Session) {
		// access(W_OK) of /proc/PID itself is EPERM, for root and the
		// owner alike, where its subdirectories and /proc answer by
		// their modes; unlink and rmdir there meet the same EPERM.
		for _, p := range []string{"/proc/self", "/proc/self/task", "/proc/self/fdinfo", "/proc"} {
			s.Access(p, unix.W_OK)
			s.Access(p, unix.R_OK|unix.X_OK)
		}
		s.Unlink("/proc/self/status")
		s.Rmdir("/proc/self/task")
	}),
	sc("proc_self_entries_have_linux_modes_and_size_0", func(s *vfstest.Session) {
		for _, e := range []string{"status", "stat", "cmdline", "comm", "environ", "limits", "mounts", "mountinfo"} {
			s.Stat("/proc/self/" + e)
		}
		for _, e := range []string{"cwd", "root", "exe"} {
			s.Lstat("/proc/self/" + e)
		}
		s.Stat("/proc/self/fd")
		s.Lstat("/proc/mounts")
		s.Readlink("/proc/mounts", 64)
		s.Lstat("/proc/self")
		s.Lstat("/proc/thread-self")
		s.Stat("/proc/filesystems")
		s.Stat("/proc/uptime")
		s.Stat("/proc/meminfo")
	}),
	sc("proc_pid_files_cannot_be_removed_and_root_writes_are_EINVAL", func(s *vfstest.Session) {
		s.Unlink("/proc/self/status")
		s.Rmdir("/proc/self/fd")
		s.Unlink("/proc/self/cwd")
		w := s.Open("/proc/self/status", unix.O_WRONLY, 0)
		s.Write(w, "Name: x")
		rw := s.Open("/proc/self/stat", unix.O_RDWR, 0)
		s.Write(rw, "1")
		s.Truncate("/proc/self/status", 0)
		s.Stat("/proc/self/status")
		s.Open("/proc/self/status", unix.O_WRONLY|unix.O_TRUNC, 0)
		s.Open("/proc/self/status", unix.O_RDONLY|unix.O_DIRECTORY, 0)
		s.Open("/proc/self/fd", unix.O_WRONLY, 0)
	}),
	sc("proc_names_cannot_be_created_ENOENT_nor_removed", func(s *vfstest.Session) {
		s.Open("/proc/self/new", creatRW, 0o644)
		s.Mkdir("/proc/self/new", 0o755)
		s.Mknod("/proc/self/new", unix.S_IFIFO|0o644, 0)
		s.Symlink("x", "/proc/self/lnk")
		s.Rename("/proc/self/status", "/proc/self/st")
		s.Rename("/proc/self/status", "/proc/self/stat")
		s.Mkdir("/proc/new", 0o755)
		s.Open("/proc/self/fd/999", creatRW, 0o644)
		s.Mkdir("/proc/self/task/new", 0o755)
		s.Mkdir("/proc/sys/fs/new", 0o755)
		s.Open("/proc/sys/fs/new", creatRW, 0o644)
		s.Symlink("x", "/proc/sys/fs/lnk")
		s.Unlink("/proc/sys/fs/file-nr")
		s.Rename("/proc/sys/fs/file-nr", "/proc/sys/fs/x")
		s.Rename("/proc/sys/fs/file-nr", "/proc/sys/fs/file-max")
	}),
	sc("proc_modes_cannot_be_changed_EPERM_nor_sys_dirs_removed_EACCES", func(s *vfstest.Session) {
		s.Rmdir("/proc/sys/fs")
		s.Rmdir("/proc/sys")
		s.Chmod("/proc/self/status", 0o600)
		s.Chmod("/proc/sys/fs/file-nr", 0o644)
		s.Stat("/proc/self/fdinfo")
	}),
	sc("proc_setattr_refuses_modes_and_proc_sys_setattr_owners_too", func(s *vfstest.Session) {
		// Each chmod asks for the mode the entry has, so that one the
		// host allows changes nothing there.
		for _, c := range []struct {
			path string
			mode uint32
		}{
			{"/proc/self/status", 0o444}, {"/proc/self/", 0o555}, {"/proc/self/fd", 0o500},
			{"/proc/self/fdinfo", 0o555}, {"/proc/self/task", 0o555}, {"/proc/self/cwd/", 0o755},
			{"/proc/sys/fs/file-nr", 0o444}, {"/proc/sys/fs", 0o555}, {"/proc/sys", 0o555},
			{"/proc/uptime", 0o444},
		} {
			s.Chmod(c.path, c.mode)
		}
		s.Chown("/proc/self/status", 0, 0)
		s.Chown("/proc/self/fd", -1, -1)
		s.Chown("/proc/sys/fs/file-nr", 0, 0)
		s.Chown("/proc/sys/fs/file-nr", -1, 0)
		s.Chown("/proc/sys/fs/file-nr", -1, -1)
		s.Chown("/proc/sys/fs", -1, -1)
		s.Lstat("/proc/self/status")
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			u.Chmod("/proc/1/status", 0o444)
			u.Chmod("/proc/sys/fs/file-nr", 0o444)
			u.Chown("/proc/1/status", -1, -1)
			u.Chown("/proc/sys/fs/file-nr", 0, 0)
			u.Chown("/proc/sys/fs/file-nr", -1, -1)
		})
	}),
	sc("proc_names_cannot_be_created_ENOENT_for_an_ordinary_user_too", func(s *vfstest.Session) {
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			for _, p := range []string{"/proc/new", "/proc/self/new", "/proc/1/new", "/proc/1/task/new", "/proc/sys/new", "/proc/sys/fs/new", "/proc/1/fd/999"} {
				u.Open(p, creatRW, 0o644)
				u.Mkdir(p, 0o755)
				u.Mknod(p, unix.S_IFIFO|0o644, 0)
				u.Symlink("x", p)
			}
			u.Rename("/proc/1/status", "/proc/1/st")
			u.Rename("/proc/sys/fs/file-nr", "/proc/sys/fs/x")
			u.Unlink("/proc/sys/fs/file-nr")
			u.Rmdir("/proc/sys/fs")
		})
	}),
	sc("fdinfo_is_0555_behind_the_ptrace_rule", func(s *vfstest.Session) {
		s.Stat("/proc/1/fdinfo")
		s.Access("/proc/self/fdinfo", unix.W_OK)
		s.Access("/proc/self/fd", unix.W_OK)
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			u.Stat("/proc/1/fdinfo")
			u.Stat("/proc/1/fd")
			for _, m := range []uint32{unix.R_OK, unix.W_OK, unix.X_OK} {
				u.Access("/proc/1/fdinfo", m)
			}
			for _, m := range []uint32{unix.R_OK, unix.X_OK} {
				u.Access("/proc/1/fd", m)
				u.Access("/proc/1/environ", m)
			}
			u.Open("/proc/1/fdinfo/0", readOnly, 0)
			u.Open("/proc/1/fdinfo/", dirOnly, 0)
		})
	}),
	sc("proc_self_fd_and_fdinfo_entries_stat_as_links_and_files", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		fd := s.Open("f", unix.O_RDWR, 0)
		s.Lstat(s.ProcFDInfo(fd))
		s.Readlink(s.ProcFDInfo(fd), 64)
		s.Open(s.ProcFDInfo(fd), unix.O_WRONLY, 0)
		s.Stat(s.ProcFD(fd))
	}),
	sc("a_pid_that_never_existed_is_ENOENT", func(s *vfstest.Session) {
		for _, n := range []string{"2147483647", "4194305", "99999999999", "0", "-1", "01", "self1", "1a"} {
			s.Stat("/proc/" + n)
			s.Open("/proc/"+n+"/status", readOnly, 0)
		}
		s.Readlink("/proc/2147483647/cwd", 64)
	}),
	sc("fdinfo_of_a_regular_file_has_pos_flags_mnt_id_ino", func(s *vfstest.Session) {
		s.WriteFile("f", "hello", 0o644)
		fd := s.Open("f", unix.O_RDWR|unix.O_APPEND, 0)
		s.FDInfo(fd)
		s.Write(fd, "more")
		s.FDInfo(fd)
		s.Seek(fd, 2, unix.SEEK_SET)
		s.FDInfo(fd)
		ro := s.Open("f", unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOATIME|unix.O_SYNC, 0)
		s.FDInfo(ro)
		wo := s.Open("f", unix.O_WRONLY|unix.O_TRUNC|unix.O_CREAT|unix.O_EXCL|unix.O_NOCTTY, 0)
		s.FDInfo(wo)
		wo = s.Open("f", unix.O_WRONLY|unix.O_TRUNC|unix.O_NOCTTY|unix.O_DSYNC|unix.O_NONBLOCK, 0)
		s.FDInfo(wo)
	}),
	sc("fdinfo_follows_fcntl_setfl_and_setfd", func(s *vfstest.Session) {
		s.WriteFile("f", "hello", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Fcntl(fd, unix.F_SETFL, unix.O_NONBLOCK|unix.O_APPEND)
		s.FDInfo(fd)
		s.Fcntl(fd, unix.F_SETFD, unix.FD_CLOEXEC)
		s.FDInfo(fd)
		d := s.Dup(fd)
		s.FDInfo(d)
	}),
	sc("fdinfo_of_a_pipe_has_no_O_LARGEFILE", func(s *vfstest.Session) {
		r, w := s.Pipe2(unix.O_NONBLOCK | unix.O_CLOEXEC)
		s.FDInfo(r)
		s.FDInfo(w)
		s.Write(w, "abc")
		s.FDInfo(r)
		r2 := s.Open(s.ProcFD(r), unix.O_RDONLY, 0)
		s.FDInfo(r2)
	}),
	sc("fdinfo_of_an_O_PATH_fd_is_O_PATH_alone", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		s.Symlink("f", "l")
		s.FDInfo(s.Open("f", unix.O_PATH|unix.O_RDWR|unix.O_APPEND|unix.O_NONBLOCK, 0))
		s.FDInfo(s.Open("l", unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0))
		s.FDInfo(s.Open(".", unix.O_PATH|unix.O_DIRECTORY, 0))
	}),
	sc("fdinfo_of_a_directory_and_a_device", func(s *vfstest.Session) {
		s.FDInfo(s.Open(".", dirOnly, 0))
		s.FDInfo(s.Open("/dev/null", unix.O_WRONLY, 0))
		s.FDInfo(s.Open("/proc/self/status", readOnly, 0))
	}),
	sc("fdinfo_of_an_O_TMPFILE_keeps_the_tmpfile_bits", func(s *vfstest.Session) {
		s.FDInfo(s.Open(".", unix.O_TMPFILE|unix.O_WRONLY, 0o600))
	}),
	sc("another_uids_fd_fdinfo_cwd_root_exe_environ_are_EACCES", func(s *vfstest.Session) {
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			u.Open("/proc/1/fd", dirOnly, 0)
			u.Open("/proc/1/fdinfo", dirOnly, 0)
			u.Stat("/proc/1/fd/0")
			u.Readlink("/proc/1/cwd", 64)
			u.Readlink("/proc/1/root", 64)
			u.Readlink("/proc/1/exe", 64)
			u.Stat("/proc/1/cwd")
			u.Open("/proc/1/root/", dirOnly, 0)
			u.Open("/proc/1/environ", readOnly, 0)
			u.Stat("/proc/1/fdinfo/0")
			u.Open("/proc/1/fdinfo/0", readOnly, 0)
			u.Readlink("/proc/1/fd/0", 64)
			u.Stat("/proc/1/fd")
			u.Stat("/proc/1/environ")
			u.Lstat("/proc/1/cwd")
			u.Close(u.Open("/proc/1/status", readOnly, 0))
			u.Close(u.Open("/proc/1/stat", readOnly, 0))
		})
	}),
	sc("a_process_reads_its_own_fds_as_any_uid", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			fd := u.Open("mine", creatRW, 0o600)
			u.ReadlinkMagic(u.ProcFD(fd))
			u.FDInfo(fd)
			again := u.Open(u.ProcFD(fd), unix.O_RDONLY, 0)
			u.Fstat(again)
		})
	}),
	sc("proc_sys_non_root_writes_are_EACCES", func(s *vfstest.Session) {
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			u.Open("/proc/sys/fs/pipe-max-size", unix.O_WRONLY, 0)
			u.Open("/proc/sys/kernel/pid_max", unix.O_RDWR, 0)
			u.Open("/proc/sys/fs/protected_hardlinks", unix.O_WRONLY, 0)
			u.Open("/proc/sys/fs/file-nr", unix.O_WRONLY, 0)
			u.Close(u.Open("/proc/sys/fs/pipe-max-size", unix.O_RDONLY, 0))
			u.Access("/proc/sys/fs/pipe-max-size", unix.W_OK)
			u.Access("/proc/sys/fs/pipe-max-size", unix.R_OK)
		})
	}),
	sc("proc_sys_out_of_range_and_junk_are_EINVAL", func(s *vfstest.Session) {
		// Each value on a fresh open: a write past offset 0 is ignored.
		for _, v := range []string{"3", "-1", "0x", "one", "4294967297", "1.0", "--1", "\n\n"} {
			fd := s.Open("/proc/sys/fs/protected_hardlinks", unix.O_WRONLY, 0)
			s.Write(fd, v)
			s.Close(fd)
		}
		for _, v := range []string{"99999999", "-5", "0", "300 1"} {
			fd := s.Open("/proc/sys/kernel/pid_max", unix.O_WRONLY, 0)
			s.Write(fd, v)
			s.Close(fd)
		}
	}),
	sc("proc_sys_read_only_entries_refuse_access_truncate_chmod", func(s *vfstest.Session) {
		for _, p := range []string{"/proc/sys/fs/file-nr", "/proc/sys/kernel/ostype"} {
			s.Access(p, unix.W_OK)
			s.Truncate(p, 0)
			s.Chmod(p, 0o644)
		}
	}),
	sc("proc_sys_permission_judges_root_by_the_sysctls_mode", func(s *vfstest.Session) {
		for _, p := range []string{"/proc/sys/fs/file-nr", "/proc/sys/fs/pipe-max-size", "/proc/sys/fs", "/proc/sys"} {
			for _, m := range []uint32{unix.R_OK, unix.W_OK, unix.X_OK} {
				s.Access(p, m)
			}
		}
		s.Truncate("/proc/sys/fs/pipe-max-size", 0)
		s.As(65534, 65534, nil, func(u *vfstest.Session) {
			u.Access("/proc/sys/fs/pipe-max-size", unix.W_OK)
			u.Access("/proc/sys/fs/pipe-max-size", unix.X_OK)
			u.Access("/proc/sys/fs", unix.X_OK)
			u.Truncate("/proc/sys/fs/pipe-max-size", 0)
		})
	}),
	sc("proc_sys_integer_write_returns_the_bytes_it_parsed", func(s *vfstest.Session) {
		// protected_hardlinks is 1 on both sides: every write keeps it.
		for _, v := range []string{"1 2", "1  \n\t x", "1\n", " 1", "1"} {
			fd := s.Open("/proc/sys/fs/protected_hardlinks", unix.O_WRONLY, 0)
			s.Write(fd, v)
			s.Write(fd, "2")
			s.Close(fd)
		}
		s.ReadSysctl("fs/protected_hardlinks")
	}),
	sc("proc_sys_read_only_entries_refuse_root", func(s *vfstest.Session) {
		for _, p := range []string{"/proc/sys/fs/file-nr", "/proc/sys/kernel/ostype", "/proc/sys/fs"} {
			s.Open(p, unix.O_WRONLY, 0)
			s.Open(p, unix.O_RDWR|unix.O_TRUNC, 0)
			s.Access(p, unix.R_OK)
		}
	}),
}
