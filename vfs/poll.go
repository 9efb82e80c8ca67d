package vfs

import "time"

// PollFd is struct pollfd.
type PollFd struct {
	Fd      int32
	Events  int16
	Revents int16
}

// Poll waits for events on fds (poll(2)): timeout in milliseconds, -1
// forever, 0 a check that never blocks. A closed fd reports POLLNVAL, a
// negative one is skipped. However many fds there are, the caller waits
// on one channel, with no goroutine per fd; the timeout runs on the
// kernel's Clock.
func (p *Process) Poll(fds []PollFd, timeout int) (int, error) {
	tr := p.k.traceBegin(p)
	n, err := p.poll(tr, fds, timeout)
	if tr != nil {
		tr.end("poll", int64(n), err, pollFds(fds), len(fds), timeout)
	}
	return n, err
}

func (p *Process) poll(tr *callTrace, fds []PollFd, timeout int) (int, error) {
	if p.exiting.Load() {
		return 0, ESRCH // its fds would all be POLLNVAL, and it would sleep
	}
	if len(fds) > p.nofile() {
		return 0, EINVAL
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = p.k.clock.Now().Add(time.Duration(timeout) * time.Millisecond)
	}
	files := make([]*File, len(fds))
	for i, pfd := range fds {
		if pfd.Fd >= 0 {
			files[i], _ = p.fdget(int(pfd.Fd))
		}
	}
	defer func() {
		for _, f := range files {
			if f != nil {
				f.DecRef()
			}
		}
	}()
	n := scanPoll(fds, files)
	if tr != nil {
		tr.tries = 0
		tr.pollScan(fds, files)
	}
	if n > 0 || timeout == 0 {
		return n, nil
	}
	// One Waiter on the queues of all the files: a wake-up from any of
	// them rescans all.
	qs := make([]*WaitQueue, 0, len(files))
	for _, f := range files {
		if f != nil {
			qs = append(qs, f.EventQueue())
		}
	}
	err := p.block(qs, ^uint32(0), deadline, func() bool {
		n = scanPoll(fds, files)
		if tr != nil && tr.retry() {
			tr.pollScan(fds, files)
		}
		return n > 0
	})
	if err != nil && tr != nil {
		tr.blockEnd(err)
	}
	switch err {
	case nil, errDeadline:
		return n, nil
	}
	return 0, err
}

// scanPoll fills Revents and counts the fds with events.
func scanPoll(fds []PollFd, files []*File) int {
	n := 0
	for i := range fds {
		fds[i].Revents = 0
		switch {
		case fds[i].Fd < 0:
			continue
		case files[i] == nil:
			fds[i].Revents = POLLNVAL
		default:
			mask := uint32(uint16(fds[i].Events)) | POLLERR | POLLHUP
			fds[i].Revents = int16(files[i].readiness(mask) & mask)
		}
		if fds[i].Revents != 0 {
			n++
		}
	}
	return n
}
