package pipefs_test

import (
	"bytes"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func boot(t testing.TB) *vfs.Process {
	t.Helper()
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	return k.Init()
}

func pipe(t testing.TB, p *vfs.Process, flags int) (r, w int) {
	t.Helper()
	fds := make([]int, 2)
	require.NoError(t, p.Pipe2(fds, flags))
	return fds[0], fds[1]
}

// blocked runs f in a goroutine and checks it is still blocked shortly after.
func blocked(t *testing.T, f func()) chan struct{} {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
		t.Fatal("call did not block")
	case <-time.After(20 * time.Millisecond):
	}
	return done
}

// killUntilDone sends sig until the call behind done returns. A signal
// interrupts only the calls blocked when it is sent, and on a loaded
// machine the call may not have reached its wait after blocked's pause.
func killUntilDone(t *testing.T, p *vfs.Process, sig int, done <-chan struct{}) {
	t.Helper()
	for {
		require.NoError(t, p.Kill(sig))
		select {
		case <-done:
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func TestPipeSignals(t *testing.T) {
	t.Run("blocked_read_is_EINTR_on_kill", func(t *testing.T) {
		p := boot(t)
		r, _ := pipe(t, p, 0)
		var err error
		done := blocked(t, func() { _, err = p.Read(r, make([]byte, 8)) })
		killUntilDone(t, p, vfs.SIGUSR1, done)
		require.ErrorIs(t, err, vfs.EINTR)
	})
	t.Run("blocked_write_returns_partial_count_on_kill", func(t *testing.T) {
		p := boot(t)
		_, w := pipe(t, p, 0)
		var n int
		var err error
		done := blocked(t, func() { n, err = p.Write(w, make([]byte, 100000)) })
		killUntilDone(t, p, vfs.SIGUSR1, done)
		require.NoError(t, err)
		require.Equal(t, 65536, n)
	})
	t.Run("blocked_poll_is_EINTR_on_kill", func(t *testing.T) {
		p := boot(t)
		r, _ := pipe(t, p, 0)
		var err error
		done := blocked(t, func() {
			_, err = p.Poll([]vfs.PollFd{{Fd: int32(r), Events: vfs.POLLIN}}, -1)
		})
		killUntilDone(t, p, vfs.SIGINT, done)
		require.ErrorIs(t, err, vfs.EINTR)
	})
	t.Run("blocked_fifo_open_is_EINTR_on_kill", func(t *testing.T) {
		p := boot(t)
		require.NoError(t, p.Mkfifo("/tmp/f", 0o600))
		var err error
		done := blocked(t, func() { _, err = p.Open("/tmp/f", vfs.O_RDONLY, 0) })
		killUntilDone(t, p, vfs.SIGALRM, done)
		require.ErrorIs(t, err, vfs.EINTR)
		fd, err := p.Open("/tmp/f", vfs.O_WRONLY|vfs.O_NONBLOCK, 0)
		require.ErrorIs(t, err, vfs.ENXIO, "the interrupted reader must not count: %d", fd)
	})
	t.Run("write_without_reader_is_EPIPE_and_SIGPIPE", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, 0)
		require.NoError(t, p.Close(r))
		_, err := p.Write(w, []byte("x"))
		require.ErrorIs(t, err, vfs.EPIPE)
		require.Equal(t, []int{vfs.SIGPIPE}, p.Signals())
	})
	t.Run("exit_interrupts_blocked_calls", func(t *testing.T) {
		p := boot(t)
		child, err := p.Fork()
		require.NoError(t, err)
		r, _ := pipe(t, child, 0)
		var rerr error
		done := blocked(t, func() { _, rerr = child.Read(r, make([]byte, 1)) })
		child.Exit(0)
		<-done
		require.Error(t, rerr)
	})
}

func TestPipeLifetime(t *testing.T) {
	t.Run("read_in_progress_survives_close_of_its_fd", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, 0)
		var n int
		done := blocked(t, func() { n, _ = p.Read(r, make([]byte, 8)) })
		require.NoError(t, p.Close(r))
		_, err := p.Write(w, []byte("late"))
		require.NoError(t, err, "the read in progress still holds the read end")
		<-done
		require.Equal(t, 4, n)
	})
	t.Run("dup_of_write_end_keeps_pipe_open", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, 0)
		w2, err := p.Dup(w)
		require.NoError(t, err)
		require.NoError(t, p.Close(w))
		_, err = p.Write(w2, []byte("ab"))
		require.NoError(t, err)
		require.NoError(t, p.Close(w2))
		buf := make([]byte, 8)
		n, _ := p.Read(r, buf)
		require.Equal(t, "ab", string(buf[:n]))
		n, err = p.Read(r, buf)
		require.NoError(t, err)
		require.Zero(t, n, "EOF after the last writer")
	})
	t.Run("fifo_data_lives_only_while_open", func(t *testing.T) {
		p := boot(t)
		require.NoError(t, p.Mkfifo("/tmp/f", 0o600))
		fd, err := p.Open("/tmp/f", vfs.O_RDWR, 0)
		require.NoError(t, err)
		_, err = p.Write(fd, []byte("gone"))
		require.NoError(t, err)
		require.NoError(t, p.Close(fd))
		fd, err = p.Open("/tmp/f", vfs.O_RDWR|vfs.O_NONBLOCK, 0)
		require.NoError(t, err)
		_, err = p.Read(fd, make([]byte, 8))
		require.ErrorIs(t, err, vfs.EAGAIN)
	})
}

