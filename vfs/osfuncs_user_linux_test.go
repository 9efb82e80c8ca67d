package vfs_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// The os conveniences as an ordinary user (nobody, 65534), where
// permission errors decide what RemoveAll can take and which error it
// reports. Each scenario's setup runs as root, its run as nobody: on the
// host on a thread of its own with that thread's credentials, on govfs
// in a forked process.

const nobody = 65534

// mine gives names to nobody, for setups that run as root.
func (s *osSession) mine(names ...string) {
	for _, n := range names {
		s.Lchown(n, nobody, nobody)
	}
}

var osUserScenarios = []struct {
	name       string
	setup, run func(s *osSession)
}{
	{"RemoveAll_stops_at_a_read_only_directory_and_reports_its_error",
		func(s *osSession) {
			s.MkdirAll("t/ro", 0o755)
			s.WriteFile("t/ro/f", "", 0o644)
			s.WriteFile("t/other", "", 0o644)
			s.MkdirAll("t/sub/deeper", 0o755)
			s.mine("t", "t/ro", "t/ro/f", "t/other", "t/sub", "t/sub/deeper")
			s.Chmod("t/ro", 0o555)
		},
		func(s *osSession) { s.RemoveAll("t") },
	},
	{"RemoveAll_of_an_unreadable_directory",
		func(s *osSession) {
			s.MkdirAll("t/x", 0o755)
			s.WriteFile("t/x/f", "", 0o644)
			s.mine("t", "t/x", "t/x/f")
			s.Chmod("t/x", 0)
		},
		func(s *osSession) {
			s.RemoveAll("t/x")
			s.RemoveAll("t")
		},
	},
	{"RemoveAll_of_a_root_owned_directory_fails_at_its_first_entry",
		func(s *osSession) {
			s.MkdirAll("r", 0o755)
			s.WriteFile("r/f", "", 0o644)
		},
		func(s *osSession) { s.RemoveAll("r") },
	},
	{"RemoveAll_in_a_read_only_parent_empties_what_it_can",
		func(s *osSession) {
			s.MkdirAll("p/d/e", 0o755)
			s.WriteFile("p/d/f", "", 0o644)
			s.mine("p/d", "p/d/e", "p/d/f")
			s.Chmod("p", 0o555)
		},
		func(s *osSession) {
			s.RemoveAll("p/d")
			s.Remove("p/d")
		},
	},
	{"RemoveAll_in_a_sticky_directory_cannot_take_others_files",
		func(s *osSession) {
			s.MkdirAll("tmp/mine", 0o755)
			s.WriteFile("tmp/roots", "", 0o666)
			s.mine("tmp/mine")
			s.Chmod("tmp", 0o777|fs.ModeSticky)
		},
		func(s *osSession) {
			s.RemoveAll("tmp/roots")
			s.RemoveAll("tmp/mine")
			s.RemoveAll("tmp")
		},
	},
	{"Remove_and_MkdirAll_and_WriteFile_without_permission",
		func(s *osSession) {
			s.MkdirAll("ro", 0o755)
			s.WriteFile("ro/f", "x", 0o644)
			s.Chmod("ro", 0o555)
			s.WriteFile("readonly", "x", 0o444)
			s.WriteFile("secret", "x", 0o200)
		},
		func(s *osSession) {
			s.Remove("ro/f")
			s.Remove("ro")
			s.MkdirAll("ro/new/deeper", 0o755)
			s.WriteFile("ro/g", "x", 0o644)
			s.WriteFile("readonly", "y", 0o644)
			s.ReadFile("secret")
			s.Remove("readonly")
		},
	},
}

// asNobody runs f on a fresh OS thread that has nobody's credentials and
// exits afterwards, so the rest of the test binary stays root. It never
// uses the main thread, which the runtime cannot let exit.
func asNobody(t *testing.T, f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		if syscall.Gettid() == syscall.Getpid() {
			asNobody(t, f)
			runtime.UnlockOSThread()
			return
		}
		for _, c := range [][3]uintptr{
			{syscall.SYS_SETGROUPS, 0, 0},
			{syscall.SYS_SETRESGID, nobody, nobody},
			{syscall.SYS_SETRESUID, nobody, nobody},
		} {
			if _, _, e := syscall.RawSyscall(c[0], c[1], c[2], c[2]); e != 0 {
				t.Errorf("dropping to nobody: %v", e)
				return
			}
		}
		f()
	}()
	<-done
}

func TestOSFuncsMatchPackageOSAsAUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to become nobody")
	}
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	for _, sc := range osUserScenarios {
		t.Run(sc.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.Chmod(filepath.Dir(dir), 0o755))
			require.NoError(t, os.Chmod(dir, 0o755))
			base := dir + "/u"
			require.NoError(t, os.Mkdir(base, 0o755))
			require.NoError(t, os.Chown(base, nobody, nobody))
			host := &osSession{o: hostOS{base}, base: base}
			sc.setup(host)
			host.lines = append(host.lines, "# as nobody")
			asNobody(t, func() { sc.run(host) })
			host.lines = append(host.lines, osTree(t, os.DirFS(base))...)

			_, p := newSystem(t)
			p.Umask(0o022)
			require.NoError(t, p.MkdirAll("/tmp/sb/u", 0o755))
			require.NoError(t, p.Chown("/tmp/sb/u", nobody, nobody))
			require.NoError(t, p.Chdir("/tmp/sb/u"))
			g := &osSession{o: govfsOS{p}}
			sc.setup(g)
			g.lines = append(g.lines, "# as nobody")
			g.o = govfsOS{forkAs(t, p, nobody, nobody)}
			sc.run(g)
			sub, err := fs.Sub(p.FS(), "tmp/sb/u")
			require.NoError(t, err)
			g.lines = append(g.lines, osTree(t, sub)...)

			require.Equal(t, strings.Join(host.lines, "\n"), strings.Join(g.lines, "\n"))
		})
	}
}
