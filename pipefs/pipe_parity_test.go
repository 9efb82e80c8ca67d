package pipefs_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Pipe behaviours that the differential cases also check, as unit tests
// that run for any user on any OS. The literal expectations were read
// once from Linux 6.x (x86-64, 4096-byte pages), as uid 65534.

// writeN writes n bytes to fd and returns the count and error.
func writeN(p *vfs.Process, fd, n int) (int, error) {
	return p.Write(fd, make([]byte, n))
}

func fionread(t *testing.T, p *vfs.Process, fd int) int {
	t.Helper()
	n, err := p.IoctlGetInt(fd, vfs.FIONREAD)
	require.NoError(t, err)
	return n
}

// A pipe counts slots, one page each, not bytes: a write whose length is
// a multiple of the page size never tops up the partly filled newest
// page (pipe_write merges only the len%PAGE_SIZE tail), so 100 bytes and
// then 4096 take two slots.
func TestPipeFullPageWriteTakesAFreshSlot(t *testing.T) {
	t.Run("sixteen_slots_hold_100_then_fifteen_4096_byte_writes", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, vfs.O_NONBLOCK)
		n, err := writeN(p, w, 100)
		require.NoError(t, err)
		require.Equal(t, 100, n)
		n, err = writeN(p, w, 4096)
		require.NoError(t, err)
		require.Equal(t, 4096, n)
		require.Equal(t, 4196, fionread(t, p, r))
		fits := 0
		for {
			if _, err = writeN(p, w, 4096); err != nil {
				break
			}
			fits++
		}
		require.ErrorIs(t, err, vfs.EAGAIN)
		require.Equal(t, 14, fits, "Linux: 14 more 4096-byte writes fit in the 14 free slots")
		require.Equal(t, 61540, fionread(t, p, r))
		_, err = writeN(p, w, 1)
		require.ErrorIs(t, err, vfs.EAGAIN, "the newest page is full: one more byte needs a slot")
	})
	t.Run("two_slots_are_full_after_100_then_4096", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, vfs.O_NONBLOCK)
		size, err := p.FcntlInt(uintptr(w), vfs.F_SETPIPE_SZ, 8192)
		require.NoError(t, err)
		require.Equal(t, 8192, size)
		_, err = writeN(p, w, 100)
		require.NoError(t, err)
		n, err := writeN(p, w, 4096)
		require.NoError(t, err)
		require.Equal(t, 4096, n)
		require.Equal(t, 4196, fionread(t, p, r))
		_, err = writeN(p, w, 1)
		require.ErrorIs(t, err, vfs.EAGAIN, "both slots in use: the 4096 bytes did not top up the first page")
		got, err := p.Read(r, make([]byte, 100))
		require.NoError(t, err)
		require.Equal(t, 100, got)
		n, err = writeN(p, w, 1)
		require.NoError(t, err, "reading the first page whole frees its slot")
		require.Equal(t, 1, n)
		require.Equal(t, 4097, fionread(t, p, r))
	})
}

// poll(2) on a pipe whose other end is gone: the read end is POLLHUP,
// with POLLIN while data is left, and POLLHUP is reported even when not
// asked for; the write end is POLLOUT|POLLERR.
func TestPipePollAfterTheOtherEndCloses(t *testing.T) {
	for _, c := range []struct {
		name     string
		data     string
		closeEnd int // 0: the write end closes and the read end is polled; 1: the reverse
		events   int16
		want     int16
	}{
		{"empty_read_end_after_the_writer_closed_is_POLLHUP", "", 0, vfs.POLLIN, vfs.POLLHUP},
		{"POLLHUP_needs_no_request", "", 0, 0, vfs.POLLHUP},
		{"read_end_with_data_left_is_POLLIN_POLLHUP", "ab", 0, vfs.POLLIN, vfs.POLLIN | vfs.POLLHUP},
		{"write_end_after_the_reader_closed_is_POLLOUT_POLLERR", "", 1, vfs.POLLOUT, vfs.POLLOUT | vfs.POLLERR},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := boot(t)
			r, w := pipe(t, p, 0)
			if c.data != "" {
				_, err := p.Write(w, []byte(c.data))
				require.NoError(t, err)
			}
			polled := r
			if c.closeEnd == 0 {
				require.NoError(t, p.Close(w))
			} else {
				require.NoError(t, p.Close(r))
				polled = w
			}
			fds := []vfs.PollFd{{Fd: int32(polled), Events: c.events}}
			n, err := p.Poll(fds, 0)
			require.NoError(t, err)
			require.Equal(t, 1, n)
			require.Equal(t, c.want, fds[0].Revents, "revents %#x, want %#x", fds[0].Revents, c.want)
		})
	}
}

// A write to a pipe without readers is EPIPE and sends SIGPIPE (also
// TestPipeSignals); a zero-byte write does neither (pipe_write returns before it looks), and
// a write that blocked on a full pipe when the last reader went away
// returns what it wrote and still sends SIGPIPE.
func TestPipeWriteWithoutReadersSendsSIGPIPE(t *testing.T) {
	t.Run("zero_byte_write_is_0_and_no_signal", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, 0)
		require.NoError(t, p.Close(r))
		n, err := p.Write(w, nil)
		require.NoError(t, err)
		require.Equal(t, 0, n)
		require.Empty(t, p.Signals())
	})
	t.Run("fifo_write_after_the_reader_closed_is_EPIPE_and_SIGPIPE", func(t *testing.T) {
		p := boot(t)
		require.NoError(t, p.Mkfifo("/tmp/f", 0o600))
		r, err := p.Open("/tmp/f", vfs.O_RDONLY|vfs.O_NONBLOCK, 0)
		require.NoError(t, err)
		w, err := p.Open("/tmp/f", vfs.O_WRONLY, 0)
		require.NoError(t, err)
		require.NoError(t, p.Close(r))
		_, err = p.Write(w, []byte("x"))
		require.ErrorIs(t, err, vfs.EPIPE)
		require.Equal(t, []int{vfs.SIGPIPE}, p.Signals())
	})
	t.Run("blocked_write_returns_its_count_and_SIGPIPE_when_the_reader_goes", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, 0)
		var n int
		var err error
		done := blocked(t, func() { n, err = writeN(p, w, 100000) })
		// On a loaded machine the writer may not have filled the pipe
		// within blocked's pause: close only once all 65536 are in.
		require.Eventually(t, func() bool { return fionread(t, p, r) == 65536 }, 10*time.Second, time.Millisecond)
		require.NoError(t, p.Close(r))
		<-done
		require.NoError(t, err)
		require.Equal(t, 65536, n)
		require.Equal(t, []int{vfs.SIGPIPE}, p.Signals())
	})
}
