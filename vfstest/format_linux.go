//go:build linux

package vfstest

import (
	"fmt"
	"hash/fnv"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// This file turns syscall arguments and results into the stable text of
// a transcript line: symbolic flags, octal modes, quoted data.

type flagName struct {
	bits int
	name string
}

// flagString writes v as NAME|NAME|0xREST, trying names in order; a name
// matches when all its bits are set, so composite names go first.
func flagString(v int, names []flagName) string {
	var parts []string
	for _, n := range names {
		if n.bits != 0 && v&n.bits == n.bits {
			parts = append(parts, n.name)
			v &^= n.bits
		}
	}
	if v != 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%#x", v))
	}
	return strings.Join(parts, "|")
}

// oLargefile is the kernel's O_LARGEFILE bit, which F_GETFL reports on
// 64-bit kernels although x/sys defines unix.O_LARGEFILE as 0 there.
var oLargefile = map[string]int{"amd64": 0x8000, "arm64": 0x20000, "riscv64": 0x8000}[runtime.GOARCH]

var openFlagNames = []flagName{
	{unix.O_TMPFILE, "O_TMPFILE"}, {unix.O_SYNC, "O_SYNC"},
	{unix.O_CREAT, "O_CREAT"}, {unix.O_EXCL, "O_EXCL"}, {unix.O_NOCTTY, "O_NOCTTY"},
	{unix.O_TRUNC, "O_TRUNC"}, {unix.O_APPEND, "O_APPEND"}, {unix.O_NONBLOCK, "O_NONBLOCK"},
	{unix.O_DSYNC, "O_DSYNC"}, {unix.O_ASYNC, "O_ASYNC"}, {unix.O_DIRECT, "O_DIRECT"},
	{oLargefile, "O_LARGEFILE"}, {unix.O_DIRECTORY, "O_DIRECTORY"}, {unix.O_NOFOLLOW, "O_NOFOLLOW"},
	{unix.O_NOATIME, "O_NOATIME"}, {unix.O_CLOEXEC, "O_CLOEXEC"}, {unix.O_PATH, "O_PATH"},
}

func openFlags(f int) string {
	acc := [...]string{"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"}[f&unix.O_ACCMODE]
	if rest := f &^ unix.O_ACCMODE; rest != 0 {
		return acc + "|" + flagString(rest, openFlagNames)
	}
	return acc
}

func octal(m uint32) string { return fmt.Sprintf("%#o", m) }

var fileTypeNames = []struct {
	bits uint32
	name string
	tag  string
}{
	{unix.S_IFREG, "S_IFREG", "reg"}, {unix.S_IFDIR, "S_IFDIR", "dir"},
	{unix.S_IFLNK, "S_IFLNK", "lnk"}, {unix.S_IFCHR, "S_IFCHR", "chr"},
	{unix.S_IFBLK, "S_IFBLK", "blk"}, {unix.S_IFIFO, "S_IFIFO", "fifo"},
	{unix.S_IFSOCK, "S_IFSOCK", "sock"},
}

// nodeMode writes a mknod mode as S_IFxxx|0644.
func nodeMode(m uint32) string {
	for _, t := range fileTypeNames {
		if m&unix.S_IFMT == t.bits {
			return t.name + "|" + octal(m&^unix.S_IFMT)
		}
	}
	return octal(m)
}

func typeTag(m uint32) string {
	for _, t := range fileTypeNames {
		if m&unix.S_IFMT == t.bits {
			return t.tag
		}
	}
	return fmt.Sprintf("type%#o", m&unix.S_IFMT)
}

func devString(dev uint64) string {
	return fmt.Sprintf("makedev(%d, %d)", unix.Major(dev), unix.Minor(dev))
}

// statString is the transcript form of a stat result: no inode, device
// or times, and no size for directories (it is filesystem specific).
func statString(st StatT) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{%s %04o nlink=%d", typeTag(st.Mode), st.Mode&0o7777, st.Nlink)
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		fmt.Fprintf(&b, " size=%d", st.Size)
	}
	fmt.Fprintf(&b, " uid=%d gid=%d", st.Uid, st.Gid)
	if t := st.Mode & unix.S_IFMT; t == unix.S_IFCHR || t == unix.S_IFBLK {
		fmt.Fprintf(&b, " rdev=%d:%d", unix.Major(st.Rdev), unix.Minor(st.Rdev))
	}
	b.WriteString("}")
	return b.String()
}

