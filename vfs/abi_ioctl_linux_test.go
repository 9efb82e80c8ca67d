//go:build linux

package vfs

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// ioctlTwins are ioctl.go's constants: x/sys/unix's where it has them,
// linux/mtio.h's values for the tape (x/sys/unix has no tape requests).
var ioctlTwins = []struct {
	name      string
	got, want int64
}{
	{"TCGETS", TCGETS, unix.TCGETS},
	{"TCSETS", TCSETS, unix.TCSETS},
	{"TCSETSW", TCSETSW, unix.TCSETSW},
	{"TCSETSF", TCSETSF, unix.TCSETSF},
	{"TCFLSH", TCFLSH, unix.TCFLSH},
	{"TIOCSCTTY", TIOCSCTTY, unix.TIOCSCTTY},
	{"TIOCGPGRP", TIOCGPGRP, unix.TIOCGPGRP},
	{"TIOCSPGRP", TIOCSPGRP, unix.TIOCSPGRP},
	{"TIOCOUTQ", TIOCOUTQ, unix.TIOCOUTQ},
	{"TIOCGWINSZ", TIOCGWINSZ, unix.TIOCGWINSZ},
	{"TIOCGPTN", TIOCGPTN, unix.TIOCGPTN},
	{"TIOCSPTLCK", TIOCSPTLCK, unix.TIOCSPTLCK},
	{"TIOCGPTLCK", TIOCGPTLCK, unix.TIOCGPTLCK},
	{"TIOCSWINSZ", TIOCSWINSZ, unix.TIOCSWINSZ},
	{"TIOCINQ", TIOCINQ, unix.TIOCINQ},
	{"TIOCGSID", TIOCGSID, unix.TIOCGSID},
	{"ICRNL", ICRNL, unix.ICRNL},
	{"IXON", IXON, unix.IXON},
	{"OPOST", OPOST, unix.OPOST},
	{"ONLCR", ONLCR, unix.ONLCR},
	{"B38400", B38400, unix.B38400},
	{"CS8", CS8, unix.CS8},
	{"CREAD", CREAD, unix.CREAD},
	{"HUPCL", HUPCL, unix.HUPCL},
	{"ISIG", ISIG, unix.ISIG},
	{"ICANON", ICANON, unix.ICANON},
	{"ECHO", ECHO, unix.ECHO},
	{"ECHOE", ECHOE, unix.ECHOE},
	{"ECHOK", ECHOK, unix.ECHOK},
	{"ECHONL", ECHONL, unix.ECHONL},
	{"ECHOCTL", ECHOCTL, unix.ECHOCTL},
	{"ECHOKE", ECHOKE, unix.ECHOKE},
	{"IEXTEN", IEXTEN, unix.IEXTEN},
	{"VINTR", VINTR, unix.VINTR},
	{"VQUIT", VQUIT, unix.VQUIT},
	{"VERASE", VERASE, unix.VERASE},
	{"VKILL", VKILL, unix.VKILL},
	{"VEOF", VEOF, unix.VEOF},
	{"VTIME", VTIME, unix.VTIME},
	{"VMIN", VMIN, unix.VMIN},
	{"BLKGETSIZE", BLKGETSIZE, unix.BLKGETSIZE},
	{"BLKSSZGET", BLKSSZGET, unix.BLKSSZGET},
	{"BLKGETSIZE64", BLKGETSIZE64, unix.BLKGETSIZE64},
	{"MTIOCTOP", MTIOCTOP, 0x40086d01}, // _IOW('m', 1, struct mtop)
	{"MTIOCGET", MTIOCGET, 0x80306d02}, // _IOR('m', 2, struct mtget)
	{"MTRESET", MTRESET, 0},
	{"MTFSF", MTFSF, 1},
	{"MTBSF", MTBSF, 2},
	{"MTFSR", MTFSR, 3},
	{"MTBSR", MTBSR, 4},
	{"MTWEOF", MTWEOF, 5},
	{"MTREW", MTREW, 6},
	{"MTOFFL", MTOFFL, 7},
	{"MTNOP", MTNOP, 8},
	{"MTEOM", MTEOM, 12},
	{"MTERASE", MTERASE, 13},
}

func TestIoctlTwinsEqual(t *testing.T) {
	for _, c := range ioctlTwins {
		require.Equalf(t, c.want, c.got, "%s", c.name)
	}
}

// TestIoctlStructLayouts: Winsize and Termios have x/sys/unix's
// layout; MtOp and MtGet linux/mtio.h's on amd64 (struct mtop is 8
// bytes, struct mtget 48, which the request numbers encode too).
func TestIoctlStructLayouts(t *testing.T) {
	var ws Winsize
	var uws unix.Winsize
	require.Equal(t, unsafe.Sizeof(uws), unsafe.Sizeof(ws))
	require.Equal(t, unsafe.Offsetof(uws.Ypixel), unsafe.Offsetof(ws.Ypixel))
	var tm Termios
	var utm unix.Termios
	require.Equal(t, unsafe.Sizeof(utm), unsafe.Sizeof(tm))
	require.Equal(t, unsafe.Offsetof(utm.Line), unsafe.Offsetof(tm.Line))
	require.Equal(t, unsafe.Offsetof(utm.Cc), unsafe.Offsetof(tm.Cc))
	require.Equal(t, unsafe.Offsetof(utm.Ispeed), unsafe.Offsetof(tm.Ispeed))
	require.Equal(t, unsafe.Offsetof(utm.Ospeed), unsafe.Offsetof(tm.Ospeed))
	var op MtOp
	require.EqualValues(t, 8, unsafe.Sizeof(op))
	require.EqualValues(t, 4, unsafe.Offsetof(op.Count))
	require.EqualValues(t, MTIOCTOP>>16&0x3fff, unsafe.Sizeof(op))
	var g MtGet
	require.EqualValues(t, 48, unsafe.Sizeof(g))
	require.EqualValues(t, 40, unsafe.Offsetof(g.Fileno))
	require.EqualValues(t, MTIOCGET>>16&0x3fff, unsafe.Sizeof(g))
}
