package sockfs_test

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// stillBlocked runs f in a goroutine and checks it has not returned
// shortly after; the channel closes when it does.
func stillBlocked(t *testing.T, f func()) chan struct{} {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
		t.Fatal("returned without waiting")
	case <-time.After(20 * time.Millisecond):
	}
	return done
}

func waitDone(t *testing.T, done chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("still blocked")
	}
}

func listener(t *testing.T, p *vfs.Process, typ int, name string, backlog int) int {
	t.Helper()
	l := sock(t, p, typ)
	require.NoError(t, p.Bind(l, &vfs.SockaddrUnix{Name: name}))
	require.NoError(t, p.Listen(l, backlog))
	return l
}

func TestBlocking(t *testing.T) {
	for _, tt := range types {
		t.Run(tt.name+"_recv_waits_for_a_send", func(t *testing.T) {
			p := boot(t)
			a, b := pair(t, p, tt.typ)
			var got string
			done := stillBlocked(t, func() { got = recv(t, p, b, 16) })
			send(t, p, a, "late")
			waitDone(t, done)
			require.Equal(t, "late", got)
		})
	}
	t.Run("shutdown_wakes_a_blocked_reader_with_EOF", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		var n int
		var err error
		done := stillBlocked(t, func() { n, err = p.Read(b, make([]byte, 4)) })
		require.NoError(t, p.Shutdown(a, vfs.SHUT_WR))
		waitDone(t, done)
		require.NoError(t, err)
		require.Zero(t, n)
	})
	t.Run("stream_send_waits_for_room_and_loses_nothing", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		msg := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
		var n int
		var err error
		done := make(chan struct{})
		go func() { n, err = p.Write(a, msg); close(done) }()
		var got []byte
		buf := make([]byte, 70000)
		for len(got) < len(msg) {
			m, rerr := p.Read(b, buf)
			require.NoError(t, rerr)
			got = append(got, buf[:m]...)
		}
		waitDone(t, done)
		require.NoError(t, err)
		require.Equal(t, len(msg), n)
		require.True(t, bytes.Equal(msg, got))
	})
	t.Run("connect_waits_for_room_in_the_backlog", func(t *testing.T) {
		p := boot(t)
		l := listener(t, p, vfs.SOCK_STREAM, "/tmp/l", 0)
		c1 := sock(t, p, vfs.SOCK_STREAM)
		require.NoError(t, p.Connect(c1, &vfs.SockaddrUnix{Name: "/tmp/l"}))
		c2 := sock(t, p, vfs.SOCK_STREAM)
		var err error
		done := stillBlocked(t, func() { err = p.Connect(c2, &vfs.SockaddrUnix{Name: "/tmp/l"}) })
		_, _, aerr := p.Accept(l)
		require.NoError(t, aerr)
		waitDone(t, done)
		require.NoError(t, err)
	})
	t.Run("connect_waiting_on_a_listener_that_closes_is_refused", func(t *testing.T) {
		p := boot(t)
		l := listener(t, p, vfs.SOCK_STREAM, "@l", 0)
		c1 := sock(t, p, vfs.SOCK_STREAM)
		require.NoError(t, p.Connect(c1, &vfs.SockaddrUnix{Name: "@l"}))
		c2 := sock(t, p, vfs.SOCK_STREAM)
		var err error
		done := stillBlocked(t, func() { err = p.Connect(c2, &vfs.SockaddrUnix{Name: "@l"}) })
		require.NoError(t, p.Close(l))
		waitDone(t, done)
		require.ErrorIs(t, err, vfs.ECONNREFUSED)
		_, err = p.Read(c1, make([]byte, 1))
		require.ErrorIs(t, err, vfs.ECONNRESET, "the listener dropped our connection unaccepted")
	})
	t.Run("accept_waits_for_a_connection", func(t *testing.T) {
		p := boot(t)
		l := listener(t, p, vfs.SOCK_SEQPACKET, "@sp", 5)
		var nfd int
		var err error
		done := stillBlocked(t, func() { nfd, _, err = p.Accept(l) })
		c := sock(t, p, vfs.SOCK_SEQPACKET)
		require.NoError(t, p.Connect(c, &vfs.SockaddrUnix{Name: "@sp"}))
		waitDone(t, done)
		require.NoError(t, err)
		send(t, p, c, "rec")
		require.Equal(t, "rec", recv(t, p, nfd, 8))
	})
	t.Run("dgram_send_waits_for_room_in_a_full_receiver", func(t *testing.T) {
		p := boot(t)
		r := sock(t, p, vfs.SOCK_DGRAM)
		require.NoError(t, p.Bind(r, &vfs.SockaddrUnix{Name: "@r"}))
		w := sock(t, p, vfs.SOCK_DGRAM)
		for i := 0; i < 11; i++ {
			require.NoError(t, p.Sendto(w, []byte{byte(i)}, 0, &vfs.SockaddrUnix{Name: "@r"}))
		}
		var err error
		done := stillBlocked(t, func() { err = p.Sendto(w, []byte{11}, 0, &vfs.SockaddrUnix{Name: "@r"}) })
		recv(t, p, r, 1)
		waitDone(t, done)
		require.NoError(t, err)
	})
	t.Run("SO_RCVTIMEO_ends_a_wait_with_EAGAIN", func(t *testing.T) {
		p := boot(t)
		_, b := pair(t, p, vfs.SOCK_STREAM)
		require.NoError(t, p.SetsockoptTimeval(b, vfs.SOL_SOCKET, vfs.SO_RCVTIMEO, &vfs.Timeval{Usec: 10000}))
		tv, err := p.GetsockoptTimeval(b, vfs.SOL_SOCKET, vfs.SO_RCVTIMEO)
		require.NoError(t, err)
		require.Equal(t, vfs.Timeval{Usec: 12000}, *tv, "rounded up to jiffies of 4 ms")
		_, err = p.Read(b, make([]byte, 1))
		require.ErrorIs(t, err, vfs.EAGAIN, "read(2) too")
		_, _, err = p.Recvfrom(b, make([]byte, 1), 0)
		require.ErrorIs(t, err, vfs.EAGAIN)
	})
	t.Run("SO_SNDTIMEO_ends_a_wait_for_room", func(t *testing.T) {
		p := boot(t)
		a, _ := pair(t, p, vfs.SOCK_STREAM)
		require.NoError(t, p.SetsockoptTimeval(a, vfs.SOL_SOCKET, vfs.SO_SNDTIMEO, &vfs.Timeval{Usec: 10000}))
		for {
			if err := p.Sendto(a, make([]byte, 65536), vfs.MSG_DONTWAIT, nil); err != nil {
				break
			}
		}
		n, err := p.Write(a, make([]byte, 100))
		require.ErrorIs(t, err, vfs.EAGAIN)
		require.Zero(t, n)
	})
	t.Run("MSG_WAITALL_gathers_the_whole_buffer", func(t *testing.T) {
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		send(t, p, a, "ab")
		buf := make([]byte, 4)
		var n int
		var err error
		done := stillBlocked(t, func() { n, _, err = p.Recvfrom(b, buf, vfs.MSG_WAITALL) })
		send(t, p, a, "cdef")
		waitDone(t, done)
		require.NoError(t, err)
		require.Equal(t, "abcd", string(buf[:n]))
		require.Equal(t, "ef", recv(t, p, b, 8))
	})
}

