package vfs

import "slices"

// Cred is a process's identity (struct cred). It is never changed in
// place: setuid(2) and friends install a new one, so a File or a walk in
// progress keeps the identity it started with. There are no
// capabilities: uid 0 holds them all.
type Cred struct {
	Uid, Euid, Suid, Fsuid uint32
	Gid, Egid, Sgid, Fsgid uint32
	Groups                 []uint32
}

var rootCred = &Cred{}

// inGroup reports whether gid is the fsgid or a supplementary group
// (in_group_p).
func (c *Cred) inGroup(gid uint32) bool {
	return c.Fsgid == gid || slices.Contains(c.Groups, gid)
}

func (c *Cred) privileged() bool { return c.Euid == 0 }

// Access masks (MAY_* in include/linux/fs.h), equal to X_OK, W_OK, R_OK.
const (
	mayExec  = 1
	mayWrite = 2
	mayRead  = 4
)

// permission checks mask for c (inode_permission's do_inode_permission):
// the inode's Permissioner if it has one (permission.go), else the mode
// bits. Inodes without one, every tmpfs inode, pay one flag test.
func permission(c *Cred, i *Inode, mask int) error {
	if i.permHook {
		return i.impl.(Permissioner).Permission(c, mask)
	}
	if c.Fsuid == 0 && (mask&mayExec == 0 || i.ftype == S_IFDIR) {
		return nil // the path walk's common case: no lock needed
	}
	uid, gid, mode := i.owner()
	return modePermission(c.Fsuid, c, uid, gid, mode, mask)
}

func modePermission(who uint32, c *Cred, uid, gid, mode uint32, mask int) error {
	if who == 0 {
		if mask&mayExec == 0 || mode&S_IFMT == S_IFDIR || mode&0o111 != 0 {
			return nil
		}
		return EACCES
	}
	bits := mode
	switch {
	case who == uid:
		bits >>= 6
	case c.inGroup(gid):
		bits >>= 3
	}
	if uint32(mask)&^bits&7 != 0 {
		return EACCES
	}
	return nil
}

// mayDelete checks that c may remove or replace victim in dir
// (may_delete): write and search on dir, and the sticky rule.
func mayDelete(c *Cred, dir, victim *Inode) error {
	if err := permission(c, dir, mayWrite|mayExec); err != nil {
		return err
	}
	duid, _, dmode := dir.owner()
	vuid, _, _ := victim.owner()
	if dmode&S_ISVTX != 0 && c.Fsuid != 0 && c.Fsuid != vuid && c.Fsuid != duid {
		return EPERM
	}
	return nil
}

// mayCreateInSticky checks an O_CREAT open that found inode already in
// dir (may_create_in_sticky). In a sticky directory that others may
// write, such an open is refused with EACCES, even for root, if the
// object belongs neither to the caller nor to the directory's owner:
// someone else may have planted it where the caller meant to create its
// own. Regular files and FIFOs are spared unless fs.protected_regular
// or fs.protected_fifos is set (at 2 a group-writable directory counts
// too); a directory is left to EISDIR, which Linux says first; every
// other type is never spared.
func (k *Kernel) mayCreateInSticky(c *Cred, dir, inode *Inode) error {
	typ := inode.fileType()
	if typ == S_IFDIR {
		return nil
	}
	duid, _, dmode := dir.owner()
	if dmode&S_ISVTX == 0 {
		return nil
	}
	regular, fifos := k.Sysctl.ProtectedRegular.Load(), k.Sysctl.ProtectedFifos.Load()
	if typ == S_IFREG && regular == 0 || typ == S_IFIFO && fifos == 0 {
		return nil
	}
	if uid, _, _ := inode.owner(); uid == duid || uid == c.Fsuid {
		return nil
	}
	switch {
	case dmode&0o002 != 0:
		return EACCES
	case dmode&0o020 != 0 && (typ == S_IFREG && regular >= 2 || typ == S_IFIFO && fifos >= 2):
		return EACCES
	}
	return nil
}

// mayFollowLink applies fs.protected_symlinks to following link, a
// trailing symlink in dir (may_follow_link). In a sticky directory that
// others may write, only the link's owner may follow it, unless the
// directory's owner owns the link too. Root is no exception: the rule
// keeps a program from opening what another user planted under the
// name it meant to use, as mayCreateInSticky does for O_CREAT.
func (k *Kernel) mayFollowLink(c *Cred, dir, link *Inode) error {
	if !k.Sysctl.ProtectedSymlinks.Load() {
		return nil
	}
	uid, _, _ := link.owner()
	if uid == c.Fsuid {
		return nil
	}
	duid, _, dmode := dir.owner()
	if dmode&(S_ISVTX|0o002) != S_ISVTX|0o002 || duid == uid {
		return nil
	}
	return EACCES
}

// isOwner reports whether c may change the inode's attributes
// (inode_owner_or_capable).
func isOwner(c *Cred, i *Inode) bool {
	uid, _, _ := i.owner()
	return c.Fsuid == 0 || c.Fsuid == uid
}

// newAttr decides the owner and mode of an object created in dir
// (inode_init_owner): the creator's fsuid; the directory's group and,
// for a subdirectory, its setgid bit if dir is setgid; otherwise the
// creator's fsgid.
func newAttr(c *Cred, dir *Inode, mode uint32, rdev uint64) Attr {
	a := Attr{Mode: mode, Uid: c.Fsuid, Gid: c.Fsgid, Rdev: rdev}
	_, dgid, dmode := dir.owner()
	if dmode&S_ISGID != 0 {
		a.Gid = dgid
		if mode&S_IFMT == S_IFDIR {
			a.Mode |= S_ISGID
		} else if mode&(S_ISGID|S_IXGRP) == S_ISGID|S_IXGRP && !c.inGroup(dgid) && c.Fsuid != 0 {
			a.Mode &^= S_ISGID
		}
	}
	return a
}

// dropsSGIDLocked reports whether a change by c must clear the inode's
// setgid bit (setattr_should_drop_sgid): a group-executable setgid
// file, or one whose group c is not in. Root keeps it (CAP_FSETID).
func dropsSGIDLocked(c *Cred, i *Inode) bool {
	return i.mode&S_ISGID != 0 && (i.mode&S_IXGRP != 0 || c.Fsuid != 0 && !c.inGroup(i.gid))
}

// removePrivs clears the set-id bits of a regular file that a caller
// without CAP_FSETID writes or truncates (file_remove_privs), so that a
// modified program does not keep its owner's powers.
func removePrivs(c *Cred, i *Inode) {
	if c.Fsuid == 0 || i.ftype != S_IFREG {
		return
	}
	i.mu.Lock()
	kill := i.mode & S_ISUID
	if dropsSGIDLocked(c, i) {
		kill |= S_ISGID
	}
	if kill != 0 {
		i.mode &^= kill
		i.TouchLocked("c")
	}
	i.mu.Unlock()
}
