//go:build linux

package vfstest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Calls on pipes and readiness: pipe2, poll, ioctl, and a second thread
// for the calls that block. Each forwards to the System under test and
// records one transcript line.

// Pipe makes a pipe and returns its read and write ends (-1, -1 when it
// fails), recorded as "pipe() = [fd0, fd0+1]".
func (s *Session) Pipe() (r, w int) {
	return s.pipeCall("pipe()", func(p []int) error { return s.sys.Pipe(p) })
}

// Pipe2 is Pipe with flags (O_CLOEXEC, O_NONBLOCK, O_DIRECT).
func (s *Session) Pipe2(flags int) (r, w int) {
	return s.pipeCall(fmt.Sprintf("pipe2(%s)", flagsOr0(flags, openFlagNames)),
		func(p []int) error { return s.sys.Pipe2(p, flags) })
}

func (s *Session) pipeCall(call string, f func(p []int) error) (r, w int) {
	p := []int{-1, -1}
	err := guard(func() error { return f(p) })
	if err != nil {
		s.record(call, s.errString(err))
		return -1, -1
	}
	s.record(call, fmt.Sprintf("[%s, %s]", s.fd(p[0]), s.fd(p[1])))
	return p[0], p[1]
}

// IoctlGetInt makes an ioctl that fills an int, such as FIONREAD, and
// returns the value (-1 when it fails).
func (s *Session) IoctlGetInt(fd int, req uint) int {
	v := 0
	err := guard(func() (err error) { v, err = s.sys.IoctlGetInt(fd, req); return err })
	s.record(fmt.Sprintf("ioctl(%s, %s)", s.fd(fd), ioctlName(req)), s.result(err, strconv.Itoa(v)))
	if err != nil {
		return -1
	}
	return v
}

// Poll is poll(2): it fills the Revents of fds and returns the count (-1
// when it fails). The line shows each fd's events and, after the count,
// each fd's revents, symbolically:
//
//	poll([{fd0, POLLIN}, {fd0+1, POLLOUT}], 0) = 1 [POLLIN|POLLHUP, 0]
func (s *Session) Poll(fds []PollFd, timeout int) int {
	args := make([]string, len(fds))
	for i, p := range fds {
		fd := strconv.Itoa(int(p.Fd)) // a negative fd is skipped, not AT_FDCWD
		if p.Fd >= 0 {
			fd = s.fd(int(p.Fd))
		}
		args[i] = fmt.Sprintf("{%s, %s}", fd, pollEvents(p.Events))
	}
	call := fmt.Sprintf("poll([%s], %d)", strings.Join(args, ", "), timeout)
	n := 0
	err := guard(func() (err error) { n, err = s.sys.Poll(fds, timeout); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return -1
	}
	revents := make([]string, len(fds))
	for i, p := range fds {
		revents[i] = pollEvents(p.Revents)
	}
	s.record(call, fmt.Sprintf("%d [%s]", n, strings.Join(revents, ", ")))
	return n
}

// BackgroundTimeout bounds how long the wait function of [Session.Go]
// waits for the background calls to finish.
var BackgroundTimeout = 5 * time.Second

// Go runs body in a new goroutine — a second thread of the same process
// — against a Session of its own that shares this one's system and fd
// numbering, and returns a function that waits for body to finish. Use it
// for calls that block until the scenario's main thread acts:
//
//	wait := s.Go(func(bg *vfstest.Session) { bg.Read(r, 10) })
//	s.Write(w, "hi")
//	wait()
//
// The background lines are held back and appended, marked "[bg]", when
// wait returns, so the transcript does not depend on how the two threads
// interleave; a scenario must make the background results themselves
// independent of timing. If body is still running after
// BackgroundTimeout, wait records "[bg] STILL BLOCKED" and returns.
func (s *Session) Go(body func(bg *Session)) (wait func()) {
	if s.refuseInAs("go()") {
		return func() {}
	}
	bg := &Session{sys: s.sys, base: s.base, ports: s.portNames()}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				bg.record("PANIC in background body", fmt.Sprint(r))
			}
		}()
		body(bg)
	}()
	return func() {
		select {
		case <-done:
		case <-time.After(BackgroundTimeout):
			bg.record("STILL BLOCKED", fmt.Sprintf("after %v", BackgroundTimeout))
		}
		for _, l := range bg.transcript() {
			s.mu.Lock()
			s.lines = append(s.lines, "[bg] "+l)
			s.mu.Unlock()
		}
	}
}

var pollNames = []flagName{
	{unix.POLLIN, "POLLIN"}, {unix.POLLPRI, "POLLPRI"}, {unix.POLLOUT, "POLLOUT"},
	{unix.POLLERR, "POLLERR"}, {unix.POLLHUP, "POLLHUP"}, {unix.POLLNVAL, "POLLNVAL"},
	{0x40, "POLLRDNORM"}, {0x80, "POLLRDBAND"}, {0x100, "POLLWRNORM"}, {0x200, "POLLWRBAND"},
	{0x400, "POLLMSG"}, {unix.POLLRDHUP, "POLLRDHUP"},
}

// pollEvents writes an events or revents mask as POLLIN|POLLHUP.
func pollEvents(ev int16) string { return flagsOr0(int(uint16(ev)), pollNames) }

func ioctlName(req uint) string {
	if name, ok := ioctlNames[req]; ok {
		return name
	}
	return fmt.Sprintf("%#x", req)
}

var ioctlNames = map[uint]string{
	FIONREAD:        "FIONREAD",
	unix.TIOCGPTN:   "TIOCGPTN",
	unix.TIOCSPTLCK: "TIOCSPTLCK",
	unix.TIOCGPTLCK: "TIOCGPTLCK",
	unix.TCGETS:     "TCGETS",
	unix.TIOCGWINSZ: "TIOCGWINSZ",
	unix.TIOCOUTQ:   "TIOCOUTQ",
	unix.TIOCGPGRP:  "TIOCGPGRP",
}
