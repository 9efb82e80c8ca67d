package bin

import (
	"strconv"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// parseMode applies a mode as chmod(1) spells it to old, the current
// permission bits (07777), and returns the new ones. An octal mode
// ("755", "4755") replaces the bits; a directory keeps its set-uid and
// set-gid bits unless five digits say otherwise, as coreutils does. A
// symbolic mode is a comma-separated list of clauses [ugoa]*[-+=]PERMS
// where PERMS is letters of rwxXst or one of u, g, o (copy those bits):
//
//	parseMode("u+x,go-w", 0o664, false, 0o022) = 0o744
//	parseMode("a=r", 0o755, false, 0) = 0o444
//	parseMode("+w", 0o444, false, 0o022) = 0o644 (who-less: umask spared)
//
// It reports false for anything else ("99x").
func parseMode(spec string, old uint32, dir bool, umask uint32) (uint32, bool) {
	if spec == "" {
		return 0, false
	}
	if strings.Trim(spec, "01234567") == "" {
		v, err := strconv.ParseUint(spec, 8, 32)
		if err != nil || v > 0o7777 {
			return 0, false
		}
		m := uint32(v)
		if dir && len(strings.TrimLeft(spec, "0")) < 5 {
			m |= old & (vfs.S_ISUID | vfs.S_ISGID)
		}
		return m, true
	}
	cur := old & 0o7777
	for _, clause := range strings.Split(spec, ",") {
		var ok bool
		if cur, ok = applyClause(clause, cur, dir, umask); !ok {
			return 0, false
		}
	}
	return cur, true
}

// applyClause applies one [ugoa]*([-+=]PERMS)+ clause.
func applyClause(c string, cur uint32, dir bool, umask uint32) (uint32, bool) {
	var who uint32
	i := 0
	for ; i < len(c) && strings.IndexByte("ugoa", c[i]) >= 0; i++ {
		who |= map[byte]uint32{'u': 0o4700, 'g': 0o2070, 'o': 0o1007, 'a': 0o7777}[c[i]]
	}
	affected := who
	if who == 0 {
		affected = 0o7777 &^ umask // "+w" spares the umask's bits
	}
	if i == len(c) {
		return 0, false // no operator
	}
	for i < len(c) {
		op := c[i]
		if strings.IndexByte("+-=", op) < 0 {
			return 0, false
		}
		i++
		var bits uint32
		if i < len(c) && strings.IndexByte("ugo", c[i]) >= 0 {
			shift := map[byte]uint{'u': 6, 'g': 3, 'o': 0}[c[i]]
			bits = (cur >> shift & 7) * 0o111
			i++
		} else {
			for ; i < len(c) && strings.IndexByte("rwxXst", c[i]) >= 0; i++ {
				switch c[i] {
				case 'r':
					bits |= 0o444
				case 'w':
					bits |= 0o222
				case 'x':
					bits |= 0o111
				case 'X':
					if dir || cur&0o111 != 0 {
						bits |= 0o111
					}
				case 's':
					bits |= vfs.S_ISUID | vfs.S_ISGID
				case 't':
					bits |= vfs.S_ISVTX
				}
			}
		}
		switch op {
		case '+':
			cur |= bits & affected
		case '-':
			cur &^= bits & affected
		case '=':
			clear := who
			if who == 0 {
				clear = 0o7777
			}
			if dir {
				clear &^= vfs.S_ISUID | vfs.S_ISGID // kept unless named
			}
			cur = cur&^clear | bits&affected
		}
	}
	return cur, true
}
