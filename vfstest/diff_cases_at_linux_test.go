//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

func how(flags int, resolve uint64) vfstest.OpenHow {
	return vfstest.OpenHow{Flags: uint64(flags), Resolve: resolve}
}

// The *at family with real dirfds, openat2 RESOLVE_* and the working
// directory.
var atScenarios = []vfstest.Scenario{
	sc("openat_resolves_relative_to_dirfd", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("d/f", "in d", 0o644)
		dfd := s.Open("d", dirOnly, 0)
		s.Read(s.Openat(dfd, "f", readOnly, 0), 10)
		s.Openat(dfd, "g", creatWR, 0o644)
		s.Stat("d/g")
		s.Openat(dfd, "..", dirOnly, 0)
		s.Mkdirat(dfd, "sub", 0o755)
		s.Symlinkat("f", dfd, "l")
		s.Readlinkat(dfd, "l", 16)
		s.Unlinkat(dfd, "sub", unix.AT_REMOVEDIR)
		s.ReadDir(dfd, 4096)
	}),
	sc("openat_with_file_dirfd_is_ENOTDIR_and_bad_dirfd_EBADF", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		ffd := s.Open("f", readOnly, 0)
		s.Openat(ffd, "x", readOnly, 0)
		s.Mkdirat(ffd, "x", 0o755)
		s.Openat(s.FD(30), "x", readOnly, 0)
		s.Fstatat(s.FD(30), "f", 0)
	}),
	sc("fstatat_empty_path_stats_the_dirfd_itself", func(s *vfstest.Session) {
		s.WriteFile("f", "12", 0o600)
		fd := s.Open("f", unix.O_PATH, 0)
		s.Fstatat(fd, "", unix.AT_EMPTY_PATH)
		s.Fstatat(fd, "", 0)
		s.Fstatat(unix.AT_FDCWD, "", unix.AT_EMPTY_PATH)
	}),
	sc("openat2_beneath_rejects_dotdot_escape_with_EXDEV", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("d/e", 0o755)
		s.WriteFile("x", "", 0o644)
		dfd := s.Open("d", dirOnly, 0)
		s.Openat2(dfd, "../x", how(readOnly, unix.RESOLVE_BENEATH))
		s.Openat2(dfd, "e/../../x", how(readOnly, unix.RESOLVE_BENEATH))
		s.Openat2(dfd, "e/..", how(readOnly, unix.RESOLVE_BENEATH))
		s.Openat2(dfd, "/x", how(readOnly, unix.RESOLVE_BENEATH))
	}),
	sc("openat2_beneath_rejects_symlinks_that_escape", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("x", "", 0o644)
		s.WriteFile("d/in", "", 0o644)
		s.Symlink("../x", "d/up")
		s.Symlink("/etc/passwd", "d/abs")
		s.Symlink("in", "d/ok")
		dfd := s.Open("d", dirOnly, 0)
		s.Openat2(dfd, "up", how(readOnly, unix.RESOLVE_BENEATH))
		s.Openat2(dfd, "abs", how(readOnly, unix.RESOLVE_BENEATH))
		s.Openat2(dfd, "ok", how(readOnly, unix.RESOLVE_BENEATH))
	}),
	sc("openat2_no_symlinks_is_ELOOP", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("d/f", "", 0o644)
		s.Symlink("d", "ld")
		s.Symlink("d/f", "lf")
		s.Openat2(unix.AT_FDCWD, "lf", how(readOnly, unix.RESOLVE_NO_SYMLINKS))
		s.Openat2(unix.AT_FDCWD, "ld/f", how(readOnly, unix.RESOLVE_NO_SYMLINKS))
		s.Openat2(unix.AT_FDCWD, "lf", how(unix.O_PATH|unix.O_NOFOLLOW, unix.RESOLVE_NO_SYMLINKS))
		s.Openat2(unix.AT_FDCWD, "d/f", how(readOnly, unix.RESOLVE_NO_SYMLINKS))
	}),
	sc("openat2_in_root_resolves_absolute_paths_inside_dirfd", func(s *vfstest.Session) {
		s.Mkdir("root", 0o755)
		s.WriteFile("root/x", "inside", 0o644)
		s.Symlink("/x", "root/abs")
		s.Symlink("../../x", "root/up")
		rfd := s.Open("root", dirOnly, 0)
		s.Read(s.Openat2(rfd, "/x", how(readOnly, unix.RESOLVE_IN_ROOT)), 10)
		s.Read(s.Openat2(rfd, "abs", how(readOnly, unix.RESOLVE_IN_ROOT)), 10)
		s.Read(s.Openat2(rfd, "up", how(readOnly, unix.RESOLVE_IN_ROOT)), 10)
		s.Read(s.Openat2(rfd, "../../x", how(readOnly, unix.RESOLVE_IN_ROOT)), 10)
	}),
	sc("openat2_rejects_unknown_flags_and_stray_mode", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Openat2(unix.AT_FDCWD, "f", how(readOnly, 0x1000))
		s.Openat2(unix.AT_FDCWD, "f", vfstest.OpenHow{Flags: readOnly, Mode: 0o644})
		s.Openat2(unix.AT_FDCWD, "f", how(readOnly|0x40000000, 0))
		s.Openat2(unix.AT_FDCWD, "f", how(readOnly, unix.RESOLVE_BENEATH|unix.RESOLVE_IN_ROOT))
		s.Openat2(unix.AT_FDCWD, "g", vfstest.OpenHow{Flags: creatWR, Mode: 0o600})
		s.Stat("g")
	}),
	sc("chdir_changes_where_relative_paths_resolve", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("d/e", 0o755)
		s.Getcwd()
		s.Chdir("d")
		s.Getcwd()
		s.WriteFile("f", "in d", 0o644)
		s.Chdir("e/..")
		s.Getcwd()
		s.Chdir("..")
		s.Stat("d/f")
		s.Chdir("d/f")
		s.Chdir("missing")
		s.Chdir("")
		s.Getcwd()
	}),
	sc("fchdir_moves_to_an_open_directory", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("d/f", "", 0o644)
		dfd := s.Open("d", dirOnly, 0)
		s.Fchdir(dfd)
		s.Getcwd()
		s.Stat("f")
		s.Fchdir(s.Open("f", readOnly, 0))
		s.Fchdir(s.FD(30))
		s.Getcwd()
	}),
	sc("getcwd_of_removed_directory_is_ENOENT", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Chdir("d")
		s.Rmdir("../d")
		s.Getcwd()
		s.Open("x", creatWR, 0o644)
		s.Open(".", dirOnly, 0)
	}),
}
