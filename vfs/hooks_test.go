package vfs_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// The hooks procfs, devfs and sockfs build on, each exercised through a
// tiny /proc-like backend ("miniproc") and the filesystems govfs has:
//
//	/mp/self    a symlink whose target is the reader's pid (ProcessReadlinker)
//	/mp/PID     a file per live process, gone when it is reaped (Revalidater)
//	/mp/fdN     a magic link to the caller's fd N (Jumper)

type miniprocFS struct{ k *vfs.Kernel }

func (miniprocFS) Name() string { return "miniproc" }

func (m miniprocFS) Mount(k *vfs.Kernel, _ string, _ uintptr, _ string) (*vfs.SuperBlock, error) {
	sb := vfs.NewSuperBlock(k, m, 0x9fa0, nil)
	root := &miniprocDir{k: k, sb: sb}
	root.Init(sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o555})
	sb.SetRoot(&root.Inode)
	return sb, nil
}

type miniprocDir struct {
	vfs.Inode
	k       *vfs.Kernel
	sb      *vfs.SuperBlock
	asked   int // Revalidate calls
	lookups int // Lookup calls
	knob    int // what /mp/knob reads and stores
}

func (d *miniprocDir) Lookup(name string) (*vfs.Inode, error) {
	d.lookups++
	switch {
	case name == "knob": // a /proc/sys-style file: generated, parsed
		g := &miniprocGen{}
		g.Generate = func(b []byte) ([]byte, error) { return append(strconv.AppendInt(b, int64(d.knob), 10), '\n'), nil }
		g.Store = func(b []byte) error {
			n, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				return vfs.EINVAL
			}
			d.knob = n
			return nil
		}
		g.Init(d.sb, g, vfs.Attr{Mode: vfs.S_IFREG | 0o644})
		return &g.Inode, nil
	case name == "keeper": // a GenFile whose Open breaks its promise
		g := &miniprocKeeper{}
		g.Generate = func(b []byte) ([]byte, error) { return append(b, "kept\n"...), nil }
		g.Init(d.sb, g, vfs.Attr{Mode: vfs.S_IFREG | 0o444})
		return &g.Inode, nil
	case name == "self":
		l := &miniprocSelf{}
		l.Init(d.sb, l, vfs.Attr{Mode: vfs.S_IFLNK | 0o777})
		return &l.Inode, nil
	case strings.HasPrefix(name, "fd"):
		n, err := strconv.Atoi(name[2:])
		if err != nil {
			return nil, vfs.ENOENT
		}
		l := &miniprocFD{fd: n}
		l.Init(d.sb, l, vfs.Attr{Mode: vfs.S_IFLNK | 0o700})
		return &l.Inode, nil
	}
	pid, err := strconv.Atoi(name)
	if err != nil {
		return nil, vfs.ENOENT
	}
	if _, ok := d.k.Process(pid); !ok {
		return nil, vfs.ENOENT
	}
	f := &miniprocPid{pid: pid}
	f.Init(d.sb, f, vfs.Attr{Mode: vfs.S_IFREG | 0o444})
	return &f.Inode, nil
}

// Revalidate keeps a pid's name only while the process is there, as
// pid_revalidate does.
func (d *miniprocDir) Revalidate(child *vfs.Dentry) bool {
	d.asked++
	pid, err := strconv.Atoi(child.Name())
	if err != nil {
		return true
	}
	_, ok := d.k.Process(pid)
	return ok
}

type miniprocGen struct {
	vfs.Inode
	vfs.GenFile
}

type miniprocSelf struct{ vfs.Inode }

func (*miniprocSelf) ReadlinkProcess(p *vfs.Process) (string, error) {
	return strconv.Itoa(p.Pid()), nil
}

type miniprocFD struct {
	vfs.Inode
	fd int
}

func (l *miniprocFD) Jump(p *vfs.Process) (vfs.Path, error) {
	f, err := p.Fget(l.fd)
	if err != nil {
		return vfs.Path{}, vfs.ENOENT
	}
	defer f.DecRef() // the fd keeps the path; the walk only looks
	return f.Path(), nil
}

func (l *miniprocFD) Readlink() (string, error) { return "fd" + strconv.Itoa(l.fd), nil }

type miniprocPid struct {
	vfs.Inode
	pid int
}

func (f *miniprocPid) Read(_ *vfs.File, dst []byte, off *int64) (int, error) {
	s := strconv.Itoa(f.pid) + "\n"
	if *off >= int64(len(s)) {
		return 0, nil
	}
	n := copy(dst, s[*off:])
	*off += int64(n)
	return n, nil
}

func (f *miniprocPid) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EACCES }

