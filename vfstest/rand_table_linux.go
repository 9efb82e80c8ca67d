//go:build linux

package vfstest

import (
	"fmt"
	"math"

	"golang.org/x/sys/unix"
)

// FileRandOps is the op table of files, directories, links, symlinks,
// renames, truncate, fallocate and the fd table. Its device nodes are
// copies of /dev/null, /dev/zero and /dev/full made in the sandbox (the
// second Mknod, as root; EPERM on both sides otherwise), so the fd ops
// read, write, seek, ioctl, chmod and truncate them without ever
// touching the host's /dev. Pipes and FIFOs are PipeRandOps'; a read,
// write or open that could block on them is not made
// (rand_block_linux.go). Callers may append ops of their own.
func FileRandOps() []RandOp {
	return []RandOp{
		{"Open", 10, func(g *RandGen) []RandArg { return []RandArg{{Kind: ArgPath, S: g.Path()}, g.OpenFlags(), g.Mode()} },
			func(s *Session, a []RandArg) {
				if !s.openMayBlock(s.openCall(unix.AT_FDCWD, a[0].S, a[1].Int()), unix.AT_FDCWD, a[0].S, a[1].Int()) {
					s.Open(a[0].S, a[1].Int(), uint32(a[2].N))
				}
			}},
		{"Openat", 4, func(g *RandGen) []RandArg { d, p := g.AtPath(); return []RandArg{d, p, g.OpenFlags(), g.Mode()} },
			func(s *Session, a []RandArg) {
				if !s.openMayBlock(s.openCall(a[0].FD(s), a[1].S, a[2].Int()), a[0].FD(s), a[1].S, a[2].Int()) {
					s.Openat(a[0].FD(s), a[1].S, a[2].Int(), uint32(a[3].N))
				}
			}},
		{"Close", 6, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.Close(a[0].FD(s)) }},
		{"Read", 5, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.Size()} },
			func(s *Session, a []RandArg) {
				if !s.readMayBlock(fmt.Sprintf("read(%s, %d)", s.fd(a[0].FD(s)), a[1].Int()), a[0].FD(s)) {
					s.Read(a[0].FD(s), a[1].Int())
				}
			}},
		{"Pread", 4, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.Size(), g.Off()} },
			func(s *Session, a []RandArg) { s.Pread(a[0].FD(s), a[1].Int(), a[2].N) }},
		{"Write", 6, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.Data()} },
			func(s *Session, a []RandArg) {
				if !s.writeMayBlock(fmt.Sprintf("write(%s, %q)", s.fd(a[0].FD(s)), a[1].S), a[0].FD(s), len(a[1].S)) {
					s.Write(a[0].FD(s), a[1].S)
				}
			}},
		{"Pwrite", 4, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.Data(), g.Off()} },
			func(s *Session, a []RandArg) { s.Pwrite(a[0].FD(s), a[1].S, a[2].N) }},
		{"Readv", 1, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.Size(), g.Size()} },
			func(s *Session, a []RandArg) {
				if !s.readMayBlock(fmt.Sprintf("readv(%s, %v)", s.fd(a[0].FD(s)), []int{a[1].Int(), a[2].Int()}), a[0].FD(s)) {
					s.Readv(a[0].FD(s), a[1].Int(), a[2].Int())
				}
			}},
		{"Writev", 1, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.Data(), g.Data()} },
			func(s *Session, a []RandArg) {
				if !s.writeMayBlock(fmt.Sprintf("writev(%s, [%q, %q])", s.fd(a[0].FD(s)), a[1].S, a[2].S), a[0].FD(s), len(a[1].S), len(a[2].S)) {
					s.Writev(a[0].FD(s), a[1].S, a[2].S)
				}
			}},
		{"SeekFile", 4, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), g.Off(), g.Enum(randSeekNames, unix.SEEK_SET, unix.SEEK_CUR, unix.SEEK_END,
				unix.SEEK_DATA, unix.SEEK_HOLE, 5)}
		}, func(s *Session, a []RandArg) { s.SeekFile(a[0].FD(s), a[1].N, a[2].Int()) }},
		{"Dup", 2, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.Dup(a[0].FD(s)) }},
		{"Dup2", 2, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.FD()} },
			func(s *Session, a []RandArg) { s.Dup2(a[0].FD(s), a[1].FD(s)) }},
		{"Dup3", 1, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), g.FD(), g.Flags(dup3FlagNames, 0, unix.O_CLOEXEC, 1)}
		}, func(s *Session, a []RandArg) { s.Dup3(a[0].FD(s), a[1].FD(s), a[2].Int()) }},
		{"Fcntl", 2, genFcntl, func(s *Session, a []RandArg) {
			arg := a[2].Int()
			if a[2].Kind == ArgFD {
				arg = a[2].FD(s)
			}
			s.Fcntl(a[0].FD(s), a[1].Int(), arg)
		}},
		{"Ftruncate", 3, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.Len()} },
			func(s *Session, a []RandArg) { s.Ftruncate(a[0].FD(s), a[1].N) }},
		{"Truncate", 2, func(g *RandGen) []RandArg { return []RandArg{{Kind: ArgPath, S: g.Path()}, g.Len()} },
			func(s *Session, a []RandArg) { s.Truncate(a[0].S, a[1].N) }},
		{"Fallocate", 3, func(g *RandGen) []RandArg {
			mode := g.Flags(randFallocNames, 0, 0, unix.FALLOC_FL_KEEP_SIZE, unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE,
				unix.FALLOC_FL_PUNCH_HOLE, unix.FALLOC_FL_ZERO_RANGE, unix.FALLOC_FL_COLLAPSE_RANGE, 0x100)
			return []RandArg{g.FD(), mode, g.Off(), g.AllocLen()}
		}, func(s *Session, a []RandArg) { s.Fallocate(a[0].FD(s), uint32(a[1].N), a[2].N, a[3].N) }},
		// A mapping lives for the call: see MmapRW.
		{"MmapRW", 4, genMmap, func(s *Session, a []RandArg) {
			s.MmapRW(a[0].FD(s), a[1].N, a[2].Int(), a[3].Int(), a[4].Int(), a[5].S)
		}},
		{"Fstat", 4, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.Fstat(a[0].FD(s)) }},
		{"Fchmod", 2, func(g *RandGen) []RandArg { return []RandArg{g.FD(), g.Mode()} },
			func(s *Session, a []RandArg) { s.Fchmod(a[0].FD(s), uint32(a[1].N)) }},
		{"Fchown", 1, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), {Kind: ArgInt, N: Pick[int64](g, -1, 0, 1000)}, {Kind: ArgInt, N: Pick[int64](g, -1, 0, 1000)}}
		}, func(s *Session, a []RandArg) { s.Fchown(a[0].FD(s), a[1].Int(), a[2].Int()) }},
		// From the start: whether entries made after the end was reached
		// show up is the filesystem's choice (tmpfs's offset directories
		// say no since 6.11).
		{"RewindDir", 3, func(g *RandGen) []RandArg { return []RandArg{g.FD()} },
			func(s *Session, a []RandArg) { s.RewindDir(a[0].FD(s)) }},
		// A buffer too small for any entry: EINVAL (ENOTDIR, EBADF).
		{"RewindGetdents", 1, func(g *RandGen) []RandArg { return []RandArg{g.FD(), {Kind: ArgInt, N: 1}} },
			func(s *Session, a []RandArg) { s.RewindGetdents(a[0].FD(s), a[1].Int()) }},

		{"Mkdir", 8, func(g *RandGen) []RandArg { return []RandArg{{Kind: ArgPath, S: g.Path()}, g.Mode()} },
			func(s *Session, a []RandArg) { s.Mkdir(a[0].S, uint32(a[1].N)) }},
		{"Mkdirat", 2, func(g *RandGen) []RandArg { d, p := g.AtPath(); return []RandArg{d, p, g.Mode()} },
			func(s *Session, a []RandArg) { s.Mkdirat(a[0].FD(s), a[1].S, uint32(a[2].N)) }},
		{"Rmdir", 4, func(g *RandGen) []RandArg { return []RandArg{{Kind: ArgPath, S: g.Path()}} },
			func(s *Session, a []RandArg) { s.Rmdir(a[0].S) }},
		{"Unlink", 4, func(g *RandGen) []RandArg { return []RandArg{{Kind: ArgPath, S: g.Path()}} },
			func(s *Session, a []RandArg) { s.Unlink(a[0].S) }},
		{"Unlinkat", 2, func(g *RandGen) []RandArg {
			d, p := g.AtPath()
			return []RandArg{d, p, g.Flags(randAtNames, 0, unix.AT_REMOVEDIR, 1)}
		}, func(s *Session, a []RandArg) { s.Unlinkat(a[0].FD(s), a[1].S, a[2].Int()) }},
		{"Rename", 6, func(g *RandGen) []RandArg {
			return []RandArg{{Kind: ArgPath, S: g.Path()}, {Kind: ArgPath, S: g.Path()}}
		},
			func(s *Session, a []RandArg) { s.Rename(a[0].S, a[1].S) }},
		{"Renameat2", 4, func(g *RandGen) []RandArg {
			od, op := g.AtPath()
			nd, np := g.AtPath()
			fl := g.Flags(randRenameNames, 0, unix.RENAME_NOREPLACE, unix.RENAME_EXCHANGE, unix.RENAME_EXCHANGE,
				unix.RENAME_NOREPLACE|unix.RENAME_EXCHANGE, unix.RENAME_WHITEOUT, 0x10)
			return []RandArg{od, op, nd, np, fl}
		}, func(s *Session, a []RandArg) { s.Renameat2(a[0].FD(s), a[1].S, a[2].FD(s), a[3].S, uint(a[4].N)) }},
		{"Link", 4, func(g *RandGen) []RandArg {
			return []RandArg{{Kind: ArgPath, S: g.Path()}, {Kind: ArgPath, S: g.Path()}}
		},
			func(s *Session, a []RandArg) { s.Link(a[0].S, a[1].S) }},
		{"Linkat", 2, func(g *RandGen) []RandArg {
			od, op := g.AtPath()
			nd, np := g.AtPath()
			return []RandArg{od, op, nd, np, g.Flags(randAtNames, 0, unix.AT_SYMLINK_FOLLOW, unix.AT_EMPTY_PATH, 1)}
		}, func(s *Session, a []RandArg) { s.Linkat(a[0].FD(s), a[1].S, a[2].FD(s), a[3].S, a[4].Int()) }},
		{"Symlink", 5, func(g *RandGen) []RandArg { return []RandArg{g.Target(), {Kind: ArgPath, S: g.Path()}} },
			func(s *Session, a []RandArg) { s.Symlink(a[0].S, a[1].S) }},
		{"Symlinkat", 1, func(g *RandGen) []RandArg { d, p := g.AtPath(); return []RandArg{g.Target(), d, p} },
			func(s *Session, a []RandArg) { s.Symlinkat(a[0].S, a[1].FD(s), a[2].S) }},
		{"Readlink", 2, func(g *RandGen) []RandArg {
			return []RandArg{{Kind: ArgPath, S: g.Path()}, {Kind: ArgInt, N: Pick[int64](g, 0, 1, 100, 100)}}
		}, func(s *Session, a []RandArg) { s.Readlink(a[0].S, a[1].Int()) }},
		{"Chmod", 2, func(g *RandGen) []RandArg { return []RandArg{{Kind: ArgPath, S: g.Path()}, g.Mode()} },
			func(s *Session, a []RandArg) { s.Chmod(a[0].S, uint32(a[1].N)) }},
		{"Access", 2, func(g *RandGen) []RandArg {
			return []RandArg{{Kind: ArgPath, S: g.Path()}, g.Flags(randAccessNames, unix.F_OK, unix.R_OK, unix.W_OK, unix.X_OK, 7, 8)}
		}, func(s *Session, a []RandArg) { s.Access(a[0].S, uint32(a[1].N)) }},
		{"Mknod", 2, func(g *RandGen) []RandArg {
			mode := RandArg{Kind: ArgMode, N: int64(Pick(g, unix.S_IFREG, 0, unix.S_IFSOCK, unix.S_IFDIR)) | g.Mode().N}
			return []RandArg{{Kind: ArgPath, S: g.Path()}, mode, {Kind: ArgInt}}
		}, func(s *Session, a []RandArg) { s.Mknod(a[0].S, uint32(a[1].N), a[2].Int()) }},
		{"Mknod", 2, func(g *RandGen) []RandArg {
			mode := RandArg{Kind: ArgMode, N: unix.S_IFCHR | g.Mode().N}
			dev := RandArg{Kind: ArgInt, N: int64(Pick(g, unix.Mkdev(1, 3), unix.Mkdev(1, 5), unix.Mkdev(1, 7)))}
			return []RandArg{{Kind: ArgPath, S: g.Path()}, mode, dev}
		}, func(s *Session, a []RandArg) { s.Mknod(a[0].S, uint32(a[1].N), a[2].Int()) }},
		// Requests that fill at most an int, or fail without writing, on
		// every fd the sequences open: none of them is a terminal.
		{"IoctlGetInt", 2, func(g *RandGen) []RandArg {
			return []RandArg{g.FD(), g.Enum(randIoctlNames, unix.TIOCINQ, unix.TCGETS, unix.TIOCGWINSZ, unix.BLKSSZGET, unix.TIOCGPGRP)}
		}, func(s *Session, a []RandArg) { s.IoctlGetInt(a[0].FD(s), uint(a[1].N)) }},
		{"Stat", 4, func(g *RandGen) []RandArg { return []RandArg{{Kind: ArgPath, S: g.Path()}} },
			func(s *Session, a []RandArg) { s.Stat(a[0].S) }},
		{"Lstat", 4, func(g *RandGen) []RandArg { return []RandArg{{Kind: ArgPath, S: g.Path()}} },
			func(s *Session, a []RandArg) { s.Lstat(a[0].S) }},
		{"Fstatat", 2, func(g *RandGen) []RandArg {
			d, p := g.AtPath()
			return []RandArg{d, p, g.Flags(randAtNames, 0, unix.AT_SYMLINK_NOFOLLOW, unix.AT_EMPTY_PATH, 1)}
		}, func(s *Session, a []RandArg) { s.Fstatat(a[0].FD(s), a[1].S, a[2].Int()) }},
	}
}

