package anonfs

import (
	"slices"
	"strconv"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// epoll(7): an interest list and a ready list as a file (fs/eventpoll.c).
//
//	epoll File ──▶ eventpoll
//	                 ├─ items: (File, fd) ──▶ epitem{events, data}
//	                 │      each with a callback Waiter on its File's
//	                 │      EventQueue and a hook on its File's release
//	                 ├─ rdllist: the epitems whose File notified since
//	                 │      they were last reported (ready list)
//	                 ├─ wq: epoll_wait's sleepers
//	                 └─ q: whoever polls the epoll fd itself (an
//	                        outer epoll, poll(2))
//
// Nothing scans the interest list. A watched File's Notify calls its
// epitem's callback (ep_poll_callback), which puts the epitem on the
// ready list and wakes q; epoll_wait takes epitems off the ready list,
// asks each File's Readiness, and reports those with events. So a
// wait costs O(ready), however many fds are watched. A level-triggered
// epitem that had events goes back to the tail of the ready list, to
// be asked again next time: that is Linux's round robin, and how it
// keeps reporting a file that stays ready. An edge-triggered one waits
// for its next callback; a one-shot one is disabled until EPOLL_CTL_MOD.
//
// An epitem belongs to the open File, not to the fd: it holds no
// reference (a watched fd can be closed at any time), and it goes when
// the File's last reference does (File.OnRelease, Linux's
// eventpoll_release), or with EPOLL_CTL_DEL, or with the epoll itself.
// So closing an fd whose File a dup keeps open leaves the interest, and
// its events, alive: the classic surprise.
//
// An EPOLLEXCLUSIVE interest's callback is exclusive on its File's
// queue: an event runs the exclusive callbacks of the epolls watching
// the File, oldest interest first, until one finds a sleeper in its
// epoll_wait to wake. The epolls after it never hear of the event.
//
// Locks, outermost first: eventpoll.mtx (ep->mtx: the interest list,
// epoll_ctl, each scan of the ready list); the nesting graph's mutex
// (epnested_mutex); a watched File's WaitQueue lock, under which the
// callback runs; eventpoll.lock (ep->lock: the ready list and each
// epitem's events). An epoll watching another takes the outer's mtx
// before the inner's, never the reverse: cycles are refused (ELOOP).

// epPrivateBits are the flags of an interest that are no events
// (EP_PRIVATE_BITS); they are never asked of a file nor reported.
const epPrivateBits = vfs.EPOLLWAKEUP | vfs.EPOLLONESHOT | vfs.EPOLLET | vfs.EPOLLEXCLUSIVE

func init() {
	registrations = append(registrations, func(k *vfs.Kernel, fs *FS) error {
		return k.RegisterEpoll(&epollMaker{fs: fs})
	})
}

// epollMaker makes epoll instances; the nesting graph of one kernel's
// instances is its own.
type epollMaker struct {
	fs   *FS
	nest nestGraph
}

// EpollCreate is epoll_create1(2)'s maker: flags is 0 or EPOLL_CLOEXEC.
func (m *epollMaker) EpollCreate(p *vfs.Process, flags int) (*vfs.File, error) {
	if flags&^vfs.EPOLL_CLOEXEC != 0 {
		return nil, vfs.EINVAL
	}
	ep := &eventpoll{m: m, items: make(map[epKey]*epitem)}
	return m.fs.NewFile("[eventpoll]", vfs.O_RDWR, ep), nil
}

// eventpoll is struct eventpoll, the File's operations.
type eventpoll struct {
	noopSeek
	m  *epollMaker
	wq vfs.WaitQueue // ep->wq: epoll_wait's sleepers
	q  vfs.WaitQueue // ep->poll_wait: outer epolls, poll(2)

	mtx   sync.Mutex
	items map[epKey]*epitem // nil once released
	seq   uint64            // numbers the epitems in order of insertion

	lock sync.Mutex
	rdl  readyList
}

var (
	_ vfs.Eventpoll      = (*eventpoll)(nil)
	_ vfs.Poller         = (*eventpoll)(nil)
	_ vfs.Releaser       = (*eventpoll)(nil)
	_ vfs.FdinfoShower   = (*eventpoll)(nil)
	_ vfs.Seeker         = (*eventpoll)(nil)
	_ vfs.Ioctler        = (*eventpoll)(nil)
	_ vfs.NoReadWriter   = (*eventpoll)(nil)
	_ vfs.FileOperations = (*eventpoll)(nil)
)

// epKey is what an interest is found by (struct epoll_filefd): the open
// File and the fd it was added through.
type epKey struct {
	f  *vfs.File
	fd int
}

// An epoll fd cannot be read or written (it has no read or write
// method, so Linux says EINVAL).
func (*eventpoll) Read(*vfs.File, []byte, *int64) (int, error)  { return 0, vfs.EINVAL }
func (*eventpoll) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EINVAL }

