package vfs

import "math"

// mmap(2) and munmap(2) (mm/mmap.c, mm/util.c), with x/sys/unix's
// shapes: Mmap returns the mapping as a []byte, Munmap takes it back
// whole.
//
// What a Go slice cannot model:
//   - Protections. A mapping is ordinary Go memory: a PROT_READ or
//     PROT_NONE mapping can still be written, and nothing faults. prot
//     decides the errnos (EACCES, EPERM) and, for the backend, which
//     pages the mapping faults in (see Mmaper): a store through a
//     PROT_NONE mapping, SIGSEGV on Linux, need not reach the file.
//   - SIGBUS and SIGSEGV. Bytes of a mapping past the end of the file
//     read as zeros (and what is stored there does not reach the file)
//     where Linux sends SIGBUS; a slice used after Munmap is still
//     memory where Linux sends SIGSEGV, and it may still be the file's.
//   - Addresses. There is no addr argument (x/sys passes 0), so
//     MAP_FIXED and MAP_FIXED_NOREPLACE ask for address 0, which only
//     root may map (mmap_min_addr); govfs then ignores the address.
//   - Fork. govfs processes share one Go address space, so there is
//     nothing to copy: a child starts with no mappings, and Munmap of
//     a slice its parent mapped is EINVAL in the child.
//   - Concurrency. A mapping is shared memory: a goroutine reading the
//     slice while another calls Write on the file (or stores through
//     another slice of it) is a data race in Go's terms, as it is in
//     C's; the race detector reports it. Synchronize as a C program
//     must.

// Mmaper maps an open file's contents (f_op->mmap). Called by mmap(2)
// once the VFS has checked the access mode against prot and flags, for
// length bytes (> 0) at off (page-aligned, off+length within the largest
// file). It returns a slice of exactly length bytes, length == cap:
// shared, one the file's data aliases (a store through it is seen by
// read(2), and write(2) is seen through it), as long as the mapping
// lives; otherwise a copy of the data at the time of the call
// (MAP_PRIVATE: changes to the file after mmap may or may not show,
// POSIX leaves it unspecified). prot is mmap's, unknown bits and all:
// a mapping that can neither be read nor written (PROT_NONE) is one
// nothing can touch on Linux, so it faults in no pages and may be a
// copy. Missing: ENODEV, as for a pipe, a socket or a directory.
type Mmaper interface {
	Mmap(f *File, off int64, length int, shared bool, prot int) ([]byte, error)
}

// Unmapper is told when a mapping its Mmap made goes (vm_ops->close):
// by munmap(2), by exec and by exit. b is the slice Mmap returned.
type Unmapper interface {
	Unmap(f *File, b []byte)
}

const (
	// taskSize is x86-64's TASK_SIZE_MAX with 4-level page tables: no
	// mapping is longer (ENOMEM).
	taskSize = 1<<47 - pageSize
	// maxMapBytes is the longest mapping govfs makes (1 GiB): all of it
	// is real Go memory at once, where Linux reserves address space and
	// faults pages in. A longer one is ENOMEM after every other check,
	// as if memory ran out.
	maxMapBytes = 1 << 30

	mapUninitialized = 0x4000000 // MAP_UNINITIALIZED; x/sys does not have it
	// legacyMapMask is LEGACY_MAP_MASK: the flags mmap has always
	// accepted; MAP_SHARED_VALIDATE refuses the others (EOPNOTSUPP).
	legacyMapMask = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS |
		MAP_DENYWRITE | MAP_EXECUTABLE | mapUninitialized | MAP_GROWSDOWN |
		MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK |
		MAP_HUGETLB | MAP_32BIT | MAP_ABOVE4G | MAP_HUGE_2MB | MAP_HUGE_1GB
)

