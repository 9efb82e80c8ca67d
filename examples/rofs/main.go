// Command rofs is a read-only filesystem: a fixed tree of files,
// directories and symlinks, compiled in, as an ISO image or a squashfs
// would hold it. It shows the two things a read-only backend does
// differently (see main_test.go for the conformance kit run on it):
//
//   - It refuses to be mounted read-write. Mount answers EACCES without
//     MS_RDONLY, as Linux's get_tree_bdev does for a read-only device
//     (mount(8) then retries with -o ro), and so does a remount that
//     would make it writable. On a read-only mount the VFS itself answers
//     EROFS for every call that would change the tree, before it asks the
//     backend.
//
//   - Its names are not made by create or mkdir, so they are not in the
//     dentry cache: each directory implements vfs.Lookuper, which the
//     path walk calls on a cache miss, and vfs.Iterater for getdents.
//
//     go run ./examples/rofs
package main

import (
	"fmt"
	"log"
	"path"
	"slices"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// Node is one object of the tree.
type Node struct {
	Path   string // "docs/guide.txt"; every directory on it is a Node too
	Mode   uint32 // vfs.S_IFREG|0o644, vfs.S_IFDIR|0o755 or vfs.S_IFLNK|0o777
	Data   string // a file's bytes
	Target string // a symlink's target
}

// FileSystemType is "rofs": every mount serves Tree.
type FileSystemType struct{ Tree []Node }

var _ vfs.FileSystemType = FileSystemType{}

func (FileSystemType) Name() string { return "rofs" }

// Mount builds every inode up front, so that getdents can report inode
// numbers for names that no lookup has asked for yet.
func (t FileSystemType) Mount(k *vfs.Kernel, source string, flags uintptr, data string) (*vfs.SuperBlock, error) {
	if flags&vfs.MS_RDONLY == 0 {
		return nil, vfs.EACCES // a read-only medium: mount it with -o ro
	}
	if data != "" {
		return nil, vfs.EINVAL
	}
	sb := vfs.NewSuperBlock(k, t, 0x726f6673, readOnlySuper{}) // f_type "rofs"
	root := &dir{}
	root.Init(sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	dirs := map[string]*dir{".": root}
	for _, n := range t.Tree {
		parent, ok := dirs[path.Dir(n.Path)]
		if !ok {
			return nil, vfs.EINVAL // a node below a directory the tree lacks
		}
		var ino *vfs.Inode
		switch n.Mode & vfs.S_IFMT {
		case vfs.S_IFDIR:
			d := &dir{}
			d.Init(sb, d, vfs.Attr{Mode: n.Mode})
			dirs[n.Path], ino = d, &d.Inode
			parent.IncNlink() // the child's ".."
		case vfs.S_IFREG:
			f := &file{data: n.Data}
			f.Init(sb, f, vfs.Attr{Mode: n.Mode})
			f.Lock()
			f.SetSizeLocked(int64(len(n.Data)))
			f.Unlock()
			ino = &f.Inode
		case vfs.S_IFLNK:
			l := &symlink{target: n.Target}
			l.Init(sb, l, vfs.Attr{Mode: n.Mode})
			l.Lock()
			l.SetSizeLocked(int64(len(n.Target)))
			l.Unlock()
			ino = &l.Inode
		default:
			return nil, vfs.EINVAL
		}
		parent.names = append(parent.names, path.Base(n.Path))
		parent.inodes = append(parent.inodes, ino)
	}
	sb.SetRoot(&root.Inode)
	return sb, nil
}

// readOnlySuper refuses a remount that would make the filesystem
// writable.
type readOnlySuper struct{}

func (readOnlySuper) Remount(flags uintptr, data string) error {
	if flags&vfs.MS_RDONLY == 0 {
		return vfs.EACCES
	}
	return nil
}

// dir is a directory: its names in the tree's order, and their inodes.
// They never change, so no lock guards them.
type dir struct {
	vfs.Inode
	names  []string
	inodes []*vfs.Inode
}

var (
	_ vfs.Lookuper = (*dir)(nil)
	_ vfs.Opener   = (*dir)(nil)
)

// Lookup is called by the path walk for a name the dentry cache lacks.
func (d *dir) Lookup(name string) (*vfs.Inode, error) {
	if i := slices.Index(d.names, name); i >= 0 {
		return d.inodes[i], nil
	}
	return nil, vfs.ENOENT
}

// Open gives getdents this directory's own listing: the dentry cache
// holds only the names looked up so far.
func (d *dir) Open(*vfs.File) (vfs.FileOperations, error) { return dirOps{d}, nil }

// dirOps lists a dir. Cookies: 0 and 1 are "." and "..", 2+i is names[i].
type dirOps struct{ d *dir }

var (
	_ vfs.Iterater = dirOps{}
	_ vfs.Seeker   = dirOps{}
)

func (dirOps) Read(*vfs.File, []byte, *int64) (int, error)  { return 0, vfs.EISDIR }
func (dirOps) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EISDIR }

func (o dirOps) Iterate(f *vfs.File, ctx *vfs.DirContext) error {
	if !ctx.EmitDots(f) {
		return nil
	}
	for i := int(ctx.Pos) - 2; i < len(o.d.names); i++ {
		ino := o.d.inodes[i]
		if !ctx.Emit(o.d.names[i], ino.Ino(), vfs.DType(ino.Mode()), int64(i)+3) {
			return nil
		}
	}
	return nil
}

func (dirOps) Seek(f *vfs.File, off int64, whence int) (int64, error) {
	return vfs.DirSeek(f, off, whence)
}

// file is a regular file's bytes, which never change.
type file struct {
	vfs.Inode
	data string
}

var _ vfs.FileOperations = (*file)(nil)

func (f *file) Read(_ *vfs.File, dst []byte, off *int64) (int, error) {
	if *off >= int64(len(f.data)) {
		return 0, nil
	}
	n := copy(dst, f.data[*off:])
	*off += int64(n)
	return n, nil
}

// Write is never reached: on a read-only mount open(2) for writing is
// EROFS.
func (f *file) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EROFS }

