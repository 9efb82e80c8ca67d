package govfs_test

import (
	"fmt"
	"time"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// A FakeClock runs time forward without sleeping: timestamps read it,
// and a poll(2) with a five-second timeout ends when the clock is
// advanced by five seconds.
func ExampleWithClock() {
	clock := vfs.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	k, err := govfs.Boot(govfs.WithClock(clock))
	if err != nil {
		panic(err)
	}
	defer k.Shutdown()
	p := k.Init()

	fd, _ := p.Creat("/tmp/stamp", 0o644)
	p.Close(fd)
	var st vfs.Stat_t
	p.Stat("/tmp/stamp", &st)
	fmt.Println("mtime:", time.Unix(st.Mtim.Unix()).UTC())

	fds := make([]int, 2)
	p.Pipe(fds)
	done := make(chan int)
	go func() {
		n, _ := p.Poll([]vfs.PollFd{{Fd: int32(fds[0]), Events: vfs.POLLIN}}, 5000)
		done <- n
	}()
	clock.WaitForTimers(1) // the poll is waiting
	clock.Advance(5 * time.Second)
	fmt.Println("poll:", <-done, "at", clock.Now().Format(time.TimeOnly))
	// Output:
	// mtime: 2026-01-01 00:00:00 +0000 UTC
	// poll: 0 at 00:00:05
}
