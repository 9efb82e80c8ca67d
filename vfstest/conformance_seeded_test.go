package vfstest_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// A writable backend whose new instances start with Content: the kit
// checks the content, and runs the behaviours that write in a directory
// of their own beside it, so that the content gets in no behaviour's
// way.
func TestFileSystemWithContentOnAWritableBackend(t *testing.T) {
	vfstest.TestFileSystem(t, seededFS{}, "", vfstest.Content(seededContent...))
}

var seededContent = []vfstest.Entry{
	{Path: "seed.txt", Mode: vfs.S_IFREG | 0o644, Data: "seeded\n"},
	{Path: "seed.d", Mode: vfs.S_IFDIR | 0o755},
	{Path: "seed.d/inner", Mode: vfs.S_IFREG | 0o640, Data: "inner\n"},
	{Path: "seed.link", Mode: vfs.S_IFLNK | 0o777, Target: "seed.txt"},
}

// seededFS starts with seededContent, held in tableDirs (a name table of
// their own, served through Lookuper and Iterate, as a disk filesystem
// holds its directories). New directories are cacheDirs, whose names
// live in the dentry cache only, like tmpfs's.
type seededFS struct{}

func (seededFS) Name() string { return "seeded" }

func (seededFS) Mount(k *vfs.Kernel, _ string, _ uintptr, _ string) (*vfs.SuperBlock, error) {
	sb := vfs.NewSuperBlock(k, seededFS{}, 0x73656564, nil)
	root := newTableDir(sb, 0o755)
	sub := newTableDir(sb, 0o755)
	root.add("seed.txt", newSeedFile(sb, 0o644, "seeded\n"))
	root.add("seed.d", &sub.Inode)
	root.IncNlink()
	sub.add("inner", newSeedFile(sb, 0o640, "inner\n"))
	l := &seedLink{target: "seed.txt"}
	l.Init(sb, l, vfs.Attr{Mode: vfs.S_IFLNK | 0o777})
	l.Lock()
	l.SetSizeLocked(int64(len(l.target)))
	l.Unlock()
	root.add("seed.link", &l.Inode)
	sb.SetRoot(&root.Inode)
	return sb, nil
}

// tableDir lists its own entries; cookies only grow, so a listing that
// runs while names come and go never repeats or skips one that stays.
type tableDir struct {
	vfs.Inode
	mu      sync.Mutex
	entries []tableEntry // by cookie
	next    int64
}

type tableEntry struct {
	name   string
	inode  *vfs.Inode
	cookie int64
}

func newTableDir(sb *vfs.SuperBlock, perm uint32) *tableDir {
	d := &tableDir{next: 2}
	d.Init(sb, d, vfs.Attr{Mode: vfs.S_IFDIR | perm})
	return d
}

func (d *tableDir) add(name string, in *vfs.Inode) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.entries = append(d.entries, tableEntry{name, in, d.next})
	d.next++
}

func (d *tableDir) Lookup(name string) (*vfs.Inode, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if i := slices.IndexFunc(d.entries, func(e tableEntry) bool { return e.name == name }); i >= 0 {
		return d.entries[i].inode, nil
	}
	return nil, vfs.ENOENT
}

// Mkdir makes a cacheDir, the kind the kit's directory for the
// behaviours that write is, and enters it in the table.
func (d *tableDir) Mkdir(dentry *vfs.Dentry, a vfs.Attr) (*vfs.Inode, error) {
	sub := newCacheDir(d.SuperBlock(), a)
	d.add(dentry.Name(), &sub.Inode)
	d.IncNlink()
	d.Touch("mc")
	return &sub.Inode, nil
}

func (d *tableDir) Open(*vfs.File) (vfs.FileOperations, error) { return tableDirOps{d}, nil }

type tableDirOps struct{ d *tableDir }

func (tableDirOps) Read(*vfs.File, []byte, *int64) (int, error)  { return 0, vfs.EISDIR }
func (tableDirOps) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EISDIR }

func (tableDirOps) Seek(f *vfs.File, off int64, whence int) (int64, error) {
	return vfs.DirSeek(f, off, whence)
}

