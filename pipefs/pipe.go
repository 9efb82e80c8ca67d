package pipefs

import (
	"sync"

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
//	[page 0: off..off+n] [page 1] [page 2: n < 4096, CAN_MERGE] [free] ...
//
// A write first merges its last len%4096 bytes into the newest page if
// they fit there whole and it may merge, then fills fresh pages; so a
// write of at most PIPE_BUF bytes lands in one page and is atomic. A
// packet-mode (O_DIRECT) write makes pages that never merge and are
// read one per read(2).
type pipe struct {
	mu       sync.Mutex
	bufs     []pipeBuf // the ring; len(bufs) is the slot count (max_usage)
	head     uint      // next slot to fill
	tail     uint      // oldest full slot
	readers  int
	writers  int
	rCounter int // opens for reading ever (FIFO rendezvous)
	wCounter int // opens for writing ever
	q        vfs.WaitQueue
	// last is how full the newest page was when the last write that
	// could not merge into it looked: what the next page will likely
	// take before it is read or filled (clearAhead).
	last int
}

// pipeBuf is one slot (struct pipe_buffer). The page stays with the slot
// once allocated, so a busy pipe allocates nothing.
type pipeBuf struct {
	page   []byte
	off, n int
	packet bool // PIPE_BUF_FLAG_PACKET; otherwise PIPE_BUF_FLAG_CAN_MERGE
}

func newPipe() *pipe { return &pipe{bufs: make([]pipeBuf, defaultSize/pageSize)} }

// slot returns slot i of the ring. The slot count is a power of two
// (newPipe, roundPipeSize), so the wrap is a mask, not the division per
// call that a modulo by a length is.
func (p *pipe) slot(i uint) *pipeBuf { return &p.bufs[i&uint(len(p.bufs)-1)] }

func (p *pipe) usedLocked() int   { return int(p.head - p.tail) }
func (p *pipe) emptyLocked() bool { return p.head == p.tail }
func (p *pipe) fullLocked() bool  { return p.usedLocked() >= len(p.bufs) }
func (p *pipe) sizeLocked() int   { return len(p.bufs) * pageSize }

// bytesLocked is what FIONREAD reports.
func (p *pipe) bytesLocked() int {
	n := 0
	for i := p.tail; i != p.head; i++ {
		n += p.slot(i).n
	}
	return n
}

// mergeLocked adds src to the newest page if it fits there whole and the
// page may take more (the first step of pipe_write).
func (p *pipe) mergeLocked(src []byte) bool {
	if p.emptyLocked() {
		p.last = 0
		return false
	}
	b := p.slot(p.head - 1)
	if b.packet || b.off+b.n+len(src) > pageSize {
		p.last = b.off + b.n
		return false
	}
	copy(b.page[b.off+b.n:], src)
	b.n += len(src)
	return true
}

// pushLocked fills a fresh slot with up to a page of src; the caller has
// checked that a slot is free.
func (p *pipe) pushLocked(src []byte, packet bool) int {
	b := p.slot(p.head)
	if b.page == nil {
		b.page = make([]byte, pageSize)
	}
	b.off, b.packet = 0, packet
	b.n = copy(b.page, src)
	p.head++
	if b.n < pageSize {
		p.clearAhead(max(b.n, p.last))
	}
	return b.n
}

// clearAhead writes the first n bytes (rounded up to cache lines) of
// the next free page, if there is one, when small writes are about to
// be merged into the page just started. A reader on another CPU still
// has the next page in its cache from the ring's last lap, and a write
// to a line another CPU holds waits for that CPU to let it go; the
// unlock that ends every write waits for the writes before it, so
// 64-byte writes would each wait out one such trip. Written now, in one
// go, the lines make their trips together. Clearing as much as the last
// page took keeps the cost in proportion to the use: a page per page
// when a stream of small writes fills pages, a line per message when a
// reader takes each message as it comes.
func (p *pipe) clearAhead(n int) {
	if p.fullLocked() {
		return
	}
	if pg := p.slot(p.head).page; pg != nil {
		clear(pg[:min((n+63)&^63, pageSize)])
	}
}

// readLocked moves buffered bytes into dst across slots (pipe_read): a
// packet slot ends the read, and what of it did not fit is discarded.
func (p *pipe) readLocked(dst []byte) int {
	total := 0
	for !p.emptyLocked() && total < len(dst) {
		b := p.slot(p.tail)
		c := copy(dst[total:], b.page[b.off:b.off+b.n])
		total += c
		b.off += c
		b.n -= c
		if b.packet {
			b.n = 0
		}
		if b.n == 0 {
			p.tail++
		}
		if b.packet {
			break
		}
	}
	return total
}

// resizeLocked changes the slot count (pipe_resize_ring), keeping the
// data; the caller has checked it fits and that slots is a power of two.
func (p *pipe) resizeLocked(slots int) {
	bufs := make([]pipeBuf, slots)
	n := uint(0)
	for i := p.tail; i != p.head; i++ {
		bufs[n] = *p.slot(i)
		n++
	}
	p.bufs, p.tail, p.head = bufs, 0, n
}
