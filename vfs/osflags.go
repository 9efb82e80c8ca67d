package vfs

import "os"

// The Go-idiomatic layer takes the os package's open flags, whose values
// are the host's: on darwin os.O_CREATE is 0x200, which is Linux's
// O_TRUNC. linuxOpenFlags turns them into the Linux flags the kernel
// model speaks, so code written for os.OpenFile means the same here on
// every platform.

// openFlagMap pairs a host flag with its Linux twin.
type openFlagMap struct{ host, linux int }

// osOpenFlags are the flags every platform's os package names, then the
// host's own syscall flags that Linux shares (hostOpenFlags, one file per
// platform). Composite flags come before their parts: on Linux O_SYNC
// holds O_DSYNC's bit.
var osOpenFlags = append([]openFlagMap{
	{os.O_APPEND, O_APPEND}, {os.O_CREATE, O_CREAT}, {os.O_EXCL, O_EXCL},
	{os.O_SYNC, O_SYNC}, {os.O_TRUNC, O_TRUNC},
}, hostOpenFlags...)

// linuxOpenFlags translates host os.O_* flags to Linux's. A bit that no
// table names is EINVAL: guessing would turn a darwin bit into some
// unrelated Linux flag.
func linuxOpenFlags(flag int) (int, error) { return translateOpenFlags(flag, osOpenFlags) }

func translateOpenFlags(flag int, table []openFlagMap) (int, error) {
	const accmode = os.O_RDONLY | os.O_WRONLY | os.O_RDWR
	var out int
	switch flag & accmode {
	case os.O_RDONLY:
		out = O_RDONLY
	case os.O_WRONLY:
		out = O_WRONLY
	case os.O_RDWR:
		out = O_RDWR
	default:
		out = O_ACCMODE // Linux's "no read, no write, check both" mode 3
	}
	rest := flag &^ accmode
	for _, m := range table {
		if m.host != 0 && rest&m.host == m.host {
			out |= m.linux
			rest &^= m.host
		}
	}
	if rest != 0 {
		return 0, EINVAL
	}
	return out, nil
}
