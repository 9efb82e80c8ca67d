//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// chmod, chown, umask and access. Cases that need a non-root uid cannot
// run on the host here (the tests run as root) and are left out.
var attrScenarios = []vfstest.Scenario{
	sc("chmod_sets_setuid_setgid_and_sticky_bits", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Mkdir("d", 0o755)
		for _, m := range []uint32{0o4755, 0o2755, 0o1777, 0o7777, 0o0} {
			s.Chmod("f", m)
			s.Stat("f")
		}
		s.Chmod("d", 0o1777)
		s.Stat("d")
		s.Chmod("missing", 0o644)
	}),
	sc("chmod_ignores_file_type_bits", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Chmod("f", unix.S_IFDIR|0o600)
		s.Stat("f")
	}),
	sc("chmod_follows_symlinks_and_fchmodat_nofollow_is_refused", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Symlink("f", "l")
		s.Chmod("l", 0o600)
		s.Stat("f")
		s.Lstat("l")
		s.Fchmodat(unix.AT_FDCWD, "l", 0o640, unix.AT_SYMLINK_NOFOLLOW)
		s.Fchmodat(unix.AT_FDCWD, "f", 0o640, unix.AT_SYMLINK_NOFOLLOW)
		s.Fchmodat(unix.AT_FDCWD, "f", 0o640, 0x4)
		s.Stat("f")
	}),
	sc("fchmod_through_an_fd", func(s *vfstest.Session) {
		fd := s.Open("f", creatRW, 0o644)
		s.Fchmod(fd, 0o4711)
		s.Fstat(fd)
		s.Unlink("f")
		s.Fchmod(fd, 0o600)
		s.Fstat(fd)
	}),
	sc("chown_changes_owner_and_minus_one_keeps_it", func(s *vfstest.Session) {
		s.NeedRoot("chown to another owner needs CAP_CHOWN")
		s.WriteFile("f", "", 0o644)
		s.Chown("f", 1000, 2000)
		s.Stat("f")
		s.Chown("f", -1, 3000)
		s.Stat("f")
		s.Chown("f", 4000, -1)
		s.Stat("f")
		s.Fchown(s.Open("f", readOnly, 0), 0, 0)
		s.Stat("f")
	}),
	sc("chown_clears_setuid_and_setgid_of_a_file", func(s *vfstest.Session) {
		s.NeedRoot("chown to another owner needs CAP_CHOWN")
		s.WriteFile("f", "", 0o644)
		s.Chmod("f", 0o6755)
		s.Chown("f", 1000, 1000)
		s.Stat("f")
		s.Chmod("f", 0o6745)
		s.Chown("f", 0, 0)
		s.Stat("f")
		s.Mkdir("d", 0o755)
		s.Chmod("d", 0o6755)
		s.Chown("d", 1000, 1000)
		s.Stat("d")
	}),
	sc("lchown_changes_the_link_not_the_target", func(s *vfstest.Session) {
		s.NeedRoot("chown to another owner needs CAP_CHOWN")
		s.WriteFile("f", "", 0o644)
		s.Symlink("f", "l")
		s.Lchown("l", 1000, 1000)
		s.Lstat("l")
		s.Stat("f")
		s.Chown("l", 2000, 2000)
		s.Stat("f")
		s.Lstat("l")
	}),
	sc("setgid_dir_passes_its_group_to_new_files_and_subdirs", func(s *vfstest.Session) {
		s.NeedRoot("chown to another group needs CAP_CHOWN")
		s.Mkdir("d", 0o755)
		s.Chown("d", -1, 1234)
		s.Chmod("d", 0o2775)
		s.WriteFile("d/f", "", 0o644)
		s.Mkdir("d/sub", 0o755)
		s.Mknod("d/fifo", unix.S_IFIFO|0o644, 0)
		s.Stat("d/f")
		s.Stat("d/sub")
		s.Stat("d/fifo")
		s.Mkdir("plain", 0o755)
		s.Chown("plain", -1, 1234)
		s.WriteFile("plain/f", "", 0o644)
		s.Stat("plain/f")
	}),
	sc("umask_masks_create_mkdir_and_mknod_modes", func(s *vfstest.Session) {
		s.Umask(0o027)
		s.WriteFile("f", "", 0o777)
		s.Mkdir("d", 0o777)
		s.Mkfifo("p", 0o666)
		s.Umask(0)
		s.WriteFile("g", "", 0o777)
		s.Umask(0o777)
		s.Mkdir("e", 0o777)
		s.Umask(0o1022)
		s.Umask(0o022)
		for _, p := range []string{"f", "d", "p", "g", "e"} {
			s.Stat(p)
		}
	}),
	sc("access_checks_existence_and_root_needs_an_x_bit", func(s *vfstest.Session) {
		s.NeedRoot("the case checks root's bypass of permission bits (CAP_DAC_OVERRIDE)")
		s.WriteFile("f", "", 0o644)
		s.Access("f", unix.F_OK)
		s.Access("f", unix.R_OK|unix.W_OK)
		s.Access("f", unix.X_OK)
		s.Chmod("f", 0o000)
		s.Access("f", unix.R_OK|unix.W_OK)
		s.Chmod("f", 0o001)
		s.Access("f", unix.X_OK)
		s.Access("missing", unix.F_OK)
		s.Access("f/x", unix.F_OK)
		s.Access("f", 8)
	}),
	sc("faccessat_flags_and_symlinks", func(s *vfstest.Session) {
		s.Symlink("missing", "dangling")
		s.Faccessat(unix.AT_FDCWD, "dangling", unix.F_OK, 0)
		s.Faccessat(unix.AT_FDCWD, "dangling", unix.F_OK, unix.AT_SYMLINK_NOFOLLOW)
		s.Faccessat(unix.AT_FDCWD, "dangling", unix.F_OK, unix.AT_EACCESS)
		s.Faccessat(unix.AT_FDCWD, "dangling", unix.F_OK, 0x4)
		s.Mkdir("d", 0o755)
		s.WriteFile("d/f", "", 0o644)
		s.Faccessat(s.Open("d", dirOnly, 0), "f", unix.R_OK, 0)
	}),
	sc("stat_of_new_file_is_owned_by_creator", func(s *vfstest.Session) {
		s.WriteFile("f", "abc", 0o640)
		s.Stat("f")
		s.Stat(".")
		s.Fstatat(unix.AT_FDCWD, "f", 0x2)
	}),
}

