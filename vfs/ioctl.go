package vfs

// The argument types and request numbers of the device ioctls (tty,
// block and tape drivers), with x/sys/unix's names and linux/amd64's
// values and layouts, and the typed helpers x/sys/unix offers around
// ioctl(2). The VFS itself answers only the requests of sys_fd.go; these
// reach the driver behind the File (Ioctler). x/sys/unix has no tape
// types: MtOp and MtGet follow linux/mtio.h.

// Winsize is struct winsize (TIOCGWINSZ, TIOCSWINSZ).
type Winsize struct {
	Row    uint16
	Col    uint16
	Xpixel uint16
	Ypixel uint16
}

// Termios is struct termios as the TCGETS family passes it.
type Termios struct {
	Iflag  uint32
	Oflag  uint32
	Cflag  uint32
	Lflag  uint32
	Line   uint8
	Cc     [19]uint8
	Ispeed uint32
	Ospeed uint32
}

// MtOp is struct mtop, the argument of MTIOCTOP: an operation and how
// many times to do it.
type MtOp struct {
	Op    int16
	Count int32
}

// MtGet is struct mtget, filled by MTIOCGET. Fileno and Blkno are the
// head's position: the file number counted from the start of the tape
// and the block within that file.
type MtGet struct {
	Type   int64
	Resid  int64
	Dsreg  int64
	Gstat  int64
	Erreg  int64
	Fileno int32
	Blkno  int32
}

// Terminal requests (tty_ioctl(4)).
const (
	TCGETS     = 0x5401
	TCSETS     = 0x5402
	TCSETSW    = 0x5403
	TCSETSF    = 0x5404
	TCFLSH     = 0x540b
	TIOCSCTTY  = 0x540e
	TIOCGPGRP  = 0x540f
	TIOCSPGRP  = 0x5410
	TIOCOUTQ   = 0x5411
	TIOCGWINSZ = 0x5413
	TIOCSWINSZ = 0x5414
	TIOCINQ    = FIONREAD
	TIOCGSID   = 0x5429

	// Pseudo-terminal masters (pty(7)): the slave's number, *int32 ...
	TIOCGPTN = 0x80045430
	// ... and its lock, *int32: nonzero locks, 0 unlocks (unlockpt(3)).
	TIOCSPTLCK = 0x40045431
	TIOCGPTLCK = 0x80045439
)

// Termios bits the tty drivers honour or report (termios(3)).
const (
	ICRNL   = 0x100
	IXON    = 0x400
	OPOST   = 0x1
	ONLCR   = 0x4
	B38400  = 0xf
	CS8     = 0x30
	CREAD   = 0x80
	HUPCL   = 0x400
	ISIG    = 0x1
	ICANON  = 0x2
	ECHO    = 0x8
	ECHOE   = 0x10
	ECHOK   = 0x20
	ECHONL  = 0x40
	ECHOCTL = 0x200
	ECHOKE  = 0x800
	IEXTEN  = 0x8000

	VINTR  = 0x0
	VQUIT  = 0x1
	VERASE = 0x2
	VKILL  = 0x3
	VEOF   = 0x4
	VTIME  = 0x5
	VMIN   = 0x6
)

// Block device requests (include/uapi/linux/fs.h).
const (
	BLKGETSIZE   = 0x1260     // size in 512-byte sectors, *uint64 (unsigned long)
	BLKSSZGET    = 0x1268     // logical sector size, *int32
	BLKGETSIZE64 = 0x80081272 // size in bytes, *uint64
)

// Tape requests and operations (linux/mtio.h, st(4)).
const (
	MTIOCTOP = 0x40086d01 // _IOW('m', 1, struct mtop)
	MTIOCGET = 0x80306d02 // _IOR('m', 2, struct mtget)

	MTRESET = 0
	MTFSF   = 1  // forward space over file marks
	MTBSF   = 2  // backward space over file marks
	MTFSR   = 3  // forward space records
	MTBSR   = 4  // backward space records
	MTWEOF  = 5  // write file marks
	MTREW   = 6  // rewind
	MTOFFL  = 7  // rewind and take offline
	MTNOP   = 8  // no operation
	MTEOM   = 12 // go to the end of the recorded media
	MTERASE = 13
)

// IoctlGetWinsize performs a request that fills a Winsize (TIOCGWINSZ).
func (p *Process) IoctlGetWinsize(fd int, req uint) (*Winsize, error) {
	var ws Winsize
	if _, err := p.Ioctl(fd, req, &ws); err != nil {
		return nil, err
	}
	return &ws, nil
}

// IoctlSetWinsize performs a request that reads a Winsize (TIOCSWINSZ).
func (p *Process) IoctlSetWinsize(fd int, req uint, value *Winsize) error {
	if value == nil {
		return EFAULT
	}
	_, err := p.Ioctl(fd, req, value)
	return err
}

// IoctlGetTermios performs a request that fills a Termios (TCGETS).
func (p *Process) IoctlGetTermios(fd int, req uint) (*Termios, error) {
	var t Termios
	if _, err := p.Ioctl(fd, req, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// IoctlSetTermios performs a request that reads a Termios (TCSETS,
// TCSETSW, TCSETSF).
func (p *Process) IoctlSetTermios(fd int, req uint, value *Termios) error {
	if value == nil {
		return EFAULT
	}
	_, err := p.Ioctl(fd, req, value)
	return err
}

// IoctlArg returns an ioctl's argument as the *T the request takes;
// EFAULT for a nil or mistyped one, as the kernel's copy to or from a
// bad user pointer fails. Every driver reads its argument through it,
// so a bad argument is an errno and never a panic.
func IoctlArg[T any](arg any) (*T, error) {
	v, ok := arg.(*T)
	if !ok || v == nil {
		return nil, EFAULT
	}
	return v, nil
}
