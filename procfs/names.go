package procfs

import (
	"github.com/govfs/govfs/vfs"
)

// noNewNames is embedded in procfs's directories. Linux's proc lookups
// answer a missing name with the error ENOENT rather than a negative
// dentry, so a create, mkdir, mknod or symlink there fails with ENOENT
// before any permission check, for every uid, and a rename whose
// target is missing fails the same way (vfs.NoNegatives); one whose
// target exists meets the missing rename method, EPERM. The create
// methods say ENOENT too, should a caller reach them.
type noNewNames struct{}

// NoNegatives marks the lookups as proc_lookup's: no negative dentries.
func (noNewNames) NoNegatives() {}

func (noNewNames) Create(*vfs.Dentry, vfs.Attr) (*vfs.Inode, error) { return nil, vfs.ENOENT }
func (noNewNames) Mkdir(*vfs.Dentry, vfs.Attr) (*vfs.Inode, error)  { return nil, vfs.ENOENT }
func (noNewNames) Mknod(*vfs.Dentry, vfs.Attr) (*vfs.Inode, error)  { return nil, vfs.ENOENT }
func (noNewNames) Symlink(*vfs.Dentry, string, vfs.Attr) (*vfs.Inode, error) {
	return nil, vfs.ENOENT
}

func (noNewNames) Rename(_ *vfs.Dentry, _ *vfs.Inode, target *vfs.Dentry, _ uint) error {
	if target.Inode() == nil {
		return vfs.ENOENT
	}
	return vfs.EPERM
}

var (
	_ vfs.NoNegatives = noNewNames{}
	_ vfs.Creater     = noNewNames{}
	_ vfs.Mkdirer     = noNewNames{}
	_ vfs.Mknoder     = noNewNames{}
	_ vfs.Symlinker   = noNewNames{}
	_ vfs.Renamer     = noNewNames{}
)

// A /proc/sys directory refuses writes to itself even to root
// (proc_sys_permission: MAY_WRITE on a directory is EACCES), so
// removing or renaming an entry that is there is EACCES. The directory's
// Permission (perm.go) says so before these are reached.

func (d *sysDir) Unlink(*vfs.Dentry) error { return vfs.EACCES }
func (d *sysDir) Rmdir(*vfs.Dentry) error  { return vfs.EACCES }

func (d *sysDir) Rename(_ *vfs.Dentry, _ *vfs.Inode, target *vfs.Dentry, _ uint) error {
	if target.Inode() == nil {
		return vfs.ENOENT
	}
	return vfs.EACCES
}

var (
	_ vfs.Unlinker = (*sysDir)(nil)
	_ vfs.Rmdirer  = (*sysDir)(nil)
)
