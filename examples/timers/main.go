// Command timers sets alarm(2) against timerfd(2) on a fake clock, so an
// hour of timer time runs in microseconds and every run prints the same.
//
// alarm() is the old way: one timer per process, and the only thing it
// can do is raise SIGALRM, which interrupts whatever call the process is
// blocked in. A timerfd is a timer made into a file descriptor: it
// interrupts nothing. It counts its expirations, and a read(2) returns
// that count. You can poll(2) it next to a pipe, and a forked child
// inherits it like any other fd.
package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := vfs.NewFakeClock(start)
	k, err := govfs.Boot(govfs.WithClock(clock))
	if err != nil {
		return err
	}
	defer k.Shutdown()
	p := k.Init()
	say := func(format string, args ...any) {
		fmt.Fprintf(w, "[t=%v] "+format+"\n", append([]any{clock.Now().Sub(start)}, args...)...)
	}
	if err := alarmStory(p, clock, say); err != nil {
		return err
	}
	return timerfdStory(p, clock, say)
}

// alarmStory is step 1: SIGALRM interrupts a blocked read.
func alarmStory(p *vfs.Process, clock *vfs.FakeClock, say func(string, ...any)) error {
	left, _ := p.Alarm(5)
	say("alarm(5) arms the process's one alarm; %d seconds were left on the previous one", left)
	left, _ = p.Alarm(2)
	say("alarm(2) replaces it and returns %d: a process has only one", left)

	// A read that waits: a socket nobody writes to. Its SO_RCVTIMEO of a
	// minute is only there so the fake clock can see the read waiting
	// (the timeout is a timer of its own) before we move time on.
	sv, err := p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	if err := p.SetsockoptTimeval(sv[0], vfs.SOL_SOCKET, vfs.SO_RCVTIMEO, &vfs.Timeval{Sec: 60}); err != nil {
		return err
	}
	done := make(chan error)
	go func() {
		_, err := p.Read(sv[0], make([]byte, 16))
		done <- err
	}()
	clock.WaitForTimers(2) // the alarm and the read's timeout
	say("a read on an empty socket is blocked; two seconds pass")
	clock.Advance(2 * time.Second)
	err = <-done
	say("the read returns %q (EINTR); the signals the process got: %v (SIGALRM is %d)",
		err, p.Signals(), vfs.SIGALRM)
	say("the read got no data and no count: the signal is all the process learns")
	p.Close(sv[0])
	p.Close(sv[1])
	return nil
}

// timerfdStory is step 2: the timer as a file.
func timerfdStory(p *vfs.Process, clock *vfs.FakeClock, say func(string, ...any)) error {
	tfd, err := p.TimerfdCreate(vfs.CLOCK_MONOTONIC, 0)
	if err != nil {
		return err
	}
	every := vfs.Timespec{Sec: 1}
	if err := p.TimerfdSettime(tfd, 0, &vfs.ItimerSpec{Value: every, Interval: every}, nil); err != nil {
		return err
	}
	say("timerfd_create gives fd %d, armed to expire every second", tfd)
	before := len(p.Signals())
	clock.Advance(3500 * time.Millisecond)
	n, err := readCount(p, tfd)
	if err != nil {
		return err
	}
	say("read(fd %d) returns %d expirations, and %d new signals arrived", tfd, n, len(p.Signals())-before)
	var cur vfs.ItimerSpec
	p.TimerfdGettime(tfd, &cur)
	say("timerfd_gettime: the next one in %v, then every %v",
		time.Duration(cur.Value.Nano()), time.Duration(cur.Interval.Nano()))

	// poll(2) watches the timer next to a pipe; the first to be ready
	// wakes it.
	pipe := make([]int, 2)
	if err := p.Pipe(pipe); err != nil {
		return err
	}
	fds := []vfs.PollFd{{Fd: int32(pipe[0]), Events: vfs.POLLIN}, {Fd: int32(tfd), Events: vfs.POLLIN}}
	polled := make(chan int)
	go func() {
		n, _ := p.Poll(fds, -1)
		polled <- n
	}()
	clock.Advance(500 * time.Millisecond)
	say("poll on the pipe and the timerfd wakes with %d ready: pipe revents %#x, timerfd revents %#x (POLLIN)",
		<-polled, fds[0].Revents, fds[1].Revents)
	n, _ = readCount(p, tfd)
	say("read: %d", n)

	// fork: the child gets the same timerfd, the same File, the same
	// count. The parent's alarm is not inherited: the child's alarm(0)
	// finds none.
	p.Alarm(100)
	child, err := p.Fork()
	if err != nil {
		return err
	}
	left, _ := child.Alarm(0)
	say("fork: the parent has an alarm pending; the child's alarm(0) returns %d: alarms are not inherited", left)
	clock.Advance(2 * time.Second)
	n, _ = readCount(child, tfd)
	say("the child reads the inherited fd %d: %d expirations", tfd, n)
	p.Alarm(0)

	// An hour of a 1 s period costs one expiry on the clock: an expired
	// timerfd is not armed again until somebody reads it, and that read
	// counts every period that passed.
	clock.Advance(time.Hour)
	say("an hour later the clock holds %d armed timers: the expired timerfd waits to be read", clock.Timers())
	n, _ = readCount(child, tfd)
	say("one read returns %d expirations", n)
	child.Exit(0)
	p.Wait(child.Pid())
	p.Close(tfd)
	say("the last close disarms it: %d timers armed", clock.Timers())
	return nil
}

// readCount reads a timerfd: 8 bytes, a little-endian count.
func readCount(p *vfs.Process, fd int) (uint64, error) {
	b := make([]byte, 8)
	if _, err := p.Read(fd, b); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b), nil
}
