// The backends' objects in the diagram: FIFOs, sockets, epoll, anon
// inodes, ptys, mounts, and drawing while processes work.

package vfs_test

import (
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestDiagram_fifo: every open of a FIFO leads to one buffer, which
// hangs off the FIFO's tmpfs inode.
func TestDiagram_fifo(t *testing.T) {
	k, p := diagramSystem(t)
	require.NoError(t, p.Mkfifo("/tmp/fifo", 0o600))
	_, err := p.Open("/tmp/fifo", vfs.O_RDWR, 0)
	require.NoError(t, err)
	_, err = p.Open("/tmp/fifo", vfs.O_RDONLY|vfs.O_NONBLOCK, 0)
	require.NoError(t, err)
	_, err = p.Write(0, []byte("hi"))
	require.NoError(t, err)
	g := k.Diagram(vfs.DiagramOptions{})
	require.Equal(t, []string{"f_path.dentry → d1", "reads, writes → pipe1"}, edgesFrom(g, "file1"))
	require.Equal(t, []string{"f_path.dentry → d1", "reads → pipe1"}, edgesFrom(g, "file2"))
	require.Contains(t, g.Nodes, vfs.Node{ID: "pipe1", Kind: "pipe",
		Label: "pipe buffer\n2 bytes in 1 of 16 slots\n2 readers, 1 writer"})
	require.Contains(t, g.Nodes, vfs.Node{ID: "ino_tmpfs_4_3", Kind: "inode", Label: "inode 3\nS_IFIFO|0600\nnlink 1"})
}

// TestDiagram_unix_listener: a connection not yet accepted has no File;
// the client and the listener both point at it until accept gives it one.
func TestDiagram_unix_listener(t *testing.T) {
	k, p := diagramSystem(t)
	srv, err := p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	require.NoError(t, err)
	require.NoError(t, p.Bind(srv, &vfs.SockaddrUnix{Name: "/tmp/sock"}))
	require.NoError(t, p.Listen(srv, 1))
	cli, err := p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	require.NoError(t, err)
	require.NoError(t, p.Connect(cli, &vfs.SockaddrUnix{Name: "/tmp/sock"}))

	g := k.Diagram(vfs.DiagramOptions{})
	require.Equal(t, []string{"f_path.dentry → d1", "bound to → ino_tmpfs_4_3", "backlog → socket1"}, edgesFrom(g, "file1"))
	require.Equal(t, []string{"f_path.dentry → d2", "peer → socket1"}, edgesFrom(g, "file2"))
	require.Contains(t, g.Nodes, vfs.Node{ID: "socket1", Kind: "socket", Label: "unix socket\nnot yet accepted"})
	require.Contains(t, g.Nodes, vfs.Node{ID: "ino_tmpfs_4_3", Kind: "inode", Label: "inode 3\nS_IFSOCK|0755\nnlink 1"})

	acc, _, err := p.Accept(srv)
	require.NoError(t, err)
	require.Equal(t, 2, acc)
	g = k.Diagram(vfs.DiagramOptions{})
	require.Equal(t, []string{"f_path.dentry → d1", "bound to → ino_tmpfs_4_3"}, edgesFrom(g, "file1"))
	require.Equal(t, []string{"f_path.dentry → d2", "peer → file3"}, edgesFrom(g, "file2"))
	require.Equal(t, []string{"f_path.dentry → d3", "peer → file2"}, edgesFrom(g, "file3"))
}

// An epoll interest belongs to the File, not the fd: after the process
// closes the fd it watched, the File (kept open by a child's fd) is
// still drawn, reached through the epoll alone.
func TestDiagram_epoll_reaches_a_file_no_fd_of_the_process_holds(t *testing.T) {
	k, p := diagramSystem(t)
	fds := make([]int, 2)
	require.NoError(t, p.Pipe(fds))
	c, err := p.Fork()
	require.NoError(t, err)
	ep, err := p.EpollCreate1(0)
	require.NoError(t, err)
	require.NoError(t, p.EpollCtl(ep, vfs.EPOLL_CTL_ADD, fds[0], &vfs.EpollEvent{Events: vfs.EPOLLIN}))
	require.NoError(t, p.Close(fds[0])) // the child's fd keeps the File open
	g := k.Diagram(vfs.DiagramOptions{PIDs: []int{p.Pid()}})
	require.Equal(t, []string{"f_path.dentry → d2", "watches fd 0 EPOLLIN → file3"}, edgesFrom(g, "file2"))
	require.Equal(t, []string{"f_path.dentry → d3", "reads → pipe1"}, edgesFrom(g, "file3"))
	require.NotContains(t, nodeIDs(g), "p"+strconv.Itoa(c.Pid()))
}

// TestDiagram_while_processes_work draws the graph again and again while
// processes open, dup, close, fork, exit, make pipes, sockets and epoll
// interests: under -race it must neither race nor deadlock, and every
// graph must be whole (each edge between two of its nodes).
func TestDiagram_while_processes_work(t *testing.T) {
	k, p := diagramSystem(t)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			name := "/tmp/w" + strconv.Itoa(w)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				c, err := p.Fork()
				if err != nil {
					continue
				}
				fd, _ := c.Open(name, vfs.O_CREAT|vfs.O_RDWR, 0o644)
				c.Write(fd, []byte("x"))
				c.Dup(fd)
				fds := make([]int, 2)
				c.Pipe(fds)
				sv, _ := c.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
				ep, _ := c.EpollCreate1(0)
				c.EpollCtl(ep, vfs.EPOLL_CTL_ADD, fds[0], &vfs.EpollEvent{Events: vfs.EPOLLIN})
				c.EpollCtl(ep, vfs.EPOLL_CTL_ADD, sv[0], &vfs.EpollEvent{Events: vfs.EPOLLIN})
				c.Close(fds[0])
				c.Close(sv[1])
				if i%2 == 0 {
					c.Unlink(name)
				}
				c.Exit(0)
				p.Wait(c.Pid())
			}
		})
	}
	for range 200 {
		g := k.Diagram(vfs.DiagramOptions{Mounts: true})
		ids := make(map[string]bool)
		for _, n := range g.Nodes {
			require.False(t, ids[n.ID], "node %s twice", n.ID)
			ids[n.ID] = true
		}
		for _, e := range g.Edges {
			require.True(t, ids[e.From] && ids[e.To], "edge %v", e)
		}
		require.NoError(t, g.WriteMermaid(io.Discard))
	}
	close(stop)
	wg.Wait()
}

