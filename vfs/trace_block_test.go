package vfs_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// blockingTrace runs call, traced at TraceLayers, until it sleeps on
// the queue of the File at fd, then wake; it retries the scenario when
// wake came before the sleep (the trace then has no wake-up), and
// returns the normalized trace.
func blockingTrace(t *testing.T, want string, setup func(p *vfs.Process) (fd int), call, wake func(p *vfs.Process)) string {
	t.Helper()
	var got string
	for range 20 {
		k, p := newSystem(t)
		fd := setup(p)
		var out bytes.Buffer
		k.TraceWith(&out, vfs.TraceOptions{Level: vfs.TraceLayers, FDs: []int{fd}})
		done := make(chan struct{})
		go func() {
			defer close(done)
			call(p)
		}()
		f := vfs.FileForTest(p, fd)
		for vfs.WaitersForTest(f) == 0 {
			time.Sleep(time.Millisecond)
		}
		f.DecRef()
		time.Sleep(10 * time.Millisecond)
		wake(p)
		<-done
		k.TraceWith(nil, vfs.TraceOptions{})
		if got = normalize(out.String()); got == want {
			break
		}
	}
	return got
}

// TestTraceBlockingPoll traces a poll of an empty pipe that sleeps
// until a write makes the read end readable.
func TestTraceBlockingPoll(t *testing.T) {
	want := `[1] poll([{fd=3, events=POLLIN}], 1, -1) = 1
    fdtable[3] → File{O_RDONLY, pipe:[N]}
    f_op: pipefs poll → 0
    add waiter to waitqueue, try again
    fdtable[3] → File{O_RDONLY, pipe:[N]}
    f_op: pipefs poll → 0
    sleep on waitqueue (would block)
    woken
    fdtable[3] → File{O_RDONLY, pipe:[N]}
    f_op: pipefs poll → POLLIN
`
	got := blockingTrace(t, want,
		func(p *vfs.Process) int {
			fds := make([]int, 2)
			require.NoError(t, p.Pipe(fds))
			return fds[0]
		},
		func(p *vfs.Process) { p.Poll([]vfs.PollFd{{Fd: 3, Events: vfs.POLLIN}}, -1) },
		func(p *vfs.Process) {
			_, err := p.Write(4, []byte("hi"))
			require.NoError(t, err)
		})
	require.Equal(t, want, got)
}

// TestTraceBlockingAccept traces an accept on a listening socket that
// sleeps until a client connects.
func TestTraceBlockingAccept(t *testing.T) {
	want := `[1] accept4(3, 0) = 5
    fdtable[3] → File{O_RDWR, socket:[N]}
    f_op: sockfs stream accept → EAGAIN
    add waiter to waitqueue, try again
    f_op: sockfs stream accept → EAGAIN
    sleep on waitqueue (would block)
    woken
    f_op: sockfs stream accept → new connection
    new File{O_RDWR, socket:[N]}, f_op sockfs stream
    fdtable[5] ← File
`
	got := blockingTrace(t, want,
		func(p *vfs.Process) int {
			srv, err := p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
			require.NoError(t, err)
			require.NoError(t, p.Bind(srv, &vfs.SockaddrUnix{Name: "/tmp/sock"}))
			require.NoError(t, p.Listen(srv, 1))
			return srv
		},
		func(p *vfs.Process) { p.Accept(3) },
		func(p *vfs.Process) {
			cli, err := p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
			require.NoError(t, err)
			require.NoError(t, p.Connect(cli, &vfs.SockaddrUnix{Name: "/tmp/sock"}))
		})
	require.Equal(t, want, got)
}
