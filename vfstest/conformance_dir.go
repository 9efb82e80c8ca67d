package vfstest

import (
	"io/fs"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Directories: mkdir(2), rmdir(2), unlink(2) of names, and the link
// counts a directory keeps (two, plus one ".." per subdirectory).

func dirBehaviours() []kitBehaviour {
	return []kitBehaviour{
		{"MkdirMakesAnEmptyDirectory", checkMkdir},
		{"MkdirOfAnExistingNameIsEEXIST", checkMkdirExisting},
		{"MkdirErrors", checkMkdirErrors},
		{"RmdirRemovesAnEmptyDirectory", checkRmdir},
		{"RmdirOfANonEmptyDirectoryIsENOTEMPTY", checkRmdirNotEmpty},
		{"RmdirErrors", checkRmdirErrors},
		{"UnlinkOfADirectoryIsEISDIR", checkUnlinkDir},
		{"UnlinkRemovesTheName", checkUnlink},
		{"NlinkCountsSubdirectories", checkDirNlink},
		{"NestedPaths", checkNestedPaths},
		{"RemovedDirectoryStaysOpen", checkRemovedDirOpen},
		{"RemovedWorkingDirectory", checkRemovedCwd},
	}
}

func checkMkdir(c *fsCheck) {
	before := c.stat(".").Nlink
	c.mkdir("d")
	st := c.stat("d")
	require.Equal(c.t, uint32(vfs.S_IFDIR|0o755), st.Mode, "mode %o (umask 022)", st.Mode)
	require.Equal(c.t, uint64(2), st.Nlink, "a new directory has two links")
	require.Equal(c.t, before+1, c.stat(".").Nlink, "the parent gains a link for the new \"..\"")
	require.Equal(c.t, []string{".", ".."}, c.listNames("d"), "a new directory lists only . and ..")
	c.ok(c.p.Mkdir("e/", 0o700), `mkdir("e/") with a trailing slash`)
	require.Equal(c.t, uint32(vfs.S_IFDIR|0o700), c.stat("e").Mode)
}

func checkMkdirExisting(c *fsCheck) {
	c.mkdir("d")
	err := c.p.Mkdir("d", 0o755)
	c.is(err, vfs.EEXIST, "mkdir of an existing directory")
	require.ErrorIs(c.t, err, fs.ErrExist)
	c.create("f", "")
	c.is(c.p.Mkdir("f", 0o755), vfs.EEXIST, "mkdir over a regular file")
	c.is(c.p.Mkdir(".", 0o755), vfs.EEXIST, `mkdir(".")`)
	require.Equal(c.t, uint32(vfs.S_IFREG|0o644), c.stat("f").Mode, "the file is untouched")
}

func checkMkdirErrors(c *fsCheck) {
	c.mkdir("d")
	c.is(c.p.Mkdir("missing/d", 0o755), vfs.ENOENT, "mkdir under a missing directory")
	c.create("f", "")
	c.is(c.p.Mkdir("f/d", 0o755), vfs.ENOTDIR, "mkdir under a regular file")
}

func checkRmdir(c *fsCheck) {
	before := c.stat(".").Nlink
	c.mkdir("d")
	c.rmdir("d")
	c.gone("d")
	require.Equal(c.t, before, c.stat(".").Nlink, "the parent loses the link of \"..\"")
	require.Equal(c.t, []string{".", ".."}, c.listNames("."))
	c.mkdir("d")
	require.Equal(c.t, uint64(2), c.stat("d").Nlink, "a directory made again under the same name is new")
}

func checkRmdirNotEmpty(c *fsCheck) {
	c.mkdir("d")
	c.create("d/f", "")
	err := c.p.Rmdir("d")
	c.is(err, vfs.ENOTEMPTY, "rmdir of a directory holding a file")
	require.ErrorIs(c.t, err, fs.ErrExist, "ENOTEMPTY matches fs.ErrExist")
	c.unlink("d/f")
	c.mkdir("d/sub")
	c.is(c.p.Rmdir("d"), vfs.ENOTEMPTY, "rmdir of a directory holding a directory")
	c.rmdir("d/sub")
	c.rmdir("d")
}

func checkRmdirErrors(c *fsCheck) {
	c.mkdir("d")
	c.create("f", "")
	c.is(c.p.Rmdir("f"), vfs.ENOTDIR, "rmdir of a regular file")
	c.is(c.p.Rmdir("missing"), vfs.ENOENT, "rmdir of a missing name")
	c.is(c.p.Rmdir("d/."), vfs.EINVAL, `rmdir("d/.")`)
	c.is(c.p.Rmdir("d/.."), vfs.ENOTEMPTY, `rmdir("d/..")`)
	c.is(c.p.Rmdir("f/"), vfs.ENOTDIR, `rmdir("f/")`)
	require.Equal(c.t, uint32(vfs.S_IFDIR), c.stat("d").Mode&vfs.S_IFMT, "d survives")
}

func checkUnlinkDir(c *fsCheck) {
	c.mkdir("d")
	c.is(c.p.Unlink("d"), vfs.EISDIR, "unlink of a directory")
	c.is(c.p.Unlink("d/"), vfs.EISDIR, `unlink("d/")`)
	require.Equal(c.t, uint32(vfs.S_IFDIR), c.stat("d").Mode&vfs.S_IFMT, "d survives")
}

func checkUnlink(c *fsCheck) {
	c.create("f", "abc")
	c.create("g", "")
	c.unlink("f")
	c.gone("f")
	require.Equal(c.t, []string{".", "..", "g"}, c.listNames("."))
	err := c.p.Unlink("f")
	c.is(err, vfs.ENOENT, "unlink of a removed name")
	require.ErrorIs(c.t, err, fs.ErrNotExist)
	c.is(c.p.Unlink("g/"), vfs.ENOTDIR, `unlink("g/") of a regular file`)
}

func checkDirNlink(c *fsCheck) {
	c.mkdir("d")
	for _, name := range []string{"d/a", "d/b", "d/c"} {
		c.mkdir(name)
	}
	require.Equal(c.t, uint64(5), c.stat("d").Nlink, "2 + one per subdirectory")
	c.create("d/f", "")
	require.Equal(c.t, uint64(5), c.stat("d").Nlink, "a file adds no link to its directory")
	c.rmdir("d/b")
	require.Equal(c.t, uint64(4), c.stat("d").Nlink)
	c.mkdir("d/a/x")
	require.Equal(c.t, uint64(4), c.stat("d").Nlink, "a grandchild adds no link")
	require.Equal(c.t, uint64(3), c.stat("d/a").Nlink)
}

func checkNestedPaths(c *fsCheck) {
	c.mkdir("a")
	c.mkdir("a/b")
	c.mkdir("a/b/c")
	c.create("a/b/c/f", "deep")
	require.Equal(c.t, "deep", c.readFile("a/./b/../b/c//f"))
	require.Equal(c.t, c.stat("a").Ino, c.stat("a/b/..").Ino, `"a/b/.." is "a"`)
	require.Equal(c.t, c.stat(".").Ino, c.stat("a/b/../..").Ino)
	require.Equal(c.t, c.stat(".").Ino, c.stat(c.dir).Ino, "\".\" is the working directory")
}

func checkRemovedDirOpen(c *fsCheck) {
	c.mkdir("d")
	fd := c.open("d", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	c.rmdir("d")
	st := c.fstat(fd)
	require.Equal(c.t, uint64(0), st.Nlink, "nlink of a removed directory")
	require.Equal(c.t, uint32(vfs.S_IFDIR), st.Mode&vfs.S_IFMT)
	_, err := c.p.Openat(fd, "f", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	c.is(err, vfs.ENOENT, "create in a removed directory")
	c.is(c.p.Mkdirat(fd, "sub", 0o755), vfs.ENOENT, "mkdir in a removed directory")
	n, err := c.p.Getdents(fd, make([]byte, 4096))
	c.is(err, vfs.ENOENT, "getdents of a removed directory (%d bytes)", n)
}

func checkRemovedCwd(c *fsCheck) {
	c.mkdir("d")
	c.ok(c.p.Chdir("d"), `chdir("d")`)
	defer c.p.Chdir(c.dir)
	c.rmdir("../d")
	_, err := c.p.Getcwd(make([]byte, vfs.PathMax))
	c.is(err, vfs.ENOENT, "getcwd in a removed directory")
	_, err = c.p.Open("x", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	c.is(err, vfs.ENOENT, "create in a removed working directory")
	require.Equal(c.t, uint64(0), c.stat(".").Nlink)
	c.ok(c.p.Chdir(".."), `chdir("..") from a removed directory`)
	require.Equal(c.t, c.stat(c.dir).Ino, c.stat(".").Ino)
}
