package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer the command and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestMount(t *testing.T) {
	t.Run("serves_until_SIGINT_then_unmounts", func(t *testing.T) {
		dir := t.TempDir()
		var out, errOut syncBuffer
		stop := make(chan os.Signal, 1)
		status := make(chan int, 1)
		go func() { status <- cli([]string{"mount", dir}, &out, &errOut, stop) }()
		t.Cleanup(func() { stop <- syscall.SIGTERM })
		for !strings.Contains(out.String(), "Ctrl-C") {
			select {
			case code := <-status:
				if strings.Contains(errOut.String(), "needs ") {
					t.Skip(strings.TrimSpace(errOut.String()))
				}
				t.Fatalf("exit %d: %s", code, errOut.String())
			case <-time.After(10 * time.Millisecond):
			}
		}
		b, err := os.ReadFile(filepath.Join(dir, "proc/1/status"))
		require.NoError(t, err)
		require.Contains(t, string(b), "Name:\tinit\n")
		stop <- syscall.SIGINT
		require.Equal(t, 0, <-status, errOut.String())
		require.Contains(t, out.String(), "interrupt: unmounting")
		ents, err := os.ReadDir(dir)
		require.NoError(t, err)
		require.Empty(t, ents, "the host directory is empty again")
	})
	t.Run("bad_usage_is_exit_status_2", func(t *testing.T) {
		for _, args := range [][]string{nil, {"nope"}, {"mount"}, {"mount", "a", "b"}, {"mount", "-x", "d"}} {
			var out, errOut bytes.Buffer
			require.Equal(t, 2, cli(args, &out, &errOut, nil), args)
			require.Contains(t, strings.ToLower(errOut.String()), "usage", args)
		}
	})
}
