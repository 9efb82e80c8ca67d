package vfstest

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Hard links (link(2): more names for one inode) and symbolic links
// (symlink(2): an inode holding a path that the walk follows).

func hardLinkBehaviours() []kitBehaviour {
	return []kitBehaviour{
		{"LinkSharesTheInode", checkLinkShares},
		{"NlinkCountsNames", checkLinkNlink},
		{"LinkErrors", checkLinkErrors},
		{"LinkToADirectoryIsEPERM", checkLinkDir},
		{"LinkOfASymlinkLinksTheSymlink", checkLinkSymlink},
	}
}

func symlinkBehaviours() []kitBehaviour {
	return []kitBehaviour{
		{"ReadlinkReturnsTheTarget", checkReadlink},
		{"OpenAndStatFollow", checkSymlinkFollow},
		{"DanglingSymlink", checkDangling},
		{"ONofollowIsELOOP", checkNofollow},
		{"LoopsAreELOOP", checkSymlinkLoops},
		{"FortyLinksDeepAndNoMore", checkSymlinkDepth},
		{"ReadlinkOfANonSymlinkIsEINVAL", checkReadlinkNotLink},
		{"UnlinkRemovesTheLinkNotTheTarget", checkUnlinkSymlink},
		{"SymlinkOverAnExistingNameIsEEXIST", checkSymlinkExisting},
		{"RelativeTargetsResolveFromTheLinksDirectory", checkSymlinkRelative},
	}
}

func (c *fsCheck) readlink(path string) string {
	c.t.Helper()
	buf := make([]byte, vfs.PathMax)
	n, err := c.p.Readlink(path, buf)
	c.ok(err, "readlink(%q)", path)
	return string(buf[:n])
}

func checkLinkShares(c *fsCheck) {
	c.create("f", "abc")
	c.link("f", "g")
	f, g := c.stat("f"), c.stat("g")
	require.Equal(c.t, f.Ino, g.Ino, "both names reach one inode")
	require.Equal(c.t, uint64(2), f.Nlink)
	fd := c.open("g", vfs.O_WRONLY|vfs.O_APPEND, 0)
	c.write(fd, "def")
	require.Equal(c.t, "abcdef", c.readFile("f"), "a write through one name shows through the other")
	c.unlink("f")
	require.Equal(c.t, uint64(1), c.stat("g").Nlink)
	require.Equal(c.t, "abcdef", c.readFile("g"))
	require.Equal(c.t, []string{".", "..", "g"}, c.listNames("."))
}

func checkLinkNlink(c *fsCheck) {
	c.create("f", "x")
	c.link("f", "g")
	c.link("g", "h")
	require.Equal(c.t, uint64(3), c.stat("h").Nlink)
	fd := c.open("f", vfs.O_RDONLY, 0)
	c.unlink("g")
	require.Equal(c.t, uint64(2), c.fstat(fd).Nlink)
	c.unlink("f")
	c.unlink("h")
	require.Equal(c.t, uint64(0), c.fstat(fd).Nlink, "all names gone, the open file lives on")
	require.Equal(c.t, "x", c.read(fd, 10))
}

func checkLinkErrors(c *fsCheck) {
	c.create("f", "")
	c.create("g", "")
	c.link("f", "h")
	err := c.p.Link("f", "g")
	c.is(err, vfs.EEXIST, "link over an existing name")
	require.ErrorIs(c.t, err, fs.ErrExist)
	c.is(c.p.Link("missing", "m"), vfs.ENOENT, "link of a missing name")
	c.is(c.p.Link("f", "missing/m"), vfs.ENOENT, "link into a missing directory")
	require.Equal(c.t, uint64(2), c.stat("f").Nlink, "failed links add nothing")
}

func checkLinkDir(c *fsCheck) {
	c.create("f", "")
	c.link("f", "g") // the probe: does the backend link at all?
	c.mkdir("d")
	err := c.p.Link("d", "e")
	c.is(err, vfs.EPERM, "link of a directory")
	require.ErrorIs(c.t, err, fs.ErrPermission)
	c.gone("e")
	require.Equal(c.t, uint64(2), c.stat("d").Nlink)
}

func checkReadlink(c *fsCheck) {
	target := "some/where/../target"
	c.symlink(target, "l")
	require.Equal(c.t, target, c.readlink("l"))
	st := c.lstat("l")
	require.Equal(c.t, uint32(vfs.S_IFLNK|0o777), st.Mode, "lstat mode %o", st.Mode)
	require.Equal(c.t, int64(len(target)), st.Size, "a symlink's size is its target's length")
	buf := make([]byte, 4)
	n, err := c.p.Readlink("l", buf)
	c.ok(err, "readlink into a short buffer")
	require.Equal(c.t, "some", string(buf[:n]), "readlink truncates silently")
	long := strings.Repeat("x/", 500) + "end"
	c.symlink(long, "long")
	require.Equal(c.t, long, c.readlink("long"))
}

func checkSymlinkFollow(c *fsCheck) {
	c.create("f", "abc")
	c.symlink("f", "l")
	require.Equal(c.t, "abc", c.readFile("l"))
	require.Equal(c.t, c.stat("f").Ino, c.stat("l").Ino, "stat follows the link")
	require.NotEqual(c.t, c.stat("f").Ino, c.lstat("l").Ino, "lstat does not")
	require.Equal(c.t, uint64(1), c.stat("f").Nlink, "a symlink is not a link of its target")
	fd := c.open("l", vfs.O_WRONLY|vfs.O_APPEND, 0)
	c.write(fd, "def")
	require.Equal(c.t, "abcdef", c.readFile("f"))
	if c.try(c.p.Truncate("l", 1), "truncate", `truncate("l", 1)`) {
		require.Equal(c.t, "a", c.readFile("f"), "truncate follows the link")
	}
}

