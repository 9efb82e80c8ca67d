package anonfs_test

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The checklist is gVisor's test/syscalls/linux/eventfd.cc and the
// host's answers (vfstest's differential cases ask the kernel).
func TestEventfd(t *testing.T) {
	_, p := boot(t)
	mk := func(t *testing.T, initval uint, flags int) int {
		t.Helper()
		fd, err := p.Eventfd(initval, flags)
		require.NoError(t, err)
		t.Cleanup(func() { p.Close(fd) })
		return fd
	}

	t.Run("read_returns_the_count_and_resets_it", func(t *testing.T) {
		fd := mk(t, 3, vfs.EFD_NONBLOCK)
		require.NoError(t, put(p, fd, 4))
		v, err := take(p, fd)
		require.NoError(t, err)
		require.Equal(t, uint64(7), v)
		_, err = take(p, fd)
		require.ErrorIs(t, err, vfs.EAGAIN)
	})
	t.Run("semaphore_read_returns_1_and_decrements", func(t *testing.T) {
		fd := mk(t, 2, vfs.EFD_NONBLOCK|vfs.EFD_SEMAPHORE)
		for range 2 {
			v, err := take(p, fd)
			require.NoError(t, err)
			require.Equal(t, uint64(1), v)
		}
		_, err := take(p, fd)
		require.ErrorIs(t, err, vfs.EAGAIN)
	})
	t.Run("read_needs_8_bytes_and_takes_8_of_more", func(t *testing.T) {
		fd := mk(t, 5, vfs.EFD_NONBLOCK)
		for _, n := range []int{0, 1, 4, 7} {
			_, err := p.Read(fd, make([]byte, n))
			require.ErrorIs(t, err, vfs.EINVAL, "read of %d bytes", n)
		}
		b := make([]byte, 16)
		n, err := p.Read(fd, b)
		require.NoError(t, err)
		require.Equal(t, 8, n)
		require.Equal(t, byte(5), b[0])
	})
	t.Run("write_of_other_than_8_bytes_is_EINVAL", func(t *testing.T) {
		fd := mk(t, 0, vfs.EFD_NONBLOCK)
		for _, n := range []int{0, 4, 9, 16} {
			_, err := p.Write(fd, make([]byte, n))
			require.ErrorIs(t, err, vfs.EINVAL, "write of %d bytes", n)
		}
	})
	t.Run("write_of_all_ones_is_EINVAL", func(t *testing.T) {
		fd := mk(t, 0, vfs.EFD_NONBLOCK)
		require.ErrorIs(t, put(p, fd, ^uint64(0)), vfs.EINVAL)
	})
	t.Run("count_stops_below_all_ones_and_a_nonblocking_write_past_it_is_EAGAIN", func(t *testing.T) {
		fd := mk(t, 0, vfs.EFD_NONBLOCK)
		require.NoError(t, put(p, fd, ^uint64(0)-1))
		require.ErrorIs(t, put(p, fd, 1), vfs.EAGAIN)
		require.NoError(t, put(p, fd, 0), "a write of 0 always fits")
		v, err := take(p, fd)
		require.NoError(t, err)
		require.Equal(t, ^uint64(0)-1, v)
	})
	t.Run("blocking_read_waits_for_a_write", func(t *testing.T) {
		fd := mk(t, 0, 0)
		var v uint64
		var err error
		done := make(chan struct{})
		go func() { defer close(done); v, err = take(p, fd) }()
		blocked(t, done, "read of a zero eventfd")
		require.NoError(t, put(p, fd, 9))
		finishes(t, done, "read after a write")
		require.NoError(t, err)
		require.Equal(t, uint64(9), v)
	})
	t.Run("blocking_write_waits_for_a_read", func(t *testing.T) {
		fd := mk(t, 0, 0)
		require.NoError(t, put(p, fd, ^uint64(0)-2))
		var err error
		done := make(chan struct{})
		go func() { defer close(done); err = put(p, fd, 2) }()
		blocked(t, done, "write past the maximum")
		_, rerr := take(p, fd)
		require.NoError(t, rerr)
		finishes(t, done, "write after a read")
		require.NoError(t, err)
		v, _ := take(p, fd)
		require.Equal(t, uint64(2), v)
	})
	t.Run("semaphore_readers_each_take_one_of_three_writes", func(t *testing.T) {
		fd := mk(t, 0, vfs.EFD_SEMAPHORE)
		done := make(chan struct{})
		var got []uint64
		go func() {
			defer close(done)
			for range 3 {
				v, err := take(p, fd)
				if err != nil {
					return
				}
				got = append(got, v)
			}
		}()
		for range 3 {
			require.NoError(t, put(p, fd, 1))
		}
		finishes(t, done, "three semaphore reads")
		require.Equal(t, []uint64{1, 1, 1}, got)
	})
	t.Run("blocked_read_is_EINTR_on_a_signal", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		fd, err := child.Eventfd(0, 0)
		require.NoError(t, err)
		done := make(chan struct{})
		go func() { defer close(done); _, err = take(child, fd) }()
		blocked(t, done, "read of a zero eventfd")
		require.NoError(t, child.Kill(vfs.SIGUSR1))
		finishes(t, done, "read after a signal")
		require.ErrorIs(t, err, vfs.EINTR)
		child.Exit(0)
		_, _ = p.Wait(child.Pid())
	})
	t.Run("blocked_write_is_ESRCH_when_the_process_exits", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		fd, err := child.Eventfd(0, 0)
		require.NoError(t, err)
		require.NoError(t, put(child, fd, ^uint64(0)-1))
		done := make(chan struct{})
		go func() { defer close(done); err = put(child, fd, 1) }()
		blocked(t, done, "write to a full eventfd")
		child.Exit(0)
		finishes(t, done, "write after exit")
		require.ErrorIs(t, err, vfs.ESRCH)
		_, _ = p.Wait(child.Pid())
	})
	t.Run("poll_has_POLLIN_while_nonzero_and_POLLOUT_while_a_write_fits", func(t *testing.T) {
		fd := mk(t, 0, vfs.EFD_NONBLOCK)
		ask := int16(vfs.POLLIN | vfs.POLLOUT | vfs.EPOLLRDNORM | vfs.EPOLLWRNORM)
		revents := func() int16 {
			fds := []vfs.PollFd{{Fd: int32(fd), Events: ask}}
			_, err := p.Poll(fds, 0)
			require.NoError(t, err)
			return fds[0].Revents
		}
		require.Equal(t, int16(vfs.POLLOUT), revents())
		require.NoError(t, put(p, fd, 1))
		require.Equal(t, int16(vfs.POLLIN|vfs.POLLOUT), revents())
		require.NoError(t, put(p, fd, ^uint64(0)-2))
		require.Equal(t, int16(vfs.POLLIN), revents())
	})
	t.Run("unknown_flags_are_EINVAL", func(t *testing.T) {
		for _, fl := range []int{2, vfs.O_RDWR, vfs.O_APPEND, -1} {
			_, err := p.Eventfd(0, fl)
			require.ErrorIs(t, err, vfs.EINVAL, "flags %#x", fl)
		}
	})
	t.Run("initval_keeps_its_low_32_bits", func(t *testing.T) {
		fd := mk(t, 1<<32+5, vfs.EFD_NONBLOCK)
		v, err := take(p, fd)
		require.NoError(t, err)
		require.Equal(t, uint64(5), v)
	})
	t.Run("flags_become_O_NONBLOCK_and_FD_CLOEXEC", func(t *testing.T) {
		fd := mk(t, 0, vfs.EFD_NONBLOCK|vfs.EFD_CLOEXEC)
		fl, err := p.FcntlInt(uintptr(fd), vfs.F_GETFL, 0)
		require.NoError(t, err)
		require.Equal(t, vfs.O_RDWR|vfs.O_NONBLOCK, fl)
		fdfl, err := p.FcntlInt(uintptr(fd), vfs.F_GETFD, 0)
		require.NoError(t, err)
		require.Equal(t, vfs.FD_CLOEXEC, fdfl)
	})
	t.Run("fdinfo_shows_count_id_and_semaphore", func(t *testing.T) {
		fd := mk(t, 0, vfs.EFD_SEMAPHORE|vfs.EFD_NONBLOCK)
		require.NoError(t, put(p, fd, 0x1234))
		info := readFile(t, p, "/proc/self/fdinfo/"+strconv.Itoa(fd))
		require.Regexp(t, `(?m)^flags:\t04002$`, info)
		require.Regexp(t, regexp.MustCompile(`(?m)^eventfd-count:             1234\neventfd-id: \d+\neventfd-semaphore: 1\n\z`), info)
	})
	t.Run("ids_are_the_lowest_free", func(t *testing.T) {
		id := func(fd int) string {
			info := readFile(t, p, fmt.Sprintf("/proc/self/fdinfo/%d", fd))
			return regexp.MustCompile(`eventfd-id: (\d+)`).FindStringSubmatch(info)[1]
		}
		a, _ := p.Eventfd(0, 0)
		b, _ := p.Eventfd(0, 0)
		ida := id(a)
		require.NotEqual(t, ida, id(b))
		require.NoError(t, p.Close(a))
		c, _ := p.Eventfd(0, 0)
		require.Equal(t, ida, id(c), "the freed id is the lowest free")
		p.Close(b)
		p.Close(c)
	})
	t.Run("chmod_chown_and_utimensat_of_the_shared_inode_are_EOPNOTSUPP", func(t *testing.T) {
		fd := mk(t, 0, 0)
		require.ErrorIs(t, p.Fchmod(fd, 0o644), vfs.EOPNOTSUPP)
		require.ErrorIs(t, p.Fchown(fd, 1000, 1000), vfs.EOPNOTSUPP)
		require.ErrorIs(t, p.UtimesNanoAt(fd, "", nil, vfs.AT_EMPTY_PATH), vfs.EOPNOTSUPP)
		require.ErrorIs(t, p.Chmod(fmt.Sprintf("/proc/self/fd/%d", fd), 0o666), vfs.EOPNOTSUPP)
		var st vfs.Stat_t
		require.NoError(t, p.Fstat(fd, &st))
		require.Equal(t, uint32(0o600), st.Mode)
		require.Zero(t, st.Uid)
	})
	t.Run("is_an_anon_inode_that_lseeks_to_0_and_preads_ESPIPE", func(t *testing.T) {
		fd := mk(t, 0, 0)
		buf := make([]byte, 64)
		n, err := p.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd), buf)
		require.NoError(t, err)
		require.Equal(t, "anon_inode:[eventfd]", string(buf[:n]))
		var st vfs.Stat_t
		require.NoError(t, p.Fstat(fd, &st))
		require.Equal(t, uint32(0o600), st.Mode)
		off, err := p.Seek(fd, 100, vfs.SEEK_SET)
		require.NoError(t, err)
		require.Zero(t, off)
		_, err = p.Pread(fd, buf[:8], 0)
		require.ErrorIs(t, err, vfs.ESPIPE)
	})
}
