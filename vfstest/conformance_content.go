package vfstest

import (
	"path"
	"slices"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Behaviours on the Content a new instance starts with: everything the
// option describes must read back, stat, list and seek as described, on a
// writable mount as on a read-only one. They only read.

func contentBehaviours() []kitBehaviour {
	return []kitBehaviour{
		{"ReadsEveryFile", checkContentReads},
		{"StatsEveryEntry", checkContentStats},
		{"ListsEveryDirectory", checkContentListings},
		{"SeeksInEveryFile", checkContentSeeks},
		{"ReadlinksEverySymlink", checkContentReadlinks},
		{"MissingNamesAreENOENT", checkContentMissing},
		{"ModesBindOtherUsers", checkContentModes},
	}
}

// checkContentReads reads every file whole, in 7-byte pieces and with
// pread from its middle.
func checkContentReads(c *fsCheck) {
	for _, e := range c.o.ofType(vfs.S_IFREG) {
		require.Equal(c.t, e.Data, c.readFile(e.Path), "read(%q) to EOF", e.Path)
		fd := c.open(e.Path, vfs.O_RDONLY, 0)
		var got []byte
		for {
			piece := c.read(fd, 7)
			if piece == "" {
				break
			}
			require.LessOrEqual(c.t, len(piece), 7)
			got = append(got, piece...)
		}
		require.Equal(c.t, e.Data, string(got), "%q read in 7-byte pieces", e.Path)
		mid := int64(len(e.Data) / 2)
		require.Equal(c.t, e.Data[mid:], c.pread(fd, len(e.Data)+1, mid), "pread(%q) from %d", e.Path, mid)
		require.Equal(c.t, "", c.pread(fd, 10, int64(len(e.Data))), "pread(%q) at the end", e.Path)
		c.close(fd)
	}
}

// checkContentStats compares lstat with each entry, fstat with lstat,
// and requires distinct inode numbers on one device.
func checkContentStats(c *fsCheck) {
	root := c.stat(".")
	require.Equal(c.t, uint32(vfs.S_IFDIR), root.Mode&vfs.S_IFMT, "the root is a directory")
	inos := map[uint64]string{root.Ino: "."}
	for _, e := range c.o.content {
		st := c.lstat(e.Path)
		require.Equal(c.t, e.fileType(), st.Mode&vfs.S_IFMT, "type of %q", e.Path)
		if e.fileType() != vfs.S_IFLNK {
			require.Equal(c.t, e.Mode&0o7777, st.Mode&0o7777, "permission bits of %q: %#o", e.Path, st.Mode&0o7777)
		}
		require.Equal(c.t, [2]uint32{e.Uid, e.Gid}, [2]uint32{st.Uid, st.Gid}, "owner of %q", e.Path)
		switch e.fileType() {
		case vfs.S_IFREG:
			require.Equal(c.t, int64(len(e.Data)), st.Size, "size of %q", e.Path)
		case vfs.S_IFLNK:
			require.Equal(c.t, int64(len(e.Target)), st.Size, "a symlink's size is its target's length: %q", e.Path)
		case vfs.S_IFCHR, vfs.S_IFBLK:
			require.Equal(c.t, e.Rdev, st.Rdev, "st_rdev of %q", e.Path)
			require.Zero(c.t, st.Size, "a device node's size is 0: %q", e.Path)
		}
		require.GreaterOrEqual(c.t, st.Nlink, uint64(1), "nlink of %q", e.Path)
		require.Equal(c.t, root.Dev, st.Dev, "%q is on the mount's device", e.Path)
		if other, dup := inos[st.Ino]; dup {
			c.t.Fatalf("%q and %q have the same inode number %d", e.Path, other, st.Ino)
		}
		inos[st.Ino] = e.Path
		if e.fileType() == vfs.S_IFLNK {
			continue
		}
		flags := vfs.O_RDONLY
		if e.isDevice() {
			flags = vfs.O_PATH // the node, not its driver
		}
		fd := c.open(e.Path, flags, 0)
		fst := c.fstat(fd)
		c.close(fd)
		require.Equal(c.t, st.Rdev, fst.Rdev, "fstat and lstat of %q agree on st_rdev", e.Path)
		require.Equal(c.t, [3]uint64{st.Ino, uint64(st.Mode), uint64(st.Size)},
			[3]uint64{fst.Ino, uint64(fst.Mode), uint64(fst.Size)}, "fstat and lstat of %q agree", e.Path)
	}
}

// checkContentListings lists every directory with a large buffer and
// with one that holds a single record, and again after a rewind.
func checkContentListings(c *fsCheck) {
	for _, dir := range c.o.dirs() {
		want := append([]string{".", ".."}, c.o.children(dir)...)
		slices.Sort(want)
		require.Equal(c.t, want, c.listNames(dir), "names in %q", dir)

		fd := c.open(dir, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		small := c.dirents(fd, 64)
		var names []string
		for _, d := range small {
			names = append(names, d.Name)
			if kitIsDot(d.Name) {
				require.Equal(c.t, uint8(vfs.DT_DIR), d.Type, "d_type of %q in %q", d.Name, dir)
				continue
			}
			p := path.Join(dir, d.Name)
			st := c.lstat(p)
			require.Equal(c.t, st.Ino, d.Ino, "d_ino of %q is its st_ino", p)
			require.Equal(c.t, vfs.DType(st.Mode), d.Type, "d_type of %q", p)
		}
		slices.Sort(names)
		require.Equal(c.t, want, names, "names in %q, read one 64-byte buffer at a time", dir)
		require.Equal(c.t, int64(0), c.seek(fd, 0, vfs.SEEK_SET), "rewind %q", dir)
		again := c.dirents(fd, 4096)
		require.Len(c.t, again, len(small), "listing %q again after lseek(0)", dir)
		c.close(fd)
	}
}

// checkContentSeeks moves around every file with the three whences.
func checkContentSeeks(c *fsCheck) {
	for _, e := range c.o.ofType(vfs.S_IFREG) {
		size := int64(len(e.Data))
		fd := c.open(e.Path, vfs.O_RDONLY, 0)
		require.Equal(c.t, size, c.seek(fd, 0, vfs.SEEK_END), "SEEK_END of %q is its size", e.Path)
		require.Equal(c.t, "", c.read(fd, 10), "read at the end of %q", e.Path)
		require.Equal(c.t, size/3, c.seek(fd, size/3, vfs.SEEK_SET))
		require.Equal(c.t, e.Data[size/3:], c.readToEOF(fd), "read %q from %d", e.Path, size/3)
		require.Equal(c.t, size/2, c.seek(fd, size/2-size, vfs.SEEK_CUR), "SEEK_CUR back from the end")
		require.Equal(c.t, e.Data[size/2:], c.readToEOF(fd))
		require.Equal(c.t, size+100, c.seek(fd, size+100, vfs.SEEK_SET), "a seek past the end is allowed")
		require.Equal(c.t, "", c.read(fd, 10), "and reads nothing")
		_, err := c.p.Seek(fd, -1, vfs.SEEK_SET)
		c.is(err, vfs.EINVAL, "lseek(%q, -1, SEEK_SET)", e.Path)
		c.close(fd)
	}
}

// checkContentReadlinks reads every symlink whole and into a buffer one
// byte too short, which readlink(2) fills without an error.
func checkContentReadlinks(c *fsCheck) {
	for _, e := range c.o.ofType(vfs.S_IFLNK) {
		require.Equal(c.t, e.Target, c.readlink(e.Path), "readlink(%q)", e.Path)
		if len(e.Target) < 2 {
			continue
		}
		buf := make([]byte, len(e.Target)-1)
		n, err := c.p.Readlink(e.Path, buf)
		c.ok(err, "readlink(%q) into %d bytes", e.Path, len(buf))
		require.Equal(c.t, e.Target[:len(buf)], string(buf[:n]), "readlink truncates silently")
	}
}

// checkContentMissing looks up names that are not there.
func checkContentMissing(c *fsCheck) {
	var st vfs.Stat_t
	for _, dir := range c.o.dirs() {
		p := path.Join(dir, "vfstest-missing")
		c.is(c.p.Lstat(p, &st), vfs.ENOENT, "lstat(%q)", p)
		_, err := c.p.Open(p, vfs.O_RDONLY, 0)
		c.is(err, vfs.ENOENT, "open(%q)", p)
		c.is(c.p.Lstat(p+"/below", &st), vfs.ENOENT, "lstat(%q)", p+"/below")
	}
	for _, e := range c.o.ofType(vfs.S_IFREG) {
		c.is(c.p.Lstat(e.Path+"/x", &st), vfs.ENOTDIR, "lstat(%q): a file is no directory", e.Path+"/x")
		_, err := c.p.Open(e.Path+"/", vfs.O_RDONLY, 0)
		c.is(err, vfs.ENOTDIR, "open(%q)", e.Path+"/")
	}
}

// kitOtherUID is the user checkContentModes runs as: it owns nothing in
// Content (unless Content says otherwise), so the "other" bits apply.
const kitOtherUID = 4242

// checkContentModes reads every entry as another user: a directory
// without x for others hides what is below it, and files and
// directories without r cannot be opened for reading (EACCES).
func checkContentModes(c *fsCheck) {
	u, err := c.p.Fork()
	c.ok(err, "fork")
	defer func() { u.Exit(0); _, _ = c.p.Wait(u.Pid()) }()
	c.ok(u.Setgroups([]int{}), "setgroups")
	c.ok(u.Setgid(kitOtherUID), "setgid")
	c.ok(u.Setuid(kitOtherUID), "setuid")
	rootMode := c.stat(".").Mode
	bits := func(p string, mask uint32) bool {
		e := c.entry(p)
		switch {
		case p == ".":
			return rootMode&mask != 0
		case e.Uid == kitOtherUID:
			return e.Mode&(mask<<6) != 0
		case e.Gid == kitOtherUID:
			return e.Mode&(mask<<3) != 0
		}
		return e.Mode&mask != 0
	}
	for _, e := range c.o.content {
		searchable := bits(".", 0o1)
		for d := path.Dir(e.Path); d != "."; d = path.Dir(d) {
			searchable = searchable && bits(d, 0o1)
		}
		var st vfs.Stat_t
		err := u.Lstat(e.Path, &st)
		if !searchable {
			c.is(err, vfs.EACCES, "lstat(%q) as uid %d without search permission on its directories", e.Path, kitOtherUID)
			continue
		}
		c.ok(err, "lstat(%q) as uid %d", e.Path, kitOtherUID)
		if e.fileType() == vfs.S_IFLNK {
			continue
		}
		if e.isDevice() { // access(2) asks the modes without opening the driver
			if bits(e.Path, 0o4) {
				c.ok(u.Access(e.Path, vfs.R_OK), "access(%q, R_OK) as uid %d, mode %#o", e.Path, kitOtherUID, e.Mode&0o7777)
			} else {
				c.is(u.Access(e.Path, vfs.R_OK), vfs.EACCES, "access(%q, R_OK) as uid %d, mode %#o", e.Path, kitOtherUID, e.Mode&0o7777)
			}
			continue
		}
		fd, err := u.Open(e.Path, vfs.O_RDONLY, 0)
		if bits(e.Path, 0o4) {
			c.ok(err, "open(%q, O_RDONLY) as uid %d, mode %#o", e.Path, kitOtherUID, e.Mode&0o7777)
			c.ok(u.Close(fd), "close")
		} else {
			c.is(err, vfs.EACCES, "open(%q, O_RDONLY) as uid %d, mode %#o", e.Path, kitOtherUID, e.Mode&0o7777)
		}
	}
}

// entry returns the Content entry at p (the zero Entry for the root).
func (c *fsCheck) entry(p string) Entry {
	for _, e := range c.o.content {
		if e.Path == p {
			return e
		}
	}
	return Entry{}
}
