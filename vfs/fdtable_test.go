package vfs_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The fd table: allocation, dup, close-on-exec, RLIMIT_NOFILE, and what
// fork and exit do to the open files.

// openN opens path n times and returns the fds.
func openN(t *testing.T, p *vfs.Process, path string, n int) []int {
	t.Helper()
	fds := make([]int, n)
	for i := range fds {
		fd, err := p.Open(path, vfs.O_RDONLY, 0)
		require.NoError(t, err)
		fds[i] = fd
	}
	return fds
}

func cloexec(t *testing.T, p *vfs.Process, fd int) bool {
	t.Helper()
	fl, err := p.FcntlInt(uintptr(fd), vfs.F_GETFD, 0)
	require.NoError(t, err)
	return fl&vfs.FD_CLOEXEC != 0
}

func setFD(t *testing.T, p *vfs.Process, fd, flags int) {
	t.Helper()
	_, err := p.FcntlInt(uintptr(fd), vfs.F_SETFD, flags)
	require.NoError(t, err)
}

func TestFDAllocation(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/f", "hello", 0o644)
	fds := openN(t, p, "/tmp/f", 3)
	base := fds[0]
	require.Equal(t, []int{base, base + 1, base + 2}, fds)

	t.Run("open_takes_the_lowest_free_fd", func(t *testing.T) {
		require.NoError(t, p.Close(base+1))
		fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.Equal(t, base+1, fd)
	})
	t.Run("dup_takes_the_lowest_free_fd", func(t *testing.T) {
		require.NoError(t, p.Close(base))
		fd, err := p.Dup(base + 2)
		require.NoError(t, err)
		require.Equal(t, base, fd)
	})
	t.Run("dup2_uses_the_exact_fd_and_replaces_it", func(t *testing.T) {
		require.NoError(t, p.Dup2(base, 40))
		require.NoError(t, p.Dup2(base+1, 40), "an open newfd is closed first")
		n, err := p.Seek(40, 3, vfs.SEEK_SET)
		require.NoError(t, err)
		require.EqualValues(t, 3, n)
		off, err := p.Seek(base+1, 0, vfs.SEEK_CUR)
		require.NoError(t, err)
		require.EqualValues(t, 3, off, "fd 40 shares the File of base+1")
	})
	t.Run("dup2_of_an_fd_onto_itself_changes_nothing", func(t *testing.T) {
		setFD(t, p, base, vfs.FD_CLOEXEC)
		require.NoError(t, p.Dup2(base, base))
		require.True(t, cloexec(t, p, base))
	})
	t.Run("dup2_of_a_closed_fd_onto_itself_is_EBADF", func(t *testing.T) {
		requireErrno(t, p.Dup2(77, 77), vfs.EBADF)
	})
	t.Run("dup3_onto_itself_is_EINVAL", func(t *testing.T) {
		requireErrno(t, p.Dup3(base, base, 0), vfs.EINVAL)
	})
	t.Run("dup3_with_O_CLOEXEC_sets_the_bit", func(t *testing.T) {
		require.NoError(t, p.Dup3(base+2, 41, vfs.O_CLOEXEC))
		require.True(t, cloexec(t, p, 41))
	})
	t.Run("dup_clears_close_on_exec", func(t *testing.T) {
		fd, err := p.Dup(41)
		require.NoError(t, err)
		require.False(t, cloexec(t, p, fd))
		require.NoError(t, p.Close(fd))
	})
	t.Run("F_DUPFD_takes_the_lowest_free_fd_at_or_above_arg", func(t *testing.T) {
		fd, err := p.FcntlInt(uintptr(base), vfs.F_DUPFD, 40)
		require.NoError(t, err)
		require.Equal(t, 42, fd)
		require.False(t, cloexec(t, p, fd))
	})
	t.Run("F_DUPFD_CLOEXEC_sets_the_bit", func(t *testing.T) {
		fd, err := p.FcntlInt(uintptr(base), vfs.F_DUPFD_CLOEXEC, 100)
		require.NoError(t, err)
		require.Equal(t, 100, fd)
		require.True(t, cloexec(t, p, fd))
	})
	t.Run("O_CLOEXEC_at_open_sets_the_bit", func(t *testing.T) {
		fd, err := p.Open("/tmp/f", vfs.O_RDONLY|vfs.O_CLOEXEC, 0)
		require.NoError(t, err)
		require.True(t, cloexec(t, p, fd))
		setFD(t, p, fd, 0)
		require.False(t, cloexec(t, p, fd))
		_, err = p.Ioctl(fd, vfs.FIOCLEX, nil)
		require.NoError(t, err)
		require.True(t, cloexec(t, p, fd))
		_, err = p.Ioctl(fd, vfs.FIONCLEX, nil)
		require.NoError(t, err)
		require.False(t, cloexec(t, p, fd))
	})
	t.Run("close_on_exec_bits_survive_fork", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		require.True(t, cloexec(t, child, 41))
		require.False(t, cloexec(t, child, 42))
	})
	t.Run("an_fd_reused_after_a_close_on_exec_fd_starts_clear", func(t *testing.T) {
		// close(2) leaves the bit to the next claim of the fd, which
		// must clear it, for every way an fd is taken.
		for _, take := range []func(fd int) (int, error){
			func(int) (int, error) { return p.Open("/tmp/f", vfs.O_RDONLY, 0) },
			func(int) (int, error) { return p.Dup(base) },
			func(fd int) (int, error) { return p.FcntlInt(uintptr(base), vfs.F_DUPFD, fd) },
			func(fd int) (int, error) { return fd, p.Dup2(base, fd) },
		} {
			for _, fd := range []int{30, 130} { // the first chunk and another
				require.NoError(t, p.Dup3(base, fd, vfs.O_CLOEXEC))
				require.NoError(t, p.Close(fd))
				held := make([]int, 0, fd)
				for {
					// Hold every fd below fd, so that fd is the lowest free.
					next, err := p.Dup(base)
					require.NoError(t, err)
					if next == fd {
						require.NoError(t, p.Close(next))
						break
					}
					held = append(held, next)
				}
				got, err := take(fd)
				require.NoError(t, err)
				require.Equal(t, fd, got)
				require.False(t, cloexec(t, p, fd))
				require.NoError(t, p.Close(fd))
				for _, h := range held {
					require.NoError(t, p.Close(h))
				}
			}
		}
	})
	t.Run("close_of_a_closed_fd_is_EBADF", func(t *testing.T) {
		fd, err := p.Dup(base)
		require.NoError(t, err)
		require.NoError(t, p.Close(fd))
		requireErrno(t, p.Close(fd), vfs.EBADF)
	})
}

