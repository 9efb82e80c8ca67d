package devfs

import (
	"sync"

	"github.com/govfs/govfs/vfs"
)

// Pseudo-terminals (pty(7), drivers/tty/pty.c). Opening /dev/ptmx
// (5:2) makes a pair: the fd is the master, and /dev/pts/N (136:N) is
// the slave, locked until the master unlocks it (TIOCSPTLCK with 0,
// what unlockpt(3) does; grantpt(3) has nothing to do on devpts).
// TIOCGPTN on the master gives N.
//
//	master write(2) ─▶ slave's ldisc (ICRNL, ECHO, ICANON) ─▶ slave read(2)
//	master read(2)  ◀─ out ◀─ OPOST/ONLCR ◀─ slave write(2), and the echo
//
// The slave has the console's line discipline (n_tty.go); the master
// has none: what it reads is the slave's output after OPOST, and the
// termios requests on it go to the slave's, as Linux's do. Once every
// slave fd is closed the master reads what is left, then EIO, and
// polls POLLHUP; its writes still succeed, held for the slave, which
// may be opened again and reads them then. Once the master is closed the pair is hung up: the slave node
// is gone, slave reads return 0 and slave writes EIO.

const (
	ptmxMajor, ptmxMinor = 5, 2
	ptsMajor             = 136 // UNIX98_PTY_SLAVE_MAJOR
	nrPtys               = 1 << 20
)

// pty is one pair.
type pty struct {
	fs    *ptsFS
	index int
	node  *vfs.Inode // /dev/pts/N
	ld    ldisc      // the slave's

	mu          sync.Mutex
	out         []byte // for the master to read
	outQ        vfs.WaitQueue
	locked      bool
	slaves      int    // open slave Files
	otherClosed bool   // the slave was opened and every fd of it closed (TTY_OTHER_CLOSED)
	held        []byte // master writes while otherClosed: the slave's ldisc takes them when it opens again
	hungUp      bool   // the master is closed
}

// output queues b for the master: the slave's writes and the echo.
func (pt *pty) output(b []byte) {
	pt.mu.Lock()
	pt.out = append(pt.out, b...)
	pt.mu.Unlock()
	pt.outQ.Notify(vfs.POLLIN)
}

// ptmxDriver opens 5:2: a new pair, in the devpts found at "pts" beside
// the node (devpts_acquire), or the devpts the node itself is in.
type ptmxDriver struct{ fs *ptsFS }

func (d ptmxDriver) OpenSpecial(f *vfs.File, t *vfs.Process) (vfs.FileOperations, error) {
	if err := d.acquire(f, t); err != nil {
		return nil, err
	}
	pt := &pty{fs: d.fs, locked: true}
	pt.ld.init(func(b []byte) { pt.output(pt.ld.opost(b)) })
	c := t.Cred()
	d.fs.add(pt, c.Fsuid, c.Fsgid)
	f.SetStream()
	return &masterOps{pt: pt}, nil
}

// acquire checks that the node opened is devpts's own ptmx or has a
// devpts mounted at "pts" beside it: ENOENT if there is no pts,
// ENODEV if it is not devpts.
func (d ptmxDriver) acquire(f *vfs.File, t *vfs.Process) error {
	at := f.Path()
	if at.Mnt.SuperBlock() == d.fs.sb {
		return nil
	}
	dir := t.DPath(vfs.Path{Mnt: at.Mnt, Dentry: at.Dentry.Parent()})
	pts, err := t.LookupPath(vfs.AT_FDCWD, dir+"/pts", 0)
	if err != nil {
		return vfs.ENOENT
	}
	defer pts.Put()
	if pts.Mnt.SuperBlock() != d.fs.sb || pts.Dentry != pts.Mnt.Root() {
		return vfs.ENODEV
	}
	return nil
}

// masterOps is an open master.
type masterOps struct{ pt *pty }

func (o *masterOps) Read(_ *vfs.File, b []byte, _ *int64) (int, error) {
	pt := o.pt
	pt.mu.Lock()
	defer pt.mu.Unlock()
	switch {
	case len(pt.out) > 0:
		n := copy(b, pt.out)
		pt.out = pt.out[n:]
		return n, nil
	case pt.otherClosed:
		return 0, vfs.EIO
	}
	return 0, vfs.EAGAIN
}

// Write is input to the slave; it is taken whole, even with the slave
// closed (the terminal's input buffer is not modelled as full).
func (o *masterOps) Write(_ *vfs.File, b []byte, _ *int64) (int, error) {
	pt := o.pt
	pt.mu.Lock()
	if pt.otherClosed {
		pt.held = append(pt.held, b...)
		pt.mu.Unlock()
		return len(b), nil
	}
	pt.mu.Unlock()
	pt.ld.receive(b, false)
	return len(b), nil
}

func (o *masterOps) Readiness(_ *vfs.File, mask uint32) uint32 {
	pt := o.pt
	pt.mu.Lock()
	defer pt.mu.Unlock()
	ev := uint32(vfs.POLLOUT)
	if len(pt.out) > 0 || pt.otherClosed {
		ev |= vfs.POLLIN
	}
	if pt.otherClosed {
		ev |= vfs.POLLHUP
	}
	return ev & mask
}

