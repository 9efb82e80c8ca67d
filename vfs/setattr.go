package vfs

// SetattrChecker is implemented by inodes that may refuse an attribute
// change — the mode of chmod(2), the owner of chown(2), the times of
// utimensat(2) — before the generic checks, as an inode_operations'
// setattr can. valid says what the call changes (ATTR_MODE, ATTR_UID,
// ATTR_GID, ATTR_ATIME, ATTR_MTIME or'd; chown(f, -1, -1) changes
// neither owner), so that a backend refuses only what it keeps:
// anon_inodefs's shared inode says EOPNOTSUPP to all of them
// (anon_inode_setattr, Linux 6.15), so no one, root included, changes
// the inode every eventfd and epoll fd shares; procfs's pid files
// refuse a mode (proc_setattr), /proc/sys a mode or an owner
// (proc_sys_setattr), both EPERM. chmod and chown ask it right after the
// read-only mount check, before whether the caller owns the inode;
// utimensat after its own permission checks, as the host orders them.
// Missing, the generic rules apply.
type SetattrChecker interface {
	CheckSetattr(valid uint) error
}

// What a setattr changes (ATTR_* in include/linux/fs.h).
const (
	ATTR_MODE  = 1 << 0
	ATTR_UID   = 1 << 1
	ATTR_GID   = 1 << 2
	ATTR_ATIME = 1 << 4
	ATTR_MTIME = 1 << 5
)

// checkSetattr asks the inode's SetattrChecker, if it has one.
func checkSetattr(i *Inode, valid uint) error {
	if c, ok := i.impl.(SetattrChecker); ok {
		return c.CheckSetattr(valid)
	}
	return nil
}
