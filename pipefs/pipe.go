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
//	tail                             head
//	 │                                │
//	[page 0: roff..n] [page 1: 0..n] [page 2: 0..wend, CAN_MERGE] [free] ...
//
// A write first merges its last len%4096 bytes into the newest page if
// they fit there whole and it may merge, then fills fresh pages; so a
// write of at most PIPE_BUF bytes lands in one page and is atomic. A
// packet-mode (O_DIRECT) write makes pages that never merge and are
// read one per read(2).
type pipe struct {
	mu   sync.Mutex
	bufs []pipeBuf // the ring; len(bufs) is the slot count (max_usage)
	head uint      // next slot to fill
	tail uint      // oldest full slot
	// roff is where the unread bytes of the tail slot start, wend where
	// the bytes of the newest slot (head-1) end. They are the only
	// fields a read or a merged write changes, so they live on the
	// lock's line, which both sides take anyway: a reader and a writer
	// on two CPUs then hand each other one line per call besides the
	// data, not also the slot they meet in.
	roff, wend int
	// The fields above fill the first 64 bytes (TestPipeLayout).

	readers  int
	writers  int
	rCounter int // opens for reading ever (FIFO rendezvous)
	wCounter int // opens for writing ever
	// Linux's two queues: rd_wait, where the read ends wait and are
	// polled, and wr_wait, the write ends'. An end open for both (a
	// FIFO opened O_RDWR) is on both there; here on bq, which every
	// wake-up of either reaches (wakeReaders, wakeWriters).
	rq, wq, bq vfs.WaitQueue
	// fasync holds the ends with O_ASYNC (fasync_readers and
	// fasync_writers); nil until the first.
	fasync atomic.Pointer[pipeFasync]
	// last is how full the newest page was when the last write that
	// could not merge into it looked: what the next page will likely
	// take before it is read or filled (clearAhead).
	last int
	// The padding makes the pipe 256 bytes, a size class whose objects
	// start on a line, so that the first line is the lock's alone.
	_ [24]byte
}

// pipeFasync is what a pipe's SIGIO goes to: the ends with O_ASYNC
// that read, and those that write.
type pipeFasync struct{ readers, writers vfs.FasyncList }

// sigio signals the owners of the reading ends with O_ASYNC (a write
// happened, or the last writer left) or of the writing ones.
func (p *pipe) sigio(readers bool) {
	fa := p.fasync.Load()
	switch {
	case fa == nil:
	case readers:
		fa.readers.Kill()
	default:
		fa.writers.Kill()
	}
}

// wakeReaders is a wake-up on rd_wait: of the ends that read.
func (p *pipe) wakeReaders(key uint32) {
	p.rq.Notify(key)
	p.bq.Notify(key)
}

// wakeWriters is a wake-up on wr_wait: of the ends that write.
func (p *pipe) wakeWriters(key uint32) {
	p.wq.Notify(key)
	p.bq.Notify(key)
}

// pipeBuf is one slot (struct pipe_buffer). The page stays with the slot
// once allocated, so a busy pipe allocates nothing. A slot's bytes are
// page[start:end], where start is 0 except in the tail slot (pipe.roff)
// and end is n except in the newest slot (pipe.wend): n is stored when
// the slot stops being the newest.
type pipeBuf struct {
	page   []byte
	n      int
	packet bool // PIPE_BUF_FLAG_PACKET; otherwise PIPE_BUF_FLAG_CAN_MERGE
}

// newPipe makes an empty pipe (alloc_pipe_info). Its open counts start
// at 1, so that the 0 of an end's version, which every open but one
// keeps, never equals them: only that one defers POLLHUP.
func newPipe() *pipe {
	return &pipe{bufs: make([]pipeBuf, defaultSize/pageSize), rCounter: 1, wCounter: 1}
}

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
		n += p.endLocked(i)
	}
	return n - p.roff
}

// endLocked is where the bytes of slot i end.
func (p *pipe) endLocked(i uint) int {
	if i == p.head-1 {
		return p.wend
	}
	return p.slot(i).n
}

// mergeLocked adds src to the newest page if it fits there whole and the
// page may take more (the first step of pipe_write).
func (p *pipe) mergeLocked(src []byte) bool {
	if p.emptyLocked() {
		p.last = 0
		return false
	}
	b := p.slot(p.head - 1)
	if b.packet || p.wend+len(src) > pageSize {
		p.last = p.wend
		return false
	}
	p.wend += copy(b.page[p.wend:], src)
	return true
}

// pushLocked fills a fresh slot with up to a page of src; the caller has
// checked that a slot is free.
func (p *pipe) pushLocked(src []byte, packet bool) int {
	if !p.emptyLocked() {
		p.slot(p.head - 1).n = p.wend
	}
	b := p.slot(p.head)
	if b.page == nil {
		b.page = make([]byte, pageSize)
	}
	b.packet = packet
	n := copy(b.page, src)
	p.wend = n
	p.head++
	if n < pageSize {
		p.clearAhead(max(n, p.last))
	}
	return n
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
		end := p.endLocked(p.tail)
		c := copy(dst[total:], b.page[p.roff:end])
		total += c
		p.roff += c
		if b.packet || p.roff == end {
			p.tail++
			p.roff = 0
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
	p.bufs, p.tail, p.head = bufs, 0, n // roff and wend stay with their slots
}
