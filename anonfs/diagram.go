package anonfs

import (
	"slices"
	"strconv"
	"time"

	"github.com/govfs/govfs/internal/sysfmt"
	"github.com/govfs/govfs/vfs"
)

var _ vfs.DiagramLinker = (*eventpoll)(nil)

// epollEventNames spell an interest's events for Kernel.Diagram.
var epollEventNames = []sysfmt.Name{
	{vfs.EPOLLIN, "EPOLLIN"}, {vfs.EPOLLPRI, "EPOLLPRI"}, {vfs.EPOLLOUT, "EPOLLOUT"},
	{vfs.EPOLLERR, "EPOLLERR"}, {vfs.EPOLLHUP, "EPOLLHUP"}, {vfs.EPOLLRDNORM, "EPOLLRDNORM"},
	{vfs.EPOLLWRNORM, "EPOLLWRNORM"}, {vfs.EPOLLRDHUP, "EPOLLRDHUP"},
	{vfs.EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE"}, {vfs.EPOLLWAKEUP, "EPOLLWAKEUP"},
	{vfs.EPOLLONESHOT, "EPOLLONESHOT"}, {vfs.EPOLLET, "EPOLLET"},
}

// DiagramLinks points an epoll at the Files it watches, one link per
// interest in the order of the fds, as fdinfo lists them: "watches fd 4
// EPOLLIN". An interest belongs to the File, not the fd, so the link
// goes to the File even once that fd is closed or reused. The events
// are those asked for: EPOLLERR and EPOLLHUP, which every interest
// gets, are left out.
func (ep *eventpoll) DiagramLinks(*vfs.File) []vfs.DiagramLink {
	ep.mtx.Lock()
	items := make([]*epitem, 0, len(ep.items))
	for _, epi := range ep.items {
		items = append(items, epi)
	}
	slices.SortFunc(items, func(a, b *epitem) int {
		if a.key.fd != b.key.fd {
			return a.key.fd - b.key.fd
		}
		return int(a.seq) - int(b.seq)
	})
	links := make([]vfs.DiagramLink, 0, len(items))
	for _, epi := range items {
		ep.lock.Lock()
		events := epi.event.Events &^ (vfs.EPOLLERR | vfs.EPOLLHUP)
		ep.lock.Unlock()
		label := "watches fd " + strconv.Itoa(epi.key.fd) + " " + sysfmt.FlagsOr0(int(events), epollEventNames)
		links = append(links, vfs.DiagramLink{Label: label, To: epi.key.f})
	}
	ep.mtx.Unlock()
	return links
}

var (
	_ vfs.DiagramLinker = (*eventfd)(nil)
	_ vfs.DiagramLinker = (*timerfd)(nil)
)

// DiagramLinks points an eventfd's File at its counter (eventfd_ctx):
// every anon File shares one inode, so the object is what tells them
// apart.
func (e *eventfd) DiagramLinks(*vfs.File) []vfs.DiagramLink {
	e.mu.Lock()
	name := "eventfd_ctx\ncount " + strconv.FormatUint(e.count, 10)
	e.mu.Unlock()
	if e.semaphore {
		name += "\nEFD_SEMAPHORE"
	}
	return []vfs.DiagramLink{{Label: "private_data", To: e, Kind: "eventfd", Name: name}}
}

var clockNames = map[int]string{
	vfs.CLOCK_REALTIME: "CLOCK_REALTIME", vfs.CLOCK_MONOTONIC: "CLOCK_MONOTONIC",
	vfs.CLOCK_BOOTTIME: "CLOCK_BOOTTIME", vfs.CLOCK_REALTIME_ALARM: "CLOCK_REALTIME_ALARM",
	vfs.CLOCK_BOOTTIME_ALARM: "CLOCK_BOOTTIME_ALARM",
}

// DiagramLinks points a timerfd's File at its timer (timerfd_ctx): its
// clock, whether it is armed, its period and the expirations not yet
// read.
func (t *timerfd) DiagramLinks(*vfs.File) []vfs.DiagramLink {
	clock, ok := clockNames[t.clockid]
	if !ok {
		clock = "clock " + strconv.Itoa(t.clockid)
	}
	name := "timerfd_ctx\n" + clock
	t.mu.Lock()
	if t.tmr.Active() {
		name += "\narmed"
	} else {
		name += "\ndisarmed"
	}
	if t.interval != 0 {
		name += ", every " + time.Duration(t.interval).String()
	}
	name += "\nticks unread " + strconv.FormatUint(t.ticks, 10)
	t.mu.Unlock()
	return []vfs.DiagramLink{{Label: "private_data", To: t, Kind: "timerfd", Name: name}}
}
