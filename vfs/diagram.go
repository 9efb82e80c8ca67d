package vfs

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/govfs/govfs/internal/sysfmt"
)

// The live object graph: the textbook picture of the VFS, drawn from a
// running kernel rather than by hand.
//
//	process ──files──▶ fd table ──fd 3──▶ File ──f_path.dentry──▶ dentry ──d_inode──▶ inode ──i_sb──▶ superblock
//	                                        │                                                        ▲
//	                                        └──f_path.mnt──▶ mount ──mnt_sb──────────────────────────┘
//
// Each object is one node however many things point at it, so what is
// shared is seen to be shared: two fds after dup(2), or two processes
// after fork(2), are two edges into one File; two opens of one name are
// two Files on one dentry; hard links are two dentries on one inode.
// Backends add what only they know (a pipe's buffer, a socket's peer,
// the Files an epoll watches) through DiagramLinker. diagram_write.go
// spells the graph as Graphviz DOT and as Mermaid.

// DiagramOptions chooses what Kernel.Diagram draws.
type DiagramOptions struct {
	// PIDs are the processes to draw, with what they reach; nil draws
	// every process not yet reaped. Pids that name no process are
	// skipped.
	PIDs []int
	// Mounts adds the mount each File was opened through (f_path.mnt),
	// its superblock, and the mounts it hangs from up to the root.
	Mounts bool
}

// Graph is a snapshot of the objects Kernel.Diagram found: nodes in
// layer order (processes, fd tables, Files, dentries, inodes,
// superblocks, mounts, then backend objects), each layer in the order
// the walk met them, and edges by the layer of the node they leave,
// then in the order the walk drew them. The walk is by pid,
// then by fd, so the same state always gives the same graph, ids
// included.
type Graph struct {
	Nodes []Node
	Edges []Edge
}

// Node is one object of the graph.
type Node struct {
	// ID is stable and safe in DOT and Mermaid alike ([a-z0-9_]):
	// "p1" (pid 1), "fdt1" (the fd table pid 1 is the first to use),
	// "file3" (the third File met), "d2" (dentry), "ino_tmpfs_1_12"
	// (inode 12 of the tmpfs whose device is 0:1), "sb_tmpfs_1",
	// "mnt4" (mount id 4), and a backend object's kind and number,
	// "pipe1".
	ID string
	// Kind is "process", "fdtable", "file", "dentry", "inode",
	// "superblock", "mount", or a backend object's kind (DiagramLink.Kind).
	Kind string
	// Label is what the node shows, lines separated by "\n". Names
	// from the tree are quoted Go-style when they hold anything not
	// printable, so a hostile name shows as what it is.
	Label string
}

// Edge is a pointer from one object to another, named after the field
// Linux keeps it in ("f_path.dentry", "d_inode") or, for an fd, "fd 3".
type Edge struct {
	From, To string
	Label    string
}

// DiagramLinker is implemented by the FileOperations of a File that
// leads to more than its inode: a pipe end to the pipe's buffer, a
// socket to its peer, an epoll to the Files it watches. Kernel.Diagram
// calls it with no lock held; it takes its own locks and returns what
// the object points at now. A File whose operations lack it is drawn
// with its path alone.
type DiagramLinker interface {
	DiagramLinks(f *File) []DiagramLink
}

// DiagramLink is one pointer a DiagramLinker reports: an edge from its
// File to To.
type DiagramLink struct {
	// Label names the edge: "peer", "watches fd 4 EPOLLIN".
	Label string
	// To is a *File or an *Inode, drawn as any other (a File the
	// backend holds must be one it keeps a reference or a release hook
	// on); or any other pointer, a backend object drawn as a node of
	// its own, one node however many links reach it.
	To any
	// Kind and Name are a backend object's node kind and label ("pipe",
	// "pipe buffer\n6 bytes in 1 of 16 slots"); unused for a File or
	// an Inode. A kind that is empty or one of the core's is "object".
	Kind, Name string
}

