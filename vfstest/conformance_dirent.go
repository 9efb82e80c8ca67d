package vfstest

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// getdents64(2): every name once, "." and ".." included, d_off cookies
// that lseek resumes from, and listings that stay exact while other
// goroutines change the directory.

func getdentsBehaviours() []kitBehaviour {
	return []kitBehaviour{
		{"EveryNameOnceWithDots", checkDirentsAll},
		{"RecordsDescribeTheirInodes", checkDirentsFields},
		{"SmallBuffersListTheSame", checkDirentsSmallBuffer},
		{"SeekToACookieResumes", checkDirentsResume},
		{"RewindListsAgain", checkDirentsRewind},
		{"BufferSmallerThanARecordIsEINVAL", checkDirentsTinyBuffer},
		{"GetdentsOfAFileIsENOTDIR", checkDirentsNotDir},
		{"ChangesShowInTheNextListing", checkDirentsChanges},
		{"ConcurrentChangesNeverSkipOrRepeat", checkDirentsConcurrent},
		{"SeekBelowZeroIsEINVAL", checkDirSeek},
	}
}

// dirents lists the open directory fd from its offset to the end, with
// getdents buffers of bufSize bytes.
func (c *fsCheck) dirents(fd, bufSize int) []Dirent {
	c.t.Helper()
	var all []Dirent
	buf := make([]byte, bufSize)
	for {
		n, err := c.p.Getdents(fd, buf)
		c.ok(err, "getdents(%d, %d bytes)", fd, bufSize)
		if n == 0 {
			return all
		}
		all = append(all, ParseDirents(buf[:n])...)
	}
}

