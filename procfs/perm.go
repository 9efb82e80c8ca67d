package procfs

import (
	"slices"

	"github.com/govfs/govfs/vfs"
)

// The access rules of /proc that are more than mode bits: the inodes'
// permission methods (vfs.Permissioner) and setattr refusals
// (vfs.SetattrChecker), each named after its Linux twin.

var (
	_ vfs.Permissioner   = (*fdDir)(nil)
	_ vfs.Permissioner   = (*pidDir)(nil)
	_ vfs.Permissioner   = (*sysDir)(nil)
	_ vfs.Permissioner   = (*sysFile)(nil)
	_ vfs.SetattrChecker = (*pidDir)(nil)
	_ vfs.SetattrChecker = (*fdDir)(nil)
	_ vfs.SetattrChecker = (*taskDir)(nil)
	_ vfs.SetattrChecker = (*genNode)(nil)
	_ vfs.SetattrChecker = (*sysDir)(nil)
	_ vfs.SetattrChecker = (*sysFile)(nil)
)

// Permission is proc_fdinfo_permission for fdinfo/: the ptrace rule
// first, so that the directory can be 0555 (Linux 6.2) and still keep
// another uid out, then the mode bits. fd/ (0500, proc_fd_permission)
// is the mode bits alone here: its exception for the process's own
// threads needs the caller, which a Cred does not name.
func (dir *fdDir) Permission(c *vfs.Cred, mask int) error {
	if dir.info {
		if err := dir.d.fs.mayPtrace(c, dir.d.p); err != nil {
			return err
		}
	}
	return vfs.GenericPermission(c, &dir.Inode, mask)
}

// Permission of a /proc/PID directory: asking to write in it is EPERM
// for everyone, root and the owner too, as the host answers access(2),
// unlink(2) and rmdir(2) there (Linux 6.18: access("/proc/self", W_OK)
// is EPERM where /proc/self/task's is EACCES); the rest is the mode.
func (d *pidDir) Permission(c *vfs.Cred, mask int) error {
	if mask&vfs.W_OK != 0 {
		return vfs.EPERM
	}
	return vfs.GenericPermission(c, &d.Inode, mask)
}

// refuseMode is proc_setattr: a pid directory's entries keep the modes
// their table gives them (EPERM to chmod, root's too); owners and times
// may change.
func refuseMode(valid uint) error {
	if valid&vfs.ATTR_MODE != 0 {
		return vfs.EPERM
	}
	return nil
}

func (*pidDir) CheckSetattr(valid uint) error  { return refuseMode(valid) }
func (*fdDir) CheckSetattr(valid uint) error   { return refuseMode(valid) }
func (*taskDir) CheckSetattr(valid uint) error { return refuseMode(valid) }

// CheckSetattr is proc_setattr for the files of a pid directory, and
// proc_notify_change (any change, for those allowed) for /proc's own
// files such as uptime, whose mode root may change.
func (n *genNode) CheckSetattr(valid uint) error {
	if n.chmodOK {
		return nil
	}
	return refuseMode(valid)
}

// sysPermission is proc_sys_permission: no file under /proc/sys is
// executable; /proc/sys itself is r-x to all; anything else is judged
// by its sysctl's mode alone (test_perm), whose owner bits are root's
// by euid and group bits group 0's, capabilities or not — so root
// cannot write a read-only sysctl nor any directory.
func sysPermission(c *vfs.Cred, in *vfs.Inode, top bool, mask int) error {
	if mask&vfs.X_OK != 0 && !in.IsDir() {
		return vfs.EACCES
	}
	if top {
		if mask&vfs.W_OK != 0 {
			return vfs.EACCES
		}
		return nil
	}
	mode := in.Mode()
	switch {
	case c.Euid == 0:
		mode >>= 6
	case c.Egid == 0 || slices.Contains(c.Groups, 0):
		mode >>= 3
	}
	if uint32(mask)&^mode&7 != 0 {
		return vfs.EACCES
	}
	return nil
}

func (d *sysDir) Permission(c *vfs.Cred, mask int) error {
	return sysPermission(c, &d.Inode, d.path == "", mask)
}

func (s *sysFile) Permission(c *vfs.Cred, mask int) error {
	return sysPermission(c, &s.Inode, false, mask)
}

// refuseModeOwner is proc_sys_setattr: neither the mode nor the owner
// of /proc/sys's nodes changes (EPERM); times may.
func refuseModeOwner(valid uint) error {
	if valid&(vfs.ATTR_MODE|vfs.ATTR_UID|vfs.ATTR_GID) != 0 {
		return vfs.EPERM
	}
	return nil
}

func (*sysDir) CheckSetattr(valid uint) error  { return refuseModeOwner(valid) }
func (*sysFile) CheckSetattr(valid uint) error { return refuseModeOwner(valid) }
