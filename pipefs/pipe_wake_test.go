package pipefs

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReaderWakesWriterThatSawFull puts a writer's steps at the one
// point of a read where they can interleave badly: after the reader
// closed the oldest slot, between its giving the slot back (tail) and
// its look at head. A writer that fills the ring there and then finds
// it full must be woken by this read, so the read must report that it
// freed a slot of a full pipe. (Looking at head before giving the slot
// back lost that wake-up: the writer slept on a pipe with room.)
func TestReaderWakesWriterThatSawFull(t *testing.T) {
	p := newPipe()
	p.setRing(make([]pipeBuf, 2), 0)
	msg := make([]byte, pageSize) // a page each: no merging
	p.wmu.Lock()
	p.pushW(msg, false)
	p.publishW()
	p.wmu.Unlock()

	sawFull := false
	p.betweenTailAndHead = func() {
		p.betweenTailAndHead = nil
		p.wmu.Lock()
		defer p.wmu.Unlock()
		for p.roomW() {
			p.pushW(msg, false)
		}
		p.publishW()
		sawFull = true
	}
	p.rmu.Lock()
	n, wasFull := p.readR(make([]byte, pageSize), false)
	p.rmu.Unlock()
	require.Equal(t, pageSize, n)
	require.True(t, sawFull, "the writer filled the ring")
	require.True(t, wasFull, "the read that freed the slot the writer waits for must wake it")
}