func (o tableDirOps) Iterate(f *vfs.File, ctx *vfs.DirContext) error {
	if !ctx.EmitDots(f) {
		return nil
	}
	o.d.mu.Lock()
	entries := slices.Clone(o.d.entries)
	o.d.mu.Unlock()
	for _, e := range entries {
		if e.cookie < ctx.Pos {
			continue
		}
		if !ctx.Emit(e.name, e.inode.Ino(), vfs.DType(e.inode.Mode()), e.cookie+1) {
			return nil
		}
	}
	return nil
}

// cacheDir is a directory whose names live in the dentry cache.
type cacheDir struct{ vfs.Inode }

func newCacheDir(sb *vfs.SuperBlock, a vfs.Attr) *cacheDir {
	d := &cacheDir{}
	d.Init(sb, d, a)
	return d
}

func (d *cacheDir) Create(_ *vfs.Dentry, a vfs.Attr) (*vfs.Inode, error) {
	f := &seedFile{}
	f.Init(d.SuperBlock(), f, a)
	d.Touch("mc")
	return &f.Inode, nil
}

func (d *cacheDir) Mkdir(_ *vfs.Dentry, a vfs.Attr) (*vfs.Inode, error) {
	sub := newCacheDir(d.SuperBlock(), a)
	d.IncNlink()
	d.Touch("mc")
	return &sub.Inode, nil
}

func (d *cacheDir) Symlink(_ *vfs.Dentry, target string, a vfs.Attr) (*vfs.Inode, error) {
	l := &seedLink{target: target}
	l.Init(d.SuperBlock(), l, a)
	l.Lock()
	l.SetSizeLocked(int64(len(target)))
	l.Unlock()
	d.Touch("mc")
	return &l.Inode, nil
}

func (d *cacheDir) Link(old *vfs.Dentry, _ *vfs.Dentry) error {
	vfs.SimpleLink(old, &d.Inode)
	return nil
}

func (d *cacheDir) Unlink(victim *vfs.Dentry) error {
	vfs.SimpleUnlink(&d.Inode, victim)
	return nil
}

func (d *cacheDir) Rmdir(victim *vfs.Dentry) error {
	vfs.SimpleRmdir(&d.Inode, victim)
	return nil
}

func (d *cacheDir) Rename(old *vfs.Dentry, newDir *vfs.Inode, new *vfs.Dentry, flags uint) error {
	return vfs.SimpleRename(&d.Inode, old, newDir, new, flags)
}

// seedFile is a regular file in memory.
type seedFile struct {
	vfs.Inode
	data []byte
}

func newSeedFile(sb *vfs.SuperBlock, perm uint32, data string) *vfs.Inode {
	f := &seedFile{data: []byte(data)}
	f.Init(sb, f, vfs.Attr{Mode: vfs.S_IFREG | perm})
	f.Lock()
	f.SetSizeLocked(int64(len(data)))
	f.Unlock()
	return &f.Inode
}

func (f *seedFile) Read(_ *vfs.File, dst []byte, off *int64) (int, error) {
	f.Lock()
	defer f.Unlock()
	if *off >= int64(len(f.data)) {
		return 0, nil
	}
	n := copy(dst, f.data[*off:])
	*off += int64(n)
	return n, nil
}

func (f *seedFile) Write(file *vfs.File, src []byte, off *int64) (int, error) {
	f.Lock()
	defer f.Unlock()
	file.Append(off)
	end := *off + int64(len(src))
	if end > int64(len(f.data)) {
		f.data = append(f.data, make([]byte, end-int64(len(f.data)))...)
	}
	copy(f.data[*off:], src)
	*off = end
	f.SetSizeLocked(int64(len(f.data)))
	f.TouchLocked("mc")
	return len(src), nil
}

func (f *seedFile) Truncate(size int64) error {
	f.Lock()
	defer f.Unlock()
	if size <= int64(len(f.data)) {
		f.data = f.data[:size]
	} else {
		f.data = append(f.data, make([]byte, size-int64(len(f.data)))...)
	}
	f.SetSizeLocked(size)
	f.TouchLocked("mc")
	return nil
}

type seedLink struct {
	vfs.Inode
	target string
}

func (l *seedLink) Readlink() (string, error) { return l.target, nil }
