//go:build linux

package vfstest_test

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Magic links of /proc/self against the host's: the text they read as
// (ReadlinkMagic spells the sandbox <sandbox> and inode numbers "ino"),
// and where following them leads (proc(5): /proc/pid/fd, cwd, root).
var procMagicScenarios = []vfstest.Scenario{
	sc("proc_fd_link_of_a_file_reads_its_path", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("d/f", "x", 0o644)
		fd := s.Open("d/f", readOnly, 0)
		s.ReadlinkMagic(s.ProcFD(fd))
		dir := s.Open("d", dirOnly, 0)
		s.ReadlinkMagic(s.ProcFD(dir))
		s.Rename("d/f", "d/g")
		s.ReadlinkMagic(s.ProcFD(fd))
	}),
	sc("proc_fd_link_of_an_unlinked_file_reads_path_deleted", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Unlink("f")
		s.ReadlinkMagic(s.ProcFD(fd))
		s.WriteFile("f", "new", 0o644) // a new file of that name changes nothing
		s.ReadlinkMagic(s.ProcFD(fd))
		s.Mkdir("d", 0o755)
		dir := s.Open("d", dirOnly, 0)
		s.Rmdir("d")
		s.ReadlinkMagic(s.ProcFD(dir))
	}),
	sc("proc_fd_link_of_a_pipe_reads_pipe_and_its_inode", func(s *vfstest.Session) {
		r, w := s.Pipe()
		text := s.ReadlinkMagic(s.ProcFD(r))
		st := s.Fstat(r)
		s.Note("the number is fstat's inode", text == fmt.Sprintf("pipe:[%d]", st.Ino))
		s.Note("both ends read alike", s.ReadlinkMagic(s.ProcFD(w)) == text)
		s.Lstat(s.ProcFD(r))
		s.Stat(s.ProcFD(w))
	}),
	sc("proc_fd_link_of_an_O_TMPFILE_reads_hash_inode_deleted", func(s *vfstest.Session) {
		fd := s.Open(".", unix.O_TMPFILE|unix.O_RDWR, 0o600)
		text := s.ReadlinkMagic(s.ProcFD(fd))
		st := s.Fstat(fd)
		s.Note("the name is #ino", len(text) > 0 && text[len(text)-len(fmt.Sprintf("#%d (deleted)", st.Ino)):] == fmt.Sprintf("#%d (deleted)", st.Ino))
	}),
	sc("proc_fd_links_of_devices_and_proc_files_read_their_paths", func(s *vfstest.Session) {
		null := s.Open("/dev/null", unix.O_WRONLY, 0)
		s.ReadlinkMagic(s.ProcFD(null))
		st := s.Open("/proc/sys/kernel/ostype", readOnly, 0)
		s.ReadlinkMagic(s.ProcFD(st))
		root := s.Open("/", dirOnly, 0)
		s.ReadlinkMagic(s.ProcFD(root))
	}),
	sc("proc_fd_links_are_size_64_with_the_open_mode_as_permissions", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		for _, fl := range []int{unix.O_RDONLY, unix.O_WRONLY, unix.O_RDWR, unix.O_PATH, unix.O_WRONLY | unix.O_APPEND, unix.O_ACCMODE} {
			fd := s.Open("f", fl, 0)
			s.Lstat(s.ProcFD(fd))
			s.Close(fd)
		}
		r, w := s.Pipe()
		s.Lstat(s.ProcFD(r))
		s.Lstat(s.ProcFD(w))
	}),
	sc("proc_fd_readlink_truncates_to_the_buffer_without_a_nul", func(s *vfstest.Session) {
		r, _ := s.Pipe()
		s.Readlink(s.ProcFD(r), 5)
		s.Readlink(s.ProcFD(r), 1)
		s.Readlink(s.ProcFD(r), 0)
	}),
	sc("proc_fd_of_a_closed_or_absurd_number_is_ENOENT", func(s *vfstest.Session) {
		fd := s.Open(".", dirOnly, 0)
		path := s.ProcFD(fd)
		s.Close(fd)
		s.Lstat(path)
		s.Readlink(path, 64)
		s.Open(path, readOnly, 0)
		for _, n := range []string{"99999999999", "2147483647", "2147483648", "-1", "+1", "01", "1x", " 1"} {
			s.Lstat("/proc/self/fd/" + n)
			s.Lstat("/proc/self/fdinfo/" + n)
		}
	}),
	sc("open_through_proc_fd_reads_an_unlinked_file_with_its_own_offset", func(s *vfstest.Session) {
		s.WriteFile("f", "still here", 0o644)
		fd := s.Open("f", unix.O_RDWR, 0)
		s.Read(fd, 3)
		s.Unlink("f")
		again := s.Open(s.ProcFD(fd), readOnly, 0)
		s.Read(again, 100)
		s.Read(fd, 100)
		s.Note("same inode", s.Fstat(again).Ino == s.Fstat(fd).Ino)
		s.Write(fd, "!")
		s.Pread(again, 100, 0)
		s.Open(s.ProcFD(fd), unix.O_WRONLY|unix.O_TRUNC, 0)
		s.Fstat(fd)
	}),
	sc("stat_through_proc_fd_is_the_open_files_own", func(s *vfstest.Session) {
		s.WriteFile("f", "hello", 0o640)
		fd := s.Open("f", readOnly, 0)
		s.Note("same inode", s.Stat(s.ProcFD(fd)).Ino == s.Fstat(fd).Ino)
		s.Unlink("f")
		s.Stat(s.ProcFD(fd))
		s.Access(s.ProcFD(fd), unix.R_OK)
		s.Chmod(s.ProcFD(fd), 0o600) // chmod follows the link to the inode
		s.Fstat(fd)
	}),
	sc("linkat_follow_through_proc_fd_cannot_resurrect_an_unlinked_file", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Unlink("f")
		s.Linkat(unix.AT_FDCWD, s.ProcFD(fd), unix.AT_FDCWD, "back", unix.AT_SYMLINK_FOLLOW)
		s.Stat("back")
	}),
	sc("linkat_follow_through_proc_fd_gives_a_live_file_another_name", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Linkat(unix.AT_FDCWD, s.ProcFD(fd), unix.AT_FDCWD, "g", unix.AT_SYMLINK_FOLLOW)
		s.Stat("f")
		s.Linkat(unix.AT_FDCWD, s.ProcFD(fd), unix.AT_FDCWD, "g", unix.AT_SYMLINK_FOLLOW)
		d := s.Open(".", dirOnly, 0)
		s.Linkat(unix.AT_FDCWD, s.ProcFD(d), unix.AT_FDCWD, "dd", unix.AT_SYMLINK_FOLLOW)
	}),
	sc("linkat_without_follow_of_proc_fd_is_EXDEV", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Linkat(unix.AT_FDCWD, s.ProcFD(fd), unix.AT_FDCWD, "g", 0)
		s.Link(s.ProcFD(fd), "g")
		s.Lstat("g")
	}),
	sc("linkat_follow_makes_an_O_TMPFILE_permanent", func(s *vfstest.Session) {
		fd := s.Open(".", unix.O_TMPFILE|unix.O_RDWR, 0o640)
		s.Write(fd, "made in the dark")
		s.Fstat(fd)
		s.Linkat(unix.AT_FDCWD, s.ProcFD(fd), unix.AT_FDCWD, "kept", unix.AT_SYMLINK_FOLLOW)
		s.Stat("kept")
		s.Note("same inode", s.Stat("kept").Ino == s.Fstat(fd).Ino)
		s.ReadlinkMagic(s.ProcFD(fd))
		g := s.Open("kept", readOnly, 0)
		s.Read(g, 100)
		s.Linkat(unix.AT_FDCWD, s.ProcFD(fd), unix.AT_FDCWD, "twice", unix.AT_SYMLINK_FOLLOW)
	}),
	sc("linkat_of_an_O_TMPFILE_O_EXCL_is_ENOENT", func(s *vfstest.Session) {
		fd := s.Open(".", unix.O_TMPFILE|unix.O_RDWR|unix.O_EXCL, 0o600)
		s.Linkat(unix.AT_FDCWD, s.ProcFD(fd), unix.AT_FDCWD, "kept", unix.AT_SYMLINK_FOLLOW)
		s.Stat("kept")
		s.FDInfo(fd)
	}),
	sc("open_through_proc_fd_of_a_pipe_reaches_the_same_pipe", func(s *vfstest.Session) {
		r, w := s.Pipe()
		w2 := s.Open(s.ProcFD(w), unix.O_WRONLY, 0)
		s.Write(w2, "via proc")
		s.Read(r, 100)
		r2 := s.Open(s.ProcFD(w), unix.O_RDONLY|unix.O_NONBLOCK, 0) // a read end through the write end's link
		s.Write(w, "both")
		s.Read(r2, 100)
		s.Note("same pipe", s.Fstat(r2).Ino == s.Fstat(r).Ino)
		s.Close(w)
		s.Close(w2)
		s.Read(r, 10)
		rw := s.Open(s.ProcFD(r), unix.O_RDWR, 0)
		s.Write(rw, "loop")
		s.Read(r2, 10)
	}),
	sc("RESOLVE_NO_MAGICLINKS_refuses_proc_fd_but_not_proc_self", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		fd := s.Open("f", readOnly, 0)
		no := vfstest.OpenHow{Flags: unix.O_RDONLY, Resolve: unix.RESOLVE_NO_MAGICLINKS}
		s.Openat2(unix.AT_FDCWD, s.ProcFD(fd), no)
		s.Openat2(unix.AT_FDCWD, "/proc/self/status", no)
		s.Openat2(unix.AT_FDCWD, s.ProcFD(fd), vfstest.OpenHow{Flags: unix.O_PATH | unix.O_NOFOLLOW, Resolve: unix.RESOLVE_NO_MAGICLINKS})
		s.Openat2(unix.AT_FDCWD, s.ProcFD(fd), vfstest.OpenHow{Flags: unix.O_RDONLY | unix.O_NOFOLLOW})
		s.Openat2(unix.AT_FDCWD, "/proc/self/status", vfstest.OpenHow{Flags: unix.O_RDONLY, Resolve: unix.RESOLVE_NO_SYMLINKS})
		s.Openat2(unix.AT_FDCWD, s.ProcFD(fd), vfstest.OpenHow{Flags: unix.O_RDONLY, Resolve: unix.RESOLVE_NO_XDEV})
	}),
	sc("scoped_openat2_through_proc_fd_is_EXDEV", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		fd := s.Open("f", readOnly, 0)
		proc := s.Open("/proc", dirOnly, 0)
		rel := s.ProcFD(fd)[len("/proc/"):]
		s.Openat2(proc, rel, vfstest.OpenHow{Flags: unix.O_RDONLY, Resolve: unix.RESOLVE_BENEATH})
		s.Openat2(proc, rel, vfstest.OpenHow{Flags: unix.O_RDONLY, Resolve: unix.RESOLVE_IN_ROOT})
		s.Openat2(proc, "self/status", vfstest.OpenHow{Flags: unix.O_RDONLY, Resolve: unix.RESOLVE_BENEATH})
		s.Openat2(unix.AT_FDCWD, s.ProcFD(fd), vfstest.OpenHow{Flags: unix.O_RDONLY, Resolve: unix.RESOLVE_BENEATH})
		s.Openat2(unix.AT_FDCWD, s.ProcFD(fd), vfstest.OpenHow{Flags: unix.O_RDONLY, Resolve: unix.RESOLVE_IN_ROOT})
	}),
	sc("dotdot_after_a_magic_link_jump_climbs_from_the_target", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Mkdir("d/e", 0o755)
		s.WriteFile("d/f", "in d", 0o644)
		e := s.Open("d/e", dirOnly, 0)
		s.Note("fd/N/.. is d", s.Stat(s.ProcFD(e)+"/..").Ino == s.Stat("d").Ino)
		f := s.Open(s.ProcFD(e)+"/../f", readOnly, 0)
		s.Read(f, 10)
		s.Note("fd/N/../.. is the sandbox", s.Stat(s.ProcFD(e)+"/../..").Ino == s.Stat(".").Ino)
		s.Rename("d/e", "e2")
		s.Note("after a rename .. follows the dentry", s.Stat(s.ProcFD(e)+"/..").Ino == s.Stat(".").Ino)
		s.Rmdir("e2")
		s.Stat(s.ProcFD(e) + "/..")
		s.Open(s.ProcFD(e)+"/new", creatRW, 0o644)
	}),
	sc("a_path_through_a_files_fd_link_is_ENOTDIR", func(s *vfstest.Session) {
		s.WriteFile("f", "x", 0o644)
		fd := s.Open("f", readOnly, 0)
		s.Stat(s.ProcFD(fd) + "/")
		s.Stat(s.ProcFD(fd) + "/x")
		s.Stat(s.ProcFD(fd) + "/.")
		r, _ := s.Pipe()
		s.Stat(s.ProcFD(r) + "/..")
		d := s.Open(".", dirOnly, 0)
		s.Openat(d, "f", readOnly, 0)
		s.Stat(s.ProcFD(d) + "/f")
	}),
	sc("fchdir_through_proc_fd_of_a_directory_and_relative_walks", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.WriteFile("d/f", "in d", 0o644)
		d := s.Open("d", unix.O_PATH|unix.O_DIRECTORY, 0)
		s.Chdir(s.ProcFD(d))
		s.Getcwd()
		s.Stat("f")
		s.Chdir(s.ProcFD(d) + "/..")
		s.Getcwd()
	}),
}
