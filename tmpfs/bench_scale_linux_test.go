//go:build linux

package tmpfs_test

// The kernel as a peer of the scaling benchmarks: threads of this
// process share its fd table, and a thread that unshares CLONE_FILES
// gets its own, which is all that tells two processes from two threads
// for open and stat.

import (
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func init() {
	kernelScale = hostScale
	processCPU = func() time.Duration {
		var ru unix.Rusage
		if unix.Getrusage(unix.RUSAGE_SELF, &ru) != nil {
			return 0
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
}

func hostScale(b *testing.B, call string, n int, procs bool) ([]scaleOp, func() error) {
	h := newHostFS(b).(*hostFS)
	b.Cleanup(h.close)
	benchMkdirAll(b, h, benchDeepDir)
	ops := make([]scaleOp, n)
	for i := range ops {
		path := benchRel(scaleFile(i))
		if err := h.createEmpty(scaleFile(i)); err != nil {
			b.Fatal(err)
		}
		st := new(lineStat[unix.Stat_t])
		if call == "stat" {
			ops[i] = func() error { return unix.Fstatat(h.dirfd, path, &st.st, 0) }
		} else {
			ops[i] = func() error {
				fd, err := unix.Openat(h.dirfd, path, unix.O_RDONLY, 0)
				if err != nil {
					return err
				}
				return unix.Close(fd)
			}
		}
	}
	if !procs {
		return ops, nil
	}
	// The worker's goroutine stays locked to its thread, so the thread
	// and its private fd table end with the goroutine.
	return ops, func() error {
		runtime.LockOSThread()
		return unix.Unshare(unix.CLONE_FILES)
	}
}
