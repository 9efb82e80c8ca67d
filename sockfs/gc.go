package sockfs

import (
	"sync"
	"sync/atomic"

	"github.com/govfs/govfs/vfs"
)

// The garbage collector of sockets in flight (net/unix/garbage.c).
//
// A unix socket's File sent with SCM_RIGHTS sits in a receive queue
// until someone receives it. If that queue belongs to a socket that is
// itself only in flight, nobody ever will: socket A carried in B's
// queue and B in A's, with every fd closed, keep each other alive. The
// File references alone cannot tell, so the collector counts, for each
// unix socket, how many of its File's references sit in queues
// (inflight), and when a unix socket is released it looks for
// candidates: sockets whose every reference is in flight. A candidate
// that some non-candidate's queue holds, or that a candidate reachable
// that way holds, is alive; the rest are garbage, and emptying their
// queues puts the references that kept the cycle up.
//
// Lock order: collector.mu, then fs.mu (to tell which Files are unix
// sockets), then a socket's mu, never two of those at once here. A
// sender counts its Files in after queueing them and a receiver counts
// them out after taking them, with no socket locked; either way the
// count errs towards "referenced from outside", which only delays a
// collection.

type collector struct {
	mu       sync.Mutex
	inflight map[*unixSock]struct{}
	total    atomic.Int64 // unix_tot_inflight
	busy     atomic.Bool  // one run at a time; releases it causes do not nest
}

// pending reports whether any socket is in flight.
func (c *collector) pending() bool { return c.total.Load() > 0 }

// sockets returns the unix sockets among files.
func (fs *FS) sockets(files []*vfs.File) []*unixSock {
	var out []*unixSock
	fs.mu.Lock()
	for _, f := range files {
		if s := fs.byFile[f]; s != nil {
			out = append(out, s)
		}
	}
	fs.mu.Unlock()
	return out
}

// add counts files, just queued, as in flight (unix_inflight).
func (c *collector) add(fs *FS, files []*vfs.File) {
	if files == nil {
		return
	}
	socks := fs.sockets(files)
	c.mu.Lock()
	for _, s := range socks {
		s.inflight++
		c.track(s)
		c.total.Add(1)
	}
	c.mu.Unlock()
}

// del counts files, just taken from a queue, as no longer in flight.
func (c *collector) del(fs *FS, files []*vfs.File) {
	if files == nil {
		return
	}
	socks := fs.sockets(files)
	c.mu.Lock()
	for _, s := range socks {
		s.inflight--
		c.track(s)
		c.total.Add(-1)
	}
	c.mu.Unlock()
}

// track keeps s in the set while its count is not zero. A receiver may
// count an skb out before its sender counted it in, so the count can
// be -1 for a moment. c.mu held.
func (c *collector) track(s *unixSock) {
	if s.inflight == 0 {
		delete(c.inflight, s)
	} else {
		c.inflight[s] = struct{}{}
	}
}

// run collects until a pass finds no garbage.
func (c *collector) run(fs *FS) {
	if !c.busy.CompareAndSwap(false, true) {
		return
	}
	defer c.busy.Store(false)
	for {
		hit := c.collect(fs)
		if len(hit) == 0 {
			return
		}
		fs.dropSkbs(hit)
	}
}

// queuedFiles lists the Files in s's queue and in its embryos' queues.
func queuedFiles(s *unixSock) []*vfs.File {
	var files []*vfs.File
	s.mu.Lock()
	embryos := append([]*unixSock(nil), s.embryos...)
	for i := 0; i < s.rq.len(); i++ {
		files = append(files, s.rq.at(i).rights...)
	}
	s.mu.Unlock()
	for _, e := range embryos {
		e.mu.Lock()
		for i := 0; i < e.rq.len(); i++ {
			files = append(files, e.rq.at(i).rights...)
		}
		e.mu.Unlock()
	}
	return files
}

// collect is one mark-and-sweep pass; it returns the skbs taken from
// the garbage's queues, to be dropped with no lock held.
func (c *collector) collect(fs *FS) []*skb {
	c.mu.Lock()
	defer c.mu.Unlock()
	cand := make(map[*unixSock]bool)
	for s := range c.inflight {
		s.mu.Lock()
		f := s.file
		s.mu.Unlock()
		if f != nil && f.Refs() == int64(s.inflight) {
			cand[s] = true
		}
	}
	if len(cand) == 0 {
		return nil
	}
	children := make(map[*unixSock][]*unixSock, len(cand))
	internal := make(map[*unixSock]int)
	for s := range cand {
		kids := fs.sockets(queuedFiles(s))
		children[s] = kids
		for _, k := range kids {
			if cand[k] {
				internal[k]++
			}
		}
	}
	// Held from outside the candidates: alive, and all they reach.
	var work []*unixSock
	alive := make(map[*unixSock]bool)
	for s := range cand {
		if s.inflight > internal[s] {
			alive[s] = true
			work = append(work, s)
		}
	}
	for len(work) > 0 {
		s := work[len(work)-1]
		work = work[:len(work)-1]
		for _, k := range children[s] {
			if cand[k] && !alive[k] {
				alive[k] = true
				work = append(work, k)
			}
		}
	}
	var hit []*skb
	for s := range cand {
		if alive[s] {
			continue
		}
		s.mu.Lock()
		hit = append(hit, s.rq.drain()...)
		embryos := append([]*unixSock(nil), s.embryos...)
		s.mu.Unlock()
		for _, e := range embryos {
			e.mu.Lock()
			hit = append(hit, e.rq.drain()...)
			e.mu.Unlock()
		}
	}
	return hit
}
