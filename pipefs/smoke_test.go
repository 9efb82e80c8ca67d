package pipefs_test

import (
	"testing"
	"time"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func TestSmokePipe(t *testing.T) {
	k, _ := govfs.Boot()
	defer k.Shutdown()
	p := k.Init()
	fds := make([]int, 2)
	if err := p.Pipe(fds); err != nil {
		t.Fatal(err)
	}
	go func() {
		for i := 0; i < 100; i++ {
			p.Write(fds[1], make([]byte, 10000))
		}
		p.Close(fds[1])
	}()
	buf := make([]byte, 65536)
	total := 0
	for {
		n, err := p.Read(fds[0], buf)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		total += n
	}
	t.Log("total", total)
	var st vfs.Stat_t
	p.Fstat(fds[0], &st)
	t.Logf("%o", st.Mode)
	// FIFO
	p.Mkfifo("/tmp/f", 0644)
	done := make(chan int)
	go func() {
		fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
		t.Log("reader open", fd, err)
		n, err := p.Read(fd, buf)
		done <- n
	}()
	time.Sleep(10 * time.Millisecond)
	wfd, err := p.Open("/tmp/f", vfs.O_WRONLY, 0)
	t.Log("writer", wfd, err)
	p.Write(wfd, []byte("hey"))
	t.Log("read", <-done)
	pf := []vfs.PollFd{{Fd: int32(fds[0]), Events: vfs.POLLIN}}
	n, err := p.Poll(pf, 10)
	t.Log(n, err, pf)
}
