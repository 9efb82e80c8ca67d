package sysfs

import (
	"sync"

	"github.com/govfs/govfs/vfs"
)

// The tree is built once, at Register, and never changes: kernfs nodes
// made up front, so getdents can give every name's inode number.

// dir is a sysfs directory: its names in order, and their inodes.
type dir struct {
	vfs.Inode
	mu     sync.Mutex
	names  []string
	inodes []*vfs.Inode
}

var (
	_ vfs.Lookuper = (*dir)(nil)
	_ vfs.Opener   = (*dir)(nil)
)

func newDir(sb *vfs.SuperBlock, mode uint32) *dir {
	d := &dir{}
	d.Init(sb, d, vfs.Attr{Mode: vfs.S_IFDIR | mode})
	return d
}

func (d *dir) add(name string, in *vfs.Inode) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.names = append(d.names, name)
	d.inodes = append(d.inodes, in)
	if in.IsDir() {
		d.IncNlink() // the child's ".."
	}
}

// subdir returns the directory name in d, made 0755 if it is missing.
func (d *dir) subdir(name string) *dir {
	if in, err := d.Lookup(name); err == nil {
		if sub, ok := in.Impl().(*dir); ok {
			return sub
		}
	}
	sub := newDir(d.SuperBlock(), 0o755)
	d.add(name, &sub.Inode)
	return sub
}

// Lookup is called by the path walk for a name the dentry cache lacks.
func (d *dir) Lookup(name string) (*vfs.Inode, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i, n := range d.names {
		if n == name {
			return d.inodes[i], nil
		}
	}
	return nil, vfs.ENOENT
}

// Open gives getdents the directory's own listing.
func (d *dir) Open(*vfs.File) (vfs.FileOperations, error) { return dirOps{d}, nil }

// dirOps lists a dir. Cookies: 0 and 1 are "." and "..", 2+i names[i].
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
	o.d.mu.Lock()
	names, inodes := o.d.names, o.d.inodes
	o.d.mu.Unlock()
	for i := int(ctx.Pos) - 2; i < len(names); i++ {
		if !ctx.Emit(names[i], inodes[i].Ino(), vfs.DType(inodes[i].Mode()), int64(i)+3) {
			return nil
		}
	}
	return nil
}

func (dirOps) Seek(f *vfs.File, off int64, whence int) (int64, error) {
	return vfs.DirSeek(f, off, whence)
}

// attr is an attribute file: size 4096, as kernfs reports every one.
type attr struct {
	vfs.Inode
	vfs.GenFile
}

// attrSize is what stat(2) says of any sysfs attribute (PAGE_SIZE).
const attrSize = 4096

var _ vfs.Opener = (*attr)(nil)

// Open is GenFile's with kernfs's lseek: generic_file_llseek on the
// inode's size, 4096, not on the bytes the attribute holds.
func (a *attr) Open(f *vfs.File) (vfs.FileOperations, error) {
	seq, err := a.OpenSeq(f)
	if err != nil {
		return nil, err
	}
	return attrOpen{seq}, nil
}

type attrOpen struct{ *vfs.SeqFile }

var _ vfs.Seeker = attrOpen{}

func (o attrOpen) Seek(f *vfs.File, off int64, whence int) (int64, error) {
	pos, err := o.SeqFile.Seek(f, 0, vfs.SEEK_CUR)
	if err != nil {
		return 0, err
	}
	if pos, err = vfs.GenericSeek(pos, attrSize, off, whence); err != nil {
		return 0, err
	}
	return o.SeqFile.Seek(f, pos, vfs.SEEK_SET)
}

func (d *dir) attr(name string, mode uint32, show func() string, store func(string) error) {
	a := &attr{}
	a.Generate = func(b []byte) ([]byte, error) { return append(b, show()...), nil }
	if store != nil {
		a.Store = func(b []byte) error { return store(string(b)) }
	}
	a.Init(d.SuperBlock(), a, vfs.Attr{Mode: vfs.S_IFREG | mode})
	a.Lock()
	a.SetSizeLocked(attrSize)
	a.Unlock()
	d.add(name, &a.Inode)
}

// symlink is a kernfs link: a relative target, size 0.
type symlink struct {
	vfs.Inode
	target string
}

var _ vfs.Readlinker = (*symlink)(nil)

func (l *symlink) Readlink() (string, error) { return l.target, nil }

func (d *dir) symlink(name, target string) {
	l := &symlink{target: target}
	l.Init(d.SuperBlock(), l, vfs.Attr{Mode: vfs.S_IFLNK | 0o777})
	d.add(name, &l.Inode)
}
