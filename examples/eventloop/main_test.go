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
		"[loop] listener readable: accept4 = fd 6, added with EPOLLIN|EPOLLRDHUP.",
		`[loop] fd 6 readable (EPOLLIN): read "hello, loop", wrote it back.`,
		`alice reads back "hello, loop".`,
		"[loop] epoll_wait = 0 after its 1000 ms timeout: an idle tick.",
		`task "count the connections": 1 open.`,
		`task "dup the newest connection for the audit log": dup(7) = 8.`,
		"[loop] fd 7 says EPOLLIN|EPOLLHUP|EPOLLRDHUP and read = 0 (<nil>): end of file, so close(7)",
		"[loop] an event (EPOLLIN|EPOLLHUP|EPOLLRDHUP) for fd 7, which the loop closed!",
		"is EBADF now (bad file descriptor).",
		`task "stop": leaving the loop.`,
	} {
		require.Contains(t, out.String(), want)
	}
}
