package sockfs

import (
	"math/bits"
	"sync"
	"sync/atomic"

	"github.com/govfs/govfs/vfs"
)

// The queues every socket of this package is made of (sk_buff,
// sk_receive_queue, sk_wmem_alloc). They know nothing of AF_UNIX: an
// AF_INET endpoint uses the same skb, skbQueue and sndbuf.
//
// A send turns bytes into skbs and appends them to the receiver's
// skbQueue; each skb is charged, at its truesize, to the sender's sndbuf
// until the receiver consumes it. A sender may add an skb while its
// charge is below SO_SNDBUF (sock_alloc_send_pskb), so the receiver's
// queue is bounded by what its senders may have outstanding, not by its
// own SO_RCVBUF, as for Linux's unix sockets.

// skb is one buffer in a receive queue: a datagram, a seqpacket record,
// or a piece of a stream.
type skb struct {
	data     []byte
	consumed int // stream: bytes already read (UNIXCB(skb).consumed)
	truesize int
	owner    *sndbuf     // charged with truesize until consumed
	rights   []*vfs.File // SCM_RIGHTS riding with this skb (stream: its first byte)
	creds    *vfs.Ucred  // the sender's credentials, when recorded
	from     namer       // the sender, asked its name when the skb is read
}

// namer is a sender as a receiver sees it: Linux copies the address of
// skb->sk when the data is received, so a datagram sent before its
// sender bound reads with the sender's new name.
type namer interface {
	// sockName is the address to report, nil for an unnamed sender.
	sockName() vfs.Sockaddr
}

// fromOf is the address a receiver reports for b.
func fromOf(b *skb) vfs.Sockaddr {
	if b.from == nil {
		return nil
	}
	return b.from.sockName()
}

// remaining is what is left to read of a stream skb.
func (b *skb) remaining() []byte { return b.data[b.consumed:] }

// sndbuf is a sender's side of the accounting (sk_wmem_alloc and
// sk_sndbuf): bytes of truesize its skbs occupy in receive queues, and
// the queue to tell when it may send again.
type sndbuf struct {
	alloc atomic.Int64
	size  atomic.Int64 // SO_SNDBUF
	q     *vfs.WaitQueue
	// fasync is the socket's SIGIO list, signalled when room comes
	// after a send found none (nospace: SOCKWQ_ASYNC_NOSPACE).
	fasync  *vfs.FasyncList
	nospace atomic.Bool
}

// full reports whether the sender must wait before adding an skb.
func (s *sndbuf) full() bool { return s.alloc.Load() >= s.size.Load() }

// writable is unix_writable: POLLOUT while at most a quarter of the
// buffer is in flight. Linux counts sk_wmem_alloc from 1, so exactly a
// quarter is one byte too many.
func (s *sndbuf) writable() bool { return (s.alloc.Load()+1)<<2 <= s.size.Load() }

func (s *sndbuf) charge(n int) { s.alloc.Add(int64(n)) }

// uncharge gives back n bytes of truesize (sock_wfree) and wakes the
// sender if it is writable.
func (s *sndbuf) uncharge(n int) {
	s.alloc.Add(-int64(n))
	s.writeSpace()
}

// writeSpace is unix_write_space, which every freed skb runs through
// sock_wfree: the sender's waiters are woken while it is writable. A
// send that fails after sock_alloc_send_pskb frees an skb it never
// queued, so it wakes them too (an edge-triggered epoll sees a new
// EPOLLOUT).
func (s *sndbuf) writeSpace() {
	if s.writable() {
		s.q.Notify(vfs.POLLOUT | pollWrnorm | pollWrband)
		if s.nospace.CompareAndSwap(true, false) && s.fasync != nil {
			s.fasync.Kill() // SOCK_WAKE_SPACE, POLL_OUT
		}
	}
}

// fullMark is full, and when the sender must wait it marks it as
// waiting for room: the room's coming sends SIGIO.
func (s *sndbuf) fullMark() bool {
	if !s.full() {
		return false
	}
	s.nospace.Store(true)
	return true
}