// Several senders and receivers on one stream: every byte arrives once.
func TestConcurrentStreamLosesNoByte(t *testing.T) {
	p := boot(t)
	a, b := pair(t, p, vfs.SOCK_STREAM)
	const senders, per = 4, 2000
	var wg sync.WaitGroup
	for i := 0; i < senders; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := bytes.Repeat([]byte{byte('a' + i)}, 97)
			for j := 0; j < per; j++ {
				n, err := p.Write(a, msg)
				if err != nil || n != len(msg) {
					t.Errorf("write: %d %v", n, err)
					return
				}
			}
		}()
	}
	counts := make([][4]int, 3)
	var rg sync.WaitGroup
	total := senders * per * 97
	var mu sync.Mutex
	got := 0
	for r := range counts {
		rg.Add(1)
		go func() {
			defer rg.Done()
			buf := make([]byte, 1000)
			for {
				mu.Lock()
				if got >= total {
					mu.Unlock()
					return
				}
				mu.Unlock()
				n, _, err := p.Recvfrom(b, buf, vfs.MSG_DONTWAIT)
				if err == vfs.EAGAIN {
					time.Sleep(time.Microsecond)
					continue
				}
				if err != nil {
					t.Errorf("read: %v", err)
					return
				}
				for _, c := range buf[:n] {
					counts[r][c-'a']++
				}
				mu.Lock()
				got += n
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	rg.Wait()
	for i := 0; i < senders; i++ {
		sum := 0
		for r := range counts {
			sum += counts[r][i]
		}
		require.Equal(t, per*97, sum, "sender %d", i)
	}
}

func TestPeekWaitall(t *testing.T) {
	t.Run("MSG_PEEK_with_MSG_WAITALL_returns_what_is_there", func(t *testing.T) {
		// Linux 6.x: peek|waitall on "ab" with 4 asked returns 2 at once.
		p := boot(t)
		a, b := pair(t, p, vfs.SOCK_STREAM)
		send(t, p, a, "ab")
		buf := make([]byte, 4)
		n, _, err := p.Recvfrom(b, buf, vfs.MSG_PEEK|vfs.MSG_WAITALL)
		require.NoError(t, err)
		require.Equal(t, "ab", string(buf[:n]))
		require.Equal(t, "ab", recv(t, p, b, 8), "still queued, once")
	})
}

// Several senders and receivers, some peeking, on one datagram socket:
// every message arrives once and whole.
func TestConcurrentDgramLosesNoMessage(t *testing.T) {
	p := boot(t)
	a, b := pair(t, p, vfs.SOCK_SEQPACKET)
	const senders, per = 3, 500
	var wg sync.WaitGroup
	for i := 0; i < senders; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := bytes.Repeat([]byte{byte('a' + i)}, 1000+i)
			for j := 0; j < per; j++ {
				if _, err := p.Write(a, msg); err != nil {
					t.Errorf("write: %v", err)
					return
				}
			}
		}()
	}
	var mu sync.Mutex
	counts := make(map[byte]int)
	got := 0
	var rg sync.WaitGroup
	for r := 0; r < 3; r++ {
		rg.Add(1)
		go func() {
			defer rg.Done()
			buf := make([]byte, 2000)
			for {
				mu.Lock()
				done := got == senders*per
				mu.Unlock()
				if done {
					return
				}
				if r == 0 {
					p.Recvfrom(b, buf, vfs.MSG_PEEK|vfs.MSG_DONTWAIT)
					continue
				}
				n, _, err := p.Recvfrom(b, buf, vfs.MSG_DONTWAIT)
				if err == vfs.EAGAIN {
					time.Sleep(time.Microsecond)
					continue
				}
				if err != nil {
					t.Errorf("read: %v", err)
					return
				}
				c := buf[0]
				if n != 1000+int(c-'a') || !bytes.Equal(buf[:n], bytes.Repeat([]byte{c}, n)) {
					t.Errorf("message of %d bytes is not whole", n)
				}
				mu.Lock()
				counts[c]++
				got++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	rg.Wait()
	for i := 0; i < senders; i++ {
		require.Equal(t, per, counts[byte('a'+i)])
	}
}