func TestPipeAtomicity(t *testing.T) {
	p := boot(t)
	r, w := pipe(t, p, 0)
	const writers, rounds, size = 8, 64, vfs.PIPE_BUF
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			rec := bytes.Repeat([]byte{byte('a' + i)}, size)
			for range rounds {
				n, err := p.Write(w, rec)
				if err != nil || n != size {
					t.Errorf("write: %d %v", n, err)
				}
			}
		})
	}
	go func() { wg.Wait(); p.Close(w) }()
	rec := make([]byte, size)
	count := 0
	for {
		got := 0
		for got < size {
			n, err := p.Read(r, rec[got:])
			require.NoError(t, err)
			if n == 0 {
				break
			}
			got += n
		}
		if got == 0 {
			break
		}
		require.Equal(t, size, got)
		require.Equal(t, size, bytes.Count(rec, rec[:1]), "record %d is torn", count)
		count++
	}
	require.Equal(t, writers*rounds, count)
}

func TestPollManyIdlePipesUsesNoGoroutines(t *testing.T) {
	p := boot(t)
	require.NoError(t, p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: 4096, Max: 1 << 20}))
	var pfds []vfs.PollFd
	var last int
	for range 1000 {
		r, w := pipe(t, p, 0)
		pfds = append(pfds, vfs.PollFd{Fd: int32(r), Events: vfs.POLLIN})
		last = w
	}
	before := runtime.NumGoroutine()
	var n int
	done := blocked(t, func() { n, _ = p.Poll(pfds, 5000) })
	require.LessOrEqual(t, runtime.NumGoroutine(), before+2)
	_, err := p.Write(last, []byte("!"))
	require.NoError(t, err)
	<-done
	require.Equal(t, 1, n)
	require.Equal(t, int16(vfs.POLLIN), pfds[999].Revents)
}

func TestPipeResize(t *testing.T) {
	t.Run("growing_wakes_a_writer_blocked_on_a_full_pipe", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, 0)
		var n int
		var err error
		done := blocked(t, func() { n, err = p.Write(w, make([]byte, 65536+100)) })
		_, ferr := p.FcntlInt(uintptr(r), vfs.F_SETPIPE_SZ, 1<<17)
		require.NoError(t, ferr)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("the writer still sleeps with room in the pipe")
		}
		require.NoError(t, err)
		require.Equal(t, 65536+100, n)
	})
}

func TestPipeSize(t *testing.T) {
	p := boot(t)
	r, w := pipe(t, p, 0)
	size, err := p.FcntlInt(uintptr(w), vfs.F_GETPIPE_SZ, 0)
	require.NoError(t, err)
	require.Equal(t, 65536, size)
	_, err = p.FcntlInt(uintptr(r), vfs.F_SETPIPE_SZ, 2<<20)
	require.NoError(t, err, "root may go past pipe-max-size")

	child, err := p.Fork()
	require.NoError(t, err)
	require.NoError(t, child.Setuid(1000))
	_, err = child.FcntlInt(uintptr(r), vfs.F_SETPIPE_SZ, 4<<20)
	require.ErrorIs(t, err, vfs.EPERM, "the caller's privilege counts, not the opener's")
	cr, _ := pipe(t, child, 0)
	_, err = child.FcntlInt(uintptr(cr), vfs.F_SETPIPE_SZ, (1<<20)+1)
	require.ErrorIs(t, err, vfs.EPERM)
	got, err := child.FcntlInt(uintptr(cr), vfs.F_SETPIPE_SZ, 1<<20)
	require.NoError(t, err)
	require.Equal(t, 1<<20, got)
	child.Exit(0)
	p.Wait(child.Pid())
}

