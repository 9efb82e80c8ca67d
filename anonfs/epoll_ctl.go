package anonfs

import (
	"sync"

	"github.com/govfs/govfs/vfs"
)

// epoll_ctl(2) on the instance: the core has checked the fds, that the
// target can be polled, and EPOLLEXCLUSIVE's rules (vfs/sys_epoll.go).

// epMaxNests is EP_MAX_NESTS: how many epolls deep a chain of epolls
// watching epolls may go below the top one.
const epMaxNests = 4

// EpollCtl is do_epoll_ctl's second half.
func (ep *eventpoll) EpollCtl(_ *vfs.File, op int, tf *vfs.File, fd int, ev vfs.EpollEvent) error {
	ep.mtx.Lock()
	defer ep.mtx.Unlock()
	if ep.items == nil {
		return vfs.EBADF // released under us: cannot happen while the caller holds the File
	}
	key := epKey{tf, fd}
	epi := ep.items[key]
	switch op {
	case vfs.EPOLL_CTL_ADD:
		if epi != nil {
			return vfs.EEXIST
		}
		ev.Events |= vfs.EPOLLERR | vfs.EPOLLHUP
		return ep.insertLocked(key, ev)
	case vfs.EPOLL_CTL_DEL:
		if epi == nil {
			return vfs.ENOENT
		}
		ep.removeLocked(epi)
		return nil
	case vfs.EPOLL_CTL_MOD:
		if epi == nil {
			return vfs.ENOENT
		}
		ep.lock.Lock()
		exclusive := epi.event.Events&vfs.EPOLLEXCLUSIVE != 0
		ep.lock.Unlock()
		if exclusive {
			return vfs.EINVAL
		}
		ev.Events |= vfs.EPOLLERR | vfs.EPOLLHUP
		ep.modifyLocked(epi, ev)
		return nil
	}
	return vfs.EINVAL
}

// insertLocked is ep_insert. The callback is on the File's queue before
// the File is first asked, so an event in between is not lost; a File
// ready now goes on the ready list at once.
func (ep *eventpoll) insertLocked(key epKey, ev vfs.EpollEvent) error {
	epi := &epitem{ep: ep, key: key, event: ev, q: key.f.EventQueue()}
	if inner, ok := key.f.Eventpoll().(*eventpoll); ok {
		if !ep.m.nest.link(ep, inner) {
			return vfs.ELOOP
		}
		epi.nested = inner
	}
	ep.seq++
	epi.seq = ep.seq
	if ev.Events&vfs.EPOLLEXCLUSIVE != 0 {
		epi.waiter = vfs.NewExclusiveWaiterFunc(^uint32(0), epi.callback)
	} else {
		epi.waiter = vfs.NewWaiterFunc(^uint32(0), func(key uint32) { epi.callback(key) })
	}
	if epi.q != nil {
		epi.q.Add(epi.waiter)
	}
	// The caller holds a reference on the File, so the hook cannot run
	// now (it takes ep.mtx, which is held).
	epi.stop = key.f.OnRelease(func() { ep.fileReleased(epi) })
	ep.items[key] = epi
	if epi.poll() != 0 {
		ep.makeReady(epi)
	}
	return nil
}

// modifyLocked is ep_modify: new events and data, and the File asked
// again, so a one-shot epitem is re-armed and an edge-triggered one
// sees the File's state now as an edge.
func (ep *eventpoll) modifyLocked(epi *epitem, ev vfs.EpollEvent) {
	ep.lock.Lock()
	epi.event = ev
	ep.lock.Unlock()
	if epi.poll() != 0 {
		ep.makeReady(epi)
	}
}

// makeReady puts epi on the ready list and wakes the epoll's waiters.
func (ep *eventpoll) makeReady(epi *epitem) {
	ep.lock.Lock()
	if !epi.linked {
		ep.rdl.pushBack(epi)
	}
	ep.lock.Unlock()
	ep.wakeUp()
}

