package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestHTTP(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out bytes.Buffer
	require.NoError(t, run(&out))
	for _, want := range []string{
		"== net/http over a unix socket bound in /tmp ==",
		"bind made /tmp/http.sock an inode of mode 140755: S_IFSOCK",
		`GET /index.html → 200 OK, text/html; charset=utf-8, "<h1>served from govfs</h1>\n"`,
		"== net/http over loopback TCP to 127.0.0.1:8080 ==",
		"server's fd table, wrapped as a net.Listener at 127.0.0.1:8080.",
		"Close removed /tmp/http.sock: stat says ENOENT.",
	} {
		require.Contains(t, out.String(), want)
	}
	require.Equal(t, 2, bytes.Count(out.Bytes(), []byte("GET /index.html → 200 OK")))
}
