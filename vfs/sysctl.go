package vfs

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// The sysctl tree (kernel/sysctl.c's ctl_table registry): every knob a
// package exposes under /proc/sys, by its Linux path ("fs/pipe-max-size").
// As in Linux, the value lives with its owner (pipefs keeps the pipe
// size limit it enforces, the VFS the protected_* flags); the tree only
// names it and says how it is shown and parsed. procfs builds /proc/sys
// from this tree, so a knob registered here is a file there.

// SysctlEntry is one file of /proc/sys (a ctl_table row).
type SysctlEntry struct {
	// Mode is the file's permission bits: 0644 for a tunable, 0444 for
	// a read-only one. The files are root's.
	Mode uint32
	// Show returns the value as a read sees it, with its newline.
	Show func() string
	// Append, if set, appends what Show returns to dst: the same bytes
	// without the string, for the per-open snapshot of /proc/sys.
	Append func(dst []byte) []byte
	// Store parses a write and applies it at once; nil for read-only
	// entries. A bad value is EINVAL and changes nothing.
	Store func(s string) error
	// Parsed, if set, is how many bytes at the start of an accepted
	// write Store took as the value: a write(2) returns that many, as
	// proc_dointvec counts the number and the blanks around it ("1 2"
	// is 2), and a writer's retry of the rest, past offset 0, is
	// ignored. Missing, a write takes all it is given (proc_dostring).
	Parsed func(s string) int
}

// sysctlTable is the registry; entries are never unregistered.
type sysctlTable struct {
	mu      sync.RWMutex
	entries map[string]SysctlEntry
	dirs    map[string][]string // dir path ("" is the top) → sorted child names
}

// RegisterSysctl adds the entry at path (register_sysctl): slash
// separated, relative, with no empty, "." or ".." component. A path
// already taken, or one that goes through a file, is EEXIST.
func (k *Kernel) RegisterSysctl(path string, e SysctlEntry) error {
	parts := strings.Split(path, "/")
	for _, c := range parts {
		if c == "" || c == "." || c == ".." {
			return EINVAL
		}
	}
	if e.Show == nil {
		return EINVAL
	}
	t := &k.sysctls
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.entries == nil {
		t.entries = make(map[string]SysctlEntry)
		t.dirs = make(map[string][]string)
	}
	if _, ok := t.entries[path]; ok {
		return EEXIST
	}
	if _, ok := t.dirs[path]; ok {
		return EEXIST
	}
	for i := 1; i < len(parts); i++ {
		if _, ok := t.entries[strings.Join(parts[:i], "/")]; ok {
			return EEXIST
		}
	}
	t.entries[path] = e
	for i := len(parts) - 1; i >= 0; i-- {
		dir := strings.Join(parts[:i], "/")
		kids := t.dirs[dir]
		j, found := slices.BinarySearch(kids, parts[i])
		if found {
			break
		}
		t.dirs[dir] = slices.Insert(kids, j, parts[i])
	}
	return nil
}

// LookupSysctl returns the entry at path, if path names a file.
func (k *Kernel) LookupSysctl(path string) (SysctlEntry, bool) {
	k.sysctls.mu.RLock()
	defer k.sysctls.mu.RUnlock()
	e, ok := k.sysctls.entries[path]
	return e, ok
}

// SysctlDir lists the names directly under the directory dir ("" is
// /proc/sys itself), sorted; ok is false if dir is no directory.
func (k *Kernel) SysctlDir(dir string) (names []string, ok bool) {
	k.sysctls.mu.RLock()
	defer k.sysctls.mu.RUnlock()
	kids, ok := k.sysctls.dirs[dir]
	if dir == "" {
		ok = true
	}
	return slices.Clone(kids), ok
}

// ReadSysctl returns what a read of /proc/sys/path gives: ENOENT if
// there is no such entry.
func (k *Kernel) ReadSysctl(path string) (string, error) {
	e, ok := k.LookupSysctl(path)
	if !ok {
		return "", ENOENT
	}
	return e.Show(), nil
}

// WriteSysctl writes s to /proc/sys/path as root would: ENOENT for no
// entry, EACCES for a read-only one, EINVAL for a value it refuses.
func (k *Kernel) WriteSysctl(path, s string) error {
	e, ok := k.LookupSysctl(path)
	if !ok {
		return ENOENT
	}
	if e.Store == nil {
		return EACCES
	}
	return e.Store(s)
}

// SysctlInt is an integer entry with proc_dointvec_minmax's rules: mode
// 0644, the value v, writes outside [min, max] refused.
func SysctlInt(v *atomic.Int64, min, max int64) SysctlEntry {
	return SysctlEntry{
		Mode:   0o644,
		Show:   func() string { return strconv.FormatInt(v.Load(), 10) + "\n" },
		Append: func(dst []byte) []byte { return append(strconv.AppendInt(dst, v.Load(), 10), '\n') },
		Store: func(s string) error {
			n, err := ParseSysctlInt(s, min, max)
			if err != nil {
				return err
			}
			v.Store(n)
			return nil
		},
		Parsed: SysctlIntLen,
	}
}

