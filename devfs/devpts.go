package devfs

import (
	"slices"
	"strconv"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// ptsFS is devpts, mounted at /dev/pts by govfs.Boot: the slave end of
// every live pseudo-terminal as a node named by its number (136:N),
// and ptmx (5:2, mode 0), the master multiplexer's own node. A slave's
// node appears when /dev/ptmx is opened and vanishes when that master
// is closed; nobody else makes or removes names here. Like devtmpfs,
// every mount shows the one instance of the kernel (Linux gives each
// mount of devpts an instance of its own since 4.7).
type ptsFS struct {
	sb   *vfs.SuperBlock
	mnt  *vfs.Mount
	ptmx *vfs.Inode

	mu   sync.Mutex
	ptys map[int]*pty // live, by number
}

// ptsType is the "devpts" filesystem type.
type ptsType struct{ fs *ptsFS }

func (ptsType) Name() string { return "devpts" }

// Mount returns the shared instance; devpts's options (mode=, gid=,
// ptmxmode=) are not modelled.
func (t ptsType) Mount(*vfs.Kernel, string, uintptr, string) (*vfs.SuperBlock, error) {
	return t.fs.sb, nil
}

func newPtsFS(k *vfs.Kernel) (*ptsFS, error) {
	fs := &ptsFS{ptys: make(map[int]*pty)}
	fs.sb = vfs.NewSuperBlock(k, ptsType{fs}, vfs.DEVPTS_SUPER_MAGIC, fs)
	r := &ptsRoot{fs: fs}
	r.Init(fs.sb, r, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	fs.sb.SetRoot(&r.Inode)
	fs.mnt = k.KernMount(fs.sb)
	n := &ptsNode{}
	n.Init(fs.sb, n, vfs.Attr{Mode: vfs.S_IFCHR, Rdev: vfs.Mkdev(ptmxMajor, ptmxMinor)}) // ptmxmode=000
	fs.ptmx = &n.Inode
	return fs, k.RegisterFileSystem(ptsType{fs})
}

// add gives pt the lowest free number and its node (devpts_new_index,
// devpts_pty_new), owned by who opened the master, mode 0600.
func (fs *ptsFS) add(pt *pty, uid, gid uint32) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	n := 0
	for fs.ptys[n] != nil {
		n++
	}
	pt.index = n
	node := &ptsNode{}
	node.Init(fs.sb, node, vfs.Attr{Mode: vfs.S_IFCHR | 0o600, Uid: uid, Gid: gid, Rdev: vfs.Mkdev(ptsMajor, uint32(n))})
	pt.node = &node.Inode
	fs.ptys[n] = pt
}

// remove drops pt's number and node (devpts_pty_kill).
func (fs *ptsFS) remove(pt *pty) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.ptys[pt.index] == pt {
		delete(fs.ptys, pt.index)
	}
}

// lookup finds the live pty whose slave node is in.
func (fs *ptsFS) lookup(in *vfs.Inode) *pty {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	pt := fs.ptys[int(vfs.Minor(in.Rdev()))]
	if pt == nil || pt.node != in {
		return nil
	}
	return pt
}

// ptsRoot is /dev/pts: its names come from the live ptys.
type ptsRoot struct {
	vfs.Inode
	fs *ptsFS
}

// ptsNode is ptmx or a slave's node.
type ptsNode struct{ vfs.Inode }

var (
	_ vfs.Lookuper    = (*ptsRoot)(nil)
	_ vfs.Revalidater = (*ptsRoot)(nil)
	_ vfs.Opener      = (*ptsRoot)(nil)
)

func (r *ptsRoot) Lookup(name string) (*vfs.Inode, error) {
	if name == "ptmx" {
		return r.fs.ptmx, nil
	}
	n, err := strconv.Atoi(name)
	if err != nil || n < 0 || strconv.Itoa(n) != name {
		return nil, vfs.ENOENT
	}
	r.fs.mu.Lock()
	defer r.fs.mu.Unlock()
	if pt := r.fs.ptys[n]; pt != nil {
		return pt.node, nil
	}
	return nil, vfs.ENOENT
}

// Revalidate drops a cached slave name once its master is closed.
func (r *ptsRoot) Revalidate(child *vfs.Dentry) bool {
	in := child.Inode()
	return in == nil || in == r.fs.ptmx || r.fs.lookup(in) != nil
}

func (r *ptsRoot) Open(*vfs.File) (vfs.FileOperations, error) { return ptsDirOps{fs: r.fs}, nil }

type ptsDirOps struct {
	vfs.SimpleDirOperations
	fs *ptsFS
}

// Iterate lists ".", "..", "ptmx", then the slaves by number; the
// cookie after entry i of that list is i+1.
func (o ptsDirOps) Iterate(f *vfs.File, ctx *vfs.DirContext) error {
	if !ctx.EmitDots(f) {
		return nil
	}
	o.fs.mu.Lock()
	nums := make([]int, 0, len(o.fs.ptys))
	nodes := make(map[int]*vfs.Inode, len(o.fs.ptys))
	for n, pt := range o.fs.ptys {
		nums = append(nums, n)
		nodes[n] = pt.node
	}
	o.fs.mu.Unlock()
	slices.Sort(nums)
	if ctx.Pos == 2 {
		if !ctx.Emit("ptmx", o.fs.ptmx.Ino(), vfs.DT_CHR, 3) {
			return nil
		}
	}
	for _, n := range nums {
		if int64(n)+4 <= ctx.Pos {
			continue
		}
		if !ctx.Emit(strconv.Itoa(n), nodes[n].Ino(), vfs.DT_CHR, int64(n)+4) {
			return nil
		}
	}
	return nil
}
