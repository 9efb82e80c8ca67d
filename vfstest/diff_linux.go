//go:build linux

package vfstest

import (
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"
)

// Scenario is one differential case: a body written once against a
// Session and run on both sides.
type Scenario struct {
	Name string // the behaviour, e.g. "rename_dir_into_own_subtree_is_EINVAL"
	Run  func(s *Session)
	Skip string // when set, the case is skipped with this reason
}

// Transcript is what a scenario did: one line per call.
type Transcript []string

// ScenarioTimeout bounds one side of one scenario, so that a call that
// blocks forever in govfs fails the case instead of hanging the run.
var ScenarioTimeout = 10 * time.Second

// recordMu serialises recordings: the host side shares one fd table,
// umask and rlimit with the whole test binary, so fd numbers are only
// deterministic while a single scenario runs.
var recordMu sync.Mutex

// Differential runs every scenario against the real kernel (in a fresh
// sandbox directory) and against the system newGovfs returns, one subtest
// per scenario, and fails a subtest whose transcripts differ with a
// side-by-side diff (host | govfs). newGovfs must return a system whose
// working directory is a fresh, empty sandbox directory of mode 0755.
// Passing a constructor that returns NewHost(t) instead checks that the
// scenarios themselves are deterministic on the host.
func Differential(t *testing.T, newGovfs func(t *testing.T) System, scenarios []Scenario) {
	t.Helper()
	seen := map[string]bool{}
	for _, sc := range scenarios {
		if seen[sc.Name] {
			t.Fatalf("duplicate scenario name %q", sc.Name)
		}
		seen[sc.Name] = true
		t.Run(sc.Name, func(t *testing.T) {
			if sc.Skip != "" {
				t.Skip(sc.Skip)
			}
			want := Record(t, NewHost(t), sc)
			got := Record(t, newGovfs(t), sc)
			if !want.Equal(got) {
				t.Fatalf("transcripts differ (host | govfs):\n%s", SideBySide("host", want, "govfs", got))
			}
		})
	}
}

// beginEnder is implemented by systems that share process-wide state with
// the test binary (the host) and must prepare and restore it.
type beginEnder interface {
	begin()
	end()
}

// Record runs sc against sys and returns its transcript. A panic inside a
// call is recorded as that call's result; a scenario that does not finish
// within ScenarioTimeout ends the transcript with a "TIMEOUT" line.
func Record(t testing.TB, sys System, sc Scenario) Transcript {
	t.Helper()
	recordMu.Lock()
	defer recordMu.Unlock()
	if be, ok := sys.(beginEnder); ok {
		be.begin()
		defer be.end()
	}
	s := &Session{sys: sys}
	oldMask := sys.Umask(0o022)
	defer sys.Umask(oldMask)
	var lim Rlimit
	if sys.Getrlimit(unix.RLIMIT_NOFILE, &lim) == nil {
		defer sys.Setrlimit(unix.RLIMIT_NOFILE, &lim)
	}
	s.base = s.probeFirstFD()

	done := make(chan struct{})
	var skip string // the host cannot run the scenario (see hostSkip)
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				if sk, ok := r.(hostSkip); ok {
					skip = sk.reason
					return
				}
				s.record("PANIC in scenario body", fmt.Sprint(r))
			}
		}()
		sc.Run(s)
	}()
	select {
	case <-done:
		if skip != "" {
			t.Skip(skip)
		}
	case <-time.After(ScenarioTimeout):
		s.record("TIMEOUT", fmt.Sprintf("scenario still running after %v", ScenarioTimeout))
		if _, host := sys.(*Host); host {
			t.Fatalf("host side of %q timed out: the scenario blocks on Linux", sc.Name)
		}
	}
	return s.transcript()
}

// Equal reports whether two transcripts are identical.
func (tr Transcript) Equal(o Transcript) bool {
	if len(tr) != len(o) {
		return false
	}
	for i := range tr {
		if tr[i] != o[i] {
			return false
		}
	}
	return true
}

func (tr Transcript) String() string { return strings.Join(tr, "\n") }

// SideBySide renders two transcripts in columns, line i against line i
// (both sides run the same calls), marking differing lines with "!".
func SideBySide(leftName string, left Transcript, rightName string, right Transcript) string {
	width := utf8.RuneCountInString(leftName)
	for _, l := range left {
		width = max(width, utf8.RuneCountInString(l))
	}
	width = min(width, 72)
	var b strings.Builder
	row := func(mark, l, r string) {
		pad := width - utf8.RuneCountInString(l)
		fmt.Fprintf(&b, "%s %s%s | %s\n", mark, l, strings.Repeat(" ", max(pad, 0)), r)
	}
	row(" ", leftName, rightName)
	row(" ", strings.Repeat("-", width), strings.Repeat("-", width))
	for i := range max(len(left), len(right)) {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		mark := " "
		if l != r || i >= len(left) || i >= len(right) {
			mark = "!"
		}
		row(mark, l, r)
	}
	return b.String()
}