func (o *masterOps) EventQueue(*vfs.File) *vfs.WaitQueue { return &o.pt.outQ }

// Ioctl answers the pty requests; the termios ones are the slave's.
func (o *masterOps) Ioctl(_ *vfs.File, _ *vfs.Process, req uint, arg any) (int, error) {
	pt := o.pt
	switch req {
	case vfs.TIOCGPTN, vfs.TIOCGPTLCK, vfs.TIOCSPTLCK, vfs.FIONREAD:
		v, err := vfs.IoctlArg[int32](arg)
		if err != nil {
			return -1, err
		}
		pt.mu.Lock()
		defer pt.mu.Unlock()
		switch req {
		case vfs.TIOCGPTN:
			*v = int32(pt.index)
		case vfs.TIOCGPTLCK:
			*v = 0
			if pt.locked {
				*v = 1
			}
		case vfs.TIOCSPTLCK:
			pt.locked = *v != 0
		case vfs.FIONREAD:
			*v = int32(len(pt.out))
		}
		return 0, nil
	}
	return pt.ld.ioctl(req, arg)
}

// Release hangs the pair up: the slave node goes, its reads end.
func (o *masterOps) Release(*vfs.File) {
	pt := o.pt
	pt.fs.remove(pt)
	pt.mu.Lock()
	pt.hungUp = true
	pt.mu.Unlock()
	pt.ld.receive(nil, true)
	pt.ld.q.Notify(vfs.POLLHUP)
}

// ptsDriver opens the slaves, 136:N. A node of that number outside
// devpts, or of a pair that is gone, opens nothing: EIO
// (pts_unix98_lookup); so does a slave still locked.
type ptsDriver struct{ fs *ptsFS }

func (d ptsDriver) OpenSpecial(f *vfs.File, _ *vfs.Process) (vfs.FileOperations, error) {
	pt := d.fs.lookup(f.Inode())
	if pt == nil {
		return nil, vfs.EIO
	}
	pt.mu.Lock()
	if pt.locked || pt.hungUp {
		pt.mu.Unlock()
		return nil, vfs.EIO
	}
	pt.slaves++
	pt.otherClosed = false
	held := pt.held
	pt.held = nil
	pt.mu.Unlock()
	if len(held) > 0 {
		pt.ld.receive(held, false) // echoed now, as Linux pushes the buffer on open
	}
	f.SetStream()
	return &slaveOps{pt: pt}, nil
}

// slaveOps is an open slave: the line discipline's end.
type slaveOps struct{ pt *pty }

func (o *slaveOps) Read(_ *vfs.File, b []byte, _ *int64) (int, error) { return o.pt.ld.read(b) }

func (o *slaveOps) Write(_ *vfs.File, b []byte, _ *int64) (int, error) {
	pt := o.pt
	pt.mu.Lock()
	hungUp := pt.hungUp
	pt.mu.Unlock()
	if hungUp {
		return 0, vfs.EIO
	}
	pt.output(pt.ld.opost(b))
	return len(b), nil
}

func (o *slaveOps) Readiness(_ *vfs.File, mask uint32) uint32 {
	ev := uint32(vfs.POLLOUT)
	if o.pt.ld.readable() {
		ev |= vfs.POLLIN
	}
	o.pt.mu.Lock()
	if o.pt.hungUp {
		ev |= vfs.POLLHUP
	}
	o.pt.mu.Unlock()
	return ev & mask
}

func (o *slaveOps) EventQueue(*vfs.File) *vfs.WaitQueue { return &o.pt.ld.q }

func (o *slaveOps) Ioctl(_ *vfs.File, _ *vfs.Process, req uint, arg any) (int, error) {
	return o.pt.ld.ioctl(req, arg)
}

// Release of the last slave fd tells the master (TTY_OTHER_CLOSED).
func (o *slaveOps) Release(*vfs.File) {
	pt := o.pt
	pt.mu.Lock()
	pt.slaves--
	if pt.slaves == 0 {
		pt.otherClosed = true
	}
	pt.mu.Unlock()
	pt.outQ.Notify(vfs.POLLIN | vfs.POLLHUP)
}

// registerPty adds devpts, the ptmx driver and node, and the slaves'
// driver, whose nodes only devpts makes.
func registerPty(k *vfs.Kernel, fs *FS) error {
	pts, err := newPtsFS(k)
	if err != nil {
		return err
	}
	if err := fs.AddNode(Node{Name: "ptmx", Mode: vfs.S_IFCHR | 0o666, Rdev: vfs.Mkdev(ptmxMajor, ptmxMinor)}); err != nil {
		return err
	}
	if err := k.RegisterCharDevice(vfs.Device{Name: "/dev/ptmx", Major: ptmxMajor, Minor: ptmxMinor, Count: 1, Driver: ptmxDriver{pts}}); err != nil {
		return err
	}
	fs.mu.Lock()
	fs.named[devNum{vfs.S_IFCHR, vfs.Mkdev(ptsMajor, 0)}] = true // devpts names them
	fs.mu.Unlock()
	return k.RegisterCharDevice(vfs.Device{Name: "pts", Major: ptsMajor, Count: nrPtys, Driver: ptsDriver{pts}})
}
