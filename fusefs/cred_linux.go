package fusefs

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/hanwen/go-fuse/v2/fuse"

	"github.com/govfs/govfs/vfs"
)

// A host request runs as a govfs process with the host caller's
// credentials, so that govfs, not the host kernel, decides who may do
// what: the mount has no default_permissions, and every check a request
// meets is the one the same call meets inside govfs.
//
// One process per distinct credential set (uid, gid, groups), forked
// from the mounted process on first use and kept until the unmount:
// they share its root and mounts, have umask 0 (the host kernel already
// applied the caller's umask to the modes it sends) and hold the fds of
// the files the host has open through the mount.

// creds is the cache of credential processes; it ends them all at close.
type creds struct {
	parent *vfs.Process

	mu     sync.Mutex
	procs  map[string]*vfs.Process
	closed bool
}

func newCreds(parent *vfs.Process) *creds {
	return &creds{parent: parent, procs: map[string]*vfs.Process{}}
}

// forCaller returns the process that runs a request from the host
// process described by ctx. A request without a caller (the kernel's
// own) runs as the mounted process's credentials would: as a fork of it.
func (c *creds) forCaller(ctx context.Context) (*vfs.Process, syscall.Errno) {
	uid, gid := uint32(c.parent.Geteuid()), uint32(c.parent.Getegid())
	var groups []int
	if caller, ok := fuse.FromContext(ctx); ok {
		uid, gid = caller.Uid, caller.Gid
		groups = hostGroups(caller.Pid)
	} else {
		groups = c.parent.Getgroups()
	}
	return c.get(uid, gid, groups)
}

// get returns the process for one credential set, making it on first use.
func (c *creds) get(uid, gid uint32, groups []int) (*vfs.Process, syscall.Errno) {
	slices.Sort(groups)
	groups = slices.Compact(groups)
	key := credKey(uid, gid, groups)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, syscall.ENOTCONN
	}
	if p := c.procs[key]; p != nil {
		return p, 0
	}
	p, err := c.parent.Fork()
	if err != nil {
		return nil, toErrno(err)
	}
	if err := setCred(p, uid, gid, groups); err != nil {
		c.reap(p)
		return nil, toErrno(err)
	}
	p.Umask(0)
	c.procs[key] = p
	return p, 0
}

// setCred gives p the ids in the order a login program does: groups
// while still privileged, then the gid, the uid last. Each call sets the
// real, effective, saved and fs ids together, as setuid(2) does for root.
func setCred(p *vfs.Process, uid, gid uint32, groups []int) error {
	if slices.Equal(p.Getgroups(), groups) && p.Getgid() == int(gid) && p.Getuid() == int(uid) &&
		p.Getegid() == int(gid) && p.Geteuid() == int(uid) {
		return nil
	}
	if err := p.Setgroups(groups); err != nil {
		return err
	}
	if err := p.Setgid(int(gid)); err != nil {
		return err
	}
	return p.Setuid(int(uid))
}

// close ends every credential process: their fds close (so the files
// the host left open are released) and the parent reaps them.
func (c *creds) close() {
	c.mu.Lock()
	c.closed = true
	procs := c.procs
	c.procs = nil
	c.mu.Unlock()
	for _, p := range procs {
		c.reap(p)
	}
}

func (c *creds) reap(p *vfs.Process) {
	p.Exit(0)
	c.parent.Wait(p.Pid()) // ECHILD if someone else reaped it: nothing left either way
}

func credKey(uid, gid uint32, groups []int) string {
	var b strings.Builder
	b.WriteString(strconv.FormatUint(uint64(uid), 10))
	b.WriteByte(':')
	b.WriteString(strconv.FormatUint(uint64(gid), 10))
	for _, g := range groups {
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(g))
	}
	return b.String()
}

// hostGroups reads a host process's supplementary groups from the
// "Groups:" line of /proc/PID/status: FUSE sends only uid, gid and pid.
// A process that is gone (or pid 0, the kernel) has none.
func hostGroups(pid uint32) []int {
	if pid == 0 {
		return nil
	}
	b, err := os.ReadFile("/proc/" + strconv.FormatUint(uint64(pid), 10) + "/status")
	if err != nil {
		return nil
	}
	return parseGroups(b)
}

// parseGroups reads the "Groups:\t4 24 27 \n" line of a status file.
func parseGroups(status []byte) []int {
	for line := range bytes.Lines(status) {
		rest, ok := bytes.CutPrefix(line, []byte("Groups:"))
		if !ok {
			continue
		}
		var out []int
		for _, f := range strings.Fields(string(rest)) {
			if g, err := strconv.Atoi(f); err == nil && g >= 0 {
				out = append(out, g)
			}
		}
		return out
	}
	return nil
}
