package anonfs

import "github.com/govfs/govfs/vfs"

// CheckSetattr is anon_inode_setattr: chmod, chown and utimensat of any
// anon fd are EOPNOTSUPP, so no one changes the inode all of them share.
func (*anonInode) CheckSetattr(uint) error { return vfs.EOPNOTSUPP }

var _ vfs.SetattrChecker = (*anonInode)(nil)
