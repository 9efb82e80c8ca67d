//go:build linux

package vfstest

import (
	"fmt"
	"hash/crc32"

	"golang.org/x/sys/unix"
)

// mmap(2) in a transcript. A mapping lives for one call (MmapRW maps,
// reads, stores and unmaps), so no memory outlives a line and the
// sequence goes on comparing files by read(2): a store through a shared
// mapping shows up there, one through a private mapping does not.

// mmapSystem is implemented by Host and Govfs (*vfs.Process's Mmap).
type mmapSystem interface {
	Mmap(fd int, offset int64, length int, prot int, flags int) ([]byte, error)
	Munmap(b []byte) error
}

var (
	_ mmapSystem = (*Host)(nil)
	_ mmapSystem = (*Govfs)(nil)
)

// Mmap is unix.Mmap. Never with MAP_FIXED: x/sys passes address 0, the
// kernel maps page 0 for root, and x/sys panics making a slice of it.
func (h *Host) Mmap(fd int, offset int64, length int, prot int, flags int) ([]byte, error) {
	return unix.Mmap(fd, offset, length, prot, flags)
}

func (h *Host) Munmap(b []byte) error { return unix.Munmap(b) }

var (
	mmapProtNames = []flagName{{unix.PROT_READ, "PROT_READ"}, {unix.PROT_WRITE, "PROT_WRITE"},
		{unix.PROT_EXEC, "PROT_EXEC"}, {0, "PROT_NONE"}}
	mmapFlagNames = []flagName{{unix.MAP_SHARED_VALIDATE, "MAP_SHARED_VALIDATE"},
		{unix.MAP_SHARED, "MAP_SHARED"}, {unix.MAP_PRIVATE, "MAP_PRIVATE"},
		{unix.MAP_ANONYMOUS, "MAP_ANONYMOUS"}, {unix.MAP_GROWSDOWN, "MAP_GROWSDOWN"},
		{unix.MAP_POPULATE, "MAP_POPULATE"}, {unix.MAP_NORESERVE, "MAP_NORESERVE"},
		{unix.MAP_SYNC, "MAP_SYNC"}, {unix.MAP_HUGETLB, "MAP_HUGETLB"}}
)

// MmapRW maps length bytes of fd at off, records the bytes of the
// mapping that lie within the file (all of an anonymous one; never
// those past the end, which the host answers with SIGBUS) as their
// count, CRC and first bytes (reading them faults every page in; a
// PROT_WRITE-only mapping is read too, unrecorded; one that is neither
// readable nor writable is not touched), stores data at the start of the mapping
// if prot has PROT_WRITE and the file holds that many bytes there, and
// unmaps it.
func (s *Session) MmapRW(fd int, off int64, length, prot, flags int, data string) string {
	call := fmt.Sprintf("mmap(%s, %d, %d, %s, %s, %s)", s.fd(fd), off, length,
		flagsOr0(prot, mmapProtNames), flagsOr0(flags, mmapFlagNames), quoteData([]byte(data)))
	m, ok := s.sys.(mmapSystem)
	if !ok {
		s.record(call, fmt.Sprintf("unsupported by %T", s.sys))
		return ""
	}
	var b []byte
	err := guard(func() (err error) { b, err = m.Mmap(fd, off, length, prot, flags); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return ""
	}
	visible := len(b)
	if flags&unix.MAP_ANONYMOUS == 0 {
		var st StatT
		if err := s.sys.Fstat(fd, &st); err != nil || st.Size <= off {
			visible = 0
		} else {
			visible = int(min(int64(len(b)), st.Size-off))
		}
	}
	seen := ""
	if prot&unix.PROT_READ == 0 {
		if prot&unix.PROT_WRITE != 0 {
			// A writable mapping is faulted in whole by govfs's mmap (a
			// store must reach the file); touch the host's the same way,
			// unrecorded. x86 and arm64 cannot map write-only, so this
			// reads; an exec-only mapping may not (x86 protection keys).
			_ = crc32.ChecksumIEEE(b[:visible])
		}
		visible = 0 // PROT_NONE and PROT_WRITE|PROT_EXEC alone: not recorded
	} else {
		seen = fmt.Sprintf(" %d %08x %s", visible, crc32.ChecksumIEEE(b[:visible]), quoteData(b[:min(visible, 32)]))
	}
	if prot&unix.PROT_WRITE != 0 && len(data) <= visible {
		copy(b, data)
	}
	head := string(b[:min(visible, 32)]) // before munmap: the host's slice is gone after
	uerr := guard(func() error { return m.Munmap(b) })
	s.record(call, "ok"+seen+"; munmap "+s.result(uerr, "0"))
	return head
}
