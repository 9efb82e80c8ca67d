package bin

import (
	"fmt"
	"strings"
	"time"

	"github.com/govfs/govfs/vfs"
)

// Stat prints what lstat(2) (stat(2) with -L) says about each file in
// coreutils' default format:
//
//	  File: /etc/passwd
//	  Size: 93        	Blocks: 8          IO Block: 4096   regular file
//	Device: 0,20	Inode: 12          Links: 1
//	Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)
//	Access: 2026-11-29 12:00:00.000000000 +0000
//	Modify: 2026-11-29 12:00:00.000000000 +0000
//	Change: 2026-11-29 12:00:00.000000000 +0000
//	 Birth: -
//
// with "-> target" after a symlink's name and "Device type: 1,3" for a
// device. Times are in UTC; govfs keeps no birth time. "stat: cannot
// statx 'x': No such file or directory", status 1.
func Stat(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "stat", spec: "L", long: map[string]byte{"dereference": 'L'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	if len(operands) == 0 {
		missingOperand(p, "stat")
		return 1
	}
	db := loadNames(p)
	status := 0
	for _, name := range operands {
		var st vfs.Stat_t
		var err error
		if o.has('L') {
			err = p.Stat(name, &st)
		} else {
			err = p.Lstat(name, &st)
		}
		if err != nil {
			errorf(p, "stat", "cannot statx %s: %s", quote(name), strerror(err))
			status = 1
			continue
		}
		writeAll(p, 1, []byte(formatStat(p, db, name, &st)))
	}
	return status
}

func formatStat(p *vfs.Process, db *names, name string, st *vfs.Stat_t) string {
	var b strings.Builder
	b.WriteString("  File: " + name)
	if st.Mode&vfs.S_IFMT == vfs.S_IFLNK {
		b.WriteString(" -> " + readlink(p, vfs.AT_FDCWD, name))
	}
	fmt.Fprintf(&b, "\n  Size: %-10d\tBlocks: %-10d IO Block: %-6d %s\n", st.Size, st.Blocks, st.Blksize, typeName(st))
	fmt.Fprintf(&b, "Device: %d,%d\tInode: %-11d Links: ", vfs.Major(st.Dev), vfs.Minor(st.Dev), st.Ino)
	if isDevice(st.Mode) {
		fmt.Fprintf(&b, "%-5d Device type: %d,%d\n", st.Nlink, vfs.Major(st.Rdev), vfs.Minor(st.Rdev))
	} else {
		fmt.Fprintf(&b, "%d\n", st.Nlink)
	}
	fmt.Fprintf(&b, "Access: (%04o/%s)  Uid: (%5d/%8s)   Gid: (%5d/%8s)\n", st.Mode&0o7777, modeString(st.Mode),
		st.Uid, db.user(st.Uid), st.Gid, db.group(st.Gid))
	for _, t := range []struct {
		label string
		ts    vfs.Timespec
	}{{"Access", st.Atim}, {"Modify", st.Mtim}, {"Change", st.Ctim}} {
		b.WriteString(t.label + ": " + time.Unix(t.ts.Sec, t.ts.Nsec).UTC().Format("2006-01-02 15:04:05.000000000 -0700") + "\n")
	}
	b.WriteString(" Birth: -\n")
	return b.String()
}
