package vfs

import (
	"math/bits"
	"runtime"
	"sync/atomic"
)

// FDTable maps fd numbers to Files (struct files_struct). The fd is not
// the file: the table holds a reference on each File plus a close-on-exec
// bit per fd, and two fds (after dup) or two tables (after fork) can
// point at one File.
//
// The table has no lock, so that goroutines of one process opening and
// closing files do not queue behind each other (Linux takes file_lock
// twice per open and close, but a kernel spinlock is cheap; a Go mutex
// two goroutines contend for puts one to sleep). Its fds live in chunks
// that double in size (64, 64, 128, 256, ... fds) and never move once
// made, so every fd has one slot and one bit for good:
//
//	open(2)    claim: compare-and-swap the fd's bit in open (alloc_fd),
//	           then store the File in its slot once it exists (fd_install)
//	close(2)   compare-and-swap the slot from the File to fdClosing, clear
//	           the open bit, then empty the slot (close_fd); the next
//	           claim of the fd sets its close-on-exec bit
//	lookup     load the slot, take a reference, check the slot still
//	           holds the File (fdget, get_file_rcu)
//
// An fd whose bit is set and whose slot is empty is reserved by an open
// in progress: it is not the lowest free fd, fdget says EBADF, and dup2
// onto it says EBUSY, as in Linux.
//
// The lowest free fd is found from the bits: the first 64 fds are one
// word, read at once; above them hint says where the search may start
// (next_fd), and a count of taken fds per group of 4096 lets the search
// skip full groups (full_fds_bits), so allocation costs the same with
// 100 000 fds open as with 10. An allocation that starts after a close
// returned sees the fd that close freed. That rule is also why two
// threads opening and closing files cannot fully run at once: each
// open must read the bits the other thread's last close wrote, a cache
// line's trip between two CPUs per call, the same for any table that
// keeps the rule (tmpfs's BenchmarkScaleOpenClose measures that ceiling
// as its "lowestfd" peer).
//
// Exit empties the table for good (exit_files): from then on every fd
// operation on it is ESRCH. Without a lock, an open racing the exit is
// settled by order: the exit marks the table dead, then empties it; an
// install stores its File, then looks at the mark, and takes the File
// back out if it is set. One of the two sees the other, so no fd
// outlives the process.
type FDTable struct {
	chunks [fdChunks]atomic.Pointer[fdChunk]
	dead   atomic.Bool // set once by exit
	_      [4]byte
	// hint holds in its low 32 bits an fd h such that every fd in
	// [64, h) is taken, and in its high 32 bits a generation that every
	// free of an fd above 63 advances: an allocation moves h up only if
	// no fd was freed since it read hint, so the bits it saw taken
	// still are. It changes with the fds above 63, and every call reads
	// the fields above, so it has a line of its own (the padding makes
	// the table 192 bytes, a size class whose objects start on a line).
	hint atomic.Uint64
	_    [56]byte
}

// fdClosing marks a slot whose File close(2) has taken but whose bits
// are not yet cleared; dup2 onto it waits rather than saying EBUSY.
var fdClosing = new(File)

func newFDTable() *FDTable {
	t := &FDTable{}
	t.chunks[0].Store(newFDChunk(0))
	t.hint.Store(64)
	return t
}

// alloc installs f at the lowest free fd >= min below limit, or gives
// EMFILE (alloc_fd). A nil f reserves the fd: open(2) takes its fd
// before it walks the path, as Linux does, and fills it with fill.
func (t *FDTable) alloc(f *File, min int, cloexec bool, limit int) (int, error) {
	if t.dead.Load() {
		return -1, ESRCH
	}
	if min >= limit {
		return -1, EMFILE
	}
	for {
		h := t.hint.Load()
		fd, fromHint := -1, false
		if min < 64 {
			free := ^t.chunks[0].Load().open[0].Load() &^ (1<<min - 1)
			if free != 0 {
				fd = bits.TrailingZeros64(free)
			}
		}
		if fd < 0 {
			from := max(min, 64)
			if hf := int(uint32(h)); from <= hf {
				from, fromHint = hf, true
			}
			fd = t.findFree(from)
		}
		if fd >= limit {
			return -1, EMFILE
		}
		c, i := t.findOrMake(fd)
		if !c.claim(i) {
			continue // taken meanwhile: search again
		}
		c.setCloexecBit(i, cloexec)
		if f != nil {
			c.slot(i).Store(f)
		}
		if fromHint {
			t.hint.CompareAndSwap(h, h&^(1<<32-1)|uint64(fd+1))
		}
		if f != nil && t.dead.Load() && t.undoInstall(fd, f) {
			return -1, ESRCH
		}
		return fd, nil
	}
}

