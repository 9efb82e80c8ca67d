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
	pid := p.Pid()
	b := make([]byte, 0, 320)
	num := func(key string, n int) {
		b = append(b, key...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, '\n')
	}
	ids := func(key string, a, e, s, f uint32) {
		b = append(b, key...)
		for i, v := range [4]uint32{a, e, s, f} {
			if i > 0 {
				b = append(b, '\t')
			}
			b = strconv.AppendUint(b, uint64(v), 10)
		}
		b = append(b, '\n')
	}
	b = append(b, "Name:\t"...)
	b = append(b, comm(p)...)
	b = append(b, "\nUmask:\t0"...)
	b = append(b, '0'+byte(p.CurrentUmask()>>6&7), '0'+byte(p.CurrentUmask()>>3&7), '0'+byte(p.CurrentUmask()&7))
	b = append(b, "\nState:\t"...)
	b = append(b, state(p)...)
	b = append(b, '\n')
	num("Tgid:\t", pid)
	b = append(b, "Ngid:\t0\n"...)
	num("Pid:\t", pid)
	num("PPid:\t", p.Getppid())
	b = append(b, "TracerPid:\t0\n"...)
	ids("Uid:\t", c.Uid, c.Euid, c.Suid, c.Fsuid)
	ids("Gid:\t", c.Gid, c.Egid, c.Sgid, c.Fsgid)
	num("FDSize:\t", p.FDTable().Size())
	b = append(b, "Groups:\t"...)
	for i, g := range c.Groups {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendUint(b, uint64(g), 10)
	}
	b = append(b, " \n"...) // Linux's trailing space, kept "for compatibility"
	num("NStgid:\t", pid)
	num("NSpid:\t", pid)
	num("NSpgid:\t", pid)
	num("NSsid:\t", pid)
	b = append(b, "Threads:\t1\n"...)
	return b, nil
}

// stat is the one-line /proc/PID/stat with its 52 fields: pid, comm in
// parentheses, state, ppid, then zeros where the model keeps nothing
// (pgrp and session are the pid: every process leads its own).
func stat(_ *FS, p *vfs.Process) ([]byte, error) {
	pid := int64(p.Pid())
	b := make([]byte, 0, 192)
	b = strconv.AppendInt(b, pid, 10)
	b = append(b, " ("...)
	b = append(b, comm(p)...)
	b = append(b, ") "...)
	b = append(b, state(p)[0], ' ')
	b = strconv.AppendInt(b, int64(p.Getppid()), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, pid, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, pid, 10)
	// fields 7..52: tty_nr 0, tpgid -1, then minflt .. exit_code with
	// priority 20, num_threads 1, rsslim unlimited, exit_signal 17.
	b = append(b, statTail...)
	return b, nil
}

const statTail = " 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 0 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"

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
