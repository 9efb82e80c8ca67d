package vfs_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The os conveniences of *vfs.Process are checked against package os
// itself: each scenario runs on os in a host temp directory and on govfs
// in a sandbox that is the process's cwd, and the transcripts (results,
// error Op, path, errno, errors.Is, and the tree left behind) must match.

// osLike is what both sides offer; *vfs.Process supplies the five os
// functions with os's own signatures.
type osLike interface {
	MkdirAll(name string, perm fs.FileMode) error
	ReadFile(name string) ([]byte, error)
	WriteFile(name string, data []byte, perm fs.FileMode) error
	Remove(name string) error
	RemoveAll(name string) error
	Symlink(oldname, newname string) error
	Chmod(name string, mode fs.FileMode) error
	Lchown(name string, uid, gid int) error
}

// hostOS is package os under base; names are appended verbatim (no
// Clean), so "a/." and "d/" reach os as written.
type hostOS struct{ base string }

func (h hostOS) at(name string) string {
	if name == "" {
		return ""
	}
	return h.base + "/" + name
}
func (h hostOS) MkdirAll(n string, perm fs.FileMode) error { return os.MkdirAll(h.at(n), perm) }
func (h hostOS) ReadFile(n string) ([]byte, error)         { return os.ReadFile(h.at(n)) }
func (h hostOS) WriteFile(n string, d []byte, m fs.FileMode) error {
	return os.WriteFile(h.at(n), d, m)
}
func (h hostOS) Remove(n string) error               { return os.Remove(h.at(n)) }
func (h hostOS) RemoveAll(n string) error            { return os.RemoveAll(h.at(n)) }
func (h hostOS) Symlink(old, n string) error         { return os.Symlink(old, h.at(n)) }
func (h hostOS) Chmod(n string, m fs.FileMode) error { return os.Chmod(h.at(n), m) }

func (h hostOS) Lchown(n string, uid, gid int) error { return os.Lchown(h.at(n), uid, gid) }

// govfsOS is a process whose cwd is the sandbox: the names stay relative.
type govfsOS struct{ *vfs.Process }

func (g govfsOS) Chmod(n string, m fs.FileMode) error {
	mode := uint32(m.Perm())
	for bit, s := range map[fs.FileMode]uint32{fs.ModeSetuid: vfs.S_ISUID, fs.ModeSetgid: vfs.S_ISGID, fs.ModeSticky: vfs.S_ISVTX} {
		if m&bit != 0 {
			mode |= s
		}
	}
	return g.Process.Chmod(n, mode)
}

var (
	_ osLike = hostOS{}
	_ osLike = govfsOS{}
)

// osSession records one side's transcript.
type osSession struct {
	o     osLike
	base  string // stripped from host paths in errors
	lines []string
}

func (s *osSession) log(call string, err error) {
	s.lines = append(s.lines, call+" = "+s.errString(err))
}

func (s *osSession) errString(err error) string {
	if err == nil {
		return "nil"
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return fmt.Sprintf("%T %v", err, err)
	}
	p := pe.Path
	if s.base != "" && strings.HasPrefix(p, s.base) {
		p = strings.TrimPrefix(strings.TrimPrefix(p, s.base), "/")
	}
	var n syscall.Errno
	var v vfs.Errno
	name := "no errno"
	if errors.As(err, &n) {
		name = vfs.Errno(n).Name()
	} else if errors.As(err, &v) {
		name = v.Name()
	}
	return fmt.Sprintf("%s %q: %s notexist=%v exist=%v perm=%v", pe.Op, strings.TrimPrefix(p, "./"), name,
		errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrExist), errors.Is(err, fs.ErrPermission))
}

func (s *osSession) MkdirAll(n string, perm fs.FileMode) {
	s.log(fmt.Sprintf("MkdirAll(%q, %v)", n, perm), s.o.MkdirAll(n, perm))
}
func (s *osSession) WriteFile(n, data string, perm fs.FileMode) {
	s.log(fmt.Sprintf("WriteFile(%q, %d bytes, %v)", n, len(data), perm), s.o.WriteFile(n, []byte(data), perm))
}
func (s *osSession) ReadFile(n string) {
	b, err := s.o.ReadFile(n)
	s.log(fmt.Sprintf("ReadFile(%q) -> %d bytes %q, nil slice %v", n, len(b), trunc(b), b == nil), err)
}
func (s *osSession) Remove(n string)    { s.log(fmt.Sprintf("Remove(%q)", n), s.o.Remove(n)) }
func (s *osSession) RemoveAll(n string) { s.log(fmt.Sprintf("RemoveAll(%q)", n), s.o.RemoveAll(n)) }
func (s *osSession) Symlink(old, n string) {
	s.log(fmt.Sprintf("Symlink(%q, %q)", old, n), s.o.Symlink(old, n))
}
func (s *osSession) Chmod(n string, m fs.FileMode) {
	s.log(fmt.Sprintf("Chmod(%q, %v)", n, m), s.o.Chmod(n, m))
}

