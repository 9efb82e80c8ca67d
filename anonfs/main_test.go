package anonfs_test

import (
	"encoding/binary"
	"github.com/govfs/govfs/internal/ktest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/govfs/govfs/vfs"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// put writes v to an eventfd as its 8 bytes.
func put(p *vfs.Process, fd int, v uint64) error {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, v)
	_, err := p.Write(fd, b)
	return err
}

// take reads an eventfd's 8 bytes.
func take(p *vfs.Process, fd int) (uint64, error) {
	b := make([]byte, 8)
	if _, err := p.Read(fd, b); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b), nil
}

// blocked requires that done stays open for a while: the call is
// waiting.
func blocked(t testing.TB, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
		t.Fatalf("%s returned; it should wait", what)
	case <-time.After(20 * time.Millisecond):
	}
}

// finishes requires that done closes soon.
func finishes(t testing.TB, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s still waits", what)
	}
}

// readFile reads a whole file of p's tree, /proc ones included.
func readFile(t testing.TB, p *vfs.Process, name string) string {
	t.Helper()
	b, err := p.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

// The shared helpers, under this package's names.
var (
	boot = ktest.Boot
)
