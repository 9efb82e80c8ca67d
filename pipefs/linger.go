package pipefs

import (
	"runtime"
	"time"

	"github.com/govfs/govfs/vfs"
)

// While small writes stream into a pipe (the reader saw a writer merge
// into the page it was reading), a blocking reader that has caught up
// does not go to sleep at once: for up to lingerFor it looks once every
// lingerLook, here when the pipe is empty and in settleR before it looks
// for more in the page it has read.
//
// A reader that took every message the moment it landed would take the
// line the writer is about to write once per message, and with 64-byte
// messages on two CPUs those trips, not the copies, were the whole cost;
// looking every few microseconds lets the writer pack dozens of messages
// between two looks, and one trip serves them all. Sleeping instead, as
// Linux's pipe_read does, costs the writer a wake-up per batch, a futex
// call when the reader's goroutine is parked on another thread. This is
// the adaptive spinning of sync.Mutex and of Linux's own mutexes
// (mutex_optimistic_spin): wait actively while the other side is likely
// to be quick, and sleep when it is not.
//
// Any other reader sleeps at once. For writes of pages, a wake-up per
// batch is cheap next to the copying, and sleeping has a virtue spinning
// lacks: Go's scheduler runs the goroutine a wake-up readies on the
// waker's own CPU, where the pages just written are still in the cache.
//
// Lingering changes when a read returns, never what it returns. A
// non-blocking read never lingers, nor does one on a single CPU, where
// the writer could not run meanwhile.
const (
	lingerFor  = 50 * time.Microsecond
	lingerLook = 2 * time.Microsecond
)

// lingering says whether a reader may wait actively: only if the writer
// can run meanwhile, on another CPU.
func lingering() bool { return runtime.GOMAXPROCS(0) > 1 }

// linger waits actively for data, end of file or lingerFor, and then
// reads as Read does: EAGAIN sends the reader on to the VFS's sleep.
func (e *end) linger(dst []byte) (int, error) {
	p := e.p
	p.rmu.Lock()
	stream := p.rStream
	p.rmu.Unlock()
	if !stream {
		return 0, vfs.EAGAIN
	}
	for start := time.Now(); time.Since(start) < lingerFor; {
		spin(lingerLook)
		if p.head.Load() != p.tail.Load() || p.writers.Load() == 0 {
			if n, err := e.read(dst, true); err != vfs.EAGAIN {
				return n, err
			}
		}
	}
	return e.read(dst, true)
}

// spin waits for d without touching memory another CPU writes.
func spin(d time.Duration) {
	if d <= 0 {
		return
	}
	for start := time.Now(); time.Since(start) < d; {
	}
}
