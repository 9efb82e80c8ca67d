package vfs

import "strings"

// The path walk (fs/namei.c), the one place that turns a path string into
// a Path. It owns ".", "..", symlinks (40 of them, then ELOOP), mount
// crossing, ".." at a process root and at mount roots, the search
// permission on every directory, O_NOFOLLOW, the AT_* flags and the
// RESOLVE_* flags of openat2.
//
//	walk("a/b/../c/link/d")          nd.path: where the walk stands
//	  a   step: x on cwd, lookup      nd.root: where "/" and ".." stop
//	  b   step
//	  ..  dotdot: parent, or mount's mountpoint, or stay at root
//	  c   step
//	  link  symlink: walk its body from c, then go on
//	  d   the last component: resolved by the caller's choice
//	      (walkFinal follows or not; creators lock the parent instead)

// Lookup flags (LOOKUP_* in include/linux/namei.h).
const (
	lookupFollow     = 1 << iota // follow a final symlink
	lookupDirectory              // the result must be a directory
	lookupEmpty                  // "" means the dirfd itself (AT_EMPTY_PATH)
	lookupBeneath                // RESOLVE_BENEATH
	lookupInRoot                 // RESOLVE_IN_ROOT
	lookupNoSymlinks             // RESOLVE_NO_SYMLINKS
	lookupNoXdev                 // RESOLVE_NO_XDEV
	lookupNoMagic                // RESOLVE_NO_MAGICLINKS
)

// Kinds of last component (LAST_* in namei.c).
const (
	lastNorm = iota
	lastRoot
	lastDot
	lastDotDot
	lastBound // a magic link jumped: nd.path is the answer
)

type nameidata struct {
	p        *Process
	cred     *Cred
	root     Path // "/" and the floor of ".."
	path     Path // where the walk stands
	flags    int
	links    int    // symlinks followed, nested or in sequence
	more     int    // bodies of links that are not the last component, being walked
	last     string // the unresolved last component
	lastType int
	trailing bool       // a slash followed the last component
	rootUser bool       // cred.Fsuid == 0: every directory may be searched
	slow     bool       // a step was not stepFast's: the walk is not remembered
	tr       *callTrace // the traced call's record; nil when not traced
}

// tracingWalk says whether the call is traced at TraceWalk, the level
// that shows the walk's steps: below it, the steps' lines would be
// formatted (a d_path, a second dcache lookup) only to be dropped.
func (nd *nameidata) tracingWalk() bool { return nd.tr != nil && nd.tr.wantWalk() }

// checkPath applies getname's rules: a NUL is EINVAL (what x/sys/unix
// answers before the kernel sees it), PATH_MAX bytes or more is
// ENAMETOOLONG, "" is ENOENT unless AT_EMPTY_PATH.
func checkPath(name string, flags int) error {
	if strings.IndexByte(name, 0) >= 0 {
		return EINVAL
	}
	if len(name) >= PathMax {
		return ENAMETOOLONG
	}
	if name == "" && flags&lookupEmpty == 0 {
		return ENOENT
	}
	return nil
}

// start sets up nd for name relative to dirfd (path_init). The caller
// owns nd, so a walk allocates nothing. Every path-taking call starts
// here, so this is where an exited process's calls stop (ESRCH).
func (nd *nameidata) start(p *Process, cred *Cred, dirfd int, name string, flags int) error {
	root, cwd, err := p.rootAndCwd()
	if err != nil {
		return err
	}
	if err := checkPath(name, flags); err != nil {
		return err
	}
	if cred == nil {
		cred = p.cred.Load()
	}
	// tr is set apart: a literal with one more field is built aside and
	// copied, which cost the cached stat a fifth of its time.
	tr := nd.tr
	*nd = nameidata{p: p, cred: cred, flags: flags, rootUser: cred.Fsuid == 0}
	nd.tr = tr
	nd.root = root
	if len(name) > 0 && name[0] == '/' {
		if flags&lookupBeneath != 0 {
			return EXDEV // before the dirfd is looked at (nd_jump_root)
		}
		if flags&lookupInRoot == 0 {
			nd.path = root
			return nil
		}
	}
	if dirfd == AT_FDCWD {
		nd.path = cwd
	} else {
		f, err := p.files.get(dirfd)
		if err != nil {
			return err
		}
		nd.path = f.path
		f.DecRef()
		if name != "" && !nd.path.Dentry.inode.IsDir() {
			return ENOTDIR
		}
	}
	if flags&(lookupBeneath|lookupInRoot) != 0 {
		nd.root = nd.path
	}
	return nil
}