// wakeUp wakes the epoll's sleepers and watchers: a ready list that
// grew may be what they wait for. It reports whether a sleeper in
// epoll_wait was woken.
func (ep *eventpoll) wakeUp() bool {
	woke := ep.wq.Wake(vfs.POLLIN | vfs.EPOLLRDNORM)
	ep.q.Notify(vfs.POLLIN | vfs.EPOLLRDNORM)
	return woke
}

// removeLocked is ep_remove: the callback comes off the File's queue
// (after which it never runs again), the release hook is cancelled, and
// the epitem leaves the ready list and the interest list.
func (ep *eventpoll) removeLocked(epi *epitem) {
	if epi.q != nil {
		epi.q.Remove(epi.waiter)
	}
	epi.stop()
	ep.lock.Lock()
	ep.rdl.remove(epi)
	ep.lock.Unlock()
	if epi.nested != nil {
		ep.m.nest.unlink(ep, epi.nested)
	}
	delete(ep.items, epi.key)
}

// fileReleased is eventpoll_release for one epitem: its File's last
// reference went.
func (ep *eventpoll) fileReleased(epi *epitem) {
	ep.mtx.Lock()
	defer ep.mtx.Unlock()
	if ep.items != nil && ep.items[epi.key] == epi {
		ep.removeLocked(epi)
	}
}

// nestGraph is which epolls watch which (epnested_mutex and what it
// guards): the edges of epolls watching epolls, counted, since one
// epoll may watch another through two fds. epoll_ctl refuses an edge
// that closes a cycle, or makes a chain of more than epMaxNests edges
// (ELOOP), as ep_loop_check does, looking both down from the new
// target and up from the instance that watches it.
type nestGraph struct {
	mu       sync.Mutex
	children map[*eventpoll]map[*eventpoll]int
	parents  map[*eventpoll]map[*eventpoll]int
}

// link adds the edge outer → inner unless it would make a cycle or a
// chain too deep.
func (g *nestGraph) link(outer, inner *eventpoll) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	down := g.depth(inner, outer, g.children, map[*eventpoll]int{})
	if down < 0 {
		return false // outer is below inner: a cycle
	}
	up := g.depth(outer, nil, g.parents, map[*eventpoll]int{})
	if down+1+up > epMaxNests {
		return false
	}
	if g.children == nil {
		g.children = make(map[*eventpoll]map[*eventpoll]int)
		g.parents = make(map[*eventpoll]map[*eventpoll]int)
	}
	addEdge(g.children, outer, inner)
	addEdge(g.parents, inner, outer)
	return true
}

func (g *nestGraph) unlink(outer, inner *eventpoll) {
	g.mu.Lock()
	defer g.mu.Unlock()
	dropEdge(g.children, outer, inner)
	dropEdge(g.parents, inner, outer)
}

// depth returns the longest path from ep along edges, -1 if it reaches
// avoid. memo holds what is known, so a lattice of epolls costs each
// node once.
func (g *nestGraph) depth(ep, avoid *eventpoll, edges map[*eventpoll]map[*eventpoll]int, memo map[*eventpoll]int) int {
	if d, ok := memo[ep]; ok {
		return d
	}
	d := 0
	for next := range edges[ep] {
		if next == avoid {
			d = -1
			break
		}
		nd := g.depth(next, avoid, edges, memo)
		if nd < 0 {
			d = -1
			break
		}
		d = max(d, nd+1)
	}
	memo[ep] = d
	return d
}

func addEdge(m map[*eventpoll]map[*eventpoll]int, from, to *eventpoll) {
	if m[from] == nil {
		m[from] = make(map[*eventpoll]int)
	}
	m[from][to]++
}

func dropEdge(m map[*eventpoll]map[*eventpoll]int, from, to *eventpoll) {
	if m[from][to]--; m[from][to] <= 0 {
		delete(m[from], to)
		if len(m[from]) == 0 {
			delete(m, from)
		}
	}
}
