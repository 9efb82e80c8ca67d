//go:build linux

package vfstest

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Calls on /proc whose raw results differ between the host and govfs in
// what a scenario does not test: the fd number inside a path (the first
// fd differs), the sandbox's real path in a link's text, inode and mount
// numbers. Each helper records the stable part:
//
//	fd := s.Open("f", unix.O_RDONLY, 0)
//	s.Unlink("f")
//	s.ReadlinkMagic(s.ProcFD(fd))
//	// readlink("/proc/self/fd/{fd0}") = "<sandbox>/f (deleted)"
//	s.FDInfo(fd)
//	// fdinfo({fd0}) = "pos:\t0|flags:\t0100000|mnt_id:\t<mnt>|ino:\t<fstat>"

// ProcFD returns the path of fd's magic link: /proc/self/fd/N, or in an
// As block /proc/thread-self/fd/N (the host's block runs on a thread
// with an fd table of its own, which /proc/self does not show).
// Transcript lines spell N as the fd's name: "/proc/self/fd/{fd0+1}".
func (s *Session) ProcFD(fd int) string { return s.procFDPath("fd", fd) }

// ProcFDInfo is ProcFD's twin in fdinfo/.
func (s *Session) ProcFDInfo(fd int) string { return s.procFDPath("fdinfo", fd) }

func (s *Session) procFDPath(dir string, fd int) string {
	self := "/proc/self/"
	if s.up != nil {
		self = "/proc/thread-self/"
	}
	real := self + dir + "/" + strconv.Itoa(fd)
	shown := self + dir + "/{" + s.fd(fd) + "}"
	s.top().alias(real, shown)
	s.top().alias(real[len("/proc/"):], shown[len("/proc/"):]) // for openat(/proc's fd, ...)
	return real
}

func (s *Session) top() *Session {
	for s.up != nil {
		s = s.up
	}
	return s
}

// alias makes every later transcript of s spell real as shown.
func (s *Session) alias(real, shown string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aliases == nil {
		s.aliases = map[string]string{}
	}
	s.aliases[real] = shown
}

var procFDPathRE = regexp.MustCompile(`(?:/proc/)?(?:self|thread-self)/(?:fd|fdinfo)/\d+`)

// unalias rewrites the paths ProcFD handed out in line. Caller holds s.mu.
func (s *Session) unalias(line string) string {
	if len(s.aliases) == 0 {
		return line
	}
	return procFDPathRE.ReplaceAllStringFunc(line, func(real string) string {
		if shown, ok := s.aliases[real]; ok {
			return shown
		}
		return real
	})
}

// sandboxRooter is the system's real path of the sandbox directory.
type sandboxRooter interface{ sandboxRoot() string }

func (h *Host) sandboxRoot() string  { return h.root }
func (g *Govfs) sandboxRoot() string { return g.root }

var (
	linkInoRE = regexp.MustCompile(`:\[\d+\]`) // pipe:[123], socket:[123]
	tmpInoRE  = regexp.MustCompile(`/#\d+`)    // an O_TMPFILE's name, "#123"
)

// magicText is a magic link's text with the sandbox spelled <sandbox>
// and inode numbers as "ino".
func (s *Session) magicText(text string) string {
	if r, ok := s.sys.(sandboxRooter); ok {
		root := r.sandboxRoot()
		if text == root || strings.HasPrefix(text, root+"/") || strings.HasPrefix(text, root+" ") {
			text = "<sandbox>" + text[len(root):]
		}
	}
	text = linkInoRE.ReplaceAllString(text, ":[ino]")
	return tmpInoRE.ReplaceAllString(text, "/#ino")
}

// ReadlinkMagic reads a magic link (with a 4096-byte buffer) and
// records its text in the stable form of magicText. It returns the raw
// text.
func (s *Session) ReadlinkMagic(path string) string { return s.readlinkAs(path, s.magicText) }

// readlinkAs reads a link with a 4096-byte buffer, records its text as
// show spells it and returns the raw text.
func (s *Session) readlinkAs(path string, show func(string) string) string {
	buf := make([]byte, 4096)
	n := 0
	err := guard(func() (err error) { n, err = s.sys.Readlink(path, buf); return err })
	call := fmt.Sprintf("readlink(%s)", quotePath(path))
	if err != nil {
		s.record(call, s.errString(err))
		return ""
	}
	s.record(call, strconv.Quote(show(string(buf[:n]))))
	return string(buf[:n])
}

// FDInfo reads /proc/self/fdinfo/N of fd without recording the open,
// and records its lines joined by "|" without what varies between
// systems: the mount id as <mnt>, the inode number as <fstat> when it
// is fstat's (else <ino>), a directory's non-zero offset as <cookie>,
// eventfd-id as N, a timerfd's it_value as a shape, and of each epoll
// tfd line the inode and device as whether they are fstat's of the tfd
// (the tfd lines sorted: Linux orders them by File address). It returns
// the raw text.
func (s *Session) FDInfo(fd int) string {
	call := fmt.Sprintf("fdinfo(%s)", s.fd(fd))
	var text string
	err := guard(func() error {
		var err error
		text, err = s.readWhole(s.ProcFDInfo(fd))
		return err
	})
	if err != nil {
		s.record(call, s.errString(err))
		return ""
	}
	var st StatT
	fstatErr := s.sys.Fstat(fd, &st)
	var lines, tfds []string
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		k, v, _ := strings.Cut(l, "\t")
		switch {
		case k == "pos:":
			// A directory's offset is its filesystem's cookie: tmpfs on
			// Linux 6.6+ parks it at INT_MAX past the last entry.
			if fstatErr == nil && st.Mode&0o170000 == 0o040000 && v != "0" {
				l = k + "\t<cookie>"
			}
		case k == "mnt_id:":
			l = k + "\t<mnt>"
		case k == "ino:":
			if fstatErr == nil && v == strconv.FormatUint(st.Ino, 10) {
				l = k + "\t<fstat>"
			} else {
				l = k + "\t<ino>"
			}
		case strings.HasPrefix(l, "eventfd-id:"):
			l = "eventfd-id: N"
		case strings.HasPrefix(l, "it_value: "):
			var sec, nsec int64
			fmt.Sscanf(l, "it_value: (%d, %d)", &sec, &nsec)
			l = "it_value: " + durShape(sec*1e9+nsec)
		case strings.HasPrefix(l, "tfd:"):
			tfds = append(tfds, s.tfdLine(l))
			continue
		}
		lines = append(lines, l)
	}
	sort.Strings(tfds)
	s.record(call, strconv.Quote(strings.Join(append(lines, tfds...), "|")))
	return text
}

// readWhole opens path, reads it to the end and closes it, unrecorded.
func (s *Session) readWhole(path string) (string, error) {
	fd, err := s.sys.Open(path, 0x80000 /* O_CLOEXEC */, 0)
	if err != nil {
		return "", err
	}
	defer s.sys.Close(fd)
	var out []byte
	buf := make([]byte, 4096)
	for {
		n, err := s.sys.Read(fd, buf)
		if err != nil {
			return "", err
		}
		if n <= 0 {
			return string(out), nil
		}
		out = append(out, buf[:n]...)
	}
}
