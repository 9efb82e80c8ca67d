package procfs

import (
	"github.com/govfs/govfs/vfs"
)

// magicLink is /proc/PID/cwd, root, exe and fd/N: reading it spells the
// path the process holds, as the reader's root sees it (d_path);
// following it jumps to that very dentry and mount (nd_jump_link), so a
// deleted file, a pipe or a socket is reached, not a name re-walked.
// Both need the ptrace rule against the target (proc_fd_access_allowed).
type magicLink struct {
	vfs.Inode
	fs     *FS
	p      *vfs.Process
	target func() (vfs.Path, func(), error) // the path, and how to let it go
}

var (
	_ vfs.Jumper            = (*magicLink)(nil)
	_ vfs.ProcessReadlinker = (*magicLink)(nil)
)

func magicEntry(name string, get func(p *vfs.Process) vfs.Path) pidEntry {
	return pidEntry{name, vfs.S_IFLNK | 0o777, func(d *pidDir) *vfs.Inode {
		return d.fs.magicInode(d.p, 0o777, d.uid, d.gid, func() (vfs.Path, func(), error) {
			at := get(d.p)
			if at.Dentry == nil {
				return at, nil, vfs.ENOENT
			}
			return at, func() {}, nil
		})
	}}
}

func (fs *FS) magicInode(p *vfs.Process, mode, uid, gid uint32, target func() (vfs.Path, func(), error)) *vfs.Inode {
	l := &magicLink{fs: fs, p: p, target: target}
	l.Init(fs.sb, l, vfs.Attr{Mode: vfs.S_IFLNK | mode, Uid: uid, Gid: gid})
	l.SetSizeLocked(64) // Linux reports 64 for every /proc magic link
	return &l.Inode
}

// resolve checks the reader against the target, then finds the path.
func (l *magicLink) resolve(reader *vfs.Process) (vfs.Path, func(), error) {
	if err := l.fs.mayPtrace(reader.Cred(), l.p); err != nil {
		return vfs.Path{}, nil, err
	}
	if cur, ok := l.fs.k.Process(l.p.Pid()); !ok || cur != l.p {
		return vfs.Path{}, nil, vfs.ENOENT
	}
	return l.target()
}

// ReadlinkProcess spells the target from the reader's root.
func (l *magicLink) ReadlinkProcess(reader *vfs.Process) (string, error) {
	at, done, err := l.resolve(reader)
	if err != nil {
		return "", err
	}
	defer done()
	return reader.DPath(at), nil
}

// Jump gives the walk the target itself. The path is not held: the fd,
// cwd or image of the target keeps it, as the walk only looks.
func (l *magicLink) Jump(reader *vfs.Process) (vfs.Path, error) {
	at, done, err := l.resolve(reader)
	if err != nil {
		return vfs.Path{}, err
	}
	done()
	return at, nil
}