var (
	atFlagNames = []flagName{
		{unix.AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"}, {unix.AT_REMOVEDIR, "AT_REMOVEDIR"},
		{unix.AT_SYMLINK_FOLLOW, "AT_SYMLINK_FOLLOW"}, {unix.AT_NO_AUTOMOUNT, "AT_NO_AUTOMOUNT"},
		{unix.AT_EMPTY_PATH, "AT_EMPTY_PATH"},
	}
	accessAtFlagNames = []flagName{
		{unix.AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"}, {unix.AT_EACCESS, "AT_EACCESS"},
		{unix.AT_EMPTY_PATH, "AT_EMPTY_PATH"},
	}
	renameFlagNames = []flagName{
		{unix.RENAME_NOREPLACE, "RENAME_NOREPLACE"}, {unix.RENAME_EXCHANGE, "RENAME_EXCHANGE"},
		{unix.RENAME_WHITEOUT, "RENAME_WHITEOUT"},
	}
	resolveFlagNames = []flagName{
		{unix.RESOLVE_NO_XDEV, "RESOLVE_NO_XDEV"}, {unix.RESOLVE_NO_MAGICLINKS, "RESOLVE_NO_MAGICLINKS"},
		{unix.RESOLVE_NO_SYMLINKS, "RESOLVE_NO_SYMLINKS"}, {unix.RESOLVE_BENEATH, "RESOLVE_BENEATH"},
		{unix.RESOLVE_IN_ROOT, "RESOLVE_IN_ROOT"}, {0x20, "RESOLVE_CACHED"},
	}
	fallocNames = []flagName{
		{unix.FALLOC_FL_KEEP_SIZE, "FALLOC_FL_KEEP_SIZE"}, {unix.FALLOC_FL_PUNCH_HOLE, "FALLOC_FL_PUNCH_HOLE"},
		{unix.FALLOC_FL_COLLAPSE_RANGE, "FALLOC_FL_COLLAPSE_RANGE"}, {unix.FALLOC_FL_ZERO_RANGE, "FALLOC_FL_ZERO_RANGE"},
		{unix.FALLOC_FL_INSERT_RANGE, "FALLOC_FL_INSERT_RANGE"},
	}
	accessModeNames = []flagName{{unix.R_OK, "R_OK"}, {unix.W_OK, "W_OK"}, {unix.X_OK, "X_OK"}}
	dup3FlagNames   = []flagName{{unix.O_CLOEXEC, "O_CLOEXEC"}}
	fdFlagNames     = []flagName{{unix.FD_CLOEXEC, "FD_CLOEXEC"}}
)

func flagsOr0(v int, names []flagName) string {
	if v == 0 {
		return "0"
	}
	return flagString(v, names)
}

func accessMode(m uint32) string {
	if m == unix.F_OK {
		return "F_OK"
	}
	return flagString(int(m), accessModeNames)
}

func whenceName(w int) string {
	switch w {
	case unix.SEEK_SET:
		return "SEEK_SET"
	case unix.SEEK_CUR:
		return "SEEK_CUR"
	case unix.SEEK_END:
		return "SEEK_END"
	case unix.SEEK_DATA:
		return "SEEK_DATA"
	case unix.SEEK_HOLE:
		return "SEEK_HOLE"
	}
	return strconv.Itoa(w)
}

var fcntlNames = map[int]string{
	unix.F_DUPFD: "F_DUPFD", unix.F_GETFD: "F_GETFD", unix.F_SETFD: "F_SETFD",
	unix.F_GETFL: "F_GETFL", unix.F_SETFL: "F_SETFL", unix.F_DUPFD_CLOEXEC: "F_DUPFD_CLOEXEC",
	unix.F_SETPIPE_SZ: "F_SETPIPE_SZ", unix.F_GETPIPE_SZ: "F_GETPIPE_SZ",
}

func fcntlName(cmd int) string {
	if n, ok := fcntlNames[cmd]; ok {
		return n
	}
	return strconv.Itoa(cmd)
}

var dtNames = map[uint8]string{
	unix.DT_UNKNOWN: "unknown", unix.DT_FIFO: "fifo", unix.DT_CHR: "chr", unix.DT_DIR: "dir",
	unix.DT_BLK: "blk", unix.DT_REG: "reg", unix.DT_LNK: "lnk", unix.DT_SOCK: "sock",
}

// direntsString lists entries sorted by name as "name type", since the
// order of a directory is filesystem specific.
func direntsString(ents []Dirent) string {
	items := make([]string, len(ents))
	for i, e := range ents {
		t, ok := dtNames[e.Type]
		if !ok {
			t = fmt.Sprintf("dt%d", e.Type)
		}
		items[i] = strconv.Quote(e.Name) + " " + t
	}
	sort.Strings(items)
	return fmt.Sprintf("%d entries [%s]", len(ents), strings.Join(items, ", "))
}

// quoteData shows short data quoted and long data as a size and a hash.
func quoteData(b []byte) string {
	if len(b) <= 48 {
		return strconv.Quote(string(b))
	}
	zero := true
	for _, c := range b {
		if c != 0 {
			zero = false
			break
		}
	}
	if zero {
		return fmt.Sprintf("<%d zero bytes>", len(b))
	}
	h := fnv.New32a()
	h.Write(b)
	return fmt.Sprintf("<%d bytes %q... fnv32a=%08x>", len(b), b[:16], h.Sum32())
}

// quotePath quotes a path; very long ones are abbreviated.
func quotePath(p string) string {
	if len(p) <= 64 {
		return strconv.Quote(p)
	}
	h := fnv.New32a()
	h.Write([]byte(p))
	return fmt.Sprintf("<%d-byte path %q... fnv32a=%08x>", len(p), p[:16], h.Sum32())
}
