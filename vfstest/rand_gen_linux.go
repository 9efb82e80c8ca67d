//go:build linux

package vfstest

import (
	"math"
	"strings"

	"golang.org/x/sys/unix"
)

// The argument generators of FileRandOps: mostly sensible values, with
// hostile ones mixed in (bad fds, empty and over-long names, trailing
// slashes, "..", names through regular files, huge offsets).
//
// Paths never reach outside the host's sandbox. A sequence runs in the
// directory "w" of the sandbox. A name component always descends at
// least one level (symlink bodies are names only: no "/", "." or ".."),
// and ".." climbs one, so the real depth of a walk is never less than its
// lexical depth; paths relative to the working directory climb at most
// g.Climb (1: the sandbox itself) and paths relative to a dirfd, which
// may stand in the sandbox, never climb.

// randNames are the names a sequence plays with.
var randNames = []string{"d0", "d1", "f0", "f1", "l0", "l1", "x"}

// longComponent is a path component of n bytes.
func longComponent(n int) string { return strings.Repeat("n", n) }

// Path draws a path relative to the working directory.
func (g *RandGen) Path() string { return g.path(g.Climb) }

// AtPath draws a dirfd, mostly AT_FDCWD, and a path relative to it.
func (g *RandGen) AtPath() (RandArg, RandArg) {
	if g.Chance(4) {
		return g.FD(), RandArg{Kind: ArgPath, S: g.path(0)}
	}
	return RandArg{Kind: ArgFD, N: unix.AT_FDCWD}, RandArg{Kind: ArgPath, S: g.Path()}
}

func (g *RandGen) path(climb int) string {
	if g.Chance(15) {
		hostile := []string{"", ".", "./", "f0/..", "f0/x", "f0/.", "d0/../f0/", longComponent(255),
			longComponent(256), "d0/" + longComponent(256), "d0//f0", strings.Repeat("d0/", 1400)}
		if climb > 0 {
			hostile = append(hostile, "..", "../", "../w", "../w/f0")
		}
		return Pick(g, hostile...)
	}
	var parts []string
	depth := 0
	for n := 1 + g.Intn(3); len(parts) < n; {
		switch r := g.Intn(12); {
		case r == 0:
			parts = append(parts, ".")
		case r == 1 && depth > -climb:
			parts = append(parts, "..")
			depth--
		case r == 2 && g.Chance(4):
			parts = append(parts, longComponent(255))
			depth++
		default:
			parts = append(parts, Pick(g, randNames...))
			depth++
		}
	}
	p := strings.Join(parts, "/")
	if g.Chance(8) {
		p += "/"
	}
	return p
}

// Target draws a symlink body: names only, so that following it always
// descends.
func (g *RandGen) Target() RandArg {
	if g.Chance(12) {
		return RandArg{Kind: ArgPath, S: Pick(g, "", longComponent(256), strings.Repeat("t", 4096), "d0/")}
	}
	t := Pick(g, randNames...)
	if g.Chance(3) {
		t += "/" + Pick(g, randNames...)
	}
	return RandArg{Kind: ArgPath, S: t}
}

// FD draws an fd: mostly one the sequence may have opened, sometimes a
// bad one.
func (g *RandGen) FD() RandArg {
	if g.Chance(12) {
		return RandArg{Kind: ArgFD, N: Pick[int64](g, -1, 200, 100000)}
	}
	return RandArg{Kind: ArgFD, N: int64(g.Intn(8))}
}

// Mode draws permission bits for creating or chmod.
func (g *RandGen) Mode() RandArg {
	return RandArg{Kind: ArgMode, N: Pick[int64](g, 0o644, 0o600, 0o755, 0o755, 0, 0o7777, 0o4755, 0o1777)}
}

// Off draws a file offset.
func (g *RandGen) Off() RandArg {
	return RandArg{Kind: ArgInt, N: Pick[int64](g, 0, 0, 1, 3, 100, 4095, 4096, 8191, 1<<20,
		-1, 1<<40, 1<<62, math.MaxInt64-1, math.MaxInt64)}
}

// Len draws a length for truncate and fallocate.
func (g *RandGen) Len() RandArg {
	return RandArg{Kind: ArgInt, N: Pick[int64](g, 0, 1, 5, 4096, 5000, 1<<16, -1, 1<<40, math.MaxInt64)}
}

// AllocLen draws a fallocate length. Huge ones are left out: the host's
// tmpfs has a size limit (ENOSPC at once), govfs's root tmpfs has none
// and would allocate them.
func (g *RandGen) AllocLen() RandArg {
	return RandArg{Kind: ArgInt, N: Pick[int64](g, 0, 1, 5, 4096, 5000, 1<<16, -1)}
}

// Size draws a read size.
func (g *RandGen) Size() RandArg {
	return RandArg{Kind: ArgInt, N: Pick[int64](g, 0, 1, 7, 64, 64, 5000)}
}

