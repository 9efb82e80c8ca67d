package procfs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// The generated files of /proc/PID, in the formats of proc_pid_status(5)
// and proc(5). Fields the model has no notion of (memory, times,
// signals) are left out of status and are 0 in stat, whose field
// count tools rely on.

// comm is the task's name: the last exec'd file's name, cut to 15
// bytes (TASK_COMM_LEN); "init" before any exec, as the kernel names
// the first task before /sbin/init runs.
func comm(p *vfs.Process) string {
	name := "init"
	if exe := p.Exe(); exe.Dentry != nil {
		name = exe.Dentry.Name()
	}
	if len(name) > 15 {
		name = name[:15]
	}
	return name
}

func state(p *vfs.Process) string {
	if p.Zombie() {
		return "Z (zombie)"
	}
	return "R (running)"
}

func status(_ *FS, p *vfs.Process) ([]byte, error) {
	c := p.Cred()
	var b strings.Builder
	b.Grow(256)
	fmt.Fprintf(&b, "Name:\t%s\nUmask:\t%04o\nState:\t%s\n", comm(p), p.CurrentUmask(), state(p))
	fmt.Fprintf(&b, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", p.Pid(), p.Pid(), p.Getppid())
	fmt.Fprintf(&b, "Uid:\t%d\t%d\t%d\t%d\n", c.Uid, c.Euid, c.Suid, c.Fsuid)
	fmt.Fprintf(&b, "Gid:\t%d\t%d\t%d\t%d\n", c.Gid, c.Egid, c.Sgid, c.Fsgid)
	fmt.Fprintf(&b, "FDSize:\t%d\nGroups:\t", p.FDTable().Size())
	for i, g := range c.Groups {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatUint(uint64(g), 10))
	}
	b.WriteString(" \n") // Linux's trailing space, kept "for compatibility"
	fmt.Fprintf(&b, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\nThreads:\t1\n", p.Pid(), p.Pid(), p.Pid(), p.Pid())
	return []byte(b.String()), nil
}

// stat is the one-line /proc/PID/stat with its 52 fields: pid, comm in
// parentheses, state, ppid, then zeros where the model keeps nothing
// (pgrp and session are the pid: every process leads its own).
func stat(_ *FS, p *vfs.Process) ([]byte, error) {
	st := state(p)[:1]
	var b strings.Builder
	fmt.Fprintf(&b, "%d (%s) %s %d %d %d 0 -1 0", p.Pid(), comm(p), st, p.Getppid(), p.Pid(), p.Pid())
	// fields 10..52: minflt .. exit_code; priority 20, num_threads 1,
	// exit_signal 17 (SIGCHLD), rsslim unlimited.
	for i := 10; i <= 52; i++ {
		switch i {
		case 18:
			b.WriteString(" 20")
		case 20:
			b.WriteString(" 1")
		case 25:
			b.WriteString(" 18446744073709551615")
		case 38:
			b.WriteString(" 17")
		default:
			b.WriteString(" 0")
		}
	}
	b.WriteByte('\n')
	return []byte(b.String()), nil
}

// nulJoin is argv or envp as the process's memory holds them: each
// string ends in a NUL.
func nulJoin(ss []string) []byte {
	var b []byte
	for _, s := range ss {
		b = append(b, s...)
		b = append(b, 0)
	}
	return b
}

func cmdline(_ *FS, p *vfs.Process) ([]byte, error) { return nulJoin(p.Cmdline()), nil }

func environ(_ *FS, p *vfs.Process) ([]byte, error) { return nulJoin(p.Environ()), nil }

// limits prints the one limit the model enforces, RLIMIT_NOFILE, in
// Linux's table layout.
func limits(_ *FS, p *vfs.Process) ([]byte, error) {
	var r vfs.Rlimit
	if err := p.Getrlimit(vfs.RLIMIT_NOFILE, &r); err != nil {
		r = vfs.Rlimit{}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units")
	fmt.Fprintf(&b, "%-25s %-20d %-20d %-10s\n", "Max open files", r.Cur, r.Max, "files")
	return []byte(b.String()), nil
}

// fdinfo is /proc/PID/fdinfo/N: the offset, the open flags in octal
// with O_CLOEXEC from the fd and O_LARGEFILE as a 64-bit Linux forces
// it on regular opens, the mount id, the inode number.
func fdinfo(p *vfs.Process, n int) ([]byte, error) {
	f, err := p.Fget(n)
	if err != nil {
		return nil, vfs.ENOENT
	}
	defer f.DecRef()
	flags := f.Flags()
	if fl, err := p.FcntlInt(uintptr(n), vfs.F_GETFD, 0); err == nil && fl&vfs.FD_CLOEXEC != 0 {
		flags |= vfs.O_CLOEXEC
	}
	if f.Inode().Mode()&vfs.S_IFMT != vfs.S_IFIFO && !f.IsSocket() {
		flags |= oLargefile
	}
	return fmt.Appendf(nil, "pos:\t%d\nflags:\t0%o\nmnt_id:\t%d\nino:\t%d\n",
		f.Pos(), flags, f.Path().Mnt.ID(), f.Inode().Ino()), nil
}

// oLargefile is x86-64's O_LARGEFILE as the kernel stores it in f_flags
// (x/sys/unix spells it 0 there, as userspace need not pass it).
const oLargefile = 0o100000
