package vfs

import (
	"sort"
	"sync"
)

// Registries: how backends plug into the core without the core
// importing them. Each is keyed the way Linux keys it, and a second
// registration of a taken key is EBUSY (register_chrdev_region) or
// EEXIST (a filesystem type, a socket family), never a silent swap.
//
//	open(2) of an S_IFCHR inode ──rdev──▶ chrdevs[major:minor] ──▶ driver.OpenSpecial
//	open(2) of an S_IFBLK inode ──rdev──▶ blkdevs[major:minor] ──▶ driver.OpenSpecial
//	open(2) of an S_IFIFO inode ─────────▶ the FIFO opener (pipefs)
//	socket(2), socketpair(2) ───domain──▶ families[AF_*]        ──▶ family.Socket

// SpecialOpener opens a special inode (a FIFO, a device node) on behalf
// of open(2), after the VFS checked the inode's permission bits and the
// mount's nodev: pipefs registers one for FIFOs, drivers one for each
// range of device numbers (chrdev_open, blkdev_open, fifo_open).
type SpecialOpener interface {
	// OpenSpecial gives the File its operations; t is the opening
	// process, for an open that must wait (Process.Block) or that
	// depends on the caller (/dev/tty).
	OpenSpecial(f *File, t *Process) (FileOperations, error)
}

// Device is one registered range of device numbers: minors
// [Minor, Minor+Count) of Major, served by one driver.
type Device struct {
	Name         string // as /proc/devices lists it: "mem", "tty", "ramdisk"
	Major, Minor uint32
	Count        uint32
	Driver       SpecialOpener
}

// devRegistry is the char or the block device table (cdev_map).
type devRegistry struct {
	mu   sync.RWMutex
	devs []Device // sorted by (Major, Minor)
}

func (r *devRegistry) register(d Device) error {
	if d.Count == 0 || d.Driver == nil || uint64(d.Minor)+uint64(d.Count) > 1<<20 || d.Major >= 1<<12 {
		return EINVAL
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.devs {
		if x.Major == d.Major && d.Minor < x.Minor+x.Count && x.Minor < d.Minor+d.Count {
			return EBUSY
		}
	}
	r.devs = append(r.devs, d)
	sort.Slice(r.devs, func(i, j int) bool {
		a, b := r.devs[i], r.devs[j]
		return a.Major < b.Major || a.Major == b.Major && a.Minor < b.Minor
	})
	return nil
}

func (r *devRegistry) lookup(rdev uint64) SpecialOpener {
	major, minor := Major(rdev), Minor(rdev)
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, x := range r.devs {
		if x.Major == major && minor >= x.Minor && minor-x.Minor < x.Count {
			return x.Driver
		}
	}
	return nil
}

func (r *devRegistry) list() []Device {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]Device(nil), r.devs...)
}

// RegisterCharDevice makes opens of character device inodes whose
// number is in d's range go to d.Driver (register_chrdev_region +
// cdev_add). EBUSY if any number of the range is taken, EINVAL for an
// empty range or a number Linux cannot encode.
func (k *Kernel) RegisterCharDevice(d Device) error {
	if err := k.chrdevs.register(d); err != nil {
		return err
	}
	k.deviceAdded(S_IFCHR, d)
	return nil
}

// RegisterBlockDevice is RegisterCharDevice for block devices.
func (k *Kernel) RegisterBlockDevice(d Device) error {
	if err := k.blkdevs.register(d); err != nil {
		return err
	}
	k.deviceAdded(S_IFBLK, d)
	return nil
}

// OnRegisterDevice calls f for every device range registered from now
// on, typ S_IFCHR or S_IFBLK, once the range is in its registry and on
// the goroutine that registered it: devtmpfs makes the nodes of a new
// device this way (device_add → devtmpfs_create_node). The ranges
// registered before are in CharDevices and BlockDevices.
func (k *Kernel) OnRegisterDevice(f func(typ uint32, d Device)) {
	k.hooks.mu.Lock()
	defer k.hooks.mu.Unlock()
	k.hooks.devAdded = append(k.hooks.devAdded, f)
}

func (k *Kernel) deviceAdded(typ uint32, d Device) {
	k.hooks.mu.Lock()
	fs := k.hooks.devAdded
	k.hooks.mu.Unlock()
	for _, f := range fs {
		f(typ, d)
	}
}

// CharDevices lists the registered character device ranges, by number.
func (k *Kernel) CharDevices() []Device { return k.chrdevs.list() }

// BlockDevices lists the registered block device ranges, by number.
func (k *Kernel) BlockDevices() []Device { return k.blkdevs.list() }

// RegisterFIFO makes opens of FIFO inodes go to o; pipefs registers
// itself. EBUSY if a FIFO opener is already registered.
func (k *Kernel) RegisterFIFO(o SpecialOpener) error {
	k.hooks.mu.Lock()
	defer k.hooks.mu.Unlock()
	if k.hooks.fifo != nil {
		return EBUSY
	}
	k.hooks.fifo = o
	return nil
}

// specialOpener finds who opens a special inode: the FIFO opener, or
// the driver registered for the device number (nil: ENXIO).
func (k *Kernel) specialOpener(inode *Inode) SpecialOpener {
	switch inode.fileType() {
	case S_IFIFO:
		k.hooks.mu.Lock()
		defer k.hooks.mu.Unlock()
		return k.hooks.fifo
	case S_IFCHR:
		return k.chrdevs.lookup(inode.Rdev())
	case S_IFBLK:
		return k.blkdevs.lookup(inode.Rdev())
	}
	return nil
}

// SocketFamily makes the sockets of one address family (struct
// net_proto_family): sockfs registers AF_UNIX, a loopback AF_INET. The
// core has validated the arguments it can and stripped SOCK_NONBLOCK and
// SOCK_CLOEXEC from typ; the family gives the File its flags.
type SocketFamily interface {
	// Socket makes one socket File (__sock_create); an unknown type is
	// ESOCKTNOSUPPORT, an unknown protocol EPROTONOSUPPORT.
	Socket(p *Process, typ, proto int, nonblock bool) (*File, error)
	// Socketpair makes two connected sockets; a family without pairs
	// says EOPNOTSUPP, as AF_INET does.
	Socketpair(p *Process, typ, proto int, nonblock bool) (*File, *File, error)
}

// RegisterSocketFamily makes socket(2) for domain go to f
// (sock_register). EEXIST if the domain is taken, EINVAL if it is not
// below AF_MAX.
func (k *Kernel) RegisterSocketFamily(domain int, f SocketFamily) error {
	if domain <= AF_UNSPEC || domain >= AF_MAX || f == nil {
		return EINVAL
	}
	k.hooks.mu.Lock()
	defer k.hooks.mu.Unlock()
	if k.hooks.families == nil {
		k.hooks.families = make(map[int]SocketFamily)
	}
	if k.hooks.families[domain] != nil {
		return EEXIST
	}
	k.hooks.families[domain] = f
	return nil
}

func (k *Kernel) socketFamily(domain int) SocketFamily {
	k.hooks.mu.Lock()
	defer k.hooks.mu.Unlock()
	return k.hooks.families[domain]
}
