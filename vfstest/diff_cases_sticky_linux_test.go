//go:build linux

package vfstest_test

import (
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// O_CREAT in a sticky directory (may_create_in_sticky): an O_CREAT open
// that finds an object another user left in a sticky, world-writable
// directory is EACCES, even for root, unless the caller or the
// directory's owner owns it. Regular files and FIFOs are spared while
// fs.protected_regular and fs.protected_fifos are 0 (the kernel's
// default); devices, sockets and symlinks never are. The random
// differential found the rule missing (seed 5000315, 2000 calls a
// sequence). Ids and helpers are in diff_cases_perm_linux_test.go.

// stickyOpens tries the O_CREAT opens whose answers the rule decides.
func stickyOpens(s *vfstest.Session, names ...string) {
	for _, name := range names {
		tryOpen(s, name, unix.O_RDONLY|unix.O_CREAT, 0o644)
	}
}

// stickyDir makes a sticky world-writable directory d holding another
// user's device, root's device, another user's socket node, directory
// and symlinks (one of them to the other user's device).
func stickyDir(s *vfstest.Session) {
	s.Mkdir("d", 0o777)
	s.Chmod("d", 0o1777)
	s.Mknod("d/chr", unix.S_IFCHR|0o644, int(unix.Mkdev(1, 7)))
	s.Chown("d/chr", otherUID, otherGID)
	s.Mknod("d/rootchr", unix.S_IFCHR|0o644, int(unix.Mkdev(1, 7)))
	s.Mknod("d/sock", unix.S_IFSOCK|0o644, 0)
	s.Chown("d/sock", otherUID, otherGID)
	dir(s, "d/sub", otherUID, otherGID, 0o755)
	s.Symlink("rootchr", "d/sym")
	s.Lchown("d/sym", otherUID, otherGID)
	s.Symlink("chr", "d/rootsym")
}

// stickyLinks makes a sticky world-writable directory d holding
// another user's symlinks to a file (l), a directory (ld) and nothing
// (ln), root's own link to the file (lr) and root's link to l (chain);
// tl and mid, outside d, are root's links to d/l and d/ld.
func stickyLinks(s *vfstest.Session) {
	s.Mkdir("d", 0o777)
	s.Chmod("d", 0o1777)
	file(s, "f", "x", 0, 0, 0o644)
	s.Mkdir("sub", 0o755)
	for _, l := range [][2]string{{"../f", "d/l"}, {"../sub", "d/ld"}, {"../nosuch", "d/ln"}} {
		s.Symlink(l[0], l[1])
		s.Lchown(l[1], otherUID, otherGID)
	}
	s.Symlink("../f", "d/lr")
	s.Symlink("l", "d/chain")
	s.Symlink("d/l", "tl")
	s.Symlink("d/ld", "mid")
}

// stickyFollows makes the calls whose answers fs.protected_symlinks
// decides, and some it does not: a link in the middle of a path, or
// not followed at all.
func stickyFollows(s *vfstest.Session) {
	for _, name := range []string{"d/l", "d/ld", "d/ld/", "d/ld/.", "d/ld/../f", "d/ln", "d/lr", "d/chain", "tl", "mid", "mid/."} {
		s.Stat(name)
	}
	s.Lstat("d/l")
	s.Readlink("d/l", 64)
	s.Access("d/l", 0)
	for _, flags := range []int{unix.O_RDONLY, unix.O_RDONLY | unix.O_NOFOLLOW, unix.O_PATH, unix.O_PATH | unix.O_NOFOLLOW} {
		tryOpen(s, "d/l", flags)
	}
}

var stickyScenarios = []vfstest.Scenario{
	// Following a symlink another user left in a sticky, world-writable
	// directory (may_follow_link): EACCES, even for root, for a trailing
	// link while fs.protected_symlinks is on, unless the caller or the
	// directory's owner owns the link. govfs is booted with the host's
	// value, so the case checks whichever the host has; with it on, the
	// dangling link's O_CREAT is refused too.
	sc("sticky_follow_of_another_users_symlink_obeys_protected_symlinks", func(s *vfstest.Session) {
		stickyLinks(s)
		stickyFollows(s)
		tryOpen(s, "d/ln", unix.O_WRONLY|unix.O_CREAT, 0o644)
		s.Stat("d/ln")
		s.Linkat(unix.AT_FDCWD, "d/l", unix.AT_FDCWD, "hl", unix.AT_SYMLINK_FOLLOW)
		s.Truncate("d/l", 0)
		s.Chdir("d/ld")
		s.Chdir("..")
		s.Chmod("d", 0o1775) // only world-writable directories count
		stickyFollows(s)
		s.Chmod("d", 0o0777) // and only sticky ones
		stickyFollows(s)
		s.Chmod("d", 0o1777)
		s.Chown("d", otherUID, otherGID) // the directory's owner owns the links
		stickyFollows(s)
		s.Stat("d/lr") // but not root's
	}),
	sc("sticky_follow_of_a_symlink_by_its_owner_or_a_third_user", func(s *vfstest.Session) {
		stickyLinks(s)
		s.Chmod("f", 0o666)
		s.Lchown("d/lr", userUID, userGID)
		asUser(s, func(u *vfstest.Session) {
			for _, name := range []string{"d/l", "d/lr", "d/chain", "tl", "mid/."} {
				u.Stat(name)
			}
			tryOpen(u, "d/lr", unix.O_RDWR)
		})
	}),
	sc("sticky_O_CREAT_of_another_users_device_is_EACCES_even_for_root", func(s *vfstest.Session) {
		stickyDir(s)
		stickyOpens(s, "d/chr", "d/rootchr", "d/sock", "d/sub", "d/sym", "d/rootsym")
		tryOpen(s, "d/chr", unix.O_RDONLY)
		tryOpen(s, "d/chr", unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC, 0o644)
		tryOpen(s, "d/chr", unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL, 0o644)
		tryOpen(s, "d/chr", unix.O_PATH|unix.O_CREAT, 0o644)
		tryOpen(s, "d/sym", unix.O_RDONLY|unix.O_CREAT|unix.O_NOFOLLOW, 0o644)
		tryOpen(s, "d/new", unix.O_RDONLY|unix.O_CREAT, 0o644)
	}),
	sc("sticky_O_CREAT_rule_needs_a_world_writable_dir_not_owned_by_the_objects_owner", func(s *vfstest.Session) {
		stickyDir(s)
		for _, mode := range []uint32{0o1770, 0o1757, 0o1707, 0o0777} {
			s.Chmod("d", mode)
			stickyOpens(s, "d/chr")
		}
		s.Chmod("d", 0o1777)
		s.Chown("d", otherUID, otherGID)
		stickyOpens(s, "d/chr", "d/rootchr")
	}),
	sc("sticky_O_CREAT_of_the_callers_own_or_the_dir_owners_device", func(s *vfstest.Session) {
		stickyDir(s)
		s.Mknod("d/mine", unix.S_IFCHR|0o666, int(unix.Mkdev(1, 7)))
		s.Chown("d/mine", userUID, userGID)
		s.Chmod("d/rootchr", 0o666)
		asUser(s, func(u *vfstest.Session) {
			stickyOpens(u, "d/mine", "d/rootchr", "d/chr")
		})
	}),
	{
		Name: "sticky_O_CREAT_spares_regular_files_and_FIFOs_while_their_sysctls_are_0",
		Skip: skipUnlessSysctl("fs/protected_regular", "0") + skipUnlessSysctl("fs/protected_fifos", "0"),
		Run: func(s *vfstest.Session) {
			stickyDir(s)
			file(s, "d/reg", "x", otherUID, otherGID, 0o644)
			s.Mkfifo("d/fifo", 0o666)
			s.Chown("d/fifo", otherUID, otherGID)
			stickyOpens(s, "d/reg")
			tryOpen(s, "d/fifo", unix.O_RDONLY|unix.O_CREAT|unix.O_NONBLOCK, 0o644)
		},
	},
	// The random differential's reproducer, as it shrank it.
	sc("rand_seed_5000315", func(s *vfstest.Session) {
		s.Mkdir("w", 0o755)
		s.Chdir("w")
		s.Mknod("f0", unix.S_IFCHR|0o644, 263)
		s.Link("f0", "l0")
		s.TimerfdCreate(unix.CLOCK_REALTIME, 0)
		s.EpollCreate1(0)
		s.Open("l0", unix.O_RDONLY, 0o0)
		s.Chmod(".", 0o7777)
		s.Fchown(s.FD(2), 1, 0)
		s.Open("f0", unix.O_CREAT, 0o644)
	}),
}
