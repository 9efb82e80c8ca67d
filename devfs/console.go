package devfs

import (
	"bytes"
	"io"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// Console is /dev/console (5:1): a terminal whose keyboard is an
// io.Reader and whose screen is an io.Writer. Its line discipline
// (n_tty.go, shared with the pseudo-terminals) honours ICANON (a read returns at most one line, and only a
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

	outMu   sync.Mutex // serializes writes to out (echo and write(2))
	ld      ldisc
	started bool // under ld.mu
}

func newConsole(in io.Reader, out io.Writer) *Console {
	if in == nil {
		in = bytes.NewReader(nil)
	}
	if out == nil {
		out = io.Discard
	}
	c := &Console{in: in, out: out}
	c.ld.init(func(b []byte) { c.write(b) })
	c.ld.kick = c.startLocked
	return c
}

// startLocked runs the reader's goroutine once; ld.mu is held.
func (c *Console) startLocked() {
	if c.started {
		return
	}
	c.started = true
	go c.pump()
}

// pump moves input from the reader into the line discipline (the
// receive half of a serial driver).
func (c *Console) pump() {
	chunk := make([]byte, 4096)
	for {
		n, err := c.in.Read(chunk)
		c.ld.receive(chunk[:n], err != nil)
		if err != nil {
			return
		}
	}
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
	ev := uint32(vfs.POLLOUT)
	if c.ld.readable() {
		ev |= vfs.POLLIN
	}
	return ev & mask
}

// ttyOps is an open console, through /dev/console or /dev/tty.
type ttyOps struct{ c *Console }

func (o ttyOps) Read(_ *vfs.File, b []byte, _ *int64) (int, error)  { return o.c.ld.read(b) }
func (o ttyOps) Write(_ *vfs.File, b []byte, _ *int64) (int, error) { return o.c.write(b) }
func (o ttyOps) Ioctl(_ *vfs.File, p *vfs.Process, req uint, arg any) (int, error) {
	return o.c.ld.ioctl(req, arg)
}
func (o ttyOps) Readiness(_ *vfs.File, mask uint32) uint32 { return o.c.readiness(mask) }
func (o ttyOps) EventQueue(*vfs.File) *vfs.WaitQueue       { return &o.c.ld.q }

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
