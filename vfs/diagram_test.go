package vfs_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/anonfs"
	"github.com/govfs/govfs/pipefs"
	"github.com/govfs/govfs/sockfs"
	"github.com/govfs/govfs/tmpfs"
	"github.com/govfs/govfs/vfs"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// diagramSystem is a kernel of its own making (tmpfs at / with /tmp,
// pipes, sockets, epoll), not govfs.Boot's: the golden graph names
// inode and device numbers, which every file Boot adds would move.
func diagramSystem(t *testing.T) (*vfs.Kernel, *vfs.Process) {
	t.Helper()
	k := vfs.NewKernel()
	require.NoError(t, tmpfs.Register(k))
	_, err := pipefs.Register(k)
	require.NoError(t, err)
	_, err = sockfs.Register(k)
	require.NoError(t, err)
	_, err = anonfs.Register(k)
	require.NoError(t, err)
	require.NoError(t, k.MountRoot("tmpfs", 0, "mode=755"))
	t.Cleanup(k.Shutdown)
	p := k.Init()
	require.NoError(t, p.Mkdir("/tmp", 0o1777))
	return k, p
}

// knownState is the state the golden graph draws. Process 1 opens
// /tmp/f and writes 5 bytes (fd 0), dups it (fd 1) and forks 2; then
// makes a pipe (2, 3), a socketpair (4, 5) and an epoll (6, close on
// exec) watching the pipe's read end. Process 2 opens /tmp/f again
// (fd 2: a second File on the same dentry) and a hard link of it,
// /tmp/g (fd 3: another dentry on the same inode).
func knownState(t *testing.T) *vfs.Kernel {
	k, p := diagramSystem(t)
	fd, err := p.Open("/tmp/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	require.NoError(t, err)
	_, err = p.Write(fd, []byte("hello"))
	require.NoError(t, err)
	_, err = p.Dup(fd)
	require.NoError(t, err)
	c, err := p.Fork()
	require.NoError(t, err)
	fds := make([]int, 2)
	require.NoError(t, p.Pipe(fds))
	_, err = p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	require.NoError(t, err)
	ep, err := p.EpollCreate1(vfs.EPOLL_CLOEXEC)
	require.NoError(t, err)
	require.NoError(t, p.EpollCtl(ep, vfs.EPOLL_CTL_ADD, fds[0], &vfs.EpollEvent{Events: vfs.EPOLLIN | vfs.EPOLLET}))
	_, err = c.Open("/tmp/f", vfs.O_RDONLY, 0)
	require.NoError(t, err)
	require.NoError(t, c.Link("/tmp/f", "/tmp/g"))
	_, err = c.Open("/tmp/g", vfs.O_WRONLY|vfs.O_APPEND, 0)
	require.NoError(t, err)
	return k
}

func TestDiagram_known_state(t *testing.T) {
	g := knownState(t).Diagram(vfs.DiagramOptions{})
	require.Equal(t, []vfs.Node{
		{ID: "p1", Kind: "process", Label: "process 1"},
		{ID: "p2", Kind: "process", Label: "process 2"},
		{ID: "fdt1", Kind: "fdtable", Label: "fd table"},
		{ID: "fdt2", Kind: "fdtable", Label: "fd table"},
		{ID: "file1", Kind: "file", Label: "File\nO_RDWR|O_LARGEFILE\npos 5"},
		{ID: "file2", Kind: "file", Label: "File\nO_RDONLY"},
		{ID: "file3", Kind: "file", Label: "File\nO_WRONLY"},
		{ID: "file4", Kind: "file", Label: "File\nO_RDWR"},
		{ID: "file5", Kind: "file", Label: "File\nO_RDWR"},
		{ID: "file6", Kind: "file", Label: "File\nO_RDWR"},
		{ID: "file7", Kind: "file", Label: "File\nO_RDONLY|O_LARGEFILE\npos 0"},
		{ID: "file8", Kind: "file", Label: "File\nO_WRONLY|O_APPEND|O_LARGEFILE\npos 0"},
		{ID: "d1", Kind: "dentry", Label: "/tmp/f"},
		{ID: "d2", Kind: "dentry", Label: "pipe:[2]"},
		{ID: "d3", Kind: "dentry", Label: "pipe:[2]"},
		{ID: "d4", Kind: "dentry", Label: "socket:[2]"},
		{ID: "d5", Kind: "dentry", Label: "socket:[3]"},
		{ID: "d6", Kind: "dentry", Label: "anon_inode:[eventpoll]"},
		{ID: "d7", Kind: "dentry", Label: "/tmp/g"},
		{ID: "ino_tmpfs_4_3", Kind: "inode", Label: "inode 3\nS_IFREG|0644\nnlink 2\nsize 5"},
		{ID: "ino_pipefs_1_2", Kind: "inode", Label: "inode 2\nS_IFIFO|0600\nnlink 1"},
		{ID: "ino_sockfs_2_2", Kind: "inode", Label: "inode 2\nS_IFSOCK|0777\nnlink 1"},
		{ID: "ino_sockfs_2_3", Kind: "inode", Label: "inode 3\nS_IFSOCK|0777\nnlink 1"},
		{ID: "ino_anon_inodefs_3_2", Kind: "inode", Label: "inode 2\n0600\nnlink 1"},
		{ID: "sb_tmpfs_4", Kind: "superblock", Label: "tmpfs\ndev 0:4"},
		{ID: "sb_pipefs_1", Kind: "superblock", Label: "pipefs\ndev 0:1"},
		{ID: "sb_sockfs_2", Kind: "superblock", Label: "sockfs\ndev 0:2"},
		{ID: "sb_anon_inodefs_3", Kind: "superblock", Label: "anon_inodefs\ndev 0:3"},
		{ID: "pipe1", Kind: "pipe", Label: "pipe buffer\n0 bytes in 0 of 16 slots\n1 reader, 1 writer"},
	}, g.Nodes)
	require.Equal(t, []vfs.Edge{
		{From: "p1", To: "fdt1", Label: "files"},
		{From: "p2", To: "fdt2", Label: "files"},
		// dup: two fds, one File; fork: two tables, the same Files.
		{From: "fdt1", To: "file1", Label: "fd 0"},
		{From: "fdt1", To: "file1", Label: "fd 1"},
		{From: "fdt1", To: "file2", Label: "fd 2"},
		{From: "fdt1", To: "file3", Label: "fd 3"},
		{From: "fdt1", To: "file4", Label: "fd 4"},
		{From: "fdt1", To: "file5", Label: "fd 5"},
		{From: "fdt1", To: "file6", Label: "fd 6 cloexec"},
		{From: "fdt2", To: "file1", Label: "fd 0"},
		{From: "fdt2", To: "file1", Label: "fd 1"},
		{From: "fdt2", To: "file7", Label: "fd 2"},
		{From: "fdt2", To: "file8", Label: "fd 3"},
		// A second open of /tmp/f is a second File on the same dentry.
		{From: "file1", To: "d1", Label: "f_path.dentry"},
		{From: "file2", To: "d2", Label: "f_path.dentry"},
		{From: "file3", To: "d3", Label: "f_path.dentry"},
		{From: "file4", To: "d4", Label: "f_path.dentry"},
		{From: "file5", To: "d5", Label: "f_path.dentry"},
		{From: "file6", To: "d6", Label: "f_path.dentry"},
		{From: "file7", To: "d1", Label: "f_path.dentry"},
		{From: "file8", To: "d7", Label: "f_path.dentry"},
		// The backends' links: both ends to one buffer, the sockets to
		// each other, the epoll to the File behind the fd it watches.
		{From: "file2", To: "pipe1", Label: "reads"},
		{From: "file3", To: "pipe1", Label: "writes"},
		{From: "file4", To: "file5", Label: "peer"},
		{From: "file5", To: "file4", Label: "peer"},
		{From: "file6", To: "file2", Label: "watches fd 2 EPOLLIN|EPOLLET"},
		// A hard link is a second dentry on the same inode.
		{From: "d1", To: "ino_tmpfs_4_3", Label: "d_inode"},
		{From: "d2", To: "ino_pipefs_1_2", Label: "d_inode"},
		{From: "d3", To: "ino_pipefs_1_2", Label: "d_inode"},
		{From: "d4", To: "ino_sockfs_2_2", Label: "d_inode"},
		{From: "d5", To: "ino_sockfs_2_3", Label: "d_inode"},
		{From: "d6", To: "ino_anon_inodefs_3_2", Label: "d_inode"},
		{From: "d7", To: "ino_tmpfs_4_3", Label: "d_inode"},
		{From: "ino_tmpfs_4_3", To: "sb_tmpfs_4", Label: "i_sb"},
		{From: "ino_pipefs_1_2", To: "sb_pipefs_1", Label: "i_sb"},
		{From: "ino_sockfs_2_2", To: "sb_sockfs_2", Label: "i_sb"},
		{From: "ino_sockfs_2_3", To: "sb_sockfs_2", Label: "i_sb"},
		{From: "ino_anon_inodefs_3_2", To: "sb_anon_inodefs_3", Label: "i_sb"},
	}, g.Edges)
}

// TestDiagram_golden checks the text of both spellings of the known
// state, with its mounts; go test -run Golden -update rewrites them.
func TestDiagram_golden(t *testing.T) {
	g := knownState(t).Diagram(vfs.DiagramOptions{Mounts: true})
	for _, tc := range []struct {
		file  string
		write func(*vfs.Graph, *bytes.Buffer) error
	}{
		{"diagram.dot", func(g *vfs.Graph, b *bytes.Buffer) error { return g.WriteDOT(b) }},
		{"diagram.mmd", func(g *vfs.Graph, b *bytes.Buffer) error { return g.WriteMermaid(b) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, tc.write(g, &b))
			path := filepath.Join("testdata", tc.file)
			if *updateGolden {
				require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, string(want), b.String())
		})
	}
}

