package anonfs

import "github.com/govfs/govfs/vfs"

// The ready list and what feeds and drains it: the callback a watched
// File's Notify runs (ep_poll_callback) and the scan of epoll_wait
// (ep_send_events).

// epitem is one interest (struct epitem).
type epitem struct {
	ep     *eventpoll
	key    epKey
	seq    uint64         // insertion order, for fdinfo
	q      *vfs.WaitQueue // the watched File's EventQueue
	waiter *vfs.Waiter    // the callback on q
	stop   func() bool    // cancels the release hook
	nested *eventpoll     // the watched File's eventpoll, if it is one

	// Under ep.lock:
	event      vfs.EpollEvent // what was asked (with EPOLLERR|EPOLLHUP) and the data
	linked     bool           // on the ready list
	prev, next *epitem        // the ready list's links
}

// readyList is ep->rdllist: a doubly linked list of epitems through
// their own links, so adding and removing cost O(1) and no allocation.
// It is guarded by eventpoll.lock.
type readyList struct {
	head, tail *epitem
	n          int
}

func (l *readyList) pushBack(epi *epitem) {
	epi.prev, epi.next = l.tail, nil
	if l.tail != nil {
		l.tail.next = epi
	} else {
		l.head = epi
	}
	l.tail = epi
	epi.linked = true
	l.n++
}

func (l *readyList) pushFront(epi *epitem) {
	epi.prev, epi.next = nil, l.head
	if l.head != nil {
		l.head.prev = epi
	} else {
		l.tail = epi
	}
	l.head = epi
	epi.linked = true
	l.n++
}

func (l *readyList) remove(epi *epitem) {
	if !epi.linked {
		return
	}
	if epi.prev != nil {
		epi.prev.next = epi.next
	} else {
		l.head = epi.next
	}
	if epi.next != nil {
		epi.next.prev = epi.prev
	} else {
		l.tail = epi.prev
	}
	epi.prev, epi.next, epi.linked = nil, nil, false
	l.n--
}

func (l *readyList) popFront() *epitem {
	epi := l.head
	if epi != nil {
		l.remove(epi)
	}
	return epi
}

// callback is ep_poll_callback, run by the watched File's Notify with
// its queue's lock held and the wake-up's key: an epitem that asked for
// one of the events goes to the tail of the ready list (once), and the
// epoll's sleepers and watchers are woken. A one-shot epitem that fired
// is disabled and ignores it.
//
// For an EPOLLEXCLUSIVE epitem it reports whether the wake-up ends here
// (ewake): it does if a sleeper in epoll_wait was woken and the key is
// EPOLLIN alone or EPOLLOUT alone that the epitem asked for, or
// neither. Otherwise the File's next exclusive callback runs, and
// another epoll hears of the event.
func (epi *epitem) callback(key uint32) bool {
	if key == vfs.NoKey {
		key = 0 // no key: every interest hears it
	}
	ep := epi.ep
	ep.lock.Lock()
	want := epi.event.Events
	if want&^epPrivateBits == 0 || key != 0 && key&want == 0 {
		ep.lock.Unlock()
		return false
	}
	if !epi.linked {
		ep.rdl.pushBack(epi)
	}
	ep.lock.Unlock()
	if !ep.wakeUp() {
		return false
	}
	switch in := key & (vfs.EPOLLIN | vfs.EPOLLOUT); in {
	case vfs.EPOLLIN, vfs.EPOLLOUT:
		return want&in != 0
	case 0:
		return true
	}
	return false
}

// poll is ep_item_poll: the events the epitem asked for that its File
// has now. It is called with ep.mtx held and ep.lock not.
func (epi *epitem) poll() uint32 {
	epi.ep.lock.Lock()
	want := epi.event.Events &^ epPrivateBits
	epi.ep.lock.Unlock()
	if want == 0 {
		return 0 // a one-shot that fired asks nothing, not even ERR/HUP
	}
	return epi.key.f.Readiness(want) & want
}

// SendEvents is ep_send_events. It takes at most as many epitems as the
// ready list held when it began, so those it puts back (level-triggered
// ones) and those that callbacks add meanwhile wait for the next call:
// with maxevents 1 and three files ready, three calls report each once,
// in turn.
func (ep *eventpoll) SendEvents(_ *vfs.File, events []vfs.EpollEvent) int {
	ep.mtx.Lock()
	defer ep.mtx.Unlock()
	ep.lock.Lock()
	todo := ep.rdl.n
	ep.lock.Unlock()
	n := 0
	for ; todo > 0 && n < len(events); todo-- {
		ep.lock.Lock()
		epi := ep.rdl.popFront()
		ep.lock.Unlock()
		if epi == nil {
			break
		}
		revents := epi.poll()
		if revents == 0 {
			continue // not ready after all: off the list until a callback
		}
		ep.lock.Lock()
		events[n] = vfs.EpollEvent{Events: revents, Fd: epi.event.Fd, Pad: epi.event.Pad}
		switch {
		case epi.event.Events&vfs.EPOLLONESHOT != 0:
			epi.event.Events &= epPrivateBits
		case epi.event.Events&vfs.EPOLLET == 0 && !epi.linked:
			ep.rdl.pushBack(epi)
		}
		ep.lock.Unlock()
		n++
	}
	return n
}