// Mmap maps length bytes of fd at offset, or fresh zeroed memory with
// MAP_ANONYMOUS (fd is then ignored), as mmap(2) does; see the top of
// mmap.go for what differs. The checks and their order are Linux's
// (x86-64), after x/sys/unix.Mmap's own (length <= 0: EINVAL):
// an unaligned offset EINVAL; a bad fd or an O_PATH one EBADF;
// MAP_HUGETLB EINVAL on a file, ENOMEM anonymous (no huge pages); a
// length past TASK_SIZE ENOMEM; MAP_FIXED without privilege EPERM;
// offset+length past the largest file EOVERFLOW; then by map type:
// unknown flags with MAP_SHARED_VALIDATE EOPNOTSUPP, PROT_WRITE on a
// shared mapping of a File not open for writing EACCES, any mapping of
// a File not open for reading EACCES, PROT_EXEC on a noexec mount (or a
// pipe or socket) EPERM, a file without Mmaper ENODEV, MAP_GROWSDOWN
// EINVAL (a socket without Mmaper: EINVAL, then ENODEV); neither MAP_SHARED nor MAP_PRIVATE EINVAL. Unknown prot bits
// and legacy flags are ignored, as Linux ignores them. A mapping longer
// than 1 GiB, which Linux would make, is ENOMEM.
func (p *Process) Mmap(fd int, offset int64, length int, prot int, flags int) (data []byte, err error) {
	tr := p.k.traceBegin(p)
	var tf *File
	if tr != nil && flags&MAP_ANONYMOUS == 0 && tr.wantLayers() {
		tf = tr.fdPeek(fd)
	}
	data, err = p.mmap(fd, offset, length, prot, flags)
	if tr != nil {
		tr.fdDone(tf, "mmap", int64(len(data)), err)
		// strace's mmap(NULL, ...) with the length for the address.
		tr.end("mmap", int64(len(data)), err, traceNull{}, length, prot, flags, fd, offset)
	}
	return data, err
}

func (p *Process) mmap(fd int, off int64, length, prot, flags int) ([]byte, error) {
	if length <= 0 || off&(pageSize-1) != 0 {
		return nil, EINVAL
	}
	if p.exiting.Load() {
		return nil, ESRCH
	}
	var f *File
	if flags&MAP_ANONYMOUS == 0 {
		var err error
		if f, err = p.fdget(fd); err != nil {
			return nil, err
		}
		defer f.DecRef() // the mapping takes its own
		if flags&MAP_HUGETLB != 0 {
			return nil, EINVAL // not a hugetlbfs file (ksys_mmap_pgoff)
		}
	} else if flags&MAP_HUGETLB != 0 {
		return nil, ENOMEM // no huge pages reserved, as a default host
	}
	shared, err := mmapChecks(p, f, off, length, prot, flags)
	if err != nil {
		return nil, err
	}
	if length > maxMapBytes {
		return nil, ENOMEM
	}
	var b []byte
	if f == nil {
		b = make([]byte, length)
	} else {
		// The mapping's reference (vm_file), taken first: IncRef also
		// marks the File as one a backend has seen, never recycled.
		f.IncRef()
		b, err = f.ops.(Mmaper).Mmap(f, off, length, shared, prot)
		if err != nil {
			f.DecRef()
			return nil, err
		}
		if len(b) != length || cap(b) != length {
			unmapFile(f, b)
			f.DecRef()
			return nil, EIO // a backend broke Mmaper's contract
		}
	}
	if err := p.mm.insert(&vma{b: b, file: f}); err != nil {
		if f != nil {
			unmapFile(f, b)
			f.DecRef()
		}
		return nil, err
	}
	return b, nil
}

