package vfstest

import (
	"path"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Behaviours of a ReadOnly mount, on its Content: what Linux answers on
// a read-only tmpfs (checked against Linux 6.x). A call that would change
// the filesystem is EROFS, except where an earlier check answers first:
// EEXIST for a name that is there (filename_create looks before it
// reports mnt_want_write's error), EISDIR for a directory opened for
// writing. unlink, rmdir and rename ask for write access before they
// look, so even a missing name is EROFS.

func readOnlyBehaviours() []kitBehaviour {
	return []kitBehaviour{
		{"WritesAreEROFS", checkReadOnlyWrites},
		{"NamespaceChangesAreEROFS", checkReadOnlyNamespace},
		{"ReadsMoveNoTimestamp", checkReadOnlyTimes},
	}
}

// checkReadOnlyWrites tries to write to, truncate and change the
// attributes of every entry.
func checkReadOnlyWrites(c *fsCheck) {
	for _, e := range c.o.ofType(vfs.S_IFREG) {
		for _, flags := range []int{vfs.O_WRONLY, vfs.O_RDWR, vfs.O_RDONLY | vfs.O_TRUNC, vfs.O_WRONLY | vfs.O_CREAT, vfs.O_WRONLY | vfs.O_APPEND} {
			_, err := c.p.Open(e.Path, flags, 0o644)
			c.is(err, vfs.EROFS, "open(%q, %#x)", e.Path, flags)
		}
		_, err := c.p.Open(e.Path, vfs.O_RDONLY|vfs.O_CREAT|vfs.O_EXCL, 0o644)
		c.is(err, vfs.EEXIST, "open(%q, O_CREAT|O_EXCL)", e.Path)
		c.close(c.open(e.Path, vfs.O_RDONLY|vfs.O_CREAT, 0o644)) // opens the file, writes nothing
		c.is(c.p.Truncate(e.Path, 0), vfs.EROFS, "truncate(%q)", e.Path)
		fd := c.open(e.Path, vfs.O_RDONLY, 0)
		c.is(c.p.Fchmod(fd, 0o600), vfs.EROFS, "fchmod of %q", e.Path)
		c.is(c.p.Fchown(fd, 1, 1), vfs.EROFS, "fchown of %q", e.Path)
		c.close(fd)
	}
	for _, e := range c.o.content {
		if e.fileType() != vfs.S_IFLNK {
			c.is(c.p.Chmod(e.Path, 0o700), vfs.EROFS, "chmod(%q)", e.Path)
			c.is(c.p.Chown(e.Path, 1, 1), vfs.EROFS, "chown(%q)", e.Path)
			c.is(c.p.UtimesNano(e.Path, nil), vfs.EROFS, "utimensat(%q, now)", e.Path)
			if !e.isDevice() { // writing a device writes no filesystem
				c.is(c.p.Access(e.Path, vfs.W_OK), vfs.EROFS, "access(%q, W_OK)", e.Path)
			}
			c.ok(c.p.Access(e.Path, vfs.R_OK), "access(%q, R_OK)", e.Path)
		} else {
			c.is(c.p.Lchown(e.Path, 1, 1), vfs.EROFS, "lchown(%q)", e.Path)
		}
	}
	for _, dir := range c.o.dirs() {
		_, err := c.p.Open(dir, vfs.O_WRONLY, 0)
		c.is(err, vfs.EISDIR, "open(%q, O_WRONLY)", dir)
		_, err = c.p.Open(dir, vfs.O_TMPFILE|vfs.O_RDWR, 0o600)
		c.is(err, vfs.EROFS, "open(%q, O_TMPFILE)", dir)
	}
	checkContentStats(c)
	checkContentReads(c)
}

// checkReadOnlyNamespace tries to make, remove and rename names in every
// directory.
func checkReadOnlyNamespace(c *fsCheck) {
	files := c.o.ofType(vfs.S_IFREG)
	for _, dir := range c.o.dirs() {
		p := path.Join(dir, "vfstest-new")
		_, err := c.p.Open(p, vfs.O_WRONLY|vfs.O_CREAT, 0o644)
		c.is(err, vfs.EROFS, "open(%q, O_CREAT)", p)
		_, err = c.p.Open(p, vfs.O_RDONLY|vfs.O_CREAT, 0o644)
		c.is(err, vfs.EROFS, "open(%q, O_RDONLY|O_CREAT)", p)
		c.is(c.p.Mkdir(p, 0o755), vfs.EROFS, "mkdir(%q)", p)
		c.is(c.p.Mknod(p, vfs.S_IFIFO|0o644, 0), vfs.EROFS, "mknod(%q, S_IFIFO)", p)
		c.is(c.p.Symlink("target", p), vfs.EROFS, "symlink(%q)", p)
		if len(files) > 0 {
			c.is(c.p.Link(files[0].Path, p), vfs.EROFS, "link(%q, %q)", files[0].Path, p)
		}
		missing := path.Join(dir, "vfstest-missing")
		c.is(c.p.Unlink(missing), vfs.EROFS, "unlink(%q): write access is asked for before the lookup", missing)
		c.is(c.p.Rmdir(missing), vfs.EROFS, "rmdir(%q)", missing)
		c.is(c.p.Rename(missing, p), vfs.EROFS, "rename(%q, %q)", missing, p)
	}
	for _, e := range c.o.content {
		c.is(c.p.Mkdir(e.Path, 0o755), vfs.EEXIST, "mkdir(%q) of a name that is there", e.Path)
		c.is(c.p.Mknod(e.Path, vfs.S_IFIFO|0o644, 0), vfs.EEXIST, "mknod(%q) of a name that is there", e.Path)
		c.is(c.p.Symlink("target", e.Path), vfs.EEXIST, "symlink over %q", e.Path)
		c.is(c.p.Rename(e.Path, e.Path+".moved"), vfs.EROFS, "rename(%q)", e.Path)
		if e.fileType() == vfs.S_IFDIR {
			c.is(c.p.Rmdir(e.Path), vfs.EROFS, "rmdir(%q)", e.Path)
		} else {
			c.is(c.p.Unlink(e.Path), vfs.EROFS, "unlink(%q)", e.Path)
			if len(files) > 0 {
				c.is(c.p.Link(files[0].Path, e.Path), vfs.EEXIST, "link over %q", e.Path)
			}
		}
	}
	checkContentStats(c)
	checkContentListings(c)
}

// checkReadOnlyTimes reads every file, lists every directory and reads
// every symlink, and requires every timestamp to stay: touch_atime does
// nothing on a read-only mount. (The other behaviours check what the
// reads return.)
func checkReadOnlyTimes(c *fsCheck) {
	paths := []string{"."}
	for _, e := range c.o.content {
		paths = append(paths, e.Path)
	}
	before := map[string]kitTimes{}
	for _, p := range paths {
		before[p] = c.times(p)
	}
	for _, e := range c.o.ofType(vfs.S_IFREG) {
		c.readFile(e.Path)
	}
	for _, dir := range c.o.dirs() {
		c.listNames(dir)
	}
	for _, e := range c.o.ofType(vfs.S_IFLNK) {
		c.readlink(e.Path)
	}
	for _, p := range paths {
		after := c.times(p)
		require.Equal(c.t, before[p], after, "times of %q after reads on a read-only mount", p)
	}
}
