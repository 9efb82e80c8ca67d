// Package sysfmt spells system call arguments the way strace does:
// open flags as O_RDWR|O_CREAT, modes in octal, *at flags, whence and
// fcntl commands by name. It is the one formatter behind both vfs's
// Kernel.Trace and vfstest's differential transcripts, so a line in a
// trace and a line in a transcript name the same bits the same way.
//
// The numbers are those of the Linux ABI that govfs models (linux/amd64,
// as vfs/abi_consts.go); sysfmt_linux_test.go proves each against
// x/sys/unix. The package is portable: it needs no host headers.
package sysfmt

import (
	"fmt"
	"strconv"
	"strings"
)

// Name gives a name to a set of bits. It is an alias of an unnamed
// struct so that other packages' tables ({0x1, "X"}) may stay unkeyed.
type Name = struct {
	Bits int
	Name string
}

// Flags writes v as NAME|NAME|0xREST, trying names in order; a name
// matches when all its bits are set, so composite names go first.
// Flags(0x41, OpenFlagNames) = "O_CREAT|0x1".
func Flags(v int, names []Name) string {
	var parts []string
	for _, n := range names {
		if n.Bits != 0 && v&n.Bits == n.Bits {
			parts = append(parts, n.Name)
			v &^= n.Bits
		}
	}
	if v != 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%#x", v))
	}
	return strings.Join(parts, "|")
}

// FlagsOr0 is Flags, except that no flags at all is "0".
func FlagsOr0(v int, names []Name) string {
	if v == 0 {
		return "0"
	}
	return Flags(v, names)
}

// OpenFlags writes the access mode, then the other flags:
// OpenFlags(0x80042) = "O_RDWR|O_CREAT|O_CLOEXEC".
func OpenFlags(f int) string {
	acc := [...]string{"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"}[f&0x3]
	if rest := f &^ 0x3; rest != 0 {
		return acc + "|" + Flags(rest, OpenFlagNames)
	}
	return acc
}

// Octal writes a mode in C's octal: Octal(0o644) = "0644", Octal(0) = "0".
func Octal(m uint32) string { return fmt.Sprintf("%#o", m) }

// FileTypes names the S_IFMT values of a mode.
var FileTypes = []Name{
	{0x8000, "S_IFREG"}, {0x4000, "S_IFDIR"}, {0xa000, "S_IFLNK"}, {0x2000, "S_IFCHR"},
	{0x6000, "S_IFBLK"}, {0x1000, "S_IFIFO"}, {0xc000, "S_IFSOCK"},
}

// NodeMode writes a mknod mode: NodeMode(0o10644) = "S_IFIFO|0644".
func NodeMode(m uint32) string {
	for _, t := range FileTypes {
		if m&0xf000 == uint32(t.Bits) {
			return t.Name + "|" + Octal(m&^0xf000)
		}
	}
	return Octal(m)
}

// AccessMode writes access(2)'s mode: "F_OK" or R_OK|W_OK|X_OK.
func AccessMode(m uint32) string {
	if m == 0 {
		return "F_OK"
	}
	return Flags(int(m), AccessModeNames)
}

var whenceNames = [...]string{"SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"}

// Whence names lseek's whence; an unknown one stays a number.
func Whence(w int) string {
	if w >= 0 && w < len(whenceNames) {
		return whenceNames[w]
	}
	return strconv.Itoa(w)
}

var fcntlNames = map[int]string{
	0: "F_DUPFD", 1: "F_GETFD", 2: "F_SETFD", 3: "F_GETFL", 4: "F_SETFL",
	8: "F_SETOWN", 9: "F_GETOWN", 10: "F_SETSIG", 11: "F_GETSIG",
	1030: "F_DUPFD_CLOEXEC", 1031: "F_SETPIPE_SZ", 1032: "F_GETPIPE_SZ",
}

// Fcntl names an fcntl command; an unknown one stays a number.
func Fcntl(cmd int) string {
	if n, ok := fcntlNames[cmd]; ok {
		return n
	}
	return strconv.Itoa(cmd)
}

// FcntlArg writes fcntl's third argument as the command reads it: fd
// flags for F_SETFD, open flags for F_SETFL, a number otherwise.
func FcntlArg(cmd, arg int) string {
	switch cmd {
	case 2: // F_SETFD
		return FlagsOr0(arg, FDFlagNames)
	case 4: // F_SETFL
		return OpenFlags(arg)
	}
	return strconv.Itoa(arg)
}

// Dev writes a dev_t in Linux's encoding as makedev(major, minor).
func Dev(dev uint64) string {
	major := (dev>>8)&0xfff | (dev>>32)&^0xfff
	minor := dev&0xff | (dev>>12)&^0xff
	return fmt.Sprintf("makedev(%d, %d)", major, minor)
}

// signalNames are the standard signals of linux/amd64 (asm/signal.h).
var signalNames = [...]string{1: "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
	"SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
	"SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ",
	"SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"}

// Signal names a signal number as strace does: Signal(15) = "SIGTERM",
// Signal(32) = "SIGRTMIN", Signal(34) = "SIGRT_2"; 0 (kill's "may I?")
// and numbers past 64 stay numbers.
func Signal(sig int) string {
	switch {
	case sig > 0 && sig < len(signalNames):
		return signalNames[sig]
	case sig == 32:
		return "SIGRTMIN"
	case sig > 32 && sig <= 64:
		return "SIGRT_" + strconv.Itoa(sig-32)
	}
	return strconv.Itoa(sig)
}
