package vfs

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// Tracer receives one line per system call, strace style:
//
//	[1] openat(AT_FDCWD, "/tmp/x", 0x241, 0644) = 3
//	[1] read(3, 4096) = -1 EBADF (bad file descriptor)
//
// Every syscall reports through Kernel.traceSys, the one place where
// calls leave the kernel, so later layers can add what they crossed.
type Tracer struct {
	mu sync.Mutex
	w  io.Writer
}

// Trace starts writing a line per syscall to w; Trace(nil) stops.
func (k *Kernel) Trace(w io.Writer) {
	if w == nil {
		k.tracer.Store(nil)
		return
	}
	k.tracer.Store(&Tracer{w: w})
}

func (k *Kernel) tracing() bool { return k.tracer.Load() != nil }

// traceSys writes one line: the call, its arguments and its result. The
// callers build args only when tracing() is true.
func (k *Kernel) traceSys(p *Process, name string, ret int64, err error, args ...any) {
	t := k.tracer.Load()
	if t == nil {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[%d] %s(", p.pid, name)
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		switch v := a.(type) {
		case string:
			fmt.Fprintf(&b, "%q", v)
		case []byte:
			fmt.Fprintf(&b, "%q", truncate(v))
		case uint32:
			fmt.Fprintf(&b, "%#o", v)
		case atFD:
			if v == AT_FDCWD {
				b.WriteString("AT_FDCWD")
			} else {
				fmt.Fprintf(&b, "%d", int(v))
			}
		default:
			fmt.Fprintf(&b, "%v", v)
		}
	}
	b.WriteString(") = ")
	if err != nil {
		e := ErrnoOf(err)
		fmt.Fprintf(&b, "-1 %s (%s)\n", e.Name(), e.Error())
	} else {
		fmt.Fprintf(&b, "%d\n", ret)
	}
	t.mu.Lock()
	io.WriteString(t.w, b.String())
	t.mu.Unlock()
}

// atFD marks a dirfd argument so AT_FDCWD prints by name.
type atFD int

func truncate(b []byte) []byte {
	if len(b) > 32 {
		return b[:32]
	}
	return b
}

// flagsArg prints open flags in traces.
type flagsArg int

func (f flagsArg) String() string { return "0x" + strconv.FormatUint(uint64(f), 16) }
