package pipefs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestSigio: signal-driven I/O on a pipe (pipe_fasync, kill_fasync in
// pipe_read, pipe_write and pipe_release). An end with O_ASYNC and an
// owner gets SIGIO, or F_SETSIG's signal, when the pipe is written (a
// reading end), read (a writing end), or when the other side's last end
// goes. The steps and their signals are what Linux 6.18 sent a test
// program making the same calls (the host cannot be asked by the
// differential tests: its signal would reach the whole test binary).
func TestSigio(t *testing.T) {
	p := boot(t)
	r, w := pipe(t, p, vfs.O_NONBLOCK)
	fcntl := func(fd, cmd, arg int) {
		t.Helper()
		_, err := p.FcntlInt(uintptr(fd), cmd, arg)
		require.NoError(t, err)
	}
	seen := len(p.Signals())
	step := func(name string, act func(), want ...int) {
		t.Helper()
		act()
		got := p.Signals()[seen:]
		seen += len(got)
		require.Equal(t, len(want), len(got), "%s: %v", name, got)
		if len(want) > 0 {
			require.Equal(t, want, got, name)
		}
	}
	write := func(fd int) func() { return func() { _, _ = p.Write(fd, []byte("x")) } }
	read := func(fd int) func() { return func() { _, _ = p.Read(fd, make([]byte, 10)) } }

	fcntl(r, vfs.F_SETFL, vfs.O_ASYNC|vfs.O_NONBLOCK)
	fl, err := p.FcntlInt(uintptr(r), vfs.F_GETFL, 0)
	require.NoError(t, err)
	require.Equal(t, vfs.O_ASYNC, fl&vfs.O_ASYNC, "a pipe keeps O_ASYNC")
	step("write_without_an_owner", write(w))
	fcntl(r, vfs.F_SETOWN, p.Pid())
	step("write_to_a_reader_with_an_owner", write(w), vfs.SIGIO)
	step("read_signals_only_writers", read(r))
	step("read_of_an_empty_pipe_too", read(r))
	fcntl(r, vfs.F_SETSIG, vfs.SIGUSR1)
	step("F_SETSIG_chooses_the_signal", write(w), vfs.SIGUSR1)
	fcntl(r, vfs.F_SETSIG, 0)
	fcntl(w, vfs.F_SETFL, vfs.O_ASYNC|vfs.O_NONBLOCK)
	fcntl(w, vfs.F_SETOWN, p.Pid())
	step("read_signals_the_writer", read(r), vfs.SIGIO)
	step("write_signals_the_reader", write(w), vfs.SIGIO)
	step("the_last_writer_leaving_signals_the_reader", func() { require.NoError(t, p.Close(w)) }, vfs.SIGIO)
	fcntl(r, vfs.F_SETFL, vfs.O_NONBLOCK)

	t.Run("an_owner_the_setter_may_not_signal_gets_nothing", func(t *testing.T) {
		u, err := p.Fork()
		require.NoError(t, err)
		require.NoError(t, u.Setuid(1000))
		fds := make([]int, 2)
		require.NoError(t, u.Pipe2(fds, vfs.O_NONBLOCK))
		_, err = u.FcntlInt(uintptr(fds[0]), vfs.F_SETFL, vfs.O_ASYNC|vfs.O_NONBLOCK)
		require.NoError(t, err)
		_, err = u.FcntlInt(uintptr(fds[0]), vfs.F_SETOWN, p.Pid())
		require.NoError(t, err, "naming any owner is allowed")
		before := len(p.Signals())
		_, err = u.Write(fds[1], []byte("x"))
		require.NoError(t, err)
		require.Len(t, p.Signals(), before, "uid 1000 may not signal root's process (sigio_perm)")
		_, err = u.FcntlInt(uintptr(fds[0]), vfs.F_SETOWN, u.Pid())
		require.NoError(t, err)
		_, err = u.Write(fds[1], []byte("x"))
		require.NoError(t, err)
		require.Equal(t, []int{vfs.SIGIO}, u.Signals())
	})
	t.Run("an_owner_reaped_is_0_and_gets_nothing", func(t *testing.T) {
		c, err := p.Fork()
		require.NoError(t, err)
		r, w := pipe(t, p, vfs.O_NONBLOCK)
		fcntl(r, vfs.F_SETFL, vfs.O_ASYNC|vfs.O_NONBLOCK)
		fcntl(r, vfs.F_SETOWN, -c.Pid()) // govfs: every process leads its own group
		own, err := p.FcntlInt(uintptr(r), vfs.F_GETOWN, 0)
		require.NoError(t, err)
		require.Equal(t, -c.Pid(), own)
		_, err = p.Write(w, []byte("x"))
		require.NoError(t, err)
		require.Equal(t, []int{vfs.SIGIO}, c.Signals())
		c.Exit(0)
		_, err = p.Wait(c.Pid())
		require.NoError(t, err)
		own, err = p.FcntlInt(uintptr(r), vfs.F_GETOWN, 0)
		require.NoError(t, err)
		require.Zero(t, own)
		_, err = p.Write(w, []byte("x"))
		require.NoError(t, err)
		_, err = p.FcntlInt(uintptr(r), vfs.F_SETOWN, c.Pid())
		require.ErrorIs(t, err, vfs.ESRCH)
	})
}
