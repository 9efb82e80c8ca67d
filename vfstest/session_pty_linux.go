//go:build linux

package vfstest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Pseudo-terminal calls. The host's slave numbers depend on what else
// holds a pty on the machine, so a transcript never shows one: Ptsname
// records that TIOCGPTN succeeded and hands the scenario the path.

// Ptsname is ptsname(3): TIOCGPTN on the master fd, returning
// "/dev/pts/N" ("" when it fails), recorded as
// "ioctl(fd0, TIOCGPTN) = <n>".
func (s *Session) Ptsname(fd int) string {
	n := 0
	err := guard(func() (err error) { n, err = s.sys.IoctlGetInt(fd, unix.TIOCGPTN); return err })
	s.record(fmt.Sprintf("ioctl(%s, TIOCGPTN)", s.fd(fd)), s.result(err, "<n>"))
	if err != nil {
		return ""
	}
	name := "/dev/pts/" + strconv.Itoa(n)
	top := s
	for top.up != nil {
		top = top.up
	}
	top.mu.Lock()
	top.pts = append(top.pts, name)
	top.mu.Unlock()
	return name
}

// maskPts spells the slave paths Ptsname handed out as "/dev/pts/<n>".
func (s *Session) maskPts(call string) string {
	top := s
	for top.up != nil {
		top = top.up
	}
	top.mu.Lock()
	defer top.mu.Unlock()
	for _, name := range top.pts {
		call = strings.ReplaceAll(call, `"`+name+`"`, `"/dev/pts/<n>"`)
	}
	return call
}

// IoctlSetPointerInt makes an ioctl that reads an int through a pointer,
// such as TIOCSPTLCK (unlockpt(3) passes 0).
func (s *Session) IoctlSetPointerInt(fd int, req uint, value int) {
	err := guard(func() error { return s.sys.IoctlSetPointerInt(fd, req, value) })
	s.record(fmt.Sprintf("ioctl(%s, %s, %d)", s.fd(fd), ioctlName(req), value), s.result(err, "0"))
}

// Settle waits, recording nothing, until fd has at least n bytes to read
// (FIONREAD) or a second has passed. The host's tty layer hands bytes
// from one side of a pty to the other in a work queue, after the write
// that sent them has returned, and on a busy machine a read made at once
// may find only part of them; govfs hands them over within the write.
func (s *Session) Settle(fd, n int) {
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		if got, err := s.sys.IoctlGetInt(fd, FIONREAD); err != nil || got >= n {
			return
		}
		time.Sleep(time.Millisecond)
	}
}
