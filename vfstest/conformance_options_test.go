package vfstest_test

import (
	"os"
	"os/exec"
	"path"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// The kit's options are tested like the kit: on backends with planted
// bugs, run in a child test process.

// runKitChild runs the test named test in a child process with buggyEnv
// set and returns its output and each behaviour's PASS, FAIL or SKIP.
func runKitChild(t *testing.T, test string) (string, map[string]string, error) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(os.Environ(), buggyEnv+"=1")
	out, err := cmd.CombinedOutput()
	results := map[string]string{}
	for _, m := range regexp.MustCompile(`--- (PASS|FAIL|SKIP): `+test+`/(\w+/\w+)`).FindAllStringSubmatch(string(out), -1) {
		results[m[2]] = m[1]
	}
	return string(out), results, err
}

func TestFileSystemCatchesABuggyReadOnlyBackend(t *testing.T) {
	out, results, err := runKitChild(t, "TestBuggyReadOnlyBackendUnderTheKit")
	require.Error(t, err, "the kit must fail the buggy read-only backend:\n%s", out)
	require.Len(t, results, 10, "only the Content and ReadOnly behaviours run:\n%s", out)
	for name, want := range map[string]string{
		"Content/ReadsEveryFile":            "PASS",
		"Content/StatsEveryEntry":           "PASS",
		"Content/SeeksInEveryFile":          "PASS",
		"Content/ModesBindOtherUsers":       "PASS",
		"Content/ListsEveryDirectory":       "FAIL", // a symlink's d_type is DT_REG
		"Content/MissingNamesAreENOENT":     "FAIL", // a missing name is EIO
		"Content/ReadlinksEverySymlink":     "FAIL", // the target gains a "/"
		"ReadOnly/WritesAreEROFS":           "PASS",
		"ReadOnly/NamespaceChangesAreEROFS": "FAIL", // O_CREAT of a new name is EIO: lookup comes first
		"ReadOnly/ReadsMoveNoTimestamp":     "FAIL", // a read moves mtime
	} {
		require.Equal(t, want, results[name], "%s:\n%s", name, out)
	}
	require.Contains(t, out, "vfstest: buggyro: 10 of 10 behaviours ran, 0 skipped; 88 behaviours that write left out (ReadOnly)")
}

func TestFileSystemFailsWhenAlmostNothingRan(t *testing.T) {
	out, results, err := runKitChild(t, "TestBareBackendUnderTheKit")
	require.Error(t, err, "the kit must fail a backend on which it checked nothing:\n%s", out)
	require.Len(t, results, vfstest.ConformanceCount(), "every behaviour reports:\n%s", out)
	require.Equal(t, "PASS", results["Files/DirectoryIsNotReadOrWritten"], "the one behaviour that needs nothing:\n%s", out)
	require.Contains(t, out, "vfstest: bare: 1 of 88 behaviours ran, 87 skipped (63 no create, 18 no mkdir, 5 no symlink, 1 no O_TMPFILE)")
	require.Contains(t, out, "only 1 of 88 behaviours ran: the kit checked almost nothing")
}

func TestFileSystemAllowSkipsSaysWhy(t *testing.T) {
	vfstest.TestFileSystem(t, bareFS{}, "", vfstest.AllowSkips("bare makes nothing: it is the kit's own test"))
}

func TestFileSystemContentChecksItsDescription(t *testing.T) {
	if os.Getenv(buggyEnv) == "1" {
		t.Skip("not in the child")
	}
	out, _, err := runKitChild(t, "TestContentWithoutItsDirectoryUnderTheKit")
	require.Error(t, err)
	require.Contains(t, out, `vfstest: Content entry "docs/a": its directory "docs" must be a directory entry too`)
	out, _, err = runKitChild(t, "TestReadOnlyWithoutContentUnderTheKit")
	require.Error(t, err)
	require.Contains(t, out, "vfstest: ReadOnly needs Content")
}

func TestBuggyReadOnlyBackendUnderTheKit(t *testing.T) {
	if os.Getenv(buggyEnv) != "1" {
		t.Skip("run by TestFileSystemCatchesABuggyReadOnlyBackend")
	}
	vfstest.TestFileSystem(t, buggyROFS{}, "", vfstest.ReadOnly(), vfstest.Content(buggyROTree...))
}

func TestBareBackendUnderTheKit(t *testing.T) {
	if os.Getenv(buggyEnv) != "1" {
		t.Skip("run by TestFileSystemFailsWhenAlmostNothingRan")
	}
	vfstest.TestFileSystem(t, bareFS{}, "")
}

func TestContentWithoutItsDirectoryUnderTheKit(t *testing.T) {
	if os.Getenv(buggyEnv) != "1" {
		t.Skip("run by TestFileSystemContentChecksItsDescription")
	}
	vfstest.TestFileSystem(t, bareFS{}, "", vfstest.Content(vfstest.Entry{Path: "docs/a", Mode: vfs.S_IFREG | 0o644}))
}

func TestReadOnlyWithoutContentUnderTheKit(t *testing.T) {
	if os.Getenv(buggyEnv) != "1" {
		t.Skip("run by TestFileSystemContentChecksItsDescription")
	}
	vfstest.TestFileSystem(t, bareFS{}, "", vfstest.ReadOnly())
}