// Diagram draws the objects the chosen processes reach, as they are
// now. It reads the fd tables as their lock-free lookup does, holding a
// reference on each File until it is done, and takes every other lock
// only while it reads that one object, in the order doc.go gives (the
// pid table; a File's offset lock; an inode's lock; d_path's rename and
// mount locks), never across a call to a backend's DiagramLinks. So it
// may run while the processes work: the picture is then a little
// stale, never torn or racy.
func (k *Kernel) Diagram(opt DiagramOptions) *Graph {
	b := &diagramBuilder{k: k, ids: make(map[any]string), used: make(map[string]bool), seq: make(map[string]int)}
	defer b.drop()
	pids := opt.PIDs
	if pids == nil {
		pids = k.Processes()
	}
	pids = slices.Clone(pids)
	slices.Sort(pids)
	for _, pid := range slices.Compact(pids) {
		if p, ok := k.Process(pid); ok {
			b.process(p)
		}
	}
	// Backends' links, then mounts, in the order the Files were met;
	// a linked File joins the end of the list and is linked in turn.
	for i := 0; i < len(b.files); i++ {
		b.links(b.files[i])
	}
	if opt.Mounts {
		for i := 0; i < len(b.files); i++ {
			b.edge(b.ids[b.files[i].f], b.mount(b.files[i].f.path.Mnt), "f_path.mnt")
		}
	}
	// Layer by layer: nodes by their own layer, edges by the layer
	// they leave from, so the text reads as the picture does.
	kind := make(map[string]string, len(b.g.Nodes))
	for _, n := range b.g.Nodes {
		kind[n.ID] = n.Kind
	}
	slices.SortStableFunc(b.g.Nodes, func(x, y Node) int { return diagramRank(x.Kind) - diagramRank(y.Kind) })
	slices.SortStableFunc(b.g.Edges, func(x, y Edge) int {
		return diagramRank(kind[x.From]) - diagramRank(kind[y.From])
	})
	return &b.g
}

var diagramLayers = []string{"process", "fdtable", "file", "dentry", "inode", "superblock", "mount"}

// diagramRank orders the layers; backend objects come last.
func diagramRank(kind string) int {
	if i := slices.Index(diagramLayers, kind); i >= 0 {
		return i
	}
	return len(diagramLayers)
}

type diagramBuilder struct {
	k    *Kernel
	g    Graph
	ids  map[any]string // object → node id
	used map[string]bool
	seq  map[string]int // numbers handed out per id prefix
	// files are the Files drawn, each with a reference the builder
	// holds until it is done (so none is released and reused under it),
	// and the process whose view spells its path.
	files []diagramFile
}

type diagramFile struct {
	f      *File
	viewer *Process
}

// node adds a node for key. An id already taken (a backend's kind can
// be anything) gets a suffix, so ids stay unique.
func (b *diagramBuilder) node(key any, id, kind, label string) string {
	for b.used[id] {
		id += "_"
	}
	b.used[id] = true
	b.ids[key] = id
	b.g.Nodes = append(b.g.Nodes, Node{ID: id, Kind: kind, Label: label})
	return id
}

func (b *diagramBuilder) next(prefix string) string {
	b.seq[prefix]++
	return prefix + strconv.Itoa(b.seq[prefix])
}

func (b *diagramBuilder) edge(from, to, label string) {
	b.g.Edges = append(b.g.Edges, Edge{From: from, To: to, Label: label})
}

// drop lets go of the Files, with no lock held: a last reference may
// release one.
func (b *diagramBuilder) drop() {
	for _, df := range b.files {
		df.f.DecRef()
	}
}

func (b *diagramBuilder) process(p *Process) {
	label := "process " + strconv.Itoa(p.pid)
	if p.Exited() {
		label += "\n(exited)"
	}
	id := b.node(p, "p"+strconv.Itoa(p.pid), "process", label)
	t := p.files
	if tid, ok := b.ids[t]; ok { // a table shared by another process
		b.edge(id, tid, "files")
		return
	}
	tid := b.node(t, "fdt"+strconv.Itoa(p.pid), "fdtable", "fd table")
	b.edge(id, tid, "files")
	for fd := t.NextFD(0); fd >= 0; fd = t.NextFD(fd + 1) {
		f, err := t.get(fd)
		if err != nil {
			continue // closed meanwhile
		}
		fid, fresh := b.file(f, p)
		if !fresh {
			f.DecRef()
		}
		label := "fd " + strconv.Itoa(fd)
		if cloexec, _ := t.getCloexec(fd); cloexec {
			label += " cloexec"
		}
		b.edge(tid, fid, label)
	}
}

