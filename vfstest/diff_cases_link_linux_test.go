//go:build linux

package vfstest_test

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// symlink, readlink and path resolution through links.
var symlinkScenarios = []vfstest.Scenario{
	sc("readlink_returns_target_truncated_to_buffer", func(s *vfstest.Session) {
		s.Symlink("some/target", "l")
		s.Readlink("l", 64)
		s.Readlink("l", 4)
		s.Lstat("l")
	}),
	sc("readlink_of_non_link_is_EINVAL", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Mkdir("d", 0o755)
		s.Readlink("f", 64)
		s.Readlink("d", 64)
		s.Readlink("missing", 64)
		s.Readlink("", 64)
	}),
	sc("readlink_with_trailing_slash_follows_the_link", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Symlink("d", "l")
		s.Readlink("l/", 64)
		s.Readlink("l", 64)
	}),
	sc("symlink_loop_is_ELOOP_but_lstat_works", func(s *vfstest.Session) {
		s.Symlink("b", "a")
		s.Symlink("a", "b")
		s.Symlink("self", "self")
		s.Open("a", readOnly, 0)
		s.Stat("a")
		s.Stat("self")
		s.Open("self", creatWR, 0o644)
		s.Lstat("a")
		s.Open("a/x", readOnly, 0)
	}),
	sc("symlink_chain_of_40_resolves_and_41_is_ELOOP", func(s *vfstest.Session) {
		s.WriteFile("f", "end", 0o644)
		s.Symlink("f", "l0")
		for i := 1; i <= 40; i++ {
			s.Symlink(fmt.Sprintf("l%d", i-1), fmt.Sprintf("l%d", i))
		}
		s.Log("l%d is the 40th link to f", 39)
		s.Stat("l39")
		s.Stat("l40")
		s.Read(s.Open("l39", readOnly, 0), 10)
	}),
	sc("symlink_chain_through_directories_resolves", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("d/e", 0o755)
		s.WriteFile("d/e/f", "deep", 0o644)
		s.Symlink("d", "l1")
		s.Symlink("l1/e", "l2")
		s.Symlink("../l2/f", "d/l3")
		s.Read(s.Open("d/l3", readOnly, 0), 10)
		s.Stat("l2/f")
	}),
	sc("dangling_symlink_stat_is_ENOENT_lstat_works", func(s *vfstest.Session) {
		s.Symlink("missing", "l")
		s.Stat("l")
		s.Lstat("l")
		s.Open("l", readOnly, 0)
		s.Access("l", unix.F_OK)
	}),
	sc("symlink_with_empty_target_is_ENOENT", func(s *vfstest.Session) {
		s.Symlink("", "l")
		s.Lstat("l")
	}),
	sc("symlink_over_existing_name_is_EEXIST", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Symlink("x", "f")
		s.Symlink("x", "l")
		s.Symlink("y", "l")
		s.Readlink("l", 16)
		s.Symlink("x", "missing/l")
	}),
	sc("symlink_to_absolute_target_is_stored_verbatim", func(s *vfstest.Session) {
		s.Symlink("/no/such/place", "abs")
		s.Readlink("abs", 64)
		s.Lstat("abs")
	}),
	sc("lstat_and_stat_differ_on_a_symlink", func(s *vfstest.Session) {
		s.WriteFile("f", "12345", 0o600)
		s.Symlink("f", "l")
		s.Stat("l")
		s.Lstat("l")
		s.Fstatat(unix.AT_FDCWD, "l", unix.AT_SYMLINK_NOFOLLOW)
		s.Fstatat(unix.AT_FDCWD, "l", 0)
	}),
	sc("symlink_to_dir_with_trailing_slash_is_followed_by_lstat", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Symlink("d", "l")
		s.Lstat("l")
		s.Lstat("l/")
		s.Lstat("l/.")
	}),
	sc("symlink_target_is_relative_to_the_link_directory", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("f", "top", 0o644)
		s.WriteFile("d/f", "inner", 0o644)
		s.Symlink("f", "d/l")
		s.Symlink("../f", "d/up")
		s.Read(s.Open("d/l", readOnly, 0), 10)
		s.Read(s.Open("d/up", readOnly, 0), 10)
	}),
}

// link(2): hard links and link counts.
var linkScenarios = []vfstest.Scenario{
	sc("link_increments_nlink_and_shares_the_inode", func(s *vfstest.Session) {
		s.WriteFile("a", "shared", 0o644)
		s.Link("a", "b")
		sa, sb := s.Stat("a"), s.Stat("b")
		s.Note("same inode", sa.Ino == sb.Ino)
		fd := s.Open("b", unix.O_WRONLY|unix.O_APPEND, 0)
		s.Write(fd, "!")
		s.Read(s.Open("a", readOnly, 0), 20)
	}),
	sc("link_to_directory_is_EPERM", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Link("d", "d2")
		s.Stat("d")
	}),
	sc("link_over_existing_name_is_EEXIST", func(s *vfstest.Session) {
		s.WriteFile("a", "", 0o644)
		s.WriteFile("b", "", 0o644)
		s.Link("a", "b")
		s.Link("missing", "c")
		s.Link("a", "missing/c")
		s.Link("a", "b/")
		s.Stat("a")
	}),
	sc("unlink_one_of_two_links_keeps_the_data", func(s *vfstest.Session) {
		s.WriteFile("a", "kept", 0o644)
		s.Link("a", "b")
		s.Unlink("a")
		s.Stat("b")
		s.Read(s.Open("b", readOnly, 0), 10)
	}),
	sc("link_to_symlink_links_the_symlink_itself", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		s.Symlink("f", "l")
		s.Link("l", "l2")
		s.Lstat("l2")
		s.Lstat("l")
		s.Stat("f")
	}),
	sc("linkat_symlink_follow_links_the_target", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		s.Symlink("f", "l")
		s.Linkat(unix.AT_FDCWD, "l", unix.AT_FDCWD, "hard", unix.AT_SYMLINK_FOLLOW)
		s.Lstat("hard")
		s.Stat("f")
		s.Linkat(unix.AT_FDCWD, "f", unix.AT_FDCWD, "bad", 0x1)
	}),
	sc("nlink_of_unlinked_open_file_is_zero", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Link("f", "g")
		s.Fstat(fd)
		s.Unlink("f")
		s.Unlink("g")
		s.Fstat(fd)
	}),
}
