package procfs

import (
	"strconv"
	"sync/atomic"

	"github.com/govfs/govfs/vfs"
)

// /proc/PID/status, in proc_pid_status(5)'s format. Formatting its
// thirty fields costs more than all the rest of an open of it, and a
// process's status rarely changes between two reads, so each status
// inode remembers the last text it built with the values it was built
// from, and copies it while they stay the same. Every open still gets a
// snapshot of the process as it is at that open.

// statusEntry is status's line of pidEntries: genEntry, with a memo per
// inode, so that it dies with the inode.
func statusEntry() pidEntry {
	return pidEntry{"status", vfs.S_IFREG | 0o444, func(d *pidDir) *vfs.Inode {
		return genEntry("status", 0o444, new(statusMemo).status).make(d)
	}}
}

// statusVars is all of status that can change while the process lives:
// the text is a function of them and the pid. The Cred is never changed
// in place, so its pointer stands for the ids and groups; the memo
// holding it keeps the address from being reused.
type statusVars struct {
	comm   string
	umask  int
	zombie bool
	ppid   int
	cred   *vfs.Cred
	fdSize int
}

type statusMemo struct{ last atomic.Pointer[statusText] }

type statusText struct {
	vars statusVars
	text []byte
}

func (m *statusMemo) status(b []byte, _ *FS, p *vfs.Process) ([]byte, error) {
	v := statusVars{
		comm:   comm(p),
		umask:  p.CurrentUmask(),
		zombie: p.Exited() && p.Zombie(),
		ppid:   p.Getppid(),
		cred:   p.Cred(),
		fdSize: p.FDTable().Size(),
	}
	if last := m.last.Load(); last != nil && last.vars == v {
		return append(b, last.text...), nil
	}
	start := len(b)
	b = appendStatus(b, p.Pid(), &v)
	m.last.Store(&statusText{vars: v, text: append([]byte(nil), b[start:]...)})
	return b, nil
}

// appendStatus formats status from v alone (and the pid, which never
// changes), so the memo's text always matches its vars.
func appendStatus(b []byte, pidN int, v *statusVars) []byte {
	c := v.cred
	var num [20]byte
	pid := strconv.AppendInt(num[:0], int64(pidN), 10) // seven lines show it
	b = append(b, "Name:\t"...)
	b = append(b, v.comm...)
	b = append(b, "\nUmask:\t0"...)
	b = append(b, '0'+byte(v.umask>>6&7), '0'+byte(v.umask>>3&7), '0'+byte(v.umask&7))
	b = append(b, "\nState:\t"...)
	if v.zombie {
		b = append(b, "Z (zombie)"...)
	} else {
		b = append(b, "R (running)"...)
	}
	b = append(append(b, "\nTgid:\t"...), pid...)
	b = append(b, "\nNgid:\t0\nPid:\t"...)
	b = append(b, pid...)
	b = strconv.AppendInt(append(b, "\nPPid:\t"...), int64(v.ppid), 10)
	b = append(b, "\nTracerPid:\t0"...)
	b = statusIDs(b, "\nUid:\t", c.Uid, c.Euid, c.Suid, c.Fsuid)
	b = statusIDs(b, "\nGid:\t", c.Gid, c.Egid, c.Sgid, c.Fsgid)
	b = strconv.AppendInt(append(b, "\nFDSize:\t"...), int64(v.fdSize), 10)
	b = append(b, "\nGroups:\t"...)
	for i, g := range c.Groups {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendUint(b, uint64(g), 10)
	}
	b = append(b, ' ') // Linux's trailing space, kept "for compatibility"
	for _, key := range [...]string{"\nNStgid:\t", "\nNSpid:\t", "\nNSpgid:\t", "\nNSsid:\t"} {
		b = append(append(b, key...), pid...)
	}
	return append(b, "\nThreads:\t1\n"...)
}

// statusIDs appends a Uid or Gid line of status, less its newline: the
// real, effective, saved and filesystem ids, usually one id four times.
func statusIDs(b []byte, key string, r, e, s, fs uint32) []byte {
	b = append(b, key...)
	start := len(b)
	b = strconv.AppendUint(b, uint64(r), 10)
	one := b[start:]
	for _, id := range [...]uint32{e, s, fs} {
		b = append(b, '\t')
		if id == r {
			b = append(b, one...)
		} else {
			b = strconv.AppendUint(b, uint64(id), 10)
		}
	}
	return b
}
