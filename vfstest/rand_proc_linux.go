//go:build linux

package vfstest

import (
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ProcRandOps are /proc calls for random sequences: the magic links and
// fdinfo of the sequence's own fds, and sysctl reads. What differs
// between the host and govfs by nature (pids, inode and mount numbers,
// the sandbox's real path, fds the host's test binary holds) is
// recorded as a shape (see session_proc_linux.go). Nothing blocks:
// opens through a link are O_NONBLOCK, as a pipe's read end would wait
// for a writer. /proc/self/cwd is left out: the host side keeps its
// cwd as a directory fd, so the process's cwd is not the sandbox.
func ProcRandOps() []RandOp {
	return []RandOp{
		{"OpenProcFD", 3, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), g.Flags(randOpenNames, unix.O_RDONLY, unix.O_WRONLY, unix.O_RDWR,
				unix.O_RDONLY|unix.O_DIRECTORY, unix.O_WRONLY|unix.O_TRUNC, unix.O_RDWR|unix.O_APPEND, unix.O_PATH)}
		}, func(s *Session, a []RandArg) { s.OpenProcFD(a[0].FD(s), a[1].Int()) }},
		{"ReadlinkProcFD", 3, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.ReadlinkProcFD(a[0].FD(s)) }},
		{"LstatProcFD", 2, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.LstatProcFD(a[0].FD(s)) }},
		{"StatProcFD", 2, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.StatProcFD(a[0].FD(s)) }},
		{"FDInfo", 3, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.FDInfo(a[0].FD(s)) }},
		{"LinkatProcFD", 2, func(g *RandGen) []RandArg { return []RandArg{g.FD(), {Kind: ArgPath, S: g.Path()}} },
			func(s *Session, a []RandArg) { s.LinkatProcFD(a[0].FD(s), a[1].S) }},
		{"ListProcFD", 1, func(g *RandGen) []RandArg { return nil },
			func(s *Session, a []RandArg) { s.ListProcFD() }},
		{"ReadSysctl", 1, func(g *RandGen) []RandArg {
			return []RandArg{{Kind: ArgPath, S: Pick(g, "kernel/ostype", "fs/file-nr", "fs/nope", "kernel", "fs/../kernel/ostype")}}
		}, func(s *Session, a []RandArg) { s.ReadSysctl(a[0].S) }},
	}
}

// OpenProcFD opens fd's magic link with flags|O_NONBLOCK|O_CLOEXEC.
func (s *Session) OpenProcFD(fd, flags int) int {
	return s.Open(s.ProcFD(fd), flags|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
}

// ReadlinkProcFD reads fd's magic link as ReadlinkMagic does; a path
// outside the sandbox reads as <outside>, since the sandboxes' parents
// differ.
func (s *Session) ReadlinkProcFD(fd int) {
	s.readlinkAs(s.ProcFD(fd), func(text string) string {
		if text = s.magicText(text); strings.HasPrefix(text, "/") {
			return "<outside>"
		}
		return text
	})
}

// LstatProcFD is lstat of fd's magic link: its mode says how fd is open.
func (s *Session) LstatProcFD(fd int) StatT { return s.Lstat(s.ProcFD(fd)) }

// StatProcFD is stat through fd's magic link: the open file's own.
func (s *Session) StatProcFD(fd int) StatT { return s.Stat(s.ProcFD(fd)) }

// LinkatProcFD is linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD, newpath,
// AT_SYMLINK_FOLLOW): another name for the open file, if it may have one.
func (s *Session) LinkatProcFD(fd int, newpath string) bool {
	return s.Linkat(unix.AT_FDCWD, s.ProcFD(fd), unix.AT_FDCWD, newpath, unix.AT_SYMLINK_FOLLOW)
}

// ListProcFD records the scenario's fds that /proc/self/fd lists (from
// fd0 up, below the host harness's own), in order.
func (s *Session) ListProcFD() {
	self := "/proc/self/fd"
	if s.up != nil {
		self = "/proc/thread-self/fd"
	}
	var names []string
	err := guard(func() error {
		fd, err := s.sys.Open(self, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return err
		}
		defer s.sys.Close(fd)
		var nums []int
		buf := make([]byte, 8192)
		for {
			n, err := s.sys.Getdents(fd, buf)
			if err != nil {
				return err
			}
			if n <= 0 {
				break
			}
			for _, d := range ParseDirents(buf[:n]) {
				if v, err := strconv.Atoi(d.Name); err == nil && v >= s.base && v < hostFDMin && v != fd {
					nums = append(nums, v)
				}
			}
		}
		sort.Ints(nums)
		for _, v := range nums {
			names = append(names, s.fd(v))
		}
		return nil
	})
	s.record("ls("+quotePath(self)+")", s.result(err, "["+strings.Join(names, " ")+"]"))
}

// ReadSysctl opens /proc/sys/name, reads up to 64 bytes and closes it.
func (s *Session) ReadSysctl(name string) {
	fd := s.Open("/proc/sys/"+name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if fd < 0 {
		return
	}
	if name == "fs/file-nr" { // counts the host's open files: the shape only
		st := s.Fstat(fd)
		s.Note("file-nr is size 0", st.Size == 0)
	} else {
		s.Read(fd, 64)
	}
	s.Close(fd)
}
