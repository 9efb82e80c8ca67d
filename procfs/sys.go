package procfs

import (
	"sync"

	"github.com/govfs/govfs/vfs"
)

// /proc/sys is the kernel's sysctl tree (vfs.Kernel.RegisterSysctl) as
// files, as proc_sys_root is in fs/proc/proc_sysctl.c: a directory for
// every inner node (0555), a file for every entry with the entry's mode,
// root's, size 0, its bytes made by the entry's Show at open and parsed
// by its Store at write. Nodes are made as lookups and getdents reach
// them, and kept, so a name keeps its inode number; an entry registered
// after the mount appears at its next lookup.

// sysDir is a directory of /proc/sys; path is its sysctl path ("" for
// /proc/sys itself, "net/core").
type sysDir struct {
	vfs.Inode
	noNewNames // names.go
	k          *vfs.Kernel
	path       string

	mu   sync.Mutex
	kids map[string]*vfs.Inode
}

var (
	_ vfs.Lookuper = (*sysDir)(nil)
	_ vfs.Opener   = (*sysDir)(nil)
)

// newSysDir makes the /proc/sys directory in sb: procfs's root gives
// it as the inode of "sys".
func newSysDir(sb *vfs.SuperBlock, k *vfs.Kernel) *vfs.Inode {
	return &makeSysDir(sb, k, "").Inode
}

func makeSysDir(sb *vfs.SuperBlock, k *vfs.Kernel, path string) *sysDir {
	d := &sysDir{k: k, path: path, kids: make(map[string]*vfs.Inode)}
	d.Init(sb, d, vfs.Attr{Mode: vfs.S_IFDIR | 0o555})
	d.DropNlinkKeep() // Linux's proc_sys directories have one link
	return d
}

// sysFile is one sysctl entry's file.
type sysFile struct {
	vfs.Inode
	vfs.GenFile
	parsed func(string) int // SysctlEntry.Parsed
}

var _ vfs.Opener = (*sysFile)(nil)

// Open is GenFile's, except that a write past the start of the file is
// accepted and ignored, as Linux's default sysctl_writes_strict=1 does:
// a value is one write at offset 0, and the rest of a split write must
// not be parsed as a value of its own.
func (s *sysFile) Open(f *vfs.File) (vfs.FileOperations, error) {
	seq, err := s.OpenSeq(f)
	if err != nil {
		return nil, err
	}
	return sysOpen{seq, s.parsed}, nil
}

type sysOpen struct {
	*vfs.SeqFile
	parsed func(string) int
}

var (
	_ vfs.Seeker   = sysOpen{}
	_ vfs.Releaser = sysOpen{}
)

func (o sysOpen) Write(f *vfs.File, src []byte, off *int64) (int, error) {
	if *off != 0 {
		*off += int64(len(src))
		return len(src), nil
	}
	n, err := o.SeqFile.Write(f, src, off)
	if err == nil && o.parsed != nil {
		if m := o.parsed(string(src)); m < n {
			*off -= int64(n - m)
			n = m
		}
	}
	return n, err
}

// Seek is default_llseek on an inode of size 0, as proc_sys_file_operations
// has: SEEK_END counts from 0, not from the snapshot's end, and there is
// no data to find.
func (o sysOpen) Seek(f *vfs.File, off int64, whence int) (int64, error) {
	switch whence {
	case vfs.SEEK_END:
		whence = vfs.SEEK_SET
	case vfs.SEEK_DATA, vfs.SEEK_HOLE:
		// default_llseek compares as signed: past the end is ENXIO, a
		// negative offset is EINVAL for SEEK_DATA and the end (0) for
		// SEEK_HOLE.
		if off >= 0 {
			return 0, vfs.ENXIO
		}
		if whence == vfs.SEEK_DATA {
			return 0, vfs.EINVAL
		}
		off, whence = 0, vfs.SEEK_SET
	}
	return o.SeqFile.Seek(f, off, whence)
}

func (d *sysDir) childPath(name string) string {
	if d.path == "" {
		return name
	}
	return d.path + "/" + name
}

// Lookup finds name in the sysctl tree.
func (d *sysDir) Lookup(name string) (*vfs.Inode, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.childLocked(name)
}

func (d *sysDir) childLocked(name string) (*vfs.Inode, error) {
	if in, ok := d.kids[name]; ok {
		return in, nil
	}
	p := d.childPath(name)
	var in *vfs.Inode
	if e, ok := d.k.LookupSysctl(p); ok {
		f := &sysFile{parsed: e.Parsed}
		f.Generate = func(b []byte) ([]byte, error) { return append(b, e.Show()...), nil }
		if e.Append != nil {
			f.Generate = func(b []byte) ([]byte, error) { return e.Append(b), nil }
		}
		if e.Store != nil {
			f.Store = func(b []byte) error { return e.Store(string(b)) }
		}
		f.Init(d.SuperBlock(), f, vfs.Attr{Mode: vfs.S_IFREG | e.Mode&0o7777})
		in = &f.Inode
	} else if _, ok := d.k.SysctlDir(p); ok {
		sub := makeSysDir(d.SuperBlock(), d.k, p)
		in = &sub.Inode
	} else {
		return nil, vfs.ENOENT
	}
	d.kids[name] = in
	return in, nil
}

// Open gives getdents the tree's listing of this directory.
func (d *sysDir) Open(*vfs.File) (vfs.FileOperations, error) { return sysDirOps{d}, nil }

// sysDirOps lists a sysDir. Cookies: 0 and 1 are "." and "..", 2+i the
// i-th name in sorted order.
type sysDirOps struct{ d *sysDir }

var (
	_ vfs.Iterater = sysDirOps{}
	_ vfs.Seeker   = sysDirOps{}
)

func (sysDirOps) Read(*vfs.File, []byte, *int64) (int, error)  { return 0, vfs.EISDIR }
func (sysDirOps) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EISDIR }

func (o sysDirOps) Iterate(f *vfs.File, ctx *vfs.DirContext) error {
	if !ctx.EmitDots(f) {
		return nil
	}
	names, _ := o.d.k.SysctlDir(o.d.path)
	for i := int(ctx.Pos) - 2; i < len(names); i++ {
		in, err := o.d.Lookup(names[i])
		if err != nil {
			continue
		}
		if !ctx.Emit(names[i], in.Ino(), vfs.DType(in.Mode()), int64(i)+3) {
			return nil
		}
	}
	return nil
}

func (sysDirOps) Seek(f *vfs.File, off int64, whence int) (int64, error) {
	return vfs.DirSeek(f, off, whence)
}