// TestPipeStream sends writes of every size through a pipe, read with
// reads of every size, and checks that every byte arrives once and in
// order — the test that catches a lost wake-up.
func TestPipeStream(t *testing.T) {
	p := boot(t)
	for _, flags := range []int{0, vfs.O_NONBLOCK} {
		r, w := pipe(t, p, 0)
		if flags != 0 {
			_, err := p.FcntlInt(uintptr(w), vfs.F_SETFL, flags)
			require.NoError(t, err)
		}
		const total = 8 << 20
		sizes := []int{1, 7, 64, 100, 4095, 4096, 4097, 10000, 65536, 100000}
		go func() {
			var seq byte
			buf := make([]byte, 100000)
			for sent, i := 0, 0; sent < total; i++ {
				n := min(sizes[i%len(sizes)], total-sent)
				for j := range buf[:n] {
					buf[j] = seq
					seq++
				}
				for off := 0; off < n; {
					m, err := p.Write(w, buf[off:n])
					if err == vfs.EAGAIN {
						pf := []vfs.PollFd{{Fd: int32(w), Events: vfs.POLLOUT}}
						p.Poll(pf, -1)
						continue
					}
					if err != nil {
						t.Error(err)
						return
					}
					off += m
				}
				sent += n
			}
			p.Close(w)
		}()
		var want byte
		got := 0
		buf := make([]byte, 100000)
		for i := 0; ; i++ {
			n, err := p.Read(r, buf[:sizes[i%len(sizes)]])
			require.NoError(t, err)
			if n == 0 {
				break
			}
			for _, c := range buf[:n] {
				if c != want {
					t.Fatalf("byte %d is %d, want %d", got, c, want)
				}
				want++
				got++
			}
		}
		require.Equal(t, total, got)
		p.Close(r)
	}
}

func TestPollTimeout(t *testing.T) {
	p := boot(t)
	r, w := pipe(t, p, 0)
	pfds := []vfs.PollFd{{Fd: int32(r), Events: vfs.POLLIN}, {Fd: -1, Events: vfs.POLLIN}}
	start := time.Now()
	n, err := p.Poll(pfds, 30)
	require.NoError(t, err)
	require.Zero(t, n, "nothing to read: the timeout passes")
	require.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)
	n, err = p.Poll(pfds, 0)
	require.NoError(t, err)
	require.Zero(t, n, "timeout 0 checks and returns")
	_, err = p.Write(w, []byte("x"))
	require.NoError(t, err)
	n, err = p.Poll(pfds, -1)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Equal(t, int16(vfs.POLLIN), pfds[0].Revents)
	require.Zero(t, pfds[1].Revents, "a negative fd is skipped")
}

// TestPipeLargeWrites checks the writes of more than a page, which copy
// into reserved slots without the pipe's lock, against what shares the
// pipe with them.
func TestPipeLargeWrites(t *testing.T) {
	t.Run("small_writes_stay_whole_beside_large_writes", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, 0)
		const rounds, large = 64, 20000
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Go(func() { writeRecords(t, p, w, byte('a'+i), vfs.PIPE_BUF, rounds) })
		}
		for i := range 2 {
			wg.Go(func() { writeRecords(t, p, w, byte('X'+i), large, rounds) })
		}
		go func() { wg.Wait(); p.Close(w) }()
		stream := readAll(t, p, r)
		require.Equal(t, rounds*large, bytes.Count(stream, []byte{'X'}))
		require.Equal(t, rounds*large, bytes.Count(stream, []byte{'Y'}))
		for len(stream) > 0 {
			c := stream[0]
			run := len(stream) - len(bytes.TrimLeft(stream, string(c)))
			if c < 'X' {
				require.Zero(t, run%vfs.PIPE_BUF, "a run of %d %q: a record is torn", run, c)
			}
			stream = stream[run:]
		}
	})
	t.Run("resize_while_large_writes_copy_keeps_the_stream", func(t *testing.T) {
		p := boot(t)
		r, w := pipe(t, p, 0)
		const writes, size = 200, 20000
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				// Shrinking is EBUSY while the data does not fit; that is fine.
				p.FcntlInt(uintptr(r), vfs.F_SETPIPE_SZ, []int{1 << 16, 1 << 20, 1 << 13}[i%3])
				runtime.Gosched()
			}
		})
		go func() {
			buf := make([]byte, size)
			var seq byte
			for range writes {
				for j := range buf {
					buf[j] = seq
					seq++
				}
				if _, err := p.Write(w, buf); err != nil {
					t.Error(err)
					break
				}
			}
			p.Close(w)
		}()
		stream := readAll(t, p, r)
		close(stop)
		wg.Wait()
		require.Len(t, stream, writes*size)
		for i, c := range stream {
			if c != byte(i) {
				t.Fatalf("byte %d is %d, want %d", i, c, byte(i))
			}
		}
	})
}

func writeRecords(t *testing.T, p *vfs.Process, w int, c byte, size, rounds int) {
	rec := bytes.Repeat([]byte{c}, size)
	for range rounds {
		if n, err := p.Write(w, rec); err != nil || n != size {
			t.Errorf("write: %d %v", n, err)
		}
	}
}

func readAll(t *testing.T, p *vfs.Process, r int) []byte {
	var out []byte
	buf := make([]byte, 70000)
	for {
		n, err := p.Read(r, buf)
		require.NoError(t, err)
		if n == 0 {
			return out
		}
		out = append(out, buf[:n]...)
	}
}