// genMmap draws mmap's arguments: mostly a page or two of a file,
// shared or private, with bad offsets, lengths and flag mixes. Never
// MAP_FIXED (see Host.Mmap), a length govfs would refuse as too large
// for memory (over 1 GiB) but the host would not, or MAP_HUGETLB
// anonymous, which depends on the host's huge pages.
func genMmap(g *RandGen) []RandArg {
	const r, w, x = unix.PROT_READ, unix.PROT_WRITE, unix.PROT_EXEC
	const sh, pr, an = unix.MAP_SHARED, unix.MAP_PRIVATE, unix.MAP_ANONYMOUS
	fd := g.FD()
	if g.Chance(10) {
		fd = RandArg{Kind: ArgFD, N: -1}
	}
	return []RandArg{fd,
		{Kind: ArgInt, N: Pick[int64](g, 0, 0, 0, 0, 0, 4096, 8192, 1, -4096, 1<<40, math.MaxInt64&^4095)},
		{Kind: ArgInt, N: Pick[int64](g, 4096, 4096, 8192, 8192, 1, 100, 5000, 0, -1, 1<<47)},
		g.Flags(mmapProtNames, r, r, r|w, r|w, r|w, w, r|x, 0, 0x100),
		g.Flags(mmapFlagNames, sh, sh, sh, pr, pr, unix.MAP_SHARED_VALIDATE, sh|an, pr|an, 0, 4,
			sh|unix.MAP_POPULATE, unix.MAP_SHARED_VALIDATE|unix.MAP_SYNC, unix.MAP_SHARED_VALIDATE|0x200,
			pr|unix.MAP_GROWSDOWN, pr|unix.MAP_HUGETLB, sh|0x200),
		g.Data(),
	}
}

func genFcntl(g *RandGen) []RandArg {
	fd := g.FD()
	switch cmd := g.Enum(randFcntlNames, unix.F_DUPFD, unix.F_DUPFD_CLOEXEC, unix.F_GETFD, unix.F_SETFD,
		unix.F_GETFL, unix.F_SETFL, 9999); cmd.N {
	case unix.F_DUPFD, unix.F_DUPFD_CLOEXEC:
		return []RandArg{fd, cmd, g.FD()}
	case unix.F_SETFD:
		return []RandArg{fd, cmd, g.Flags(randFdNames, 0, unix.FD_CLOEXEC)}
	case unix.F_SETFL:
		return []RandArg{fd, cmd, g.Flags(randOpenNames, 0, unix.O_APPEND, unix.O_NONBLOCK, unix.O_APPEND|unix.O_NOATIME)}
	default:
		return []RandArg{fd, cmd, {Kind: ArgInt}}
	}
}
