//go:build linux

package vfstest_test

import (
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// bind(2) of AF_UNIX sockets: the S_IFSOCK node a path makes, names in
// use, abstract names and autobind (socket_unix_unbound_*.cc,
// socket_unix_abstract_nonblock.cc, socket_unix_filesystem_nonblock.cc).
var sockBindScenarios = []vfstest.Scenario{
	sc("bind_to_a_path_makes_an_S_IFSOCK_node_with_the_umask_applied", func(s *vfstest.Session) {
		fd := s.Socket(afUnix, stream, 0)
		s.Bind(fd, ua("s"))
		s.Lstat("s")
		s.Umask(0o077)
		fd2 := s.Socket(afUnix, dgram, 0)
		s.Bind(fd2, ua("t"))
		s.Lstat("t")
		s.Umask(0)
		fd3 := s.Socket(afUnix, seqpacket, 0)
		s.Bind(fd3, ua("u"))
		s.Lstat("u")
		s.Getsockname(fd)
		s.ReadDir(s.Open(".", dirOnly, 0), 4096)
	}),
	sc("bind_in_a_subdirectory_and_getsockname_reads_the_path_as_given", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		fd := s.Socket(afUnix, dgram, 0)
		s.Bind(fd, ua("d/./s"))
		s.Getsockname(fd)
		s.Chdir("d")
		fd2 := s.Socket(afUnix, dgram, 0)
		s.Bind(fd2, ua("t"))
		s.Getsockname(fd2)
		s.Lstat("t")
	}),
	sc("bind_to_an_existing_name_is_EADDRINUSE", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		s.Mkdir("d", 0o755)
		s.Symlink("missing", "l")
		a := s.Socket(afUnix, stream, 0)
		s.Bind(a, ua("s"))
		for _, name := range []string{"f", "d", "l", "s"} {
			b := s.Socket(afUnix, stream, 0)
			s.Bind(b, ua(name))
			s.Close(b)
		}
		s.Lstat("missing")
	}),
	sc("binding_a_bound_socket_again_is_EINVAL", func(s *vfstest.Session) {
		fd := s.Socket(afUnix, stream, 0)
		s.Bind(fd, ua("s"))
		s.Bind(fd, ua("s2"))
		s.Bind(fd, ua("@abs"))
		s.Lstat("s2")
		a, _ := s.Socketpair(afUnix, dgram, 0)
		s.Bind(a, ua("p"))
		s.Getsockname(a)
	}),
	sc("bind_where_the_path_cannot_be_made", func(s *vfstest.Session) {
		s.WriteFile("f", "", 0o644)
		fd := s.Socket(afUnix, stream, 0)
		s.Bind(fd, ua("missing/s"))
		s.Bind(fd, ua("f/s"))
		s.Bind(fd, ua("s/"))
		s.Bind(fd, ua("."))
		s.Getsockname(fd)
	}),
	sc("sun_path_of_107_bytes_binds_and_108_is_EINVAL", func(s *vfstest.Session) {
		fd := s.Socket(afUnix, stream, 0)
		s.Bind(fd, ua(strings.Repeat("n", 108)))
		s.Bind(fd, ua(strings.Repeat("n", 200)))
		s.Bind(fd, ua(strings.Repeat("n", 107)))
		s.Getsockname(fd)
		fd2 := s.Socket(afUnix, stream, 0)
		// Not "@" + 107 bytes, which binds on Linux: the host's
		// abstract names carry the harness's prefix.
		s.Bind(fd2, ua("@"+strings.Repeat("a", 200)))
	}),
	sc("open_of_a_socket_node_is_ENXIO_but_O_PATH_works", func(s *vfstest.Session) {
		fd := s.Socket(afUnix, stream, 0)
		s.Bind(fd, ua("s"))
		s.Open("s", unix.O_RDONLY, 0)
		s.Open("s", unix.O_RDWR|unix.O_NONBLOCK, 0)
		s.Open("s", unix.O_WRONLY|unix.O_CREAT, 0o644)
		s.Open("s", unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL, 0o644)
		p := s.Open("s", unix.O_PATH, 0)
		s.Fstat(p)
		s.Truncate("s", 0)
	}),
	sc("mknod_S_IFSOCK_makes_a_node_nobody_listens_on", func(s *vfstest.Session) {
		s.Mknod("n", unix.S_IFSOCK|0o644, 0)
		s.Lstat("n")
		fd := s.Socket(afUnix, stream, 0)
		s.Connect(fd, ua("n"))
		fd2 := s.Socket(afUnix, dgram, 0)
		s.Sendto(fd2, "x", 0, ua("n"))
	}),
	sc("the_node_outlives_the_socket_and_unlink_removes_it", func(s *vfstest.Session) {
		fd := s.Socket(afUnix, stream, 0)
		s.Bind(fd, ua("s"))
		s.Close(fd)
		s.Lstat("s")
		fd = s.Socket(afUnix, stream, 0)
		s.Bind(fd, ua("s"))
		s.Unlink("s")
		s.Bind(fd, ua("s"))
		fd2 := s.Socket(afUnix, stream, 0)
		s.Bind(fd2, ua("s"))
		s.Lstat("s")
	}),
	sc("abstract_names_leave_no_node_and_are_in_use_while_bound", func(s *vfstest.Session) {
		a := s.Socket(afUnix, dgram, 0)
		s.Bind(a, ua("@name"))
		s.Getsockname(a)
		s.Lstat("name")
		s.Lstat("@name")
		b := s.Socket(afUnix, dgram, 0)
		s.Bind(b, ua("@name"))
		s.Close(a)
		s.Bind(b, ua("@name"))
		s.Getsockname(b)
	}),
	sc("abstract_and_path_namespaces_are_separate", func(s *vfstest.Session) {
		a := s.Socket(afUnix, dgram, 0)
		s.Bind(a, ua("@x"))
		b := s.Socket(afUnix, dgram, 0)
		s.Bind(b, ua("x"))
		c := s.Socket(afUnix, dgram, 0)
		s.Sendto(c, "to-abstract", 0, ua("@x"))
		s.Sendto(c, "to-path", 0, ua("x"))
		s.Recvfrom(a, 20, unix.MSG_DONTWAIT)
		s.Recvfrom(b, 20, unix.MSG_DONTWAIT)
	}),
	sc("bind_with_an_empty_name_autobinds_an_abstract_name", func(s *vfstest.Session) {
		for _, typ := range sockTypes {
			fd := s.Socket(afUnix, typ, 0)
			s.Getsockname(fd)
			s.Bind(fd, ua(""))
			s.Getsockname(fd)
			s.Bind(fd, ua(""))
		}
	}),
	sc("an_autobound_name_can_be_connected_to", func(s *vfstest.Session) {
		a := s.Socket(afUnix, dgram, 0)
		s.Bind(a, ua(""))
		name := s.Getsockname(a)
		b := s.Socket(afUnix, dgram, 0)
		s.Connect(b, name)
		s.Send(b, "hi", 0)
		s.Recvfrom(a, 10, 0)
	}),
	sc("rename_and_link_of_a_socket_node_keep_it_reachable", func(s *vfstest.Session) {
		l := s.Socket(afUnix, dgram, 0)
		s.Bind(l, ua("s"))
		s.Rename("s", "moved")
		s.Link("moved", "hard")
		s.Symlink("hard", "sym")
		c := s.Socket(afUnix, dgram, 0)
		s.Sendto(c, "1", 0, ua("s"))
		s.Sendto(c, "2", 0, ua("moved"))
		s.Sendto(c, "3", 0, ua("hard"))
		s.Sendto(c, "4", 0, ua("sym"))
		s.Recvfrom(l, 10, unix.MSG_DONTWAIT)
		s.Recvfrom(l, 10, unix.MSG_DONTWAIT)
		s.Recvfrom(l, 10, unix.MSG_DONTWAIT)
		s.Recvfrom(l, 10, unix.MSG_DONTWAIT)
		s.Getsockname(l)
	}),
	sc("a_copied_node_is_a_new_node_nobody_listens_on", func(s *vfstest.Session) {
		l := listener(s, stream, "s")
		s.Lstat("s")
		s.Unlink("s")
		s.Mknod("s", unix.S_IFSOCK|0o755, 0)
		c := s.Socket(afUnix, stream, 0)
		s.Connect(c, ua("s"))
		s.Getsockname(l)
	}),
}