func (s *osSession) Lchown(n string, uid, gid int) {
	s.log(fmt.Sprintf("Lchown(%q, %d, %d)", n, uid, gid), s.o.Lchown(n, uid, gid))
}

func trunc(b []byte) []byte {
	if len(b) > 16 {
		return b[:16]
	}
	return b
}

// osScenarios are sequences of os calls whose outcome os decides.
var osScenarios = []struct {
	name string
	run  func(s *osSession)
}{
	{"MkdirAll_makes_parents_with_perm_under_umask", func(s *osSession) {
		s.MkdirAll("a/b/c", 0o777)
		s.MkdirAll("a/b/c", 0o700)
		s.MkdirAll("p/q/", 0o750)
		s.MkdirAll("x//y", 0o755)
	}},
	{"MkdirAll_on_a_file_is_ENOTDIR", func(s *osSession) {
		s.WriteFile("f", "data", 0o644)
		s.MkdirAll("f", 0o755)
		s.MkdirAll("f/sub", 0o755)
		s.MkdirAll("f/sub/deeper", 0o755)
	}},
	{"MkdirAll_dot_and_dotdot_and_empty", func(s *osSession) {
		s.MkdirAll("d/.", 0o755)
		s.MkdirAll("d/e/..", 0o755)
		s.MkdirAll(".", 0o755)
		s.MkdirAll("", 0o755)
	}},
	{"MkdirAll_through_symlinks", func(s *osSession) {
		s.MkdirAll("real", 0o755)
		s.Symlink("real", "link")
		s.MkdirAll("link", 0o755)
		s.MkdirAll("link/sub", 0o755)
		s.Symlink("nowhere", "dangling")
		s.MkdirAll("dangling", 0o755)
		s.MkdirAll("dangling/sub", 0o755)
	}},
	{"MkdirAll_special_mode_bits", func(s *osSession) {
		s.MkdirAll("sticky", 0o755|fs.ModeSticky)
		s.MkdirAll("setgid", 0o755|fs.ModeSetgid)
		s.MkdirAll("dirbit", 0o755|fs.ModeDir)
	}},
	{"WriteFile_creates_truncates_and_keeps_the_mode", func(s *osSession) {
		s.WriteFile("f", "hello, world", 0o600)
		s.ReadFile("f")
		s.WriteFile("f", "bye", 0o777)
		s.ReadFile("f")
		s.WriteFile("setuid", "#!", 0o755|fs.ModeSetuid)
		s.WriteFile("empty", "", 0o640)
		s.ReadFile("empty")
	}},
	{"WriteFile_errors", func(s *osSession) {
		s.WriteFile("missing/f", "x", 0o644)
		s.MkdirAll("d", 0o755)
		s.WriteFile("d", "x", 0o644)
		s.WriteFile("d/", "x", 0o644)
		s.WriteFile("", "x", 0o644)
		s.Symlink("nowhere/f", "dangling")
		s.WriteFile("dangling", "x", 0o644)
	}},
	{"WriteFile_through_a_symlink_and_to_a_read_only_file_as_root", func(s *osSession) {
		s.Symlink("target", "link")
		s.WriteFile("link", "via link", 0o644)
		s.ReadFile("target")
		s.WriteFile("ro", "one", 0o444)
		s.WriteFile("ro", "two", 0o444)
		s.ReadFile("ro")
	}},
	{"ReadFile_errors_and_sizes", func(s *osSession) {
		s.ReadFile("missing")
		s.ReadFile("")
		s.MkdirAll("d", 0o755)
		s.ReadFile("d")
		s.WriteFile("f", "x", 0o644)
		s.ReadFile("f/")
		s.ReadFile("f/x")
		s.WriteFile("big", strings.Repeat("0123456789abcdef", 10000), 0o644)
		s.ReadFile("big")
		s.WriteFile("511", strings.Repeat("z", 511), 0o644)
		s.ReadFile("511")
		s.WriteFile("512", strings.Repeat("z", 512), 0o644)
		s.ReadFile("512")
	}},
	{"Remove_files_dirs_and_links", func(s *osSession) {
		s.WriteFile("f", "x", 0o644)
		s.Remove("f")
		s.Remove("f")
		s.MkdirAll("d", 0o755)
		s.Remove("d")
		s.MkdirAll("full/sub", 0o755)
		s.Remove("full")
		s.MkdirAll("real", 0o755)
		s.Symlink("real", "link")
		s.Remove("link")
		s.Symlink("nowhere", "dangling")
		s.Remove("dangling")
	}},
	{"Remove_odd_names", func(s *osSession) {
		s.WriteFile("f", "x", 0o644)
		s.Remove("f/")
		s.Remove("f/x")
		s.MkdirAll("d", 0o755)
		s.Remove("d/")
		s.MkdirAll("e", 0o755)
		s.Remove("e/.")
		s.Remove(".")
		s.Remove("")
		s.Remove("missing/x")
	}},
	{"RemoveAll_a_tree_with_read_only_parts_as_root", func(s *osSession) {
		s.MkdirAll("t/a/b/c", 0o755)
		s.WriteFile("t/a/f", "1", 0o644)
		s.WriteFile("t/a/b/ro", "2", 0o400)
		s.WriteFile("t/a/b/c/g", "3", 0o644)
		s.Chmod("t/a/b", 0o500)
		s.Chmod("t/a/b/c", 0)
		s.RemoveAll("t")
		s.RemoveAll("t")
	}},
	{"RemoveAll_does_not_follow_symlinks", func(s *osSession) {
		s.MkdirAll("keep", 0o755)
		s.WriteFile("keep/k", "precious", 0o644)
		s.MkdirAll("t", 0o755)
		s.Symlink("../keep", "t/link")
		s.Symlink("keep", "top")
		s.RemoveAll("t")
		s.RemoveAll("top")
		s.ReadFile("keep/k")
		s.Symlink("keep", "slash")
		s.RemoveAll("slash/")
		s.ReadFile("keep/k")
	}},
	{"RemoveAll_odd_names", func(s *osSession) {
		s.RemoveAll("missing")
		s.RemoveAll("missing/deeper/still")
		s.RemoveAll("")
		s.RemoveAll(".")
		s.MkdirAll("d/e", 0o755)
		s.RemoveAll("d/.")
		s.RemoveAll("d/e/..")
		s.WriteFile("f", "x", 0o644)
		s.RemoveAll("f/x")
		s.RemoveAll("f/")
		s.RemoveAll("f")
		s.MkdirAll("g", 0o755)
		s.RemoveAll("g//")
	}},
	{"RemoveAll_a_directory_of_more_than_one_batch", func(s *osSession) {
		s.MkdirAll("many", 0o755)
		for i := range 1100 {
			if err := s.o.WriteFile(fmt.Sprintf("many/%04d", i), nil, 0o644); err != nil {
				s.log("WriteFile", err)
			}
		}
		s.RemoveAll("many")
	}},
}

