package pipefs

import (
	"sync"
	"sync/atomic"

	"github.com/govfs/govfs/vfs"
)

const pageSize = 4096

// pipe is the buffer both ends share (struct pipe_inode_info). As in
// Linux it is a ring of page-sized slots, 16 by default, each holding
// part of a page; counting slots rather than bytes is what makes a pipe
// of 100-byte writes hold 64000 bytes, not 65536, and is what poll's
// POLLOUT means ("a slot is free").
//
//	tail                      head
//	 │                         │
//	[page 0: off..fill] [page 1] [page 2: fill < 4096, may merge] [free] ...
//
// A write first merges its last len%4096 bytes into the newest page if
// they fit there whole and it may merge, then fills fresh pages; so a
// write of at most PIPE_BUF bytes lands in one page and is atomic. A
// packet-mode (O_DIRECT) write makes pages that never merge and are
// read one per read(2).
//
// Linux serialises both ends on one mutex. Here the writers have a lock
// and the readers another, and the two sides meet only in atomics, so
// that a writer and a reader on two CPUs do not hand a lock's cache line
// to each other on every message: that hand-off, not the copying, was
// what a 64-byte message cost. The writer owns head and what it has not
// yet published; the reader owns tail and the offset into the oldest
// page; a slot's state word is where they meet:
//
//	state = fill | slotPacket | slotClosed
//
// The writer raises fill to add bytes to the newest slot, only while it
// is not closed, and publishes new slots by moving head, every few pages
// and at the end of each write; the reader, having read the newest slot
// up to fill, closes it with a compare-and-swap of the value it read,
// which fails if the writer added bytes meanwhile. So a merge and the
// freeing of the page it merges into never both happen. Older slots are
// final, and the reader gives them back without a word to the writer
// but the one store of tail at the end of each read. Each side keeps
// its last view of the other's index and reloads it only when that view
// says empty (the reader) or full (the writer): while the reader trails
// the writer, they share no line but the data's.
type pipe struct {
	// The writers' side: wmu serialises writers (PIPE_BUF atomicity),
	// and, with rmu, a resize.
	wmu   sync.Mutex
	wHead uint // head, as only the writer changes it
	wTail uint // the tail the writer last saw
	// wLast is how full the newest page was when the last write that
	// could not merge into it looked: what the next page will likely
	// take before it is read or filled (touchW).
	wLast int
	_     [32]byte

	// The readers' side.
	rmu   sync.Mutex
	rTail uint // tail, as only the reader changes it
	rHead uint // the head the reader last saw
	rOff  int  // bytes of slot rTail already read
	rFill int  // the fill of slot rTail the reader last saw
	rPkt  bool // slot rTail is a packet
	// rStream says the writer was seen merging into a slot while the
	// reader read it: small writes stream in, and the reader lingers
	// (settleR, linger). rGrew says so of slot rTail.
	rStream bool
	rGrew   bool
	_       [16]byte

	head atomic.Uint64 // slots < head are published (the writer's stores)
	_    [56]byte
	tail atomic.Uint64 // slots < tail are free (the reader's stores)
	_    [56]byte

	bufs  []pipeBuf     // the ring; len(bufs) is the slot count (max_usage)
	slots atomic.Uint32 // len(bufs), for poll, which takes neither lock

	// Who has it open: changed under mu, read without it.
	mu       sync.Mutex
	readers  atomic.Int32
	writers  atomic.Int32
	rCounter int          // opens for reading ever (FIFO rendezvous)
	wCounter atomic.Int64 // opens for writing ever
	q        vfs.WaitQueue

	// betweenTailAndHead, if set, runs in settleR between giving a slot
	// back and looking at head: a test puts a writer's steps there.
	betweenTailAndHead func()
}

// pipeBuf is one slot (struct pipe_buffer), a cache line of its own. The
// page stays with the slot once allocated, so a busy pipe allocates
// nothing. The bytes of a slot are page[off:fill], off being the
// reader's rOff for the oldest slot and 0 for the others.
type pipeBuf struct {
	page  []byte
	state atomic.Uint32
	_     [36]byte
}

const (
	slotFill   = 1<<16 - 1 // bytes written into the page
	slotPacket = 1 << 16   // PIPE_BUF_FLAG_PACKET; otherwise CAN_MERGE
	slotClosed = 1 << 17   // read to the end and given back: no merging
)

