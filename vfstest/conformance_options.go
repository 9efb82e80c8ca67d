package vfstest

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/govfs/govfs/vfs"
)

// Options of TestFileSystem, and the summary it logs.

// Option tells TestFileSystem what to expect of the filesystem under
// test. The zero set of options expects a writable filesystem whose new
// instances start empty.
type Option func(*kitOptions)

type kitOptions struct {
	readOnly   bool
	content    []Entry
	allowSkips string
	setup      []func(k *vfs.Kernel) error
}

// ReadOnly mounts every instance with MS_RDONLY and checks what Linux
// does on a read-only filesystem: every call that would change it is
// EROFS (EEXIST for an existing name, EISDIR for a directory opened for
// writing), and reads move no timestamp. The behaviours that write are
// left out. ReadOnly needs [Content]: an empty read-only root has
// nothing to check.
func ReadOnly() Option { return func(o *kitOptions) { o.readOnly = true } }

// Content says that every new instance's root starts holding entries,
// and adds the behaviours that check them: read (whole and in pieces,
// pread), stat and fstat, getdents (names, types, inode numbers, small
// buffers, rewinding), lseek, readlink, ENOENT and ENOTDIR for names
// that are not there, and EACCES for another user where the modes say
// so. A directory that holds entries must itself be an entry. The
// behaviours that write then run in a directory of their own,
// "vfstest.d", made with mkdir, and are skipped if the filesystem cannot
// make it.
func Content(entries ...Entry) Option {
	return func(o *kitOptions) { o.content = append(o.content, entries...) }
}

// AllowSkips says why it is expected that most behaviours are skipped
// (say, "notes has one flat directory and no links"). Without it,
// TestFileSystem fails when fewer than a quarter of the behaviours that
// apply ran: a kit that checked almost nothing should not pass quietly.
func AllowSkips(why string) Option { return func(o *kitOptions) { o.allowSkips = why } }

// Setup runs f on every behaviour's kernel before the kit mounts the
// filesystem under test, for a type that belongs to the kernel it
// serves: devfs.Register makes devtmpfs's one instance and its drivers
// on a kernel and registers the type itself. When f registered a type
// of fstype's name the kit mounts that one and does not register
// fstype.
func Setup(f func(k *vfs.Kernel) error) Option {
	return func(o *kitOptions) { o.setup = append(o.setup, f) }
}

// Entry is one object of a filesystem's initial Content.
type Entry struct {
	Path   string // relative to the root, "/"-separated: "docs/readme"
	Mode   uint32 // type and permission bits: vfs.S_IFREG|0o644, vfs.S_IFDIR|0o755, vfs.S_IFLNK|0o777, vfs.S_IFCHR|0o666
	Data   string // a regular file's bytes
	Target string // a symlink's target
	Rdev   uint64 // a device node's number (vfs.Mkdev); the kit stats it, never reads it
	Uid    uint32 // owner; 0 is root
	Gid    uint32
}

func (e Entry) fileType() uint32 { return e.Mode & vfs.S_IFMT }

// isDevice reports whether e is a character or block device node.
func (e Entry) isDevice() bool {
	return e.fileType() == vfs.S_IFCHR || e.fileType() == vfs.S_IFBLK
}

func newKitOptions(t *testing.T, opts []Option) *kitOptions {
	t.Helper()
	o := &kitOptions{}
	for _, opt := range opts {
		opt(o)
	}
	if o.readOnly && len(o.content) == 0 {
		t.Fatal("vfstest: ReadOnly needs Content: an empty read-only root leaves nothing to check")
	}
	seen := map[string]Entry{}
	for _, e := range o.content {
		if e.Path == "" || e.Path != path.Clean(e.Path) || strings.HasPrefix(e.Path, "/") || strings.HasPrefix(e.Path, "..") {
			t.Fatalf("vfstest: Content entry %q: want a clean path relative to the root", e.Path)
		}
		switch e.fileType() {
		case vfs.S_IFREG, vfs.S_IFDIR, vfs.S_IFLNK:
		case vfs.S_IFCHR, vfs.S_IFBLK:
			if e.Data != "" {
				t.Fatalf("vfstest: Content entry %q: a device node has no Data (check its driver with TestDevice)", e.Path)
			}
		default:
			t.Fatalf("vfstest: Content entry %q: mode %#o is not a regular file, directory, symlink or device node", e.Path, e.Mode)
		}
		if _, dup := seen[e.Path]; dup {
			t.Fatalf("vfstest: Content entry %q appears twice", e.Path)
		}
		seen[e.Path] = e
	}
	for _, e := range o.content {
		if dir := path.Dir(e.Path); dir != "." {
			if p, ok := seen[dir]; !ok || p.fileType() != vfs.S_IFDIR {
				t.Fatalf("vfstest: Content entry %q: its directory %q must be a directory entry too", e.Path, dir)
			}
		}
	}
	return o
}