// hostileName is a file name that tries every way out of a label: a
// quote, a newline, Mermaid's and DOT's syntax, an entity, HTML, a
// right-to-left override, a byte that is not UTF-8.
const hostileName = "a\"b\n]) --> x[\"y\"] %% #quot; <b>&amp;<i> | ; ` \\ \u202e end \xff"

var (
	mermaidNodeLine = regexp.MustCompile(`^    [a-z0-9_]+(\(\[|\[\[|\[\(|\[/|\{\{|\[|\(|>)"[^"<>\n]*(<br>[^"<>\n]*)*"(\]\)|\]\]|\)\]|\\\]|\}\}|\]|\))$`)
	mermaidEdgeLine = regexp.MustCompile(`^    [a-z0-9_]+ -->\|"[^"|<>\n]*"\| [a-z0-9_]+$`)
	dotNodeLine     = regexp.MustCompile(`^\t[a-z0-9_]+ \[shape=[a-z0-9]+(, style=rounded)?, label="([^"\\]|\\.)*"\];$`)
	dotEdgeLine     = regexp.MustCompile(`^\t[a-z0-9_]+ -> [a-z0-9_]+ \[label="([^"\\]|\\.)*"\];$`)
)

func TestDiagram_hostile_names_stay_inside_their_labels(t *testing.T) {
	k, p := diagramSystem(t)
	_, err := p.Open("/tmp/"+hostileName, vfs.O_CREAT|vfs.O_RDWR, 0o644)
	require.NoError(t, err)
	g := k.Diagram(vfs.DiagramOptions{Mounts: true})
	require.Contains(t, g.Nodes, vfs.Node{ID: "d1", Kind: "dentry", Label: strconv.Quote("/tmp/" + hostileName)})

	var mmd, dot bytes.Buffer
	require.NoError(t, g.WriteMermaid(&mmd))
	require.NoError(t, g.WriteDOT(&dot))
	lines := strings.Split(strings.TrimSuffix(mmd.String(), "\n"), "\n")
	require.Equal(t, "flowchart LR", lines[0])
	require.Len(t, lines, 1+len(g.Nodes)+len(g.Edges), "one line per node and per edge")
	for i, l := range lines[1:] {
		if i < len(g.Nodes) {
			require.Regexp(t, mermaidNodeLine, l)
		} else {
			require.Regexp(t, mermaidEdgeLine, l)
		}
	}
	lines = strings.Split(strings.TrimSuffix(dot.String(), "\n"), "\n")
	require.Len(t, lines, 5+len(g.Nodes)+len(g.Edges))
	for i, l := range lines[4 : len(lines)-1] {
		if i < len(g.Nodes) {
			require.Regexp(t, dotNodeLine, l)
		} else {
			require.Regexp(t, dotEdgeLine, l)
		}
	}
}