func TestRlimitNofile(t *testing.T) {
	_, root := newSystem(t)
	writeFile(t, root, "/tmp/f", "", 0o644)
	var rl vfs.Rlimit

	t.Run("defaults_are_1024_and_1048576", func(t *testing.T) {
		require.NoError(t, root.Getrlimit(vfs.RLIMIT_NOFILE, &rl))
		require.Equal(t, vfs.Rlimit{Cur: 1024, Max: 1048576}, rl)
	})
	t.Run("EMFILE_at_the_soft_limit", func(t *testing.T) {
		p, err := root.Fork()
		require.NoError(t, err)
		openN(t, p, "/tmp/f", 1024-p.FDTable().Count())
		_, err = p.Open("/tmp/f", vfs.O_RDONLY, 0)
		requireErrno(t, err, vfs.EMFILE)
		_, err = p.Dup(0)
		requireErrno(t, err, vfs.EMFILE)
		_, err = p.FcntlInt(0, vfs.F_DUPFD, 0)
		requireErrno(t, err, vfs.EMFILE)
		requireErrno(t, p.Dup2(0, 1024), vfs.EBADF, "newfd at the limit")
		_, err = p.FcntlInt(0, vfs.F_DUPFD, 1024)
		requireErrno(t, err, vfs.EINVAL, "F_DUPFD arg at the limit")

		require.NoError(t, p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: 1048576, Max: 1048576}),
			"raising the soft limit up to the hard one needs no privilege")
		fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.Equal(t, 1024, fd)
		require.NoError(t, p.Dup2(0, 5000))
	})
	t.Run("lowering_the_soft_limit_keeps_open_fds", func(t *testing.T) {
		p, err := root.Fork()
		require.NoError(t, err)
		require.NoError(t, p.Dup2(openN(t, p, "/tmp/f", 1)[0], 20))
		require.NoError(t, p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: 10, Max: 1048576}))
		var st vfs.Stat_t
		require.NoError(t, p.Fstat(20, &st))
		_, err = p.FcntlInt(20, vfs.F_DUPFD, 10)
		requireErrno(t, err, vfs.EINVAL)
	})
	cases := []struct {
		name string
		uid  int
		rl   vfs.Rlimit
		want vfs.Errno
	}{
		{"soft_above_hard_is_EINVAL", 0, vfs.Rlimit{Cur: 2048, Max: 1024}, vfs.EINVAL},
		{"hard_above_nr_open_is_EPERM_even_for_root", 0, vfs.Rlimit{Cur: 1024, Max: 1048577}, vfs.EPERM},
		{"infinite_hard_limit_is_EPERM", 0, vfs.Rlimit{Cur: 1024, Max: vfs.RLIM_INFINITY}, vfs.EPERM},
		{"non_root_lowers_the_hard_limit", userUID, vfs.Rlimit{Cur: 512, Max: 2048}, 0},
		{"non_root_raising_the_hard_limit_is_EPERM", userUID, vfs.Rlimit{Cur: 512, Max: 4096}, vfs.EPERM},
		{"root_raises_the_hard_limit_again", 0, vfs.Rlimit{Cur: 512, Max: 1048576}, 0},
	}
	user := forkAs(t, root, userUID, userGID)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := root
			if c.uid != 0 {
				p = user
			}
			requireResult(t, p.Setrlimit(vfs.RLIMIT_NOFILE, &c.rl), c.want)
		})
	}
	t.Run("fork_inherits_the_limits", func(t *testing.T) {
		require.NoError(t, user.Getrlimit(vfs.RLIMIT_NOFILE, &rl))
		child, err := user.Fork()
		require.NoError(t, err)
		var crl vfs.Rlimit
		require.NoError(t, child.Getrlimit(vfs.RLIMIT_NOFILE, &crl))
		require.Equal(t, rl, crl)
	})
}

