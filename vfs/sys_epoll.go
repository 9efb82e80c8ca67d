package vfs

import "time"

// epoll_ctl(2), epoll_wait(2) and epoll_pwait(2): the checks every call
// shares, in the order fs/eventpoll.c makes them, and the wait. The
// instance itself — interests, the ready list, the callbacks on the
// watched files' queues — is an object of anonfs, reached through the
// Eventpoll its epoll File's operations implement.

// Eventpoll is implemented by the FileOperations of an epoll File
// (anonfs's struct eventpoll). The core has checked the fds, the target
// file's pollability and EPOLLEXCLUSIVE's rules before it calls them.
type Eventpoll interface {
	// EpollCtl adds, modifies or removes the interest in the target
	// file tf through its fd (EEXIST, ENOENT, ELOOP, EINVAL for an
	// unknown op). Called by epoll_ctl(2) with references on ep and tf
	// held and EPOLLWAKEUP already dropped from ev.
	EpollCtl(ep *File, op int, tf *File, fd int, ev EpollEvent) error
	// SendEvents fills events with up to len(events) ready events and
	// returns how many (ep_send_events); it never blocks. epoll_wait(2)
	// calls it, and again each time Sleepers notifies, until it
	// returns more than 0.
	SendEvents(ep *File, events []EpollEvent) int
	// Sleepers returns the queue epoll_wait(2) sleeps on (ep->wq), which
	// is not the EventQueue that outer epolls and poll(2) watch
	// (ep->poll_wait): an EPOLLEXCLUSIVE wake-up ends at the first
	// epoll that has a sleeper to wake, and only its sleepers count.
	Sleepers(ep *File) *WaitQueue
}

// epExclusiveOK are the events an EPOLLEXCLUSIVE interest may ask for
// (EPOLLEXCLUSIVE_OK_BITS).
const epExclusiveOK = EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE

// epMaxEvents is EP_MAX_EVENTS: the most events one epoll_wait(2) can
// be asked for (INT_MAX / sizeof(struct epoll_event)).
const epMaxEvents = 0x7fffffff / 12

// EpollCtl adds, modifies or removes (op EPOLL_CTL_ADD, MOD, DEL) the
// interest of the epoll instance epfd in fd (epoll_ctl(2)). An interest
// belongs to the pair of the open File and the fd number: it outlives
// close(2) of fd while a dup of it keeps the File open, and goes when
// the File's last reference does.
func (p *Process) EpollCtl(epfd, op, fd int, event *EpollEvent) error {
	tr, tf := p.k.traceFD(p, epfd)
	var tw *File
	if tf != nil {
		tw = tr.fdPeek(fd)
	}
	err := p.epollCtl(epfd, op, fd, event)
	if tr != nil {
		var ev EpollEvent
		if event != nil {
			ev = *event
		}
		tr.fdDone(tw, "", 0, nil)
		tr.fdDone(tf, "epoll_ctl", 0, err)
		tr.end("epoll_ctl", 0, err, epfd, op, fd, ev)
	}
	return err
}

func (p *Process) epollCtl(epfd, op, fd int, event *EpollEvent) error {
	// The event is copied in first, before the fds are looked at; only
	// EPOLL_CTL_DEL does without one (ep_op_has_event).
	hasEvent := op != EPOLL_CTL_DEL
	var ev EpollEvent
	if hasEvent {
		if event == nil {
			return EFAULT
		}
		ev = *event
	}
	f, err := p.fdget(epfd)
	if err != nil {
		return err
	}
	defer f.DecRef()
	tf, err := p.fdget(fd)
	if err != nil {
		return err
	}
	defer tf.DecRef()
	// file_can_poll: regular files, directories and the devices without
	// a poll method are always ready, so watching them means nothing.
	if _, ok := tf.ops.(Poller); !ok {
		return EPERM
	}
	// A kernel without CONFIG_PM_SLEEP, as the host's, drops EPOLLWAKEUP
	// silently (ep_take_care_of_epollwakeup): govfs has no suspend.
	ev.Events &^= EPOLLWAKEUP
	ep, ok := f.ops.(Eventpoll)
	if f == tf || !ok {
		return EINVAL
	}
	if hasEvent && ev.Events&EPOLLEXCLUSIVE != 0 {
		if op == EPOLL_CTL_MOD {
			return EINVAL
		}
		if _, nested := tf.ops.(Eventpoll); op == EPOLL_CTL_ADD && (nested || ev.Events&^epExclusiveOK != 0) {
			return EINVAL
		}
	}
	return ep.EpollCtl(f, op, tf, fd, ev)
}