// TestDiagram_writers_escape_a_graph_made_by_hand: ids and labels that
// did not come from Diagram are made safe too.
func TestDiagram_writers_escape_a_graph_made_by_hand(t *testing.T) {
	g := &vfs.Graph{
		Nodes: []vfs.Node{
			{ID: "a b", Kind: "process", Label: "x\"\ny\x00<script>"},
			{ID: "ok_1", Kind: "gadget", Label: "#;|`&"},
		},
		Edges: []vfs.Edge{{From: "a b", To: "ok_1", Label: "-->|\"\n"}},
	}
	var mmd, dot bytes.Buffer
	require.NoError(t, g.WriteMermaid(&mmd))
	require.NoError(t, g.WriteDOT(&dot))
	require.Equal(t, `flowchart LR
    id__a_b_(["x#quot;<br>y\x00#lt;script#gt;"])
    ok_1>"#35;#59;#124;#96;#amp;"]
    id__a_b_ -->|"--#gt;#124;#quot;<br>"| ok_1
`, mmd.String())
	require.Equal(t, `digraph vfs {
	rankdir=LR;
	node [fontname="monospace", fontsize=10];
	edge [fontname="monospace", fontsize=9];
	id__a_b_ [shape=ellipse, label="x\"\ny\\x00<script>"];
	ok_1 [shape=note, label="#;|`+"`"+`&"];
	id__a_b_ -> ok_1 [label="-->|\"\n"];
}
`, dot.String())
}

