package vfstest

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Many goroutines on one filesystem, as threads of one process: writes
// through O_APPEND or one shared offset never overlap, and renames that
// race each other never lose or duplicate a name. Run these with -race.

func concurrencyBehaviours() []kitBehaviour {
	return []kitBehaviour{
		{"AppendsNeverOverlap", checkConcurrentAppends},
		{"WritesThroughOneFdNeverOverlap", checkConcurrentSharedOffset},
		{"RenamesNeverLoseAName", checkConcurrentRenames},
	}
}

// parallel runs f(0..n-1) on n goroutines and fails the behaviour on the
// first error, or if they have not finished in a minute (a deadlock).
func (c *fsCheck) parallel(n int, f func(w int) error) {
	c.t.Helper()
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() { errs <- f(w) })
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		c.t.Fatal("goroutines still running after a minute: deadlock?")
	}
	close(errs)
	for err := range errs {
		c.ok(err, "a goroutine")
	}
}

const recordsPerWriter = 200

// kitRecord is a 16-byte line that names its writer (0-9) and sequence
// number.
func kitRecord(w, i int) string { return fmt.Sprintf("w%d-%04d%8s\n", w, i, "") }

// requireRecords checks that data is whole records, each written once.
func (c *fsCheck) requireRecords(data string, writers int) {
	c.t.Helper()
	require.Len(c.t, data, writers*recordsPerWriter*16, "every byte written is there once")
	seen := map[string]bool{}
	for i := 0; i < len(data); i += 16 {
		r := data[i : i+16]
		require.True(c.t, strings.HasPrefix(r, "w") && strings.HasSuffix(r, "\n"), "torn record %q at %d", r, i)
		require.False(c.t, seen[r], "record %q twice", r)
		seen[r] = true
	}
}

func checkConcurrentAppends(c *fsCheck) {
	c.create("log", "")
	const writers = 4
	fds := make([]int, writers)
	for w := range fds {
		fds[w] = c.open("log", vfs.O_WRONLY|vfs.O_APPEND, 0)
	}
	c.parallel(writers, func(w int) error {
		for i := range recordsPerWriter {
			if _, err := c.p.Write(fds[w], []byte(kitRecord(w, i))); err != nil {
				return err
			}
		}
		return nil
	})
	c.requireRecords(c.readFile("log"), writers)
}

// Since Linux 3.14 write(2) on a regular file holds the offset lock, so
// threads sharing one fd never write over each other.
func checkConcurrentSharedOffset(c *fsCheck) {
	fd := c.open("f", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	const writers = 4
	c.parallel(writers, func(w int) error {
		for i := range recordsPerWriter {
			if _, err := c.p.Write(fd, []byte(kitRecord(w, i))); err != nil {
				return err
			}
		}
		return nil
	})
	c.requireRecords(c.readFile("f"), writers)
}

// Two goroutines move one file back and forth between two directories
// (or two names), two move a directory across the same pair, and one
// looks everything up; afterwards each object has exactly one name.
func checkConcurrentRenames(c *fsCheck) {
	x, y := "a/x", "b/x"
	dirs := c.tryMkdir("a")
	if dirs {
		c.mkdir("b")
		c.mkdir("a/sub")
	} else {
		x, y = "x", "y" // a flat filesystem: rename between two names only
	}
	c.create(x, "x")
	c.rename(x, y) // the probe
	moves := [][2]string{{x, y}, {y, x}}
	if dirs {
		moves = append(moves, [2]string{"a/sub", "b/sub"}, [2]string{"b/sub", "a/sub"})
	}
	c.parallel(len(moves)+1, func(w int) error {
		for range 300 {
			if w == len(moves) {
				var st vfs.Stat_t
				for _, path := range []string{x, y, "a/sub/..", "b/sub/.."} {
					c.p.Stat(path, &st) // any answer will do; it must not race or hang
				}
				continue
			}
			err := c.p.Rename(moves[w][0], moves[w][1])
			if err != nil && vfs.ErrnoOf(err) != vfs.ENOENT {
				return fmt.Errorf("rename(%q, %q): %w", moves[w][0], moves[w][1], err)
			}
		}
		return nil
	})
	count := func(paths ...string) (n int) {
		var st vfs.Stat_t
		for _, p := range paths {
			if c.p.Lstat(p, &st) == nil {
				n++
			}
		}
		return n
	}
	require.Equal(c.t, 1, count(x, y), "the file has exactly one name")
	if count(x) == 0 {
		x = y
	}
	require.Equal(c.t, "x", c.readFile(x), "the file is intact")
	if dirs {
		require.Equal(c.t, 1, count("a/sub", "b/sub"), "the directory has exactly one name")
		require.Equal(c.t, uint64(5), c.stat("a").Nlink+c.stat("b").Nlink, "the parents' link counts add up")
	}
}
