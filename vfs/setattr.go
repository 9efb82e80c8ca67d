package vfs

// SetattrChecker is implemented by inodes that may refuse an attribute
// change — the mode of chmod(2), the owner of chown(2), the times of
// utimensat(2) — before the generic checks, as an inode_operations'
// setattr can: anon_inodefs's shared inode says EOPNOTSUPP to all of
// them (anon_inode_setattr, Linux 6.15), so no one, root included,
// changes the inode every eventfd and epoll fd shares. chmod and chown
// ask it right after the read-only mount check, before whether the
// caller owns the inode; utimensat after its own permission checks, as
// the host orders them. Missing, the generic rules apply.
type SetattrChecker interface {
	CheckSetattr() error
}

// checkSetattr asks the inode's SetattrChecker, if it has one.
func checkSetattr(i *Inode) error {
	if c, ok := i.impl.(SetattrChecker); ok {
		return c.CheckSetattr()
	}
	return nil
}