// children returns the names directly in dir ("." for the root).
func (o *kitOptions) children(dir string) []string {
	var names []string
	for _, e := range o.content {
		if path.Dir(e.Path) == dir {
			names = append(names, path.Base(e.Path))
		}
	}
	slices.Sort(names)
	return names
}

// dirs returns "." and every directory of the content.
func (o *kitOptions) dirs() []string {
	dirs := []string{"."}
	for _, e := range o.content {
		if e.fileType() == vfs.S_IFDIR {
			dirs = append(dirs, e.Path)
		}
	}
	return dirs
}

// ofType returns the entries of file type typ.
func (o *kitOptions) ofType(typ uint32) []Entry {
	var es []Entry
	for _, e := range o.content {
		if e.fileType() == typ {
			es = append(es, e)
		}
	}
	return es
}

// kitSummary counts what a TestFileSystem run did.
type kitSummary struct {
	ran, skipped int
	skips        map[string]int // by what the backend lacks
	leftOut      []string       // groups that do not apply
	leftOutN     int
}

func (s *kitSummary) leaveOut(group string, n int) {
	s.leftOut = append(s.leftOut, group)
	s.leftOutN += n
}

// count records one behaviour's outcome; why is the reason its skip
// gave the summary ("no mkdir").
func (s *kitSummary) count(t *testing.T, why string) {
	if t == nil || !t.Skipped() {
		s.ran++
		return
	}
	s.skipped++
	if why == "" {
		why = "another reason (see the behaviour's log)"
	}
	if s.skips == nil {
		s.skips = map[string]int{}
	}
	s.skips[why]++
}

// report logs the summary and fails the test when almost nothing ran
// and the caller did not say that was expected.
func (s *kitSummary) report(t *testing.T, name string, o *kitOptions) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "vfstest: %s: %d of %d behaviours ran, %d skipped", name, s.ran, s.ran+s.skipped, s.skipped)
	if len(s.skips) > 0 {
		whys := make([]string, 0, len(s.skips))
		for why := range s.skips {
			whys = append(whys, why)
		}
		sort.Slice(whys, func(i, j int) bool {
			if s.skips[whys[i]] != s.skips[whys[j]] {
				return s.skips[whys[i]] > s.skips[whys[j]]
			}
			return whys[i] < whys[j]
		})
		b.WriteString(" (")
		for i, why := range whys {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%d %s", s.skips[why], why)
		}
		b.WriteString(")")
	}
	if s.leftOutN > 0 {
		fmt.Fprintf(&b, "; %d behaviours that write left out (ReadOnly): %s", s.leftOutN, strings.Join(s.leftOut, ", "))
	}
	t.Log(b.String())
	switch {
	case o.allowSkips != "":
		if s.ran*4 < s.ran+s.skipped {
			t.Logf("vfstest: %s: most behaviours skipped, as expected: %s", name, o.allowSkips)
		}
	case s.ran*4 < s.ran+s.skipped:
		t.Errorf("vfstest: %s: only %d of %d behaviours ran: the kit checked almost nothing. "+
			"Implement the operations the skips name, describe the filesystem (ReadOnly, Content), "+
			"or say why with vfstest.AllowSkips", name, s.ran, s.ran+s.skipped)
	}
}
