package bin

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// Ps lists processes from /proc, as procps' ps does but simpler: every
// process the caller can see, by pid (as "ps -e"; govfs has no
// terminals to select by), in the default format
//
//	PID TTY          TIME CMD
//	  1 ?        00:00:00 init
//
// or with -f the full format (UID, PID, PPID, C, STIME, TTY, TIME and
// the command line from /proc/PID/cmdline, or "[comm]" when it is
// empty). -e and -A are accepted and change nothing. TTY is always
// "?", TIME and C are 0 (govfs counts no CPU time), STIME the boot's
// "00:00". A process that exits while ps reads it is skipped.
func Ps(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "ps", spec: "eAf"}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	if len(operands) > 0 {
		errorf(p, "ps", "unsupported option (BSD syntax): %s", operands[0])
		return 1
	}
	fd, err := p.Open("/proc", vfs.O_RDONLY|vfs.O_DIRECTORY|vfs.O_CLOEXEC, 0)
	if err != nil {
		complain(p, "ps", "/proc", err)
		return 1
	}
	names, err := readDirNames(p, fd)
	p.Close(fd)
	if err != nil {
		complain(p, "ps", "/proc", err)
		return 1
	}
	var pids []int
	for _, n := range names {
		if pid, err := strconv.Atoi(n); err == nil {
			pids = append(pids, pid)
		}
	}
	sort.Ints(pids)
	db := loadNames(p)
	var b strings.Builder
	if o.has('f') {
		b.WriteString("UID        PID  PPID  C STIME TTY          TIME CMD\n")
	} else {
		b.WriteString("  PID TTY          TIME CMD\n")
	}
	for _, pid := range pids {
		pr, ok := readProc(p, pid)
		if !ok {
			continue
		}
		if o.has('f') {
			cmd := strings.Join(pr.cmdline, " ")
			if cmd == "" {
				cmd = "[" + pr.comm + "]"
			}
			fmt.Fprintf(&b, "%-8s %5d %5d  0 00:00 ?        00:00:00 %s\n", db.user(pr.uid), pid, pr.ppid, cmd)
		} else {
			fmt.Fprintf(&b, "%5d ?        00:00:00 %s\n", pid, pr.comm)
		}
	}
	writeAll(p, 1, []byte(b.String()))
	return 0
}

// procEntry is what ps reads about one process.
type procEntry struct {
	comm    string
	ppid    int
	uid     uint32
	cmdline []string
}

// readProc reads /proc/PID/stat ("1 (init) S 0 ..."; comm may hold
// spaces and parentheses, so it ends at the last ')'), the real uid
// from /proc/PID/status and /proc/PID/cmdline.
func readProc(p *vfs.Process, pid int) (procEntry, bool) {
	dir := "/proc/" + strconv.Itoa(pid) + "/"
	stat, err := readFile(p, dir+"stat")
	if err != nil {
		return procEntry{}, false
	}
	open, end := bytes.IndexByte(stat, '('), bytes.LastIndexByte(stat, ')')
	if open < 0 || end < open {
		return procEntry{}, false
	}
	var pr procEntry
	pr.comm = string(stat[open+1 : end])
	if f := strings.Fields(string(stat[end+1:])); len(f) >= 2 {
		pr.ppid, _ = strconv.Atoi(f[1])
	}
	if status, err := readFile(p, dir+"status"); err == nil {
		for line := range strings.Lines(string(status)) {
			if rest, ok := strings.CutPrefix(line, "Uid:"); ok {
				if f := strings.Fields(rest); len(f) > 0 {
					uid, _ := strconv.ParseUint(f[0], 10, 32)
					pr.uid = uint32(uid)
				}
			}
		}
	}
	if cmdline, err := readFile(p, dir+"cmdline"); err == nil && len(cmdline) > 0 {
		pr.cmdline = strings.Split(strings.TrimSuffix(string(cmdline), "\x00"), "\x00")
	}
	return pr, true
}
