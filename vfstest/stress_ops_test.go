package vfstest_test

import (
	"fmt"
	"math/rand/v2"
	"runtime/debug"

	"github.com/govfs/govfs/vfs"
)

// The calls of one TestStress worker. None of them can block: every open
// is O_NONBLOCK (FIFOs are among the names) and so is every pipe, so a
// worker that stops making progress is a deadlock in govfs.

type stressWorker struct {
	st   *stressRun
	p    *vfs.Process
	rng  *rand.Rand
	seed uint64
	fds  []int    // fds this worker opened; the other thread may close them
	maps [][]byte // mappings this worker keeps (stress_mmap_test.go)
	n    int
}

func (st *stressRun) worker(p *vfs.Process, seed uint64) {
	w := &stressWorker{st: st, p: p, rng: rand.New(rand.NewPCG(seed, 0x5eed)), seed: seed}
	for st.calls.Load() < st.budget {
		w.step()
		st.calls.Add(1)
	}
}

// step makes one random call, checks that it neither panicked nor
// returned an error that is not an errno, and now and then checks the
// small mount's limits.
func (w *stressWorker) step() {
	w.n++
	c := w.st.ops[w.rng.IntN(len(w.st.ops))]
	func() {
		defer func() {
			if r := recover(); r != nil {
				w.st.fail("seed %d call %d: %s panicked: %v\n%s", w.seed, w.n, c.name, r, debug.Stack())
			}
		}()
		if err := c.do(w); err != nil {
			if _, ok := errnoOf(err); !ok {
				w.st.fail("seed %d call %d: %s returned a non-errno error %T %v", w.seed, w.n, c.name, err, err)
			}
		}
	}()
	if w.n%32 == 0 {
		w.checkLimits()
	}
}

// checkLimits: the small mount never uses more than its size= and
// nr_inodes= allow.
func (w *stressWorker) checkLimits() {
	var s vfs.Statfs_t
	if err := w.p.Statfs(smallDir, &s); err != nil {
		w.st.fail("seed %d: statfs %s: %v", w.seed, smallDir, err)
		return
	}
	lim := w.st.small
	if s.Blocks != lim.Blocks || s.Files != lim.Files || s.Bfree > s.Blocks || s.Ffree > s.Files {
		w.st.fail("seed %d: %s over its limits: %s (empty: %s)", w.seed, smallDir, statfsUse(s), statfsUse(lim))
	}
}

func (w *stressWorker) path() string { return stressNames[w.rng.IntN(len(stressNames))] }

// fd is one of the worker's fds, or now and then a bad one.
func (w *stressWorker) fd() int {
	if len(w.fds) == 0 || w.rng.IntN(16) == 0 {
		return []int{-1, 0, 3, 200, 1 << 20}[w.rng.IntN(5)]
	}
	return w.fds[w.rng.IntN(len(w.fds))]
}

func (w *stressWorker) keep(fds ...int) {
	w.fds = append(w.fds, fds...)
	if len(w.fds) > 24 { // keep the table small: close the oldest
		_ = w.p.Close(w.fds[0])
		w.fds = w.fds[1:]
	}
}

func (w *stressWorker) off() int64 {
	return []int64{0, 0, 1, 4095, 4096, 100000, 1 << 20, 1 << 40, -1}[w.rng.IntN(9)]
}

func (w *stressWorker) data() []byte {
	return make([]byte, []int{0, 1, 100, 4096, 9000, 70000}[w.rng.IntN(6)])
}

func (w *stressWorker) openFlags() int {
	f := []int{vfs.O_RDONLY, vfs.O_WRONLY, vfs.O_RDWR, vfs.O_RDWR}[w.rng.IntN(4)] | vfs.O_NONBLOCK
	for _, b := range []struct{ bit, odds int }{
		{vfs.O_CREAT, 2}, {vfs.O_EXCL, 6}, {vfs.O_TRUNC, 5}, {vfs.O_APPEND, 4},
		{vfs.O_DIRECTORY, 10}, {vfs.O_NOFOLLOW, 10}, {vfs.O_CLOEXEC, 3},
	} {
		if w.rng.IntN(b.odds) == 0 {
			f |= b.bit
		}
	}
	return f
}