// undoInstall takes f back out of fd after the table died under the
// install, and reports whether it did: the install then fails with
// ESRCH and the caller keeps its reference. If the exit's sweep took f
// first, it closed f with the reference the install gave the table:
// the install happened before the exit, and succeeded.
func (t *FDTable) undoInstall(fd int, f *File) bool {
	return t.removeIf(fd, f) != nil
}

// fill puts f into a reserved fd (fd_install); a nil f gives the
// reservation back (put_unused_fd).
// If the process exited while f was being opened, f is taken back
// out and closed, as the exit would have closed it.
func (t *FDTable) fill(fd int, f *File) {
	c, i := t.find(fd)
	if f == nil {
		t.free(c, i)
		return
	}
	c.slot(i).Store(f)
	if t.dead.Load() {
		if got := t.removeIf(fd, f); got != nil {
			got.flush()
			got.DecRef()
		}
	}
}

// free clears the open bit of a taken fd whose slot its caller has
// emptied or never filled. The close-on-exec bit stays as it was: every
// claim sets or clears it before the fd holds a File, and nothing reads
// it of an fd that holds none, so a close writes one word that other
// threads' opens read, not two. Then hint comes down, after the bit, so
// that a search that read hint before sees the free fd or fails to
// move hint.
func (t *FDTable) free(c *fdChunk, i int) {
	w, b := i/64, uint64(1)<<(i%64)
	if c.used != nil {
		c.used[i/fdGroup].Add(-1)
	}
	c.open[w].And(^b)
	if fd := c.base + i; fd >= 64 {
		for {
			h := t.hint.Load()
			nh := (h>>32+1)<<32 | uint64(min(int(uint32(h)), fd))
			if t.hint.CompareAndSwap(h, nh) {
				break
			}
		}
	}
}

// remove empties fd and returns its File, nil if fd is not open.
func (t *FDTable) remove(fd int) *File { return t.removeIf(fd, nil) }

// removeIf is remove, but only of want when want is not nil.
func (t *FDTable) removeIf(fd int, want *File) *File {
	c, i := t.find(fd)
	if c == nil {
		return nil
	}
	s := c.slot(i)
	for {
		f := s.Load()
		if f == nil || f == fdClosing || want != nil && f != want {
			return nil
		}
		if s.CompareAndSwap(f, fdClosing) {
			t.free(c, i)
			// A new open may already have claimed the fd and filled
			// the slot: then it is not ours to empty.
			s.CompareAndSwap(fdClosing, nil)
			return f
		}
	}
}

// get returns the File at fd with a reference taken for the caller
// (fdget), or EBADF. It takes a reference unless the File is already
// dying, then checks that the slot still holds it (get_file_rcu): a
// File closed and reopened meanwhile is given back.
func (t *FDTable) get(fd int) (*File, error) {
	var s *atomic.Pointer[File]
	if uint(fd) < 64 {
		// Nearly every call is on one of the first 64 fds, whose chunk
		// every table has from the start.
		s = t.chunks[0].Load().slot(fd)
	} else {
		c, i := t.find(fd)
		if c == nil {
			return nil, t.badf()
		}
		s = c.slot(i)
	}
	for {
		f := s.Load()
		if f == nil || f == fdClosing {
			return nil, t.badf()
		}
		if !f.tryIncRef() {
			continue // released: the slot no longer holds it
		}
		if s.Load() == f {
			return f, nil
		}
		f.DecRef()
	}
}

// badf is the error for an fd that holds no File: EBADF, or ESRCH when
// the whole table is gone with its process.
func (t *FDTable) badf() error {
	if t.dead.Load() {
		return ESRCH
	}
	return EBADF
}

