package vfstest

import (
	"errors"
	"io/fs"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// rename(2) and renameat2(2): moving a name, replacing what it lands on,
// and the flags that refuse to replace or swap the two.

func renameBehaviours() []kitBehaviour {
	return []kitBehaviour{
		{"FileToANewName", checkRenameFile},
		{"FileOverAFile", checkRenameOverFile},
		{"OpenFdFollowsTheFile", checkRenameOpenFd},
		{"DirectoryAcrossDirectories", checkRenameDirAcross},
		{"DirectoryOverAnEmptyDirectory", checkRenameDirOverEmpty},
		{"DirectoryOverANonEmptyDirectoryIsENOTEMPTY", checkRenameDirOverFull},
		{"KindMismatches", checkRenameKinds},
		{"IntoItsOwnSubtreeIsEINVAL", checkRenameSubtree},
		{"OntoAnAncestorIsENOTEMPTY", checkRenameAncestor},
		{"DotsAreEBUSY", checkRenameDots},
		{"MissingSourceIsENOENT", checkRenameMissing},
		{"OntoItselfIsANoOp", checkRenameSelf},
		{"NoReplace", checkRenameNoReplace},
		{"ExchangeFiles", checkExchangeFiles},
		{"ExchangeFileAndDirectory", checkExchangeFileDir},
	}
}

// renameat2 is the probe for RENAME_NOREPLACE and RENAME_EXCHANGE: a
// filesystem that does not do a flag answers EINVAL.
func (c *fsCheck) renameat2(old, new string, flags uint) {
	c.t.Helper()
	err := c.p.Renameat2(vfs.AT_FDCWD, old, vfs.AT_FDCWD, new, flags)
	if errors.Is(err, vfs.EINVAL) {
		c.skip("renameat2 flags", "the filesystem does not support renameat2 flags %#x: renameat2(%q, %q) = EINVAL", flags, old, new)
	}
	c.need(err, "rename", "renameat2(%q, %q, %#x)", old, new, flags)
}

func checkRenameFile(c *fsCheck) {
	c.create("a", "abc")
	ino := c.stat("a").Ino
	c.rename("a", "b")
	c.gone("a")
	st := c.stat("b")
	require.Equal(c.t, ino, st.Ino, "rename moves the name, not the data")
	require.Equal(c.t, uint64(1), st.Nlink)
	require.Equal(c.t, "abc", c.readFile("b"))
	require.Equal(c.t, []string{".", "..", "b"}, c.listNames("."))
	if c.tryMkdir("d") {
		c.rename("b", "d/c")
		require.Equal(c.t, "abc", c.readFile("d/c"))
		require.Equal(c.t, []string{".", "..", "d"}, c.listNames("."))
	}
}

func checkRenameOverFile(c *fsCheck) {
	c.create("a", "new")
	c.create("b", "old")
	fd := c.open("b", vfs.O_RDONLY, 0)
	c.rename("a", "b")
	c.gone("a")
	require.Equal(c.t, "new", c.readFile("b"))
	require.Equal(c.t, uint64(0), c.fstat(fd).Nlink, "the replaced file has no name left")
	require.Equal(c.t, "old", c.read(fd, 10), "the replaced file stays readable while open")
	require.Equal(c.t, []string{".", "..", "b"}, c.listNames("."))
}

func checkRenameOpenFd(c *fsCheck) {
	c.create("a", "abc")
	fd := c.open("a", vfs.O_WRONLY|vfs.O_APPEND, 0)
	c.rename("a", "b")
	c.write(fd, "def")
	require.Equal(c.t, "abcdef", c.readFile("b"))
	require.Equal(c.t, uint64(1), c.fstat(fd).Nlink)
}

func checkRenameDirAcross(c *fsCheck) {
	c.mkdir("a")
	c.mkdir("b")
	c.mkdir("a/d")
	c.create("a/d/f", "inside")
	c.rename("a/d", "b/d")
	require.Equal(c.t, uint64(2), c.stat("a").Nlink, "the old parent loses the moved \"..\"")
	require.Equal(c.t, uint64(3), c.stat("b").Nlink, "the new parent gains it")
	require.Equal(c.t, c.stat("b").Ino, c.stat("b/d/..").Ino, `".." follows the move`)
	require.Equal(c.t, "inside", c.readFile("b/d/f"))
	c.rename("b/d", "top")
	require.Equal(c.t, uint64(2), c.stat("b").Nlink)
	require.Equal(c.t, uint64(2), c.stat("top").Nlink)
}

func checkRenameDirOverEmpty(c *fsCheck) {
	c.mkdir("a")
	c.mkdir("b")
	c.create("a/f", "x")
	before := c.stat(".").Nlink
	c.rename("a", "b")
	c.gone("a")
	require.Equal(c.t, "x", c.readFile("b/f"))
	require.Equal(c.t, before-1, c.stat(".").Nlink, "the replaced directory's \"..\" is gone")
	require.Equal(c.t, []string{".", "..", "b"}, c.listNames("."))
}

func checkRenameDirOverFull(c *fsCheck) {
	c.mkdir("a")
	c.mkdir("b")
	c.create("b/f", "")
	err := c.p.Rename("a", "b")
	if kitUnsupported(err) {
		c.skip("rename", "the filesystem does not rename: %s", kitErrno(err))
	}
	c.is(err, vfs.ENOTEMPTY, "rename of a directory over a non-empty one")
	require.ErrorIs(c.t, err, fs.ErrExist)
	c.stat("a")
	c.stat("b/f")
}

func checkRenameKinds(c *fsCheck) {
	c.mkdir("d")
	c.create("f", "")
	c.rename("f", "g") // the probe
	c.is(c.p.Rename("g", "d"), vfs.EISDIR, "rename of a file over a directory")
	c.is(c.p.Rename("d", "g"), vfs.ENOTDIR, "rename of a directory over a file")
	c.is(c.p.Rename("g", "h/"), vfs.ENOTDIR, `rename("g", "h/") of a file`)
	c.is(c.p.Rename("g/", "h"), vfs.ENOTDIR, `rename("g/", "h") of a file`)
	c.ok(c.p.Rename("d/", "e/"), `rename("d/", "e/") of a directory`)
	require.Equal(c.t, []string{".", "..", "e", "g"}, c.listNames("."))
}

func checkRenameSubtree(c *fsCheck) {
	c.mkdir("a")
	c.mkdir("a/b")
	c.is(c.p.Rename("a", "a/b/c"), vfs.EINVAL, "rename of a directory into its own subtree")
	c.is(c.p.Rename("a", "a/c"), vfs.EINVAL, "rename of a directory into itself")
	c.stat("a/b")
}

func checkRenameMissing(c *fsCheck) {
	c.create("f", "")
	c.rename("f", "g")
	err := c.p.Rename("missing", "h")
	c.is(err, vfs.ENOENT, "rename of a missing name")
	require.ErrorIs(c.t, err, fs.ErrNotExist)
	c.is(c.p.Rename("g", "missing/h"), vfs.ENOENT, "rename into a missing directory")
	c.stat("g")
}

func checkRenameSelf(c *fsCheck) {
	c.create("f", "abc")
	c.rename("f", "f")
	require.Equal(c.t, "abc", c.readFile("f"))
	if c.try(c.p.Link("f", "g"), "link", `link("f", "g")`) {
		c.rename("f", "g")
		require.Equal(c.t, uint64(2), c.stat("f").Nlink, "rename between two links of one inode does nothing")
		require.Equal(c.t, []string{".", "..", "f", "g"}, c.listNames("."))
	}
}

func checkRenameNoReplace(c *fsCheck) {
	c.create("a", "a")
	c.create("b", "b")
	c.renameat2("a", "c", vfs.RENAME_NOREPLACE)
	err := c.p.Renameat2(vfs.AT_FDCWD, "c", vfs.AT_FDCWD, "b", vfs.RENAME_NOREPLACE)
	c.is(err, vfs.EEXIST, "RENAME_NOREPLACE onto an existing name")
	require.Equal(c.t, "a", c.readFile("c"))
	require.Equal(c.t, "b", c.readFile("b"))
	err = c.p.Renameat2(vfs.AT_FDCWD, "c", vfs.AT_FDCWD, "b", vfs.RENAME_NOREPLACE|vfs.RENAME_EXCHANGE)
	c.is(err, vfs.EINVAL, "RENAME_NOREPLACE|RENAME_EXCHANGE")
}

func checkExchangeFiles(c *fsCheck) {
	c.create("a", "A")
	c.create("b", "B")
	ia, ib := c.stat("a").Ino, c.stat("b").Ino
	c.renameat2("a", "b", vfs.RENAME_EXCHANGE)
	require.Equal(c.t, "B", c.readFile("a"))
	require.Equal(c.t, "A", c.readFile("b"))
	require.Equal(c.t, ib, c.stat("a").Ino)
	require.Equal(c.t, ia, c.stat("b").Ino)
	err := c.p.Renameat2(vfs.AT_FDCWD, "a", vfs.AT_FDCWD, "missing", vfs.RENAME_EXCHANGE)
	c.is(err, vfs.ENOENT, "RENAME_EXCHANGE with a missing target")
	require.Equal(c.t, []string{".", "..", "a", "b"}, c.listNames("."))
}

func checkExchangeFileDir(c *fsCheck) {
	c.mkdir("p")
	c.mkdir("q")
	c.mkdir("p/d")
	c.create("p/d/in", "x")
	c.create("q/f", "F")
	c.renameat2("p/d", "q/f", vfs.RENAME_EXCHANGE)
	require.Equal(c.t, "F", c.readFile("p/d"), "the file took the directory's place")
	require.Equal(c.t, "x", c.readFile("q/f/in"), "the directory took the file's place")
	require.Equal(c.t, uint64(2), c.stat("p").Nlink, "p lost a subdirectory")
	require.Equal(c.t, uint64(3), c.stat("q").Nlink, "q gained one")
	require.Equal(c.t, c.stat("q").Ino, c.stat("q/f/..").Ino)
}

func checkRenameAncestor(c *fsCheck) {
	c.mkdir("a")
	c.mkdir("a/b")
	c.mkdir("a/b/c")
	c.rename("a/b/c", "a/b/d") // the probe
	c.is(c.p.Rename("a/b/d", "a"), vfs.ENOTEMPTY, "rename of a directory onto its grandparent")
	c.is(c.p.Rename("a/b", "a"), vfs.ENOTEMPTY, "rename of a directory onto its parent")
	err := c.p.Renameat2(vfs.AT_FDCWD, "a/b", vfs.AT_FDCWD, "a", vfs.RENAME_EXCHANGE)
	c.is(err, vfs.EINVAL, "RENAME_EXCHANGE of a directory with its parent")
	c.stat("a/b/d")
}

func checkRenameDots(c *fsCheck) {
	c.create("f", "")
	c.rename("f", "g") // the probe
	for _, tc := range [][2]string{{".", "x"}, {"g", "."}, {"g", ".."}} {
		c.is(c.p.Rename(tc[0], tc[1]), vfs.EBUSY, "rename(%q, %q)", tc[0], tc[1])
	}
	err := c.p.Renameat2(vfs.AT_FDCWD, "g", vfs.AT_FDCWD, ".", vfs.RENAME_NOREPLACE)
	c.is(err, vfs.EEXIST, `RENAME_NOREPLACE onto "."`)
	c.stat("g")
}
