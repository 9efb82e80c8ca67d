package pipefs

import (
	"sync"

	"github.com/govfs/govfs/vfs"
)

const pageSize = 4096

// pipe is the buffer both ends share (struct pipe_inode_info): a ring of
// bytes and the count of open readers and writers. Data is a queue of
// segments so that packet-mode writes (O_DIRECT) keep their boundaries;
// ordinary writes merge into one segment.
type pipe struct {
	mu       sync.Mutex
	ring     []byte // allocated on first write; len(ring) is the capacity once made
	size     int    // capacity in bytes: a power-of-two number of pages
	head     int    // index of the first buffered byte
	n        int    // bytes buffered
	segs     []seg  // what the buffered bytes are, oldest first
	readers  int
	writers  int
	rCounter int // opens for reading ever (FIFO rendezvous)
	wCounter int // opens for writing ever
	q        vfs.WaitQueue
}

type seg struct {
	n      int
	packet bool
}

func newPipe() *pipe { return &pipe{size: defaultSize} }

// free returns the bytes a write may add; packet mode is also limited
// to one packet per page-sized slot.
func (p *pipe) freeLocked(packet bool) int {
	if packet && len(p.segs) >= p.size/pageSize {
		return 0
	}
	return p.size - p.n
}

// writeLocked appends src to the ring; the caller has checked the space.
func (p *pipe) writeLocked(src []byte, packet bool) {
	if p.ring == nil {
		p.ring = make([]byte, p.size)
	}
	tail := (p.head + p.n) % p.size
	c := copy(p.ring[tail:], src)
	copy(p.ring, src[c:])
	p.n += len(src)
	if last := len(p.segs) - 1; !packet && last >= 0 && !p.segs[last].packet {
		p.segs[last].n += len(src)
	} else {
		p.segs = append(p.segs, seg{len(src), packet})
	}
}

// readLocked moves buffered bytes into dst: across ordinary segments,
// or one whole packet (whose excess is discarded, as Linux does).
func (p *pipe) readLocked(dst []byte) int {
	total := 0
	for len(p.segs) > 0 && total < len(dst) {
		s := &p.segs[0]
		want := min(s.n, len(dst)-total)
		p.copyOut(dst[total:total+want], want)
		total += want
		if s.packet {
			p.skip(s.n - want)
			s.n = 0
		} else {
			s.n -= want
		}
		if s.n == 0 {
			p.segs = p.segs[1:]
		}
		if s.packet || want == 0 {
			break
		}
	}
	if p.n == 0 {
		p.head, p.segs = 0, p.segs[:0]
	}
	return total
}

func (p *pipe) copyOut(dst []byte, n int) {
	c := copy(dst, p.ring[p.head:min(p.head+n, p.size)])
	copy(dst[c:], p.ring[:n-c])
	p.skip(n)
}

func (p *pipe) skip(n int) {
	p.head = (p.head + n) % p.size
	p.n -= n
}

// resizeLocked changes the capacity (pipe_resize_ring), keeping the data.
func (p *pipe) resizeLocked(size int) {
	if p.ring != nil {
		ring := make([]byte, size)
		p.copyOutKeep(ring)
		p.ring = ring
	}
	p.head, p.size = 0, size
}

func (p *pipe) copyOutKeep(dst []byte) {
	c := copy(dst, p.ring[p.head:min(p.head+p.n, p.size)])
	copy(dst[c:p.n], p.ring)
}

// slotsLocked is how many page-sized buffers the data occupies.
func (p *pipe) slotsLocked() int {
	if len(p.segs) > 1 {
		return max(len(p.segs), (p.n+pageSize-1)/pageSize)
	}
	return (p.n + pageSize - 1) / pageSize
}
