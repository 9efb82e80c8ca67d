//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Timestamps, and at the end set-id bits and statfs. Times are recorded
// only as relations: each measured step comes after a Tick, so that a
// time it sets is later than every time set before it and "same" means
// the step did not touch that time. Only times set explicitly with
// utimensat are recorded as values.

func ts(aSec, aNsec, mSec, mNsec int64) *[2]vfstest.Timespec {
	return &[2]vfstest.Timespec{{Sec: aSec, Nsec: aNsec}, {Sec: mSec, Nsec: mNsec}}
}

const (
	utimeNow  = unix.UTIME_NOW
	utimeOmit = unix.UTIME_OMIT
)

// step records how path's times moved across do, after a Tick.
func step(s *vfstest.Session, label, path string, do func()) vfstest.StatT {
	s.Tick()
	before := s.Times(path)
	do()
	after := s.Times(path)
	s.TimesMoved(label+": "+path, before, after)
	return after
}

// step2 is step watching two paths at once.
func step2(s *vfstest.Session, label, p1, p2 string, do func()) {
	s.Tick()
	b1, b2 := s.Times(p1), s.Times(p2)
	do()
	s.TimesMoved(label+": "+p1, b1, s.Times(p1))
	s.TimesMoved(label+": "+p2, b2, s.Times(p2))
}

