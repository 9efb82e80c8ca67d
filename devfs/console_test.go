package devfs_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// The console against tty_ioctl(4) and termios(3): canonical input is
// delivered a line at a time, echo writes input back, the termios and
// window size are kept per device.
func TestConsole(t *testing.T) {
	t.Run("writes_reach_the_writer_given_at_boot", func(t *testing.T) {
		var out bytes.Buffer
		_, p := boot(t, govfs.WithConsole(nil, &out))
		fd := open(t, p, "/dev/console", vfs.O_WRONLY)
		write(t, p, fd, "hello, console\n")
		require.Equal(t, "hello, console\n", out.String())
	})

	t.Run("by_default_input_is_empty_and_output_discarded", func(t *testing.T) {
		_, p := boot(t)
		fd := open(t, p, "/dev/console", vfs.O_RDWR)
		require.Equal(t, "", read(t, p, fd, 10))
		write(t, p, fd, "nobody sees this")
	})

	t.Run("canonical_mode_reads_one_whole_line_at_a_time", func(t *testing.T) {
		_, p := boot(t, govfs.WithConsole(strings.NewReader("one\ntwo\nthree"), io.Discard))
		fd := open(t, p, "/dev/console", vfs.O_RDONLY)
		require.Equal(t, "one\n", read(t, p, fd, 100))
		require.Equal(t, "tw", read(t, p, fd, 2))
		require.Equal(t, "o\n", read(t, p, fd, 100))
		require.Equal(t, "three", read(t, p, fd, 100), "at end of input, the partial line")
		require.Equal(t, "", read(t, p, fd, 100))
	})

	t.Run("canonical_read_waits_for_the_newline", func(t *testing.T) {
		pr, pw := io.Pipe()
		_, p := boot(t, govfs.WithConsole(pr, io.Discard))
		fd := open(t, p, "/dev/console", vfs.O_RDONLY|vfs.O_NONBLOCK)
		_, err := p.Read(fd, make([]byte, 10))
		requireErrno(t, err, vfs.EAGAIN)
		_, err = pw.Write([]byte("par"))
		require.NoError(t, err)
		_, err = p.Read(fd, make([]byte, 10))
		requireErrno(t, err, vfs.EAGAIN, "no newline yet")
		n, err := p.IoctlGetInt(fd, vfs.FIONREAD)
		require.NoError(t, err)
		require.Zero(t, n, "FIONREAD counts whole lines in canonical mode")
		done := make(chan string)
		go func() {
			fd2 := open(t, p, "/dev/console", vfs.O_RDONLY)
			done <- read(t, p, fd2, 10)
		}()
		_, err = pw.Write([]byte("t\n"))
		require.NoError(t, err)
		select {
		case got := <-done:
			require.Equal(t, "part\n", got)
		case <-time.After(5 * time.Second):
			t.Fatal("the blocked read did not wake")
		}
		require.NoError(t, pw.Close())
	})

	t.Run("raw_mode_reads_what_is_there", func(t *testing.T) {
		pr, pw := io.Pipe()
		_, p := boot(t, govfs.WithConsole(pr, io.Discard))
		fd := open(t, p, "/dev/console", vfs.O_RDONLY|vfs.O_NONBLOCK)
		tio, err := p.IoctlGetTermios(fd, vfs.TCGETS)
		require.NoError(t, err)
		tio.Lflag &^= vfs.ICANON | vfs.ECHO
		require.NoError(t, p.IoctlSetTermios(fd, vfs.TCSETS, tio))
		_, err = pw.Write([]byte("ab"))
		require.NoError(t, err)
		require.Eventually(t, func() bool {
			n, _ := p.IoctlGetInt(fd, vfs.FIONREAD)
			return n == 2
		}, 5*time.Second, time.Millisecond)
		require.Equal(t, "ab", read(t, p, fd, 10))
		require.NoError(t, pw.Close())
	})

	t.Run("echo_writes_input_back_and_ICRNL_turns_CR_into_NL", func(t *testing.T) {
		var out bytes.Buffer
		_, p := boot(t, govfs.WithConsole(strings.NewReader("hi\r"), &out))
		fd := open(t, p, "/dev/console", vfs.O_RDONLY)
		require.Equal(t, "hi\n", read(t, p, fd, 10))
		require.Equal(t, "hi\n", out.String())
	})

	t.Run("without_ECHO_input_is_not_written_back", func(t *testing.T) {
		var out bytes.Buffer
		pr, pw := io.Pipe()
		_, p := boot(t, govfs.WithConsole(pr, &out))
		tio, err := p.IoctlGetTermios(0, vfs.TCGETS)
		require.NoError(t, err)
		tio.Lflag &^= vfs.ECHO
		require.NoError(t, p.IoctlSetTermios(0, vfs.TCSETSF, tio))
		_, err = pw.Write([]byte("secret\n"))
		require.NoError(t, err)
		require.Equal(t, "secret\n", read(t, p, 0, 10))
		require.NoError(t, pw.Close())
		require.Equal(t, "", out.String())
	})

	t.Run("init_starts_with_fds_0_1_2_on_the_console", func(t *testing.T) {
		var out bytes.Buffer
		_, p := boot(t, govfs.WithConsole(strings.NewReader("typed\n"), &out))
		var st vfs.Stat_t
		for fd := range 3 {
			require.NoError(t, p.Fstat(fd, &st))
			require.EqualValues(t, vfs.Mkdev(5, 1), st.Rdev)
			fl, err := p.FcntlInt(uintptr(fd), vfs.F_GETFL, 0)
			require.NoError(t, err)
			require.Equal(t, vfs.O_RDWR, fl&vfs.O_ACCMODE)
		}
		require.Equal(t, "typed\n", read(t, p, 0, 100))
		write(t, p, 1, "out ")
		write(t, p, 2, "err\n")
		require.Equal(t, "typed\nout err\n", out.String(), "the echo of the input, then what was written")
		fd, err := p.Open("/dev/null", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.Equal(t, 3, fd, "the first open after boot")
	})

	t.Run("TCGETS_reports_Linux_defaults_and_TCSETS_keeps_what_is_set", func(t *testing.T) {
		_, p := boot(t)
		fd := open(t, p, "/dev/console", vfs.O_RDWR)
		tio, err := p.IoctlGetTermios(fd, vfs.TCGETS)
		require.NoError(t, err)
		require.NotZero(t, tio.Lflag&vfs.ICANON)
		require.NotZero(t, tio.Lflag&vfs.ECHO)
		require.NotZero(t, tio.Iflag&vfs.ICRNL)
		require.EqualValues(t, 4, tio.Cc[vfs.VEOF]) // ^D
		tio.Cc[vfs.VMIN] = 5
		for _, req := range []uint{vfs.TCSETS, vfs.TCSETSW, vfs.TCSETSF} {
			require.NoError(t, p.IoctlSetTermios(fd, req, tio))
		}
		again, err := p.IoctlGetTermios(open(t, p, "/dev/tty", vfs.O_RDONLY), vfs.TCGETS)
		require.NoError(t, err)
		require.Equal(t, tio, again, "/dev/tty is the console")
	})

	t.Run("window_size_is_kept", func(t *testing.T) {
		_, p := boot(t)
		fd := open(t, p, "/dev/console", vfs.O_RDWR)
		ws, err := p.IoctlGetWinsize(fd, vfs.TIOCGWINSZ)
		require.NoError(t, err)
		require.Equal(t, vfs.Winsize{Row: 24, Col: 80}, *ws)
		require.NoError(t, p.IoctlSetWinsize(fd, vfs.TIOCSWINSZ, &vfs.Winsize{Row: 50, Col: 132}))
		ws, err = p.IoctlGetWinsize(fd, vfs.TIOCGWINSZ)
		require.NoError(t, err)
		require.Equal(t, vfs.Winsize{Row: 50, Col: 132}, *ws)
	})

	t.Run("TIOCGPGRP_is_inits_group", func(t *testing.T) {
		_, p := boot(t)
		fd := open(t, p, "/dev/tty", vfs.O_RDWR)
		pg, err := p.IoctlGetInt(fd, vfs.TIOCGPGRP)
		require.NoError(t, err)
		require.Equal(t, 1, pg)
	})

	t.Run("bad_arguments_are_EFAULT_unknown_requests_ENOTTY", func(t *testing.T) {
		_, p := boot(t)
		fd := open(t, p, "/dev/console", vfs.O_RDWR)
		for _, req := range []uint{vfs.TCGETS, vfs.TCSETS, vfs.TIOCGWINSZ, vfs.TIOCSWINSZ, vfs.FIONREAD, vfs.TIOCGPGRP} {
			_, err := p.Ioctl(fd, req, nil)
			requireErrno(t, err, vfs.EFAULT, "nil for %#x", req)
			_, err = p.Ioctl(fd, req, "a string")
			requireErrno(t, err, vfs.EFAULT, "wrong type for %#x", req)
		}
		requireErrno(t, p.IoctlSetTermios(fd, vfs.TCSETS, nil), vfs.EFAULT)
		requireErrno(t, p.IoctlSetWinsize(fd, vfs.TIOCSWINSZ, nil), vfs.EFAULT)
		var nilTermios *vfs.Termios
		_, err := p.Ioctl(fd, vfs.TCGETS, nilTermios)
		requireErrno(t, err, vfs.EFAULT)
		_, err = p.Ioctl(fd, vfs.BLKGETSIZE64, new(uint64))
		requireErrno(t, err, vfs.ENOTTY)
	})

	t.Run("a_console_is_not_seekable", func(t *testing.T) {
		_, p := boot(t)
		fd := open(t, p, "/dev/console", vfs.O_RDWR)
		_, err := p.Seek(fd, 0, vfs.SEEK_SET)
		requireErrno(t, err, vfs.ESPIPE)
		_, err = p.Pread(fd, make([]byte, 1), 0)
		requireErrno(t, err, vfs.ESPIPE)
	})

	t.Run("poll_reports_input_when_a_line_is_ready", func(t *testing.T) {
		_, p := boot(t, govfs.WithConsole(strings.NewReader("x\n"), io.Discard))
		fd := open(t, p, "/dev/console", vfs.O_RDONLY)
		fds := []vfs.PollFd{{Fd: int32(fd), Events: vfs.POLLIN}}
		n, err := p.Poll(fds, 5000)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Equal(t, int16(vfs.POLLIN), fds[0].Revents)
	})

	t.Run("a_write_error_of_the_writer_is_EIO", func(t *testing.T) {
		pr, pw := io.Pipe()
		require.NoError(t, pr.Close())
		_, p := boot(t, govfs.WithConsole(nil, pw))
		fd := open(t, p, "/dev/console", vfs.O_WRONLY)
		_, err := p.Write(fd, []byte("x"))
		requireErrno(t, err, vfs.EIO)
	})
}
