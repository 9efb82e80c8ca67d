package vfstest

import (
	"io/fs"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Regular files: create, read, write, lseek, the open flags that change
// where writes go, and a file that outlives its name.

func fileBehaviours() []kitBehaviour {
	return []kitBehaviour{
		{"CreateWriteReadBack", checkCreateWriteRead},
		{"OpenMissingIsENOENT", checkOpenMissing},
		{"WriteAcrossPages", checkWriteAcrossPages},
		{"Seek", checkSeek},
		{"WritePastEndLeavesZeros", checkWritePastEnd},
		{"SeekDataAndHoleFindTheData", checkSeekDataHole},
		{"OExclRefusesAnExistingName", checkOExcl},
		{"OAppendWritesAtTheEndEveryTime", checkOAppend},
		{"PwriteOnOAppendAppends", checkPwriteAppend},
		{"PreadPwriteKeepTheOffset", checkPreadPwrite},
		{"AccessModeIsEnforced", checkAccessMode},
		{"ReadvWritev", checkReadvWritev},
		{"UnlinkedButOpenStaysUsable", checkUnlinkedOpen},
		{"DirectoryIsNotReadOrWritten", checkDirNotFile},
		{"NamesUpToNAME_MAX", checkNameMax},
		{"OTmpfileMakesAnUnnamedFile", checkOTmpfile},
	}
}

func checkCreateWriteRead(c *fsCheck) {
	fd := c.open("f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	c.write(fd, "hello, world")
	require.Equal(c.t, int64(12), c.seek(fd, 0, vfs.SEEK_CUR), "offset after write")
	c.seek(fd, 0, vfs.SEEK_SET)
	require.Equal(c.t, "hello", c.read(fd, 5))
	require.Equal(c.t, ", world", c.read(fd, 100), "a read past the end is short")
	require.Equal(c.t, "", c.read(fd, 100), "a read at the end returns 0")
	st := c.fstat(fd)
	require.Equal(c.t, int64(12), st.Size)
	require.Equal(c.t, uint32(vfs.S_IFREG|0o644), st.Mode, "mode %o (umask 022)", st.Mode)
	c.close(fd)
	require.Equal(c.t, "hello, world", c.readFile("f"), "content after reopening")
}

func checkOpenMissing(c *fsCheck) {
	_, err := c.p.Open("missing", vfs.O_RDONLY, 0)
	c.is(err, vfs.ENOENT, `open("missing")`)
	require.ErrorIs(c.t, err, fs.ErrNotExist)
	_, err = c.p.Open("missing/f", vfs.O_RDONLY, 0)
	c.is(err, vfs.ENOENT, `open("missing/f")`)
	c.create("f", "x")
	_, err = c.p.Open("f/g", vfs.O_RDONLY, 0)
	c.is(err, vfs.ENOTDIR, `open("f/g") through a regular file`)
	_, err = c.p.Open("f/", vfs.O_RDONLY, 0)
	c.is(err, vfs.ENOTDIR, `open("f/") with a trailing slash`)
}

func checkWriteAcrossPages(c *fsCheck) {
	var b strings.Builder
	for i := 0; b.Len() < 20000; i++ {
		b.WriteString(strings.Repeat(string(rune('a'+i%26)), 1+i%37))
	}
	want := b.String()
	fd := c.open("f", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	for _, chunk := range []string{want[:1], want[1:4097], want[4097:12000], want[12000:]} {
		c.write(fd, chunk)
	}
	c.close(fd)
	require.Equal(c.t, int64(len(want)), c.stat("f").Size)
	require.True(c.t, c.readFile("f") == want, "content read back differs from what was written")
	fd = c.open("f", vfs.O_RDONLY, 0)
	require.Equal(c.t, want[4090:4110], c.pread(fd, 20, 4090), "pread across a page boundary")
}

func checkSeek(c *fsCheck) {
	c.create("f", "0123456789")
	fd := c.open("f", vfs.O_RDONLY, 0)
	for _, tc := range []struct {
		name   string
		from   int64 // offset before the call
		off    int64
		whence int
		want   int64
		err    vfs.Errno
	}{
		{"SEEK_SET", 0, 3, vfs.SEEK_SET, 3, 0},
		{"SEEK_CUR forward", 4, 2, vfs.SEEK_CUR, 6, 0},
		{"SEEK_CUR back", 4, -3, vfs.SEEK_CUR, 1, 0},
		{"SEEK_END", 0, 0, vfs.SEEK_END, 10, 0},
		{"SEEK_END back", 0, -2, vfs.SEEK_END, 8, 0},
		{"SEEK_END forward", 0, 5, vfs.SEEK_END, 15, 0},
		{"SEEK_SET past the end", 0, 100, vfs.SEEK_SET, 100, 0},
		{"SEEK_SET negative", 4, -1, vfs.SEEK_SET, 4, vfs.EINVAL},
		{"SEEK_CUR below zero", 4, -5, vfs.SEEK_CUR, 4, vfs.EINVAL},
		{"SEEK_END below zero", 4, -11, vfs.SEEK_END, 4, vfs.EINVAL},
		{"unknown whence", 4, 0, 99, 4, vfs.EINVAL},
		{"SEEK_DATA in data", 0, 3, vfs.SEEK_DATA, 3, 0},
		{"SEEK_HOLE finds the end", 0, 3, vfs.SEEK_HOLE, 10, 0},
		{"SEEK_DATA at the end", 4, 10, vfs.SEEK_DATA, 4, vfs.ENXIO},
		{"SEEK_HOLE past the end", 4, 11, vfs.SEEK_HOLE, 4, vfs.ENXIO},
		{"SEEK_DATA negative", 4, -1, vfs.SEEK_DATA, 4, vfs.ENXIO},
	} {
		c.seek(fd, tc.from, vfs.SEEK_SET)
		pos, err := c.p.Seek(fd, tc.off, tc.whence)
		if tc.err != 0 {
			c.is(err, tc.err, "%s: lseek(%d, %d)", tc.name, tc.off, tc.whence)
		} else {
			c.ok(err, "%s: lseek(%d, %d)", tc.name, tc.off, tc.whence)
			require.Equal(c.t, tc.want, pos, tc.name)
		}
		require.Equal(c.t, tc.want, c.seek(fd, 0, vfs.SEEK_CUR), "%s: offset after the call", tc.name)
	}
	c.seek(fd, 8, vfs.SEEK_SET)
	require.Equal(c.t, "89", c.read(fd, 10), "read after lseek")
	c.seek(fd, 100, vfs.SEEK_SET)
	require.Equal(c.t, "", c.read(fd, 10), "read past the end")
}

func checkWritePastEnd(c *fsCheck) {
	fd := c.open("f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	c.write(fd, "ab")
	c.seek(fd, 10, vfs.SEEK_SET)
	c.write(fd, "x")
	require.Equal(c.t, int64(11), c.fstat(fd).Size)
	require.Equal(c.t, "ab\x00\x00\x00\x00\x00\x00\x00\x00x", c.readFile("f"))
	c.seek(fd, 5000, vfs.SEEK_END)
	c.write(fd, "y")
	got := c.readFile("f")
	require.Len(c.t, got, 5012)
	require.Equal(c.t, strings.Repeat("\x00", 5000)+"y", got[11:], "the hole reads as zeros")
}

func checkOExcl(c *fsCheck) {
	fd := c.open("f", vfs.O_CREAT|vfs.O_EXCL|vfs.O_WRONLY, 0o644)
	c.write(fd, "first")
	c.close(fd)
	_, err := c.p.Open("f", vfs.O_CREAT|vfs.O_EXCL|vfs.O_WRONLY, 0o644)
	c.is(err, vfs.EEXIST, "open(O_CREAT|O_EXCL) of an existing file")
	require.ErrorIs(c.t, err, fs.ErrExist)
	fd = c.open("f", vfs.O_CREAT|vfs.O_WRONLY, 0o600)
	c.close(fd)
	require.Equal(c.t, "first", c.readFile("f"), "O_CREAT without O_EXCL opens the file as it is")
	require.Equal(c.t, uint32(vfs.S_IFREG|0o644), c.stat("f").Mode, "O_CREAT of an existing file keeps its mode")
	if c.tryMkdir("d") {
		_, err = c.p.Open("d", vfs.O_CREAT|vfs.O_EXCL|vfs.O_RDONLY, 0o644)
		c.is(err, vfs.EEXIST, "open(O_CREAT|O_EXCL) of a directory")
	}
}

func checkOAppend(c *fsCheck) {
	c.create("f", "")
	a := c.open("f", vfs.O_WRONLY|vfs.O_APPEND, 0)
	b := c.open("f", vfs.O_WRONLY|vfs.O_APPEND, 0)
	plain := c.open("f", vfs.O_WRONLY, 0)
	c.write(a, "1")
	c.write(b, "22")
	c.write(a, "333")
	require.Equal(c.t, int64(6), c.seek(a, 0, vfs.SEEK_CUR), "an O_APPEND write leaves the offset at the end")
	c.seek(a, 0, vfs.SEEK_SET)
	c.write(a, "4")
	require.Equal(c.t, "1223334", c.readFile("f"), "an O_APPEND write after lseek(0) still appends")
	c.write(plain, "X")
	c.write(b, "5")
	require.Equal(c.t, "X2233345", c.readFile("f"), "a plain fd writes at its own offset; O_APPEND fds at the end")
	require.Equal(c.t, int64(8), c.seek(b, 0, vfs.SEEK_CUR))
}

// Linux's pwrite(2) BUGS: on an O_APPEND file it appends, whatever the offset.
func checkPwriteAppend(c *fsCheck) {
	c.create("f", "abc")
	fd := c.open("f", vfs.O_WRONLY|vfs.O_APPEND, 0)
	c.pwrite(fd, "Z", 0)
	require.Equal(c.t, "abcZ", c.readFile("f"))
}

func checkPreadPwrite(c *fsCheck) {
	c.create("f", "abcdef")
	fd := c.open("f", vfs.O_RDWR, 0)
	require.Equal(c.t, "cde", c.pread(fd, 3, 2))
	c.pwrite(fd, "XY", 1)
	require.Equal(c.t, int64(0), c.seek(fd, 0, vfs.SEEK_CUR), "pread and pwrite leave the offset alone")
	require.Equal(c.t, "aXYdef", c.read(fd, 100))
	c.pwrite(fd, "Z", 10)
	require.Equal(c.t, "aXYdef\x00\x00\x00\x00Z", c.readFile("f"), "pwrite past the end leaves zeros")
	require.Equal(c.t, "", c.pread(fd, 10, 11), "pread at the end")
	require.Equal(c.t, "", c.pread(fd, 10, 1000), "pread past the end")
	_, err := c.p.Pread(fd, make([]byte, 1), -1)
	c.is(err, vfs.EINVAL, "pread at a negative offset")
	_, err = c.p.Pwrite(fd, []byte("q"), -1)
	c.is(err, vfs.EINVAL, "pwrite at a negative offset")
}

func checkAccessMode(c *fsCheck) {
	c.create("f", "abc")
	r := c.open("f", vfs.O_RDONLY, 0)
	_, err := c.p.Write(r, []byte("x"))
	c.is(err, vfs.EBADF, "write on an O_RDONLY fd")
	_, err = c.p.Pwrite(r, []byte("x"), 0)
	c.is(err, vfs.EBADF, "pwrite on an O_RDONLY fd")
	w := c.open("f", vfs.O_WRONLY, 0)
	_, err = c.p.Read(w, make([]byte, 1))
	c.is(err, vfs.EBADF, "read on an O_WRONLY fd")
	require.Equal(c.t, "abc", c.readFile("f"))
}

func checkReadvWritev(c *fsCheck) {
	fd := c.open("f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	n, err := c.p.Writev(fd, [][]byte{[]byte("ab"), nil, []byte("cde")})
	c.ok(err, "writev")
	require.Equal(c.t, 5, n)
	c.seek(fd, 0, vfs.SEEK_SET)
	x, y := make([]byte, 3), make([]byte, 3)
	n, err = c.p.Readv(fd, [][]byte{x, y})
	c.ok(err, "readv")
	require.Equal(c.t, 5, n)
	require.Equal(c.t, "abcde", string(x)+string(y[:2]))
}

func checkUnlinkedOpen(c *fsCheck) {
	c.create("f", "data")
	fd := c.open("f", vfs.O_RDWR, 0)
	ino := c.fstat(fd).Ino
	c.unlink("f")
	c.gone("f")
	st := c.fstat(fd)
	require.Equal(c.t, uint64(0), st.Nlink, "nlink of an unlinked open file")
	require.Equal(c.t, int64(4), st.Size)
	require.Equal(c.t, "data", c.read(fd, 100), "read after unlink")
	c.write(fd, "+more")
	require.Equal(c.t, "data+more", c.pread(fd, 100, 0), "write after unlink")
	c.create("f", "new")
	require.NotEqual(c.t, ino, c.stat("f").Ino, "a new file of the same name is a new inode")
	require.Equal(c.t, "data+more", c.pread(fd, 100, 0), "the old file is untouched by the new name")
	require.Equal(c.t, "new", c.readFile("f"))
}

func checkDirNotFile(c *fsCheck) {
	for _, flags := range []int{vfs.O_WRONLY, vfs.O_RDWR} {
		_, err := c.p.Open(".", flags, 0)
		c.is(err, vfs.EISDIR, "open(\".\", %#x)", flags)
	}
	_, err := c.p.Open(".", vfs.O_CREAT|vfs.O_RDONLY, 0o644)
	c.is(err, vfs.EISDIR, `open(".", O_CREAT)`)
	fd := c.open(".", vfs.O_RDONLY, 0)
	_, err = c.p.Read(fd, make([]byte, 10))
	c.is(err, vfs.EISDIR, "read on a directory fd")
	_, err = c.p.Write(fd, []byte("x"))
	c.is(err, vfs.EBADF, "write on a directory fd")
}

func checkNameMax(c *fsCheck) {
	long := strings.Repeat("n", vfs.NAME_MAX)
	c.create(long, "max")
	require.Equal(c.t, "max", c.readFile(long))
	_, err := c.p.Open(long+"n", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	c.is(err, vfs.ENAMETOOLONG, "create with a %d-byte name", vfs.NAME_MAX+1)
	var st vfs.Stat_t
	c.is(c.p.Stat(long+"n", &st), vfs.ENAMETOOLONG, "stat of a %d-byte name", vfs.NAME_MAX+1)
}

// O_TMPFILE makes a file with no name, which linkat(AT_EMPTY_PATH) can
// name later unless O_EXCL said never.
func checkOTmpfile(c *fsCheck) {
	fd, err := c.p.Open(".", vfs.O_TMPFILE|vfs.O_RDWR, 0o600)
	if kitUnsupported(err) {
		c.skip("O_TMPFILE", "the filesystem does not support O_TMPFILE: %s", kitErrno(err))
	}
	c.ok(err, "open(\".\", O_TMPFILE|O_RDWR)")
	c.t.Cleanup(func() { c.p.Close(fd) })
	st := c.fstat(fd)
	require.Equal(c.t, uint32(vfs.S_IFREG|0o600), st.Mode)
	require.Equal(c.t, uint64(0), st.Nlink, "an O_TMPFILE file has no links")
	require.Equal(c.t, []string{".", ".."}, c.listNames("."), "nor a name")
	c.write(fd, "tmp")
	require.Equal(c.t, "tmp", c.pread(fd, 10, 0))
	if c.try(c.p.Linkat(fd, "", vfs.AT_FDCWD, "named", vfs.AT_EMPTY_PATH), "link", "linkat(AT_EMPTY_PATH)") {
		require.Equal(c.t, uint64(1), c.fstat(fd).Nlink)
		require.Equal(c.t, "tmp", c.readFile("named"))
		excl := c.open(".", vfs.O_TMPFILE|vfs.O_RDWR|vfs.O_EXCL, 0o600)
		c.is(c.p.Linkat(excl, "", vfs.AT_FDCWD, "never", vfs.AT_EMPTY_PATH), vfs.ENOENT,
			"linkat of an O_TMPFILE|O_EXCL file")
		c.create("gone", "x")
		gone := c.open("gone", vfs.O_RDONLY, 0)
		c.unlink("gone")
		c.is(c.p.Linkat(gone, "", vfs.AT_FDCWD, "back", vfs.AT_EMPTY_PATH), vfs.ENOENT,
			"linkat of an unlinked file")
	}
	_, err = c.p.Open(".", vfs.O_TMPFILE|vfs.O_RDONLY, 0o600)
	c.is(err, vfs.EINVAL, "O_TMPFILE without write access")
}

// SEEK_DATA and SEEK_HOLE may be exact or may treat the whole file as
// data (generic_file_llseek); either way they never skip written bytes.
func checkSeekDataHole(c *fsCheck) {
	fd := c.open("f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	c.pwrite(fd, "a", 0)
	c.pwrite(fd, "b", 10000)
	for _, off := range []int64{0, 1, 5000, 10000} {
		data := c.seek(fd, off, vfs.SEEK_DATA)
		require.GreaterOrEqual(c.t, data, off, "SEEK_DATA from %d", off)
		require.LessOrEqual(c.t, data, max(off, 10000), "SEEK_DATA from %d skips the byte at 10000", off)
		hole := c.seek(fd, off, vfs.SEEK_HOLE)
		require.GreaterOrEqual(c.t, hole, off, "SEEK_HOLE from %d", off)
		require.LessOrEqual(c.t, hole, int64(10001), "SEEK_HOLE from %d is at most the end", off)
		if off == 0 || off == 10000 {
			require.Equal(c.t, off, data, "SEEK_DATA from %d: the byte written there is data", off)
			require.Greater(c.t, hole, off, "SEEK_HOLE from %d: the byte written there is no hole", off)
		}
	}
	_, err := c.p.Seek(fd, 10001, vfs.SEEK_DATA)
	c.is(err, vfs.ENXIO, "SEEK_DATA at the end")
}
