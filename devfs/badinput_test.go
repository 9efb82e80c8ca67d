package devfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestIoctlBadArguments: every request with a nil, typed-nil or
// wrong-typed argument, on every kind of file, is an errno (EFAULT for
// the argument, ENOTTY or EINVAL for a request the file does not know),
// never a panic.
func TestIoctlBadArguments(t *testing.T) {
	_, p := boot(t)
	fds := map[string]int{}
	for _, path := range []string{"/dev/null", "/dev/zero", "/dev/urandom", "/dev/console", "/dev/tty", "/dev/ram0", "/dev/nst0", "/tmp"} {
		fds[path] = open(t, p, path, vfs.O_RDONLY)
	}
	f, err := p.Open("/tmp/f", vfs.O_RDWR|vfs.O_CREAT, 0o644)
	require.NoError(t, err)
	fds["file"] = f
	fds["ptmx"] = open(t, p, "/dev/ptmx", vfs.O_RDWR)
	m := open(t, p, "/dev/ptmx", vfs.O_RDWR)
	require.NoError(t, p.IoctlSetPointerInt(m, vfs.TIOCSPTLCK, 0))
	fds["pts"] = open(t, p, "/dev/pts/1", vfs.O_RDWR)
	pipe := make([]int, 2)
	require.NoError(t, p.Pipe(pipe))
	fds["pipe"] = pipe[0]
	for name, st := range map[string][2]int{
		"unix socket": {vfs.AF_UNIX, vfs.SOCK_STREAM}, "tcp socket": {vfs.AF_INET, vfs.SOCK_STREAM},
		"udp socket": {vfs.AF_INET, vfs.SOCK_DGRAM},
	} {
		fd, err := p.Socket(st[0], st[1], 0)
		require.NoError(t, err)
		fds[name] = fd
	}
	reqs := []uint{vfs.FIONREAD, vfs.FIONBIO, vfs.FIOASYNC, vfs.TCGETS, vfs.TCSETS, vfs.TCSETSF, vfs.TIOCGWINSZ,
		vfs.TIOCSWINSZ, vfs.TIOCGPGRP, vfs.BLKGETSIZE64, vfs.BLKGETSIZE, vfs.BLKSSZGET, vfs.MTIOCTOP, vfs.MTIOCGET,
		vfs.TIOCGPTN, vfs.TIOCSPTLCK, vfs.TIOCGPTLCK, 0xdead}
	args := []any{nil, (*int32)(nil), (*uint64)(nil), (*vfs.Termios)(nil), (*vfs.Winsize)(nil), (*vfs.MtOp)(nil),
		(*vfs.MtGet)(nil), "junk", 42}
	for name, fd := range fds {
		for _, req := range reqs {
			for _, arg := range args {
				_, err := p.Ioctl(fd, req, arg)
				require.Error(t, err, "%s %#x %T", name, req, arg)
				e, ok := err.(vfs.Errno)
				require.True(t, ok, "%s %#x %T: %v", name, req, arg, err)
				require.Contains(t, []vfs.Errno{vfs.EFAULT, vfs.ENOTTY, vfs.EINVAL}, e, "%s %#x %T", name, req, arg)
			}
		}
	}
}
