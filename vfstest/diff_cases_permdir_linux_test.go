//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Permission checks of directory changes as an ordinary user: creating,
// unlinking and renaming need write and search permission on the
// directories involved, the sticky bit limits deletion to owners, and a
// directory moved to another parent needs write permission on itself.
// Helpers and ids are in diff_cases_perm_linux_test.go.

var permDirScenarios = []vfstest.Scenario{
	sc("perm_create_in_a_directory_needs_write_and_search", func(s *vfstest.Session) {
		dir(s, "ro", 0, 0, 0o755)
		dir(s, "wx", 0, 0, 0o757)
		dir(s, "wnox", 0, 0, 0o756)
		file(s, "f", "", userUID, userGID, 0o644)
		for _, d := range []string{"ro", "wnox", "wx"} {
			asUser(s, func(u *vfstest.Session) {
				tryOpen(u, d+"/file", unix.O_WRONLY|unix.O_CREAT)
				u.Mkdir(d+"/dir", 0o755)
				u.Symlink("target", d+"/sym")
				u.Link("f", d+"/link")
				u.Mkfifo(d+"/fifo", 0o644)
			})
		}
	}),
	sc("perm_unlink_and_rmdir_need_write_on_the_parent_not_the_victim", func(s *vfstest.Session) {
		dir(s, "ro", 0, 0, 0o755)
		file(s, "ro/mine", "", userUID, userGID, 0o644)
		dir(s, "ro/mydir", userUID, userGID, 0o777)
		dir(s, "rw", 0, 0, 0o777)
		file(s, "rw/theirs", "", otherUID, otherGID, 0o000)
		dir(s, "rw/theirdir", otherUID, otherGID, 0o000)
		asUser(s, func(u *vfstest.Session) {
			u.Unlink("ro/mine")
			u.Rmdir("ro/mydir")
			u.Unlink("rw/theirs")
			u.Rmdir("rw/theirdir")
		})
	}),
	sc("perm_rmdir_needs_write_on_the_parent_even_for_an_own_empty_dir", func(s *vfstest.Session) {
		dir(s, "p", userUID, userGID, 0o555)
		s.Mkdir("p/d", 0o755)
		give(s, "p/d", userUID, userGID, 0o777)
		asUser(s, func(u *vfstest.Session) {
			u.Rmdir("p/d")
			u.Chmod("p", 0o755)
			u.Rmdir("p/d")
		})
	}),
	sc("perm_sticky_dir_refuses_unlinking_another_users_file", func(s *vfstest.Session) {
		dir(s, "t", 0, 0, 0o1777)
		file(s, "t/theirs", "", otherUID, otherGID, 0o666)
		dir(s, "t/theirdir", otherUID, otherGID, 0o777)
		asUser(s, func(u *vfstest.Session) {
			u.Unlink("t/theirs")
			u.Rmdir("t/theirdir")
			u.Unlinkat(unix.AT_FDCWD, "t/theirs", 0)
			u.WriteFile("t/mine", "x", 0o644)
			u.Unlink("t/mine")
			u.Mkdir("t/mydir", 0o755)
			u.Rmdir("t/mydir")
		})
		s.Stat("t/theirs")
	}),
	sc("perm_sticky_dir_owner_may_delete_any_entry", func(s *vfstest.Session) {
		dir(s, "t", userUID, userGID, 0o1777)
		file(s, "t/theirs", "", otherUID, otherGID, 0o600)
		dir(s, "t/theirdir", otherUID, otherGID, 0o700)
		asUser(s, func(u *vfstest.Session) {
			u.Unlink("t/theirs")
			u.Rmdir("t/theirdir")
		})
	}),
	sc("perm_sticky_dir_without_write_is_EACCES_before_EPERM", func(s *vfstest.Session) {
		dir(s, "t", 0, 0, 0o1755)
		file(s, "t/theirs", "", otherUID, otherGID, 0o600)
		asUser(s, func(u *vfstest.Session) { u.Unlink("t/theirs") })
	}),
	sc("perm_sticky_dir_rename_out_and_over_another_users_file", func(s *vfstest.Session) {
		dir(s, "t", 0, 0, 0o1777)
		dir(s, "plain", 0, 0, 0o777)
		file(s, "t/theirs", "theirs", otherUID, otherGID, 0o666)
		file(s, "t/mine", "mine", userUID, userGID, 0o644)
		file(s, "plain/mine2", "mine2", userUID, userGID, 0o644)
		asUser(s, func(u *vfstest.Session) {
			u.Rename("t/theirs", "plain/stolen") // out of a sticky dir
			u.Rename("t/theirs", "t/renamed")    // within it
			u.Rename("t/mine", "t/theirs")       // over another's file
			u.Rename("plain/mine2", "t/theirs")  // into it, over another's file
			u.Renameat2(unix.AT_FDCWD, "t/mine", unix.AT_FDCWD, "t/theirs", unix.RENAME_EXCHANGE)
			u.Rename("t/mine", "plain/mine")  // own file out: ok
			u.Rename("plain/mine", "t/mine3") // and back in
		})
		s.ReadDir(s.Open("t", unix.O_RDONLY|unix.O_DIRECTORY, 0), 4096)
	}),
	sc("perm_renaming_a_directory_to_another_parent_needs_write_on_it", func(s *vfstest.Session) {
		dir(s, "a", 0, 0, 0o777)
		dir(s, "b", 0, 0, 0o777)
		dir(s, "a/d", otherUID, otherGID, 0o755) // not writable by the user
		dir(s, "a/mine", userUID, userGID, 0o555)
		asUser(s, func(u *vfstest.Session) {
			u.Rename("a/d", "b/d") // ".." of d would change
			u.Rename("a/d", "a/e") // same parent: no write on d needed
			u.Rename("a/e", "b/e")
			u.Rename("a/mine", "b/mine") // own dir, but no w on it either
			u.Chmod("a/mine", 0o755)
			u.Rename("a/mine", "b/mine")
		})
		s.Stat("a/e")
		s.Stat("b/mine")
	}),
	sc("perm_rename_exchange_of_directories_needs_write_on_both", func(s *vfstest.Session) {
		dir(s, "a", 0, 0, 0o777)
		dir(s, "b", 0, 0, 0o777)
		dir(s, "a/x", userUID, userGID, 0o755)
		dir(s, "b/y", otherUID, otherGID, 0o755)
		asUser(s, func(u *vfstest.Session) {
			u.Renameat2(unix.AT_FDCWD, "a/x", unix.AT_FDCWD, "b/y", unix.RENAME_EXCHANGE)
		})
		s.Chmod("b/y", 0o777)
		asUser(s, func(u *vfstest.Session) {
			u.Renameat2(unix.AT_FDCWD, "a/x", unix.AT_FDCWD, "b/y", unix.RENAME_EXCHANGE)
		})
		s.Stat("a/x")
		s.Stat("b/y")
	}),
	sc("perm_rename_over_a_file_needs_write_on_the_target_dir_only", func(s *vfstest.Session) {
		dir(s, "src", 0, 0, 0o777)
		dir(s, "dst", 0, 0, 0o755)
		file(s, "src/f", "f", userUID, userGID, 0o644)
		file(s, "dst/g", "g", userUID, userGID, 0o666)
		asUser(s, func(u *vfstest.Session) {
			u.Rename("src/f", "dst/g")
			u.Rename("src/f", "dst/new")
			u.Rename("dst/g", "src/g")
		})
		s.Chmod("dst", 0o777)
		asUser(s, func(u *vfstest.Session) { u.Rename("src/f", "dst/g") })
		s.Stat("dst/g")
	}),
}
