//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

const resolveCached = 0x20 // RESOLVE_CACHED, not in x/sys/unix

// Path walk corners: O_PATH fds, openat2 RESOLVE_* rules, symlinks to "."
// and "..", trailing slashes through symlinks, dangling symlinks as
// creation targets, *at calls with odd dirfds and the working directory.
var walkScenarios = []vfstest.Scenario{
	sc("opath_fd_allows_fstat_fstatfs_and_refuses_fchmod", func(s *vfstest.Session) {
		s.WriteFile("f", "data", 0o640)
		fd := s.Open("f", unix.O_PATH, 0)
		s.Fstat(fd)
		s.Fstatfs(fd)
		s.Fchmod(fd, 0o600)
		s.Stat("f")
	}),
	sc("opath_fcntl_allows_getfl_getfd_dup_but_not_setfl", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		fd := s.Open("f", unix.O_PATH|unix.O_CLOEXEC, 0)
		s.Fcntl(fd, unix.F_GETFL, 0)
		s.Fcntl(fd, unix.F_GETFD, 0)
		s.Fcntl(fd, unix.F_SETFL, unix.O_NONBLOCK)
		s.Fcntl(fd, unix.F_SETFD, 0)
		s.Fcntl(fd, unix.F_GETFD, 0)
		d := s.Dup(fd)
		s.Fcntl(d, unix.F_GETFL, 0)
		s.Fstat(d)
		s.Read(d, 4)
		s.Fcntl(fd, unix.F_DUPFD_CLOEXEC, s.FD(5))
	}),
	sc("opath_dir_fd_is_a_dirfd_for_openat_and_mkdirat_and_fchdir", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("d/f", "in d", 0o644)
		dfd := s.Open("d", unix.O_PATH|unix.O_DIRECTORY, 0)
		s.Read(s.Openat(dfd, "f", readOnly, 0), 8)
		s.Mkdirat(dfd, "sub", 0o755)
		s.Symlinkat("f", dfd, "l")
		s.Fstatat(dfd, "l", 0)
		s.Fchdir(dfd)
		s.Getcwd()
		s.Stat("sub")
	}),
	sc("opath_nofollow_opens_the_symlink_itself", func(s *vfstest.Session) {
		s.WriteFile("f", "target", 0o644)
		s.Symlink("f", "l")
		fd := s.Open("l", unix.O_PATH|unix.O_NOFOLLOW, 0)
		s.Fstat(fd)
		s.Readlinkat(fd, "", 16)
		s.Fstatat(fd, "", unix.AT_EMPTY_PATH)
		s.Fchdir(fd)
		s.Read(fd, 4)
		s.Linkat(fd, "", unix.AT_FDCWD, "l2", unix.AT_EMPTY_PATH)
		s.Lstat("l2")
		s.Readlink("l2", 16)
	}),
	sc("opath_ignores_creat_trunc_and_access_mode", func(s *vfstest.Session) {
		s.WriteFile("f", "keep", 0o644)
		s.Open("missing", unix.O_PATH|unix.O_CREAT, 0o644)
		s.Stat("missing")
		fd := s.Open("f", unix.O_PATH|unix.O_TRUNC|unix.O_RDWR, 0)
		s.Fcntl(fd, unix.F_GETFL, 0)
		s.Stat("f")
		s.Open("f", unix.O_PATH|unix.O_DIRECTORY, 0)
		s.Open("f/", unix.O_PATH, 0)
	}),
	sc("opath_on_a_directory_and_readlinkat_empty_path_of_non_links", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("f", "", 0o644)
		dfd := s.Open("d", unix.O_PATH, 0)
		s.Fcntl(dfd, unix.F_GETFL, 0)
		s.Readlinkat(dfd, "", 16)
		ffd := s.Open("f", readOnly, 0)
		s.Readlinkat(ffd, "", 16)
		s.Openat(dfd, "", readOnly, 0)
		s.Openat(dfd, ".", dirOnly, 0)
		s.Fstatfs(dfd)
	}),
	sc("opath_faccessat_empty_path", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o600)
		fd := s.Open("f", unix.O_PATH, 0)
		s.Faccessat(fd, "", unix.R_OK, unix.AT_EMPTY_PATH)
		s.Faccessat(fd, "", unix.X_OK, unix.AT_EMPTY_PATH)
		s.Faccessat(fd, "", unix.F_OK, 0)
	}),

	sc("openat2_o_path_with_other_flags_is_EINVAL", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Mkdir("d", 0o755)
		s.Openat2(unix.AT_FDCWD, "f", how(unix.O_PATH|unix.O_RDWR, 0))
		s.Openat2(unix.AT_FDCWD, "f", how(unix.O_PATH|unix.O_TRUNC, 0))
		s.Openat2(unix.AT_FDCWD, "f", how(unix.O_PATH|unix.O_NONBLOCK, 0))
		s.Openat2(unix.AT_FDCWD, "d", how(unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0))
		s.Openat2(unix.AT_FDCWD, "f", how(unix.O_PATH|unix.O_NOFOLLOW, 0))
	}),
	sc("openat2_beneath_allows_dotdot_that_stays_inside", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("d/e", 0o755)
		s.WriteFile("d/f", "f of d", 0o644)
		s.Symlink("../f", "d/e/up")
		dfd := s.Open("d", dirOnly, 0)
		s.Read(s.Openat2(dfd, "e/../f", how(readOnly, unix.RESOLVE_BENEATH)), 10)
		s.Read(s.Openat2(dfd, "e/./../e/../f", how(readOnly, unix.RESOLVE_BENEATH)), 10)
		s.Read(s.Openat2(dfd, "e/up", how(readOnly, unix.RESOLVE_BENEATH)), 10)
		s.Openat2(dfd, ".", how(dirOnly, unix.RESOLVE_BENEATH))
		s.Openat2(dfd, "..", how(dirOnly, unix.RESOLVE_BENEATH))
		s.Openat2(dfd, "", how(dirOnly, unix.RESOLVE_BENEATH))
	}),
	sc("openat2_beneath_at_fdcwd_is_confined_to_the_cwd", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("x", "", 0o644)
		s.WriteFile("d/f", "", 0o644)
		s.Chdir("d")
		s.Openat2(unix.AT_FDCWD, "../x", how(readOnly, unix.RESOLVE_BENEATH))
		s.Openat2(unix.AT_FDCWD, "f", how(readOnly, unix.RESOLVE_BENEATH))
		s.Openat2(unix.AT_FDCWD, "../d/f", how(readOnly, unix.RESOLVE_BENEATH))
		s.Openat2(unix.AT_FDCWD, "../x", how(readOnly, unix.RESOLVE_IN_ROOT))
	}),
	sc("openat2_in_root_clamps_dotdot_in_symlinks_and_paths", func(s *vfstest.Session) {
		s.Mkdir("root", 0o755)
		s.Mkdir("root/a", 0o755)
		s.WriteFile("root/f", "root f", 0o644)
		s.WriteFile("f", "outside", 0o644)
		s.Symlink("/../../a/../f", "root/a/abs")
		s.Symlink("../../../../f", "root/a/up")
		s.Symlink("/a", "root/la")
		rfd := s.Open("root", dirOnly, 0)
		s.Read(s.Openat2(rfd, "a/abs", how(readOnly, unix.RESOLVE_IN_ROOT)), 10)
		s.Read(s.Openat2(rfd, "a/up", how(readOnly, unix.RESOLVE_IN_ROOT)), 10)
		s.Read(s.Openat2(rfd, "la/../f", how(readOnly, unix.RESOLVE_IN_ROOT)), 10)
		s.Openat2(rfd, "la/abs", how(readOnly, unix.RESOLVE_IN_ROOT|unix.RESOLVE_NO_SYMLINKS))
		s.Openat2(rfd, "a/abs", how(readOnly, unix.RESOLVE_BENEATH))
	}),
	sc("openat2_invalid_resolve_bits_and_mode_combinations", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Openat2(unix.AT_FDCWD, "f", how(readOnly, 0x80))
		s.Openat2(unix.AT_FDCWD, "n", vfstest.OpenHow{Flags: creatWR, Mode: 0o10644})
		s.Openat2(unix.AT_FDCWD, "n", vfstest.OpenHow{Flags: creatWR, Mode: 1 << 33})
		s.Openat2(unix.AT_FDCWD, "f", vfstest.OpenHow{Flags: unix.O_PATH, Mode: 0o600})
		s.Stat("n")
	}),
	sc("openat2_creat_with_mode_under_resolve_flags", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Symlink("d", "ld")
		dfd := s.Open("d", dirOnly, 0)
		s.Openat2(dfd, "a", vfstest.OpenHow{Flags: creatWR, Mode: 0o640, Resolve: unix.RESOLVE_BENEATH})
		s.Openat2(dfd, "../b", vfstest.OpenHow{Flags: creatWR, Mode: 0o640, Resolve: unix.RESOLVE_BENEATH})
		s.Openat2(unix.AT_FDCWD, "ld/c", vfstest.OpenHow{Flags: creatWR, Mode: 0o600, Resolve: unix.RESOLVE_NO_SYMLINKS})
		s.Openat2(dfd, "/e", vfstest.OpenHow{Flags: creatWR | unix.O_EXCL, Mode: 0o604, Resolve: unix.RESOLVE_IN_ROOT})
		s.Openat2(dfd, "/e", vfstest.OpenHow{Flags: creatWR | unix.O_EXCL, Mode: 0o604, Resolve: unix.RESOLVE_IN_ROOT})
		s.Stat("d/a")
		s.Stat("b")
		s.Stat("d/c")
		s.Stat("d/e")
	}),
	sc("openat2_resolve_cached_refuses_creat_and_trunc_with_EAGAIN", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		s.Openat2(unix.AT_FDCWD, "g", vfstest.OpenHow{Flags: creatWR, Mode: 0o644, Resolve: resolveCached})
		s.Openat2(unix.AT_FDCWD, "f", how(unix.O_WRONLY|unix.O_TRUNC, resolveCached))
		s.Openat2(unix.AT_FDCWD, "f", how(unix.O_TMPFILE|unix.O_RDWR, resolveCached))
		s.Stat("g")
	}),
	nsc("openat2_no_xdev_refuses_crossing_a_mountpoint", func(m *vfstest.Session) {
		tmpfs(m, "mnt", 0, "")
		m.WriteFile("mnt/x", "on tmpfs", 0o644)
		m.WriteFile("y", "", 0o644)
		m.Openat2(unix.AT_FDCWD, "mnt/x", how(readOnly, unix.RESOLVE_NO_XDEV))
		m.Openat2(unix.AT_FDCWD, "mnt", how(dirOnly, unix.RESOLVE_NO_XDEV))
		mfd := m.Open("mnt", dirOnly, 0)
		m.Read(m.Openat2(mfd, "x", how(readOnly, unix.RESOLVE_NO_XDEV)), 10)
		m.Openat2(mfd, "..", how(dirOnly, unix.RESOLVE_NO_XDEV))
		m.Openat2(mfd, "../y", how(readOnly, unix.RESOLVE_NO_XDEV))
		m.Openat2(mfd, ".", how(dirOnly, unix.RESOLVE_NO_XDEV))
		m.Openat2(unix.AT_FDCWD, "y", how(readOnly, unix.RESOLVE_NO_XDEV))
	}),

	sc("symlinks_to_dot_and_dotdot", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("d/f", "f", 0o644)
		s.WriteFile("top", "top", 0o644)
		s.Symlink(".", "d/self")
		s.Symlink("..", "d/up")
		s.Read(s.Open("d/self/self/f", readOnly, 0), 4)
		s.Read(s.Open("d/up/top", readOnly, 0), 4)
		s.Read(s.Open("d/self/up/d/up/top", readOnly, 0), 4)
		s.Stat("d/self")
		s.Lstat("d/self/")
		s.Rmdir("d/self")
		s.Rmdir("d/self/")
		s.Unlink("d/up/")
		s.Lstat("d/up")
	}),
	sc("symlink_chain_through_dotdot_across_directories", func(s *vfstest.Session) {
		s.Mkdir("a", 0o755)
		s.Mkdir("a/b", 0o755)
		s.Mkdir("c", 0o755)
		s.WriteFile("a/t", "end", 0o644)
		s.Symlink("../../c/m", "a/b/l")
		s.Symlink("../a/b/../t", "c/m")
		s.Read(s.Open("a/b/l", readOnly, 0), 4)
		s.Symlink("../c/m/", "a/sl")
		s.Open("a/sl", readOnly, 0)
		s.Stat("a/b/l/")
	}),
	sc("trailing_slash_through_symlinks_to_file_and_dir", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Mkdir("d", 0o755)
		s.Symlink("f", "lf")
		s.Symlink("d", "ld")
		s.Stat("lf/")
		s.Lstat("lf/")
		s.Open("lf/", readOnly, 0)
		s.Open("lf/", unix.O_PATH|unix.O_NOFOLLOW, 0)
		s.Access("lf/", unix.F_OK)
		s.Stat("ld/")
		s.Lstat("ld/")
		s.Open("ld/", unix.O_PATH|unix.O_NOFOLLOW, 0)
	}),
	sc("symlink_target_with_trailing_slash", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Mkdir("d", 0o755)
		s.Symlink("f/", "lf")
		s.Symlink("d/", "ld")
		s.Symlink("new/", "ln")
		s.Stat("lf")
		s.Open("lf", readOnly, 0)
		s.Stat("ld")
		s.Open("ld", readOnly, 0)
		s.Open("ln", creatWR, 0o644)
		s.Mkdir("ln", 0o755)
		s.Stat("new")
	}),
	sc("creating_at_a_dangling_symlink", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Symlink("missing", "l")
		s.Mkdir("l", 0o755)
		s.Mkdir("l/", 0o755)
		s.Mknod("l", unix.S_IFIFO|0o644, 0)
		s.Link("f", "l")
		s.Symlink("x", "l")
		s.Open("l", creatWR|unix.O_EXCL, 0o644)
		s.Open("l", creatWR|unix.O_NOFOLLOW, 0o644)
		s.Stat("missing")
		s.Open("l", creatWR, 0o600)
		s.Stat("missing")
	}),
	sc("open_creat_through_dangling_symlink_into_missing_dir", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Symlink("nodir/x", "l1")
		s.Symlink("f/x", "l2")
		s.Symlink("l1", "l3")
		s.Open("l1", creatWR, 0o644)
		s.Open("l2", creatWR, 0o644)
		s.Open("l3", creatWR, 0o644)
		s.Mkdir("nodir", 0o755)
		s.Open("l3", creatWR, 0o644)
		s.Stat("nodir/x")
	}),
	sc("unlink_and_rmdir_of_symlink_to_dir_with_trailing_slash", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Symlink("d", "ld")
		s.Symlink("missing", "dang")
		s.Unlink("ld/")
		s.Rmdir("ld/")
		s.Unlink("dang/")
		s.Rmdir("dang/")
		s.Unlinkat(unix.AT_FDCWD, "ld/", unix.AT_REMOVEDIR)
		s.Lstat("ld")
		s.Stat("d")
	}),
	sc("rename_symlink_onto_dir_and_dir_onto_symlink", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("e", 0o755)
		s.WriteFile("f", "", 0o644)
		s.Symlink("f", "lf")
		s.Symlink("e", "le")
		s.Rename("lf", "d")
		s.Rename("le", "d")
		s.Rename("d", "le")
		s.Rename("lf", "le")
		s.Lstat("le")
		s.Rename("le", "e/moved")
		s.Readlink("e/moved", 8)
		s.Stat("e/moved")
	}),
	sc("symlink_loop_through_dotdot_is_ELOOP", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Symlink("../d/l", "d/l")
		s.Symlink("a", "b")
		s.Symlink("b/x", "a")
		s.Stat("d/l")
		s.Open("a", creatWR, 0o644)
		s.Mkdir("a/y", 0o755)
		s.Lstat("a")
	}),

	sc("at_calls_with_a_file_dirfd_are_ENOTDIR", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.WriteFile("g", "", 0o644)
		ffd := s.Open("f", readOnly, 0)
		s.Fstatat(ffd, "x", 0)
		s.Faccessat(ffd, "x", unix.F_OK, 0)
		s.Readlinkat(ffd, "x", 16)
		s.Symlinkat("t", ffd, "x")
		s.Linkat(unix.AT_FDCWD, "g", ffd, "x", 0)
		s.Linkat(ffd, "x", unix.AT_FDCWD, "h", 0)
		s.Renameat2(ffd, "x", unix.AT_FDCWD, "h", 0)
		s.Renameat2(unix.AT_FDCWD, "g", ffd, "h", 0)
		s.Openat2(ffd, "x", how(readOnly, 0))
		s.Openat2(ffd, "x", how(readOnly, unix.RESOLVE_BENEATH))
	}),
	sc("at_calls_with_a_file_dirfd_and_dot_or_empty_path", func(s *vfstest.Session) {
		s.WriteFile("f", "ab", 0o644)
		ffd := s.Open("f", readOnly, 0)
		s.Fstatat(ffd, "", unix.AT_EMPTY_PATH)
		s.Fstatat(ffd, ".", 0)
		s.Openat(ffd, "", readOnly, 0)
		s.Openat(ffd, ".", readOnly, 0)
		s.Openat2(ffd, "", how(readOnly, 0))
		s.Mkdirat(ffd, "", 0o755)
	}),
	sc("at_calls_with_at_fdcwd_or_absolute_paths_ignore_a_bad_dirfd", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		bad := s.FD(40)
		s.Faccessat(bad, "/", unix.F_OK, 0)
		s.Readlinkat(bad, "/", 16)
		s.Fstatat(bad, "f", 0)
		s.Faccessat(-5, "f", unix.F_OK, 0)
		s.Fstatat(bad, "", unix.AT_EMPTY_PATH)
		s.Openat2(bad, "/", how(unix.O_PATH, unix.RESOLVE_BENEATH))
		s.Openat2(bad, "/", how(unix.O_PATH, unix.RESOLVE_IN_ROOT))
	}),

	sc("getcwd_after_cwd_moved_into_another_directory", func(s *vfstest.Session) {
		s.Mkdir("a", 0o755)
		s.Mkdir("p", 0o755)
		s.Mkdir("p/q", 0o755)
		s.Chdir("a")
		s.Rename("../a", "../p/q/a")
		s.Getcwd()
		s.Chdir("../..")
		s.Getcwd()
	}),
	sc("removed_cwd_refuses_creates_but_dotdot_still_works", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("d/e", 0o755)
		s.Chdir("d/e")
		s.Rmdir("../e")
		s.Getcwd()
		s.Stat(".")
		s.Open("x", creatWR, 0o644)
		s.Mkdir("y", 0o755)
		s.Open(".", dirOnly, 0)
		s.Chdir("..")
		s.Getcwd()
	}),
	sc("chdir_through_a_symlink_makes_getcwd_physical", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("d/e", 0o755)
		s.Symlink("d/e", "le")
		s.Chdir("le")
		s.Getcwd()
		s.Chdir("..")
		s.Getcwd()
		s.Chdir("../le/")
		s.Getcwd()
	}),
	sc("chdir_and_fchdir_refusals", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Symlink("f", "lf")
		s.Symlink("missing", "dang")
		s.Chdir("f")
		s.Chdir("lf")
		s.Chdir("lf/")
		s.Chdir("dang")
		s.Chdir("")
		s.Fchdir(s.Open("f", readOnly, 0))
		s.Fchdir(s.FD(40))
	}),
	sc("getcwd_after_fchdir_to_a_renamed_opath_dir", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("d/e", 0o755)
		fd := s.Open("d/e", unix.O_PATH, 0)
		s.Rename("d", "z")
		s.Fchdir(fd)
		s.Getcwd()
		s.WriteFile("here", "x", 0o644)
		s.Stat("../../z/e/here")
	}),
}
