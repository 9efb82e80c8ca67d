package vfstest_test

import (
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// The kit itself is tested on a backend with known bugs: it must fail
// exactly the behaviours the bugs break, pass the rest, and skip what
// the backend does not do. The kit runs in a child test process, since
// its failures would otherwise fail this test.

const buggyEnv = "VFSTEST_BUGGY_BACKEND"

func TestFileSystemCatchesABuggyBackend(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBuggyBackendUnderTheKit$", "-test.v")
	cmd.Env = append(os.Environ(), buggyEnv+"=1")
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "the kit must fail the buggy backend:\n%s", out)
	results := map[string]string{}
	for _, m := range regexp.MustCompile(`--- (PASS|FAIL|SKIP): TestBuggyBackendUnderTheKit/(\w+/\w+)`).FindAllStringSubmatch(string(out), -1) {
		results[m[2]] = m[1]
	}
	require.Len(t, results, vfstest.ConformanceCount(), "every behaviour reports:\n%s", out)
	for name, want := range map[string]string{
		"Files/CreateWriteReadBack":            "PASS",
		"Files/OAppendWritesAtTheEndEveryTime": "FAIL", // Write forgets File.Append
		"Files/PwriteOnOAppendAppends":         "FAIL",
		"Files/UnlinkedButOpenStaysUsable":     "FAIL", // Unlink forgets the link count
		"Stat/Timestamps":                      "FAIL", // and so the file's ctime
		"Truncate/ShrinkDropsTheTail":          "PASS",
		"Truncate/ShrinkThenGrowReadsZeros":    "FAIL", // the cut bytes come back
		"Getdents/EveryNameOnceWithDots":       "PASS",
		"Symlinks/LoopsAreELOOP":               "SKIP", // no Symlinker
		"Directories/NestedPaths":              "SKIP", // no Mkdirer
	} {
		require.Equal(t, want, results[name], "%s:\n%s", name, out)
	}
}

func TestBuggyBackendUnderTheKit(t *testing.T) {
	if os.Getenv(buggyEnv) != "1" {
		t.Skip("run by TestFileSystemCatchesABuggyBackend")
	}
	vfstest.TestFileSystem(t, buggyFS{}, "")
}

// buggyFS is a flat filesystem with three planted bugs.
type buggyFS struct{}

func (buggyFS) Name() string { return "buggy" }

func (buggyFS) Mount(k *vfs.Kernel, _ string, _ uintptr, _ string) (*vfs.SuperBlock, error) {
	sb := vfs.NewSuperBlock(k, buggyFS{}, 0x42, nil)
	root := &buggyDir{}
	root.Init(sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	sb.SetRoot(&root.Inode)
	return sb, nil
}

type buggyDir struct{ vfs.Inode }

func (d *buggyDir) Create(_ *vfs.Dentry, a vfs.Attr) (*vfs.Inode, error) {
	f := &buggyFile{}
	f.Init(d.SuperBlock(), f, a)
	d.Touch("mc")
	return &f.Inode, nil
}

// Unlink forgets to drop the victim's link count (bug).
func (d *buggyDir) Unlink(*vfs.Dentry) error {
	d.Touch("mc")
	return nil
}

type buggyFile struct {
	vfs.Inode
	data []byte // may run past the size: truncate keeps the cut bytes (bug)
}

func (f *buggyFile) Read(_ *vfs.File, dst []byte, off *int64) (int, error) {
	f.Lock()
	defer f.Unlock()
	size := f.SizeLocked()
	if *off >= size {
		return 0, nil
	}
	n := copy(dst, f.data[*off:size])
	*off += int64(n)
	return n, nil
}

// Write never calls File.Append, so O_APPEND is ignored (bug).
func (f *buggyFile) Write(_ *vfs.File, src []byte, off *int64) (int, error) {
	f.Lock()
	defer f.Unlock()
	end := *off + int64(len(src))
	if end > int64(len(f.data)) {
		f.data = append(f.data, make([]byte, end-int64(len(f.data)))...)
	}
	copy(f.data[*off:], src)
	f.SetSizeLocked(max(f.SizeLocked(), end))
	f.TouchLocked("mc")
	*off = end
	return len(src), nil
}

func (f *buggyFile) Truncate(size int64) error {
	f.Lock()
	defer f.Unlock()
	if size > int64(len(f.data)) {
		f.data = append(f.data, make([]byte, size-int64(len(f.data)))...)
	}
	f.SetSizeLocked(size)
	f.TouchLocked("mc")
	return nil
}
