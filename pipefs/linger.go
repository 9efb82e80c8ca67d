package pipefs

import (
	"runtime"
	"time"

	"github.com/govfs/govfs/vfs"
)

// A blocking reader that finds the pipe empty does not go to sleep at
// once: for up to lingerFor it looks at head every lingerLook, and reads
// as soon as a writer has published a page.
//
// Sleeping is what Linux's pipe_read does, and what the VFS's loop would
// do on EAGAIN, but in Go it costs both sides more than it does in a
// kernel: the writer's Notify must wake a parked goroutine, which on
// another thread is a futex call, and the reader comes back on a cold
// cache. A reader that reads every message the moment it lands is no
// better: each look takes the cache line the writer is about to write,
// and with 64-byte messages on two CPUs those transfers, not the copies,
// were the whole cost. Looking once a microsecond lets the writer pack a
// dozen messages into the page between two looks, each look moves one
// line for all of them, and a reader that lingers is woken by nobody.
// This is the adaptive spinning of sync.Mutex and of Linux's own
// mutexes (mutex_optimistic_spin): wait actively while the other side
// is likely to be quick, and sleep when it is not. It changes when a
// read returns, never what it returns; a non-blocking read, or one on a
// single CPU (where the writer could not run meanwhile), never lingers.
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
	for start := time.Now(); time.Since(start) < d; {
	}
}