func TestForkAndExit(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/f", "", 0o644)

	t.Run("fork_shares_file_offsets", func(t *testing.T) {
		fd, err := p.Open("/tmp/f", vfs.O_RDWR, 0)
		require.NoError(t, err)
		defer p.Close(fd)
		child, err := p.Fork()
		require.NoError(t, err)
		_, err = child.Write(fd, []byte("child"))
		require.NoError(t, err)
		off, err := p.Seek(fd, 0, vfs.SEEK_CUR)
		require.NoError(t, err)
		require.EqualValues(t, 5, off, "the child's write moved the parent's offset")
		require.NoError(t, child.Close(fd))
		_, err = p.Write(fd, []byte("parent"))
		require.NoError(t, err, "the child's close leaves the parent's fd open")
		require.Equal(t, "childparent", readFile(t, p, "/tmp/f"))
		child.Exit(0)
		_, err = p.Wait(child.Pid())
		require.NoError(t, err)
	})
	t.Run("fds_opened_after_fork_are_not_shared", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		fd, err := child.Open("/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		var st vfs.Stat_t
		requireErrno(t, p.Fstat(fd, &st), vfs.EBADF)
		child.Exit(0)
		_, err = p.Wait(child.Pid())
		require.NoError(t, err)
	})
	t.Run("exit_closes_every_fd", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		openN(t, child, "/tmp/f", 5)
		require.Equal(t, p.FDTable().Count()+5, child.FDTable().Count())
		child.Exit(0)
		require.Zero(t, child.FDTable().Count())
		_, err = p.Wait(child.Pid())
		require.NoError(t, err)
	})
	t.Run("wait_returns_the_exit_status", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		child.Exit(3)
		status, err := p.Wait(child.Pid())
		require.NoError(t, err)
		require.Equal(t, 3, status>>8&0xff)
		require.Zero(t, status&0x7f, "exited, not signalled")
	})
	t.Run("exit_code_keeps_its_low_8_bits", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		child.Exit(257)
		status, err := p.Wait(-1)
		require.NoError(t, err)
		require.Equal(t, 1, status>>8)
	})
	t.Run("wait_blocks_until_the_child_exits", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		done := make(chan struct{})
		go func() {
			defer close(done)
			time.Sleep(10 * time.Millisecond)
			child.Exit(7)
		}()
		status, err := p.Wait(-1)
		require.NoError(t, err)
		require.Equal(t, 7, status>>8)
		<-done
	})
	t.Run("wait_without_children_is_ECHILD", func(t *testing.T) {
		_, err := p.Wait(-1)
		requireErrno(t, err, vfs.ECHILD)
	})
	t.Run("wait_twice_is_ECHILD", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		child.Exit(0)
		_, err = p.Wait(child.Pid())
		require.NoError(t, err)
		_, err = p.Wait(child.Pid())
		requireErrno(t, err, vfs.ECHILD)
	})
	t.Run("wait_for_a_grandchild_is_ECHILD", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		grandchild, err := child.Fork()
		require.NoError(t, err)
		_, err = p.Wait(grandchild.Pid())
		requireErrno(t, err, vfs.ECHILD)
		grandchild.Exit(0)
		child.Exit(0)
		_, err = p.Wait(child.Pid())
		require.NoError(t, err)
	})
	t.Run("orphans_go_to_init", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		grandchild, err := child.Fork()
		require.NoError(t, err)
		child.Exit(0)
		_, err = p.Wait(child.Pid())
		require.NoError(t, err)
		require.Equal(t, 1, grandchild.Getppid())
		grandchild.Exit(5)
		status, err := p.Wait(grandchild.Pid())
		require.NoError(t, err)
		require.Equal(t, 5, status>>8)
	})
	t.Run("fork_of_an_exited_process_is_ESRCH", func(t *testing.T) {
		child, err := p.Fork()
		require.NoError(t, err)
		child.Exit(0)
		_, err = child.Fork()
		requireErrno(t, err, vfs.ESRCH)
		_, err = p.Wait(child.Pid())
		require.NoError(t, err)
	})
}

func TestDupKeepsTheFileAlive(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/f", "still here", 0o644)
	fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
	require.NoError(t, err)
	dup, err := p.Dup(fd)
	require.NoError(t, err)
	require.NoError(t, p.Unlink("/tmp/f"))
	require.NoError(t, p.Close(fd))

	var st vfs.Stat_t
	require.NoError(t, p.Fstat(dup, &st))
	require.Zero(t, st.Nlink)
	require.Equal(t, "still here", readAll(t, p, dup))
	require.NoError(t, p.Close(dup))
}
