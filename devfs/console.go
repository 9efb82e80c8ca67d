package devfs

import (
	"bytes"
	"io"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// Console is /dev/console (5:1): a terminal whose keyboard is an
// io.Reader and whose screen is an io.Writer. Its line discipline
// (n_tty) honours ICANON (a read returns at most one line, and only a
// whole one, or what is left at end of input), ECHO (input is written
// back to the output as it arrives) and ICRNL (a carriage return reads
// as a newline). Output is written as is: OPOST and ONLCR are reported
// as Linux sets them but left to the host terminal behind the writer.
//
// The reader is read by one goroutine, started by the first read,
// poll, FIONREAD or TCSETS* (until then input waits in the reader,
// unechoed, so a program that boots govfs on os.Stdin and never reads
// the console leaves its stdin alone). It ends when the reader returns
// an error or io.EOF; a reader that never returns (a terminal's
// os.Stdin) keeps it for the life of the program, as a Read blocked in
// the os package cannot be cancelled.
type Console struct {
	in  io.Reader
	out io.Writer

	outMu sync.Mutex // serializes writes to out (echo and write(2))

	mu      sync.Mutex
	termios vfs.Termios
	winsize vfs.Winsize
	buf     []byte // received, not yet read
	eof     bool   // the reader is done: reads drain buf, then return 0
	started bool
	q       vfs.WaitQueue
}

func newConsole(in io.Reader, out io.Writer) *Console {
	if in == nil {
		in = bytes.NewReader(nil)
	}
	if out == nil {
		out = io.Discard
	}
	c := &Console{in: in, out: out, termios: defaultTermios, winsize: vfs.Winsize{Row: 24, Col: 80}}
	return c
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

// startLocked runs the reader's goroutine once.
func (c *Console) startLocked() {
	if c.started {
		return
	}
	c.started = true
	go c.pump()
}

// pump moves input from the reader into the buffer (the receive half
// of n_tty). With ECHO the input is written back before a read can see
// it, so what a program prints after reading comes after the echo.
func (c *Console) pump() {
	chunk := make([]byte, 4096)
	for {
		n, err := c.in.Read(chunk)
		c.mu.Lock()
		in := chunk[:n]
		if c.termios.Iflag&vfs.ICRNL != 0 {
			in = bytes.ReplaceAll(in, []byte{'\r'}, []byte{'\n'})
		}
		echo := c.termios.Lflag&vfs.ECHO != 0
		c.mu.Unlock()
		if echo && n > 0 {
			c.write(in)
		}
		c.mu.Lock()
		c.buf = append(c.buf, in...)
		if err != nil {
			c.eof = true
		}
		c.mu.Unlock()
		c.q.Notify(vfs.POLLIN)
		if err != nil {
			return
		}
	}
}

// available is how many bytes a read may take now: a whole line in
// canonical mode (all that is left at end of input), anything in raw.
func (c *Console) availableLocked() (n int, ready bool) {
	if c.termios.Lflag&vfs.ICANON == 0 {
		return len(c.buf), len(c.buf) > 0 || c.eof
	}
	if i := bytes.IndexByte(c.buf, '\n'); i >= 0 {
		return i + 1, true
	}
	if c.eof {
		return len(c.buf), true
	}
	return 0, false
}

func (c *Console) read(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.startLocked()
	n, ready := c.availableLocked()
	if !ready {
		return 0, vfs.EAGAIN
	}
	n = copy(b, c.buf[:n])
	c.buf = c.buf[n:]
	return n, nil
}

func (c *Console) write(b []byte) (int, error) {
	c.outMu.Lock()
	defer c.outMu.Unlock()
	if _, err := c.out.Write(b); err != nil {
		return 0, vfs.EIO
	}
	return len(b), nil
}

func (c *Console) readiness(mask uint32) uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.startLocked()
	ev := uint32(vfs.POLLOUT)
	if _, ready := c.availableLocked(); ready {
		ev |= vfs.POLLIN
	}
	return ev & mask
}

// ioctl answers the terminal requests of tty_ioctl(4).
func (c *Console) ioctl(p *vfs.Process, req uint, arg any) (int, error) {
	switch req {
	case vfs.TCGETS:
		t, err := vfs.IoctlArg[vfs.Termios](arg)
		if err != nil {
			return -1, err
		}
		c.mu.Lock()
		*t = c.termios
		c.mu.Unlock()
	case vfs.TCSETS, vfs.TCSETSW, vfs.TCSETSF:
		t, err := vfs.IoctlArg[vfs.Termios](arg)
		if err != nil {
			return -1, err
		}
		c.mu.Lock()
		c.startLocked()
		c.termios = *t
		if req == vfs.TCSETSF {
			c.buf = nil // flush pending input; output is never pending
		}
		c.mu.Unlock()
		c.q.Notify(vfs.POLLIN) // a switch to raw mode may make input readable
	case vfs.TIOCGWINSZ:
		w, err := vfs.IoctlArg[vfs.Winsize](arg)
		if err != nil {
			return -1, err
		}
		c.mu.Lock()
		*w = c.winsize
		c.mu.Unlock()
	case vfs.TIOCSWINSZ:
		w, err := vfs.IoctlArg[vfs.Winsize](arg)
		if err != nil {
			return -1, err
		}
		c.mu.Lock()
		c.winsize = *w
		c.mu.Unlock()
	case vfs.FIONREAD, vfs.TIOCOUTQ:
		v, err := vfs.IoctlArg[int32](arg)
		if err != nil {
			return -1, err
		}
		c.mu.Lock()
		c.startLocked()
		n, _ := c.availableLocked()
		c.mu.Unlock()
		if req == vfs.TIOCOUTQ {
			n = 0 // output is written through at once
		}
		*v = int32(n)
	case vfs.TIOCGPGRP, vfs.TIOCGSID:
		v, err := vfs.IoctlArg[int32](arg)
		if err != nil {
			return -1, err
		}
		// govfs has no sessions or process groups: the console's
		// session and foreground group are init's, pid 1.
		*v = 1
	default:
		return -1, vfs.ENOTTY
	}
	return 0, nil
}

// ttyOps is an open console, through /dev/console or /dev/tty.
type ttyOps struct{ c *Console }

func (o ttyOps) Read(_ *vfs.File, b []byte, _ *int64) (int, error)  { return o.c.read(b) }
func (o ttyOps) Write(_ *vfs.File, b []byte, _ *int64) (int, error) { return o.c.write(b) }
func (o ttyOps) Ioctl(_ *vfs.File, p *vfs.Process, req uint, arg any) (int, error) {
	return o.c.ioctl(p, req, arg)
}
func (o ttyOps) Readiness(_ *vfs.File, mask uint32) uint32 { return o.c.readiness(mask) }
func (o ttyOps) EventQueue(*vfs.File) *vfs.WaitQueue       { return &o.c.q }

// ttyDriver opens 5:0 (/dev/tty, the caller's controlling terminal)
// and 5:1 (/dev/console). govfs has no sessions, so every process's
// controlling terminal is the console: /dev/tty is the console, where
// Linux says ENXIO to a process without one.
type ttyDriver struct{ c *Console }

func (d ttyDriver) OpenSpecial(f *vfs.File, _ *vfs.Process) (vfs.FileOperations, error) {
	f.SetStream() // tty_fops: no_llseek
	return ttyOps{d.c}, nil
}

func registerTTY(k *vfs.Kernel, fs *FS) error {
	if err := k.RegisterCharDevice(vfs.Device{Name: "/dev/tty", Major: 5, Minor: 0, Count: 2, Driver: ttyDriver{fs.Console}}); err != nil {
		return err
	}
	if err := fs.AddNode(Node{Name: "tty", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(5, 0)}); err != nil {
		return err
	}
	return fs.AddNode(Node{Name: "console", Mode: vfs.S_IFCHR | 0o600, Rdev: vfs.Mkdev(5, 1)})
}
