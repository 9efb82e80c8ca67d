package bin

import "github.com/govfs/govfs/vfs"

// modeString spells st_mode as ls -l and stat do (coreutils'
// filemodestring): the type letter, then rwx for owner, group and
// others, with the set-uid, set-gid and sticky bits folded into the x
// places ("s" over an x, "S" without one; "t"/"T" for sticky).
//
//	modeString(S_IFDIR|01777) = "drwxrwxrwt"
//	modeString(S_IFREG|04644) = "-rwSr--r--"
func modeString(mode uint32) string {
	b := []byte{typeLetter(mode), 'r', 'w', 'x', 'r', 'w', 'x', 'r', 'w', 'x'}
	for i := 0; i < 9; i++ {
		if mode&(1<<(8-i)) == 0 {
			b[i+1] = '-'
		}
	}
	special := func(pos int, bit uint32, set, unset byte) {
		if mode&bit == 0 {
			return
		}
		if b[pos] == 'x' {
			b[pos] = set
		} else {
			b[pos] = unset
		}
	}
	special(3, vfs.S_ISUID, 's', 'S')
	special(6, vfs.S_ISGID, 's', 'S')
	special(9, vfs.S_ISVTX, 't', 'T')
	return string(b)
}

// typeLetter is ls's first column: - d l p s c b, ? for anything else.
func typeLetter(mode uint32) byte {
	switch mode & vfs.S_IFMT {
	case vfs.S_IFREG:
		return '-'
	case vfs.S_IFDIR:
		return 'd'
	case vfs.S_IFLNK:
		return 'l'
	case vfs.S_IFIFO:
		return 'p'
	case vfs.S_IFSOCK:
		return 's'
	case vfs.S_IFCHR:
		return 'c'
	case vfs.S_IFBLK:
		return 'b'
	}
	return '?'
}

// typeName is stat's %F: "regular file", "directory", ...
func typeName(st *vfs.Stat_t) string {
	switch st.Mode & vfs.S_IFMT {
	case vfs.S_IFREG:
		if st.Size == 0 {
			return "regular empty file"
		}
		return "regular file"
	case vfs.S_IFDIR:
		return "directory"
	case vfs.S_IFLNK:
		return "symbolic link"
	case vfs.S_IFIFO:
		return "fifo"
	case vfs.S_IFSOCK:
		return "socket"
	case vfs.S_IFCHR:
		return "character special file"
	case vfs.S_IFBLK:
		return "block special file"
	}
	return "weird file"
}

func isDevice(mode uint32) bool {
	t := mode & vfs.S_IFMT
	return t == vfs.S_IFCHR || t == vfs.S_IFBLK
}