// linkPathWalk walks every component of name but the last, which it
// leaves in nd.last (link_path_walk).
func (nd *nameidata) linkPathWalk(name string) error {
	if strings.HasPrefix(name, "/") {
		if nd.flags&lookupBeneath != 0 {
			return EXDEV
		}
		nd.path = nd.root
		name = strings.TrimLeft(name, "/")
		if name == "" {
			nd.last, nd.lastType, nd.trailing = "", lastRoot, false
			return nil
		}
	}
	for {
		// A plain loop: components are short, and for short strings it
		// beats strings.IndexByte's vector code.
		i := 0
		for i < len(name) && name[i] != '/' {
			i++
		}
		comp, rest := name[:i], name[i:]
		for len(rest) > 0 && rest[0] == '/' {
			rest = rest[1:]
		}
		if rest == "" {
			nd.last, nd.trailing = comp, len(comp) < len(name)
			switch comp {
			case ".":
				nd.lastType = lastDot
			case "..":
				nd.lastType = lastDotDot
			default:
				nd.lastType = lastNorm
			}
			return nil
		}
		if !nd.stepFast(comp) {
			// A link here is not the path's last component, nor is the
			// last component of its body (WALK_MORE): fs.protected_symlinks
			// spares them.
			nd.more++
			err := nd.step(comp, true, true)
			nd.more--
			if err != nil {
				return err
			}
		}
		// A component followed by more must be a directory, even when
		// what follows is "." or "..", which are never looked up:
		// "f/.." is ENOTDIR, not f's parent.
		if nd.path.Dentry.dir == nil {
			return ENOTDIR
		}
		name = rest
	}
}

// stepFast is step for the common case only, with no lock (Linux's RCU
// walk in spirit): root walking through a small directory to a cached
// child that is neither a symlink, a mountpoint nor a dot, and that the
// directory, if it revalidates (/proc), still vouches for. Anything
// else, or a miss, returns false and the full step decides.
func (nd *nameidata) stepFast(comp string) bool {
	c := nd.path.Dentry.dir
	if c == nil || !nd.rootUser || c.big.Load() || comp[0] == '.' && len(comp) <= 2 {
		return false
	}
	for i, n := 0, min(int(c.nfew.Load()), smallDir); i < n; i++ {
		d := c.few[i].Load()
		if d == nil {
			continue
		}
		if s := *d.name.Load(); len(s) == len(comp) && s[0] == comp[0] && s == comp {
			if d.mounts.Load() != 0 || d.dir == nil && d.inode.ftype == S_IFLNK {
				return false
			}
			if c.revalidate {
				if !nd.path.Dentry.inode.impl.(Revalidater).Revalidate(d) {
					return false // stale: step drops it under the lock
				}
				nd.slow = true // as step: such a walk is not remembered
			}
			if nd.tracingWalk() {
				nd.tr.walkf("%q: dcache hit", comp)
			}
			nd.path.Dentry = d
			return true
		}
	}
	return false
}

// mayLookup checks that the walk can search the directory it stands in.
func (nd *nameidata) mayLookup() error {
	d := nd.path.Dentry
	if d.dir == nil { // only directories have a dirCache
		return ENOTDIR
	}
	if nd.rootUser {
		return nil // root searches every directory
	}
	err := permission(nd.cred, d.inode, mayExec)
	if err != nil && nd.tr != nil {
		nd.tr.permLayer("may_lookup", err, "dir", d.inode, nd.cred)
	}
	return err
}

