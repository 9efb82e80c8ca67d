package sockfs

import (
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/govfs/govfs/vfs"
)

// Linux's defaults for /proc/sys/net/core/{w,r}mem_{default,max}.
const (
	defaultBuf = 212992
	minSndbuf  = 4608 // SOCK_MIN_SNDBUF
	minRcvbuf  = 2304 // SOCK_MIN_RCVBUF
)

// FS is the sockfs instance of one kernel: registered, never mounted.
// Every socket's inode lives here, and so do the tables that find a
// unix socket by its name.
type FS struct {
	// WmemMax and RmemMax are net.core.wmem_max and rmem_max: the
	// largest SO_SNDBUF and SO_RCVBUF a setsockopt may ask for (before
	// the doubling).
	WmemMax atomic.Int64
	RmemMax atomic.Int64
	// WmemDefault and RmemDefault are net.core.wmem_default and
	// rmem_default: a new AF_UNIX or UDP socket's buffer sizes.
	// All four are registered in the kernel's sysctl tree.
	WmemDefault atomic.Int64
	RmemDefault atomic.Int64

	k   *vfs.Kernel
	sb  *vfs.SuperBlock
	mnt *vfs.Mount

	mu       sync.Mutex
	byInode  map[*vfs.Inode]*unixSock  // unix_find_socket_byinode
	abstract map[abstractKey]*unixSock // the abstract namespace
	byFile   map[*vfs.File]*unixSock   // what a passed File is, for the collector

	gc collector
}

// abstractKey is an abstract name with its socket type: Linux hashes
// the type into the name's bucket, so each type has its own names.
type abstractKey struct {
	typ  int
	name string
}

// fsType is the registered "sockfs" type; mount(2) of it is refused, as
// Linux refuses it (SB_NOUSER).
type fsType struct{}

func (fsType) Name() string { return "sockfs" }

func (fsType) Mount(*vfs.Kernel, string, uintptr, string) (*vfs.SuperBlock, error) {
	return nil, vfs.EINVAL
}

// families are the address families a kernel gets from Register.
// AF_UNIX is this package's; a sibling file adds another with an init
// that appends its registration here (AF_INET's inet.go).
var families = []func(k *vfs.Kernel, fs *FS) error{registerUnix}

func registerUnix(k *vfs.Kernel, fs *FS) error {
	return k.RegisterSocketFamily(vfs.AF_UNIX, unixFamily{fs})
}

// Register adds sockfs to k and registers its socket families, so that
// socket(2) and socketpair(2) make their Files here.
func Register(k *vfs.Kernel) (*FS, error) {
	if err := k.RegisterFileSystem(fsType{}); err != nil {
		return nil, err
	}
	fs := &FS{
		k:        k,
		byInode:  make(map[*vfs.Inode]*unixSock),
		abstract: make(map[abstractKey]*unixSock),
		byFile:   make(map[*vfs.File]*unixSock),
	}
	fs.WmemMax.Store(defaultBuf)
	fs.RmemMax.Store(defaultBuf)
	fs.WmemDefault.Store(defaultBuf)
	fs.RmemDefault.Store(defaultBuf)
	if err := registerSysctls(k, fs); err != nil {
		return nil, err
	}
	fs.gc.inflight = make(map[*unixSock]struct{})
	fs.sb = vfs.NewSuperBlock(k, fsType{}, vfs.SOCKFS_MAGIC, fs)
	root := &sockInode{}
	root.Init(fs.sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	fs.sb.SetRoot(&root.Inode)
	fs.mnt = k.KernMount(fs.sb)
	for _, reg := range families {
		if err := reg(k, fs); err != nil {
			return nil, err
		}
	}
	return fs, nil
}

// sockInode is a socket's inode (struct socket_alloc's vfs_inode).
type sockInode struct {
	vfs.Inode
}

// NewFile makes the File of a new socket (sock_alloc + sock_alloc_file):
// an inode S_IFSOCK|0777 owned by c's fsuid and fsgid, and an O_RDWR
// File named "socket:[ino]" with ops. Every family of this package
// makes its Files here.
func (fs *FS) NewFile(c *vfs.Cred, ops vfs.SocketOperations, nonblock bool) *vfs.File {
	uid, gid := c.Owner()
	in := &sockInode{}
	in.Init(fs.sb, in, vfs.Attr{Mode: vfs.S_IFSOCK | 0o777, Uid: uid, Gid: gid})
	name := "socket:[" + strconv.FormatUint(in.Ino(), 10) + "]"
	flags := vfs.O_RDWR
	if nonblock {
		flags |= vfs.O_NONBLOCK
	}
	f := vfs.NewPseudoFile(fs.mnt, &in.Inode, name, flags, ops)
	f.SetCred(c)
	return f
}