// close removes fd and drops the table's reference (close_fd).
func (t *FDTable) close(fd int) error {
	f := t.remove(fd)
	if f == nil {
		return t.badf()
	}
	f.flush()
	f.DecRef()
	return nil
}

// replace puts f at fd (closing what was there), for dup2/dup3. An fd
// reserved by an open(2) in progress cannot be replaced (EBUSY), and
// nothing can once the process exited (ESRCH); f is then the caller's.
func (t *FDTable) replace(fd int, f *File, cloexec bool) error {
	if t.dead.Load() {
		return ESRCH
	}
	c, i := t.findOrMake(fd)
	s := c.slot(i)
	for {
		old := s.Load()
		switch {
		case old == fdClosing:
			runtime.Gosched() // a close is clearing the bits: a moment
			continue
		case old == nil:
			if c.open[i/64].Load()&(1<<(i%64)) != 0 {
				return EBUSY // reserved
			}
			if !c.claim(i) {
				continue
			}
			c.setCloexecBit(i, cloexec)
			s.Store(f)
			return t.settle(fd, f)
		}
		if s.CompareAndSwap(old, f) {
			c.setCloexecBit(i, cloexec)
			old.flush()
			old.DecRef()
			return t.settle(fd, f)
		}
	}
}

// settle checks an install against a concurrent exit: ESRCH, with f
// the caller's again, if the table died under it and f could be taken
// back (see undoInstall).
func (t *FDTable) settle(fd int, f *File) error {
	if t.dead.Load() && t.undoInstall(fd, f) {
		return ESRCH
	}
	return nil
}

func (t *FDTable) getCloexec(fd int) (bool, error) {
	c, i := t.find(fd)
	if c == nil || !c.holds(i) {
		return false, t.badf()
	}
	return c.cloexec[i/64].Load()&(1<<(i%64)) != 0, nil
}

func (t *FDTable) setCloexec(fd int, on bool) error {
	c, i := t.find(fd)
	if c == nil || !c.holds(i) {
		return t.badf()
	}
	c.setCloexecBit(i, on)
	return nil
}

// fork copies the table, taking a reference on every File (dup_fd). An
// fd reserved by an open in progress in the parent is free in the
// child; one closed while the copy is made is either copied or not.
func (t *FDTable) fork() (*FDTable, error) {
	if t.dead.Load() {
		return nil, ESRCH
	}
	n := &FDTable{}
	n.hint.Store(64)
	for k := range t.chunks {
		c := t.chunks[k].Load()
		if c == nil {
			continue
		}
		nc := newFDChunk(k)
		n.chunks[k].Store(nc)
		c.each(false, func(i int) {
			s := c.slot(i)
			f := s.Load()
			if f == nil || f == fdClosing || !f.tryIncRef() {
				return
			}
			if s.Load() != f {
				f.DecRef()
				return
			}
			nc.claim(i)
			nc.setCloexecBit(i, c.cloexec[i/64].Load()&(1<<(i%64)) != 0)
			nc.slot(i).Store(f)
		})
	}
	return n, nil
}

// exit empties the table for good (exit_files): once it is marked dead
// nothing more stays installed, so closing what is there leaves it
// empty.
func (t *FDTable) exit() {
	t.dead.Store(true)
	t.closeAll(false)
}

// closeAll empties the table (exit_files), or only the close-on-exec
// fds when cloexecOnly is set (do_close_on_exec).
func (t *FDTable) closeAll(cloexecOnly bool) {
	var victims []*File
	for k := range t.chunks {
		c := t.chunks[k].Load()
		if c == nil {
			continue
		}
		c.each(cloexecOnly, func(i int) {
			if f := t.remove(c.base + i); f != nil {
				victims = append(victims, f)
			}
		})
	}
	for _, f := range victims {
		f.flush()
		f.DecRef()
	}
}

// Count returns the number of open fds (and fds reserved by opens in
// progress).
func (t *FDTable) Count() int {
	n := bits.OnesCount64(t.chunks[0].Load().open[0].Load())
	for k := 1; k < fdChunks; k++ {
		if c := t.chunks[k].Load(); c != nil {
			for g := range c.used {
				n += int(c.used[g].Load())
			}
		}
	}
	return n
}
