//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"
	"math"

	"github.com/govfs/govfs/vfstest"
)

// Permission checks of attribute changes as an ordinary user: chmod,
// chown and utimensat by owners and others, set-id bits (and how writes
// and truncation by a user clear them), truncate, access(2), O_NOATIME,
// and fchmod/fchown on an fd root opened. Helpers and ids are in
// diff_cases_perm_linux_test.go.

// Timestamps for utimensat.
var (
	now  = vfstest.Timespec{Nsec: unix.UTIME_NOW}
	omit = vfstest.Timespec{Nsec: unix.UTIME_OMIT}
	past = vfstest.Timespec{Sec: 1_000_000_000, Nsec: 5}
)

var permAttrScenarios = []vfstest.Scenario{
	sc("dot_and_dotdot_last_need_search_permission_on_their_directory", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		s.As(1000, 1000, nil, func(u *vfstest.Session) {
			u.Mkdir("d0", 0o644)
			u.Mkdir("d0/..", 0o755)
			u.Mknod("d0/.", unix.S_IFREG|0o644, 0)
			u.Symlink("x", "d0/..")
			u.Rmdir("d0/.")
			u.Rmdir("d0/..")
			u.Unlink("d0/..")
			u.Rename("d0/..", "y")
			u.Rename("y", "d0/.")
			u.Link("y", "d0/..")
			u.Open("d0/.", creatRW|unix.O_EXCL, 0o644)
			u.Open("d0/..", unix.O_TMPFILE|unix.O_RDWR, 0o644)
		})
	}),
	sc("a_write_refused_before_storing_data_keeps_the_set_id_bits", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		s.As(1000, 1000, nil, func(u *vfstest.Session) {
			u.Close(u.Open("f", creatRW, 0o644))
			u.Chmod("f", 0o6755)
			u.Write(u.Open("f", readOnly, 0), "x")
			u.Write(u.Open("f", unix.O_ACCMODE, 0), "x")
			u.Write(u.Open("f", unix.O_PATH, 0), "x")
			u.Pwrite(u.Open("f", unix.O_RDWR, 0), "x", math.MaxInt64)
			u.Stat("f")
		})
	}),
	// Found by the random differential test run as nobody (seed=30).
	sc("a_users_fallocate_drops_the_set_id_bits", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		s.As(1000, 1000, nil, func(u *vfstest.Session) {
			fd := u.Open("f", creatRW, 0o6755)
			u.Fstat(fd)
			u.Fallocate(fd, 0, 0, 1)
			u.Fstat(fd)
			u.Fchmod(fd, 0o6755)
			u.Fallocate(fd, unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE, 0, 1)
			u.Fstat(fd)
			u.Fchmod(fd, 0o6755)
			u.Fallocate(fd, 0, -1, 1)
			u.Fstat(fd)
			// Found as nobody (seed=3001211): a mode tmpfs refuses
			// leaves the bits.
			u.Fallocate(fd, unix.FALLOC_FL_COLLAPSE_RANGE, 0, 1)
			u.Fstat(fd)
		})
	}),
	sc("open_of_a_socket_inode_checks_permission_before_ENXIO", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		s.As(1000, 1000, nil, func(u *vfstest.Session) {
			u.Mknod("sock", unix.S_IFSOCK|0o000, 0)
			u.Open("sock", readOnly, 0)
			u.Open("sock", unix.O_RDONLY|unix.O_DIRECTORY, 0)
			u.Chmod("sock", 0o644)
			u.Open("sock", readOnly, 0)
		})
	}),
	sc("permattr_chmod_by_a_non_owner_is_EPERM", func(s *vfstest.Session) {
		file(s, "theirs", "", otherUID, otherGID, 0o666)
		file(s, "mine", "", userUID, userGID, 0o600)
		asUser(s, func(u *vfstest.Session) {
			u.Chmod("theirs", 0o777)
			u.Fchmodat(unix.AT_FDCWD, "theirs", 0o777, 0)
			fd := u.Open("theirs", unix.O_RDWR, 0)
			u.Fchmod(fd, 0o777)
			u.Chmod("mine", 0o640)
			u.Chmod("missing", 0o640)
		})
		s.Stat("theirs")
		s.Stat("mine")
	}),
	sc("permattr_chmod_setgid_by_an_owner_outside_the_group_is_cleared", func(s *vfstest.Session) {
		file(s, "f", "", userUID, otherGID, 0o644)
		dir(s, "d", userUID, otherGID, 0o755)
		file(s, "g", "", userUID, suppGID, 0o644)
		asUser(s, func(u *vfstest.Session) {
			u.Chmod("f", 0o2755)
			u.Stat("f")
			u.Chmod("f", 0o6755)
			u.Stat("f")
			u.Chmod("d", 0o2755)
			u.Stat("d")
			u.Chmod("g", 0o2755)
			u.Stat("g")
		})
		asUserIn(s, []int{suppGID}, func(u *vfstest.Session) {
			u.Chmod("g", 0o2755)
			u.Stat("g")
		})
	}),
	sc("permattr_chmod_setuid_and_sticky_by_the_owner_are_kept", func(s *vfstest.Session) {
		file(s, "f", "", userUID, userGID, 0o644)
		dir(s, "d", userUID, userGID, 0o755)
		asUser(s, func(u *vfstest.Session) {
			u.Chmod("f", 0o4755)
			u.Stat("f")
			u.Chmod("f", 0o1644)
			u.Stat("f")
			u.Chmod("d", 0o3777)
			u.Stat("d")
		})
	}),
	sc("permattr_chown_to_another_user_is_EPERM", func(s *vfstest.Session) {
		file(s, "mine", "", userUID, userGID, 0o644)
		file(s, "theirs", "", otherUID, otherGID, 0o666)
		s.Symlink("mine", "l")
		s.Lchown("l", userUID, userGID)
		asUser(s, func(u *vfstest.Session) {
			u.Chown("mine", otherUID, -1)
			u.Chown("mine", 0, -1)
			u.Chown("mine", userUID, -1) // to itself: allowed
			u.Chown("theirs", userUID, -1)
			u.Lchown("l", otherUID, -1)
			u.Lchown("l", -1, userGID)
			u.Fchown(u.Open("mine", unix.O_RDONLY, 0), otherUID, otherGID)
		})
		s.Stat("mine")
		s.Stat("theirs")
	}),
	sc("permattr_chgrp_to_own_groups_only", func(s *vfstest.Session) {
		file(s, "f", "", userUID, userGID, 0o644)
		file(s, "theirs", "", otherUID, userGID, 0o666)
		asUserIn(s, []int{suppGID}, func(u *vfstest.Session) {
			u.Chown("f", -1, suppGID)
			u.Stat("f")
			u.Chown("f", -1, otherGID)
			u.Chown("f", userUID, userGID)
			u.Stat("f")
			u.Chown("f", userUID, otherGID)
			u.Chown("theirs", -1, suppGID) // not the owner
			u.Chown("theirs", -1, userGID) // not even to its own group
		})
		s.Stat("f")
	}),
	sc("permattr_chgrp_by_the_owner_clears_setuid_and_group_exec_setgid", func(s *vfstest.Session) {
		file(s, "x", "", userUID, userGID, 0o6755)
		file(s, "nx", "", userUID, userGID, 0o6744)
		file(s, "same", "", userUID, userGID, 0o4755)
		asUserIn(s, []int{suppGID}, func(u *vfstest.Session) {
			u.Chown("x", -1, suppGID)
			u.Chown("nx", -1, suppGID)
			u.Chown("same", userUID, userGID) // no change at all, still clears
		})
		s.Stat("x")
		s.Stat("nx")
		s.Stat("same")
	}),
	sc("permattr_chown_minus_one_by_a_non_owner", func(s *vfstest.Session) {
		file(s, "plain", "", otherUID, otherGID, 0o644)
		file(s, "suid", "", otherUID, otherGID, 0o4755)
		file(s, "sgidx", "", otherUID, otherGID, 0o2755)
		dir(s, "d", otherUID, otherGID, 0o6755)
		asUser(s, func(u *vfstest.Session) {
			for _, f := range []string{"plain", "suid", "sgidx", "d"} {
				u.Chown(f, -1, -1)
			}
		})
		for _, f := range []string{"suid", "sgidx", "d"} {
			s.Stat(f)
		}
	}),
	sc("permattr_chown_minus_one_drops_setgid_without_group_exec_for_non_members", func(s *vfstest.Session) {
		file(s, "sgidnx", "", otherUID, otherGID, 0o2745)
		file(s, "mine", "", userUID, otherGID, 0o2745)
		asUser(s, func(u *vfstest.Session) {
			u.Chown("sgidnx", -1, -1) // would drop the bit: a chmod, the owner's right
			u.Chown("mine", -1, -1)   // the owner may: the bit goes
		})
		asUserIn(s, []int{otherGID}, func(u *vfstest.Session) { u.Chown("sgidnx", -1, -1) })
		s.Stat("sgidnx")
		s.Stat("mine")
	}),
	sc("permattr_utimensat_now_needs_ownership_or_write_permission", func(s *vfstest.Session) {
		file(s, "w", "", otherUID, otherGID, 0o666)
		file(s, "r", "", otherUID, otherGID, 0o644)
		file(s, "mine", "", userUID, userGID, 0o444)
		asUser(s, func(u *vfstest.Session) {
			for _, f := range []string{"w", "r", "mine"} {
				u.Utimensat(unix.AT_FDCWD, f, nil, 0)
				u.Utimensat(unix.AT_FDCWD, f, &[2]vfstest.Timespec{now, now}, 0)
			}
		})
	}),
	sc("permattr_utimensat_explicit_times_need_ownership", func(s *vfstest.Session) {
		file(s, "w", "", otherUID, otherGID, 0o666)
		file(s, "mine", "", userUID, userGID, 0o444)
		asUser(s, func(u *vfstest.Session) {
			u.Utimensat(unix.AT_FDCWD, "w", &[2]vfstest.Timespec{past, past}, 0)
			u.Utimensat(unix.AT_FDCWD, "w", &[2]vfstest.Timespec{past, omit}, 0)
			u.Utimensat(unix.AT_FDCWD, "w", &[2]vfstest.Timespec{omit, past}, 0)
			u.Utimensat(unix.AT_FDCWD, "w", &[2]vfstest.Timespec{now, past}, 0)
			u.Utimensat(unix.AT_FDCWD, "w", &[2]vfstest.Timespec{omit, omit}, 0)
			u.Utimensat(unix.AT_FDCWD, "mine", &[2]vfstest.Timespec{past, past}, 0)
		})
		s.ExactTimes("mine", s.Times("mine"))
	}),
	sc("permattr_utimensat_now_and_omit_mixed_by_a_non_owner", func(s *vfstest.Session) {
		file(s, "w", "", otherUID, otherGID, 0o666)
		file(s, "r", "", otherUID, otherGID, 0o644)
		asUser(s, func(u *vfstest.Session) {
			for _, f := range []string{"w", "r"} {
				u.Utimensat(unix.AT_FDCWD, f, &[2]vfstest.Timespec{now, omit}, 0)
				u.Utimensat(unix.AT_FDCWD, f, &[2]vfstest.Timespec{omit, now}, 0)
			}
		})
	}),
	sc("permattr_truncate_needs_write_permission", func(s *vfstest.Session) {
		file(s, "r", "data", otherUID, otherGID, 0o644)
		file(s, "w", "data", otherUID, otherGID, 0o602)
		dir(s, "d", 0, 0, 0o777)
		asUser(s, func(u *vfstest.Session) {
			u.Truncate("r", 0)
			u.Truncate("w", 1)
			u.Truncate("d", 0)
			u.Ftruncate(u.Open("r", unix.O_RDONLY, 0), 0)
		})
		s.Stat("r")
		s.Stat("w")
	}),
	sc("permattr_access_checks_the_users_class_bits", func(s *vfstest.Session) {
		file(s, "own", "", userUID, otherGID, 0o470)
		file(s, "grp", "", otherUID, userGID, 0o705)
		file(s, "oth", "", otherUID, otherGID, 0o663)
		dir(s, "d", otherUID, otherGID, 0o751)
		for _, f := range []string{"own", "grp", "oth", "d"} {
			asUser(s, func(u *vfstest.Session) {
				u.Access(f, unix.F_OK)
				u.Access(f, unix.R_OK)
				u.Access(f, unix.W_OK)
				u.Access(f, unix.X_OK)
				u.Access(f, unix.R_OK|unix.W_OK|unix.X_OK)
				u.Faccessat(unix.AT_FDCWD, f, unix.R_OK|unix.X_OK, unix.AT_EACCESS)
				u.Faccessat(unix.AT_FDCWD, f, unix.W_OK, unix.AT_EACCESS)
			})
		}
	}),
	sc("permattr_access_x_ok_of_root_needs_some_x_bit", func(s *vfstest.Session) {
		for _, m := range []uint32{0o644, 0o100, 0o010, 0o001, 0o000} {
			file(s, "f", "", otherUID, otherGID, m)
			s.Access("f", unix.X_OK)
			s.Faccessat(unix.AT_FDCWD, "f", unix.X_OK, unix.AT_EACCESS)
			s.Access("f", unix.R_OK|unix.W_OK)
		}
		dir(s, "d", otherUID, otherGID, 0o000)
		s.Access("d", unix.X_OK)
		asUser(s, func(u *vfstest.Session) { u.Access("f", unix.F_OK) })
	}),
	sc("permattr_o_noatime_on_another_users_file_is_EPERM", func(s *vfstest.Session) {
		file(s, "theirs", "data", otherUID, otherGID, 0o644)
		file(s, "mine", "data", userUID, userGID, 0o644)
		asUser(s, func(u *vfstest.Session) {
			u.Open("theirs", unix.O_RDONLY|unix.O_NOATIME, 0)
			fd := u.Open("theirs", unix.O_RDONLY, 0)
			u.Fcntl(fd, unix.F_SETFL, unix.O_NOATIME)
			u.Fcntl(fd, unix.F_GETFL, 0)
			mine := u.Open("mine", unix.O_RDONLY|unix.O_NOATIME, 0)
			u.Fcntl(mine, unix.F_GETFL, 0)
		})
		s.Open("theirs", unix.O_RDONLY|unix.O_NOATIME, 0)
	}),
	sc("permattr_fchmod_and_fchown_check_the_caller_not_the_opener", func(s *vfstest.Session) {
		file(s, "f", "data", 0, 0, 0o600)
		fd := s.Open("f", unix.O_RDWR, 0)
		asUser(s, func(u *vfstest.Session) {
			u.Fchmod(fd, 0o666)
			u.Fchown(fd, userUID, userGID)
			u.Fchown(fd, -1, -1)
			u.Write(fd, "user") // the fd's access was checked for root
			u.Pread(fd, 10, 0)
			u.Ftruncate(fd, 2)
			u.Fstat(fd)
			u.Utimensat(fd, "", nil, unix.AT_EMPTY_PATH)
			u.Open("f", unix.O_RDONLY, 0)
		})
		s.Fstat(fd)
	}),
	sc("permattr_write_by_a_non_root_user_clears_set_id_bits", func(s *vfstest.Session) {
		file(s, "gx", "", otherUID, otherGID, 0o6777)
		file(s, "gnx", "", otherUID, otherGID, 0o6767)
		file(s, "mine", "", userUID, userGID, 0o4755)
		file(s, "member", "", otherUID, otherGID, 0o6767)
		asUser(s, func(u *vfstest.Session) {
			for _, f := range []string{"gx", "gnx", "mine"} {
				fd := u.Open(f, unix.O_WRONLY, 0)
				u.Write(fd, "x")
				u.Fstat(fd)
			}
		})
		asUserIn(s, []int{otherGID}, func(u *vfstest.Session) {
			fd := u.Open("member", unix.O_WRONLY, 0)
			u.Write(fd, "x")
			u.Fstat(fd) // a member keeps setgid without group exec
		})
		file(s, "rootw", "", otherUID, otherGID, 0o6777)
		fd := s.Open("rootw", unix.O_WRONLY, 0)
		s.Write(fd, "x")
		s.Fstat(fd)
	}),
	sc("permattr_truncate_by_a_non_root_user_clears_set_id_bits", func(s *vfstest.Session) {
		file(s, "a", "data", otherUID, otherGID, 0o6777)
		file(s, "b", "data", otherUID, otherGID, 0o6777)
		file(s, "c", "data", otherUID, otherGID, 0o6777)
		asUser(s, func(u *vfstest.Session) {
			u.Truncate("a", 1)
			u.Ftruncate(u.Open("b", unix.O_WRONLY, 0), 1)
			u.Open("c", unix.O_WRONLY|unix.O_TRUNC, 0)
		})
		for _, f := range []string{"a", "b", "c"} {
			s.Stat(f)
		}
	}),
	sc("permattr_chmod_through_a_symlink_checks_the_target_owner", func(s *vfstest.Session) {
		s.Chmod(".", 0o777)
		file(s, "f", "", 0, 0, 0o644)
		asUser(s, func(u *vfstest.Session) {
			u.Symlink("f", "l")
			u.Chmod("l", 0o600)
			u.Chown("l", -1, userGID)
			u.Lchown("l", -1, userGID)
			u.Lchown("l", userUID, userGID)
		})
		s.Stat("f")
	}),
}
