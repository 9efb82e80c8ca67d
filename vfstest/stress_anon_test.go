package vfstest_test

import (
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/govfs/govfs/vfs"
)

// eventfd and epoll in TestStress: workers make eventfds and epolls,
// add, change and remove interests in any of their fds (pipes, FIFOs,
// sockets, devices, files, each other) while the other thread of the
// process closes them, wait without blocking, and exit with interests
// in place; init's children fork with them. The invariants:
//
//   - no leak: every eventfd and epoll File made is released once the
//     processes are gone (a release hook counts them), so no interest
//     keeps a File or an epoll alive;
//   - no hang: the watchdog of stress_test.go;
//   - no lost wake-up: a call that sleeps in epoll_wait on an eventfd
//     another goroutine writes must wake, every time.

func init() {
	stressCalls = append(stressCalls,
		stressCall{"eventfd", (*stressWorker).eventfd},
		stressCall{"epoll_create", (*stressWorker).epollCreate},
		stressCall{"epoll_ctl", (*stressWorker).epollCtl},
		stressCall{"epoll_ctl", (*stressWorker).epollCtl},
		stressCall{"epoll_wait", (*stressWorker).epollWait},
		stressCall{"eventfd_rw", (*stressWorker).eventfdRW},
		stressCall{"epoll_wakeup", (*stressWorker).epollWakeup})
}

// anonTracker counts the anon Files the workers made and those released.
var anonTracker struct {
	made, released atomic.Int64
}

// track counts fd's File as made and arranges to count its release.
func (w *stressWorker) track(fd int) {
	f, err := w.p.Fget(fd)
	if err != nil {
		return // the other thread closed it already: not counted either way
	}
	anonTracker.made.Add(1)
	f.OnRelease(func() { anonTracker.released.Add(1) })
	f.DecRef()
}

func (w *stressWorker) eventfd() error {
	flags := []int{vfs.EFD_NONBLOCK, vfs.EFD_NONBLOCK | vfs.EFD_SEMAPHORE, vfs.EFD_NONBLOCK | vfs.EFD_CLOEXEC, 7}[w.rng.IntN(4)]
	fd, err := w.p.Eventfd(uint(w.rng.IntN(3)), flags)
	if err == nil {
		w.track(fd)
		w.keep(fd)
	}
	return err
}

func (w *stressWorker) epollCreate() error {
	fd, err := w.p.EpollCreate1([]int{0, vfs.EPOLL_CLOEXEC, 1}[w.rng.IntN(3)])
	if err == nil {
		w.track(fd)
		w.keep(fd)
	}
	return err
}

var stressEpollEvents = []uint32{
	vfs.EPOLLIN, vfs.EPOLLOUT, vfs.EPOLLIN | vfs.EPOLLOUT | vfs.EPOLLRDHUP, 0, vfs.EPOLLIN | vfs.EPOLLET,
	vfs.EPOLLIN | vfs.EPOLLONESHOT, vfs.EPOLLIN | vfs.EPOLLEXCLUSIVE, vfs.EPOLLOUT | vfs.EPOLLET | vfs.EPOLLONESHOT, 0xffffffff,
}

func (w *stressWorker) epollCtl() error {
	op := []int{vfs.EPOLL_CTL_ADD, vfs.EPOLL_CTL_ADD, vfs.EPOLL_CTL_MOD, vfs.EPOLL_CTL_DEL, 0, 9}[w.rng.IntN(6)]
	var ev *vfs.EpollEvent
	if w.rng.IntN(12) != 0 {
		ev = &vfs.EpollEvent{Events: stressEpollEvents[w.rng.IntN(len(stressEpollEvents))], Fd: int32(w.rng.Int32())}
	}
	return w.p.EpollCtl(w.fd(), op, w.fd(), ev)
}

func (w *stressWorker) epollWait() error {
	evs := make([]vfs.EpollEvent, w.rng.IntN(9))
	n, err := w.p.EpollWait(w.fd(), evs, []int{0, 0, 0, 1}[w.rng.IntN(4)])
	if err == nil && (n < 0 || n > len(evs)) {
		return fmt.Errorf("epoll_wait returned %d events for %d slots", n, len(evs))
	}
	for _, ev := range evs[:max(n, 0)] {
		if ev.Events == 0 || ev.Events&(vfs.EPOLLET|vfs.EPOLLONESHOT|vfs.EPOLLEXCLUSIVE|vfs.EPOLLWAKEUP) != 0 {
			return fmt.Errorf("epoll_wait reported events %#x", ev.Events)
		}
	}
	return err
}

func (w *stressWorker) eventfdRW() error {
	b := make([]byte, 8)
	if w.rng.IntN(2) == 0 {
		binary.LittleEndian.PutUint64(b, []uint64{1, 1, 1 << 62, ^uint64(0)}[w.rng.IntN(4)])
		_, err := w.p.Write(w.fd(), b)
		return err
	}
	_, err := w.p.Read(w.fd(), b[:[]int{8, 8, 4}[w.rng.IntN(3)]])
	return err
}

// epollWakeup sleeps in epoll_wait (with a timeout no run reaches) on
// an eventfd that another goroutine writes: the wait must wake with the
// event. It runs in a child of its own, whose fd table no other thread
// shares, so no stale fd number of the other worker lands on its fds.
func (w *stressWorker) epollWakeup() error {
	c, err := w.p.Fork()
	if err != nil {
		return err
	}
	err = wakeupOnce(c, w.rng.IntN(3), time.Duration(w.rng.IntN(200))*time.Microsecond)
	c.Exit(0)
	if _, werr := w.p.Wait(c.Pid()); err == nil {
		err = werr
	}
	return err
}

func wakeupOnce(p *vfs.Process, mode int, delay time.Duration) error {
	ep, err := p.EpollCreate1(0)
	if err != nil {
		return err
	}
	efd, err := p.Eventfd(0, vfs.EFD_NONBLOCK)
	if err != nil {
		return err
	}
	events := []uint32{vfs.EPOLLIN, vfs.EPOLLIN | vfs.EPOLLET, vfs.EPOLLIN | vfs.EPOLLONESHOT}[mode]
	if err := p.EpollCtl(ep, vfs.EPOLL_CTL_ADD, efd, &vfs.EpollEvent{Events: events, Fd: 77}); err != nil {
		return err
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(delay)
		_, _ = p.Write(efd, []byte{1, 0, 0, 0, 0, 0, 0, 0})
	}()
	evs := make([]vfs.EpollEvent, 2)
	n, err := p.EpollWait(ep, evs, 30000)
	wg.Wait()
	switch {
	case err != nil:
		return err
	case n != 1 || evs[0].Fd != 77 || evs[0].Events != vfs.EPOLLIN:
		return fmt.Errorf("lost wake-up: epoll_wait = %d %v after an eventfd write", n, evs[:max(n, 0)])
	}
	return nil // the child's exit closes both fds, with the interest
}
