// Command eventloop is a narrated event loop, the shape of every
// server built on epoll(7): one goroutine blocks in epoll_wait on a
// listening unix socket, the connections it accepts and an eventfd, and
// does whatever is ready — accept, echo, the work another goroutine
// rang the eventfd's doorbell for, or the periodic tick of a timerfd.
// The timer runs on a fake clock, so idle seconds pass when the
// narrator says so, not when the wall clock does. On the way it meets the classic epoll surprise: an
// interest belongs to the open file, not to the fd, so closing an fd
// that a dup keeps open leaves the interest, and its events, alive.
//
//	go run ./examples/eventloop
package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "eventloop:", err)
		os.Exit(1)
	}
}

// What an event's 64-bit data says: the kind of fd in the high half
// (Pad), the fd in the low half (Fd). The kernel hands it back
// verbatim; it never looks inside.
const (
	kindListener = iota + 1
	kindWake
	kindConn
	kindTick
)

const sockPath = "/tmp/echo.sock"

func run(out io.Writer) error {
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	clock := vfs.NewFakeClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	k, err := govfs.Boot(govfs.WithClock(clock))
	if err != nil {
		return err
	}
	defer k.Shutdown()
	server := k.Init()

	say("== the server sets up its fds ==")
	l, err := listen(server)
	if err != nil {
		return err
	}
	wake, err := server.Eventfd(0, vfs.EFD_NONBLOCK|vfs.EFD_CLOEXEC)
	if err != nil {
		return err
	}
	ep, err := server.EpollCreate1(vfs.EPOLL_CLOEXEC)
	if err != nil {
		return err
	}
	tick, err := server.TimerfdCreate(vfs.CLOCK_MONOTONIC, vfs.TFD_NONBLOCK|vfs.TFD_CLOEXEC)
	if err != nil {
		return err
	}
	second := vfs.Timespec{Sec: 1}
	if err := server.TimerfdSettime(tick, 0, &vfs.ItimerSpec{Interval: second, Value: second}, nil); err != nil {
		return err
	}
	for _, w := range []struct{ fd, kind int }{{l, kindListener}, {wake, kindWake}, {tick, kindTick}} {
		if err := server.EpollCtl(ep, vfs.EPOLL_CTL_ADD, w.fd, &vfs.EpollEvent{Events: vfs.EPOLLIN, Fd: int32(w.fd), Pad: int32(w.kind)}); err != nil {
			return err
		}
	}
	say("socket+bind+listen %q = fd %d; eventfd(0, EFD_NONBLOCK) = fd %d (the doorbell);", sockPath, l, wake)
	say("epoll_create1 = fd %d; timerfd_create + timerfd_settime(every 1s) = fd %d (the tick);", ep, tick)
	say("the epoll watches all three for EPOLLIN with data {kind, fd}.")

	lp := &loop{p: server, l: l, ep: ep, wake: wake, tick: tick, said: make(chan string), resume: make(chan struct{}), conns: map[int]bool{}}
	done := make(chan error, 1)
	go func() { done <- lp.run() }()
	say("One goroutine now runs the loop: epoll_wait(%d, 8, -1) and handle what is ready.", ep)

	say("\n== a client connects and talks ==")
	alice, err := dial(server, "alice")
	if err != nil {
		return err
	}
	say("%s", <-lp.said)
	if err := alice.send("hello, loop"); err != nil {
		return err
	}
	say("%s", <-lp.said)
	say("alice reads back %q.", alice.recv())

	say("\n== three seconds while the loop is busy, on the fake clock ==")
	lp.post("work for a while")
	say("%s", <-lp.said)
	clock.Advance(3 * time.Second)
	lp.resume <- struct{}{}
	say("%s", <-lp.said)
	say("Nothing slept: Advance(3s) ran the timerfd's timer on the kernel's clock while the loop")
	say("was busy. One wake-up, and the read told it how many periods passed: a tick missed is")
	say("counted, not lost.")

	say("\n== another goroutine rings the doorbell ==")
	lp.post("count the connections")
	say("A worker queued a task and wrote 1 to the eventfd, from its own goroutine.")
	say("%s", <-lp.said)

	say("\n== the surprise: a dup keeps an interest alive ==")
	bob, err := dial(server, "bob")
	if err != nil {
		return err
	}
	say("%s", <-lp.said)
	lp.post("dup the newest connection for the audit log")
	say("%s", <-lp.said)
	bob.hangUp()
	say("bob hangs up.")
	say("%s", <-lp.said)
	say("%s", <-lp.said)
	lp.post("count the connections")
	say("%s", <-lp.said)
	say("The hang-up is reported no more: the interest went with the File.")

	say("\n== stop ==")
	lp.post("stop")
	say("%s", <-lp.said)
	if err := <-done; err != nil {
		return err
	}
	alice.hangUp()
	for _, fd := range []int{ep, tick, wake, l} {
		server.Close(fd)
	}
	say("The loop returned; closing the epoll fd took its remaining interests with it.")
	return nil
}

