package pipefs

import (
	"sync"

	"github.com/govfs/govfs/vfs"
)

const pageSize = 4096

// pipe is the buffer both ends share (struct pipe_inode_info). As in
// Linux it is a ring of page-sized slots, 16 by default and always a
// power of two, each holding part of a page; counting slots rather than
// bytes is what makes a pipe of 100-byte writes hold 64000 bytes, not
// 65536, and is what poll's POLLOUT means ("a slot is free").
//
//	tail                      head
//	 │                         │
//	[page 0: off..end] [page 1] [page 2: end < 4096, CAN_MERGE] [free] ...
//
// A write first merges its last len%4096 bytes into the newest page if
// they fit there whole and it may merge, then fills fresh pages; so a
// write of at most PIPE_BUF bytes lands in one page and is atomic. A
// packet-mode (O_DIRECT) write makes pages that never merge and are
// read one per read(2).
//
// A reader and a writer on two cores hand the first cache line of the
// pipe back and forth with the lock, so that line holds all a small
// read or write changes: the indices, where the unread data of the
// oldest page starts (off) and where the data of the newest page ends
// (end). Only the oldest page is ever read from, so every other page's
// data starts at 0; and only the newest is written to, so its pipeBuf
// keeps its end only once a newer page follows. The ring's own lines
// are then written once per page, not once per call, and a message
// moves two lines between the cores, the lock's and its data's.
type pipe struct {
	mu      sync.Mutex
	bufs    []pipeBuf // the ring; len(bufs) is the slot count (max_usage)
	head    uint      // next slot to fill
	tail    uint      // oldest full slot
	off     uint32    // start of the unread data in slot tail; 0 when empty
	end     uint32    // end of the data in slot head-1 (its pipeBuf's end is stale)
	readers int32
	writers int32
	// The first line ends here.
	rCounter int // opens for reading ever (FIFO rendezvous)
	wCounter int // opens for writing ever
	q        vfs.WaitQueue
	_        [8]byte // 128 bytes, a size class whose objects start on a line
}

// pipeBuf is one slot (struct pipe_buffer). The page stays with the slot
// once allocated, so a busy pipe allocates nothing.
type pipeBuf struct {
	page   []byte
	end    int  // where the data ends, unless this is slot head-1 (pipe.end)
	packet bool // PIPE_BUF_FLAG_PACKET; otherwise PIPE_BUF_FLAG_CAN_MERGE
}

func newPipe() *pipe { return &pipe{bufs: make([]pipeBuf, defaultSize/pageSize)} }

// slot returns slot i of the ring; the count is a power of two, so the
// wrap is a mask, not a division.
func (p *pipe) slot(i uint) *pipeBuf { return &p.bufs[i&uint(len(p.bufs)-1)] }

func (p *pipe) usedLocked() int   { return int(p.head - p.tail) }
func (p *pipe) emptyLocked() bool { return p.head == p.tail }
func (p *pipe) fullLocked() bool  { return p.usedLocked() >= len(p.bufs) }
func (p *pipe) sizeLocked() int   { return len(p.bufs) * pageSize }

// spanLocked returns where the unread data of full slot i starts and ends.
func (p *pipe) spanLocked(i uint) (start, end int) {
	if i == p.tail {
		start = int(p.off)
	}
	if i == p.head-1 {
		return start, int(p.end)
	}
	return start, p.slot(i).end
}

// bytesLocked is what FIONREAD reports.
func (p *pipe) bytesLocked() int {
	n := 0
	for i := p.tail; i != p.head; i++ {
		start, end := p.spanLocked(i)
		n += end - start
	}
	return n
}

// mergeLocked adds src to the newest page if it fits there whole and the
// page may take more (the first step of pipe_write).
func (p *pipe) mergeLocked(src []byte) bool {
	if p.emptyLocked() {
		return false
	}
	b := p.slot(p.head - 1)
	if b.packet || int(p.end)+len(src) > pageSize {
		return false
	}
	p.end += uint32(copy(b.page[p.end:], src))
	return true
}

// pushLocked fills a fresh slot with up to a page of src; the caller has
// checked that a slot is free.
func (p *pipe) pushLocked(src []byte, packet bool) int {
	if !p.emptyLocked() {
		p.slot(p.head - 1).end = int(p.end) // no longer the newest
	}
	b := p.slot(p.head)
	if b.page == nil {
		b.page = make([]byte, pageSize)
	}
	if b.packet != packet {
		b.packet = packet
	}
	n := copy(b.page, src)
	p.end = uint32(n)
	p.head++
	return n
}

// readLocked moves buffered bytes into dst across slots (pipe_read): a
// packet slot ends the read, and what of it did not fit is discarded.
func (p *pipe) readLocked(dst []byte) int {
	total := 0
	for !p.emptyLocked() && total < len(dst) {
		start, end := p.spanLocked(p.tail)
		b := p.slot(p.tail)
		c := copy(dst[total:], b.page[start:end])
		total += c
		p.off += uint32(c)
		if b.packet || start+c == end {
			p.tail++
			p.off = 0
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
	// off and end stay with the oldest and the newest slot.
	p.bufs, p.tail, p.head = bufs, 0, n
}
