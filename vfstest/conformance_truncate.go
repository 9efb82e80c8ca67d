package vfstest

import (
	"errors"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Changing a file's size: truncate(2), ftruncate(2) and O_TRUNC. Growing
// reads as zeros; shrinking drops the tail for good, so growing again
// must not bring old bytes back.

func truncateBehaviours() []kitBehaviour {
	return []kitBehaviour{
		{"GrowReadsZeros", checkTruncateGrow},
		{"ShrinkDropsTheTail", checkTruncateShrink},
		{"ShrinkThenGrowReadsZeros", checkTruncateShrinkGrow},
		{"FtruncateKeepsTheOffset", checkFtruncate},
		{"FtruncateNeedsAWritableFd", checkFtruncateReadOnly},
		{"Errors", checkTruncateErrors},
		{"OTruncEmptiesTheFile", checkOTrunc},
		{"Fallocate", checkFallocate},
	}
}

// ftruncate is the probe for ftruncate(2); see fsCheck.truncate.
func (c *fsCheck) ftruncate(fd int, size int64) {
	c.t.Helper()
	err := c.p.Ftruncate(fd, size)
	if errors.Is(err, vfs.EPERM) {
		c.skip("truncate", "the filesystem does not change file sizes: ftruncate(%d, %d) = EPERM", fd, size)
	}
	c.ok(err, "ftruncate(%d, %d)", fd, size)
}

func checkTruncateGrow(c *fsCheck) {
	c.create("f", "abc")
	c.truncate("f", 10)
	require.Equal(c.t, int64(10), c.stat("f").Size)
	require.Equal(c.t, "abc"+strings.Repeat("\x00", 7), c.readFile("f"))
	c.truncate("f", 10000)
	got := c.readFile("f")
	require.Len(c.t, got, 10000)
	require.Equal(c.t, strings.Repeat("\x00", 9997), got[3:], "growing across pages reads zeros")
}

func checkTruncateShrink(c *fsCheck) {
	c.create("f", "abcdef")
	c.truncate("f", 2)
	require.Equal(c.t, int64(2), c.stat("f").Size)
	require.Equal(c.t, "ab", c.readFile("f"))
	c.truncate("f", 0)
	require.Equal(c.t, "", c.readFile("f"))
}

func checkTruncateShrinkGrow(c *fsCheck) {
	c.create("f", "abcdef")
	c.truncate("f", 2)
	c.truncate("f", 6)
	require.Equal(c.t, "ab\x00\x00\x00\x00", c.readFile("f"), "bytes cut off must not come back")
	big := strings.Repeat("x", 9000)
	fd := c.open("g", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	c.write(fd, big)
	c.ftruncate(fd, 4100)
	c.ftruncate(fd, 9000)
	require.Equal(c.t, big[:4100]+strings.Repeat("\x00", 4900), c.readFile("g"),
		"shrinking into a page and growing again reads zeros after the cut")
}

func checkFtruncate(c *fsCheck) {
	fd := c.open("f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	c.write(fd, "abcdef")
	c.ftruncate(fd, 2)
	require.Equal(c.t, int64(6), c.seek(fd, 0, vfs.SEEK_CUR), "ftruncate does not move the offset")
	require.Equal(c.t, int64(2), c.fstat(fd).Size)
	require.Equal(c.t, "", c.read(fd, 10), "reading at an offset past the new end")
	c.write(fd, "Z")
	require.Equal(c.t, "ab\x00\x00\x00\x00Z", c.readFile("f"), "writing at the old offset leaves a hole")
	c.ftruncate(fd, 20)
	require.Equal(c.t, int64(20), c.fstat(fd).Size)
}

func checkFtruncateReadOnly(c *fsCheck) {
	c.create("f", "abc")
	fd := c.open("f", vfs.O_RDONLY, 0)
	c.is(c.p.Ftruncate(fd, 1), vfs.EINVAL, "ftruncate on an O_RDONLY fd")
	require.Equal(c.t, "abc", c.readFile("f"))
}

func checkTruncateErrors(c *fsCheck) {
	c.create("f", "abc")
	c.truncate("f", 3)
	c.is(c.p.Truncate("f", -1), vfs.EINVAL, "truncate to a negative size")
	fd := c.open("f", vfs.O_RDWR, 0)
	c.is(c.p.Ftruncate(fd, -1), vfs.EINVAL, "ftruncate to a negative size")
	c.is(c.p.Truncate("missing", 0), vfs.ENOENT, "truncate of a missing file")
	c.is(c.p.Truncate(".", 0), vfs.EISDIR, "truncate of a directory")
	require.Equal(c.t, "abc", c.readFile("f"))
}

func checkOTrunc(c *fsCheck) {
	c.create("f", "hello")
	fd, err := c.p.Open("f", vfs.O_WRONLY|vfs.O_TRUNC, 0)
	if kitUnsupported(err) {
		c.skip("truncate", "the filesystem does not change file sizes: open(O_TRUNC) = %s", kitErrno(err))
	}
	c.ok(err, "open(O_WRONLY|O_TRUNC)")
	require.Equal(c.t, int64(0), c.fstat(fd).Size)
	c.write(fd, "hi")
	c.close(fd)
	require.Equal(c.t, "hi", c.readFile("f"))
	fd = c.open("new", vfs.O_CREAT|vfs.O_TRUNC|vfs.O_RDWR, 0o644)
	require.Equal(c.t, int64(0), c.fstat(fd).Size, "O_CREAT|O_TRUNC of a new file")
}

func checkFallocate(c *fsCheck) {
	fd := c.open("f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	c.write(fd, "abcdefgh")
	err := c.p.Fallocate(fd, 0, 0, 100)
	if kitUnsupported(err) {
		c.skip("fallocate", "the filesystem does not support fallocate: %s", kitErrno(err))
	}
	c.ok(err, "fallocate(0, 0, 100)")
	require.Equal(c.t, int64(100), c.fstat(fd).Size, "mode 0 extends the size")
	require.Equal(c.t, "abcdefgh"+strings.Repeat("\x00", 92), c.readFile("f"), "and keeps the data")
	c.ok(c.p.Fallocate(fd, vfs.FALLOC_FL_KEEP_SIZE, 0, 5000), "fallocate(KEEP_SIZE, 0, 5000)")
	require.Equal(c.t, int64(100), c.fstat(fd).Size, "FALLOC_FL_KEEP_SIZE keeps the size")
	if c.try(c.p.Fallocate(fd, vfs.FALLOC_FL_PUNCH_HOLE|vfs.FALLOC_FL_KEEP_SIZE, 2, 3), "hole punching", "fallocate(PUNCH_HOLE|KEEP_SIZE, 2, 3)") {
		require.Equal(c.t, "ab\x00\x00\x00fgh", c.pread(fd, 8, 0), "a punched hole reads zeros")
		require.Equal(c.t, int64(100), c.fstat(fd).Size)
	}
	c.is(c.p.Fallocate(fd, vfs.FALLOC_FL_PUNCH_HOLE, 2, 3), vfs.EOPNOTSUPP, "PUNCH_HOLE without KEEP_SIZE")
	c.is(c.p.Fallocate(fd, 0, 0, 0), vfs.EINVAL, "fallocate of length 0")
	c.is(c.p.Fallocate(fd, 0, -1, 10), vfs.EINVAL, "fallocate at a negative offset")
	r := c.open("f", vfs.O_RDONLY, 0)
	c.is(c.p.Fallocate(r, 0, 0, 10), vfs.EBADF, "fallocate on an O_RDONLY fd")
}