// step moves the walk through one component (walk_component): "." stays,
// ".." climbs, a name is looked up, mounts are crossed, and a symlink is
// followed when follow is set. wantDir makes a followed symlink's target
// a directory or ENOTDIR. All but a plain lookup mark the walk slow.
func (nd *nameidata) step(comp string, follow, wantDir bool) error {
	if err := nd.mayLookup(); err != nil {
		return err
	}
	switch comp {
	case ".":
		nd.slow = true
		if nd.tracingWalk() {
			nd.tr.walkf(`".": stay`)
		}
		return nil
	case "..":
		nd.slow = true
		return nd.dotdot()
	}
	nd.slow = nd.slow || nd.path.Dentry.dir.revalidate
	var cached bool
	if nd.tracingWalk() {
		cached = nd.path.Dentry.lookupCached(comp) != nil
	}
	child, err := nd.p.k.lookup(nd.path.Dentry, comp)
	if nd.tr != nil {
		nd.tr.lookupStep(nd.path.Dentry, comp, cached, err)
	}
	if err != nil {
		return err
	}
	next := Path{nd.path.Mnt, child}
	if child.mounts.Load() > 0 {
		nd.slow = true
		next = nd.p.k.followMounts(next)
		if nd.tracingWalk() && next.Mnt != nd.path.Mnt {
			nd.tr.walkf("cross mount: %s on %s", next.Mnt.sb.typ.Name(), nd.p.DPath(next))
		}
		if next.Mnt != nd.path.Mnt && nd.flags&lookupNoXdev != 0 {
			return EXDEV
		}
	}
	if follow && next.Dentry.dir == nil && next.Dentry.inode.ftype == S_IFLNK {
		nd.slow = true
		return nd.followLink(next, wantDir)
	}
	nd.path = next
	return nil
}

// followLink walks a symlink's body from the directory holding it, then
// resolves the body's own last component.
func (nd *nameidata) followLink(link Path, wantDir bool) error {
	if err := nd.pickLink(link); err != nil {
		return err
	}
	return nd.walkLast(true, wantDir)
}

// pickLink starts following the symlink at link, which lies in the
// directory nd.path (pick_link): a magic link jumps, any other has its
// body walked up to its last component.
func (nd *nameidata) pickLink(link Path) error {
	if nd.links++; nd.links > maxSymlinks {
		return ELOOP
	}
	if nd.more == 0 { // a trailing link: fs.protected_symlinks may refuse it
		if err := nd.p.k.mayFollowLink(nd.cred, nd.path.Inode(), link.Inode()); err != nil {
			if nd.tr != nil {
				nd.tr.permLayer("may_follow_link", err, "dir", nd.path.Inode(), nd.cred)
			}
			return err
		}
	}
	if nd.flags&lookupNoSymlinks != 0 {
		return ELOOP
	}
	if j, ok := link.Dentry.inode.impl.(Jumper); ok {
		if nd.flags&lookupNoMagic != 0 {
			return ELOOP
		}
		to, err := j.Jump(nd.p)
		if err != nil {
			return err
		}
		if nd.tracingWalk() {
			nd.tr.walkf("magic link %q: jump to %s", link.Dentry.Name(), nd.p.DPath(to))
		}
		// nd_jump_link: a jump may not leave the mount under
		// RESOLVE_NO_XDEV, and is never safe for a scoped lookup.
		if nd.flags&lookupNoXdev != 0 && to.Mnt != nd.path.Mnt {
			return EXDEV
		}
		if nd.flags&(lookupBeneath|lookupInRoot) != 0 {
			return EXDEV
		}
		nd.path, nd.lastType, nd.trailing = to, lastBound, false
		return nil
	}
	target, err := readlinkInode(link.Dentry.inode, nd.p)
	if err != nil {
		return err
	}
	link.accessed() // touch_atime in pick_link
	if nd.tracingWalk() {
		nd.tr.walkf("symlink %q → %q", link.Dentry.Name(), target)
	}
	if target == "" {
		return ENOENT
	}
	return nd.linkPathWalk(target)
}

// dotdot climbs to the parent (follow_dotdot): never above nd.root, and
// from a mount's root to its mountpoint first.
func (nd *nameidata) dotdot() error {
	for {
		if nd.path == nd.root {
			if nd.flags&lookupBeneath != 0 {
				return EXDEV
			}
			if nd.tracingWalk() {
				nd.tr.walkf(`"..": at the root, stay`)
			}
			return nil
		}
		if nd.path.Dentry != nd.path.Mnt.root {
			break
		}
		m := nd.path.Mnt
		nd.p.k.mountMu.RLock()
		parent, mp := m.parent, m.mountpoint
		nd.p.k.mountMu.RUnlock()
		if parent == nil {
			return nil
		}
		if nd.flags&lookupNoXdev != 0 {
			return EXDEV
		}
		if nd.tracingWalk() {
			nd.tr.walkf(`"..": mount root of %s, down to its mountpoint`, m.sb.typ.Name())
		}
		nd.path = Path{parent, mp}
	}
	nd.path = nd.p.k.followMounts(Path{nd.path.Mnt, nd.path.Dentry.Parent()})
	if nd.tracingWalk() {
		nd.tr.walkf(`"..": up to %s`, nd.p.DPath(nd.path))
	}
	return nil
}

