package vfs

// Permissioner is implemented by inodes whose access rule is more than
// their mode bits (inode_operations.permission): /proc/PID/fdinfo asks
// the ptrace rule before the bits, /proc/sys's entries refuse root a
// write their sysctl does not allow. The core asks it wherever it checks
// access (open, access(2), truncate, exec, and write and search on a
// directory to create, remove or rename in it) instead of the mode
// bits; it may call GenericPermission for them. mask is R_OK, W_OK and
// X_OK or'd (MAY_READ, MAY_WRITE, MAY_EXEC).
//
// Two things are not asked, as fits every permission method Linux's
// pseudo filesystems have: the search of a directory by fsuid 0 in a
// path walk (root searches every directory, and the lock-free walk
// stays free of calls), and chmod and chown, which are the owner's
// right (SetattrChecker refuses those). Missing, the mode bits decide.
type Permissioner interface {
	Permission(c *Cred, mask int) error
}

// GenericPermission checks mask against the inode's mode bits and
// owner for c (generic_permission): the rule for inodes without a
// Permissioner, and what one calls once its own rule has passed. Root
// may read and write anything and search any directory, but executes
// only a file with some x bit.
func GenericPermission(c *Cred, i *Inode, mask int) error {
	if c.Fsuid == 0 && (mask&mayExec == 0 || i.ftype == S_IFDIR) {
		return nil
	}
	uid, gid, mode := i.owner()
	return modePermission(c.Fsuid, c, uid, gid, mode, mask)
}

// InGroup reports whether gid is c's fsgid or one of its supplementary
// groups (in_group_p).
func (c *Cred) InGroup(gid uint32) bool { return c.inGroup(gid) }
