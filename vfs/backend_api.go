package vfs

import (
	"cmp"
	"slices"
)

// What backends need from the core beyond their own inodes: a path
// walk for connect(2), a mknod that gives back the new node for
// bind(2), the process's root and cwd, the mount list. Paths returned
// "held" pin their dentry and mount (path_get) until Put.

// Put drops the reference a held Path carries (path_put). A Path that
// was not handed out held must not be put.
func (p Path) Put() { p.put() }

// LookupPath resolves name relative to dirfd as the calling process
// would (kern_path): flags are AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH.
// The result is held; the caller Puts it. connect(2) of an AF_UNIX
// socket walks its address this way.
func (p *Process) LookupPath(dirfd int, name string, flags int) (Path, error) {
	if flags&^(AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) != 0 {
		return Path{}, EINVAL
	}
	lf := lookupFollow
	if flags&AT_SYMLINK_NOFOLLOW != 0 {
		lf = 0
	}
	if flags&AT_EMPTY_PATH != 0 {
		lf |= lookupEmpty
	}
	return p.nameiHeld(dirfd, name, lf)
}

// MknodPath makes a FIFO or socket node as mknodat(2) does (umask
// applied, EEXIST if the name is taken, the parent's write permission
// checked) and returns the new node's path, held: bind(2) makes the
// socket's name this way and keeps the inode to find the socket by.
// Device nodes and directories are not made here (EINVAL).
func (p *Process) MknodPath(dirfd int, name string, mode uint32) (Path, error) {
	if p.exiting.Load() {
		return Path{}, ESRCH
	}
	switch mode & S_IFMT {
	case S_IFIFO, S_IFSOCK:
	default:
		return Path{}, EINVAL
	}
	return p.mknodPath(nil, dirfd, name, mode, 0, true)
}

// Root returns the process's root directory, not held: valid while the
// process keeps it, which is what /proc/PID/root reads. The zero Path
// after exit.
func (p *Process) Root() Path {
	root, _, _ := p.rootAndCwd()
	return root
}

// Cwd returns the working directory, not held (see Root).
func (p *Process) Cwd() Path {
	_, cwd, _ := p.rootAndCwd()
	return cwd
}

// DPath spells at as a path seen from the process's root (d_path): a
// removed name ends in " (deleted)", a path outside the root is spelled
// from the top of its mount tree. /proc/PID/cwd and /proc/PID/mounts
// read it.
// A pseudo file's path is its name ("pipe:[1234]", d_dname).
func (p *Process) DPath(at Path) string {
	if at.Mnt.internal {
		return at.Dentry.Name()
	}
	root, _, err := p.rootAndCwd()
	if err != nil {
		root = p.k.RootPath() // an exited process has no root of its own
	}
	path, _ := p.k.dPath(at, root)
	if at.Dentry.Unhashed() && at.Dentry != at.Mnt.root {
		path += " (deleted)"
	}
	return path
}

// Mounts lists the mounts of the tree, parents before children, in the
// order they were mounted: what /proc/PID/mounts prints.
func (k *Kernel) Mounts() []*Mount {
	k.mountMu.RLock()
	defer k.mountMu.RUnlock()
	children := make(map[*Mount][]*Mount)
	for _, stack := range k.mounts {
		for _, m := range stack {
			children[m.parent] = append(children[m.parent], m)
		}
	}
	var out []*Mount
	var visit func(m *Mount)
	visit = func(m *Mount) {
		out = append(out, m)
		kids := children[m]
		slices.SortFunc(kids, func(a, b *Mount) int { return cmp.Compare(a.id, b.id) })
		for _, c := range kids {
			visit(c)
		}
	}
	if k.rootMnt != nil {
		visit(k.rootMnt)
	}
	return out
}

// ID returns the mount's number (mnt_id), unique in its kernel.
func (m *Mount) ID() int { return m.id }

// Parent returns the mount this one is attached to, and the dentry it
// covers there; nil for the root of the tree and for detached mounts.
func (m *Mount) Parent() (*Mount, *Dentry) {
	m.sb.k.mountMu.RLock()
	defer m.sb.k.mountMu.RUnlock()
	return m.parent, m.mountpoint
}

// Source returns the source given to mount(2) ("none", "tmpfs", the
// path of a bind mount's source).
func (m *Mount) Source() string { return m.source }

// Flags returns the per-mount MS_* flags (MS_RDONLY, MS_NOSUID,
// MS_NODEV, MS_NOEXEC).
func (m *Mount) Flags() uintptr {
	f := m.flags.Load()
	var ms uintptr
	for _, x := range [...]struct {
		mnt int32
		ms  uintptr
	}{{mntReadonly, MS_RDONLY}, {mntNosuid, MS_NOSUID}, {mntNodev, MS_NODEV}, {mntNoexec, MS_NOEXEC}} {
		if f&x.mnt != 0 {
			ms |= x.ms
		}
	}
	return ms
}

// Permission checks that p may access in for mask (R_OK, W_OK, X_OK
// or'd; inode_permission): EACCES if not. connect(2) needs write
// permission on the socket file it walked to.
func (p *Process) Permission(in *Inode, mask uint32) error {
	if p.exiting.Load() {
		return ESRCH
	}
	if mask&^(R_OK|W_OK|X_OK) != 0 {
		return EINVAL
	}
	return permission(p.cred.Load(), in, int(mask))
}