// Session is what a scenario body talks to. Every call is forwarded to
// one side's System and recorded as a transcript line such as
//
//	open("a", O_RDWR|O_CREAT, 0644) = fd0
//	read(fd0, 10) = 3 "abc"
//	unlink("a") = -1 ENOENT
//
// Fds appear relative to the first fd the scenario can get (fd0, fd0+1,
// ...); use FD to name an fd number that has not been allocated. Calls
// return their results so that a body can go on; errors only appear in
// the transcript.
type Session struct {
	sys   System
	base  int
	mu    sync.Mutex
	lines []string
	// up and tag are set on the Session of an [Session.As] block: its
	// lines go straight to up, each prefixed with tag ("[uid 1000] ").
	up  *Session
	tag string
	// ports numbers the ports the scenario meets (format_sock_linux.go).
	ports *portNames
	// aliases spell the paths ProcFD handed out (session_proc_linux.go).
	aliases map[string]string
	// pts are the pty slave paths Ptsname handed out, shown as
	// "/dev/pts/<n>" (session_pty_linux.go); under mu.
	pts []string
}

// Sys exposes the system under test for calls the Session does not wrap.
// Nothing done through it is recorded.
func (s *Session) Sys() System { return s.sys }

// FD names the fd number fd0+n, e.g. for dup2 targets and bad fds.
func (s *Session) FD(n int) int { return s.base + n }

// Note records a relation the scenario computed, such as
// s.Note("same inode", a.Ino == b.Ino).
func (s *Session) Note(label string, v any) {
	s.record("# "+label, fmt.Sprint(v))
}

// Log records a free-form marker line, to structure long transcripts.
func (s *Session) Log(format string, args ...any) {
	s.addLine("# " + fmt.Sprintf(format, args...))
}

func (s *Session) record(call, result string) {
	s.addLine(s.maskPts(call) + " = " + result)
}

// addLine appends one transcript line, to the enclosing Session when s
// is an As block.
func (s *Session) addLine(l string) {
	if s.up != nil {
		s.up.addLine(s.tag + l)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines = append(s.lines, l)
}

func (s *Session) transcript() Transcript {
	s.mu.Lock()
	defer s.mu.Unlock()
	tr := make(Transcript, len(s.lines))
	for i, l := range s.lines {
		tr[i] = s.unalias(l)
	}
	return tr
}

// probeFirstFD finds the lowest free fd: the one the scenario's first
// open will get.
func (s *Session) probeFirstFD() int {
	fd, err := s.sys.Openat(unix.AT_FDCWD, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		panic(fmt.Sprintf("vfstest: cannot open the sandbox directory: %v", err))
	}
	_ = s.sys.Close(fd)
	return fd
}

// fd formats an fd argument or result relative to the first fd.
func (s *Session) fd(fd int) string {
	switch {
	case fd == unix.AT_FDCWD:
		return "AT_FDCWD"
	case fd < 0:
		return fmt.Sprint(fd)
	case fd == s.base:
		return "fd0"
	case fd > s.base:
		return fmt.Sprintf("fd0+%d", fd-s.base)
	}
	return fmt.Sprintf("fd0-%d", s.base-fd)
}

// errString formats a failed call's result: "-1 ENOENT".
func (s *Session) errString(err error) string {
	if p, ok := err.(panicError); ok {
		return "PANIC(" + p.msg + ")"
	}
	if n, ok := s.sys.Errno(err); ok {
		if name := unix.ErrnoName(syscall.Errno(n)); name != "" {
			return "-1 " + name
		}
		return fmt.Sprintf("-1 errno(%d)", n)
	}
	return fmt.Sprintf("-1 error(%q)", err.Error())
}

// result formats err, or ok when err is nil.
func (s *Session) result(err error, ok string) string {
	if err != nil {
		return s.errString(err)
	}
	return ok
}

type panicError struct{ msg string }

func (p panicError) Error() string { return "panic: " + p.msg }

// guard runs one call, turning a panic inside it into a panicError so that
// a crashing govfs call shows up on its own transcript line.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError{fmt.Sprint(r)}
		}
	}()
	return f()
}

// errCall runs a call that returns only an error and records it.
func (s *Session) errCall(call string, f func() error) bool {
	err := guard(f)
	s.record(call, s.result(err, "0"))
	return err == nil
}

// fdCall runs a call that returns a new fd and records it.
func (s *Session) fdCall(call string, f func() (int, error)) int {
	fd := -1
	err := guard(func() (err error) { fd, err = f(); return err })
	if err != nil {
		s.record(call, s.errString(err))
		return -1
	}
	s.record(call, s.fd(fd))
	return fd
}