func newPipe() *pipe {
	p := &pipe{}
	p.setRing(make([]pipeBuf, defaultSize/pageSize), 0)
	return p
}

// setRing installs bufs, whose first n slots hold data, with tail at 0;
// the slots after them are closed, so the slot before head when the
// ring is empty takes no merge.
func (p *pipe) setRing(bufs []pipeBuf, n uint) {
	for i := n; i < uint(len(bufs)); i++ {
		bufs[i].state.Store(slotClosed)
	}
	p.bufs = bufs
	p.slots.Store(uint32(len(bufs)))
	p.wHead, p.wTail, p.rTail, p.rHead = n, 0, 0, n
	p.head.Store(uint64(n))
	p.tail.Store(0)
}

// slot returns slot i of the ring. The slot count is a power of two
// (newPipe, roundPipeSize), so the wrap is a mask, not a division.
func (p *pipe) slot(i uint) *pipeBuf { return &p.bufs[i&uint(len(p.bufs)-1)] }

// used, empty and full are for poll and the diagram: a moment's view.
func (p *pipe) used() int      { return int(p.head.Load() - p.tail.Load()) }
func (p *pipe) empty() bool    { return p.head.Load() == p.tail.Load() }
func (p *pipe) full() bool     { return p.used() >= int(p.slots.Load()) }
func (p *pipe) size() int      { return int(p.slots.Load()) * pageSize }
func (p *pipe) hasRoomW() bool { return p.wHead-p.wTail < uint(len(p.bufs)) }

// bytesR is what FIONREAD reports; the caller holds rmu.
func (p *pipe) bytesR() int {
	n := -p.rOff
	for i, h := p.rTail, uint(p.head.Load()); i != h; i++ {
		n += int(p.slot(i).state.Load() & slotFill)
	}
	return max(n, 0)
}

// mergeW adds src to the newest page if it fits there whole, the page may
// take more, and the reader has not closed it (the first step of
// pipe_write). The caller holds wmu.
func (p *pipe) mergeW(src []byte) bool {
	b := p.slot(p.wHead - 1)
	s := b.state.Load()
	fill := int(s & slotFill)
	if s&(slotPacket|slotClosed) != 0 || fill+len(src) > pageSize {
		p.wLast = fill
		return false
	}
	copy(b.page[fill:], src)
	// Fails only if the reader closed the slot after reading its old
	// fill: what was copied past that is then never read.
	return b.state.CompareAndSwap(s, s+uint32(len(src)))
}

// pushW fills a fresh slot with up to a page of src; publishW makes it
// visible. The caller holds wmu and has checked that a slot is free.
func (p *pipe) pushW(src []byte, packet bool) int {
	b := p.slot(p.wHead)
	if b.page == nil {
		b.page = make([]byte, pageSize)
	}
	n := copy(b.page, src)
	s := uint32(n)
	if packet {
		s |= slotPacket
	}
	b.state.Store(s)
	p.wHead++
	if n < pageSize {
		p.touchW(max(n, p.wLast))
	}
	return n
}

// touchW writes the first bytes of the next free page, as many as the
// last page took, when small writes are about to be merged into this
// one. The reader still has that page in its cache from the ring's last
// lap, and a write to a line another CPU holds waits for that CPU to let
// it go; each merge ends in a compare-and-swap, which waits for the
// writes before it, so writing 64 bytes at a time would wait out one
// such trip per message. Cleared now, in one go, the lines make their
// trips together. Clearing as much as the last page took keeps the cost
// in proportion: a whole page when a stream of small writes fills pages,
// a line when a reader that keeps up takes every message at once.
func (p *pipe) touchW(n int) {
	if p.hasRoomW() {
		if pg := p.slot(p.wHead).page; pg != nil {
			clear(pg[:min((n+63)&^63, pageSize)])
		}
	}
}

// publishW makes the slots pushed so far visible to readers.
func (p *pipe) publishW() { p.head.Store(uint64(p.wHead)) }

// roomW says whether a slot is free, looking at the reader's tail only
// when the writer's last view of it says full. The caller holds wmu.
func (p *pipe) roomW() bool {
	if p.hasRoomW() {
		return true
	}
	p.wTail = uint(p.tail.Load())
	return p.hasRoomW()
}