// free uncharges consumed skbs, outside any socket lock, and gives
// their data back to the pool.
func free(bs []*skb) {
	for _, b := range bs {
		if b.owner != nil {
			b.owner.uncharge(b.truesize)
		}
		putData(b.data)
		b.data = nil
	}
}

// Skb data comes from pools of power-of-two sizes: a stream moves its
// bytes through a few buffers in turn instead of making the collector
// clear and reclaim a fresh one per send.
const (
	minPooled = 6  // 64 bytes
	maxPooled = 18 // 256 KiB: the largest datagram SO_SNDBUF allows
)

var dataPools [maxPooled + 1]sync.Pool

// newData returns a copy of b in a pooled buffer.
func newData(b []byte) []byte {
	c := max(bits.Len(uint(len(b)-1)), minPooled)
	if len(b) == 0 || c > maxPooled {
		return append([]byte(nil), b...)
	}
	if v, ok := dataPools[c].Get().(*[]byte); ok {
		d := (*v)[:len(b)]
		copy(d, b)
		return d
	}
	d := make([]byte, len(b), 1<<c)
	copy(d, b)
	return d
}

// putData gives a buffer from newData back.
func putData(d []byte) {
	c := bits.Len(uint(cap(d))) - 1
	if cap(d) == 0 || cap(d) != 1<<c || c < minPooled || c > maxPooled {
		return
	}
	dataPools[c].Put(&d)
}

// roomWaiters is peer_wait: the queues of senders (or connectors) that
// found a receiver full. Each waits on its own queue, as the VFS's
// blocking loop does, so the receiver wakes them when room comes.
// Guarded by the receiver's lock.
type roomWaiters map[*vfs.WaitQueue]struct{}

func (w *roomWaiters) add(q *vfs.WaitQueue) {
	if *w == nil {
		*w = make(roomWaiters)
	}
	(*w)[q] = struct{}{}
}

// take empties the set and returns what it held, to wake unlocked.
func (w *roomWaiters) take() roomWaiters {
	ws := *w
	*w = nil
	return ws
}

// wake tells each waiter to try again.
func (w roomWaiters) wake() {
	for q := range w {
		q.Notify(vfs.POLLOUT | pollWrnorm | pollWrband)
	}
}

// skbQueue is a FIFO of skbs (sk_buff_head).
type skbQueue struct {
	skbs []*skb
	head int
}

func (q *skbQueue) len() int      { return len(q.skbs) - q.head }
func (q *skbQueue) empty() bool   { return q.len() == 0 }
func (q *skbQueue) push(b *skb)   { q.skbs = append(q.skbs, b) }
func (q *skbQueue) at(i int) *skb { return q.skbs[q.head+i] }

func (q *skbQueue) peek() *skb {
	if q.empty() {
		return nil
	}
	return q.skbs[q.head]
}

func (q *skbQueue) pop() *skb {
	b := q.skbs[q.head]
	q.skbs[q.head] = nil
	q.head++
	if q.head == len(q.skbs) {
		q.skbs, q.head = q.skbs[:0], 0
	}
	return b
}

// drain empties the queue and returns what it held (skb_queue_purge).
func (q *skbQueue) drain() []*skb {
	bs := append([]*skb(nil), q.skbs[q.head:]...)
	clear(q.skbs)
	q.skbs, q.head = nil, 0
	return bs
}

// unreadAtClose reports whether a closing socket leaves its peer a
// reset (ECONNRESET): it holds an skb to read, a first one of no length
// aside. Linux 6.x's unix_release_sock skips such a head skb (meant for
// a consumed OOB byte), and with it a lone empty seqpacket record.
func (q *skbQueue) unreadAtClose() bool {
	return q.len() > 1 || q.len() == 1 && len(q.peek().remaining()) > 0
}

// bytes is what a stream queue holds to read (FIONREAD).
func (q *skbQueue) bytes() int {
	n := 0
	for i := 0; i < q.len(); i++ {
		n += len(q.at(i).remaining())
	}
	return n
}