var timeScenarios = []vfstest.Scenario{
	sc("new_file_has_equal_times_and_moves_parent_mtime_and_ctime", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		step(s, "creat", "d", func() { s.WriteFile("d/f", "", 0o644) })
		s.TimesOrder("new file", s.Times("d/f"))
		step(s, "symlink", "d", func() { s.Symlink("f", "d/l") })
		s.TimesOrder("new symlink", s.Times("d/l"))
		step(s, "mkdir", "d", func() { s.Mkdir("d/sub", 0o755) })
		s.TimesOrder("new dir", s.Times("d/sub"))
		s.TimesOrder("parent", s.Times("d"))
	}),
	sc("write_moves_mtime_and_ctime_not_atime", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		st := step(s, "write", "f", func() { s.Write(fd, "data") })
		s.TimesOrder("after write", st)
		step(s, "pwrite", "f", func() { s.Pwrite(fd, "x", 100) })
		step(s, "dir of written file", ".", func() { s.Write(fd, "more") })
	}),
	sc("write_of_zero_bytes_changes_no_time", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Write(fd, "abc")
		step(s, "empty write", "f", func() { s.Write(fd, "") })
		step(s, "empty pwrite", "f", func() { s.Pwrite(fd, "", 10) })
	}),
	sc("read_moves_atime_once_then_relatime_holds_it", func(s *vfstest.Session) {
		s.WriteFile("f", "0123456789", 0o644)
		fd := s.Open("f", readOnly, 0)
		step(s, "first read", "f", func() { s.Read(fd, 2) })
		step(s, "second read", "f", func() { s.Read(fd, 2) })
		step(s, "pread", "f", func() { s.Pread(fd, 2, 0) })
		step(s, "chmod", "f", func() { s.Chmod("f", 0o600) })
		step(s, "read after chmod", "f", func() { s.Read(fd, 2) })
	}),
	sc("read_at_eof_still_moves_atime_by_relatime", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Seek(fd, 0, unix.SEEK_END)
		step(s, "read at eof", "f", func() { s.Read(fd, 10) })
	}),
	sc("read_of_zero_bytes_or_of_an_empty_file_moves_atime", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		fd := s.Open("f", readOnly, 0)
		step(s, "read 0 bytes", "f", func() { s.Read(fd, 0) })
		s.WriteFile("e", "", 0o644)
		e := s.Open("e", readOnly, 0)
		step(s, "read empty file", "e", func() { s.Read(e, 10) })
	}),
	sc("read_with_O_NOATIME_leaves_atime", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		fd := s.Open("f", readOnly|unix.O_NOATIME, 0)
		step(s, "O_NOATIME read", "f", func() { s.Read(fd, 10) })
		plain := s.Open("f", readOnly, 0)
		step(s, "plain read", "f", func() { s.Read(plain, 10) })
	}),
	sc("chmod_and_chown_move_only_ctime_even_when_nothing_changes", func(s *vfstest.Session) {
		s.NeedRoot("chown to another owner needs CAP_CHOWN")
		s.WriteFile("f", "abc", 0o644)
		step(s, "chmod", "f", func() { s.Chmod("f", 0o600) })
		step(s, "chmod to same mode", "f", func() { s.Chmod("f", 0o600) })
		step(s, "chown", "f", func() { s.Chown("f", 1000, 1000) })
		step(s, "chown -1 -1", "f", func() { s.Chown("f", -1, -1) })
		step(s, "failed chmod", "f", func() { s.Fchmodat(unix.AT_FDCWD, "f", 0o644, 0x4) })
	}),
	sc("link_and_unlink_move_the_inode_ctime_and_dir_mtime", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("f", "abc", 0o644)
		step2(s, "link", "f", "d", func() { s.Link("f", "d/g") })
		step2(s, "unlink of other name", "f", "d", func() { s.Unlink("d/g") })
		step2(s, "failed link", "f", "d", func() { s.Link("f", "d") })
	}),
	sc("rename_moves_inode_ctime_and_both_dirs_mtime_and_ctime", func(s *vfstest.Session) {
		s.Mkdir("a", 0o755)
		s.Mkdir("b", 0o755)
		s.WriteFile("a/f", "abc", 0o644)
		s.Tick()
		f, a, b := s.Times("a/f"), s.Times("a"), s.Times("b")
		s.Rename("a/f", "b/g")
		s.TimesMoved("rename: the file", f, s.Times("b/g"))
		s.TimesMoved("rename: old dir", a, s.Times("a"))
		s.TimesMoved("rename: new dir", b, s.Times("b"))
		step(s, "rename within dir", "b", func() { s.Rename("b/g", "b/h") })
		step(s, "rename to itself", "b", func() { s.Rename("b/h", "b/h") })
	}),
	sc("rename_over_a_file_moves_the_victims_ctime", func(s *vfstest.Session) {
		s.WriteFile("a", "A", 0o644)
		s.WriteFile("b", "B", 0o644)
		v := s.Open("b", readOnly, 0)
		s.Tick()
		before := s.FTimes(v)
		s.Rename("a", "b")
		s.TimesMoved("rename victim", before, s.FTimes(v))
		s.Fstat(v)
	}),
	sc("rename_of_a_dir_moves_its_ctime_not_its_mtime", func(s *vfstest.Session) {
		s.Mkdir("a", 0o755)
		s.Mkdir("b", 0o755)
		s.Mkdir("a/d", 0o755)
		s.Tick()
		d, a, b := s.Times("a/d"), s.Times("a"), s.Times("b")
		s.Rename("a/d", "b/d")
		s.TimesMoved("moved dir", d, s.Times("b/d"))
		s.TimesMoved("old parent", a, s.Times("a"))
		s.TimesMoved("new parent", b, s.Times("b"))
	}),
	sc("truncate_even_to_the_same_size_moves_mtime_and_ctime", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		step(s, "truncate same size", "f", func() { s.Truncate("f", 3) })
		step(s, "truncate grow", "f", func() { s.Truncate("f", 10) })
		step(s, "truncate shrink", "f", func() { s.Truncate("f", 1) })
	}),
	sc("ftruncate_even_to_the_same_size_moves_mtime_and_ctime", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Write(fd, "abc")
		step(s, "ftruncate same size", "f", func() { s.Ftruncate(fd, 3) })
		step(s, "ftruncate other size", "f", func() { s.Ftruncate(fd, 5) })
	}),
	sc("open_trunc_of_an_empty_file_moves_mtime_and_ctime", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		step(s, "O_TRUNC on empty", "f", func() { s.Close(s.Open("f", unix.O_WRONLY|unix.O_TRUNC, 0)) })
		s.WriteFile("g", "abc", 0o644)
		step(s, "O_TRUNC on non-empty", "g", func() { s.Close(s.Open("g", unix.O_WRONLY|unix.O_TRUNC, 0)) })
		step(s, "open without O_TRUNC", "g", func() { s.Close(s.Open("g", unix.O_WRONLY, 0)) })
	}),
	sc("fallocate_and_punch_hole_move_mtime_and_ctime", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Write(fd, "0123456789")
		step(s, "fallocate grow", "f", func() { s.Fallocate(fd, 0, 0, 8192) })
		step(s, "fallocate keep size", "f", func() { s.Fallocate(fd, unix.FALLOC_FL_KEEP_SIZE, 0, 16384) })
		step(s, "punch hole", "f", func() { s.Fallocate(fd, unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE, 0, 4096) })
	}),
	sc("utimensat_explicit_times_are_stored_exactly_and_ctime_moves", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		st := step(s, "utimensat", "f", func() { s.Utimensat(unix.AT_FDCWD, "f", ts(1, 2, 3, 999999999), 0) })
		s.ExactTimes("f", st)
		st = step(s, "utimensat negative", "f", func() { s.Utimensat(unix.AT_FDCWD, "f", ts(-1, 5, 0, 0), 0) })
		s.ExactTimes("f", st)
		s.Stat("f")
	}),
	sc("utimensat_now_and_omit_combinations", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		s.Utimensat(unix.AT_FDCWD, "f", ts(100, 0, 200, 0), 0)
		st := step(s, "NOW OMIT", "f", func() { s.Utimensat(unix.AT_FDCWD, "f", ts(7, utimeNow, 0, utimeOmit), 0) })
		s.TimesOrder("NOW OMIT", st)
		st = step(s, "OMIT NOW", "f", func() { s.Utimensat(unix.AT_FDCWD, "f", ts(0, utimeOmit, 9, utimeNow), 0) })
		s.TimesOrder("OMIT NOW", st)
		st = step(s, "OMIT explicit", "f", func() { s.Utimensat(unix.AT_FDCWD, "f", ts(0, utimeOmit, 5, 6), 0) })
		s.TimesOrder("OMIT explicit", st)
		st = step(s, "NULL", "f", func() { s.Utimensat(unix.AT_FDCWD, "f", nil, 0) })
		s.TimesOrder("NULL", st)
		st = step(s, "NOW NOW", "f", func() { s.Utimensat(unix.AT_FDCWD, "f", ts(0, utimeNow, 0, utimeNow), 0) })
		s.TimesOrder("NOW NOW", st)
	}),
	sc("utimensat_both_omit_succeeds_without_looking_at_the_path", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		omit := ts(0, utimeOmit, 0, utimeOmit)
		step(s, "OMIT OMIT", "f", func() { s.Utimensat(unix.AT_FDCWD, "f", omit, 0) })
		s.Utimensat(unix.AT_FDCWD, "missing", omit, 0)
		s.Utimensat(unix.AT_FDCWD, "f", omit, unix.AT_REMOVEDIR)
		s.Utimensat(s.FD(40), "f", omit, 0)
	}),
	sc("utimensat_invalid_nsec_is_EINVAL_after_the_lookup", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		s.Utimensat(unix.AT_FDCWD, "f", ts(0, 1000000000, 0, 0), 0)
		s.Utimensat(unix.AT_FDCWD, "f", ts(0, 0, 0, -1), 0)
		s.Utimensat(unix.AT_FDCWD, "f", ts(0, utimeNow+1, 0, utimeOmit), 0)
		s.Utimensat(unix.AT_FDCWD, "missing", ts(0, 1000000000, 0, 0), 0)
		s.Utimensat(unix.AT_FDCWD, "f", ts(0, 0, 0, 0), unix.AT_REMOVEDIR)
		s.Utimensat(unix.AT_FDCWD, "missing", ts(0, 0, 0, 0), unix.AT_REMOVEDIR)
	}),
	sc("utimensat_symlink_nofollow_sets_the_link_not_the_target", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		s.Utimensat(unix.AT_FDCWD, "f", ts(10, 0, 20, 0), 0)
		s.Symlink("f", "l")
		s.Symlink("missing", "dangling")
		s.Utimensat(unix.AT_FDCWD, "l", ts(30, 1, 40, 2), unix.AT_SYMLINK_NOFOLLOW)
		s.ExactTimes("link", s.Times("l"))
		s.ExactTimes("target", s.Times("f"))
		s.Utimensat(unix.AT_FDCWD, "l", ts(50, 0, 60, 0), 0)
		s.ExactTimes("target", s.Times("f"))
		s.Utimensat(unix.AT_FDCWD, "dangling", ts(1, 0, 2, 0), 0)
		s.Utimensat(unix.AT_FDCWD, "dangling", ts(1, 0, 2, 0), unix.AT_SYMLINK_NOFOLLOW)
		s.ExactTimes("dangling", s.Times("dangling"))
	}),
	sc("utimensat_AT_EMPTY_PATH_sets_the_times_of_the_dirfd", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		r := s.Open("f", readOnly, 0)
		s.Utimensat(r, "", ts(11, 0, 12, 0), unix.AT_EMPTY_PATH)
		s.ExactTimes("via O_RDONLY fd", s.Times("f"))
		p := s.Open("f", unix.O_PATH, 0)
		s.Utimensat(p, "", ts(13, 0, 14, 0), unix.AT_EMPTY_PATH)
		s.ExactTimes("via O_PATH fd", s.Times("f"))
		s.Utimensat(r, "", ts(15, 0, 16, 0), 0)
		s.Utimensat(s.FD(40), "", ts(15, 0, 16, 0), unix.AT_EMPTY_PATH)
		s.Utimensat(unix.AT_FDCWD, "", ts(15, 0, 16, 0), unix.AT_EMPTY_PATH)
		s.ExactTimes("sandbox", s.Times("."))
	}),
	sc("getdents_moves_dir_atime_by_relatime", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("d/f", "", 0o644)
		fd := s.Open("d", dirOnly, 0)
		step(s, "first listing", "d", func() { s.ReadDir(fd, 4096) })
		step(s, "getdents at end", "d", func() { s.Getdents(fd, 4096) })
		step(s, "rewind and list", "d", func() { s.Seek(fd, 0, unix.SEEK_SET); s.ReadDir(fd, 4096) })
		step(s, "add an entry", "d", func() { s.WriteFile("d/g", "", 0o644) })
		step(s, "list after change", "d", func() { s.Seek(fd, 0, unix.SEEK_SET); s.ReadDir(fd, 4096) })
	}),
	sc("getdents_with_too_small_buffer_still_touches_atime", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		fd := s.Open("d", dirOnly, 0)
		step(s, "EINVAL getdents", "d", func() { s.Getdents(fd, 8) })
	}),
	sc("readlink_moves_link_atime_by_relatime", func(s *vfstest.Session) {
		s.Symlink("target", "l")
		step(s, "first readlink", "l", func() { s.Readlink("l", 100) })
		step(s, "second readlink", "l", func() { s.Readlink("l", 100) })
	}),
	sc("mkdir_and_rmdir_move_parent_times_and_rmdir_victim_ctime", func(s *vfstest.Session) {
		s.Mkdir("p", 0o755)
		step(s, "mkdir child", "p", func() { s.Mkdir("p/c", 0o755) })
		c := s.Open("p/c", dirOnly, 0)
		s.Tick()
		before := s.FTimes(c)
		step(s, "rmdir child", "p", func() { s.Rmdir("p/c") })
		s.TimesMoved("removed dir", before, s.FTimes(c))
		s.Fstat(c)
	}),
	sc("following_a_symlink_moves_its_atime_by_relatime", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o644)
		s.Symlink("f", "l")
		step(s, "first follow", "l", func() { s.Stat("l") })
		step(s, "second follow", "l", func() { s.Close(s.Open("l", readOnly, 0)) })
		step(s, "lstat", "l", func() { s.Lstat("l") })
	}),

	// Set-id bits and statfs: attributes other than the times.
	sc("statfs_of_the_sandbox_is_tmpfs", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Symlink("f", "l")
		s.Statfs(".")
		s.Statfs("l")
		s.Fstatfs(s.Open("f", readOnly, 0))
		s.Fstatfs(s.Open("f", unix.O_PATH, 0))
		s.Statfs("missing")
		s.Statfs("f/x")
		s.Fstatfs(s.FD(30))
	}),
	sc("fstatfs_of_a_pipe_is_pipefs", func(s *vfstest.Session) {
		r, w := s.Pipe()
		s.Fstatfs(r)
		s.Fstatfs(w)
	}),
	sc("chown_minus_one_as_root_clears_setuid_but_not_on_dirs", func(s *vfstest.Session) {
		s.NeedRoot("the case checks root's chown(-1, -1)")
		s.WriteFile("f", "", 0o644)
		s.Chmod("f", 0o6755)
		s.Chown("f", -1, -1)
		s.Stat("f")
		s.Chmod("f", 0o6745)
		s.Fchown(s.Open("f", readOnly, 0), -1, -1)
		s.Stat("f")
		s.Symlink("f", "l")
		s.Chmod("f", 0o4755)
		s.Lchown("l", -1, -1)
		s.Stat("f")
		s.Mkdir("d", 0o755)
		s.Chmod("d", 0o7755)
		s.Chown("d", -1, -1)
		s.Stat("d")
	}),
	sc("root_write_truncate_and_fallocate_keep_setuid_bits", func(s *vfstest.Session) {
		s.NeedRoot("the case checks that root's writes keep set-id bits (CAP_FSETID)")
		s.WriteFile("f", "", 0o644)
		s.Chmod("f", 0o6755)
		fd := s.Open("f", unix.O_RDWR, 0)
		s.Write(fd, "data")
		s.Fstat(fd)
		s.Ftruncate(fd, 1)
		s.Truncate("f", 2)
		s.Fallocate(fd, 0, 0, 100)
		s.Close(s.Open("f", unix.O_WRONLY|unix.O_TRUNC, 0))
		s.Fstat(fd)
	}),
	sc("creat_and_mknod_keep_set_id_bits_masked_by_umask", func(s *vfstest.Session) {
		s.Close(s.Open("a", creatWR, 0o7777))
		s.Mknod("b", unix.S_IFREG|0o7777, 0)
		s.Mknod("p", unix.S_IFIFO|0o7777, 0)
		s.Umask(0o7077)
		s.Close(s.Open("c", creatWR, 0o7777))
		s.Mkdir("d", 0o7777)
		s.Umask(0o022)
		for _, p := range []string{"a", "b", "p", "c", "d"} {
			s.Stat(p)
		}
	}),
}