func listen(p *vfs.Process) (int, error) {
	l, err := p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM|vfs.SOCK_NONBLOCK|vfs.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	if err := p.Bind(l, &vfs.SockaddrUnix{Name: sockPath}); err != nil {
		return -1, err
	}
	return l, p.Listen(l, 8)
}

// client is a forked process with a connection to the server.
type client struct {
	p  *vfs.Process
	fd int
}

func dial(parent *vfs.Process, name string) (*client, error) {
	p, err := parent.Fork()
	if err != nil {
		return nil, err
	}
	fd, err := p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	if err == nil {
		err = p.Connect(fd, &vfs.SockaddrUnix{Name: sockPath})
	}
	return &client{p, fd}, err
}

func (c *client) send(s string) error { _, err := c.p.Write(c.fd, []byte(s)); return err }

func (c *client) recv() string {
	buf := make([]byte, 64)
	n, _ := c.p.Read(c.fd, buf)
	return string(buf[:max(n, 0)])
}

func (c *client) hangUp() {
	c.p.Exit(0)
	_, _ = c.p.Kernel().Init().Wait(c.p.Pid())
}

// loop is the server's event loop; said carries one line of narration
// per event it handles.
type loop struct {
	p           *vfs.Process
	l, ep, wake int
	tick        int
	said        chan string
	conns       map[int]bool // the connections the loop believes it has
	newest      int          // the last connection accepted
	audit       int          // a dup of a connection's fd, or 0

	resume chan struct{} // ends the "work for a while" task

	mu    sync.Mutex
	tasks []string // what the doorbell was rung for
}

// post queues a task and rings the doorbell (eventfd write).
func (lp *loop) post(task string) {
	lp.mu.Lock()
	lp.tasks = append(lp.tasks, task)
	lp.mu.Unlock()
	one := []byte{1, 0, 0, 0, 0, 0, 0, 0}
	_, _ = lp.p.Write(lp.wake, one)
}

func (lp *loop) run() error {
	evs := make([]vfs.EpollEvent, 8)
	for {
		n, err := lp.p.EpollWait(lp.ep, evs, -1)
		if err != nil {
			return err
		}
		for _, ev := range evs[:n] {
			switch ev.Pad {
			case kindListener:
				lp.accept()
			case kindWake:
				if lp.doorbell() {
					return nil
				}
			case kindConn:
				lp.serve(int(ev.Fd), ev.Events)
			case kindTick:
				lp.ticked()
			}
		}
	}
}

func (lp *loop) accept() {
	fd, _, err := lp.p.Accept4(lp.l, vfs.SOCK_NONBLOCK|vfs.SOCK_CLOEXEC)
	if err != nil {
		lp.said <- "[loop] accept4: " + err.Error()
		return
	}
	lp.conns[fd] = true
	lp.newest = fd
	ev := &vfs.EpollEvent{Events: vfs.EPOLLIN | vfs.EPOLLRDHUP, Fd: int32(fd), Pad: kindConn}
	if err := lp.p.EpollCtl(lp.ep, vfs.EPOLL_CTL_ADD, fd, ev); err != nil {
		lp.said <- "[loop] epoll_ctl: " + err.Error()
		return
	}
	lp.said <- fmt.Sprintf("[loop] listener readable: accept4 = fd %d, added with EPOLLIN|EPOLLRDHUP.", fd)
}