// listNames returns the names in dir, "." and ".." included, sorted.
// It checks with vfs.ParseDirent, which skips the dots, that the
// records parse the same way x/sys/unix would parse them.
func (c *fsCheck) listNames(dir string) []string {
	c.t.Helper()
	fd := c.open(dir, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	defer c.close(fd)
	var names, parsed []string
	buf := make([]byte, 4096)
	for {
		n, err := c.p.Getdents(fd, buf)
		c.ok(err, "getdents(%q)", dir)
		if n == 0 {
			break
		}
		for _, d := range ParseDirents(buf[:n]) {
			names = append(names, d.Name)
		}
		consumed, _, more := vfs.ParseDirent(buf[:n], -1, nil)
		require.Equal(c.t, n, consumed, "vfs.ParseDirent consumes every byte getdents returned")
		parsed = append(parsed, more...)
	}
	slices.Sort(names)
	require.ElementsMatch(c.t, slices.DeleteFunc(slices.Clone(names), kitIsDot), parsed, "vfs.ParseDirent sees the same names")
	return names
}

func kitIsDot(name string) bool { return name == "." || name == ".." }

// requireOnce fails unless names holds each of want exactly once and
// nothing outside want and extra. A name that extra accepts comes and
// goes during the listing, and may show twice: unlinked and made again,
// it is a new entry.
func (c *fsCheck) requireOnce(names []string, want []string, extra func(string) bool) {
	c.t.Helper()
	seen := map[string]int{}
	for _, n := range names {
		seen[n]++
		if slices.Contains(want, n) {
			require.Equal(c.t, 1, seen[n], "%q listed twice", n)
		} else {
			require.True(c.t, extra != nil && extra(n), "%q listed but never made", n)
		}
	}
	for _, n := range want {
		require.Equal(c.t, 1, seen[n], "%q missing from the listing", n)
	}
}

func checkDirentsAll(c *fsCheck) {
	want := []string{".", ".."}
	for i := range 50 {
		name := fmt.Sprintf("file-%02d", i)
		c.create(name, "")
		want = append(want, name)
	}
	fd := c.open(".", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	var names []string
	for _, d := range c.dirents(fd, 4096) {
		names = append(names, d.Name)
	}
	c.requireOnce(names, want, nil)
	slices.Sort(want)
	require.Equal(c.t, want, c.listNames("."))
}

func checkDirentsFields(c *fsCheck) {
	c.create("f", "")
	types := map[string]uint8{".": vfs.DT_DIR, "..": vfs.DT_DIR, "f": vfs.DT_REG}
	if c.tryMkdir("d") {
		types["d"] = vfs.DT_DIR
	}
	if c.try(c.p.Symlink("f", "l"), "symlink", `symlink("f", "l")`) {
		types["l"] = vfs.DT_LNK
	}
	if c.try(c.p.Mkfifo("fifo", 0o644), "mknod", `mkfifo("fifo")`) {
		types["fifo"] = vfs.DT_FIFO
	}
	fd := c.open(".", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	ents := c.dirents(fd, 4096)
	require.Len(c.t, ents, len(types))
	for _, d := range ents {
		want, ok := types[d.Name]
		require.True(c.t, ok, "unexpected entry %q", d.Name)
		require.Equal(c.t, want, d.Type, "d_type of %q", d.Name)
		if d.Name != ".." { // the mount root's ".." is the backend's business
			require.Equal(c.t, c.lstat(d.Name).Ino, d.Ino, "d_ino of %q", d.Name)
		}
	}
	if c.tryMkdir("p") {
		c.mkdir("p/sub")
		fd := c.open("p/sub", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		for _, d := range c.dirents(fd, 4096) {
			if d.Name == ".." {
				require.Equal(c.t, c.stat("p").Ino, d.Ino, `d_ino of ".." is the parent's`)
			}
		}
	}
}

func checkDirentsSmallBuffer(c *fsCheck) {
	for i := range 30 {
		c.create(fmt.Sprintf("name-with-some-length-%02d", i), "")
	}
	fd := c.open(".", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	big := c.dirents(fd, 1<<16)
	for _, size := range []int{64, 100, 333} {
		c.seek(fd, 0, vfs.SEEK_SET)
		require.Equal(c.t, big, c.dirents(fd, size), "listing with %d-byte buffers", size)
	}
}

func checkDirentsResume(c *fsCheck) {
	for i := range 20 {
		c.create(fmt.Sprintf("f%02d", i), "")
	}
	fd := c.open(".", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	all := c.dirents(fd, 4096)
	buf := make([]byte, 4096)
	for i, d := range all {
		require.Equal(c.t, d.Off, c.seek(fd, d.Off, vfs.SEEK_SET))
		n, err := c.p.Getdents(fd, buf)
		c.ok(err, "getdents after lseek to the d_off of %q", d.Name)
		if i == len(all)-1 {
			require.Zero(c.t, n, "getdents after the last cookie returns 0")
			continue
		}
		require.Equal(c.t, all[i+1:], ParseDirents(buf[:n]), "listing resumed after %q", d.Name)
	}
}

func checkDirentsRewind(c *fsCheck) {
	c.create("f", "")
	fd := c.open(".", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	first := c.dirents(fd, 4096)
	n, err := c.p.Getdents(fd, make([]byte, 4096))
	c.ok(err, "getdents at the end")
	require.Zero(c.t, n, "getdents at the end returns 0")
	n, err = c.p.Getdents(fd, make([]byte, 1))
	c.ok(err, "getdents at the end with a 1-byte buffer")
	require.Zero(c.t, n, "getdents at the end returns 0 whatever the buffer")
	require.Equal(c.t, int64(0), c.seek(fd, 0, vfs.SEEK_SET))
	require.Equal(c.t, first, c.dirents(fd, 4096), "a rewound listing starts again at \".\"")
}

func checkDirentsTinyBuffer(c *fsCheck) {
	c.create("a-rather-long-name-for-one-record", "")
	fd := c.open(".", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	for _, size := range []int{0, 1, 19, 23} {
		_, err := c.p.Getdents(fd, make([]byte, size))
		c.is(err, vfs.EINVAL, "getdents with a %d-byte buffer", size)
	}
	all := c.dirents(fd, 4096)
	require.Len(c.t, all, 3, "a failed getdents consumes nothing")
	i := slices.IndexFunc(all, func(d Dirent) bool { return !kitIsDot(d.Name) })
	var off int64 // the cookie that resumes at the long name
	if i > 0 {
		off = all[i-1].Off
	}
	c.seek(fd, off, vfs.SEEK_SET)
	_, err := c.p.Getdents(fd, make([]byte, 40))
	c.is(err, vfs.EINVAL, "getdents with a buffer shorter than the next record")
}

func checkDirentsNotDir(c *fsCheck) {
	c.create("f", "")
	fd := c.open("f", vfs.O_RDONLY, 0)
	_, err := c.p.Getdents(fd, make([]byte, 4096))
	c.is(err, vfs.ENOTDIR, "getdents of a regular file")
}

func checkDirentsChanges(c *fsCheck) {
	c.create("a", "")
	c.create("b", "")
	fd := c.open(".", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	c.dirents(fd, 4096)
	c.unlink("a")
	c.create("c", "")
	c.seek(fd, 0, vfs.SEEK_SET)
	var names []string
	for _, d := range c.dirents(fd, 4096) {
		names = append(names, d.Name)
	}
	c.requireOnce(names, []string{".", "..", "b", "c"}, nil)
}

// While other goroutines create and unlink names, a listing must show
// every name that lived through it exactly once, and no name twice.
func checkDirentsConcurrent(c *fsCheck) {
	var keep []string
	for i := range 150 {
		name := fmt.Sprintf("keep-%03d", i)
		c.create(name, "")
		keep = append(keep, name)
	}
	c.create("churn-probe", "")
	c.unlink("churn-probe")
	isChurn := func(n string) bool { return len(n) > 6 && n[:6] == "churn-" }
	var stop atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 3 {
		wg.Go(func() {
			for i := 0; !stop.Load(); i++ {
				name := fmt.Sprintf("churn-%d-%d", w, i%40)
				fd, err := c.p.Open(name, vfs.O_CREAT|vfs.O_WRONLY, 0o644)
				if err == nil {
					err = c.p.Close(fd)
				}
				if err == nil && i%3 != 0 {
					err = c.p.Unlink(name)
				}
				if err != nil {
					errs <- fmt.Errorf("churn %s: %w", name, err)
					return
				}
			}
		})
	}
	defer func() {
		stop.Store(true)
		wg.Wait()
	}()
	fd := c.open(".", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	for round := range 30 {
		c.seek(fd, 0, vfs.SEEK_SET)
		var names []string
		for _, d := range c.dirents(fd, 200+round*37) {
			names = append(names, d.Name)
		}
		c.requireOnce(names, append([]string{".", ".."}, keep...), isChurn)
		select {
		case err := <-errs:
			c.t.Fatal(err)
		default:
		}
	}
}

func checkDirSeek(c *fsCheck) {
	c.create("f", "")
	fd := c.open(".", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	all := c.dirents(fd, 4096)
	_, err := c.p.Seek(fd, -1, vfs.SEEK_SET)
	c.is(err, vfs.EINVAL, "lseek of a directory to -1")
	c.seek(fd, 0, vfs.SEEK_SET)
	_, err = c.p.Getdents(fd, make([]byte, 32)) // one record
	c.ok(err, "getdents")
	_, err = c.p.Seek(fd, -1000, vfs.SEEK_CUR)
	c.is(err, vfs.EINVAL, "lseek of a directory below 0 with SEEK_CUR")
	c.seek(fd, 0, vfs.SEEK_SET)
	require.Equal(c.t, all, c.dirents(fd, 4096))
}
