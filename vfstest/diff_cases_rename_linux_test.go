//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

const cwd = unix.AT_FDCWD

// rename(2) and renameat2(2).
var renameScenarios = []vfstest.Scenario{
	// The target's lookup in a removed directory is ENOENT before the
	// checks of trailing slashes and types (do_renameat2). Found by the
	// random differential (seed 18000074, 5000 calls a sequence).
	sc("rename_into_a_removed_directory_is_ENOENT_before_ENOTDIR", func(s *vfstest.Session) {
		s.Mkdir("w", 0o755)
		s.Chdir("w")
		s.Rmdir("../w")
		s.WriteFile("../f", "x", 0o644)
		s.Mkdir("../dir", 0o755)
		s.Rename("../f", "./d0/")
		s.Rename("../f/", "d0")
		s.Rename("../f", "d0")
		s.Rename("../dir", "d0/")
		s.Renameat2(unix.AT_FDCWD, "../f", unix.AT_FDCWD, "d0", unix.RENAME_NOREPLACE)
		s.Renameat2(unix.AT_FDCWD, "../f", unix.AT_FDCWD, "d0/", unix.RENAME_EXCHANGE)
		s.Rename("../nope", "d0/")
		s.Rename("d0", "../g")
	}),
	sc("calls_that_make_names_in_a_removed_directory_are_ENOENT", func(s *vfstest.Session) {
		s.Mkdir("w", 0o755)
		s.Chdir("w")
		s.Rmdir("../w")
		s.WriteFile("../f", "x", 0o644)
		for _, name := range []string{"d0", "d0/", "./d0/", "."} {
			s.Mkdir(name, 0o755)
			s.Link("../f", name)
			s.Symlink("x", name)
			s.Mknod(name, unix.S_IFIFO|0o644, 0)
			tryOpen(s, name, unix.O_WRONLY|unix.O_CREAT, 0o644)
			s.Unlink(name)
			s.Rmdir(name)
		}
		s.Link("../f/", "d0")
	}),
	sc("rand_seed_18000074", func(s *vfstest.Session) {
		s.Mkdir("w", 0o755)
		s.Chdir("w")
		s.Rmdir("../w")
		s.Mknod("../d1", unix.S_IFCHR|0o0, 0)
		s.Rename("../d1", "./d0/")
	}),
	sc("rename_file_over_file_replaces_it", func(s *vfstest.Session) {
		s.WriteFile("a", "new", 0o644)
		s.WriteFile("b", "old", 0o600)
		s.Rename("a", "b")
		s.Stat("a")
		s.Stat("b")
		s.Read(s.Open("b", readOnly, 0), 10)
	}),
	sc("rename_keeps_open_fds_working", func(s *vfstest.Session) {
		s.WriteFile("a", "data", 0o644)
		fd := s.Open("a", readOnly, 0)
		s.Mkdir("d", 0o755)
		s.Rename("a", "d/b")
		s.Read(fd, 10)
		s.Fstat(fd)
	}),
	sc("rename_dir_over_empty_dir_replaces_it", func(s *vfstest.Session) {
		s.Mkdir("a", 0o700)
		s.WriteFile("a/f", "", 0o644)
		s.Mkdir("b", 0o755)
		s.Rename("a", "b")
		s.Stat("a")
		s.Stat("b")
		s.Stat("b/f")
	}),
	sc("rename_dir_over_non_empty_dir_is_ENOTEMPTY", func(s *vfstest.Session) {
		s.Mkdir("a", 0o755)
		s.Mkdir("b", 0o755)
		s.WriteFile("b/f", "", 0o644)
		s.Rename("a", "b")
		s.Stat("a")
	}),
	sc("rename_file_over_dir_is_EISDIR", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Mkdir("d", 0o755)
		s.Rename("f", "d")
		s.Stat("f")
	}),
	sc("rename_dir_over_file_is_ENOTDIR", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Mkdir("d", 0o755)
		s.Rename("d", "f")
		s.Rename("d", "f/")
		s.Rename("f/", "g")
		s.Stat("d")
	}),
	sc("rename_dir_into_own_subtree_is_EINVAL", func(s *vfstest.Session) {
		s.Mkdir("a", 0o755)
		s.Mkdir("a/b", 0o755)
		s.Rename("a", "a/b/c")
		s.Rename("a", "a/c")
		s.Rename("a/b", "a/b/c")
		s.Stat("a/b")
	}),
	sc("rename_to_itself_or_another_link_of_it_does_nothing", func(s *vfstest.Session) {
		s.WriteFile("a", "x", 0o644)
		s.Link("a", "b")
		s.Rename("a", "a")
		s.Rename("a", "b")
		s.Stat("a")
		s.Stat("b")
		s.Mkdir("d", 0o755)
		s.Rename("d", "d")
		s.Rename("d", "d/")
	}),
	sc("rename_missing_source_is_ENOENT", func(s *vfstest.Session) {
		s.Rename("missing", "x")
		s.Rename("", "x")
		s.WriteFile("f", "", 0o644)
		s.Rename("f", "missing/x")
		s.Rename("f", "")
	}),
	sc("rename_of_dot_or_dotdot_is_EBUSY", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Rename(".", "x")
		s.Rename("d/.", "x")
		s.Rename("d/..", "x")
		s.Rename("d", ".")
		s.Rename("d", "d/..")
	}),
	sc("rename_dir_moves_children_and_fixes_parent_nlink", func(s *vfstest.Session) {
		s.Mkdir("p", 0o755)
		s.Mkdir("q", 0o755)
		s.Mkdir("p/d", 0o755)
		s.WriteFile("p/d/f", "inside", 0o644)
		s.Stat("p")
		s.Stat("q")
		s.Rename("p/d", "q/d")
		s.Stat("p")
		s.Stat("q")
		s.Read(s.Open("q/d/f", readOnly, 0), 10)
		s.Stat("q/d/..")
	}),
	sc("renameat2_noreplace_over_existing_is_EEXIST", func(s *vfstest.Session) {
		s.WriteFile("a", "a", 0o644)
		s.WriteFile("b", "b", 0o644)
		s.Renameat2(cwd, "a", cwd, "b", unix.RENAME_NOREPLACE)
		s.Renameat2(cwd, "a", cwd, "c", unix.RENAME_NOREPLACE)
		s.Stat("a")
		s.Stat("c")
	}),
	sc("renameat2_exchange_swaps_file_and_dir", func(s *vfstest.Session) {
		s.WriteFile("f", "file", 0o644)
		s.Mkdir("d", 0o700)
		s.WriteFile("d/inner", "", 0o644)
		s.Renameat2(cwd, "f", cwd, "d", unix.RENAME_EXCHANGE)
		s.Stat("f")
		s.Stat("d")
		s.Stat("f/inner")
		s.Read(s.Open("d", readOnly, 0), 10)
	}),
	sc("renameat2_exchange_with_missing_target_is_ENOENT", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Renameat2(cwd, "f", cwd, "missing", unix.RENAME_EXCHANGE)
		s.Stat("f")
	}),
	sc("renameat2_exchange_dir_into_own_subtree_is_EINVAL", func(s *vfstest.Session) {
		s.Mkdir("a", 0o755)
		s.Mkdir("a/b", 0o755)
		s.Renameat2(cwd, "a", cwd, "a/b", unix.RENAME_EXCHANGE)
		s.Renameat2(cwd, "a/b", cwd, "a", unix.RENAME_EXCHANGE)
	}),
	sc("renameat2_noreplace_with_exchange_is_EINVAL", func(s *vfstest.Session) {
		s.WriteFile("a", "", 0o644)
		s.WriteFile("b", "", 0o644)
		s.Renameat2(cwd, "a", cwd, "b", unix.RENAME_NOREPLACE|unix.RENAME_EXCHANGE)
		s.Renameat2(cwd, "a", cwd, "b", 0x80)
	}),
	sc("renameat2_with_dirfds", func(s *vfstest.Session) {
		s.Mkdir("src", 0o755)
		s.Mkdir("dst", 0o755)
		s.WriteFile("src/f", "moved", 0o644)
		a := s.Open("src", dirOnly, 0)
		b := s.Open("dst", dirOnly, 0)
		s.Renameat2(a, "f", b, "g", 0)
		s.Read(s.Openat(b, "g", readOnly, 0), 10)
		s.ReadDir(a, 4096)
	}),
	sc("rename_over_symlink_replaces_the_link", func(s *vfstest.Session) {
		s.WriteFile("target", "t", 0o644)
		s.Symlink("target", "l")
		s.WriteFile("f", "f", 0o644)
		s.Rename("f", "l")
		s.Lstat("l")
		s.Stat("target")
	}),
}