// EpollWait waits for events on the epoll instance epfd (epoll_wait(2)):
// up to len(events) of them, msec milliseconds on the kernel's Clock
// (-1 forever, 0 not at all). It returns how many it stored; 0 when the
// time ran out. EINVAL for an empty events.
func (p *Process) EpollWait(epfd int, events []EpollEvent, msec int) (int, error) {
	tr, tf := p.k.traceFD(p, epfd)
	n, err := p.epollWait(tr, epfd, events, msec, nil)
	if tr != nil {
		tr.fdDone(tf, "", 0, nil)
		tr.end("epoll_wait", int64(n), err, epfd, len(events), msec)
	}
	return n, err
}

// EpollPwait is EpollWait with the signals of sigmask blocked while it
// waits (epoll_pwait(2)): such a signal is recorded as ever but does not
// interrupt the wait with EINTR. A nil sigmask is EpollWait.
func (p *Process) EpollPwait(epfd int, events []EpollEvent, msec int, sigmask *Sigset_t) (int, error) {
	tr, tf := p.k.traceFD(p, epfd)
	n, err := p.epollWait(tr, epfd, events, msec, sigmask)
	if tr != nil {
		tr.fdDone(tf, "", 0, nil)
		tr.end("epoll_pwait", int64(n), err, epfd, len(events), msec)
	}
	return n, err
}

func (p *Process) epollWait(tr *callTrace, epfd int, events []EpollEvent, msec int, sigmask *Sigset_t) (int, error) {
	if p.exiting.Load() {
		return 0, ESRCH
	}
	// The fd comes first, then the count (a closed fd with maxevents 0
	// is EBADF on the host), then the kind of file.
	f, err := p.fdget(epfd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if len(events) == 0 || len(events) > epMaxEvents {
		return 0, EINVAL
	}
	ep, ok := f.ops.(Eventpoll)
	if !ok {
		return 0, EINVAL
	}
	n := ep.SendEvents(f, events)
	if tr != nil {
		tr.dispatched(f, "epoll_wait: ready list", n, nil)
	}
	if n > 0 || msec == 0 {
		return n, nil
	}
	var deadline time.Time
	if msec > 0 {
		deadline = p.k.clock.Now().Add(time.Duration(msec) * time.Millisecond)
	}
	qs := []*WaitQueue{ep.Sleepers(f)}
	seen := p.signalCount()
	for {
		err = p.block(qs, POLLIN, deadline, func() bool {
			n = ep.SendEvents(f, events)
			if tr != nil && tr.retry() {
				tr.fopLayer(f, "epoll_wait: ready list", n, nil)
			}
			return n > 0
		})
		if err != nil && tr != nil {
			tr.blockEnd(err)
		}
		if err != EINTR || sigmask == nil || !p.onlyBlocked(sigmask, &seen) {
			break
		}
	}
	switch err {
	case nil, errDeadline:
		return n, nil
	}
	return 0, err
}

// signalCount is how many signals the process has been sent.
func (p *Process) signalCount() int {
	p.sig.mu.Lock()
	defer p.sig.mu.Unlock()
	return len(p.sig.sent)
}

// onlyBlocked reports whether every signal sent since the first *seen
// is in mask, and moves *seen past them: a wait that mask blocks them
// for goes on.
func (p *Process) onlyBlocked(mask *Sigset_t, seen *int) bool {
	p.sig.mu.Lock()
	defer p.sig.mu.Unlock()
	sent := p.sig.sent[*seen:]
	*seen = len(p.sig.sent)
	for _, sig := range sent {
		if !mask.has(sig) {
			return false
		}
	}
	return true
}

// Eventpoll returns the epoll instance f is, nil if it is none
// (is_file_epoll): an epoll watching another needs it to refuse cycles.
func (f *File) Eventpoll() Eventpoll {
	ep, _ := f.ops.(Eventpoll)
	return ep
}

// NoReadWriter is implemented by the FileOperations of objects with no
// read and no write method at all, as an epoll instance: Linux leaves
// FMODE_CAN_READ and FMODE_CAN_WRITE unset on their Files, so readv(2)
// and writev(2) are EINVAL even of an empty vector, which elsewhere
// moves nothing and returns 0. (Their Read and Write say EINVAL too.)
type NoReadWriter interface {
	NoReadWrite()
}
