package vfs

import "encoding/binary"

// DirContext is what Iterate fills (struct dir_context): getdents(2)'s
// buffer, encoded as linux_dirent64 records, and the position to resume
// from.
//
//	linux_dirent64: d_ino u64 | d_off s64 | d_reclen u16 | d_type u8 | d_name ... NUL, padded to 8
type DirContext struct {
	// Pos is the cookie of the next entry to emit; Emit advances it.
	Pos  int64
	buf  []byte
	n    int
	full bool
}

// direntReclen is the record length for a name (offsetof(d_name) = 19,
// plus the NUL, rounded up to 8).
func direntReclen(name string) int { return (19 + len(name) + 1 + 7) &^ 7 }

// Emit appends one entry (dir_emit); next is the cookie that resumes
// after it and becomes its d_off. It returns false when the buffer is
// full, and the iterator must stop.
func (c *DirContext) Emit(name string, ino uint64, dtype uint8, next int64) bool {
	reclen := direntReclen(name)
	if c.n+reclen > len(c.buf) {
		c.full = true
		return false
	}
	b := c.buf[c.n : c.n+reclen]
	binary.LittleEndian.PutUint64(b[0:], ino)
	binary.LittleEndian.PutUint64(b[8:], uint64(next))
	binary.LittleEndian.PutUint16(b[16:], uint16(reclen))
	b[18] = dtype
	copy(b[19:], name)
	clear(b[19+len(name):])
	c.n += reclen
	c.Pos = next
	return true
}

// DType converts S_IF* mode bits to a DT_* value (fs_umode_to_dtype).
func DType(mode uint32) uint8 { return uint8(mode & S_IFMT >> 12) }

// EmitDots emits "." and ".." for positions 0 and 1 (dir_emit_dots) and
// reports whether the caller may go on.
func (c *DirContext) EmitDots(f *File) bool {
	if c.Pos == 0 {
		if !c.Emit(".", f.inode.ino, DT_DIR, 1) {
			return false
		}
	}
	if c.Pos == 1 {
		parent := f.path.Dentry.Parent()
		if !c.Emit("..", parent.inode.ino, DT_DIR, 2) {
			return false
		}
	}
	return true
}

// DcacheReaddir lists a directory whose names all live in the dentry
// cache (dcache_readdir): "." and "..", then children in cookie order.
// A child's cookie never changes while it lives, and new children get
// larger cookies, so a listing interleaved with creates and unlinks
// neither skips nor repeats a name that lived through it.
func DcacheReaddir(f *File, ctx *DirContext) error {
	if !ctx.EmitDots(f) {
		return nil
	}
	d := f.path.Dentry
	d.dir.mu.RLock()
	defer d.dir.mu.RUnlock()
	if d.dir.dead {
		return ENOENT
	}
	for {
		child, ok := d.nextChildLocked(uint64(ctx.Pos))
		if !ok {
			return nil
		}
		if !ctx.Emit(child.Name(), child.inode.ino, DType(child.inode.ftype), int64(child.cookie)+1) {
			return nil
		}
	}
}

// ParseDirent parses linux_dirent64 records from buf as
// unix.ParseDirent does: it appends up to max names (max < 0: all),
// skipping "." and "..", and returns the bytes consumed and how many
// names it added.
func ParseDirent(buf []byte, max int, names []string) (consumed int, count int, newnames []string) {
	orig := len(buf)
	for max != 0 && len(buf) >= 19 {
		reclen := int(binary.LittleEndian.Uint16(buf[16:]))
		if reclen < 19 || reclen > len(buf) {
			break
		}
		rec := buf[:reclen]
		buf = buf[reclen:]
		if binary.LittleEndian.Uint64(rec) == 0 {
			continue
		}
		name := rec[19:]
		for i, c := range name {
			if c == 0 {
				name = name[:i]
				break
			}
		}
		if string(name) == "." || string(name) == ".." {
			continue
		}
		max--
		count++
		names = append(names, string(name))
	}
	return orig - len(buf), count, names
}
