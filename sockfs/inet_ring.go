package sockfs

// tcpRing is a byte queue that grows, up to a limit its user enforces, as
// data waits in it: a loopback connection's receive buffer. An idle
// connection holds no memory beyond its first small buffer.
type tcpRing struct {
	buf []byte
	r   int // index of the first byte
	n   int // bytes held
}

const tcpRingMin = 4096

func (b *tcpRing) len() int { return b.n }

// write appends as much of p as fits in room more bytes, and says how
// much it took.
func (b *tcpRing) write(p []byte, room int) int {
	if len(p) > room {
		p = p[:room]
	}
	if b.n+len(p) > len(b.buf) {
		b.grow(b.n + len(p))
	}
	w := (b.r + b.n) % max(len(b.buf), 1)
	done := copy(b.buf[w:], p)
	done += copy(b.buf, p[done:])
	b.n += done
	return done
}

func (b *tcpRing) grow(need int) {
	size := max(tcpRingMin, 2*len(b.buf))
	for size < need {
		size *= 2
	}
	nb := make([]byte, size)
	b.peek(nb[:b.n])
	b.buf, b.r = nb, 0
}

// peek copies the first bytes into p without taking them.
func (b *tcpRing) peek(p []byte) int {
	n := min(len(p), b.n)
	done := copy(p[:n], b.buf[b.r:])
	copy(p[done:n], b.buf)
	return n
}

// read takes the first bytes into p.
func (b *tcpRing) read(p []byte) int {
	n := b.peek(p)
	b.discard(n)
	return n
}

// discard drops the first n bytes.
func (b *tcpRing) discard(n int) {
	n = min(n, b.n)
	b.n -= n
	if b.n == 0 {
		b.r = 0
		return
	}
	b.r = (b.r + n) % len(b.buf)
}

// reset drops everything and the memory with it.
func (b *tcpRing) reset() { *b = tcpRing{} }