// file draws f, its dentry, inode and superblock. The caller holds a
// reference on f; fresh says the builder kept it, else the caller
// drops it.
func (b *diagramBuilder) file(f *File, viewer *Process) (id string, fresh bool) {
	if id, ok := b.ids[f]; ok {
		return id, false
	}
	label := "File\n" + sysfmt.OpenFlags(f.Flags())
	if f.fmode&(fmodeStream|fmodePath) == 0 {
		label += "\npos " + strconv.FormatInt(f.FdinfoPos(), 10)
	}
	id = b.node(f, b.next("file"), "file", label)
	b.files = append(b.files, diagramFile{f, viewer})
	d := f.path.Dentry
	did, ok := b.ids[d]
	if !ok {
		did = b.node(d, b.next("d"), "dentry", diagramName(viewer.DPath(f.path)))
		b.edge(did, b.inode(f.inode), "d_inode")
	}
	b.edge(id, did, "f_path.dentry")
	return id, true
}

func (b *diagramBuilder) inode(in *Inode) string {
	if id, ok := b.ids[in]; ok {
		return id
	}
	sid := b.super(in.sb)
	mode := in.Mode()
	label := "inode " + strconv.FormatUint(in.ino, 10) + "\n" + sysfmt.NodeMode(mode) +
		"\nnlink " + strconv.FormatUint(uint64(in.Nlink()), 10)
	if mode&S_IFMT == S_IFREG {
		label += "\nsize " + strconv.FormatInt(in.Size(), 10)
	}
	id := b.node(in, "ino_"+strings.TrimPrefix(sid, "sb_")+"_"+strconv.FormatUint(in.ino, 10), "inode", label)
	b.edge(id, sid, "i_sb")
	return id
}

func (b *diagramBuilder) super(sb *SuperBlock) string {
	if id, ok := b.ids[sb]; ok {
		return id
	}
	name := sb.typ.Name()
	dev := strconv.Itoa(int(Major(sb.dev))) + ":" + strconv.Itoa(int(Minor(sb.dev)))
	id := "sb_" + diagramIDPart(name) + "_" + strconv.Itoa(int(Minor(sb.dev)))
	if Major(sb.dev) != 0 {
		id += "_" + strconv.Itoa(int(Major(sb.dev)))
	}
	return b.node(sb, id, "superblock", diagramName(name)+"\ndev "+dev)
}

// mount draws m, its superblock and the mounts it hangs from.
func (b *diagramBuilder) mount(m *Mount) string {
	if id, ok := b.ids[m]; ok {
		return id
	}
	label := "mount " + strconv.Itoa(m.id)
	if m.internal {
		label += "\n(internal)"
	} else {
		where, _ := b.k.dPath(Path{m, m.root}, b.k.RootPath())
		label += "\n" + diagramName(where)
		if m.Detached() {
			label += " (detached)"
		}
	}
	id := b.node(m, "mnt"+strconv.Itoa(m.id), "mount", label)
	b.edge(id, b.super(m.sb), "mnt_sb")
	if parent, _ := m.Parent(); parent != nil {
		b.edge(id, b.mount(parent), "mnt_parent")
	}
	return id
}

// links draws what f's backend says f points at.
func (b *diagramBuilder) links(df diagramFile) {
	l, ok := df.f.ops.(DiagramLinker)
	if !ok {
		return
	}
	from := b.ids[df.f]
	for _, link := range l.DiagramLinks(df.f) {
		var to string
		switch t := link.To.(type) {
		case *File:
			if t == nil || !t.tryIncRef() {
				continue // released meanwhile
			}
			var fresh bool
			if to, fresh = b.file(t, df.viewer); !fresh {
				t.DecRef()
			}
		case *Inode:
			if t == nil {
				continue
			}
			to = b.inode(t)
		default:
			if v := reflect.ValueOf(t); v.Kind() != reflect.Pointer || v.IsNil() {
				continue // not an object with an identity
			}
			var ok bool
			if to, ok = b.ids[t]; !ok {
				kind := link.Kind
				if kind == "" || slices.Contains(diagramLayers, kind) {
					kind = "object"
				}
				to = b.node(t, b.next(diagramIDPart(kind)), kind, link.Name)
			}
		}
		b.edge(from, to, link.Label)
	}
}

// diagramName shows a name as it is, or Go-quoted if it holds a
// quote, a backslash or anything not printable (a newline, a
// right-to-left override), so no name can pass for another or break a
// line.
func diagramName(s string) string {
	if q := strconv.Quote(s); q[1:len(q)-1] != s {
		return q
	}
	return s
}

// diagramIDPart makes s usable in a node id: lower-case letters,
// digits and '_'.
func diagramIDPart(s string) string {
	b := []byte(strings.ToLower(s))
	for i, c := range b {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "obj"
	}
	return string(b)
}