func (lp *loop) serve(fd int, events uint32) {
	if !lp.conns[fd] {
		lp.said <- fmt.Sprintf("[loop] an event (%s) for fd %d, which the loop closed! The dup holds the\n"+
			"       same open File, and the interest belongs to the File, so it lives and,\n"+
			"       level-triggered, reports the hang-up again and again. EPOLL_CTL_DEL on fd %d\n"+
			"       is EBADF now (%v). Closing the dup, the File's last reference, ends it.",
			evNames(events), fd, fd, lp.p.EpollCtl(lp.ep, vfs.EPOLL_CTL_DEL, fd, nil))
		lp.p.Close(lp.audit)
		lp.audit = 0
		return
	}
	buf := make([]byte, 64)
	n, err := lp.p.Read(fd, buf)
	if n > 0 {
		_, _ = lp.p.Write(fd, buf[:n])
		lp.said <- fmt.Sprintf("[loop] fd %d readable (%s): read %q, wrote it back.", fd, evNames(events), buf[:n])
		return
	}
	delete(lp.conns, fd)
	lp.p.Close(fd)
	lp.said <- fmt.Sprintf("[loop] fd %d says %s and read = %d (%v): end of file, so close(%d) —\n"+
		"       without EPOLL_CTL_DEL, trusting close to end the interest.", fd, evNames(events), n, err, fd)
}

// ticked reads the timerfd: the expirations since the last read.
func (lp *loop) ticked() {
	buf := make([]byte, 8)
	n, err := lp.p.Read(lp.tick, buf)
	if n != 8 {
		lp.said <- fmt.Sprintf("[loop] timerfd read = %d (%v)", n, err)
		return
	}
	lp.said <- fmt.Sprintf("[loop] timerfd readable: read = %d expirations since the last read; the periodic work runs once.",
		binary.LittleEndian.Uint64(buf))
}

// doorbell drains the eventfd and runs the tasks; it reports whether
// one said stop.
func (lp *loop) doorbell() bool {
	buf := make([]byte, 8)
	_, _ = lp.p.Read(lp.wake, buf)
	lp.mu.Lock()
	tasks := lp.tasks
	lp.tasks = nil
	lp.mu.Unlock()
	var lines []string
	stop, busy := false, false
	for _, t := range tasks {
		switch t {
		case "count the connections":
			lines = append(lines, fmt.Sprintf("task %q: %d open.", t, len(lp.conns)))
		case "dup the newest connection for the audit log":
			lp.audit, _ = lp.p.Dup(lp.newest)
			lines = append(lines, fmt.Sprintf("task %q: dup(%d) = %d.", t, lp.newest, lp.audit))
		case "work for a while":
			busy = true
			lines = append(lines, fmt.Sprintf("task %q: busy until the work is done.", t))
		case "stop":
			stop = true
			lines = append(lines, fmt.Sprintf("task %q: leaving the loop.", t))
		}
	}
	lp.said <- fmt.Sprintf("[loop] doorbell: read the eventfd's count %d; %s", buf[0], strings.Join(lines, " "))
	if busy {
		<-lp.resume // the narrator moves the clock meanwhile
	}
	return stop
}

var evBits = []struct {
	bit  uint32
	name string
}{{vfs.EPOLLIN, "EPOLLIN"}, {vfs.EPOLLOUT, "EPOLLOUT"}, {vfs.EPOLLERR, "EPOLLERR"}, {vfs.EPOLLHUP, "EPOLLHUP"}, {vfs.EPOLLRDHUP, "EPOLLRDHUP"}}

func evNames(ev uint32) string {
	var s []string
	for _, b := range evBits {
		if ev&b.bit != 0 {
			s = append(s, b.name)
		}
	}
	return strings.Join(s, "|")
}
