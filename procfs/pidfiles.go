package procfs

import (
	"fmt"
	"strconv"

	"github.com/govfs/govfs/vfs"
)

// The generated files of /proc/PID, in the formats of proc_pid_status(5)
// and proc(5). Fields the model has no notion of (memory, times,
// signals) are left out of status and are 0 in stat, whose field
// count tools rely on.

// pidGen appends a /proc/PID file's bytes to dst (GenFile.Generate for
// one process).
type pidGen func(dst []byte, fs *FS, p *vfs.Process) ([]byte, error)

// fresh adapts a generator that makes its own slice (mounts.go's):
// GenFile lets Generate ignore dst.
func fresh(gen func(fs *FS, p *vfs.Process) ([]byte, error)) pidGen {
	return func(_ []byte, fs *FS, p *vfs.Process) ([]byte, error) { return gen(fs, p) }
}

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

// state is R or Z: a process becomes a zombie only after its Exit has
// begun, so a live one is told without taking the process table's lock.
func state(p *vfs.Process) string {
	if p.Exited() && p.Zombie() {
		return "Z (zombie)"
	}
	return "R (running)"
}

// stat is the one-line /proc/PID/stat with its 52 fields: pid, comm in
// parentheses, state, ppid, then zeros where the model keeps nothing
// (pgrp and session are the pid: every process leads its own).
func stat(b []byte, _ *FS, p *vfs.Process) ([]byte, error) {
	pid := int64(p.Pid())
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
func nulJoin(b []byte, ss []string) []byte {
	for _, s := range ss {
		b = append(b, s...)
		b = append(b, 0)
	}
	return b
}

func cmdline(b []byte, _ *FS, p *vfs.Process) ([]byte, error) { return nulJoin(b, p.Cmdline()), nil }

func environ(b []byte, _ *FS, p *vfs.Process) ([]byte, error) { return nulJoin(b, p.Environ()), nil }

// limits prints the one limit the model enforces, RLIMIT_NOFILE, in
// Linux's table layout.
func limits(b []byte, _ *FS, p *vfs.Process) ([]byte, error) {
	var r vfs.Rlimit
	if err := p.Getrlimit(vfs.RLIMIT_NOFILE, &r); err != nil {
		r = vfs.Rlimit{}
	}
	b = fmt.Appendf(b, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units")
	return fmt.Appendf(b, "%-25s %-20d %-20d %-10s\n", "Max open files", r.Cur, r.Max, "files"), nil
}