// osTree lists what a scenario left behind: name, mode, size of regular
// files, symlink targets.
func osTree(t *testing.T, fsys fs.FS) []string {
	var out []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			out = append(out, fmt.Sprintf("%s: %v", name, err))
			return nil
		}
		fi, err := d.Info()
		require.NoError(t, err)
		line := fmt.Sprintf("%s %v", name, fi.Mode())
		switch {
		case fi.Mode().IsRegular():
			line += fmt.Sprintf(" %d", fi.Size())
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := fs.ReadLink(fsys, name)
			require.NoError(t, err)
			line += " -> " + target
		}
		out = append(out, line)
		return nil
	})
	require.NoError(t, err)
	return out
}

func TestOSFuncsMatchPackageOS(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the scenarios run as root on both sides")
	}
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	for _, sc := range osScenarios {
		t.Run(sc.name, func(t *testing.T) {
			base := t.TempDir()
			host := &osSession{o: hostOS{base}, base: base}
			sc.run(host)
			host.lines = append(host.lines, osTree(t, os.DirFS(base))...)

			_, p := newSystem(t)
			p.Umask(0o022)
			require.NoError(t, p.Mkdir("/tmp/sb", 0o755))
			require.NoError(t, p.Chdir("/tmp/sb"))
			g := &osSession{o: govfsOS{p}}
			sc.run(g)
			sub, err := fs.Sub(p.FS(), "tmp/sb")
			require.NoError(t, err)
			g.lines = append(g.lines, osTree(t, sub)...)

			require.Equal(t, strings.Join(host.lines, "\n"), strings.Join(g.lines, "\n"))
		})
	}
}
