package devfs

import (
	"cmp"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// FS is the devtmpfs of one kernel: the node table and the one
// superblock every mount of "devtmpfs" shares, as Linux's devtmpfs
// mounts all show the same tree.
type FS struct {
	k   *vfs.Kernel
	sb  *vfs.SuperBlock
	mnt *vfs.Mount // keeps sb alive while /dev is unmounted (kern_mount)

	mu     sync.Mutex
	nodes  map[string]Node       // explicit names (device_create)
	inodes map[string]*vfs.Inode // made on first lookup, kept for good

	// The drivers Register made, for tests and examples to look into.
	Console *Console
	RAM     *RAMDisk
	Tape    *Tape
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

type fsType struct{ fs *FS }

// Name is "devtmpfs", the type Linux mounts on /dev.
func (fsType) Name() string { return "devtmpfs" }

// Mount returns the shared instance; devtmpfs takes no options here.
func (t fsType) Mount(*vfs.Kernel, string, uintptr, string) (*vfs.SuperBlock, error) {
	return t.fs.sb, nil
}

// Of returns the devfs registered on k, nil if none is: the instance
// hangs off its registered filesystem type, not a global map.
func Of(k *vfs.Kernel) *FS {
	if t, ok := k.FileSystemType("devtmpfs").(fsType); ok {
		return t.fs
	}
	return nil
}

// Register adds devtmpfs to k with the standard drivers and their
// nodes: mem (null, zero, full, random, urandom), tty and console, the
// RAM disk ram0 and the tape st0/nst0. Mount it with
// p.Mount("devtmpfs", "/dev", "devtmpfs", 0, "").
func Register(k *vfs.Kernel, opts ...Option) (*FS, error) {
	cf := config{ramSize: defaultRAMSize, tapeSize: defaultTapeSize}
	for _, o := range opts {
		o(&cf)
	}
	fs := &FS{k: k, nodes: make(map[string]Node), inodes: make(map[string]*vfs.Inode)}
	fs.sb = vfs.NewSuperBlock(k, fsType{fs}, vfs.TMPFS_MAGIC, fs)
	r := &root{fs: fs}
	r.Init(fs.sb, r, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	fs.sb.SetRoot(&r.Inode)
	fs.mnt = k.KernMount(fs.sb)
	if err := k.RegisterFileSystem(fsType{fs}); err != nil {
		return nil, err
	}
	fs.Console = newConsole(cf.in, cf.out)
	fs.RAM = NewRAMDisk(cf.ramSize)
	fs.Tape = NewTape(cf.tapeSize)
	for _, step := range []func() error{
		func() error { return registerMem(k, fs) },
		func() error { return registerTTY(k, fs) },
		func() error { return registerRAM(k, fs) },
		func() error { return registerTape(k, fs) },
	} {
		if err := step(); err != nil {
			return nil, err
		}
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

// AddNode makes a node appear in /dev (device_create). The number need
// not be registered yet: opening it is ENXIO until it is. EEXIST for a
// name already taken, EINVAL for a name with a slash or a mode that is
// not a device's.
func (fs *FS) AddNode(n Node) error {
	if !validName(n.Name) || n.Mode&vfs.S_IFMT != vfs.S_IFCHR && n.Mode&vfs.S_IFMT != vfs.S_IFBLK {
		return vfs.EINVAL
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if _, ok := fs.nodes[n.Name]; ok || isLink(n.Name) {
		return vfs.EEXIST
	}
	fs.nodes[n.Name] = n
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
var links = map[string]string{
	"fd":     "/proc/self/fd",
	"stdin":  "/proc/self/fd/0",
	"stdout": "/proc/self/fd/1",
	"stderr": "/proc/self/fd/2",
}

func isLink(name string) bool { _, ok := links[name]; return ok }

// entry is one name in /dev: a node or a link.
type entry struct {
	name   string
	node   Node
	target string // for a link
}

// entries lists /dev by name: the explicit nodes, a node for every
// registered device range without one (named after the range: "foo"
// for a single number, "foo0", "foo1", ... for up to 256 minors), and
// the links. Any package that registers a driver thus gets a node.
func (fs *FS) entries() []entry {
	fs.mu.Lock()
	var out []entry
	taken := make(map[[2]uint64]bool)
	for _, n := range fs.nodes {
		out = append(out, entry{name: n.Name, node: n})
		taken[[2]uint64{uint64(n.Mode & vfs.S_IFMT), n.Rdev}] = true
	}
	fs.mu.Unlock()
	auto := func(devs []vfs.Device, typ uint32) {
		for _, d := range devs {
			if d.Name == "" || covered(taken, typ, d) {
				continue
			}
			for i := uint32(0); i < min(d.Count, 256); i++ {
				name := d.Name
				if d.Count > 1 {
					name += strconv.Itoa(int(d.Minor + i))
				}
				if validName(name) {
					out = append(out, entry{name: name, node: Node{Name: name, Mode: typ | 0o600, Rdev: vfs.Mkdev(d.Major, d.Minor+i)}})
				}
			}
		}
	}
	auto(fs.k.CharDevices(), vfs.S_IFCHR)
	auto(fs.k.BlockDevices(), vfs.S_IFBLK)
	for name, target := range links {
		out = append(out, entry{name: name, target: target})
	}
	slices.SortFunc(out, func(a, b entry) int { return cmp.Compare(a.name, b.name) })
	return slices.CompactFunc(out, func(a, b entry) bool { return a.name == b.name })
}

// covered reports whether an explicit node has a number in d's range.
func covered(taken map[[2]uint64]bool, typ uint32, d vfs.Device) bool {
	for k := range taken {
		if uint32(k[0]) == typ && vfs.Major(k[1]) == d.Major && vfs.Minor(k[1])-d.Minor < d.Count && vfs.Minor(k[1]) >= d.Minor {
			return true
		}
	}
	return false
}
