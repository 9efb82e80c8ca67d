//go:build linux

package vfstest_test

import (
	"fmt"
	"os"
	"runtime"
	"sync"
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

// asScenario runs a block as uid 1000 that opens, leaves open, chdirs and
// changes its umask; none of it may outlast the block.
var asScenario = sc("as", func(s *vfstest.Session) {
	s.Chmod(".", 0o777)
	r, w := s.Pipe()
	s.As(1000, 1000, []int{3000}, func(u *vfstest.Session) {
		u.Umask(0o077)
		u.Open("f", creatRW, 0o666)
		u.Fstat(u.FD(2))
		u.Mkdir("d", 0o777)
		u.Chdir("d")
		u.Getcwd()
		u.Go(func(*vfstest.Session) {})
	})
	s.Getcwd()
	s.Umask(0o022)
	s.Close(w)
	s.Read(r, 1) // the block's copy of the write end is gone
	s.Open("g", creatRW, 0o666)
})

func TestAsMarksTheBlockAndKeepsItsChangesInside(t *testing.T) {
	want := vfstest.Transcript{
		`chmod(".", 0777) = 0`,
		`pipe() = [fd0, fd0+1]`,
		`as(uid=1000, gid=1000, groups=[3000]) = 0`,
		`[uid 1000] umask(077) = 022`,
		`[uid 1000] open("f", O_RDWR|O_CREAT, 0666) = fd0+2`,
		`[uid 1000] fstat(fd0+2) = {reg 0600 nlink=1 size=0 uid=1000 gid=1000}`,
		`[uid 1000] mkdir("d", 0777) = 0`,
		`[uid 1000] chdir("d") = 0`,
		`[uid 1000] getcwd() = "/d"`,
		`[uid 1000] go() = -1 error("unsupported inside As")`,
		`getcwd() = "/"`,
		`umask(022) = 022`,
		`close(fd0+1) = 0`,
		`read(fd0, 1) = 0 ""`,
		`open("g", O_RDWR|O_CREAT, 0666) = fd0+1`,
	}
	require.Equal(t, want, vfstest.Record(t, vfstest.NewHost(t), asScenario), "host")
	require.Equal(t, want, vfstest.Record(t, newGovfs(t), asScenario), "govfs")
}

// TestAsLeavesTheProcessRoot checks that no thread of the test binary
// keeps the credentials of an As block: every goroutine still runs as
// root afterwards, on whichever thread it lands.
func TestAsLeavesTheProcessRoot(t *testing.T) {
	mask := unix.Umask(0o022)
	unix.Umask(mask)
	for range 20 {
		vfstest.Record(t, vfstest.NewHost(t), asScenario)
	}
	var wg sync.WaitGroup
	bad := make(chan string, 1000)
	for range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.Gosched()
			if uid, euid, gid := unix.Getuid(), unix.Geteuid(), unix.Getgid(); uid != 0 || euid != 0 || gid != 0 {
				bad <- fmt.Sprintf("uid=%d euid=%d gid=%d", uid, euid, gid)
			}
		}()
	}
	wg.Wait()
	close(bad)
	for b := range bad {
		t.Fatalf("a thread kept the credentials of an As block: %s", b)
	}
	require.Equal(t, mask, unix.Umask(mask), "the process umask")
	// The main thread, whose fd table /proc/self shows, still has the
	// process's fd table and root's ids.
	status, err := os.ReadFile("/proc/self/status")
	require.NoError(t, err)
	require.Contains(t, string(status), "\nUid:\t0\t0\t0\t0\n")
	require.Equal(t, fdNames(t, "/proc/thread-self/fd"), fdNames(t, "/proc/self/fd"))
}

func fdNames(t *testing.T, dir string) []string {
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}