type stressCall struct {
	name string
	do   func(w *stressWorker) error
}

var stressCalls = []stressCall{
	{"open", func(w *stressWorker) error {
		fd, err := w.p.Open(w.path(), w.openFlags(), 0o644)
		if err == nil {
			w.keep(fd)
		}
		return err
	}},
	{"open", func(w *stressWorker) error {
		fd, err := w.p.Open(w.path(), vfs.O_RDWR|vfs.O_CREAT|vfs.O_NONBLOCK, 0o600)
		if err == nil {
			w.keep(fd)
		}
		return err
	}},
	{"open_dev", func(w *stressWorker) error {
		dev := [...]string{"/dev/null", "/dev/zero", "/dev/full", "/dev/urandom"}[w.rng.IntN(4)]
		fd, err := w.p.Open(dev, vfs.O_RDWR|vfs.O_NONBLOCK, 0)
		if err == nil {
			w.keep(fd)
		}
		return err
	}},
	{"open_pty", func(w *stressWorker) error {
		// A master, and now and then its slave, unlocked: both
		// nonblocking; closing either (or the process exiting) races
		// the other's calls, and a master's close removes the slave.
		m, err := w.p.Open("/dev/ptmx", vfs.O_RDWR|vfs.O_NONBLOCK|vfs.O_NOCTTY, 0)
		if err != nil {
			return err
		}
		w.keep(m)
		if w.rng.IntN(4) == 0 {
			return nil // stays locked
		}
		n, err := w.p.IoctlGetInt(m, vfs.TIOCGPTN)
		if err != nil {
			return err // the other goroutine closed m meanwhile
		}
		if err := w.p.IoctlSetPointerInt(m, vfs.TIOCSPTLCK, 0); err != nil {
			return err
		}
		s, err := w.p.Open(fmt.Sprintf("/dev/pts/%d", n), vfs.O_RDWR|vfs.O_NONBLOCK|vfs.O_NOCTTY, 0)
		if err == nil {
			w.keep(s)
		}
		return err
	}},
	{"ioctl", func(w *stressWorker) error {
		req := [...]uint{vfs.FIONREAD, vfs.TCGETS, vfs.TIOCGWINSZ, vfs.BLKGETSIZE64, vfs.MTIOCGET, vfs.TIOCGPTN, vfs.TIOCSPTLCK, vfs.TCSETS}[w.rng.IntN(8)]
		args := [...]any{nil, new(int32), new(vfs.Termios), new(vfs.Winsize), new(uint64), new(vfs.MtGet), "junk"}
		_, err := w.p.Ioctl(w.fd(), req, args[w.rng.IntN(len(args))])
		return err
	}},
	{"close", func(w *stressWorker) error { return w.p.Close(w.fd()) }},
	{"write", func(w *stressWorker) error { _, err := w.p.Write(w.fd(), w.data()); return err }},
	{"pwrite", func(w *stressWorker) error { _, err := w.p.Pwrite(w.fd(), w.data(), w.off()); return err }},
	{"writev", func(w *stressWorker) error {
		_, err := w.p.Writev(w.fd(), [][]byte{w.data(), w.data()})
		return err
	}},
	{"read", func(w *stressWorker) error { _, err := w.p.Read(w.fd(), w.data()); return err }},
	{"pread", func(w *stressWorker) error { _, err := w.p.Pread(w.fd(), w.data(), w.off()); return err }},
	{"lseek", func(w *stressWorker) error { _, err := w.p.Seek(w.fd(), w.off(), w.rng.IntN(6)); return err }},
	{"ftruncate", func(w *stressWorker) error { return w.p.Ftruncate(w.fd(), w.off()) }},
	{"truncate", func(w *stressWorker) error { return w.p.Truncate(w.path(), w.off()) }},
	{"fallocate", func(w *stressWorker) error {
		mode := []uint32{0, vfs.FALLOC_FL_KEEP_SIZE, vfs.FALLOC_FL_PUNCH_HOLE | vfs.FALLOC_FL_KEEP_SIZE, 0x100}[w.rng.IntN(4)]
		return w.p.Fallocate(w.fd(), mode, w.off()&0xfffff, int64(w.rng.IntN(70000)))
	}},
	{"fstat", func(w *stressWorker) error { var s vfs.Stat_t; return w.p.Fstat(w.fd(), &s) }},
	{"stat", func(w *stressWorker) error { var s vfs.Stat_t; return w.p.Lstat(w.path(), &s) }},
	{"fchmod", func(w *stressWorker) error { return w.p.Fchmod(w.fd(), 0o644) }},
	{"getdents", func(w *stressWorker) error {
		_, err := w.p.Getdents(w.fd(), make([]byte, []int{1, 64, 4096}[w.rng.IntN(3)]))
		return err
	}},
	{"mkdir", func(w *stressWorker) error { return w.p.Mkdir(w.path(), 0o755) }},
	{"rmdir", func(w *stressWorker) error { return w.p.Rmdir(w.path()) }},
	{"unlink", func(w *stressWorker) error { return w.p.Unlink(w.path()) }},
	{"unlink", func(w *stressWorker) error { return w.p.Unlink(w.path()) }},
	{"rename", func(w *stressWorker) error { return w.p.Rename(w.path(), w.path()) }},
	{"renameat2", func(w *stressWorker) error {
		fl := []uint{vfs.RENAME_NOREPLACE, vfs.RENAME_EXCHANGE, vfs.RENAME_WHITEOUT, 0x10}[w.rng.IntN(4)]
		return w.p.Renameat2(vfs.AT_FDCWD, w.path(), vfs.AT_FDCWD, w.path(), fl)
	}},
	{"link", func(w *stressWorker) error { return w.p.Link(w.path(), w.path()) }},
	{"symlink", func(w *stressWorker) error { return w.p.Symlink(w.path(), w.path()) }},
	{"mkfifo", func(w *stressWorker) error { return w.p.Mkfifo(w.path(), 0o644) }},
	{"dup", func(w *stressWorker) error {
		fd, err := w.p.Dup(w.fd())
		if err == nil {
			w.keep(fd)
		}
		return err
	}},
	{"dup2", func(w *stressWorker) error {
		nfd := w.rng.IntN(40)
		err := w.p.Dup2(w.fd(), nfd)
		if err == nil {
			w.keep(nfd)
		}
		return err
	}},
	{"pipe2", func(w *stressWorker) error {
		fds := make([]int, 2)
		err := w.p.Pipe2(fds, vfs.O_NONBLOCK|vfs.O_CLOEXEC)
		if err == nil {
			w.keep(fds...)
		}
		return err
	}},
}

func init() {
	// Added here: fork runs steps, which draw from stressCalls.
	stressCalls = append(stressCalls, stressCall{"fork", (*stressWorker).fork})
}

// fork runs a few calls in a child (that may fork a grandchild it does
// not wait for: init reaps it) and waits for the child.
func (w *stressWorker) fork() error {
	c, err := w.p.Fork()
	if err != nil {
		return err
	}
	cw := &stressWorker{st: w.st, p: c, rng: rand.New(rand.NewPCG(w.rng.Uint64(), 1)), seed: w.seed, fds: w.fds}
	for range 1 + cw.rng.IntN(8) {
		cw.step()
	}
	if cw.rng.IntN(4) == 0 && *stressOrph {
		if g, err := c.Fork(); err == nil {
			go func() { // an orphan, exiting while or after its parent does
				g.Exit(0)
			}()
		}
	}
	c.Exit(cw.rng.IntN(3))
	if n := c.Mappings(); n != 0 {
		return fmt.Errorf("%d mappings outlived the child's exit", n)
	}
	st, err := w.p.Wait(c.Pid())
	if err == nil && st>>8 > 2 {
		return fmt.Errorf("child exit status %#x", st)
	}
	return err
}
