package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestEventLoop(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out bytes.Buffer
	require.NoError(t, run(&out))
	for _, want := range []string{
		`socket+bind+listen "/tmp/echo.sock" = fd 3; eventfd(0, EFD_NONBLOCK) = fd 4 (the doorbell);`,
		"epoll_create1 = fd 5; timerfd_create + timerfd_settime(every 1s) = fd 6 (the tick);",
		"[loop] listener readable: accept4 = fd 7, added with EPOLLIN|EPOLLRDHUP.",
		`[loop] fd 7 readable (EPOLLIN): read "hello, loop", wrote it back.`,
		`alice reads back "hello, loop".`,
		"[loop] timerfd readable: read = 3 expirations since the last read; the periodic work runs once.",
		`task "count the connections": 1 open.`,
		`task "dup the newest connection for the audit log": dup(8) = 9.`,
		"[loop] fd 8 says EPOLLIN|EPOLLHUP|EPOLLRDHUP and read = 0 (<nil>): end of file, so close(8)",
		"[loop] an event (EPOLLIN|EPOLLHUP|EPOLLRDHUP) for fd 8, which the loop closed!",
		"is EBADF now (bad file descriptor).",
		`task "stop": leaving the loop.`,
	} {
		require.Contains(t, out.String(), want)
	}
}