// NoReadWrite says so to readv and writev, which are EINVAL even of an
// empty vector.
func (*eventpoll) NoReadWrite() {}

// Ioctl is ep_eventpoll_ioctl: it knows only the busy-poll parameters
// (EPIOCSPARAMS, EPIOCGPARAMS), which govfs has no busy polling for, and
// says EINVAL to every request, where a file without ioctl says ENOTTY.
func (*eventpoll) Ioctl(*vfs.File, *vfs.Process, uint, any) (int, error) { return 0, vfs.EINVAL }

// EventQueue is where an outer epoll's callback sits and poll(2)
// sleeps: notified each time an epitem's callback fires.
func (ep *eventpoll) EventQueue(*vfs.File) *vfs.WaitQueue { return &ep.q }

// Sleepers is where epoll_wait sleeps: notified with EventQueue.
func (ep *eventpoll) Sleepers(*vfs.File) *vfs.WaitQueue { return &ep.wq }

// Readiness is ep_eventpoll_poll: POLLIN|POLLRDNORM when an epitem on
// the ready list has events now. Those found without events leave the
// list on the way, as Linux's scan drops them.
func (ep *eventpoll) Readiness(_ *vfs.File, mask uint32) uint32 {
	ep.mtx.Lock()
	defer ep.mtx.Unlock()
	for {
		// Off the list while it is asked, so that a callback meanwhile
		// puts it back rather than finding it there and doing nothing.
		ep.lock.Lock()
		epi := ep.rdl.popFront()
		ep.lock.Unlock()
		if epi == nil {
			return 0
		}
		if epi.poll() != 0 {
			ep.lock.Lock()
			if !epi.linked {
				ep.rdl.pushFront(epi)
			}
			ep.lock.Unlock()
			return (vfs.POLLIN | vfs.EPOLLRDNORM) & mask
		}
	}
}

// Release is ep_free: the epoll's last reference went, so every
// interest goes, its callbacks off their queues and its release hooks
// stopped.
func (ep *eventpoll) Release(*vfs.File) {
	ep.mtx.Lock()
	defer ep.mtx.Unlock()
	for _, epi := range ep.items {
		ep.removeLocked(epi)
	}
	ep.items = nil
}

// ShowFdinfo adds ep_show_fdinfo's line for each interest, in the order
// of the fds (Linux walks its tree of (file, fd)):
//
//	tfd:        5 events:       19 data:        900000007  pos:0 ino:40e sdev:10
func (ep *eventpoll) ShowFdinfo(_ *vfs.File, b []byte) []byte {
	ep.mtx.Lock()
	items := make([]*epitem, 0, len(ep.items))
	for _, epi := range ep.items {
		items = append(items, epi)
	}
	lines := make([][]byte, 0, len(items))
	slices.SortFunc(items, func(a, b *epitem) int {
		if a.key.fd != b.key.fd {
			return a.key.fd - b.key.fd
		}
		return int(a.seq) - int(b.seq)
	})
	for _, epi := range items {
		ep.lock.Lock()
		ev := epi.event
		ep.lock.Unlock()
		lines = append(lines, epi.fdinfo(ev))
	}
	ep.mtx.Unlock()
	for _, l := range lines {
		b = append(b, l...)
	}
	return b
}

func (epi *epitem) fdinfo(ev vfs.EpollEvent) []byte {
	f := epi.key.f
	ino := f.Inode()
	dev := ino.SuperBlock().Dev()
	data := uint64(uint32(ev.Fd)) | uint64(uint32(ev.Pad))<<32
	var b []byte
	b = append(b, "tfd: "...)
	b = appendPadded(b, strconv.Itoa(epi.key.fd), 8)
	b = append(b, " events: "...)
	b = appendPadded(b, strconv.FormatUint(uint64(ev.Events), 16), 8)
	b = append(b, " data: "...)
	b = appendPadded(b, strconv.FormatUint(data, 16), 16)
	b = append(b, "  pos:"...)
	b = strconv.AppendInt(b, f.Pos(), 10)
	b = append(b, " ino:"...)
	b = strconv.AppendUint(b, ino.Ino(), 16)
	b = append(b, " sdev:"...)
	// s_dev in the kernel's own encoding, MKDEV(major, minor).
	b = strconv.AppendUint(b, uint64(vfs.Major(dev))<<20|uint64(vfs.Minor(dev)), 16)
	return append(b, '\n')
}
