package vfs

import (
	"math/bits"
	"sync/atomic"
)

// The fd table's storage (fdtable.go says how the table uses it): fds
// live in chunks that double in size and never move, each with a slot
// per fd, an open bit and a close-on-exec bit per fd, and, above the
// first chunk, a count of taken fds per group of 4096.

// Every open and close writes its fd's open bit, so the bits must not
// share a cache line with anything another goroutine writes. Go packs
// small objects together, and two processes' tables are made one after
// the other: their one-word bit arrays sat on one line, and two
// processes opening and closing files took turns with it (2.7 times
// the CPU per open+close while both ran, 1.0 with lines of their own).
// So the bits, the counts and the chunk itself are given whole lines.

// fdChunk holds the fds [base, base+len(files)).
type fdChunk struct {
	base    int
	files   []atomic.Pointer[File] // by slot: nil is free or reserved, fdClosing being closed
	open    []atomic.Uint64        // taken (open or reserved)
	cloexec []atomic.Uint64
	// used counts the taken fds per group of fdGroup (chunks above the
	// first): it is raised after a bit is set and lowered before one is
	// cleared, so it never counts more than are taken, and a group whose
	// count is full is full.
	used []atomic.Int32
	// Every call reads the fields above; the padding makes the chunk
	// 128 bytes, a size class whose objects start on a line.
	_ [24]byte
}

const (
	// fdChunks chunks reach NR_OPEN: chunk k > 0 holds [64<<(k-1), 64<<k).
	fdChunks = 15
	fdGroup  = 4096
)

func newFDChunk(k int) *fdChunk {
	base, size := 0, 64
	if k > 0 {
		base, size = 64<<(k-1), 64<<(k-1)
	}
	// open and cloexec share one allocation of at least a pair of
	// lines: a power of two of 128 bytes or more, a size class whose
	// objects start on a pair (the CPU fetches lines two at a time, so
	// 64 bytes let two processes' bits, made one after the other by
	// fork, ride in one fetch). So do the counts.
	w := size / 64
	b := make([]atomic.Uint64, max(2*w, 16))
	c := &fdChunk{
		base:    base,
		files:   make([]atomic.Pointer[File], size),
		open:    b[:w:w],
		cloexec: b[w : 2*w : 2*w],
	}
	if k > 0 {
		g := (size + fdGroup - 1) / fdGroup
		c.used = make([]atomic.Int32, max(g, 16))[:g:g]
	}
	return c
}

// chunkOf returns the index of the chunk that holds fd.
func chunkOf(fd int) int { return bits.Len(uint(fd) >> 6) }

// find returns fd's chunk and its index there; nil if the chunk was
// never made (no fd in it was ever taken).
func (t *FDTable) find(fd int) (*fdChunk, int) {
	k := chunkOf(fd)
	if fd < 0 || k >= fdChunks {
		return nil, 0
	}
	c := t.chunks[k].Load()
	if c == nil {
		return nil, 0
	}
	return c, fd - c.base
}

// findOrMake returns fd's chunk, making it if need be; fd < NR_OPEN.
func (t *FDTable) findOrMake(fd int) (*fdChunk, int) {
	k := chunkOf(fd)
	c := t.chunks[k].Load()
	if c == nil {
		c = newFDChunk(k)
		if !t.chunks[k].CompareAndSwap(nil, c) {
			c = t.chunks[k].Load()
		}
	}
	return c, fd - c.base
}

// findFree returns the lowest fd >= from (at least 64) whose bit is
// clear, as the bits read; NR_OPEN or more if there is none.
func (t *FDTable) findFree(from int) int {
	fd := from
	for {
		k := chunkOf(fd)
		if k >= fdChunks {
			return fd
		}
		c := t.chunks[k].Load()
		if c == nil {
			return fd
		}
		if i, ok := c.findFree(fd - c.base); ok {
			return c.base + i
		}
		fd = c.base + len(c.files)
	}
}

// findFree returns the lowest free index >= i in the chunk.
func (c *fdChunk) findFree(i int) (int, bool) {
	for i < len(c.files) {
		g := i / fdGroup
		end := min((g+1)*fdGroup, len(c.files))
		if c.used != nil && int(c.used[g].Load()) == end-g*fdGroup {
			i = end
			continue
		}
		for w := i / 64; w*64 < end; w++ {
			free := ^c.open[w].Load()
			if w == i/64 {
				free &^= 1<<(i%64) - 1
			}
			if free != 0 {
				return w*64 + bits.TrailingZeros64(free), true
			}
		}
		i = end
	}
	return 0, false
}

// slot returns the slot of index i. Eight slots share a cache line,
// and fds next to each other are often in use by different goroutines
// (3 and 4, opened by two threads): so the slots of one 64-fd block
// are laid out by i%8 first, and fds 0-7 sit on eight lines.
func (c *fdChunk) slot(i int) *atomic.Pointer[File] {
	return &c.files[i&^63|(i&7)<<3|(i>>3)&7]
}

// claim sets the bit of index i if it is clear.
func (c *fdChunk) claim(i int) bool {
	w, b := i/64, uint64(1)<<(i%64)
	for {
		old := c.open[w].Load()
		if old&b != 0 {
			return false
		}
		if c.open[w].CompareAndSwap(old, old|b) {
			if c.used != nil {
				c.used[i/fdGroup].Add(1)
			}
			return true
		}
	}
}

// setCloexecBit sets or clears i's close-on-exec bit; only the holder
// of the fd changes it (a claim, before the fd holds a File, then
// F_SETFD), so a load saves the write in the common case.
func (c *fdChunk) setCloexecBit(i int, on bool) {
	w, b := i/64, uint64(1)<<(i%64)
	switch was := c.cloexec[w].Load()&b != 0; {
	case on && !was:
		c.cloexec[w].Or(b)
	case !on && was:
		c.cloexec[w].And(^b)
	}
}

// holds reports whether index i has an open File.
func (c *fdChunk) holds(i int) bool {
	f := c.slot(i).Load()
	return f != nil && f != fdClosing
}

// each calls fn with the index of every taken fd, or of every taken fd
// with its close-on-exec bit set.
func (c *fdChunk) each(cloexecOnly bool, fn func(i int)) {
	for w := range c.open {
		word := c.open[w].Load()
		if cloexecOnly {
			word &= c.cloexec[w].Load()
		}
		for ; word != 0; word &= word - 1 {
			fn(w*64 + bits.TrailingZeros64(word))
		}
	}
}
