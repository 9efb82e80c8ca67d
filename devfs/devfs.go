package devfs

import (
	"io"
	"strconv"
	"sync"

	"github.com/govfs/govfs/tmpfs"
	"github.com/govfs/govfs/vfs"
)

// FS is the devtmpfs of one kernel: a tmpfs instance (tmpfs.FillSuper)
// that every mount of "devtmpfs" shows, as Linux's devtmpfs mounts all
// show the same tree, and the kernel thread that makes its nodes.
type FS struct {
	sb    *vfs.SuperBlock
	mnt   *vfs.Mount      // keeps sb alive while /dev is unmounted (kern_mount)
	kt    *vfs.Process    // kdevtmpfs: rooted in mnt, makes the nodes
	mu    sync.Mutex      // serializes node making, and guards named
	named map[devNum]bool // numbers that have a node, by AddNode or auto

	// The drivers Register made, for tests and examples to look into.
	Console *Console
	RAM     *RAMDisk
	Tape    *Tape
}

// devNum is a device's type (S_IFCHR or S_IFBLK) and number.
type devNum struct {
	typ  uint32
	rdev uint64
}

// Node names one device number in /dev, with the mode and owner the
// node starts with (what device_create and a driver's devnode callback
// decide). Chmod and Chown of the node change them afterwards.
type Node struct {
	Name     string // "null"; no slashes
	Mode     uint32 // S_IFCHR or S_IFBLK, with the permission bits
	Uid, Gid uint32
	Rdev     uint64
}

// FileSystemType is devtmpfs. Every value mounts the one instance of
// the kernel it is mounted on, which Register makes: mounting devtmpfs
// on a kernel without it is ENODEV.
type FileSystemType struct{ fs *FS }

var _ vfs.FileSystemType = FileSystemType{}

// Name is "devtmpfs", the type Linux mounts on /dev.
func (FileSystemType) Name() string { return "devtmpfs" }

// Mount returns the shared instance. Options reconfigure it as a
// remount would (devtmpfs's public_dev_mount: reconfigure_single), so
// "mode=" or "size=" apply to every mount of it.
func (FileSystemType) Mount(k *vfs.Kernel, _ string, _ uintptr, data string) (*vfs.SuperBlock, error) {
	fs := Of(k)
	if fs == nil {
		return nil, vfs.ENODEV
	}
	if data != "" {
		if err := fs.sb.Impl().(remounter).Remount(0, data); err != nil {
			return nil, err
		}
	}
	return fs.sb, nil
}

type remounter interface {
	Remount(flags uintptr, data string) error
}

// Of returns the devfs registered on k, nil if none is: the instance
// hangs off its registered filesystem type, not a global map.
func Of(k *vfs.Kernel) *FS {
	if t, ok := k.FileSystemType("devtmpfs").(FileSystemType); ok {
		return t.fs
	}
	return nil
}

