//go:build linux

package vfstest_test

import (
	"encoding/binary"
	"time"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// eventfd(2) and epoll(7): gVisor's eventfd.cc and epoll.cc as cases,
// and what the host showed beyond them (orders, bits, fdinfo lines).
// Epoll data values are constants, never fds: the fd numbers of the two
// systems differ.
var anonScenarios = append(eventfdScenarios, epollScenarios...)

const (
	efdNB  = unix.EFD_NONBLOCK
	epIn   = unix.EPOLLIN
	epOut  = unix.EPOLLOUT
	epET   = uint32(unix.EPOLLET)
	epAdd  = unix.EPOLL_CTL_ADD
	epDel  = unix.EPOLL_CTL_DEL
	epMod  = unix.EPOLL_CTL_MOD
	u64Max = ^uint64(0)
)

var eventfdScenarios = []vfstest.Scenario{
	sc("eventfd_read_returns_the_count_and_resets_it", func(s *vfstest.Session) {
		fd := s.Eventfd(3, efdNB)
		s.WriteU64(fd, 4)
		s.ReadU64(fd, 8)
		s.ReadU64(fd, 8)
	}),
	sc("eventfd_semaphore_read_takes_one_at_a_time", func(s *vfstest.Session) {
		fd := s.Eventfd(2, efdNB|unix.EFD_SEMAPHORE)
		s.ReadU64(fd, 8)
		s.ReadU64(fd, 8)
		s.ReadU64(fd, 8)
		s.WriteU64(fd, 1)
		s.ReadU64(fd, 8)
	}),
	sc("eventfd_read_needs_8_bytes_and_takes_8_of_more", func(s *vfstest.Session) {
		fd := s.Eventfd(5, efdNB)
		s.ReadU64(fd, 0)
		s.ReadU64(fd, 4)
		s.ReadU64(fd, 7)
		s.ReadU64(fd, 16)
	}),
	sc("eventfd_write_takes_exactly_8_bytes", func(s *vfstest.Session) {
		fd := s.Eventfd(0, efdNB)
		s.Write(fd, "")
		s.Write(fd, "abcd")
		s.Write(fd, "0123456789abcdef")
		s.ReadU64(fd, 8)
	}),
	sc("eventfd_writev_writes_segment_by_segment", func(s *vfstest.Session) {
		// eventfd has write, not write_iter: each segment is one write,
		// the first even if empty, later empty ones skipped, stopping
		// after the first that fails.
		u64 := func(v uint64) string {
			b := make([]byte, 8)
			binary.LittleEndian.PutUint64(b, v)
			return string(b)
		}
		one, all := u64(1), u64(^uint64(0))
		for _, v := range [][]string{
			{one[:4], one[4:]}, {one, one}, {"", one}, {one, "", one},
			{one, one[:4]}, {one, all}, {all, one}, {one, one + one}, {"", ""},
		} {
			fd := s.Eventfd(0, efdNB)
			s.Writev(fd, v...)
			s.ReadU64(fd, 8)
			s.Close(fd)
		}
	}),
	sc("linkat_into_a_removed_cwd_is_ENOENT_before_EXDEV", func(s *vfstest.Session) {
		// Found by the random differential test (seed=6625): the new
		// name's lookup in a dead directory fails before link(2) looks
		// at the mounts, so an anon inode (another mount) meets ENOENT.
		s.Mkdir("w", 0o755)
		s.Chdir("w")
		s.Rmdir("../w")
		s.EpollCreate1(0)
		s.LinkatProcFD(s.FD(0), "f0")
	}),
	sc("eventfd_count_stops_below_all_ones", func(s *vfstest.Session) {
		fd := s.Eventfd(0, efdNB)
		s.WriteU64(fd, u64Max)
		s.WriteU64(fd, u64Max-1)
		s.WriteU64(fd, 1)
		s.WriteU64(fd, 0)
		s.ReadU64(fd, 8)
		s.WriteU64(fd, 1)
	}),
	sc("eventfd_unknown_flags_are_EINVAL", func(s *vfstest.Session) {
		s.Eventfd(0, 2)
		s.Eventfd(0, unix.O_RDWR)
		s.Eventfd(0, unix.O_APPEND)
		s.Eventfd(0, 0)
	}),
	sc("eventfd_flags_show_in_F_GETFL_and_F_GETFD", func(s *vfstest.Session) {
		a := s.Eventfd(0, efdNB|unix.EFD_CLOEXEC)
		s.Fcntl(a, unix.F_GETFL, 0)
		s.Fcntl(a, unix.F_GETFD, 0)
		b := s.Eventfd(0, unix.EFD_SEMAPHORE)
		s.Fcntl(b, unix.F_GETFL, 0)
		s.Fcntl(b, unix.F_GETFD, 0)
	}),
	sc("eventfd_initval_keeps_its_low_32_bits", func(s *vfstest.Session) {
		fd := s.Eventfd(1<<32+5, efdNB)
		s.ReadU64(fd, 8)
	}),
	sc("eventfd_poll_has_POLLIN_while_nonzero_and_POLLOUT_while_a_write_fits", func(s *vfstest.Session) {
		fd := s.Eventfd(0, efdNB)
		all := unix.POLLIN | unix.POLLOUT | pollRdnorm | pollWrnorm | unix.POLLPRI
		s.Poll(pfds(fd, all), 0)
		s.WriteU64(fd, 1)
		s.Poll(pfds(fd, all), 0)
		s.WriteU64(fd, u64Max-2)
		s.Poll(pfds(fd, all), 0)
		s.ReadU64(fd, 8)
		s.Poll(pfds(fd, all), 0)
	}),
	sc("eventfd_fdinfo_shows_count_id_and_semaphore", func(s *vfstest.Session) {
		fd := s.Eventfd(0x1234, efdNB|unix.EFD_SEMAPHORE)
		s.FDInfo(fd)
		s.ReadU64(fd, 8)
		s.FDInfo(fd)
		s.FDInfo(s.Eventfd(0, unix.EFD_CLOEXEC))
	}),
	sc("eventfd_is_an_anon_inode_that_lseeks_to_0", func(s *vfstest.Session) {
		fd := s.Eventfd(0, 0)
		st := s.Fstat(fd)
		ep := s.EpollCreate1(0)
		st2 := s.Fstat(ep)
		s.Note("eventfd and epoll share one inode", st.Ino == st2.Ino && st.Dev == st2.Dev)
		s.Seek(fd, 100, unix.SEEK_SET)
		s.Seek(ep, 5, unix.SEEK_CUR)
		s.Pread(fd, 8, 0)
	}),
	sc("anon_inode_refuses_chmod_chown_and_utimensat", func(s *vfstest.Session) {
		fd := s.Eventfd(0, 0)
		ep := s.EpollCreate1(0)
		s.Fchmod(fd, 0o644)
		s.Fchmod(ep, 0o600)
		s.Fchown(fd, 0, 0)
		s.Fchown(ep, -1, -1)
		s.Utimensat(fd, "", nil, unix.AT_EMPTY_PATH)
		s.Fstat(fd)
	}),
	sc("eventfd_blocking_read_waits_for_a_write", func(s *vfstest.Session) {
		fd := s.Eventfd(0, 0)
		wait := s.Go(func(bg *vfstest.Session) { bg.ReadU64(fd, 8) })
		s.Tick()
		s.WriteU64(fd, 9)
		wait()
	}),
	sc("eventfd_blocking_write_waits_for_a_read", func(s *vfstest.Session) {
		fd := s.Eventfd(0, 0)
		s.WriteU64(fd, u64Max-2)
		wait := s.Go(func(bg *vfstest.Session) { bg.WriteU64(fd, 2) })
		s.Tick()
		s.ReadU64(fd, 8)
		wait()
		s.ReadU64(fd, 8)
	}),
}

var epollScenarios = []vfstest.Scenario{
	// One wake-up runs the file's wait-queue callbacks newest first
	// (add_wait_queue puts an entry at the head), and each appends its
	// interest to the ready list: two fds of one file report the one
	// added last first. Found by the random differential (seed 7000247).
	sc("epoll_one_wakeup_of_interests_in_one_file_reports_the_newest_first", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		efd := s.Eventfd(0, efdNB)
		d1, d2 := s.Dup(efd), s.Dup(efd)
		s.EpollCtl(ep, epAdd, efd, unix.EPOLLIN, 0)
		s.EpollCtl(ep, epAdd, d1, unix.EPOLLIN, 1)
		s.EpollCtl(ep, epAdd, d2, unix.EPOLLIN|unix.EPOLLET, 2)
		s.WriteU64(efd, 1)
		for range 4 {
			s.EpollWait(ep, 1, 0)
		}
		s.EpollWait(ep, 8, 0)
		r, w := s.Pipe()
		s.EpollCtl(ep, epAdd, r, unix.EPOLLIN, 10)
		s.EpollCtl(ep, epAdd, s.Dup(r), unix.EPOLLIN, 11)
		s.Write(w, "x")
		s.EpollWait(ep, 8, 0)
	}),
	sc("rand_seed_7000247", func(s *vfstest.Session) {
		s.EpollCreate1(0)
		s.TimerfdCreate(unix.CLOCK_REALTIME, 0)
		s.Dup(s.FD(0))
		s.Eventfd(0, 0)
		s.Open("l1", unix.O_CREAT, 0o644)
		s.Eventfd(0, 0)
		s.TimerfdCreate(unix.CLOCK_REALTIME, 0)
		s.Dup(s.FD(1))
		s.EpollCtl(s.FD(0), unix.EPOLL_CTL_ADD, s.FD(1), unix.EPOLLIN, 0)
		s.EpollCtl(s.FD(0), unix.EPOLL_CTL_ADD, s.FD(7), unix.EPOLLIN, 1)
		s.Dup2(s.FD(1), s.FD(5))
		s.TimerfdSetRand(s.FD(5), 2, 0)
		s.EpollWait(s.FD(0), 1, 0)
	}),
	sc("epoll_create_flags_and_size", func(s *vfstest.Session) {
		s.EpollCreate1(1)
		s.EpollCreate1(unix.O_NONBLOCK)
		s.EpollCreate(0)
		s.EpollCreate(-1)
		s.EpollCreate(1)
		fd := s.EpollCreate1(unix.EPOLL_CLOEXEC)
		s.Fcntl(fd, unix.F_GETFD, 0)
		s.Fcntl(fd, unix.F_GETFL, 0)
		s.FDInfo(fd)
	}),
	sc("epoll_fd_cannot_be_read_or_written", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		s.Read(ep, 8)
		s.Write(ep, "12345678")
		s.Write(ep, "")
		s.Writev(ep, "", "")
		s.Readv(ep, 0)
		fd := s.Eventfd(1, efdNB)
		s.Writev(fd, "", "")
		s.Readv(fd, 0, 0)
		s.Readv(fd, 4, 4)
	}),
	sc("epoll_ioctl_is_EINVAL_where_eventfd_is_ENOTTY", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(0, 0)
		for _, req := range []uint{0, unix.TCGETS, vfstest.FIONREAD, unix.TIOCGWINSZ} {
			s.IoctlGetInt(ep, req)
			s.IoctlGetInt(fd, req)
		}
	}),
	sc("epoll_ctl_checks_in_linux_order", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		efd := s.Eventfd(0, efdNB)
		s.WriteFile("f", "x", 0o644)
		reg := s.Open("f", readOnly, 0)
		bad := s.FD(60)
		s.EpollCtlNil(bad, 9, bad)
		s.EpollCtlNil(ep, epAdd, efd)
		s.EpollCtlNil(ep, epMod, efd)
		s.EpollCtl(bad, epAdd, efd, epIn, 1)
		s.EpollCtl(ep, epAdd, bad, epIn, 1)
		s.EpollCtl(ep, 9, reg, epIn, 1)
		s.EpollCtl(efd, epAdd, reg, epIn, 1)
		s.EpollCtl(efd, epAdd, ep, epIn, 1)
		s.EpollCtl(ep, epAdd, ep, epIn, 1)
		s.EpollCtl(ep, 9, efd, epIn, 1)
		s.EpollCtl(ep, 0, efd, epIn, 1)
		s.EpollCtlNil(ep, epDel, efd)
	}),
	sc("epoll_ctl_on_regular_files_directories_and_dev_null_is_EPERM", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		s.WriteFile("f", "x", 0o644)
		s.EpollCtl(ep, epAdd, s.Open("f", unix.O_RDWR, 0), epIn, 1)
		s.Mkdir("d", 0o755)
		s.EpollCtl(ep, epAdd, s.Open("d", dirOnly, 0), epIn, 1)
		s.EpollCtl(ep, epAdd, s.Open("/dev/null", unix.O_RDWR, 0), epIn, 1)
		s.EpollCtl(ep, epAdd, s.Open("/dev/zero", unix.O_RDONLY, 0), epIn, 1)
		s.EpollCtl(ep, epAdd, s.Open("d", unix.O_PATH, 0), epIn, 1)
	}),
	sc("epoll_ctl_ADD_twice_is_EEXIST_and_DEL_or_MOD_of_nothing_ENOENT", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(0, efdNB)
		s.EpollCtl(ep, epMod, fd, epIn, 1)
		s.EpollCtlNil(ep, epDel, fd)
		s.EpollCtl(ep, epAdd, fd, epIn, 1)
		s.EpollCtl(ep, epAdd, fd, epOut, 2)
		s.EpollCtl(ep, epMod, fd, epOut, 3)
		s.EpollCtlNil(ep, epDel, fd)
		s.EpollCtlNil(ep, epDel, fd)
	}),
	sc("epoll_ctl_EPOLLEXCLUSIVE_rules", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(0, efdNB)
		inner := s.EpollCreate1(0)
		ex := uint32(unix.EPOLLEXCLUSIVE)
		s.EpollCtl(ep, epAdd, fd, epIn|ex|unix.EPOLLONESHOT, 1)
		s.EpollCtl(ep, epAdd, fd, epIn|ex|unix.EPOLLRDHUP, 1)
		s.EpollCtl(ep, epAdd, inner, epIn|ex, 1)
		s.EpollCtl(ep, epMod, fd, epIn|ex, 1)
		s.EpollCtl(ep, epAdd, fd, epIn|epOut|ex|epET, 1)
		s.EpollCtl(ep, epMod, fd, epIn, 2)
		s.FDInfo(ep)
		s.EpollWait(ep, 4, 0)
		s.EpollCtlNil(ep, epDel, fd)
	}),
	// EPOLLEXCLUSIVE (add_wait_queue_exclusive, ep_poll_callback's
	// ewake): one event wakes the first exclusive interest whose epoll
	// has a sleeper and stops there, so the other epoll never hears of
	// it, not even once its own wait times out and it asks again.
	sc("epoll_EPOLLEXCLUSIVE_wakes_one_sleeping_epoll", func(s *vfstest.Session) {
		fd := s.Eventfd(0, efdNB)
		ex := uint32(unix.EPOLLEXCLUSIVE)
		a, b := s.EpollCreate1(0), s.EpollCreate1(0)
		s.EpollCtl(a, epAdd, fd, epIn|ex, 1)
		s.EpollCtl(b, epAdd, fd, epIn|ex, 2)
		whileAsleep(s, func() { s.WriteU64(fd, 1) }, a, b)
		s.EpollWait(b, 4, 0)
		s.EpollWait(a, 4, 0)
	}),
	// An exclusive interest whose epoll has no sleeper still readies it,
	// and the wake-up goes on to the next; a plain interest is always
	// woken, before the exclusive ones; an EPOLLOUT wake-up stops at an
	// exclusive interest in EPOLLOUT.
	sc("epoll_EPOLLEXCLUSIVE_passes_an_epoll_without_sleeper", func(s *vfstest.Session) {
		fd := s.Eventfd(0, efdNB)
		ex := uint32(unix.EPOLLEXCLUSIVE)
		a, b, c, d := s.EpollCreate1(0), s.EpollCreate1(0), s.EpollCreate1(0), s.EpollCreate1(0)
		s.EpollCtl(a, epAdd, fd, epIn|ex, 1)
		s.EpollCtl(b, epAdd, fd, epIn|ex, 2)
		s.EpollCtl(c, epAdd, fd, epIn|ex, 3)
		s.EpollCtl(d, epAdd, fd, epIn, 4)
		whileAsleep(s, func() { s.WriteU64(fd, 1) }, b, c)
		for _, ep := range []int{a, b, c, d} {
			s.EpollWait(ep, 4, 0)
		}
		s.ReadU64(fd, 8)
		e, f := s.EpollCreate1(0), s.EpollCreate1(0)
		s.EpollCtl(e, epAdd, fd, epOut|epET|ex, 5)
		s.EpollCtl(f, epAdd, fd, epIn|epOut|epET|ex, 6)
		s.EpollWait(e, 4, 0)
		s.EpollWait(f, 4, 0)
		s.WriteU64(fd, 1)
		whileAsleep(s, func() { s.ReadU64(fd, 8) }, e, f)
		s.EpollWait(f, 4, 0)
	}),
	sc("epoll_ctl_drops_EPOLLWAKEUP_and_keeps_unknown_bits", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(1, efdNB)
		s.EpollCtl(ep, epAdd, fd, epIn|unix.EPOLLWAKEUP|0x100000|0x400, 1)
		s.FDInfo(ep)
		s.EpollWait(ep, 4, 0)
	}),
	sc("epoll_wait_bad_fd_comes_before_maxevents_0", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		s.EpollWait(s.FD(60), 0, 0)
		s.EpollWait(s.FD(60), 1, 0)
		s.EpollWait(ep, 0, 0)
		s.EpollWait(s.Eventfd(0, 0), 1, 0)
		s.EpollWait(ep, 1, 0)
		s.EpollWait(ep, 1, 10)
	}),
	sc("epoll_level_triggered_reports_until_the_file_is_drained", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(0, efdNB)
		s.EpollCtl(ep, epAdd, fd, epIn, 7)
		s.EpollWait(ep, 4, 0)
		s.WriteU64(fd, 1)
		s.EpollWait(ep, 4, 0)
		s.EpollWait(ep, 4, 0)
		s.ReadU64(fd, 8)
		s.EpollWait(ep, 4, 0)
	}),
	sc("epoll_all_writable_and_last_readable", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		var fds []int
		for i := range 3 {
			fds = append(fds, s.Eventfd(0, efdNB))
			s.EpollCtl(ep, epAdd, fds[i], epIn|epOut, 0x0102030405060708+uint64(i))
		}
		s.EpollWait(ep, 3, 0)
		s.WriteU64(fds[2], 1)
		s.EpollWait(ep, 3, 0)
		s.WriteU64(fds[2], u64Max-2)
		s.EpollWait(ep, 3, 0)
	}),
	sc("epoll_edge_triggered_eventfd_reports_each_write_once", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(0, efdNB)
		s.EpollCtl(ep, epAdd, fd, epIn|epET, 1)
		s.EpollWait(ep, 4, 0)
		s.WriteU64(fd, 1)
		s.EpollWait(ep, 4, 0)
		s.EpollWait(ep, 4, 0)
		s.WriteU64(fd, 1)
		s.EpollWait(ep, 4, 0)
		s.WriteU64(fd, 1)
		s.ReadU64(fd, 8)
		s.EpollWait(ep, 4, 0)
	}),
	sc("epoll_edge_triggered_pipe_reports_each_write", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.EpollCtl(ep, epAdd, r, epIn|epET, 1)
		s.EpollCtl(ep, epAdd, w, epOut|epET, 2)
		s.EpollWait(ep, 4, 0)
		s.Write(w, "x")
		s.EpollWait(ep, 4, 0)
		s.EpollWait(ep, 4, 0)
		s.Write(w, "y")
		s.EpollWait(ep, 4, 0)
		s.Read(r, 10)
		s.EpollWait(ep, 4, 0)
	}),
	sc("epoll_edge_triggered_EPOLLOUT_needs_a_read_to_fire_again", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(0, efdNB)
		s.EpollCtl(ep, epAdd, fd, epOut|epET, 1)
		s.EpollWait(ep, 4, 0)
		s.EpollWait(ep, 4, 0)
		s.WriteU64(fd, u64Max-1)
		s.EpollWait(ep, 4, 0)
		s.ReadU64(fd, 8)
		s.EpollWait(ep, 4, 0)
		s.EpollWait(ep, 4, 0)
	}),
	sc("epoll_oneshot_reports_once_until_MOD_rearms_it", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(1, efdNB)
		s.EpollCtl(ep, epAdd, fd, epIn|unix.EPOLLONESHOT, 9)
		s.EpollWait(ep, 4, 0)
		s.EpollWait(ep, 4, 0)
		s.WriteU64(fd, 1)
		s.EpollWait(ep, 4, 0)
		s.FDInfo(ep)
		s.EpollCtl(ep, epMod, fd, epIn|epOut, 10)
		s.EpollWait(ep, 4, 0)
		s.FDInfo(ep)
	}),
	sc("epoll_oneshot_and_edge_triggered_fires_once", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(0, efdNB)
		s.EpollCtl(ep, epAdd, fd, epOut|epET|unix.EPOLLONESHOT, 1)
		s.EpollWait(ep, 4, 0)
		s.EpollWait(ep, 4, 0)
		s.WriteU64(fd, u64Max-1)
		s.ReadU64(fd, 8)
		s.EpollWait(ep, 4, 0)
	}),
	sc("epoll_MOD_of_an_edge_triggered_interest_reports_the_state_now", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(1, efdNB)
		s.EpollCtl(ep, epAdd, fd, epOut|epET, 1)
		s.EpollWait(ep, 4, 0)
		s.EpollWait(ep, 4, 0)
		s.EpollCtl(ep, epMod, fd, epIn|epET, 2)
		s.EpollWait(ep, 4, 0)
		s.EpollWait(ep, 4, 0)
	}),
	sc("epoll_reports_only_asked_events_and_always_ERR_HUP", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		r, w := s.Pipe()
		r2, w2 := s.Pipe()
		s.EpollCtl(ep, epAdd, r, 0, 5)
		s.EpollCtl(ep, epAdd, w2, 0, 6)
		s.EpollWait(ep, 4, 0)
		s.Close(w)
		s.Close(r2)
		s.EpollWait(ep, 4, 0)
		s.FDInfo(ep)
	}),
	sc("epoll_files_ready_at_ADD_come_first_in_ADD_order", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		x := s.Eventfd(1, efdNB)
		y := s.Eventfd(0, efdNB)
		z := s.Eventfd(1, efdNB)
		s.EpollCtl(ep, epAdd, y, epIn, 2)
		s.EpollCtl(ep, epAdd, x, epIn, 1)
		s.EpollCtl(ep, epAdd, z, epIn, 3)
		s.WriteU64(y, 1)
		s.EpollWait(ep, 4, 0)
	}),
	sc("epoll_ready_files_take_turns_when_maxevents_is_short", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		var fds []int
		for i := range 3 {
			fds = append(fds, s.Eventfd(0, efdNB))
			s.EpollCtl(ep, epAdd, fds[i], epIn, uint64(i))
		}
		s.WriteU64(fds[2], 1)
		s.WriteU64(fds[0], 1)
		s.WriteU64(fds[1], 1)
		for range 4 {
			s.EpollWait(ep, 1, 0)
		}
		for range 3 {
			s.EpollWait(ep, 2, 0)
		}
	}),
	sc("epoll_interest_outlives_close_while_a_dup_holds_the_file", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(0, efdNB)
		s.EpollCtl(ep, epAdd, fd, epIn, 44)
		dup := s.Dup(fd)
		s.Close(fd)
		s.WriteU64(dup, 1)
		s.EpollWait(ep, 4, 0)
		s.FDInfo(ep)
		s.EpollCtlNil(ep, epDel, dup)
		s.EpollCtlNil(ep, epDel, fd)
		s.EpollCtl(ep, epAdd, dup, epIn, 45)
		s.EpollWait(ep, 4, 0)
		s.Dup2(dup, fd)
		s.EpollCtlNil(ep, epDel, fd)
		s.FDInfo(ep)
	}),
	sc("epoll_interest_goes_with_the_files_last_reference", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(1, efdNB)
		s.EpollCtl(ep, epAdd, fd, epOut, 1)
		s.EpollWait(ep, 4, 0)
		dup := s.Dup(fd)
		s.Close(fd)
		s.Close(dup)
		s.EpollWait(ep, 4, 0)
		s.FDInfo(ep)
		again := s.Eventfd(1, efdNB)
		s.EpollCtl(ep, epAdd, again, epIn, 2)
		s.EpollWait(ep, 4, 0)
	}),
	sc("epoll_nesting_stops_at_five_epolls_growing_up_or_down", func(s *vfstest.Session) {
		prev := s.EpollCreate1(0)
		for range 6 {
			next := s.EpollCreate1(0)
			s.EpollCtl(next, epAdd, prev, epIn, 1)
			prev = next
		}
		prev = s.EpollCreate1(0)
		for range 6 {
			next := s.EpollCreate1(0)
			s.EpollCtl(prev, epAdd, next, epIn, 1)
			prev = next
		}
	}),
	sc("epoll_cycles_are_ELOOP", func(s *vfstest.Session) {
		a, b, c := s.EpollCreate1(0), s.EpollCreate1(0), s.EpollCreate1(0)
		s.EpollCtl(a, epAdd, b, epIn, 1)
		s.EpollCtl(b, epAdd, a, epIn, 1)
		s.EpollCtl(b, epAdd, c, epIn, 1)
		s.EpollCtl(c, epAdd, a, epIn, 1)
		s.EpollCtlNil(a, epDel, b)
		s.EpollCtl(c, epAdd, a, epIn, 1)
	}),
	sc("epoll_fd_is_readable_while_an_interest_has_events", func(s *vfstest.Session) {
		inner := s.EpollCreate1(0)
		outer := s.EpollCreate1(0)
		fd := s.Eventfd(0, efdNB)
		s.EpollCtl(inner, epAdd, fd, epIn, 1)
		s.EpollCtl(outer, epAdd, inner, epIn|epOut, 8)
		s.Poll(pfds(inner, unix.POLLIN|unix.POLLOUT|pollRdnorm), 0)
		s.EpollWait(outer, 4, 0)
		s.WriteU64(fd, 1)
		s.Poll(pfds(inner, unix.POLLIN|unix.POLLOUT|pollRdnorm), 0)
		s.EpollWait(outer, 4, 0)
		s.EpollWait(outer, 4, 0)
		s.EpollWait(inner, 4, 0)
		s.ReadU64(fd, 8)
		s.Poll(pfds(inner, unix.POLLIN), 0)
		s.EpollWait(outer, 4, 0)
	}),
	sc("epoll_socket_shut_down_by_its_peer_reports_EPOLLRDHUP", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		a, b := s.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
		s.EpollCtl(ep, epAdd, a, epIn|epOut|unix.EPOLLRDHUP, 7)
		s.EpollWait(ep, 4, 0)
		s.Shutdown(b, unix.SHUT_WR)
		s.EpollWait(ep, 4, 0)
		s.Close(b)
		s.EpollWait(ep, 4, 0)
	}),
	sc("epoll_pipe_write_end_reports_EPOLLERR_once_the_reader_closes", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		r, w := s.Pipe2(unix.O_NONBLOCK)
		s.EpollCtl(ep, epAdd, w, epOut, 3)
		s.EpollWait(ep, 4, 0)
		s.Close(r)
		s.EpollWait(ep, 4, 0)
	}),
	sc("epoll_wait_wakes_when_another_thread_writes", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(0, efdNB)
		s.EpollCtl(ep, epAdd, fd, epIn, 5)
		wait := s.Go(func(bg *vfstest.Session) { bg.EpollWait(ep, 4, 5000) })
		s.Tick()
		s.WriteU64(fd, 1)
		wait()
	}),
	sc("epoll_wait_wakes_when_another_thread_adds_a_ready_file", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(1, efdNB)
		wait := s.Go(func(bg *vfstest.Session) { bg.EpollWait(ep, 4, 5000) })
		s.Tick()
		s.EpollCtl(ep, epAdd, fd, epIn|epOut, 0xdeadbeeffacefeed)
		wait()
	}),
	sc("epoll_wait_times_out_with_0", func(s *vfstest.Session) {
		ep := s.EpollCreate1(0)
		fd := s.Eventfd(0, efdNB)
		s.EpollCtl(ep, epAdd, fd, epIn, 5)
		s.EpollWait(ep, 4, 20)
		s.EpollWait(s.EpollCreate1(0), 4, 20)
	}),
}

// whileAsleep runs act while a thread of each epoll of eps sleeps in
// its epoll_wait, then waits for them, in order. The threads have 300 ms
// to fall asleep, which a loaded CI machine needs (the answers depend on
// who sleeps), and sleep 1 s at most.
func whileAsleep(s *vfstest.Session, act func(), eps ...int) {
	var waits []func()
	for _, ep := range eps {
		waits = append(waits, s.Go(func(bg *vfstest.Session) { bg.EpollWait(ep, 4, 1000) }))
	}
	s.Sleep(300 * time.Millisecond)
	act()
	for _, wait := range waits {
		wait()
	}
}
