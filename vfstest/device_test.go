package vfstest_test

import (
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	tmpfsfs "github.com/govfs/govfs/tmpfs"
	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// TestDevice is tested as TestFileSystem is: on a driver with planted
// bugs, in a child test process, it must fail exactly the behaviours
// the bugs break.

const buggyDevEnv = "VFSTEST_BUGGY_DEVICE"

func TestDeviceCatchesABuggyDriver(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBuggyDriverUnderTheKit$", "-test.v")
	cmd.Env = append(os.Environ(), buggyDevEnv+"=1")
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "the kit must fail the buggy driver:\n%s", out)
	results := map[string]string{}
	for _, m := range regexp.MustCompile(`--- (PASS|FAIL|SKIP): TestBuggyDriverUnderTheKit/(\w+)`).FindAllStringSubmatch(string(out), -1) {
		results[m[2]] = m[1]
	}
	for name, want := range map[string]string{
		"StatsAsDescribed":           "PASS",
		"OCreatOpensTheNode":         "PASS",
		"OPathNeedsNoDriver":         "PASS",
		"Reads":                      "FAIL", // reads give bytes, not end of file
		"Writes":                     "FAIL", // and so does the read after a write
		"Seeks":                      "FAIL", // lseek moves, where null_lseek answers 0
		"UnknownIoctl":               "FAIL", // every request succeeds
		"Polls":                      "PASS",
		"Mmap":                       "SKIP", // not described
		"ModeAndOwnerBindOtherUsers": "PASS",
		"SecondNameReachesTheDriver": "FAIL", // the read through it
		"NodevMountIsEACCES":         "PASS",
	} {
		require.Equal(t, want, results[name], "%s:\n%s", name, out)
	}
	require.Contains(t, string(out), "1 no Device.Mmap", "the summary names what was left out")
}

func TestBuggyDriverUnderTheKit(t *testing.T) {
	if os.Getenv(buggyDevEnv) != "1" {
		t.Skip("run by TestDeviceCatchesABuggyDriver")
	}
	boot := func(t *testing.T) *vfs.Process {
		k := vfs.NewKernel()
		require.NoError(t, k.RegisterFileSystem(tmpfsfs.FileSystemType{}))
		require.NoError(t, k.MountRoot("tmpfs", 0, "mode=755"))
		require.NoError(t, k.RegisterCharDevice(vfs.Device{Name: "buggy", Major: 60, Count: 1, Driver: buggyNull{}}))
		p := k.Init()
		require.NoError(t, p.Mknod("/null", vfs.S_IFCHR|0o666, int(vfs.Mkdev(60, 0))))
		require.NoError(t, p.Chmod("/null", 0o666)) // past the umask
		t.Cleanup(k.Shutdown)
		return p
	}
	vfstest.TestDevice(t, boot, vfstest.Device{Path: "/null", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(60, 0),
		Read: vfstest.ReadsEOF, Write: vfstest.WritesAccepted, Seek: vfstest.SeeksToZero,
		Poll: vfs.POLLIN | vfs.POLLOUT, Ioctl: vfs.ENOTTY})
}

// buggyNull is /dev/null with three planted bugs: reads return bytes,
// lseek is the default one, and every ioctl succeeds.
type buggyNull struct{}

func (buggyNull) OpenSpecial(*vfs.File, *vfs.Process) (vfs.FileOperations, error) {
	return buggyNull{}, nil
}

func (buggyNull) Read(_ *vfs.File, b []byte, _ *int64) (int, error) {
	return copy(b, "not the end of the file"), nil
}

func (buggyNull) Write(_ *vfs.File, b []byte, _ *int64) (int, error)    { return len(b), nil }
func (buggyNull) Ioctl(*vfs.File, *vfs.Process, uint, any) (int, error) { return 0, nil }
