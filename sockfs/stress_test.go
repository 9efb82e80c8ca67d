package sockfs_test

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Random calls from several goroutines on shared fds, passing sockets
// in all directions and closing them under each other: no panic, no
// deadlock, no race; and once every fd is closed every socket is gone,
// cycles in flight included.
func TestStressRandomCalls(t *testing.T) {
	p := boot(t)
	var live atomic.Int64
	watch := func(fd int) {
		f, err := p.Fget(fd)
		if err != nil {
			return
		}
		live.Add(1)
		f.OnRelease(func() { live.Add(-1) })
		f.DecRef()
	}
	const workers, steps = 4, 400
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 7))
			var fds []int
			pick := func() int {
				if len(fds) == 0 {
					return -1
				}
				return fds[r.IntN(len(fds))]
			}
			name := &vfs.SockaddrUnix{Name: "@stress" + string(rune('a'+r.IntN(3)))}
			for i := 0; i < steps; i++ {
				switch r.IntN(12) {
				case 0, 1:
					typ := []int{vfs.SOCK_STREAM, vfs.SOCK_DGRAM, vfs.SOCK_SEQPACKET}[r.IntN(3)]
					if pr, err := p.Socketpair(vfs.AF_UNIX, typ|vfs.SOCK_NONBLOCK, 0); err == nil {
						fds = append(fds, pr[0], pr[1])
						watch(pr[0])
						watch(pr[1])
					}
				case 2:
					if fd, err := p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM|vfs.SOCK_NONBLOCK, 0); err == nil {
						fds = append(fds, fd)
						watch(fd)
						if p.Bind(fd, name) == nil {
							p.Listen(fd, 2)
						}
					}
				case 3:
					fd := pick()
					p.Connect(fd, name)
				case 4:
					if nfd, _, err := p.Accept4(pick(), vfs.SOCK_NONBLOCK); err == nil {
						fds = append(fds, nfd)
						watch(nfd)
					}
				case 5:
					p.SendmsgN(pick(), []byte("x"), vfs.UnixRights(pick()), nil, vfs.MSG_DONTWAIT|vfs.MSG_NOSIGNAL)
				case 6:
					p.Sendto(pick(), make([]byte, r.IntN(5000)), vfs.MSG_DONTWAIT|vfs.MSG_NOSIGNAL, nil)
				case 7:
					oob := make([]byte, vfs.CmsgSpace(8))
					_, oobn, _, _, err := p.Recvmsg(pick(), make([]byte, 100), oob, vfs.MSG_DONTWAIT|r.IntN(2)*vfs.MSG_PEEK)
					if err == nil && oobn > 0 {
						if msgs, err := vfs.ParseSocketControlMessage(oob[:oobn]); err == nil {
							for i := range msgs {
								got, _ := vfs.ParseUnixRights(&msgs[i])
								fds = append(fds, got...)
							}
						}
					}
				case 8:
					p.Shutdown(pick(), r.IntN(3))
				case 9, 10:
					if len(fds) > 0 {
						j := r.IntN(len(fds))
						p.Close(fds[j])
						fds = append(fds[:j], fds[j+1:]...)
					}
				case 11:
					pf := []vfs.PollFd{{Fd: int32(pick()), Events: vfs.POLLIN | vfs.POLLOUT}}
					p.Poll(pf, 0)
				}
			}
			for _, fd := range fds {
				p.Close(fd)
			}
		}()
	}
	wg.Wait()
	trigger, err := p.Socket(vfs.AF_UNIX, vfs.SOCK_DGRAM, 0)
	require.NoError(t, err)
	require.NoError(t, p.Close(trigger)) // runs the collector
	require.Zero(t, live.Load(), "sockets left alive")
}
