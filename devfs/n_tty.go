package devfs

import (
	"bytes"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// ldisc is a terminal's line discipline (drivers/tty/n_tty.c), shared
// by the console and the pseudo-terminal slaves: a termios and window
// size, and the input received and not yet read. Input arrives through
// receive (from the console's reader, or from writes to a pty master);
// ICRNL turns a carriage return into a newline, ECHO writes the input
// back through echo before a read can see it, and ICANON makes a read
// wait for a whole line. Erase and kill characters, signals and flow
// control are not modelled.
//
//	console reader ─┐                     ┌─▶ read(2) of the console / slave
//	master write(2) ┴▶ receive ─▶ buf ────┘
//	                      └─ ECHO ─▶ echo: the console's writer / the master's read side
type ldisc struct {
	// echo writes echoed input to the terminal's output. It is called
	// without mu held.
	echo func([]byte)
	// kick, if set, is called with mu held by everything that wants
	// input: the console starts its reader's goroutine there.
	kick func()

	mu      sync.Mutex
	termios vfs.Termios
	winsize vfs.Winsize
	buf     []byte // received, not yet read
	eof     bool   // no more input: reads drain buf, then return 0
	q       vfs.WaitQueue
}

func (l *ldisc) init(echo func([]byte)) {
	l.echo = echo
	l.termios = defaultTermios
	l.winsize = vfs.Winsize{Row: 24, Col: 80}
}

// defaultTermios is tty_std_termios: what a fresh Linux tty reports.
var defaultTermios = vfs.Termios{
	Iflag:  vfs.ICRNL | vfs.IXON,
	Oflag:  vfs.OPOST | vfs.ONLCR,
	Cflag:  vfs.B38400 | vfs.CS8 | vfs.CREAD | vfs.HUPCL,
	Lflag:  vfs.ISIG | vfs.ICANON | vfs.ECHO | vfs.ECHOE | vfs.ECHOK | vfs.ECHOCTL | vfs.ECHOKE | vfs.IEXTEN,
	Cc:     [19]uint8{3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22},
	Ispeed: 38400,
	Ospeed: 38400,
}

func (l *ldisc) kickLocked() {
	if l.kick != nil {
		l.kick()
	}
}

// receive takes input (n_tty_receive_buf); end says no more will come.
// With ECHO the input is written back before a read can see it, so
// what a program prints after reading comes after the echo.
func (l *ldisc) receive(in []byte, end bool) {
	l.mu.Lock()
	if l.termios.Iflag&vfs.ICRNL != 0 && bytes.IndexByte(in, '\r') >= 0 {
		in = bytes.ReplaceAll(in, []byte{'\r'}, []byte{'\n'})
	}
	echo := l.termios.Lflag&vfs.ECHO != 0
	l.mu.Unlock()
	if echo && len(in) > 0 {
		l.echo(in)
	}
	l.mu.Lock()
	l.buf = append(l.buf, in...)
	if end {
		l.eof = true
	}
	l.mu.Unlock()
	l.q.Notify(vfs.POLLIN)
}

// availableLocked is how many bytes a read may take now: a whole line
// in canonical mode (all that is left at end of input), anything in
// raw mode.
func (l *ldisc) availableLocked() (n int, ready bool) {
	if l.termios.Lflag&vfs.ICANON == 0 {
		return len(l.buf), len(l.buf) > 0 || l.eof
	}
	if i := bytes.IndexByte(l.buf, '\n'); i >= 0 {
		return i + 1, true
	}
	if l.eof {
		return len(l.buf), true
	}
	return 0, false
}

// read takes what availableLocked allows; EAGAIN (the VFS then waits
// on q) when nothing may be read yet.
func (l *ldisc) read(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.kickLocked()
	n, ready := l.availableLocked()
	if !ready {
		return 0, vfs.EAGAIN
	}
	n = copy(b, l.buf[:n])
	l.buf = l.buf[n:]
	return n, nil
}

// readable reports whether a read would not wait.
func (l *ldisc) readable() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.kickLocked()
	_, ready := l.availableLocked()
	return ready
}

// opost is the output processing of OPOST: ONLCR writes a newline as
// a carriage return and a newline.
func (l *ldisc) opost(b []byte) []byte {
	l.mu.Lock()
	onlcr := l.termios.Oflag&(vfs.OPOST|vfs.ONLCR) == vfs.OPOST|vfs.ONLCR
	l.mu.Unlock()
	if !onlcr || bytes.IndexByte(b, '\n') < 0 {
		return b
	}
	return bytes.ReplaceAll(b, []byte{'\n'}, []byte{'\r', '\n'})
}

// ioctl answers the terminal requests of tty_ioctl(4); ENOTTY for the
// rest.
func (l *ldisc) ioctl(req uint, arg any) (int, error) {
	switch req {
	case vfs.TCGETS:
		t, err := vfs.IoctlArg[vfs.Termios](arg)
		if err != nil {
			return -1, err
		}
		l.mu.Lock()
		*t = l.termios
		l.mu.Unlock()
	case vfs.TCSETS, vfs.TCSETSW, vfs.TCSETSF:
		t, err := vfs.IoctlArg[vfs.Termios](arg)
		if err != nil {
			return -1, err
		}
		l.mu.Lock()
		l.kickLocked()
		l.termios = *t
		if req == vfs.TCSETSF {
			l.buf = nil // flush pending input; output is never pending
		}
		l.mu.Unlock()
		l.q.Notify(vfs.POLLIN) // a switch to raw mode may make input readable
	case vfs.TIOCGWINSZ:
		w, err := vfs.IoctlArg[vfs.Winsize](arg)
		if err != nil {
			return -1, err
		}
		l.mu.Lock()
		*w = l.winsize
		l.mu.Unlock()
	case vfs.TIOCSWINSZ:
		w, err := vfs.IoctlArg[vfs.Winsize](arg)
		if err != nil {
			return -1, err
		}
		l.mu.Lock()
		l.winsize = *w
		l.mu.Unlock()
	case vfs.FIONREAD, vfs.TIOCOUTQ:
		v, err := vfs.IoctlArg[int32](arg)
		if err != nil {
			return -1, err
		}
		l.mu.Lock()
		l.kickLocked()
		n, _ := l.availableLocked()
		l.mu.Unlock()
		if req == vfs.TIOCOUTQ {
			n = 0 // output is passed on at once
		}
		*v = int32(n)
	case vfs.TIOCGPGRP, vfs.TIOCGSID:
		v, err := vfs.IoctlArg[int32](arg)
		if err != nil {
			return -1, err
		}
		// govfs has no sessions or process groups: a terminal's
		// session and foreground group are init's, pid 1.
		*v = 1
	default:
		return -1, vfs.ENOTTY
	}
	return 0, nil
}