// symlink is a symbolic link.
type symlink struct {
	vfs.Inode
	target string
}

var _ vfs.Readlinker = (*symlink)(nil)

func (l *symlink) Readlink() (string, error) { return l.target, nil }

// Tree is what the example serves.
var Tree = []Node{
	{Path: "README", Mode: vfs.S_IFREG | 0o644, Data: "rofs serves a tree that never changes.\n"},
	{Path: "docs", Mode: vfs.S_IFDIR | 0o755},
	{Path: "docs/guide.txt", Mode: vfs.S_IFREG | 0o644, Data: "mount -t rofs -o ro rofs /mnt\n"},
	{Path: "docs/empty", Mode: vfs.S_IFREG | 0o444},
	{Path: "latest", Mode: vfs.S_IFLNK | 0o777, Target: "docs/guide.txt"},
	{Path: "private", Mode: vfs.S_IFDIR | 0o700},
	{Path: "private/key", Mode: vfs.S_IFREG | 0o600, Data: "secret\n"},
}

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	k, err := govfs.Boot()
	if err != nil {
		return err
	}
	defer k.Shutdown()
	p := k.Init()
	if err := k.RegisterFileSystem(FileSystemType{Tree: Tree}); err != nil {
		return err
	}
	if err := p.Mkdir("/mnt", 0o755); err != nil {
		return err
	}
	err = p.Mount("rofs", "/mnt", "rofs", 0, "")
	fmt.Printf("mount -t rofs rofs /mnt = %s: rofs's Mount refuses to be writable\n", vfs.ErrnoOf(err).Name())
	if err := p.Mount("rofs", "/mnt", "rofs", vfs.MS_RDONLY, ""); err != nil {
		return err
	}
	fmt.Println("mount -t rofs -o ro rofs /mnt = 0")
	fd, err := p.Open("/mnt/latest", vfs.O_RDONLY, 0)
	if err != nil {
		return err
	}
	buf := make([]byte, 100)
	n, err := p.Read(fd, buf)
	if err != nil {
		return err
	}
	fmt.Printf("read(/mnt/latest) = %q: the walk missed \"latest\" and \"guide.txt\" in the dentry cache and asked dir.Lookup\n", buf[:n])
	_, err = p.Open("/mnt/README", vfs.O_WRONLY, 0)
	fmt.Printf("open(/mnt/README, O_WRONLY) = %s: the VFS answers for the read-only mount\n", vfs.ErrnoOf(err).Name())
	err = p.Mkdir("/mnt/new", 0o755)
	fmt.Printf("mkdir(/mnt/new) = %s\n", vfs.ErrnoOf(err).Name())
	return p.Close(fd)
}
