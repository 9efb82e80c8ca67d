//go:build linux

package vfs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The constants declared outside abi_consts.go and errno_table.go, each
// with its x/sys/unix twin or, where x/sys/unix has none, the value of
// the Linux header, which TestExtraIoctlsAreTheKernels then asks the
// kernel about.
var extraTwins = []struct {
	name      string
	got, want int64
}{
	{"SIGHUP", SIGHUP, int64(unix.SIGHUP)},
	{"SIGINT", SIGINT, int64(unix.SIGINT)},
	{"SIGQUIT", SIGQUIT, int64(unix.SIGQUIT)},
	{"SIGKILL", SIGKILL, int64(unix.SIGKILL)},
	{"SIGSEGV", SIGSEGV, int64(unix.SIGSEGV)},
	{"SIGUSR1", SIGUSR1, int64(unix.SIGUSR1)},
	{"SIGUSR2", SIGUSR2, int64(unix.SIGUSR2)},
	{"SIGPIPE", SIGPIPE, int64(unix.SIGPIPE)},
	{"SIGALRM", SIGALRM, int64(unix.SIGALRM)},
	{"SIGTERM", SIGTERM, int64(unix.SIGTERM)},
	{"SIGCHLD", SIGCHLD, int64(unix.SIGCHLD)},
	{"SIGIO", SIGIO, int64(unix.SIGIO)},
	{"FIONREAD", FIONREAD, unix.TIOCINQ}, // FIONREAD is TIOCINQ on Linux
	{"FIONBIO", FIONBIO, 0x5421},         // asm-generic/ioctls.h
	{"FIOASYNC", FIOASYNC, 0x5452},
	{"FIOCLEX", FIOCLEX, 0x5451},
	{"FIONCLEX", FIONCLEX, 0x5450},
	{"PIPE_BUF", PIPE_BUF, 4096},             // include/uapi/linux/limits.h
	{"NR_OPEN", NR_OPEN, 1 << 20},            // fs/file.c sysctl_nr_open default
	{"RESOLVE_CACHED", RESOLVE_CACHED, 0x20}, // include/uapi/linux/openat2.h
	{"ATTR_MODE", ATTR_MODE, 1 << 0},         // include/linux/fs.h: kernel-internal, no uapi twin
	{"ATTR_UID", ATTR_UID, 1 << 1},
	{"ATTR_GID", ATTR_GID, 1 << 2},
	{"ATTR_ATIME", ATTR_ATIME, 1 << 4},
	{"ATTR_MTIME", ATTR_MTIME, 1 << 5},
	{"RLIM_INFINITY", int64(RLIM_INFINITY & (1<<63 - 1)), int64(unix.RLIM_INFINITY & (1<<63 - 1))}, // all ones
}

func TestExtraTwinsEqual(t *testing.T) {
	for _, c := range extraTwins {
		require.Equalf(t, c.want, c.got, "%s", c.name)
	}
}

// TestEveryExportedConstantHasATwin parses every source file of the
// package: an exported constant must be in one of the twin tables.
func TestEveryExportedConstantHasATwin(t *testing.T) {
	covered := make(map[string]bool)
	for _, c := range abiTwins {
		covered[c.name] = true
	}
	for _, c := range errnoTwins {
		covered[c.got.Name()] = true
	}
	for _, c := range extraTwins {
		covered[c.name] = true
	}
	for _, c := range ioctlTwins {
		covered[c.name] = true
	}
	for _, c := range timerTwins {
		covered[c.name] = true
	}
	for _, c := range anonTwins {
		covered[c.name] = true
	}
	// The tracer's levels are govfs's own: no kernel constant to match;
	// nor has a wake-up without a key (NoKey), which is a NULL pointer
	// in Linux.
	for _, name := range []string{"TraceSyscalls", "TraceLayers", "TraceWalk", "NoKey"} {
		covered[name] = true
	}
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		for name, alias := range exportedConsts(t, file) {
			if alias != "" && covered[alias] {
				continue // EWOULDBLOCK = EAGAIN and the like
			}
			require.Truef(t, covered[name], "%s (%s) has no x/sys/unix twin in a test table", name, file)
		}
	}
}

// TestExtraIoctlsAreTheKernels checks the header values x/sys/unix lacks
// by using them on a real fd: FIOCLEX/FIONCLEX flip FD_CLOEXEC, FIONBIO
// and FIOASYNC flip O_NONBLOCK and O_ASYNC.
func TestExtraIoctlsAreTheKernels(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	fd := int(r.Fd())
	getfd := func() int { v, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); return v }
	getfl := func() int { v, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); return v }
	require.NoError(t, unix.IoctlSetInt(fd, FIONCLEX, 0))
	require.Zero(t, getfd()&unix.FD_CLOEXEC)
	require.NoError(t, unix.IoctlSetInt(fd, FIOCLEX, 0))
	require.NotZero(t, getfd()&unix.FD_CLOEXEC)
	require.NoError(t, unix.IoctlSetPointerInt(fd, FIONBIO, 1))
	require.NotZero(t, getfl()&unix.O_NONBLOCK)
	require.NoError(t, unix.IoctlSetPointerInt(fd, FIONBIO, 0))
	require.Zero(t, getfl()&unix.O_NONBLOCK)
	require.NoError(t, unix.IoctlSetPointerInt(fd, FIOASYNC, 1))
	require.NotZero(t, getfl()&unix.O_ASYNC)
	require.NoError(t, unix.IoctlSetPointerInt(fd, FIOASYNC, 0))
	w.Write([]byte("abc"))
	n, err := unix.IoctlGetInt(fd, FIONREAD)
	require.NoError(t, err)
	require.Equal(t, 3, n)
}
