//go:build linux

package vfstest

import (
	"fmt"
	"strings"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// Calls beyond System that both sides implement: utimensat, readv,
// writev, statfs and st_blocks, and helpers that record timestamps as
// relations. A System without them records "unsupported".

// Timespec is struct timespec for utimensat; Nsec may be UTIME_NOW or
// UTIME_OMIT.
type Timespec struct {
	Sec  int64
	Nsec int64
}

// StatfsT is the part of struct statfs a transcript may show.
type StatfsT struct {
	Type    int64
	Bsize   int64
	Namelen int64
	Flags   int64
}

// moreSystem is implemented by Host and Govfs.
type moreSystem interface {
	Utimensat(dirfd int, path string, ts *[2]Timespec, flags int) error
	Readv(fd int, iovs [][]byte) (int, error)
	Writev(fd int, iovs [][]byte) (int, error)
	Statfs(path string, st *StatfsT) error
	Fstatfs(fd int, st *StatfsT) error
	FstatBlocks(fd int) (int64, error)
}

var (
	_ moreSystem = (*Host)(nil)
	_ moreSystem = (*Govfs)(nil)
)

// Utimensat is the raw utimensat(2): ts nil passes a NULL times pointer.
func (h *Host) Utimensat(dirfd int, path string, ts *[2]Timespec, flags int) error {
	p, err := unix.BytePtrFromString(path)
	if err != nil {
		return err
	}
	var u *[2]unix.Timespec
	if ts != nil {
		u = &[2]unix.Timespec{{Sec: ts[0].Sec, Nsec: ts[0].Nsec}, {Sec: ts[1].Sec, Nsec: ts[1].Nsec}}
	}
	_, _, e := unix.Syscall6(unix.SYS_UTIMENSAT, uintptr(h.at(dirfd)), uintptr(unsafe.Pointer(p)),
		uintptr(unsafe.Pointer(u)), uintptr(flags), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

func (h *Host) Readv(fd int, iovs [][]byte) (int, error) {
	return retryEINTR(func() (int, error) { return unix.Readv(fd, iovs) })
}
func (h *Host) Writev(fd int, iovs [][]byte) (int, error) {
	return retryEINTR(func() (int, error) { return unix.Writev(fd, iovs) })
}

func (h *Host) Statfs(path string, st *StatfsT) error {
	if path != "" && !strings.HasPrefix(path, "/") {
		path = fmt.Sprintf("/proc/thread-self/fd/%d/%s", h.cwd, path)
	}
	var u unix.Statfs_t
	err := unix.Statfs(path, &u)
	*st = StatfsT{Type: u.Type, Bsize: u.Bsize, Namelen: u.Namelen, Flags: u.Flags}
	return err
}

func (h *Host) Fstatfs(fd int, st *StatfsT) error {
	var u unix.Statfs_t
	err := unix.Fstatfs(fd, &u)
	*st = StatfsT{Type: u.Type, Bsize: u.Bsize, Namelen: u.Namelen, Flags: u.Flags}
	return err
}

func (h *Host) FstatBlocks(fd int) (int64, error) {
	var u unix.Stat_t
	err := unix.Fstat(fd, &u)
	return u.Blocks, err
}

func (g *Govfs) Utimensat(dirfd int, path string, ts *[2]Timespec, flags int) error {
	var v []vfs.Timespec
	if ts != nil {
		v = []vfs.Timespec{{Sec: ts[0].Sec, Nsec: ts[0].Nsec}, {Sec: ts[1].Sec, Nsec: ts[1].Nsec}}
	}
	return g.Process.UtimesNanoAt(dirfd, path, v, flags)
}

func (g *Govfs) Statfs(path string, st *StatfsT) error {
	var v vfs.Statfs_t
	err := g.Process.Statfs(path, &v)
	*st = StatfsT{Type: v.Type, Bsize: v.Bsize, Namelen: v.Namelen, Flags: v.Flags}
	return err
}

func (g *Govfs) Fstatfs(fd int, st *StatfsT) error {
	var v vfs.Statfs_t
	err := g.Process.Fstatfs(fd, &v)
	*st = StatfsT{Type: v.Type, Bsize: v.Bsize, Namelen: v.Namelen, Flags: v.Flags}
	return err
}

func (g *Govfs) FstatBlocks(fd int) (int64, error) {
	var v vfs.Stat_t
	err := g.Process.Fstat(fd, &v)
	return v.Blocks, err
}

func (s *Session) more() (moreSystem, error) {
	if m, ok := s.sys.(moreSystem); ok {
		return m, nil
	}
	return nil, fmt.Errorf("unsupported by %T", s.sys)
}

func timespecString(t Timespec) string {
	switch t.Nsec {
	case unix.UTIME_NOW:
		return "UTIME_NOW"
	case unix.UTIME_OMIT:
		return "UTIME_OMIT"
	}
	return fmt.Sprintf("{%d, %d}", t.Sec, t.Nsec)
}

// Utimensat is utimensat(2); ts nil is a NULL times pointer ("now").
func (s *Session) Utimensat(dirfd int, path string, ts *[2]Timespec, flags int) bool {
	tstr := "NULL"
	if ts != nil {
		tstr = "[" + timespecString(ts[0]) + ", " + timespecString(ts[1]) + "]"
	}
	call := fmt.Sprintf("utimensat(%s, %s, %s, %s)", s.fd(dirfd), quotePath(path), tstr, flagsOr0(flags, atFlagNames))
	return s.errCall(call, func() error {
		m, err := s.more()
		if err != nil {
			return err
		}
		return m.Utimensat(dirfd, path, ts, flags)
	})
}

// Readv reads into buffers of the given sizes and records what each got.
func (s *Session) Readv(fd int, sizes ...int) string {
	iovs := make([][]byte, len(sizes))
	for i, n := range sizes {
		iovs[i] = make([]byte, n)
	}
	call := fmt.Sprintf("readv(%s, %v)", s.fd(fd), sizes)
	n := 0
	err := guard(func() error {
		m, err := s.more()
		if err == nil {
			n, err = m.Readv(fd, iovs)
		}
		return err
	})
	if err != nil {
		s.record(call, s.errString(err))
		return ""
	}
	var all []byte
	for _, b := range iovs {
		all = append(all, b...)
	}
	if n < 0 || n > len(all) {
		s.record(call, fmt.Sprintf("%d (out of range)", n))
		return ""
	}
	s.record(call, fmt.Sprintf("%d %s", n, quoteData(all[:n])))
	return string(all[:n])
}

// Writev writes the parts as one iovec each.
func (s *Session) Writev(fd int, parts ...string) int {
	iovs := make([][]byte, len(parts))
	q := make([]string, len(parts))
	for i, p := range parts {
		iovs[i] = []byte(p)
		q[i] = quoteData(iovs[i])
	}
	return s.countCall(fmt.Sprintf("writev(%s, [%s])", s.fd(fd), strings.Join(q, ", ")), func() (int, error) {
		m, err := s.more()
		if err != nil {
			return 0, err
		}
		return m.Writev(fd, iovs)
	})
}

func statfsString(st StatfsT) string {
	return fmt.Sprintf("{type=%#x bsize=%d namelen=%d rdonly=%v}", st.Type, st.Bsize, st.Namelen, st.Flags&unix.ST_RDONLY != 0)
}

// Statfs records f_type, f_bsize, f_namelen and ST_RDONLY of path's
// filesystem.
func (s *Session) Statfs(path string) {
	var st StatfsT
	err := guard(func() error {
		m, err := s.more()
		if err == nil {
			err = m.Statfs(path, &st)
		}
		return err
	})
	s.record(fmt.Sprintf("statfs(%s)", quotePath(path)), s.result(err, statfsString(st)))
}

func (s *Session) Fstatfs(fd int) {
	var st StatfsT
	err := guard(func() error {
		m, err := s.more()
		if err == nil {
			err = m.Fstatfs(fd, &st)
		}
		return err
	})
	s.record(fmt.Sprintf("fstatfs(%s)", s.fd(fd)), s.result(err, statfsString(st)))
}

// Blocks records fd's st_blocks (512-byte units).
func (s *Session) Blocks(fd int) int64 {
	var b int64
	err := guard(func() error {
		m, err := s.more()
		if err == nil {
			b, err = m.FstatBlocks(fd)
		}
		return err
	})
	s.record(fmt.Sprintf("fstat(%s).st_blocks", s.fd(fd)), s.result(err, fmt.Sprint(b)))
	return b
}

// Tick sleeps long enough that the kernel's coarse clock moves on, so
// that a timestamp set after it is later than one set before it.
func (s *Session) Tick() { time.Sleep(20 * time.Millisecond) }

// Times lstats path without recording the stat itself (only a failure is
// recorded), for the time relations below.
func (s *Session) Times(path string) StatT {
	var st StatT
	if err := guard(func() error { return s.sys.Lstat(path, &st) }); err != nil {
		s.record(fmt.Sprintf("lstat(%s) for times", quotePath(path)), s.errString(err))
	}
	return st
}

// FTimes is Times for an fd.
func (s *Session) FTimes(fd int) StatT {
	var st StatT
	if err := guard(func() error { return s.sys.Fstat(fd, &st) }); err != nil {
		s.record(fmt.Sprintf("fstat(%s) for times", s.fd(fd)), s.errString(err))
	}
	return st
}

func rel(before, after int64) string {
	switch {
	case after == before:
		return "same"
	case after > before:
		return "later"
	}
	return "EARLIER"
}

// TimesMoved records, for each of atime, mtime and ctime, whether it is
// the same, later or earlier in after than in before.
func (s *Session) TimesMoved(label string, before, after StatT) {
	s.Note(label, fmt.Sprintf("atime %s, mtime %s, ctime %s",
		rel(before.Atime, after.Atime), rel(before.Mtime, after.Mtime), rel(before.Ctime, after.Ctime)))
}

// TimesOrder records how the three times of one stat compare.
func (s *Session) TimesOrder(label string, st StatT) {
	cmp := func(a, b int64) string {
		switch {
		case a == b:
			return "=="
		case a < b:
			return "<"
		}
		return ">"
	}
	s.Note(label, fmt.Sprintf("atime %s mtime, mtime %s ctime", cmp(st.Atime, st.Mtime), cmp(st.Mtime, st.Ctime)))
}

// ExactTimes records atime and mtime as sec.nsec: only for times the
// scenario set explicitly.
func (s *Session) ExactTimes(label string, st StatT) {
	f := func(ns int64) string { return fmt.Sprintf("%d.%09d", floorDiv(ns, 1e9), ns-floorDiv(ns, 1e9)*1e9) }
	s.Note(label, fmt.Sprintf("atime=%s mtime=%s", f(st.Atime), f(st.Mtime)))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Result records the outcome of a call the scenario made through Sys,
// for arguments the Session would show relative to fd0 (absolute fd
// numbers such as MaxInt32).
func (s *Session) Result(call string, err error) {
	s.record(call, s.result(err, "0"))
}
