package tmpfs

import "github.com/govfs/govfs/vfs"

// dir is a directory. Its names live in the dentry cache (there is no
// Lookuper), so it holds no state of its own: the libfs helpers keep
// link counts and times, and dirSize keeps the size Linux's tmpfs shows
// (20 bytes per entry, BOGO_DIRENT_SIZE).
type dir struct {
	vfs.Inode
}

var (
	_ vfs.Creater   = (*dir)(nil)
	_ vfs.Mkdirer   = (*dir)(nil)
	_ vfs.Mknoder   = (*dir)(nil)
	_ vfs.Symlinker = (*dir)(nil)
	_ vfs.Linker    = (*dir)(nil)
	_ vfs.Unlinker  = (*dir)(nil)
	_ vfs.Rmdirer   = (*dir)(nil)
	_ vfs.Renamer   = (*dir)(nil)
	_ vfs.TmpFiler  = (*dir)(nil)
)

const bogoDirent = 20

func (s *super) newDir(a vfs.Attr) (*dir, error) {
	if err := s.reserve(0, 1); err != nil {
		return nil, err
	}
	d := &dir{}
	d.Init(s.sb, d, a)
	d.Lock()
	d.SetSizeLocked(2 * bogoDirent)
	d.Unlock()
	return d, nil
}

// grow adds n entries' worth to the size and, for a new object, marks
// the directory changed (the vfs helpers already do for link, unlink,
// rmdir and rename).
func (d *dir) grow(n int64, touch bool) {
	var now int64
	if touch {
		now = d.SuperBlock().Now()
	}
	d.growAt(n, now)
}

// growAt is grow with the change time given (0: no change of times):
// a new object's parent changes at the new object's ctime.
func (d *dir) growAt(n int64, now int64) {
	d.Lock()
	d.SetSizeLocked(d.SizeLocked() + n*bogoDirent)
	if now != 0 {
		d.TouchAtLocked("mc", now)
	}
	d.Unlock()
}

func (d *dir) super() *super { return superOf(&d.Inode) }

func (d *dir) Create(_ *vfs.Dentry, a vfs.Attr) (*vfs.Inode, error) {
	f, err := d.super().newRegular(a)
	if err != nil {
		return nil, err
	}
	d.growAt(1, f.Ctime())
	return &f.Inode, nil
}

func (d *dir) Tmpfile(a vfs.Attr) (*vfs.Inode, error) {
	f, err := d.super().newRegular(a)
	if err != nil {
		return nil, err
	}
	return &f.Inode, nil
}

func (d *dir) Mkdir(_ *vfs.Dentry, a vfs.Attr) (*vfs.Inode, error) {
	sub, err := d.super().newDir(a)
	if err != nil {
		return nil, err
	}
	d.IncNlink()
	d.grow(1, true)
	return &sub.Inode, nil
}

func (d *dir) Mknod(_ *vfs.Dentry, a vfs.Attr) (*vfs.Inode, error) {
	if err := d.super().reserve(0, 1); err != nil {
		return nil, err
	}
	n := &special{}
	if a.Mode&vfs.S_IFMT != vfs.S_IFCHR && a.Mode&vfs.S_IFMT != vfs.S_IFBLK {
		a.Rdev = 0
	}
	n.Init(d.SuperBlock(), n, a)
	d.grow(1, true)
	return &n.Inode, nil
}

func (d *dir) Symlink(_ *vfs.Dentry, target string, a vfs.Attr) (*vfs.Inode, error) {
	if err := d.super().reserve(0, 1); err != nil {
		return nil, err
	}
	l := &symlink{target: target}
	l.Init(d.SuperBlock(), l, a)
	l.Lock()
	l.SetSizeLocked(int64(len(target)))
	l.Unlock()
	d.grow(1, true)
	return &l.Inode, nil
}

// Link spends an inode of nr_inodes on the new name, as shmem_link
// does: a hard link costs what a file costs.
func (d *dir) Link(old *vfs.Dentry, _ *vfs.Dentry) error {
	if err := d.super().reserve(0, 1); err != nil {
		return err
	}
	vfs.SimpleLink(old, &d.Inode)
	d.grow(1, false)
	return nil
}

func (d *dir) Unlink(victim *vfs.Dentry) error {
	d.dropLinkInode(victim)
	vfs.SimpleUnlink(&d.Inode, victim)
	d.grow(-1, false)
	return nil
}

// dropLinkInode gives back the inode a second name spent (shmem_unlink).
func (d *dir) dropLinkInode(victim *vfs.Dentry) {
	if in := victim.Inode(); !in.IsDir() && in.Nlink() > 1 {
		d.super().reserve(0, -1)
	}
}

func (d *dir) Rmdir(victim *vfs.Dentry) error {
	vfs.SimpleRmdir(&d.Inode, victim)
	d.grow(-1, false)
	return nil
}

func (d *dir) Rename(old *vfs.Dentry, newDir *vfs.Inode, new *vfs.Dentry, flags uint) error {
	if new.Inode() != nil && flags&vfs.RENAME_EXCHANGE == 0 {
		d.dropLinkInode(new)
	}
	if err := vfs.SimpleRename(&d.Inode, old, newDir, new, flags); err != nil {
		return err
	}
	if flags&vfs.RENAME_EXCHANGE == 0 {
		d.grow(-1, false)
		if new.Inode() == nil {
			newDir.Impl().(*dir).grow(1, false)
		}
	}
	return nil
}

func (d *dir) Evict() { d.super().reserve(0, -1) }
