package vfs

import (
	"math/bits"
	"sync"
	"sync/atomic"
)

// FDTable maps fd numbers to Files (struct files_struct). The fd is not
// the file: the table holds a reference on each File plus a close-on-exec
// bit per fd, and two fds (after dup) or two tables (after fork) can
// point at one File.
//
// The lowest free fd comes from a bitmap: open has one bit per fd and
// full one bit per word of open that has no zero bit, so allocation
// skips 4096 busy fds per word of full and costs the same with 100 000
// fds open as with 10 (find_next_fd). nextFD remembers where the search
// may start.
//
// Looking an fd up takes no lock (fdget under RCU in Linux): the slots
// are atomic pointers in an array that is replaced, never resized in
// place, when the table grows; writers hold mu.
//
// Exit empties the table for good (exit_files): from then on every fd
// operation on it is ESRCH, and an open(2) that was under way when the table died
// closes its File instead of installing it, so no fd outlives the
// process.
type FDTable struct {
	mu      sync.Mutex
	slots   atomic.Pointer[[]atomic.Pointer[File]] // fd → File; read by get without mu
	open    []uint64
	cloexec []uint64
	full    []uint64
	nextFD  int
	count   int
	dead    atomic.Bool // set once by exit, under mu; read without mu when an fd is missing
}

func newFDTable() *FDTable { return &FDTable{} }

// sizeLocked is the number of fd slots.
func (t *FDTable) sizeLocked() int {
	if s := t.slots.Load(); s != nil {
		return len(*s)
	}
	return 0
}

// fileLocked returns the File at fd, nil for none; mu must be held.
func (t *FDTable) fileLocked(fd int) *File {
	if fd < 0 || fd >= t.sizeLocked() {
		return nil
	}
	return (*t.slots.Load())[fd].Load()
}

// grow makes room for fd n.
func (t *FDTable) grow(n int) {
	old := t.sizeLocked()
	if n < old {
		return
	}
	size := max(64, old)
	for size <= n {
		size *= 2
	}
	slots := make([]atomic.Pointer[File], size)
	for i := range old {
		slots[i].Store(t.fileLocked(i))
	}
	t.slots.Store(&slots)
	t.open = growBits(t.open, size/64)
	t.cloexec = growBits(t.cloexec, size/64)
	t.full = growBits(t.full, (size/64+63)/64)
}

func growBits(b []uint64, words int) []uint64 {
	nb := make([]uint64, words)
	copy(nb, b)
	return nb
}

// findFree returns the lowest fd >= min that is not open.
func (t *FDTable) findFree(min int) int {
	min = max(min, t.nextFD)
	w := min / 64
	if w >= len(t.open) {
		return min
	}
	// First the word holding min, masking the bits below it.
	if free := ^t.open[w] &^ (1<<(min%64) - 1); free != 0 {
		return w*64 + bits.TrailingZeros64(free)
	}
	// Then the next word that is not full, found through full.
	for w++; w < len(t.open); {
		fw := w / 64
		notFull := ^t.full[fw] &^ (1<<(w%64) - 1)
		if notFull == 0 {
			w = (fw + 1) * 64
			continue
		}
		w = fw*64 + bits.TrailingZeros64(notFull)
		if w >= len(t.open) {
			break
		}
		return w*64 + bits.TrailingZeros64(^t.open[w])
	}
	return len(t.open) * 64
}

// install puts f at fd; the slot must be free and within the table.
func (t *FDTable) installLocked(fd int, f *File, cloexec bool) {
	t.grow(fd)
	w, b := fd/64, uint64(1)<<(fd%64)
	t.setLocked(fd, f)
	t.open[w] |= b
	if t.open[w] == ^uint64(0) {
		t.full[w/64] |= 1 << (w % 64)
	}
	if cloexec {
		t.cloexec[w] |= b
	} else {
		t.cloexec[w] &^= b
	}
	t.count++
}

// removeLocked empties fd and returns its File.
func (t *FDTable) removeLocked(fd int) *File {
	f := t.fileLocked(fd)
	if f == nil {
		return nil
	}
	t.clearLocked(fd)
	return f
}

// clearLocked frees the slot of fd.
func (t *FDTable) clearLocked(fd int) {
	w, b := fd/64, uint64(1)<<(fd%64)
	t.setLocked(fd, nil)
	t.open[w] &^= b
	t.cloexec[w] &^= b
	t.full[w/64] &^= 1 << (w % 64)
	t.count--
	if fd < t.nextFD {
		t.nextFD = fd
	}
}

// alloc installs f at the lowest free fd >= min below limit, or gives
// EMFILE (alloc_fd). A nil f reserves the fd: open(2) takes its fd
// before it walks the path, as Linux does, and fills it with fill.
func (t *FDTable) alloc(f *File, min int, cloexec bool, limit int) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.dead.Load() {
		return -1, ESRCH
	}
	if min >= limit {
		return -1, EMFILE
	}
	fd := t.findFree(min)
	if fd >= limit {
		return -1, EMFILE
	}
	if min <= t.nextFD {
		t.nextFD = fd + 1
	}
	t.installLocked(fd, f, cloexec)
	return fd, nil
}

