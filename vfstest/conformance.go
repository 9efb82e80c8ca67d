package vfstest

// The conformance kit: TestFileSystem and its behaviours (the package
// doc, doc.go, says how to use it). This file runs the behaviours and
// holds the helpers they share; conformance_options.go has the options
// and the summary, conformance_*.go the behaviours by topic.

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/tmpfs"
	"github.com/govfs/govfs/vfs"
)

// Mountpoint is where TestFileSystem mounts the backend under test.
const Mountpoint = "/mnt"

// TestFileSystem checks that a filesystem type behaves as Linux's
// filesystems do. For every behaviour it boots a bare kernel with a tmpfs
// root, registers fstype, mounts a new instance at Mountpoint with
// mount(2)'s data string data (and MS_RDONLY with [ReadOnly]), and runs
// the behaviour there as root. Behaviours that need an operation the
// backend does not implement are skipped. A new instance's root must
// start empty unless [Content] describes what it holds. At the end it
// logs how many behaviours ran and why the others did not, and fails if
// fewer than a quarter of them ran, unless [AllowSkips] says why that is
// expected.
//
// Call it from a test in the backend's package:
//
//	func TestConformance(t *testing.T) {
//		vfstest.TestFileSystem(t, myfs.FileSystemType{}, "")
//	}
func TestFileSystem(t *testing.T, fstype vfs.FileSystemType, data string, opts ...Option) {
	t.Helper()
	o := newKitOptions(t, opts)
	sum := kitSummary{}
	for _, g := range kitGroups(o) {
		if o.readOnly && !g.readOnly {
			sum.leaveOut(g.name, len(g.behaviours))
			continue
		}
		t.Run(g.name, func(t *testing.T) {
			for _, b := range g.behaviours {
				var sub *testing.T
				var why string
				t.Run(b.name, func(t *testing.T) {
					sub = t
					c := newFSCheck(t, fstype, data, o, g.onContent)
					c.skipWhy = &why
					if !g.onContent {
						c.enterScratch()
					}
					b.run(c)
				})
				sum.count(sub, why)
			}
		})
	}
	sum.report(t, fstype.Name(), o)
}

// ConformanceCount reports how many behaviours TestFileSystem runs without
// options: those that write. Content and ReadOnly add their own.
func ConformanceCount() int {
	n := 0
	for _, g := range conformanceGroups() {
		n += len(g.behaviours)
	}
	return n
}

type kitBehaviour struct {
	name string
	run  func(c *fsCheck)
}

// kitGroup is a topic's behaviours. onContent groups run on the
// [Content] at the root; the others write, in an empty directory of
// their own. Only readOnly groups run on a [ReadOnly] mount.
type kitGroup struct {
	name       string
	behaviours []kitBehaviour
	onContent  bool
	readOnly   bool
}

// kitGroups is every group that applies to a run with options o.
func kitGroups(o *kitOptions) []kitGroup {
	groups := conformanceGroups()
	if len(o.content) > 0 {
		groups = append(groups, kitGroup{name: "Content", behaviours: contentBehaviours(), onContent: true, readOnly: true})
	}
	if o.readOnly {
		groups = append(groups, kitGroup{name: "ReadOnly", behaviours: readOnlyBehaviours(), onContent: true, readOnly: true})
	}
	return groups
}

// conformanceGroups are the behaviours that write: every backend runs
// them, on an empty directory.
func conformanceGroups() []kitGroup {
	return []kitGroup{
		{name: "Files", behaviours: fileBehaviours()},
		{name: "Truncate", behaviours: truncateBehaviours()},
		{name: "Directories", behaviours: dirBehaviours()},
		{name: "HardLinks", behaviours: hardLinkBehaviours()},
		{name: "Symlinks", behaviours: symlinkBehaviours()},
		{name: "Rename", behaviours: renameBehaviours()},
		{name: "Getdents", behaviours: getdentsBehaviours()},
		{name: "Stat", behaviours: statBehaviours()},
		{name: "Concurrency", behaviours: concurrencyBehaviours()},
	}
}

// kitRootFS is the root filesystem of the kit's kernels: a tmpfs registered
// under Linux's name for the initial root, "rootfs", so that it never
// clashes with the type under test (which may be tmpfs itself).
type kitRootFS struct{ tmpfs.FileSystemType }

func (kitRootFS) Name() string { return "rootfs" }

// kitClock advances by a microsecond at every reading, so that any two
// events have different timestamps and time checks need no sleeping.
type kitClock struct{ ns atomic.Int64 }

var kitEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()

func (c *kitClock) Now() time.Time { return time.Unix(0, kitEpoch+c.ns.Add(1000)) }

