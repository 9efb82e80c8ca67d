package sockfs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/govfs/govfs/sockfs"
	"github.com/govfs/govfs/vfs"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// netEchoCases are the stream networks the adapters are tested on, with an
// address to listen on.
var netEchoCases = []struct{ network, address string }{
	{"unix", "/tmp/echo.sock"},
	{"unix", "@echo"},
	{"unixpacket", "/tmp/packet.sock"},
	{"tcp", "127.0.0.1:0"},
	{"tcp4", ":0"},
	{"tcp6", "[::1]:0"},
}

func needNet(t *testing.T, p *vfs.Process, network string) {
	if network == "unix" || network == "unixpacket" {
		needUnix(t, p)
	}
}

// netEcho serves one connection: it sends back what it reads until EOF.
func netEcho(l net.Listener) chan error {
	done := make(chan error, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		buf := make([]byte, 1024)
		for {
			n, err := c.Read(buf)
			if err == io.EOF {
				done <- nil
				return
			}
			if err != nil {
				done <- err
				return
			}
			if _, err := c.Write(buf[:n]); err != nil {
				done <- err
				return
			}
		}
	}()
	return done
}

func TestNetEcho(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := bootInet(t)
	for _, tc := range netEchoCases {
		t.Run(tc.network+"/"+tc.address, func(t *testing.T) {
			needNet(t, p, tc.network)
			l, err := sockfs.Listen(p, tc.network, tc.address)
			require.NoError(t, err)
			defer l.Close()
			done := netEcho(l)
			c, err := sockfs.Dial(p, tc.network, l.Addr().String())
			require.NoError(t, err)
			if tc.address != ":0" { // a wildcard listener is reached at 127.0.0.1
				require.Equal(t, l.Addr().String(), c.RemoteAddr().String())
			}
			for _, msg := range []string{"hello", "over", "govfs"} {
				_, err := c.Write([]byte(msg))
				require.NoError(t, err)
				buf := make([]byte, 64)
				n, err := c.Read(buf)
				require.NoError(t, err)
				require.Equal(t, msg, string(buf[:n]))
			}
			if cw, ok := c.(interface{ CloseWrite() error }); ok && tc.network != "unixpacket" {
				require.NoError(t, cw.CloseWrite())
				require.NoError(t, <-done)
				_, err = c.Read(make([]byte, 1))
				require.Equal(t, io.EOF, err)
			}
			require.NoError(t, c.Close())
			if tc.network == "unixpacket" {
				require.NoError(t, <-done)
			}
		})
	}
	t.Run("addresses_are_the_net_package's", func(t *testing.T) {
		l, err := sockfs.Listen(p, "tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer l.Close()
		require.IsType(t, &net.TCPAddr{}, l.Addr())
		c, err := sockfs.Dial(p, "tcp", l.Addr().String())
		require.NoError(t, err)
		defer c.Close()
		s, err := l.Accept()
		require.NoError(t, err)
		defer s.Close()
		require.Equal(t, c.LocalAddr().String(), s.RemoteAddr().String())
		require.Equal(t, "127.0.0.1", c.LocalAddr().(*net.TCPAddr).IP.String())
	})
	t.Run("udp", func(t *testing.T) {
		r := mustSocket(t, p, vfs.AF_INET, vfs.SOCK_DGRAM)
		defer p.Close(r)
		require.NoError(t, p.Bind(r, &vfs.SockaddrInet4{Addr: inetLo4}))
		c, err := sockfs.Dial(p, "udp", fmt.Sprintf("127.0.0.1:%d", inetPort(t, p, r)))
		require.NoError(t, err)
		defer c.Close()
		require.IsType(t, &net.UDPAddr{}, c.RemoteAddr())
		_, err = c.Write([]byte("one datagram"))
		require.NoError(t, err)
		buf := make([]byte, 64)
		n, from, err := p.Recvfrom(r, buf, 0)
		require.NoError(t, err)
		require.Equal(t, "one datagram", string(buf[:n]))
		require.NoError(t, p.Sendto(r, []byte("back"), 0, from))
		n, err = c.Read(buf)
		require.NoError(t, err)
		require.Equal(t, "back", string(buf[:n]))
	})
}

func TestNetErrors(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := bootInet(t)
	t.Run("refused_is_an_OpError_wrapping_ECONNREFUSED", func(t *testing.T) {
		_, err := sockfs.Dial(p, "tcp", "127.0.0.1:1")
		var oe *net.OpError
		require.ErrorAs(t, err, &oe)
		require.Equal(t, "dial", oe.Op)
		require.ErrorIs(t, err, vfs.ECONNREFUSED)
	})
	t.Run("off_lo_is_ENETUNREACH", func(t *testing.T) {
		_, err := sockfs.Dial(p, "tcp", "10.1.2.3:80")
		require.ErrorIs(t, err, vfs.ENETUNREACH)
	})
	t.Run("a_taken_port_is_EADDRINUSE", func(t *testing.T) {
		l, err := sockfs.Listen(p, "tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer l.Close()
		_, err = sockfs.Listen(p, "tcp", l.Addr().String())
		require.ErrorIs(t, err, vfs.EADDRINUSE)
	})
	t.Run("unknown_network_and_hosts", func(t *testing.T) {
		_, err := sockfs.Dial(p, "ip", "127.0.0.1")
		var une net.UnknownNetworkError
		require.ErrorAs(t, err, &une)
		_, err = sockfs.Dial(p, "tcp", "example.com:80")
		var dnse *net.DNSError
		require.ErrorAs(t, err, &dnse)
		_, err = sockfs.Listen(p, "udp", "127.0.0.1:0")
		require.ErrorAs(t, err, &une)
	})
	t.Run("a_context_that_is_done_ends_the_dial", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		l, err := sockfs.Listen(p, "tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer l.Close()
		d := sockfs.Dialer{Process: p}
		c, err := d.DialContext(ctx, "tcp", l.Addr().String())
		if err == nil { // loopback connects at once: nothing to cancel
			c.Close()
		}
	})
}

// netPair returns the two ends of a connection over network.
func netPair(t *testing.T, p *vfs.Process, network, address string) (client, server net.Conn) {
	needNet(t, p, network)
	l, err := sockfs.Listen(p, network, address)
	require.NoError(t, err)
	defer l.Close()
	client, err = sockfs.Dial(p, network, l.Addr().String())
	require.NoError(t, err)
	server, err = l.Accept()
	require.NoError(t, err)
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

func requireTimeout(t *testing.T, err error) {
	t.Helper()
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	require.True(t, ne.Timeout())
	var oe *net.OpError
	require.ErrorAs(t, err, &oe)
}

func TestNetDeadline(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := bootInet(t)
	for _, network := range []string{"tcp", "unix"} {
		address := "127.0.0.1:0"
		if network == "unix" {
			address = "/tmp/deadline.sock"
		}
		t.Run(network+"/a_past_deadline_times_out_at_once_even_with_data_waiting", func(t *testing.T) {
			c, s := netPair(t, p, network, address)
			_, err := s.Write([]byte("waiting"))
			require.NoError(t, err)
			require.NoError(t, c.SetDeadline(time.Now().Add(-time.Second)))
			_, err = c.Read(make([]byte, 8))
			requireTimeout(t, err)
			_, err = c.Write([]byte("x"))
			requireTimeout(t, err)
			require.NoError(t, c.SetDeadline(time.Time{}))
			n, err := c.Read(make([]byte, 8))
			require.NoError(t, err)
			require.Equal(t, 7, n)
		})
		t.Run(network+"/a_deadline_ends_a_blocked_read", func(t *testing.T) {
			c, _ := netPair(t, p, network, address)
			require.NoError(t, c.SetReadDeadline(time.Now().Add(20*time.Millisecond)))
			start := time.Now()
			_, err := c.Read(make([]byte, 8))
			requireTimeout(t, err)
			require.GreaterOrEqual(t, time.Since(start), 15*time.Millisecond)
		})
		t.Run(network+"/SetReadDeadline_from_another_goroutine_wakes_a_blocked_read", func(t *testing.T) {
			c, _ := netPair(t, p, network, address)
			done := make(chan error)
			go func() {
				_, err := c.Read(make([]byte, 8))
				done <- err
			}()
			time.Sleep(10 * time.Millisecond)
			require.NoError(t, c.SetReadDeadline(time.Now()))
			select {
			case err := <-done:
				requireTimeout(t, err)
			case <-time.After(5 * time.Second):
				t.Fatal("the read did not wake")
			}
		})
		t.Run(network+"/a_write_deadline_ends_a_write_into_a_full_buffer", func(t *testing.T) {
			c, _ := netPair(t, p, network, address)
			require.NoError(t, c.SetWriteDeadline(time.Now().Add(500*time.Millisecond))) // room for a loaded machine: the write must start before it
			n, err := c.Write(make([]byte, 8<<20))
			requireTimeout(t, err)
			require.Positive(t, n, "what fitted was written")
		})
	}
}

func TestNetClose(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := bootInet(t)
	for _, network := range []string{"tcp", "unix"} {
		address := "127.0.0.1:0"
		if network == "unix" {
			address = "/tmp/close.sock"
		}
		t.Run(network+"/Close_unblocks_Read_and_the_peer_reads_EOF", func(t *testing.T) {
			c, s := netPair(t, p, network, address)
			done := make(chan error)
			go func() {
				_, err := c.Read(make([]byte, 8))
				done <- err
			}()
			time.Sleep(10 * time.Millisecond)
			require.NoError(t, c.Close())
			select {
			case err := <-done:
				require.ErrorIs(t, err, net.ErrClosed)
				var oe *net.OpError
				require.ErrorAs(t, err, &oe)
			case <-time.After(5 * time.Second):
				t.Fatal("the read did not wake")
			}
			_, err := s.Read(make([]byte, 8))
			require.Equal(t, io.EOF, err)
			_, err = c.Write([]byte("x"))
			require.ErrorIs(t, err, net.ErrClosed)
			require.ErrorIs(t, c.Close(), net.ErrClosed)
		})
		t.Run(network+"/Close_unblocks_Accept", func(t *testing.T) {
			needNet(t, p, network)
			l, err := sockfs.Listen(p, network, address)
			require.NoError(t, err)
			done := make(chan error)
			go func() {
				_, err := l.Accept()
				done <- err
			}()
			time.Sleep(10 * time.Millisecond)
			require.NoError(t, l.Close())
			select {
			case err := <-done:
				require.ErrorIs(t, err, net.ErrClosed)
			case <-time.After(5 * time.Second):
				t.Fatal("accept did not wake")
			}
			_, err = sockfs.Dial(p, network, l.Addr().String())
			require.Error(t, err, "nobody listens any more")
		})
	}
	t.Run("a_unix_listener's_Close_removes_its_socket_file", func(t *testing.T) {
		needUnix(t, p)
		l, err := sockfs.Listen(p, "unix", "/tmp/gone.sock")
		require.NoError(t, err)
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/tmp/gone.sock", &st))
		require.NoError(t, l.Close())
		require.Equal(t, vfs.ENOENT, p.Stat("/tmp/gone.sock", &st))
	})
}

func TestNetHTTP(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := bootInet(t)
	for _, tc := range []struct{ network, address string }{
		{"unix", "/tmp/http.sock"},
		{"tcp", "127.0.0.1:0"},
	} {
		t.Run(tc.network, func(t *testing.T) {
			needNet(t, p, tc.network)
			l, err := sockfs.Listen(p, tc.network, tc.address)
			require.NoError(t, err)
			srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprintf(w, "hello %s from govfs", r.URL.Path[1:])
			})}
			served := make(chan error, 1)
			go func() { served <- srv.Serve(l) }()
			d := &sockfs.Dialer{Process: p}
			tr := &http.Transport{DialContext: d.DialContext} // "tcp", "127.0.0.1:port" from the URL
			base := "http://" + l.Addr().String()
			if tc.network == "unix" { // the URL's host means nothing: dial the socket's path
				base = "http://govfs"
				tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
					return d.DialContext(ctx, "unix", l.Addr().String())
				}
			}
			client := &http.Client{Transport: tr}
			for _, name := range []string{"alice", "bob"} {
				resp, err := client.Get(base + "/" + name)
				require.NoError(t, err)
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				require.NoError(t, err)
				require.Equal(t, "hello "+name+" from govfs", string(body))
			}
			tr.CloseIdleConnections()
			require.NoError(t, srv.Shutdown(context.Background()))
			require.True(t, errors.Is(<-served, http.ErrServerClosed))
		})
	}
}