// bareFS is an empty root directory without a single operation.
type bareFS struct{}

func (bareFS) Name() string { return "bare" }

func (bareFS) Mount(k *vfs.Kernel, _ string, _ uintptr, _ string) (*vfs.SuperBlock, error) {
	sb := vfs.NewSuperBlock(k, bareFS{}, 0x62617265, nil)
	root := &bareDir{}
	root.Init(sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	sb.SetRoot(&root.Inode)
	return sb, nil
}

type bareDir struct{ vfs.Inode }

// buggyROTree is what buggyROFS serves.
var buggyROTree = []vfstest.Entry{
	{Path: "hello", Mode: vfs.S_IFREG | 0o644, Data: "hello, world\n"},
	{Path: "sub", Mode: vfs.S_IFDIR | 0o755},
	{Path: "sub/secret", Mode: vfs.S_IFREG | 0o600, Data: "for root only"},
	{Path: "sub/link", Mode: vfs.S_IFLNK | 0o777, Target: "../hello"},
}

// buggyROFS serves buggyROTree through Lookuper, with four planted
// bugs: getdents reports a symlink as DT_REG, a missing name is EIO,
// readlink adds a "/", and a read moves the file's mtime.
type buggyROFS struct{}

func (buggyROFS) Name() string { return "buggyro" }

func (buggyROFS) Mount(k *vfs.Kernel, _ string, _ uintptr, _ string) (*vfs.SuperBlock, error) {
	sb := vfs.NewSuperBlock(k, buggyROFS{}, 0x62726f, nil)
	root := &buggyRODir{}
	root.Init(sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	dirs := map[string]*buggyRODir{".": root}
	for _, e := range buggyROTree {
		parent := dirs[path.Dir(e.Path)]
		var ino *vfs.Inode
		switch e.Mode & vfs.S_IFMT {
		case vfs.S_IFDIR:
			d := &buggyRODir{}
			d.Init(sb, d, vfs.Attr{Mode: e.Mode})
			dirs[e.Path], ino = d, &d.Inode
			parent.IncNlink()
		case vfs.S_IFREG:
			f := &buggyROFile{data: e.Data}
			f.Init(sb, f, vfs.Attr{Mode: e.Mode})
			f.Lock()
			f.SetSizeLocked(int64(len(e.Data)))
			f.Unlock()
			ino = &f.Inode
		case vfs.S_IFLNK:
			l := &buggyROLink{target: e.Target}
			l.Init(sb, l, vfs.Attr{Mode: e.Mode})
			l.Lock()
			l.SetSizeLocked(int64(len(e.Target)))
			l.Unlock()
			ino = &l.Inode
		}
		parent.names = append(parent.names, path.Base(e.Path))
		parent.inodes = append(parent.inodes, ino)
	}
	sb.SetRoot(&root.Inode)
	return sb, nil
}

type buggyRODir struct {
	vfs.Inode
	names  []string
	inodes []*vfs.Inode
}

// Lookup says EIO for a name that is not there (bug: ENOENT).
func (d *buggyRODir) Lookup(name string) (*vfs.Inode, error) {
	if i := slices.Index(d.names, name); i >= 0 {
		return d.inodes[i], nil
	}
	return nil, vfs.EIO
}

func (d *buggyRODir) Open(*vfs.File) (vfs.FileOperations, error) { return buggyRODirOps{d}, nil }

type buggyRODirOps struct{ d *buggyRODir }

func (buggyRODirOps) Read(*vfs.File, []byte, *int64) (int, error)  { return 0, vfs.EISDIR }
func (buggyRODirOps) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EISDIR }

func (buggyRODirOps) Seek(f *vfs.File, off int64, whence int) (int64, error) {
	return vfs.DirSeek(f, off, whence)
}

// Iterate reports every entry as DT_REG (bug: symlinks are DT_LNK).
func (o buggyRODirOps) Iterate(f *vfs.File, ctx *vfs.DirContext) error {
	if !ctx.EmitDots(f) {
		return nil
	}
	for i := int(ctx.Pos) - 2; i < len(o.d.names); i++ {
		ino := o.d.inodes[i]
		dtype := vfs.DType(ino.Mode())
		if dtype == vfs.DT_LNK {
			dtype = vfs.DT_REG
		}
		if !ctx.Emit(o.d.names[i], ino.Ino(), dtype, int64(i)+3) {
			return nil
		}
	}
	return nil
}

type buggyROFile struct {
	vfs.Inode
	data string
}

// Read marks the file modified (bug: a read changes nothing but atime).
func (f *buggyROFile) Read(_ *vfs.File, dst []byte, off *int64) (int, error) {
	f.Touch("m")
	if *off >= int64(len(f.data)) {
		return 0, nil
	}
	n := copy(dst, f.data[*off:])
	*off += int64(n)
	return n, nil
}

func (f *buggyROFile) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EROFS }

type buggyROLink struct {
	vfs.Inode
	target string
}

// Readlink adds a slash (bug).
func (l *buggyROLink) Readlink() (string, error) { return l.target + "/", nil }