func checkDangling(c *fsCheck) {
	c.symlink("target", "l")
	var st vfs.Stat_t
	c.is(c.p.Stat("l", &st), vfs.ENOENT, "stat of a dangling symlink")
	require.Equal(c.t, uint32(vfs.S_IFLNK), c.lstat("l").Mode&vfs.S_IFMT)
	_, err := c.p.Open("l", vfs.O_CREAT|vfs.O_EXCL|vfs.O_WRONLY, 0o644)
	c.is(err, vfs.EEXIST, "O_CREAT|O_EXCL on a dangling symlink")
	c.gone("target")
	fd := c.open("l", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	c.write(fd, "made")
	require.Equal(c.t, "made", c.readFile("target"), "O_CREAT through a dangling symlink creates its target")
	require.Equal(c.t, uint32(vfs.S_IFLNK), c.lstat("l").Mode&vfs.S_IFMT, "the link stays a link")
}

func checkNofollow(c *fsCheck) {
	c.create("f", "abc")
	c.symlink("f", "l")
	_, err := c.p.Open("l", vfs.O_RDONLY|vfs.O_NOFOLLOW, 0)
	c.is(err, vfs.ELOOP, "open(O_NOFOLLOW) of a symlink")
	fd := c.open("f", vfs.O_RDONLY|vfs.O_NOFOLLOW, 0)
	c.close(fd)
}

func checkSymlinkLoops(c *fsCheck) {
	c.symlink("b", "a")
	c.symlink("a", "b")
	c.symlink("self", "self")
	var st vfs.Stat_t
	for _, path := range []string{"a", "b", "self", "a/x", "self/"} {
		_, err := c.p.Open(path, vfs.O_RDONLY, 0)
		c.is(err, vfs.ELOOP, "open(%q)", path)
		c.is(c.p.Stat(path, &st), vfs.ELOOP, "stat(%q)", path)
	}
	require.Equal(c.t, "b", c.readlink("a"), "readlink does not follow")
}

// The walk follows at most 40 symlinks (MAXSYMLINKS) per path.
func checkSymlinkDepth(c *fsCheck) {
	c.create("f", "end")
	next := "f"
	for i := 39; i >= 0; i-- {
		name := fmt.Sprintf("l%02d", i)
		c.symlink(next, name)
		next = name
	}
	require.Equal(c.t, "end", c.readFile("l00"), "a chain of 40 symlinks resolves")
	c.symlink("l00", "l41")
	_, err := c.p.Open("l41", vfs.O_RDONLY, 0)
	c.is(err, vfs.ELOOP, "open of a chain of 41 symlinks")
}

func checkReadlinkNotLink(c *fsCheck) {
	c.symlink("f", "l") // the probe
	c.create("f", "")
	buf := make([]byte, 64)
	_, err := c.p.Readlink("f", buf)
	c.is(err, vfs.EINVAL, "readlink of a regular file")
	_, err = c.p.Readlink(".", buf)
	c.is(err, vfs.EINVAL, "readlink of a directory")
	_, err = c.p.Readlink("missing", buf)
	c.is(err, vfs.ENOENT, "readlink of a missing name")
}

func checkUnlinkSymlink(c *fsCheck) {
	c.create("f", "abc")
	c.symlink("f", "l")
	c.unlink("l")
	c.gone("l")
	require.Equal(c.t, "abc", c.readFile("f"))
}

func checkSymlinkExisting(c *fsCheck) {
	c.create("f", "abc")
	c.symlink("f", "l")
	c.is(c.p.Symlink("x", "f"), vfs.EEXIST, "symlink over a regular file")
	c.is(c.p.Symlink("x", "l"), vfs.EEXIST, "symlink over a symlink")
	c.is(c.p.Symlink("x", "."), vfs.EEXIST, `symlink over "."`)
	require.Equal(c.t, "f", c.readlink("l"))
}

func checkSymlinkRelative(c *fsCheck) {
	c.symlink("d", "ld")
	c.mkdir("d")
	c.create("f", "top")
	c.symlink("../f", "d/up")
	require.Equal(c.t, "top", c.readFile("d/up"), "a relative target starts at the link's directory")
	require.Equal(c.t, "top", c.readFile("ld/up"), "a symlink to a directory is walked through")
	c.symlink(c.dir+"/f", "d/abs")
	require.Equal(c.t, "top", c.readFile("d/abs"), "an absolute target starts at the root")
	require.Equal(c.t, c.stat("d").Ino, c.stat("ld/").Ino)
}

// link(2) does not follow a final symlink; linkat(AT_SYMLINK_FOLLOW) does.
func checkLinkSymlink(c *fsCheck) {
	c.create("f", "abc")
	c.symlink("f", "l")
	c.link("l", "hl")
	hl := c.lstat("hl")
	require.Equal(c.t, uint32(vfs.S_IFLNK), hl.Mode&vfs.S_IFMT, "link of a symlink is a symlink")
	require.Equal(c.t, c.lstat("l").Ino, hl.Ino)
	require.Equal(c.t, uint64(2), hl.Nlink)
	c.ok(c.p.Linkat(vfs.AT_FDCWD, "l", vfs.AT_FDCWD, "hf", vfs.AT_SYMLINK_FOLLOW), "linkat(AT_SYMLINK_FOLLOW)")
	require.Equal(c.t, c.stat("f").Ino, c.lstat("hf").Ino, "AT_SYMLINK_FOLLOW links the target")
	require.Equal(c.t, uint64(2), c.stat("f").Nlink)
}
