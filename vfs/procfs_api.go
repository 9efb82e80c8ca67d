package vfs

import "math/bits"

// What /proc reads of a process beyond the calls a program makes: the
// open fds in order, the umask without changing it, the environment,
// whether the process is a zombie.

// NextFD returns the lowest open fd at or above fd, -1 if there is none
// (find_next_fd, as proc_readfd walks the table). An fd reserved by an
// open in progress or being closed is skipped, as fcheck skips it. The
// cost is one word per 64 fds, so listing the table is O(fds).
func (t *FDTable) NextFD(fd int) int {
	if fd < 0 {
		fd = 0
	}
	for {
		k := chunkOf(fd)
		if k >= fdChunks {
			return -1
		}
		c := t.chunks[k].Load()
		if c == nil {
			fd = 64 << k // the next chunk's base
			continue
		}
		i := fd - c.base
		for w := i / 64; w < len(c.open); w++ {
			word := c.open[w].Load()
			if w == i/64 {
				word &^= 1<<(uint(i)%64) - 1
			}
			for word != 0 {
				slot := w*64 + bits.TrailingZeros64(word)
				if f := c.slot(slot).Load(); f != nil && f != fdClosing {
					return c.base + slot
				}
				word &= word - 1
			}
		}
		fd = c.base + len(c.files)
	}
}

// CurrentUmask returns the file mode creation mask without changing it
// (what the Umask line of /proc/PID/status shows).
func (p *Process) CurrentUmask() int { return int(p.getUmask()) }

// Environ returns a copy of the envv the running program got (what
// /proc/PID/environ reads); nil when Exe is the zero Path.
func (p *Process) Environ() []string {
	if img := p.image.Load(); img != nil {
		return append([]string{}, img.envv...)
	}
	return nil
}

// Zombie reports whether the process has exited and waits for its
// parent's Wait (state Z in /proc/PID/stat).
func (p *Process) Zombie() bool {
	p.k.procMu.Lock()
	defer p.k.procMu.Unlock()
	return p.zombie
}

// Reaped reports whether the process has left the pid table (its
// parent's Wait reaped it): from then on Kernel.Process no longer finds
// it, and /proc/PID is gone. It reads one flag, not the table.
func (p *Process) Reaped() bool { return p.reaped.Load() }

// Exited reports whether Exit has begun: from then on the process's
// fds, cwd and root are going or gone.
func (p *Process) Exited() bool { return p.exiting.Load() }

// Size returns how many fds the table has room for without growing
// (fdt->max_fds, the FDSize line of /proc/PID/status).
func (t *FDTable) Size() int {
	for k := fdChunks - 1; k > 0; k-- {
		if c := t.chunks[k].Load(); c != nil {
			return c.base + len(c.files)
		}
	}
	return 64
}
