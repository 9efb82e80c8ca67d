//go:build linux && amd64

package sysfmt_test

import (
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/internal/sysfmt"
)

// TestTablesHaveTheNumbersOfXSysUnix proves every name in every table
// against its x/sys/unix twin, so the portable tables cannot drift.
func TestTablesHaveTheNumbersOfXSysUnix(t *testing.T) {
	twins := map[string]int{
		"O_TMPFILE": unix.O_TMPFILE, "O_SYNC": unix.O_SYNC, "O_CREAT": unix.O_CREAT, "O_EXCL": unix.O_EXCL,
		"O_NOCTTY": unix.O_NOCTTY, "O_TRUNC": unix.O_TRUNC, "O_APPEND": unix.O_APPEND, "O_NONBLOCK": unix.O_NONBLOCK,
		"O_DSYNC": unix.O_DSYNC, "O_ASYNC": unix.O_ASYNC, "O_DIRECT": unix.O_DIRECT,
		"O_LARGEFILE": 0x8000, // x/sys/unix says 0 on 64-bit, but F_GETFL reports this bit
		"O_DIRECTORY": unix.O_DIRECTORY, "O_NOFOLLOW": unix.O_NOFOLLOW, "O_NOATIME": unix.O_NOATIME,
		"O_CLOEXEC": unix.O_CLOEXEC, "O_PATH": unix.O_PATH,
		"AT_SYMLINK_NOFOLLOW": unix.AT_SYMLINK_NOFOLLOW, "AT_REMOVEDIR": unix.AT_REMOVEDIR,
		"AT_SYMLINK_FOLLOW": unix.AT_SYMLINK_FOLLOW, "AT_NO_AUTOMOUNT": unix.AT_NO_AUTOMOUNT,
		"AT_EMPTY_PATH": unix.AT_EMPTY_PATH, "AT_EACCESS": unix.AT_EACCESS,
		"RENAME_NOREPLACE": unix.RENAME_NOREPLACE, "RENAME_EXCHANGE": unix.RENAME_EXCHANGE,
		"RENAME_WHITEOUT": unix.RENAME_WHITEOUT,
		"RESOLVE_NO_XDEV": unix.RESOLVE_NO_XDEV, "RESOLVE_NO_MAGICLINKS": unix.RESOLVE_NO_MAGICLINKS,
		"RESOLVE_NO_SYMLINKS": unix.RESOLVE_NO_SYMLINKS, "RESOLVE_BENEATH": unix.RESOLVE_BENEATH,
		"RESOLVE_IN_ROOT": unix.RESOLVE_IN_ROOT, "RESOLVE_CACHED": 0x20, // not in x/sys/unix; include/uapi/linux/openat2.h
		"FALLOC_FL_KEEP_SIZE": unix.FALLOC_FL_KEEP_SIZE, "FALLOC_FL_PUNCH_HOLE": unix.FALLOC_FL_PUNCH_HOLE,
		"FALLOC_FL_COLLAPSE_RANGE": unix.FALLOC_FL_COLLAPSE_RANGE, "FALLOC_FL_ZERO_RANGE": unix.FALLOC_FL_ZERO_RANGE,
		"FALLOC_FL_INSERT_RANGE": unix.FALLOC_FL_INSERT_RANGE,
		"R_OK":                   unix.R_OK, "W_OK": unix.W_OK, "X_OK": unix.X_OK, "FD_CLOEXEC": unix.FD_CLOEXEC,
		"MS_RDONLY": unix.MS_RDONLY, "MS_NOSUID": unix.MS_NOSUID, "MS_NODEV": unix.MS_NODEV,
		"MS_NOEXEC": unix.MS_NOEXEC, "MS_SYNCHRONOUS": unix.MS_SYNCHRONOUS, "MS_REMOUNT": unix.MS_REMOUNT,
		"MS_NOATIME": unix.MS_NOATIME, "MS_NODIRATIME": unix.MS_NODIRATIME, "MS_BIND": unix.MS_BIND,
		"MS_MOVE": unix.MS_MOVE, "MS_REC": unix.MS_REC, "MS_PRIVATE": unix.MS_PRIVATE,
		"MS_STRICTATIME": unix.MS_STRICTATIME,
		"MNT_FORCE":      unix.MNT_FORCE, "MNT_DETACH": unix.MNT_DETACH, "MNT_EXPIRE": unix.MNT_EXPIRE,
		"UMOUNT_NOFOLLOW": unix.UMOUNT_NOFOLLOW,
		"S_IFREG":         unix.S_IFREG, "S_IFDIR": unix.S_IFDIR, "S_IFLNK": unix.S_IFLNK, "S_IFCHR": unix.S_IFCHR,
		"S_IFBLK": unix.S_IFBLK, "S_IFIFO": unix.S_IFIFO, "S_IFSOCK": unix.S_IFSOCK,
		"PROT_READ": unix.PROT_READ, "PROT_WRITE": unix.PROT_WRITE, "PROT_EXEC": unix.PROT_EXEC,
		"MAP_SHARED_VALIDATE": unix.MAP_SHARED_VALIDATE, "MAP_SHARED": unix.MAP_SHARED,
		"MAP_PRIVATE": unix.MAP_PRIVATE, "MAP_DROPPABLE": unix.MAP_DROPPABLE, "MAP_FIXED": unix.MAP_FIXED,
		"MAP_ANONYMOUS": unix.MAP_ANONYMOUS, "MAP_GROWSDOWN": unix.MAP_GROWSDOWN,
		"MAP_DENYWRITE": unix.MAP_DENYWRITE, "MAP_EXECUTABLE": unix.MAP_EXECUTABLE,
		"MAP_LOCKED": unix.MAP_LOCKED, "MAP_NORESERVE": unix.MAP_NORESERVE, "MAP_POPULATE": unix.MAP_POPULATE,
		"MAP_NONBLOCK": unix.MAP_NONBLOCK, "MAP_STACK": unix.MAP_STACK, "MAP_HUGETLB": unix.MAP_HUGETLB,
		"MAP_SYNC": unix.MAP_SYNC, "MAP_FIXED_NOREPLACE": unix.MAP_FIXED_NOREPLACE,
	}
	tables := [][]sysfmt.Name{
		sysfmt.OpenFlagNames, sysfmt.AtFlagNames, sysfmt.AccessAtFlagNames, sysfmt.RenameFlagNames,
		sysfmt.ResolveFlagNames, sysfmt.FallocFlagNames, sysfmt.AccessModeNames, sysfmt.Dup3FlagNames,
		sysfmt.FDFlagNames, sysfmt.MountFlagNames, sysfmt.UmountFlagNames, sysfmt.FileTypes,
		sysfmt.ProtNames, sysfmt.MapFlagNames,
	}
	for _, table := range tables {
		for _, n := range table {
			want, ok := twins[n.Name]
			require.Truef(t, ok, "%s has no x/sys/unix twin in this test", n.Name)
			require.Equalf(t, want, n.Bits, "%s", n.Name)
		}
	}
	for cmd, name := range map[int]string{
		unix.F_DUPFD: "F_DUPFD", unix.F_GETFD: "F_GETFD", unix.F_SETFD: "F_SETFD", unix.F_GETFL: "F_GETFL",
		unix.F_SETFL: "F_SETFL", unix.F_DUPFD_CLOEXEC: "F_DUPFD_CLOEXEC",
		unix.F_SETPIPE_SZ: "F_SETPIPE_SZ", unix.F_GETPIPE_SZ: "F_GETPIPE_SZ",
		unix.F_SETOWN: "F_SETOWN", unix.F_GETOWN: "F_GETOWN", unix.F_SETSIG: "F_SETSIG", unix.F_GETSIG: "F_GETSIG",
	} {
		require.Equal(t, name, sysfmt.Fcntl(cmd))
	}
	for w, name := range map[int]string{
		unix.SEEK_SET: "SEEK_SET", unix.SEEK_CUR: "SEEK_CUR", unix.SEEK_END: "SEEK_END",
		unix.SEEK_DATA: "SEEK_DATA", unix.SEEK_HOLE: "SEEK_HOLE",
	} {
		require.Equal(t, name, sysfmt.Whence(w))
	}
	for sig := 1; sig < 32; sig++ {
		require.Equal(t, unix.SignalName(syscall.Signal(sig)), sysfmt.Signal(sig))
	}
	dev := unix.Mkdev(259, 70000)
	require.Equal(t, "makedev(259, 70000)", sysfmt.Dev(dev))
}
