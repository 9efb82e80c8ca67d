//go:build linux

package vfstest

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/internal/sysfmt"
)

// This file turns syscall arguments and results into the stable text of
// a transcript line: symbolic flags, octal modes, quoted data.

// The flag, mode and number spellings live in internal/sysfmt, shared
// with vfs's Kernel.Trace; the names below keep the scenarios short.

type flagName = sysfmt.Name

var (
	openFlagNames     = sysfmt.OpenFlagNames
	atFlagNames       = sysfmt.AtFlagNames
	accessAtFlagNames = sysfmt.AccessAtFlagNames
	renameFlagNames   = sysfmt.RenameFlagNames
	resolveFlagNames  = sysfmt.ResolveFlagNames
	fallocNames       = sysfmt.FallocFlagNames
	dup3FlagNames     = sysfmt.Dup3FlagNames
	fdFlagNames       = sysfmt.FDFlagNames
	mountFlagNames    = sysfmt.MountFlagNames
	umountFlagNames   = sysfmt.UmountFlagNames
)

func flagString(v int, names []flagName) string { return sysfmt.Flags(v, names) }
func flagsOr0(v int, names []flagName) string   { return sysfmt.FlagsOr0(v, names) }
func openFlags(f int) string                    { return sysfmt.OpenFlags(f) }
func octal(m uint32) string                     { return sysfmt.Octal(m) }
func nodeMode(m uint32) string                  { return sysfmt.NodeMode(m) }
func accessMode(m uint32) string                { return sysfmt.AccessMode(m) }
func whenceName(w int) string                   { return sysfmt.Whence(w) }
func fcntlName(cmd int) string                  { return sysfmt.Fcntl(cmd) }
func devString(dev uint64) string               { return sysfmt.Dev(dev) }

var fileTypeTags = map[uint32]string{
	unix.S_IFREG: "reg", unix.S_IFDIR: "dir", unix.S_IFLNK: "lnk", unix.S_IFCHR: "chr",
	unix.S_IFBLK: "blk", unix.S_IFIFO: "fifo", unix.S_IFSOCK: "sock",
}

func typeTag(m uint32) string {
	if tag, ok := fileTypeTags[m&unix.S_IFMT]; ok {
		return tag
	}
	return fmt.Sprintf("type%#o", m&unix.S_IFMT)
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
