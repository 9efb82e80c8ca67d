// Command mount puts govfs on the host: it boots the default system,
// mounts init's view of the tree on a temporary directory through FUSE,
// runs the host's own ls, cat and sh against it, and shows each host
// request arriving in govfs as a system call of a govfs process that
// carries the host caller's uid. Then it unmounts.
//
//	go run ./examples/mount      (as root, or with fusermount3 installed)
//
// Where no FUSE mount is possible (no /dev/fuse, not root and no
// fusermount3, not Linux) it says why and exits 0.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mount:", err)
		os.Exit(1)
	}
}

// pick keeps the lines of s that contain one of the words, at most max
// of them (0: all).
func pick(s string, max int, words ...string) string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() && (max == 0 || len(out) < max) {
		for _, w := range words {
			if strings.Contains(sc.Text(), w) {
				out = append(out, sc.Text())
				break
			}
		}
	}
	return strings.Join(out, "\n")
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// syncBuffer collects trace lines from the goroutines serving the mount.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}