// Register adds devtmpfs to k with the standard drivers and their
// nodes: mem (null, zero, full, random, urandom), tty and console, the
// RAM disk ram0, the tape st0/nst0, ptmx with devpts for the
// pseudo-terminals, and Solaris's /dev/poll. Mount them with
// p.Mount("devtmpfs", "/dev", "devtmpfs", 0, "") and, on a directory
// /dev/pts, p.Mount("devpts", "/dev/pts", "devpts", 0, "").
func Register(k *vfs.Kernel, opts ...Option) (*FS, error) {
	cf := config{ramSize: defaultRAMSize, tapeSize: defaultTapeSize}
	for _, o := range opts {
		o(&cf)
	}
	fs := &FS{named: make(map[devNum]bool)}
	sb, err := tmpfs.FillSuper(k, FileSystemType{fs}, "mode=755")
	if err != nil {
		return nil, err
	}
	fs.sb = sb
	fs.mnt = k.KernMount(fs.sb)
	fs.kt = k.KernelThread(fs.mnt)
	fs.kt.Umask(0) // vfs_mknod applies no umask: the modes are the drivers'
	if err := k.RegisterFileSystem(FileSystemType{fs}); err != nil {
		return nil, err
	}
	for _, l := range links {
		if err := fs.kt.Symlink(l[1], l[0]); err != nil {
			return nil, err
		}
	}
	fs.Console = newConsole(cf.in, cf.out)
	fs.RAM = NewRAMDisk(cf.ramSize)
	fs.Tape = NewTape(cf.tapeSize)
	for _, step := range []func() error{
		func() error { return registerMem(k, fs) },
		func() error { return registerTTY(k, fs) },
		func() error { return registerRAM(k, fs) },
		func() error { return registerTape(k, fs) },
		func() error { return registerPty(k, fs) },
		func() error { return registerDevpoll(k, fs) },
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	// Drivers registered before devfs and after it get nodes too.
	k.OnRegisterDevice(fs.autoNodes)
	for _, d := range k.CharDevices() {
		fs.autoNodes(vfs.S_IFCHR, d)
	}
	for _, d := range k.BlockDevices() {
		fs.autoNodes(vfs.S_IFBLK, d)
	}
	return fs, nil
}

// Option configures Register.
type Option func(*config)

type config struct {
	in                io.Reader
	out               io.Writer
	ramSize, tapeSize int64
}

// WithConsole wires /dev/console to r (its input) and w (its output).
// Without it the console reads end of file and discards what is written.
func WithConsole(r io.Reader, w io.Writer) Option {
	return func(c *config) { c.in, c.out = r, w }
}

// WithRAMSize sets the size of ram0 in bytes, rounded down to whole
// sectors (brd's rd_size, default 4 MiB).
func WithRAMSize(n int64) Option { return func(c *config) { c.ramSize = n } }

// WithTapeSize sets how many bytes of data the tape holds (default 1 MiB).
func WithTapeSize(n int64) Option { return func(c *config) { c.tapeSize = n } }

// AddNode makes a node appear in /dev (device_create →
// devtmpfs_create_node), owned and moded as n says. The number need
// not be registered yet: opening it is ENXIO until it is. EEXIST for a
// name already taken (by a node or by anything made in /dev since),
// EINVAL for a name with a slash or a mode that is not a device's.
func (fs *FS) AddNode(n Node) error {
	if !validName(n.Name) || n.Mode&vfs.S_IFMT != vfs.S_IFCHR && n.Mode&vfs.S_IFMT != vfs.S_IFBLK {
		return vfs.EINVAL
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.mknodLocked(n)
}

// mknodLocked is handle_create: mknod as the kernel thread, then chown
// to the node's owner.
func (fs *FS) mknodLocked(n Node) error {
	if err := fs.kt.Mknod(n.Name, n.Mode, int(n.Rdev)); err != nil {
		return err
	}
	fs.named[devNum{n.Mode & vfs.S_IFMT, n.Rdev}] = true
	if n.Uid != 0 || n.Gid != 0 {
		return fs.kt.Lchown(n.Name, int(n.Uid), int(n.Gid))
	}
	return nil
}

func validName(s string) bool {
	if s == "" || s == "." || s == ".." || len(s) > vfs.NAME_MAX {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '/' || s[i] == 0 {
			return false
		}
	}
	return true
}

// links are devtmpfs's symlinks (made by udev and systemd on Linux).
var links = [][2]string{
	{"fd", "/proc/self/fd"},
	{"stdin", "/proc/self/fd/0"},
	{"stdout", "/proc/self/fd/1"},
	{"stderr", "/proc/self/fd/2"},
}

// autoNodes gives a registered range that no AddNode named a node per
// number, mode 0600, named after the range: "foo" for a single number,
// "foo0", "foo1", ... for up to 256 minors. Any package that registers
// a driver thus gets a node, the way a driver's device_create gives it
// one on Linux. A name already taken in /dev is left alone.
func (fs *FS) autoNodes(typ uint32, d vfs.Device) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for n := range fs.named {
		if n.typ == typ && vfs.Major(n.rdev) == d.Major && vfs.Minor(n.rdev) >= d.Minor && vfs.Minor(n.rdev)-d.Minor < d.Count {
			return // the driver names its nodes itself
		}
	}
	for i := uint32(0); i < min(d.Count, 256); i++ {
		name := d.Name
		if d.Count > 1 {
			name += strconv.Itoa(int(d.Minor + i))
		}
		if validName(name) {
			fs.mknodLocked(Node{Name: name, Mode: typ | 0o600, Rdev: vfs.Mkdev(d.Major, d.Minor+i)}) // EEXIST: the name is someone else's
		}
	}
}