// edgesFrom lists the edges leaving id as "label → to".
func edgesFrom(g *vfs.Graph, id string) []string {
	var out []string
	for _, e := range g.Edges {
		if e.From == id {
			out = append(out, e.Label+" → "+e.To)
		}
	}
	return out
}

func nodeIDs(g *vfs.Graph) []string {
	var ids []string
	for _, n := range g.Nodes {
		ids = append(ids, n.ID)
	}
	return ids
}

func TestDiagram_options(t *testing.T) {
	k := knownState(t)
	for _, tc := range []struct {
		name string
		pids []int
		want []string
	}{
		{"pids_draw_only_what_those_processes_reach", []int{2},
			[]string{"p2", "fdt2", "file1", "file2", "file3", "d1", "d2", "ino_tmpfs_4_3", "sb_tmpfs_4"}},
		{"unknown_and_repeated_pids_are_skipped", []int{2, 99, 2},
			[]string{"p2", "fdt2", "file1", "file2", "file3", "d1", "d2", "ino_tmpfs_4_3", "sb_tmpfs_4"}},
		{"an_empty_list_draws_nothing", []int{}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, nodeIDs(k.Diagram(vfs.DiagramOptions{PIDs: tc.pids})))
		})
	}
}

func TestDiagram_an_exited_process_has_an_empty_table(t *testing.T) {
	k, p := diagramSystem(t)
	_, err := p.Open("/tmp/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	require.NoError(t, err)
	c, err := p.Fork()
	require.NoError(t, err)
	c.Exit(0)
	g := k.Diagram(vfs.DiagramOptions{PIDs: []int{c.Pid()}})
	require.Equal(t, []vfs.Node{
		{ID: "p2", Kind: "process", Label: "process 2\n(exited)"},
		{ID: "fdt2", Kind: "fdtable", Label: "fd table"},
	}, g.Nodes)
	require.Equal(t, []vfs.Edge{{From: "p2", To: "fdt2", Label: "files"}}, g.Edges)
}
