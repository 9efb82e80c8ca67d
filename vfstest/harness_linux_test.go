//go:build linux

package vfstest_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// Tests of the harness itself, host against a host that misbehaves.

// skewedHost is a host whose unlink always fails and whose mkdir panics.
type skewedHost struct{ *vfstest.Host }

func (skewedHost) Unlink(string) error        { return unix.EPERM }
func (skewedHost) Mkdir(string, uint32) error { panic("mkdir exploded") }

func TestRecordNamesFdsRelativeToTheFirstFreeFd(t *testing.T) {
	tr := vfstest.Record(t, vfstest.NewHost(t), sc("fds", func(s *vfstest.Session) {
		a := s.Open(".", dirOnly, 0)
		s.Dup(a)
		s.Close(s.FD(7))
		s.Openat(unix.AT_FDCWD, ".", dirOnly, 0)
	}))
	require.Equal(t, vfstest.Transcript{
		`open(".", O_RDONLY|O_DIRECTORY, 0) = fd0`,
		`dup(fd0) = fd0+1`,
		`close(fd0+7) = -1 EBADF`,
		`openat(AT_FDCWD, ".", O_RDONLY|O_DIRECTORY, 0) = fd0+2`,
	}, tr)
}

func TestRecordTurnsPanicsIntoTranscriptLines(t *testing.T) {
	tr := vfstest.Record(t, skewedHost{vfstest.NewHost(t)}, sc("panics", func(s *vfstest.Session) {
		s.Mkdir("d", 0o755)
		s.Unlink("d")
	}))
	require.Equal(t, vfstest.Transcript{
		`mkdir("d", 0755) = PANIC(mkdir exploded)`,
		`unlink("d") = -1 EPERM`,
	}, tr)
}

func TestSideBySideMarksDifferingLines(t *testing.T) {
	got := vfstest.SideBySide("host", vfstest.Transcript{"a = 0", "b = 0"},
		"govfs", vfstest.Transcript{"a = 0", "b = -1 EPERM", "c = 0"})
	require.Equal(t, ""+
		"  host  | govfs\n"+
		"  ----- | -----\n"+
		"  a = 0 | a = 0\n"+
		"! b = 0 | b = -1 EPERM\n"+
		"!       | c = 0\n", got)
}

func TestSessionRestoresHostUmask(t *testing.T) {
	before := unix.Umask(0o022)
	unix.Umask(before)
	vfstest.Record(t, vfstest.NewHost(t), sc("umask", func(s *vfstest.Session) {
		s.Umask(0o077)
	}))
	after := unix.Umask(before)
	require.Equal(t, before, after)
}