// walkLast resolves the last component left by linkPathWalk
// (lookup_last). A trailing slash means "follow, and be a directory".
func (nd *nameidata) walkLast(follow, wantDir bool) error {
	if nd.trailing {
		follow, wantDir = true, true
	}
	switch nd.lastType {
	case lastRoot, lastBound:
		nd.slow = true
	case lastNorm:
		if nd.stepFast(nd.last) {
			break
		}
		fallthrough
	default:
		if err := nd.step(nd.last, follow, wantDir); err != nil {
			return err
		}
	}
	if wantDir && !nd.path.Dentry.inode.IsDir() {
		return ENOTDIR
	}
	return nil
}

// namei resolves name fully (filename_lookup).
func (p *Process) namei(dirfd int, name string, flags int) (Path, error) {
	return p.nameiCred(nil, nil, dirfd, name, flags)
}

// nameiCred is namei checking search permission as cred (access(2)
// walks as the real user); tr, if not nil, records the steps.
func (p *Process) nameiCred(tr *callTrace, cred *Cred, dirfd int, name string, flags int) (Path, error) {
	var nd nameidata
	nd.tr = tr
	if err := nd.start(p, cred, dirfd, name, flags); err != nil {
		return Path{}, err
	}
	if tr != nil {
		tr.walkStart(&nd, dirfd, name)
	}
	if name == "" {
		return nd.path, nil
	}
	key, res, hit := p.k.cachedWalk(&nd, name)
	if hit {
		if nd.tracingWalk() {
			nd.tr.walkf("walk cache hit: the whole path at once")
		}
		return res, nil
	}
	if err := nd.linkPathWalk(name); err != nil {
		return Path{}, err
	}
	if err := nd.walkLast(flags&lookupFollow != 0, flags&lookupDirectory != 0); err != nil {
		return Path{}, err
	}
	p.k.remember(&key, &nd, name)
	return nd.path, nil
}

// nameiHeld is namei for a caller that keeps the result (a cwd, a
// root, a link's source): the path comes back held, walked again if
// what the walk found died or was unmounted first. The caller puts it.
func (p *Process) nameiHeld(dirfd int, name string, flags int) (Path, error) {
	for range maxRetries {
		at, err := p.namei(dirfd, name, flags)
		if err != nil {
			return Path{}, err
		}
		if at.tryGet() {
			return at, nil
		}
	}
	return Path{}, ENOENT
}

// nameiParent resolves all but the last component (filename_parentat):
// nd.path is the parent directory, nd.last the name in it.
func (p *Process) nameiParent(nd *nameidata, dirfd int, name string, flags int) error {
	if err := nd.start(p, nil, dirfd, name, flags); err != nil {
		return err
	}
	if nd.tr != nil {
		nd.tr.walkStart(nd, dirfd, name)
	}
	if err := nd.linkPathWalk(name); err != nil {
		return err
	}
	// The parent must be searchable even when the last name is "." or
	// ".." (link_path_walk's may_lookup comes before it looks at the
	// name). The last name's length is the lookup's business
	// (ENAMETOOLONG from lookupLocked): rename("missing", long) is ENOENT.
	if nd.lastType != lastRoot {
		return nd.mayLookup()
	}
	return nil
}

// nameiParentForName is nameiParent for the calls that add or remove a
// name (mkdir, unlink, rename...), whose trace shows the parent found.
func (p *Process) nameiParentForName(nd *nameidata, dirfd int, name string) error {
	err := p.nameiParent(nd, dirfd, name, 0)
	if nd.tr != nil {
		nd.tr.parentEnd(nd, name, err)
	}
	return err
}