// Data draws bytes to write.
func (g *RandGen) Data() RandArg {
	return RandArg{Kind: ArgData, S: Pick(g, "", "a", "hello", "0123456789", strings.Repeat("z", 5000))}
}

// Flags draws one of vals, printed with names.
func (g *RandGen) Flags(names []flagName, vals ...int) RandArg {
	return RandArg{Kind: ArgFlags, N: int64(Pick(g, vals...)), names: names}
}

// Enum draws one of vals, printed by name.
func (g *RandGen) Enum(names []flagName, vals ...int) RandArg {
	return RandArg{Kind: ArgEnum, N: int64(Pick(g, vals...)), names: names}
}

// OpenFlags draws an access mode and a mix of the other open flags.
func (g *RandGen) OpenFlags() RandArg {
	f := Pick(g, unix.O_RDONLY, unix.O_WRONLY, unix.O_RDWR, unix.O_RDWR)
	if g.Chance(40) {
		f = unix.O_ACCMODE
	}
	for _, b := range []struct{ bit, odds int }{
		{unix.O_CREAT, 2}, {unix.O_EXCL, 5}, {unix.O_TRUNC, 6}, {unix.O_APPEND, 5},
		{unix.O_DIRECTORY, 6}, {unix.O_NOFOLLOW, 8}, {unix.O_PATH, 15}, {unix.O_TMPFILE, 30},
		{unix.O_NONBLOCK, 10}, {unix.O_CLOEXEC, 4}, {unix.O_NOATIME, 20}, {unix.O_DIRECT, 25},
	} {
		if g.Chance(b.odds) {
			f |= b.bit
		}
	}
	return RandArg{Kind: ArgFlags, N: int64(f), names: randOpenNames}
}

// randOpenNames prints open flags, access mode included.
var randOpenNames = append([]flagName{{unix.O_ACCMODE, "O_ACCMODE"}, {unix.O_RDWR, "O_RDWR"},
	{unix.O_WRONLY, "O_WRONLY"}, {0, "O_RDONLY"}}, openFlagNames...)

var (
	randAtNames     = []flagName{{unix.AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"}, {unix.AT_REMOVEDIR, "AT_REMOVEDIR"}, {unix.AT_SYMLINK_FOLLOW, "AT_SYMLINK_FOLLOW"}, {unix.AT_EMPTY_PATH, "AT_EMPTY_PATH"}, {unix.AT_EACCESS, "AT_EACCESS"}}
	randRenameNames = []flagName{{unix.RENAME_NOREPLACE, "RENAME_NOREPLACE"}, {unix.RENAME_EXCHANGE, "RENAME_EXCHANGE"}, {unix.RENAME_WHITEOUT, "RENAME_WHITEOUT"}}
	randFallocNames = []flagName{{unix.FALLOC_FL_KEEP_SIZE, "FALLOC_FL_KEEP_SIZE"}, {unix.FALLOC_FL_PUNCH_HOLE, "FALLOC_FL_PUNCH_HOLE"}, {unix.FALLOC_FL_COLLAPSE_RANGE, "FALLOC_FL_COLLAPSE_RANGE"}, {unix.FALLOC_FL_ZERO_RANGE, "FALLOC_FL_ZERO_RANGE"}, {unix.FALLOC_FL_INSERT_RANGE, "FALLOC_FL_INSERT_RANGE"}}
	randSeekNames   = []flagName{{unix.SEEK_CUR, "SEEK_CUR"}, {unix.SEEK_END, "SEEK_END"}, {unix.SEEK_DATA, "SEEK_DATA"}, {unix.SEEK_HOLE, "SEEK_HOLE"}, {0, "SEEK_SET"}}
	randAccessNames = []flagName{{unix.R_OK, "R_OK"}, {unix.W_OK, "W_OK"}, {unix.X_OK, "X_OK"}, {0, "F_OK"}}
	randTypeNames   = []flagName{{unix.S_IFREG, "S_IFREG"}, {unix.S_IFSOCK, "S_IFSOCK"}, {unix.S_IFDIR, "S_IFDIR"}, {unix.S_IFIFO, "S_IFIFO"}, {unix.S_IFCHR, "S_IFCHR"}}
	randFcntlNames  = []flagName{{unix.F_DUPFD_CLOEXEC, "F_DUPFD_CLOEXEC"}, {unix.F_GETFD, "F_GETFD"}, {unix.F_SETFD, "F_SETFD"}, {unix.F_GETFL, "F_GETFL"}, {unix.F_SETFL, "F_SETFL"}, {0, "F_DUPFD"}}
	randFdNames     = []flagName{{unix.FD_CLOEXEC, "FD_CLOEXEC"}}
	randIoctlNames  = []flagName{{unix.TIOCINQ, "TIOCINQ"}, {unix.TCGETS, "TCGETS"}, {unix.TIOCGWINSZ, "TIOCGWINSZ"}, {unix.BLKSSZGET, "BLKSSZGET"}, {unix.TIOCGPGRP, "TIOCGPGRP"}}
)
