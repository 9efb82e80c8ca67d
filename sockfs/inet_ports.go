package sockfs

import (
	"math/rand/v2"
	"net/netip"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// The port table of one protocol (inet_hashinfo's bind hash): which
// sockets hold which port, for bind(2)'s conflicts, for connect(2) and
// sendto(2) to find the receiver, and for picking ephemeral ports. There
// is no TIME_WAIT, so a closed connection frees its port at once.

// Linux's ip_local_port_range.
const (
	ephemeralLow  = 32768
	ephemeralHigh = 60999
)

// portBinding is one socket's hold on a port.
type portBinding struct {
	s         *inetSock
	sp        addrSpace
	ip        netip.Addr // as bound, in the socket's family's form
	reuse     bool       // SO_REUSEADDR when bound
	listening bool       // TCP: in listen(2)
	explicit  bool       // bound by bind(2) (not by connect or send)
	// portLock is SOCK_BINDPORT_LOCK: bind(2) named the port. A port
	// the kernel picked goes back when the socket closes down to
	// TCP_CLOSE (tcp_set_state's inet_put_port).
	portLock bool
}

type portTable struct {
	tcp  bool
	mu   sync.Mutex
	port map[uint16][]*portBinding
}

func newPortTable(tcp bool) *portTable {
	return &portTable{tcp: tcp, port: make(map[uint16][]*portBinding)}
}

// conflict reports whether b may not share port with those there
// (inet_csk_bind_conflict, udp_lib_lport_inuse): their addresses
// overlap and not both sides said SO_REUSEADDR, or, for TCP, the other
// one listens (so two listeners never share, while a listener may join
// the connections a closed one left). Caller holds t.mu.
func (t *portTable) conflictLocked(port uint16, b *portBinding) bool {
	for _, o := range t.port[port] {
		if o == b || !o.sp.overlaps(b.sp) {
			continue
		}
		if !b.reuse || !o.reuse || t.tcp && o.listening {
			return true
		}
	}
	return false
}

// bind gives b the port, or an ephemeral one for port 0: EADDRINUSE
// when taken, EADDRNOTAVAIL when no ephemeral port is free (as connect
// says; bind says EADDRINUSE, which the caller turns it into).
func (t *portTable) bind(b *portBinding, port uint16) (uint16, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if port != 0 {
		if t.conflictLocked(port, b) {
			return 0, vfs.EADDRINUSE
		}
		t.port[port] = append(t.port[port], b)
		return port, nil
	}
	const n = ephemeralHigh - ephemeralLow + 1
	start := rand.IntN(n)
	for i := range n {
		p := uint16(ephemeralLow + (start+i)%n)
		// An ephemeral port is one nobody holds: no sharing, even with
		// SO_REUSEADDR on both sides.
		if len(t.port[p]) == 0 {
			t.port[p] = append(t.port[p], b)
			return p, nil
		}
	}
	return 0, vfs.EADDRNOTAVAIL
}

// listen marks b listening, unless another socket's hold on its port
// forbids (EADDRINUSE): the check inet_csk_listen_start repeats.
func (t *portTable) listen(b *portBinding, port uint16) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	b.listening = true
	if t.conflictLocked(port, b) {
		b.listening = false
		return vfs.EADDRINUSE
	}
	return nil
}

// unbind drops b's hold on port.
func (t *portTable) unbind(b *portBinding, port uint16) {
	t.mu.Lock()
	defer t.mu.Unlock()
	bs := t.port[port]
	for i, o := range bs {
		if o == b {
			bs = append(bs[:i], bs[i+1:]...)
			break
		}
	}
	if len(bs) == 0 {
		delete(t.port, port)
	} else {
		t.port[port] = bs
	}
}

// lookup finds the socket that receives what is sent to dst:port: a
// listener for TCP, any bound socket for UDP; an exact address before a
// wildcard, and among equals the one bound last.
func (t *portTable) lookup(dst netip.Addr, port uint16) *inetSock {
	t.mu.Lock()
	defer t.mu.Unlock()
	var best *portBinding
	score := 0
	for _, b := range t.port[port] {
		if t.tcp && !b.listening {
			continue
		}
		if m := b.sp.match(dst); m >= score && m > 0 {
			best, score = b, m
		}
	}
	if best == nil {
		return nil
	}
	return best.s
}
