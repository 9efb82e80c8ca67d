package sh

import (
	"bytes"
	"slices"
	"strconv"
	"sync"

	"github.com/govfs/govfs/vfs"
)

// wait [pid...] reaps background children with wait4(2): all of them
// (status 0), or the ones named (the last one's status; 127 for a pid
// that is not a child of this shell).
func (s *shell) wait(argv []string) int {
	if len(argv) == 1 {
		for _, pid := range s.jobs {
			s.reap(pid)
		}
		s.jobs = nil
		return 0
	}
	status := 0
	for _, a := range argv[1:] {
		pid, ok := atoi(a)
		if !ok {
			s.errorf("wait: Illegal number: %s", a)
			return 2
		}
		i := slices.Index(s.jobs, pid)
		if i < 0 {
			status = 127
			continue
		}
		s.jobs = slices.Delete(s.jobs, i, i+1)
		status = s.reap(pid)
	}
	return status
}

// reapDone reaps the background jobs that ended, and says so as dash
// does before a prompt ("[1] + Done", "[2] + Exit 3"), so that an
// interactive shell leaves no zombies behind. Zombie says which ones
// wait4 would not block for.
func (s *shell) reapDone() {
	var left []int
	for i, pid := range s.jobs {
		c, ok := s.p.Kernel().Process(pid)
		if ok && !c.Zombie() {
			left = append(left, pid)
			continue
		}
		status, what := s.reap(pid), "Done"
		if status != 0 {
			what = "Exit " + strconv.Itoa(status)
		}
		s.writeErr("[" + strconv.Itoa(i+1) + "] + " + what + "\n")
	}
	s.jobs = left
}

// reap waits for one child and returns its status as $? spells it.
func (s *shell) reap(pid int) int {
	c, ok := s.p.Kernel().Process(pid)
	if !ok {
		return 127
	}
	return s.waitChild(c)
}

// trace on|off switches the kernel's tracer (vfs.Kernel.TraceWith) for
// the commands that follow, starting with the next one; `trace layers`
// and `trace walk` switch it on with the layers each call crossed, and
// with the path walk's steps too (vfs.TraceLayers, vfs.TraceWalk). The
// trace goes to
// Options.Trace as it happens, or else, a command at a time, to fd 2.
// The tracer is the kernel's: it shows every process's calls, the
// shell's fork, pipe and wait4 and its children's execve, open, read
// and write alike.
func (s *shell) trace(argv []string) int {
	levels := map[string]vfs.TraceLevel{"on": vfs.TraceSyscalls, "layers": vfs.TraceLayers, "walk": vfs.TraceWalk}
	level, on := vfs.TraceLevel(0), false
	if len(argv) == 2 {
		level, on = levels[argv[1]]
	}
	if len(argv) != 2 || !on && argv[1] != "off" {
		s.errorf("trace: usage: trace on|layers|walk|off")
		return 2
	}
	if s.tracer == nil {
		s.tracer = &traceState{}
	}
	s.tracer.on, s.tracer.level = on, level
	return 0
}

// traceState is `trace on`: whether it is on, and the lines of the
// command running when they go to fd 2.
type traceState struct {
	on    bool
	level vfs.TraceLevel
	buf   *traceBuffer // nil while no command is traced
}

// traceStart switches tracing on for the next command.
func (s *shell) traceStart() {
	t := s.tracer
	if t == nil || !t.on {
		return
	}
	opt := vfs.TraceOptions{Level: t.level}
	if s.opts.Trace != nil {
		s.p.Kernel().TraceWith(s.opts.Trace, opt)
		return
	}
	t.buf = &traceBuffer{}
	s.p.Kernel().TraceWith(t.buf, opt)
}

// traceFlush switches it off after the command, and writes what was
// kept to fd 2, untraced.
func (s *shell) traceFlush() {
	t := s.tracer
	if t == nil || (t.buf == nil && s.opts.Trace == nil) {
		return
	}
	s.p.Kernel().Trace(nil)
	if t.buf != nil {
		writeAll(s.p, 2, t.buf.bytes())
		t.buf = nil
	}
}

// traceStop switches tracing off when the shell ends.
func (s *shell) traceStop() {
	if s.tracer != nil {
		s.tracer.on = false
		s.traceFlush()
	}
}

// traceBuffer keeps the trace of one command, up to maxTrace bytes.
type traceBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	extra int
}

const maxTrace = 1 << 20

func (t *traceBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.b.Len()+len(p) > maxTrace {
		t.extra += len(p)
		return len(p), nil
	}
	return t.b.Write(p)
}

func (t *traceBuffer) bytes() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := slices.Clone(t.b.Bytes())
	if t.extra > 0 {
		out = append(out, []byte("... trace cut: more than 1 MiB\n")...)
	}
	return out
}
