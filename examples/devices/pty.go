package main

import (
	"fmt"
	"strconv"

	"github.com/govfs/govfs/devfs"
	"github.com/govfs/govfs/vfs"
)

// pty: a pseudo-terminal, the device behind every terminal window and
// ssh session. The master is what the terminal program holds; the
// slave is what the shell reads, with the console's line discipline
// between them.
func pty(_ *vfs.Kernel, p *vfs.Process, say func(string, ...any)) error {
	say("== a pseudo-terminal: /dev/ptmx and /dev/pts ==")
	m, err := p.Open("/dev/ptmx", vfs.O_RDWR|vfs.O_NOCTTY, 0)
	if err != nil {
		return err
	}
	defer p.Close(m)
	n, err := p.IoctlGetInt(m, vfs.TIOCGPTN)
	if err != nil {
		return err
	}
	name := "/dev/pts/" + strconv.Itoa(n)
	_, err = p.Open(name, vfs.O_RDWR, 0)
	say("open(/dev/ptmx) made %s; opening it before unlockpt: %v", name, err)
	if err := p.IoctlSetPointerInt(m, vfs.TIOCSPTLCK, 0); err != nil { // unlockpt(3)
		return err
	}
	s, err := p.Open(name, vfs.O_RDWR|vfs.O_NOCTTY, 0)
	if err != nil {
		return err
	}
	buf := make([]byte, 64)
	rd := func(fd int) string {
		n, _ := p.Read(fd, buf)
		return fmt.Sprintf("%q", buf[:n])
	}
	p.Write(m, []byte("ls\n")) // the user types "ls", Enter
	say("the terminal writes \"ls\\n\" to the master; the shell reads %s from the slave,", rd(s))
	say("and the terminal reads back the echo %s (ONLCR turned \\n into \\r\\n).", rd(m))
	p.Write(s, []byte("a b\n"))
	say("the shell writes \"a b\\n\"; the terminal reads %s.", rd(m))
	p.Close(s)
	_, err = p.Read(m, buf)
	say("the shell exits (the slave's last close): the master reads %v, its cue to close the window.", err)
	return nil
}

// devpoll: Solaris's /dev/poll, a set of fds kept in the kernel between
// waits, made of nothing but a file's write and ioctl.
func devpoll(_ *vfs.Kernel, p *vfs.Process, say func(string, ...any)) error {
	say("== /dev/poll ==")
	dp, err := p.Open("/dev/poll", vfs.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer p.Close(dp)
	fds := make([]int, 2)
	if err := p.Pipe(fds); err != nil {
		return err
	}
	defer p.Close(fds[0])
	defer p.Close(fds[1])
	// One struct pollfd: int32 fd, int16 events, int16 revents.
	rec := []byte{byte(fds[0]), 0, 0, 0, vfs.POLLIN, 0, 0, 0}
	if _, err := p.Write(dp, rec); err != nil {
		return err
	}
	ready := make([]vfs.PollFd, 4)
	n, _ := p.Ioctl(dp, devfs.DP_POLL, &devfs.DvPoll{Fds: ready})
	say("write(/dev/poll, pollfd{fd %d, POLLIN}); DP_POLL with nothing written to the pipe: %d ready", fds[0], n)
	p.Write(fds[1], []byte("!"))
	n, _ = p.Ioctl(dp, devfs.DP_POLL, &devfs.DvPoll{Fds: ready, Timeout: -1})
	say("after a write to the pipe: %d ready, fd %d revents %#x — the set stayed in the kernel between the calls.", n, ready[0].Fd, ready[0].Revents)
	return nil
}