func TestDiagram_a_shared_fd_table_is_drawn_once(t *testing.T) {
	k, p := diagramSystem(t)
	_, err := p.Open("/tmp/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	require.NoError(t, err)
	c, err := p.Fork()
	require.NoError(t, err)
	vfs.ShareFilesForTest(c, p)
	g := k.Diagram(vfs.DiagramOptions{})
	require.Equal(t, []string{"p1", "p2", "fdt1", "file1", "d1", "ino_tmpfs_4_3", "sb_tmpfs_4"}, nodeIDs(g))
	require.Equal(t, []string{"files → fdt1"}, edgesFrom(g, "p2"))
	require.Equal(t, []string{"fd 0 → file1"}, edgesFrom(g, "fdt1"))
}

// TestDiagram_anon_objects: eventfd, timerfd and epoll Files share the
// one anon inode; each File's own object tells them apart.
func TestDiagram_anon_objects(t *testing.T) {
	k, p := diagramSystem(t)
	_, err := p.Eventfd(3, vfs.EFD_SEMAPHORE)
	require.NoError(t, err)
	tfd, err := p.TimerfdCreate(vfs.CLOCK_MONOTONIC, 0)
	require.NoError(t, err)
	require.NoError(t, p.TimerfdSettime(tfd, 0, &vfs.ItimerSpec{
		Interval: vfs.NsecToTimespec(int64(time.Second)), Value: vfs.NsecToTimespec(int64(time.Hour))}, nil))
	_, err = p.TimerfdCreate(vfs.CLOCK_REALTIME, 0)
	require.NoError(t, err)
	g := k.Diagram(vfs.DiagramOptions{})
	require.Equal(t, []string{"fd 0 → file1", "fd 1 → file2", "fd 2 → file3"}, edgesFrom(g, "fdt1"))
	require.Equal(t, []string{"f_path.dentry → d1", "private_data → eventfd1"}, edgesFrom(g, "file1"))
	require.Equal(t, []string{"f_path.dentry → d2", "private_data → timerfd1"}, edgesFrom(g, "file2"))
	require.Equal(t, []string{"f_path.dentry → d3", "private_data → timerfd2"}, edgesFrom(g, "file3"))
	for _, d := range []string{"d1", "d2", "d3"} {
		require.Equal(t, []string{"d_inode → ino_anon_inodefs_3_2"}, edgesFrom(g, d))
	}
	require.Subset(t, g.Nodes, []vfs.Node{
		{ID: "d1", Kind: "dentry", Label: "anon_inode:[eventfd]"},
		{ID: "d2", Kind: "dentry", Label: "anon_inode:[timerfd]"},
		{ID: "eventfd1", Kind: "eventfd", Label: "eventfd_ctx\ncount 3\nEFD_SEMAPHORE"},
		{ID: "timerfd1", Kind: "timerfd", Label: "timerfd_ctx\nCLOCK_MONOTONIC\narmed, every 1s\nticks unread 0"},
		{ID: "timerfd2", Kind: "timerfd", Label: "timerfd_ctx\nCLOCK_REALTIME\ndisarmed\nticks unread 0"},
	})
}

// TestDiagram_pty: the master and every open of the slave lead to one
// pair.
func TestDiagram_pty(t *testing.T) {
	k, p := newSystem(t)
	m, err := p.Open("/dev/ptmx", vfs.O_RDWR|vfs.O_NOCTTY, 0)
	require.NoError(t, err)
	require.NoError(t, p.IoctlSetPointerInt(m, vfs.TIOCSPTLCK, 0))
	_, err = p.Open("/dev/pts/0", vfs.O_RDWR|vfs.O_NOCTTY, 0)
	require.NoError(t, err)
	g := k.Diagram(vfs.DiagramOptions{PIDs: []int{p.Pid()}})
	require.Equal(t, []string{"fd 0 → file1", "fd 1 → file1", "fd 2 → file1", "fd 3 → file2", "fd 4 → file3"}, edgesFrom(g, "fdt1"))
	require.Equal(t, []string{"f_path.dentry → d2", "master → pty1"}, edgesFrom(g, "file2"))
	require.Equal(t, []string{"f_path.dentry → d3", "slave → pty1"}, edgesFrom(g, "file3"))
	require.Contains(t, g.Nodes, vfs.Node{ID: "pty1", Kind: "pty", Label: "pty 0\nopen slaves: 1"})
	require.Contains(t, g.Nodes, vfs.Node{ID: "d3", Kind: "dentry", Label: "/dev/pts/0"})
}

// TestDiagram_mounts_hang_from_their_parents: with Mounts, a File on
// /dev/pts leads to its mount, which hangs from /dev's, which hangs
// from the root's; each mount points at its superblock.
func TestDiagram_mounts_hang_from_their_parents(t *testing.T) {
	k, p := newSystem(t)
	_, err := p.Open("/dev/pts", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err)
	g := k.Diagram(vfs.DiagramOptions{PIDs: []int{p.Pid()}, Mounts: true})
	byLabel := make(map[string]string)
	for _, n := range g.Nodes {
		if n.Kind == "mount" {
			byLabel[n.Label[strings.Index(n.Label, "\n")+1:]] = n.ID
		}
	}
	pts, dev, root := byLabel["/dev/pts"], byLabel["/dev"], byLabel["/"]
	require.NotEmpty(t, pts)
	require.True(t, strings.HasPrefix(edgeTo(g, pts, "mnt_sb"), "sb_devpts_"))
	require.Equal(t, []string{"mnt_sb → " + edgeTo(g, pts, "mnt_sb"), "mnt_parent → " + dev}, edgesFrom(g, pts))
	require.Equal(t, "mnt_parent → "+root, edgesFrom(g, dev)[1])
	require.Equal(t, []string{"mnt_sb → " + edgeTo(g, root, "mnt_sb")}, edgesFrom(g, root), "the root hangs from nothing")
	require.Contains(t, g.Edges, vfs.Edge{From: "file2", To: pts, Label: "f_path.mnt"})
}

// edgeTo is where the edge labelled label leaving from goes.
func edgeTo(g *vfs.Graph, from, label string) string {
	for _, e := range g.Edges {
		if e.From == from && e.Label == label {
			return e.To
		}
	}
	return ""
}