// mknod and mkfifo, and what opening special files does.
var nodeScenarios = []vfstest.Scenario{
	sc("mknod_makes_fifo_char_block_socket_and_regular_nodes", func(s *vfstest.Session) {
		s.NeedRoot("mknod of char and block devices needs CAP_MKNOD")
		s.Mknod("fifo", unix.S_IFIFO|0o644, 0)
		s.Mknod("chr", unix.S_IFCHR|0o600, int(unix.Mkdev(1, 3)))
		s.Mknod("blk", unix.S_IFBLK|0o600, int(unix.Mkdev(7, 0)))
		s.Mknod("sock", unix.S_IFSOCK|0o644, 0)
		s.Mknod("reg", unix.S_IFREG|0o644, 0)
		s.Mknod("notype", 0o644, 0)
		for _, p := range []string{"fifo", "chr", "blk", "sock", "reg", "notype"} {
			s.Lstat(p)
		}
	}),
	sc("mknod_of_directory_or_bad_type_is_refused", func(s *vfstest.Session) {
		s.Mknod("d", unix.S_IFDIR|0o755, 0)
		s.Mknod("l", unix.S_IFLNK|0o777, 0)
		s.Mknod("x", 0o170000|0o644, 0)
		s.Lstat("d")
	}),
	sc("mknod_and_mkfifo_on_existing_name_are_EEXIST", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		s.Mkfifo("p", 0o644)
		s.Mknod("p", unix.S_IFIFO|0o644, 0)
		s.Symlink("nowhere", "l")
		s.Mkfifo("l", 0o644)
		s.Mkfifo("missing/p", 0o644)
	}),
	sc("open_fifo_nonblocking_needs_a_reader_for_writing", func(s *vfstest.Session) {
		s.Mkfifo("p", 0o644)
		s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		r := s.Open("p", unix.O_RDONLY|unix.O_NONBLOCK, 0)
		w := s.Open("p", unix.O_WRONLY|unix.O_NONBLOCK, 0)
		s.Read(r, 10)
		s.Write(w, "through the fifo")
		s.Read(r, 100)
		s.Fstat(w)
		s.Seek(r, 0, unix.SEEK_SET)
		s.Pread(r, 1, 0)
	}),
	sc("open_socket_node_is_ENXIO", func(s *vfstest.Session) {
		s.Mknod("sock", unix.S_IFSOCK|0o644, 0)
		s.Open("sock", readOnly, 0)
		s.Open("sock", unix.O_PATH, 0)
	}),
}