// fill puts f into a reserved fd (fd_install); a nil f gives the
// reservation back (put_unused_fd). If the process exited while f was
// being opened, the reservation is given back and f closed, as the exit
// would have closed it.
func (t *FDTable) fill(fd int, f *File) {
	t.mu.Lock()
	if f != nil && !t.dead.Load() {
		t.setLocked(fd, f)
		t.mu.Unlock()
		return
	}
	w, b := fd/64, uint64(1)<<(fd%64)
	t.open[w] &^= b
	t.cloexec[w] &^= b
	t.full[w/64] &^= 1 << (w % 64)
	t.count--
	if fd < t.nextFD {
		t.nextFD = fd
	}
	t.mu.Unlock()
	if f != nil {
		f.flush()
		f.DecRef()
	}
}

// setLocked stores f at fd for both readers of the table.
func (t *FDTable) setLocked(fd int, f *File) {
	(*t.slots.Load())[fd].Store(f)
}

// get returns the File at fd with a reference taken for the caller
// (fdget), or EBADF (ESRCH once the process exited). It takes no lock:
// it loads the slot, takes a reference unless the File is already dying,
// and checks that the slot still holds it (get_file_rcu).
func (t *FDTable) get(fd int) (*File, error) {
	for {
		slots := t.slots.Load()
		if fd < 0 || slots == nil || fd >= len(*slots) {
			return nil, t.badf()
		}
		f := (*slots)[fd].Load()
		if f == nil {
			return nil, t.badf()
		}
		if !f.tryIncRef() {
			continue
		}
		if t.slots.Load() == slots && (*slots)[fd].Load() == f {
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
	t.mu.Lock()
	f := t.removeLocked(fd)
	t.mu.Unlock()
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
	t.mu.Lock()
	if t.dead.Load() {
		t.mu.Unlock()
		return ESRCH
	}
	if fd < t.sizeLocked() && t.fileLocked(fd) == nil && t.open[fd/64]&(1<<(fd%64)) != 0 {
		t.mu.Unlock()
		return EBUSY
	}
	old := t.removeLocked(fd)
	t.installLocked(fd, f, cloexec)
	if t.nextFD == fd {
		t.nextFD = fd + 1
	}
	t.mu.Unlock()
	if old != nil {
		old.flush()
		old.DecRef()
	}
	return nil
}

func (t *FDTable) getCloexec(fd int) (bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.fileLocked(fd) == nil {
		return false, t.badf()
	}
	return t.cloexec[fd/64]&(1<<(fd%64)) != 0, nil
}

func (t *FDTable) setCloexec(fd int, on bool) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.fileLocked(fd) == nil {
		return t.badf()
	}
	if on {
		t.cloexec[fd/64] |= 1 << (fd % 64)
	} else {
		t.cloexec[fd/64] &^= 1 << (fd % 64)
	}
	return nil
}

// fork copies the table, taking a reference on every File (dup_fd);
// ESRCH once the process exited.
func (t *FDTable) fork() (*FDTable, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.dead.Load() {
		return nil, ESRCH
	}
	n := &FDTable{
		open:    append([]uint64(nil), t.open...),
		cloexec: append([]uint64(nil), t.cloexec...),
		full:    append([]uint64(nil), t.full...),
		nextFD:  t.nextFD,
		count:   t.count,
	}
	slots := make([]atomic.Pointer[File], t.sizeLocked())
	n.slots.Store(&slots)
	for fd := range slots {
		f := t.fileLocked(fd)
		slots[fd].Store(f)
		switch {
		case f != nil:
			f.IncRef()
		case n.open[fd/64]&(1<<(fd%64)) != 0:
			n.clearLocked(fd) // an open(2) in progress in the parent
		}
	}
	return n, nil
}

// exit empties the table for good (exit_files): once it is marked dead
// nothing more can be installed, so closing what is there leaves it
// empty.
func (t *FDTable) exit() {
	t.mu.Lock()
	t.dead.Store(true)
	t.mu.Unlock()
	t.closeAll(false)
}

// closeAll empties the table, or only the close-on-exec fds when
// cloexecOnly is set (do_close_on_exec).
func (t *FDTable) closeAll(cloexecOnly bool) {
	t.mu.Lock()
	var victims []*File
	for fd := range t.sizeLocked() {
		f := t.fileLocked(fd)
		if f == nil || (cloexecOnly && t.cloexec[fd/64]&(1<<(fd%64)) == 0) {
			continue
		}
		victims = append(victims, t.removeLocked(fd))
	}
	t.mu.Unlock()
	for _, f := range victims {
		f.flush()
		f.DecRef()
	}
}

// Count returns the number of open fds.
func (t *FDTable) Count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.count
}