// mmapChecks is do_mmap's validation, in its order, from the length on.
// It reports whether the mapping is shared.
func mmapChecks(p *Process, f *File, off int64, length, prot, flags int) (shared bool, err error) {
	alen := (uint64(length) + pageSize - 1) &^ (pageSize - 1)
	if alen > taskSize {
		return false, ENOMEM // get_unmapped_area
	}
	if flags&(MAP_FIXED|MAP_FIXED_NOREPLACE) != 0 && !p.cred.Load().privileged() {
		return false, EPERM // address 0 is below mmap_min_addr
	}
	if f == nil {
		switch flags & MAP_TYPE {
		case MAP_SHARED:
			if flags&MAP_GROWSDOWN != 0 {
				return false, EINVAL
			}
			return true, nil
		case MAP_PRIVATE, MAP_DROPPABLE:
			return false, nil
		}
		return false, EINVAL
	}
	if !fileMmapOK(f, uint64(off), alen) {
		return false, EOVERFLOW
	}
	switch flags & MAP_TYPE {
	case MAP_SHARED:
		flags &= legacyMapMask
		fallthrough
	case MAP_SHARED_VALIDATE:
		if flags&^legacyMapMask != 0 {
			return false, EOPNOTSUPP // MAP_SYNC too: no file here is DAX
		}
		if prot&PROT_WRITE != 0 && f.fmode&fmodeWrite == 0 {
			return false, EACCES
		}
		shared = true
		fallthrough
	case MAP_PRIVATE:
		if f.fmode&fmodeRead == 0 {
			return false, EACCES
		}
		if prot&PROT_EXEC != 0 && pathNoexec(f.path) {
			return false, EPERM
		}
		// A socket always has an f_op->mmap (sock_mmap), which asks
		// the family only after the checks: MAP_GROWSDOWN is EINVAL
		// first, and a family without one (sock_no_mmap) ENODEV last.
		_, ok := f.ops.(Mmaper)
		if !ok && !f.IsSocket() {
			return false, ENODEV
		}
		if flags&MAP_GROWSDOWN != 0 {
			return false, EINVAL
		}
		if !ok {
			return false, ENODEV
		}
		return shared, nil
	}
	return false, EINVAL
}

// fileMmapOK is file_mmap_ok: the mapping must end within the largest
// offset of the file (MAX_LFS_FILESIZE for regular files, block devices
// and sockets; ULONG_MAX for the rest), counting the offset unsigned.
func fileMmapOK(f *File, off, alen uint64) bool {
	maxsize := uint64(math.MaxUint64)
	switch f.inode.fileType() {
	case S_IFREG, S_IFBLK, S_IFSOCK:
		maxsize = math.MaxInt64
	}
	if alen > maxsize {
		return false
	}
	return off/pageSize <= (maxsize-alen)/pageSize
}

// pathNoexec is path_noexec: a noexec mount, or a pseudo filesystem
// (pipefs, sockfs), which Linux marks SB_I_NOEXEC.
func pathNoexec(at Path) bool {
	return at.Mnt.flags.Load()&mntNoexec != 0 || at.Mnt.internal
}

// Munmap removes a mapping Mmap made, whole (munmap(2) through
// x/sys/unix.Munmap): b must be the slice Mmap returned, not a part of
// it (EINVAL otherwise, and for an empty slice or one never mapped, as
// x/sys's bookkeeping says). The File the mapping held is let go. The
// slice must not be used after: it may still be the file's memory.
func (p *Process) Munmap(b []byte) error {
	err := p.munmap(b)
	if p.k.tracing() {
		p.k.traceSys(p, "munmap", 0, err, len(b))
	}
	return err
}

func (p *Process) munmap(b []byte) error {
	if len(b) == 0 || len(b) != cap(b) {
		return EINVAL
	}
	if p.exiting.Load() {
		return ESRCH
	}
	v := p.mm.remove(b)
	if v == nil {
		return EINVAL
	}
	v.close()
	return nil
}

// traceNull prints as NULL in a trace: mmap's address argument, which
// x/sys always passes as 0.
type traceNull struct{}

func (traceNull) String() string { return "NULL" }

// unmapFile tells the backend its mapping b of f is gone.
func unmapFile(f *File, b []byte) {
	if u, ok := f.ops.(Unmapper); ok {
		u.Unmap(f, b)
	}
}