// SysctlBool is a 0-or-1 integer entry (SYSCTL_ZERO..SYSCTL_ONE).
func SysctlBool(v *atomic.Bool) SysctlEntry {
	return SysctlEntry{
		Mode: 0o644,
		Show: func() string {
			if v.Load() {
				return "1\n"
			}
			return "0\n"
		},
		Store: func(s string) error {
			n, err := ParseSysctlInt(s, 0, 1)
			if err != nil {
				return err
			}
			v.Store(n == 1)
			return nil
		},
		Parsed: SysctlIntLen,
	}
}

// SysctlString is a string entry (proc_dostring): a write keeps what
// comes before its first newline or NUL, cut to maxLen bytes.
func SysctlString(v *atomic.Pointer[string], maxLen int) SysctlEntry {
	return SysctlEntry{
		Mode: 0o644,
		Show: func() string { return *v.Load() + "\n" },
		Store: func(s string) error {
			if i := strings.IndexAny(s, "\n\x00"); i >= 0 {
				s = s[:i]
			}
			if len(s) > maxLen {
				s = s[:maxLen]
			}
			v.Store(&s)
			return nil
		},
	}
}

// SysctlReadOnly is a computed entry, mode 0444 (fs/file-nr).
func SysctlReadOnly(show func() string) SysctlEntry {
	return SysctlEntry{Mode: 0o444, Show: show}
}

// sysctlTmpBufLen is proc_get_long's TMPBUFLEN: a number written with
// more characters than this cannot be told from two, so it is refused.
const sysctlTmpBufLen = 22

// ParseSysctlInt parses a write to an integer sysctl as
// proc_dointvec_minmax does: leading blanks (space, tab, newline), a
// decimal number, then a blank or the end; what follows the first
// number and its blanks is ignored. No number, a sign other than a
// leading '-', a number followed by anything but a blank, or a value
// outside [min, max] is EINVAL.
func ParseSysctlInt(s string, min, max int64) (int64, error) {
	s = strings.TrimLeft(s, " \t\n")
	if s == "" {
		return 0, EINVAL
	}
	end := strings.IndexAny(s, " \t\n")
	if end < 0 {
		end = len(s)
	}
	num := s[:end]
	if len(num) >= sysctlTmpBufLen-1 {
		return 0, EINVAL
	}
	digits := strings.TrimPrefix(num, "-")
	if digits == "" || digits[0] < '0' || digits[0] > '9' {
		return 0, EINVAL
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < min || n > max {
		return 0, EINVAL
	}
	return n, nil
}

// SysctlIntLen is what __do_proc_dointvec consumes of a write to a
// single integer, the SysctlEntry.Parsed of every one-number entry: the
// blanks before the number (proc_skip_spaces), the number, and the
// blanks after it; what follows is left unread ("1 2" is 2).
func SysctlIntLen(s string) int {
	i := skipSysctlSpaces(s, 0)
	if i < len(s) && s[i] == '-' {
		i++
	}
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return skipSysctlSpaces(s, i)
}

// skipSysctlSpaces skips isspace's characters from i.
func skipSysctlSpaces(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	return i
}

// kernelSysctls registers the knobs the VFS itself owns.
func (k *Kernel) kernelSysctls() {
	s := &k.Sysctl
	s.NrOpen.Store(NR_OPEN)
	s.FileMax.Store(defaultFileMax)
	s.PidMax.Store(defaultPidMax)
	host := "(none)"
	s.Hostname.Store(&host)
	for _, r := range []struct {
		path string
		e    SysctlEntry
	}{
		{"fs/protected_hardlinks", SysctlBool(&s.ProtectedHardlinks)},
		{"fs/protected_symlinks", SysctlBool(&s.ProtectedSymlinks)},
		{"fs/protected_regular", SysctlInt(&s.ProtectedRegular, 0, 2)},
		{"fs/protected_fifos", SysctlInt(&s.ProtectedFifos, 0, 2)},
		// Linux allows up to 2147483584; govfs's fd table stops at NR_OPEN.
		{"fs/nr_open", SysctlInt(&s.NrOpen, 64, NR_OPEN)},
		{"fs/file-max", SysctlInt(&s.FileMax, 0, 1<<63-1)},
		{"fs/file-nr", SysctlReadOnly(func() string {
			return strconv.FormatInt(k.openFiles(), 10) + "\t0\t" + strconv.FormatInt(s.FileMax.Load(), 10) + "\n"
		})},
		{"kernel/hostname", SysctlString(&s.Hostname, 64)},
		{"kernel/ostype", SysctlReadOnly(func() string { return "Linux\n" })},
		{"kernel/pid_max", SysctlInt(&s.PidMax, 301, 4194304)},
	} {
		if err := k.RegisterSysctl(r.path, r.e); err != nil {
			panic("vfs: sysctl " + r.path + ": " + err.Error())
		}
	}
}

// Linux's defaults: file-max scales with memory (govfs says what a
// small machine says), pid_max is 32768 on machines with few CPUs.
const (
	defaultFileMax = 9223372036854775807
	defaultPidMax  = 32768
)

// openFiles is file-nr's first field. Linux counts struct files; govfs
// counts the fds of the live processes' tables, each table once.
func (k *Kernel) openFiles() int64 {
	seen := make(map[*FDTable]bool)
	var n int64
	for _, pid := range k.Processes() {
		p, ok := k.Process(pid)
		if !ok || p.files == nil || seen[p.files] {
			continue
		}
		seen[p.files] = true
		n += int64(p.files.Count())
	}
	return n
}
