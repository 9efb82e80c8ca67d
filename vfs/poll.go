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
// on one channel.
func (p *Process) Poll(fds []PollFd, timeout int) (int, error) {
	n, err := p.poll(fds, timeout)
	if p.k.tracing() {
		p.k.traceSys(p, "poll", int64(n), err, len(fds), timeout)
	}
	return n, err
}

func (p *Process) poll(fds []PollFd, timeout int) (int, error) {
	if p.exiting.Load() {
		return 0, ESRCH // its fds would all be POLLNVAL, and it would sleep
	}
	if len(fds) > p.nofile() {
		return 0, EINVAL
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(time.Duration(timeout) * time.Millisecond)
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
	var w *Waiter
	for {
		n := scanPoll(fds, files)
		if n > 0 || timeout == 0 {
			return n, nil
		}
		if w == nil {
			// Register on every queue, then scan again before sleeping.
			w = NewWaiter(^uint32(0))
			for _, f := range files {
				if f == nil {
					continue
				}
				if pl, ok := f.ops.(Poller); ok {
					q := pl.EventQueue(f)
					q.Add(w)
					defer q.Remove(w)
				}
			}
			continue
		}
		ok, err := p.wait(w, deadline)
		if err != nil {
			return 0, err
		}
		if !ok {
			return scanPoll(fds, files), nil
		}
	}
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