// The truesize model: what Linux 6.x on x86-64 charges for an skb, so
// that a non-blocking socket takes as much as the host's before EAGAIN
// (a socketpair's SOCK_STREAM takes 278 one-byte writes, 44 of 4096
// bytes, 233152 bytes of 65536-byte writes; SOCK_DGRAM 278, 26, 4).
const (
	pageSize    = 4096
	skbStruct   = 256                    // SKB_DATA_ALIGN(sizeof(struct sk_buff))
	skbShinfo   = 320                    // SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
	skbMaxHead  = pageSize - skbShinfo   // SKB_MAX_HEAD(0)
	skbMaxAlloc = 8*pageSize - skbShinfo // SKB_MAX_ALLOC
	skbFragsSz  = 32768                  // UNIX_SKB_FRAGS_SZ
	maxSkbFrags = 17                     // MAX_SKB_FRAGS
)

// kmallocSize is the slab object kmalloc gives for n bytes.
func kmallocSize(n int) int {
	for _, s := range [...]int{8, 16, 32, 64, 96, 128, 192} {
		if n <= s {
			return s
		}
	}
	s := 256
	for s < n {
		s <<= 1
	}
	return s
}

func pageAlign(n int) int { return (n + pageSize - 1) &^ (pageSize - 1) }

// truesize is an skb with head bytes in its head and paged bytes in
// page fragments.
func truesize(head, paged int) int {
	return kmallocSize((head+63)&^63+skbShinfo) + skbStruct + pageAlign(paged)
}

// streamSkb is the size of the next skb a stream send of n bytes makes,
// and its truesize (unix_stream_sendmsg).
func streamSkb(n int, sndbuf int64) (size, ts int) {
	size = min(n, int(sndbuf>>1)-64, skbMaxHead+skbFragsSz)
	size = max(size, 1)
	paged := min(size, pageAlign(max(0, size-skbMaxHead)))
	return size, truesize(size-paged, paged)
}

// dgramTruesize is the truesize of an n-byte datagram (unix_dgram_sendmsg).
func dgramTruesize(n int) int {
	paged := 0
	if n > skbMaxAlloc {
		paged = pageAlign(min(n-skbMaxAlloc, maxSkbFrags*pageSize))
	}
	return truesize(n-paged, paged)
}

// Poll bits x/sys/unix lacks on linux.
const (
	pollRdnorm = 0x40
	pollWrnorm = 0x100
	pollWrband = 0x200
)

// readStream reads from the head of a stream queue as
// unix_stream_read_generic does, up to max bytes: it glues skbs
// together, but stops after one that carries Files (their first byte
// came with them), and, when the receiver wants credentials, before one
// sent with other credentials. It does not copy: it appends to segs the
// pieces of skb data to copy, which stay valid while the caller is the
// queue's only reader (a consumed skb's buffer is reused only once the
// caller frees it). It returns the byte count, the pieces, the first
// skb read, the Files (new references when peeking) and the skbs used
// up, to be freed after the copy.
func (q *skbQueue) readStream(max int, peek, sameCreds bool, segs [][]byte) (n int, _ [][]byte, first *skb, rights []*vfs.File, freed []*skb) {
	// max 0 still reads the head skb; a peek goes on past max through
	// the queue (its goto again skips the loop's test of size), so that
	// it meets, and copies, the Files of a later skb.
	for i := 0; i == 0 || n < max || peek; i++ {
		if !peek {
			i = 0
		}
		if i >= q.len() {
			break
		}
		b := q.at(i)
		if first == nil {
			first = b
		} else if sameCreds && !credsEqual(b.creds, first.creds) {
			break
		}
		seg := b.remaining()
		seg = seg[:min(len(seg), max-n)]
		segs = append(segs, seg)
		n += len(seg)
		if peek {
			if b.rights != nil {
				rights = dupRights(b.rights)
				break
			}
			continue
		}
		b.consumed += len(seg)
		if b.rights != nil {
			rights, b.rights = b.rights, nil
		}
		if len(b.remaining()) > 0 {
			break
		}
		freed = append(freed, q.pop())
		if rights != nil {
			break
		}
	}
	return n, segs, first, rights, freed
}