// fsCheck is one behaviour's world: a kernel, init, and the backend
// mounted at Mountpoint. init's working directory, dir, is the mount's
// root, or the behaviour's own directory in it when the root holds
// Content (see enterScratch).
type fsCheck struct {
	t       *testing.T
	k       *vfs.Kernel
	p       *vfs.Process
	o       *kitOptions
	dir     string  // the working directory, an absolute path
	skipWhy *string // set by skip: what the backend lacks
}

func newFSCheck(t *testing.T, fstype vfs.FileSystemType, data string, o *kitOptions, onContent bool) *fsCheck {
	k := vfs.NewKernel(vfs.WithClock(&kitClock{}))
	require.NoError(t, k.RegisterFileSystem(kitRootFS{}))
	require.NoError(t, k.MountRoot("rootfs", 0, "mode=755"))
	p := k.Init()
	require.NoError(t, p.Mkdir(Mountpoint, 0o755))
	for _, f := range o.setup {
		require.NoError(t, f(k), "vfstest.Setup")
	}
	if k.FileSystemType(fstype.Name()) == nil {
		require.NoError(t, k.RegisterFileSystem(fstype), "register %q", fstype.Name())
	}
	var flags uintptr
	if o.readOnly {
		flags = vfs.MS_RDONLY
	}
	require.NoError(t, p.Mount(fstype.Name(), Mountpoint, fstype.Name(), flags, data),
		"mount -t %s -o %q %s %s (flags %#x)", fstype.Name(), data, fstype.Name(), Mountpoint, flags)
	require.NoError(t, p.Chdir(Mountpoint))
	c := &fsCheck{t: t, k: k, p: p, o: o, dir: Mountpoint}
	t.Cleanup(func() {
		defer k.Shutdown()
		if t.Failed() {
			return
		}
		require.NoError(t, p.Chdir("/"))
		require.NoError(t, p.Unmount(Mountpoint, 0),
			"umount %s after the behaviour closed every fd: something still holds the mount", Mountpoint)
	})
	return c
}

// kitErrno spells an error as its errno name when it has one.
func kitErrno(err error) string {
	var e vfs.Errno
	switch {
	case err == nil:
		return "success"
	case errors.As(err, &e):
		return e.Name()
	}
	return err.Error()
}

// is fails unless err is the errno want.
func (c *fsCheck) is(err error, want vfs.Errno, what string, args ...any) {
	c.t.Helper()
	if !errors.Is(err, want) {
		c.t.Fatalf("%s = %s, want %s", fmt.Sprintf(what, args...), kitErrno(err), want.Name())
	}
}

// ok fails unless err is nil.
func (c *fsCheck) ok(err error, what string, args ...any) {
	c.t.Helper()
	if err != nil {
		c.t.Fatalf("%s = %s, want success", fmt.Sprintf(what, args...), kitErrno(err))
	}
}

// kitUnsupported reports whether err is how Linux answers for an operation
// the filesystem does not implement.
func kitUnsupported(err error) bool {
	return errors.Is(err, vfs.EPERM) || errors.Is(err, vfs.EOPNOTSUPP) || errors.Is(err, vfs.ENOSYS)
}

// need skips the behaviour if err says the backend lacks op; any other
// error fails it.
func (c *fsCheck) need(err error, op string, what string, args ...any) {
	c.t.Helper()
	if err != nil && kitUnsupported(err) {
		c.skip(op, "the filesystem does not support %s: %s = %s", op, fmt.Sprintf(what, args...), kitErrno(err))
	}
	c.ok(err, what, args...)
}

// skip ends the behaviour as skipped because the backend lacks op; the
// summary counts skips by what is missing.
func (c *fsCheck) skip(op string, format string, args ...any) {
	c.t.Helper()
	if c.skipWhy != nil {
		*c.skipWhy = "no " + op
	}
	c.t.Skipf(format, args...)
}

// scratchDir is where the writing behaviours run when the root holds
// Content: a directory of their own, so that the names they make and
// list are theirs alone.
const scratchDir = "vfstest.d"

// enterScratch moves a writing behaviour into scratchDir when the root
// holds Content; without mkdir it cannot, and the behaviour is skipped.
func (c *fsCheck) enterScratch() {
	c.t.Helper()
	if len(c.o.content) == 0 {
		return
	}
	err := c.p.Mkdir(scratchDir, 0o755)
	if err != nil && kitUnsupported(err) {
		c.skip("mkdir", "the root holds Content and the filesystem cannot mkdir %q for a behaviour that writes: %s",
			scratchDir, kitErrno(err))
	}
	c.ok(err, "mkdir(%q)", scratchDir)
	c.dir = Mountpoint + "/" + scratchDir
	c.ok(c.p.Chdir(c.dir), "chdir(%q)", c.dir)
}