// readR moves buffered bytes into dst across slots (pipe_read): a packet
// slot ends the read, and what of it did not fit is discarded. It gives
// the slots it emptied back at the end, in one store, and reports
// whether that made room in a full pipe, whose writer may be waiting.
// linger says the reader may wait actively (linger.go). The caller
// holds rmu.
func (p *pipe) readR(dst []byte, linger bool) (total int, wasFull bool) {
	start := p.rTail
	for total < len(dst) {
		if p.rOff == p.rFill && !p.nextR() {
			break
		}
		b := p.slot(p.rTail)
		c := copy(dst[total:], b.page[p.rOff:p.rFill])
		total += c
		p.rOff += c
		packet := p.rPkt
		if packet {
			p.rOff = p.rFill
		}
		if p.rOff == p.rFill {
			p.settleR(linger && !packet, start)
		}
		if packet {
			break
		}
	}
	if p.rTail == start {
		return total, false
	}
	return total, p.publishR(start)
}

// nextR starts on the oldest slot, looking at head if the reader's last
// view of it says empty; it reports whether there is a slot to read.
// Every slot between tail and head holds unread bytes: the reader gives
// a slot back as soon as it has read it to its fill (settleR).
func (p *pipe) nextR() bool {
	if p.rTail == p.rHead {
		p.rHead = uint(p.head.Load())
		if p.rTail == p.rHead {
			return false
		}
	}
	s := p.slot(p.rTail).state.Load()
	p.rFill, p.rPkt = int(s&slotFill), s&slotPacket != 0
	return p.rOff < p.rFill
}

// settleR runs when the reader has read the oldest slot up to the fill
// it saw: if the writer has merged more since, the reader takes the new
// fill; if not, it empties the slot, as pipe_read frees an empty buffer,
// so that the next write takes a fresh page. start is the tail when the
// read began (publishR).
//
// Only the newest slot can still grow, and only it must be closed, with
// a compare-and-swap that fails if a merge came first: the writer merges
// into no other. Looking at its fill takes the line the writer merges
// into, and costs the writer's next merge a trip of that line between
// CPUs. While the writer streams into it, a reader that has caught up
// would look once per message; lingering first lets the writer merge a
// batch, and the look then moves one line for all of it.
func (p *pipe) settleR(linger bool, start uint) {
	b := p.slot(p.rTail)
	newest := p.rTail+1 == p.rHead && p.rTail+1 == uint(p.head.Load())
	if newest && linger && p.rStream && lingering() {
		if p.rTail != start {
			p.publishR(start) // the writer may be waiting for those
		}
		spin(lingerLook)
	}
	s := b.state.Load()
	if fill := int(s & slotFill); fill > p.rFill || newest && !b.state.CompareAndSwap(s, s|slotClosed) {
		// Merged meanwhile (the compare-and-swap fails only then).
		p.rFill = int(b.state.Load() & slotFill)
		p.rStream, p.rGrew = true, true
		return
	}
	if !p.rGrew {
		p.rStream = false // this slot was read in one piece
	}
	p.rTail++
	p.rOff, p.rFill, p.rPkt, p.rGrew = 0, 0, false, false
}

// publishR gives the slots emptied since tail was start back to the
// writer, and reports whether that made room in a full pipe.
func (p *pipe) publishR(start uint) (wasFull bool) {
	// Give the slots back before looking at head: a writer that found
	// the pipe full loaded tail after storing the head that filled it,
	// so if it missed this store, this load sees that head and the
	// reader wakes it (the writer sleeps only after looking again).
	p.tail.Store(uint64(p.rTail))
	if p.betweenTailAndHead != nil {
		p.betweenTailAndHead()
	}
	return uint(p.head.Load())-start >= uint(len(p.bufs))
}

// resize changes the slot count (pipe_resize_ring), keeping the data; it
// takes both sides' locks. It fails with EBUSY if the data would not fit.
func (p *pipe) resize(slots int) error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	p.rmu.Lock()
	defer p.rmu.Unlock()
	head := uint(p.head.Load())
	if slots < int(head-p.rTail) {
		return vfs.EBUSY
	}
	bufs := make([]pipeBuf, slots)
	n := uint(0)
	for i := p.rTail; i != head; i++ {
		old := p.slot(i)
		bufs[n].page = old.page
		bufs[n].state.Store(old.state.Load())
		n++
	}
	off, fill, pkt := p.rOff, p.rFill, p.rPkt
	p.setRing(bufs, n)
	p.rOff, p.rFill, p.rPkt = off, fill, pkt
	return nil
}