func bootMiniproc(t *testing.T) (*vfs.Kernel, *vfs.Process, *miniprocDir) {
	k, p := newSystem(t)
	require.NoError(t, k.RegisterFileSystem(miniprocFS{k}))
	require.NoError(t, p.Mkdir("/mp", 0o755))
	require.NoError(t, p.Mount("miniproc", "/mp", "miniproc", 0, ""))
	fd, err := p.Open("/mp", vfs.O_PATH, 0)
	require.NoError(t, err)
	f, err := p.Fget(fd)
	require.NoError(t, err)
	root := f.Inode().Impl().(*miniprocDir)
	f.DecRef()
	require.NoError(t, p.Close(fd))
	return k, p, root
}

func TestHooks(t *testing.T) {
	t.Run("readlink_and_the_walk_ask_the_link_who_reads_it", func(t *testing.T) {
		_, p, _ := bootMiniproc(t)
		c, err := p.Fork()
		require.NoError(t, err)
		defer func() { c.Exit(0); p.Wait(c.Pid()) }()
		for _, proc := range []*vfs.Process{p, c} {
			buf := make([]byte, 16)
			n, err := proc.Readlink("/mp/self", buf)
			require.NoError(t, err)
			require.Equal(t, strconv.Itoa(proc.Pid()), string(buf[:n]))
			require.Equal(t, strconv.Itoa(proc.Pid())+"\n", readFile(t, proc, "/mp/self"))
		}
	})

	t.Run("a_revalidated_name_goes_with_its_process", func(t *testing.T) {
		_, p, root := bootMiniproc(t)
		c, err := p.Fork()
		require.NoError(t, err)
		path := "/mp/" + strconv.Itoa(c.Pid())
		stat(t, p, path)
		stat(t, p, path) // cached now, but asked again
		require.Positive(t, root.asked)
		fd, err := p.Open(path, vfs.O_RDONLY, 0)
		require.NoError(t, err)
		c.Exit(0)
		_, err = p.Wait(c.Pid())
		require.NoError(t, err)
		var st vfs.Stat_t
		requireErrno(t, p.Stat(path, &st), vfs.ENOENT)
		// An fd opened before keeps what it opened, as an fd of an
		// unlinked file does.
		require.Equal(t, strconv.Itoa(c.Pid())+"\n", readAll(t, p, fd))
		require.NoError(t, p.Close(fd))
	})

	t.Run("a_magic_link_to_a_pipe_reopens_the_same_pipe", func(t *testing.T) {
		_, p, _ := bootMiniproc(t)
		fds := make([]int, 2)
		require.NoError(t, p.Pipe(fds))
		w2, err := p.Open("/mp/fd"+strconv.Itoa(fds[1]), vfs.O_WRONLY, 0)
		require.NoError(t, err)
		_, err = p.Write(w2, []byte("via the link"))
		require.NoError(t, err)
		buf := make([]byte, 32)
		n, err := p.Read(fds[0], buf)
		require.NoError(t, err)
		require.Equal(t, "via the link", string(buf[:n]))
		// The pipe ends only when every writer, old and new, is gone.
		require.NoError(t, p.Close(fds[1]))
		_, err = p.Write(w2, []byte("!"))
		require.NoError(t, err)
		require.NoError(t, p.Close(w2))
		require.Equal(t, "!", readAll(t, p, fds[0]))
		require.NoError(t, p.Close(fds[0]))
	})

	t.Run("a_magic_link_to_an_unlinked_file_reaches_it", func(t *testing.T) {
		_, p, _ := bootMiniproc(t)
		writeFile(t, p, "/tmp/gone", "still here", 0o644)
		fd, err := p.Open("/tmp/gone", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.NoError(t, p.Unlink("/tmp/gone"))
		require.Equal(t, "still here", readFile(t, p, "/mp/fd"+strconv.Itoa(fd)))
		f, err := p.Fget(fd)
		require.NoError(t, err)
		require.Equal(t, "/tmp/gone (deleted)", p.PathOf(f))
		require.Equal(t, "/tmp/gone (deleted)", p.DPath(f.Path()))
		f.DecRef()
		require.NoError(t, p.Close(fd))
	})
}

func TestGenFileAndShutdownHooks(t *testing.T) {
	t.Run("a_generated_file_snapshots_at_open_and_parses_writes", func(t *testing.T) {
		_, p, root := bootMiniproc(t)
		root.knob = 7
		fd, err := p.Open("/mp/knob", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		root.knob = 8 // after the open: this File keeps its snapshot
		require.Equal(t, "7\n", readAll(t, p, fd))
		require.NoError(t, p.Close(fd))
		require.Equal(t, "8\n", readFile(t, p, "/mp/knob"))
		require.Zero(t, stat(t, p, "/mp/knob").Size, "synthetic files report size 0")
		w, err := p.Open("/mp/knob", vfs.O_WRONLY, 0)
		require.NoError(t, err)
		_, err = p.Write(w, []byte("42\n"))
		require.NoError(t, err)
		_, err = p.Write(w, []byte("x"))
		requireErrno(t, err, vfs.EINVAL)
		require.NoError(t, p.Close(w))
		require.Equal(t, 42, root.knob)
	})

	t.Run("shutdown_hooks_run_once_after_every_process_ended", func(t *testing.T) {
		k, p := newSystem(t)
		c, err := p.Fork()
		require.NoError(t, err)
		ran := 0
		k.OnShutdown(func() {
			ran++
			require.Empty(t, k.Processes())
			_, err := c.Open("/tmp", vfs.O_RDONLY, 0)
			requireErrno(t, err, vfs.ESRCH)
		})
		k.Shutdown()
		k.Shutdown()
		require.Equal(t, 1, ran)
	})
}

func TestBackendAPI(t *testing.T) {
	t.Run("MknodPath_makes_a_socket_node_that_lives_on_after_unlink", func(t *testing.T) {
		_, p := newSystem(t)
		p.Umask(0o077)
		at, err := p.MknodPath(vfs.AT_FDCWD, "/tmp/sock", vfs.S_IFSOCK|0o777)
		require.NoError(t, err)
		st := stat(t, p, "/tmp/sock")
		require.Equal(t, uint32(vfs.S_IFSOCK|0o700), st.Mode)
		_, err = p.Open("/tmp/sock", vfs.O_RDWR, 0)
		requireErrno(t, err, vfs.ENXIO)
		_, err = p.MknodPath(vfs.AT_FDCWD, "/tmp/sock", vfs.S_IFSOCK|0o777)
		requireErrno(t, err, vfs.EEXIST)
		_, err = p.MknodPath(vfs.AT_FDCWD, "/tmp/dev", vfs.S_IFCHR|0o777)
		requireErrno(t, err, vfs.EINVAL)
		require.NoError(t, p.Unlink("/tmp/sock"))
		require.Equal(t, uint64(0), uint64(at.Inode().Nlink()))
		require.Equal(t, "/tmp/sock (deleted)", p.DPath(at))
		at.Put()
	})

	t.Run("LookupPath_holds_what_it_finds", func(t *testing.T) {
		_, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		require.NoError(t, p.Mount("none", "/m", "tmpfs", 0, ""))
		writeFile(t, p, "/m/s", "", 0o644)
		require.NoError(t, p.Symlink("s", "/m/l"))
		at, err := p.LookupPath(vfs.AT_FDCWD, "/m/l", 0)
		require.NoError(t, err)
		require.Equal(t, uint32(vfs.S_IFREG), at.Inode().Mode()&vfs.S_IFMT)
		requireErrno(t, p.Unmount("/m", 0), vfs.EBUSY)
		at.Put()
		at, err = p.LookupPath(vfs.AT_FDCWD, "/m/l", vfs.AT_SYMLINK_NOFOLLOW)
		require.NoError(t, err)
		require.Equal(t, uint32(vfs.S_IFLNK), at.Inode().Mode()&vfs.S_IFMT)
		at.Put()
		_, err = p.LookupPath(vfs.AT_FDCWD, "/m/none", 0)
		requireErrno(t, err, vfs.ENOENT)
		_, err = p.LookupPath(vfs.AT_FDCWD, "/m/l", vfs.AT_REMOVEDIR)
		requireErrno(t, err, vfs.EINVAL)
		require.NoError(t, p.Unmount("/m", 0))
	})

	t.Run("Root_Cwd_and_the_mount_list", func(t *testing.T) {
		k, p := newSystem(t)
		require.NoError(t, p.Mkdir("/m", 0o755))
		require.NoError(t, p.Mkdir("/m2", 0o755))
		require.NoError(t, p.Mount("src", "/m", "tmpfs", vfs.MS_NODEV|vfs.MS_NOEXEC, "size=64k"))
		require.NoError(t, p.Mount("/m", "/m2", "", vfs.MS_BIND, ""))
		require.NoError(t, p.Chdir("/m"))
		require.Equal(t, "/m", p.DPath(p.Cwd()))
		require.Equal(t, "/", p.DPath(p.Root()))
		var lines []string
		for _, m := range k.Mounts() {
			parent, mp := m.Parent()
			where := "/"
			if parent != nil {
				where = p.DPath(vfs.Path{Mnt: parent, Dentry: mp})
			}
			lines = append(lines, m.Source()+" "+where+" "+m.SuperBlock().Type().Name()+" "+strconv.FormatUint(uint64(m.Flags()), 16))
		}
		require.Equal(t, []string{"none / tmpfs 0", "devtmpfs /dev devtmpfs 0", "devpts /dev/pts devpts 0", "proc /proc proc 0", "sysfs /sys sysfs 0", "src /m tmpfs c", "/m /m2 tmpfs c"}, lines)
		require.NoError(t, p.Chdir("/"))
	})
}
