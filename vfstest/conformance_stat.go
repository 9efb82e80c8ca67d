package vfstest

import (
	"errors"
	"io/fs"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// stat(2) fields: the type bits, permission bits after the umask, owner,
// link count, size, inode and device numbers, and the three times; and
// errors that match io/fs's sentinels with errors.Is.

func statBehaviours() []kitBehaviour {
	return []kitBehaviour{
		{"TypeBits", checkStatTypes},
		{"ModeHonoursTheUmask", checkStatUmask},
		{"OwnerIsTheCaller", checkStatOwner},
		{"OwnersAndModesAreEnforced", checkPermissions},
		{"InodeAndDeviceNumbers", checkStatIno},
		{"SizeFollowsTheData", checkStatSize},
		{"FstatMatchesStat", checkFstat},
		{"Timestamps", checkTimestamps},
		{"ErrorsMatchIOFS", checkErrorsIOFS},
	}
}

func checkStatTypes(c *fsCheck) {
	c.create("f", "")
	type row struct {
		name string
		make func() error
		typ  uint32
	}
	rows := []row{
		{"f", nil, vfs.S_IFREG},
		{".", nil, vfs.S_IFDIR},
		{"d", func() error { return c.p.Mkdir("d", 0o755) }, vfs.S_IFDIR},
		{"l", func() error { return c.p.Symlink("f", "l") }, vfs.S_IFLNK},
		{"fifo", func() error { return c.p.Mkfifo("fifo", 0o644) }, vfs.S_IFIFO},
		{"node", func() error { return c.p.Mknod("node", vfs.S_IFREG|0o644, 0) }, vfs.S_IFREG},
	}
	for _, r := range rows {
		if r.make != nil {
			if err := r.make(); kitUnsupported(err) || errors.Is(err, vfs.EACCES) {
				c.t.Logf("%s: not supported by the filesystem (%s)", r.name, kitErrno(err))
				continue
			} else {
				c.ok(err, "making %q", r.name)
			}
		}
		st := c.lstat(r.name)
		require.Equal(c.t, r.typ, st.Mode&vfs.S_IFMT, "type bits of %q: mode %o", r.name, st.Mode)
	}
}

func checkStatUmask(c *fsCheck) {
	c.create("f", "")
	require.Equal(c.t, uint32(0o644), c.stat("f").Mode&0o7777, "0644 made under umask 022")
	fd := c.open("g", vfs.O_CREAT|vfs.O_WRONLY, 0o666)
	require.Equal(c.t, uint32(0o644), c.fstat(fd).Mode&0o7777, "0666 made under umask 022")
	old := c.p.Umask(0)
	defer c.p.Umask(old)
	c.close(c.open("h", vfs.O_CREAT|vfs.O_WRONLY, 0o666))
	require.Equal(c.t, uint32(0o666), c.stat("h").Mode&0o7777, "0666 made under umask 0")
	if c.tryMkdir("d") {
		require.Equal(c.t, uint32(0o755), c.stat("d").Mode&0o7777)
	}
	c.ok(c.p.Chmod("f", 0o600), "chmod")
	require.Equal(c.t, uint32(vfs.S_IFREG|0o600), c.stat("f").Mode, "chmod keeps the type bits")
	c.ok(c.p.Fchmod(fd, 0o4711), "fchmod")
	require.Equal(c.t, uint32(vfs.S_IFREG|0o4711), c.stat("g").Mode)
}

func checkStatOwner(c *fsCheck) {
	c.create("f", "")
	st := c.stat("f")
	require.Equal(c.t, uint32(0), st.Uid, "owner of a file root made")
	require.Equal(c.t, uint32(0), st.Gid)
	c.ok(c.p.Chown("f", 1000, 100), "chown")
	st = c.stat("f")
	require.Equal(c.t, [2]uint32{1000, 100}, [2]uint32{st.Uid, st.Gid})
}

func checkStatIno(c *fsCheck) {
	c.create("f", "")
	c.create("g", "")
	f, g, root := c.stat("f"), c.stat("g"), c.stat(".")
	require.NotEqual(c.t, f.Ino, g.Ino, "two files, two inodes")
	require.NotEqual(c.t, f.Ino, root.Ino)
	require.Equal(c.t, f.Dev, g.Dev, "one filesystem, one st_dev")
	require.Equal(c.t, f.Dev, root.Dev)
	require.NotEqual(c.t, c.stat("/").Dev, f.Dev, "the mounted filesystem has its own st_dev")
	require.Equal(c.t, uint64(1), f.Nlink)
	if c.try(c.p.Link("f", "h"), "link", `link("f", "h")`) {
		require.Equal(c.t, f.Ino, c.stat("h").Ino, "a hard link shares the inode number")
	}
	c.unlink("g")
	c.create("g", "")
	require.NotEqual(c.t, f.Ino, c.stat("g").Ino)
}

func checkStatSize(c *fsCheck) {
	fd := c.open("f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	require.Equal(c.t, int64(0), c.fstat(fd).Size)
	c.write(fd, "12345")
	require.Equal(c.t, int64(5), c.stat("f").Size)
	c.pwrite(fd, "x", 99)
	require.Equal(c.t, int64(100), c.stat("f").Size)
	c.pwrite(fd, "y", 0)
	require.Equal(c.t, int64(100), c.stat("f").Size, "overwriting does not grow the file")
	require.Positive(c.t, c.fstat(fd).Blksize)
	if c.try(c.p.Symlink("twelve chars", "l"), "symlink", `symlink("twelve chars", "l")`) {
		require.Equal(c.t, int64(12), c.lstat("l").Size)
	}
}

func checkFstat(c *fsCheck) {
	c.create("f", "abc")
	fd := c.open("f", vfs.O_RDONLY, 0)
	require.Equal(c.t, c.stat("f"), c.fstat(fd))
	dfd := c.open(".", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.Equal(c.t, c.stat("."), c.fstat(dfd))
}

// kitTimes holds the three times of a stat, in nanoseconds.
type kitTimes struct{ a, m, c int64 }

func (c *fsCheck) times(path string) kitTimes {
	c.t.Helper()
	st := c.lstat(path)
	return kitTimes{st.Atim.Nano(), st.Mtim.Nano(), st.Ctim.Nano()}
}

// The kit's clock ticks at every reading, so "changed" means "later".
func checkTimestamps(c *fsCheck) {
	dir0 := c.times(".")
	c.create("f", "")
	t0 := c.times("f")
	require.Equal(c.t, t0.a, t0.m, "a new file's atime and mtime agree")
	require.Equal(c.t, t0.m, t0.c, "a new file's mtime and ctime agree")
	dir1 := c.times(".")
	require.Greater(c.t, dir1.m, dir0.m, "a create changes the directory's mtime")
	require.Greater(c.t, dir1.c, dir0.c, "and its ctime")

	fd := c.open("f", vfs.O_RDWR, 0)
	c.write(fd, "data")
	t1 := c.times("f")
	require.Greater(c.t, t1.m, t0.m, "a write changes mtime")
	require.Greater(c.t, t1.c, t0.c, "a write changes ctime")
	c.pread(fd, 4, 0)
	t2 := c.times("f")
	require.Equal(c.t, t1.m, t2.m, "a read leaves mtime")
	require.Equal(c.t, t1.c, t2.c, "a read leaves ctime")

	c.ok(c.p.Chmod("f", 0o600), "chmod")
	t3 := c.times("f")
	require.Equal(c.t, t2.m, t3.m, "chmod leaves mtime")
	require.Greater(c.t, t3.c, t2.c, "chmod changes ctime")

	if c.try(c.p.Ftruncate(fd, 1), "ftruncate", "ftruncate(%d, 1)", fd) {
		t4 := c.times("f")
		require.Greater(c.t, t4.m, t3.m, "a size change changes mtime")
		require.Greater(c.t, t4.c, t3.c, "and ctime")
	}

	prev := c.times("f")
	if c.try(c.p.Link("f", "g"), "link", `link("f", "g")`) {
		require.Greater(c.t, c.times("f").c, prev.c, "a link changes the file's ctime")
		c.unlink("g")
	}
	prev, dirPrev := c.times("f"), c.times(".")
	if c.try(c.p.Rename("f", "f2"), "rename", `rename("f", "f2")`) {
		require.Greater(c.t, c.times("f2").c, prev.c, "a rename changes the file's ctime")
		require.Greater(c.t, c.times(".").m, dirPrev.m, "and the directory's mtime")
		c.rename("f2", "f")
	}
	ts := []vfs.Timespec{{Sec: 1000, Nsec: 5}, {Sec: 2000, Nsec: 7}}
	before := c.times("f")
	c.ok(c.p.UtimesNano("f", ts), "utimensat")
	set := c.times("f")
	require.Equal(c.t, kitTimes{ts[0].Nano(), ts[1].Nano(), set.c}, set, "utimensat sets atime and mtime")
	require.Greater(c.t, set.c, before.c, "and changes ctime")

	dir2, file2 := c.times("."), c.times("f")
	c.unlink("f")
	dir3 := c.times(".")
	require.Greater(c.t, dir3.m, dir2.m, "an unlink changes the directory's mtime")
	require.Greater(c.t, dir3.c, dir2.c, "and its ctime")
	st := c.fstat(fd)
	require.Greater(c.t, st.Ctim.Nano(), file2.c, "an unlink changes the file's ctime")
}

func checkErrorsIOFS(c *fsCheck) {
	c.create("f", "")
	var st vfs.Stat_t
	for _, tc := range []struct {
		what   string
		err    error
		errno  vfs.Errno
		target error
	}{
		{"stat of a missing name", c.p.Stat("missing", &st), vfs.ENOENT, fs.ErrNotExist},
		{"O_CREAT|O_EXCL of an existing file", kitOpenErr(c.p.Open("f", vfs.O_CREAT|vfs.O_EXCL, 0o644)), vfs.EEXIST, fs.ErrExist},
		{"rmdir of a regular file", c.p.Rmdir("f"), vfs.ENOTDIR, nil},
	} {
		c.is(tc.err, tc.errno, "%s", tc.what)
		if tc.target != nil {
			require.ErrorIs(c.t, tc.err, tc.target, tc.what)
		}
		var e vfs.Errno
		require.True(c.t, errors.As(tc.err, &e), "%s: the error is a vfs.Errno", tc.what)
	}
	if c.tryMkdir("d") {
		c.create("d/f", "")
		err := c.p.Rmdir("d")
		c.is(err, vfs.ENOTEMPTY, "rmdir of a non-empty directory")
		require.ErrorIs(c.t, err, fs.ErrExist, "ENOTEMPTY is fs.ErrExist, as for syscall.Errno")
		err = c.p.Link("d", "e")
		c.is(err, vfs.EPERM, "link of a directory")
		require.ErrorIs(c.t, err, fs.ErrPermission)
	}
}

func kitOpenErr(fd int, err error) error { return err }

// The VFS checks permissions from what the backend stores: a backend
// that drops the owner from vfs.Attr lets everyone in.
func checkPermissions(c *fsCheck) {
	c.create("roots", "secret")
	c.ok(c.p.Chmod(".", 0o1777), "chmod 1777 the mount's root")
	child, err := c.p.Fork()
	c.ok(err, "fork")
	defer func() {
		child.Exit(0)
		c.p.Wait(child.Pid())
	}()
	c.ok(child.Setgid(100), "setgid(100)")
	c.ok(child.Setuid(1000), "setuid(1000)")
	fd, err := child.Open("mine", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	c.ok(err, "create as uid 1000")
	c.ok(child.Close(fd), "close")
	st := c.stat("mine")
	require.Equal(c.t, [2]uint32{1000, 100}, [2]uint32{st.Uid, st.Gid}, "a new file belongs to its creator")
	_, err = child.Open("roots", vfs.O_WRONLY, 0)
	c.is(err, vfs.EACCES, "uid 1000 opens root's 0644 file for writing")
	c.is(child.Unlink("roots"), vfs.EPERM, "uid 1000 unlinks root's file in a sticky directory")
	c.ok(child.Unlink("mine"), "uid 1000 unlinks its own file")
	c.ok(c.p.Chmod(".", 0o755), "chmod 755 the mount's root")
	_, err = child.Open("other", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	c.is(err, vfs.EACCES, "uid 1000 creates in root's 0755 directory")
	require.Equal(c.t, "secret", c.readFile("roots"))
}
