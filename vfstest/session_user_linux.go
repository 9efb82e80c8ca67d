//go:build linux

package vfstest

import (
	"fmt"
	"runtime"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Running part of a scenario as another user.
//
// [Session.As] runs a block of calls with other credentials, as a child
// process would: the block starts with a copy of the scenario's fd table,
// working directory and umask, changes to them stay inside the block, and
// every fd it holds is closed when it ends. Its lines are marked with the
// uid:
//
//	as(uid=1000, gid=1000, groups=[]) = 0
//	[uid 1000] open("f", O_RDONLY, 0) = -1 EACCES
//
// On the host the block runs on a goroutine locked to its own OS thread,
// which unshares its fd table and fs_struct (cwd, umask) and then sets its
// own credentials with the raw setgroups, setresgid and setresuid calls —
// Linux keeps credentials per thread, and only the C library and Go's
// unix.Setuid broadcast them to every thread. The thread never unlocks,
// so it dies with the block and the test process stays root. On govfs the
// block runs in a child of the scenario's process (Fork, Setgroups,
// Setgid, Setuid), which exits when the block ends.
//
// Inside a block, Go and SetNofile are refused (recorded as errors):
// another thread would not have the block's credentials on the host, and
// the fd limit is shared with the whole test binary there. As blocks do
// not nest.

// User is the identity an As block runs as: real, effective, saved and
// filesystem ids are all set to Uid and Gid.
type User struct {
	Uid, Gid int
	Groups   []int // supplementary groups; nil for none
}

func (u User) String() string {
	return fmt.Sprintf("uid=%d, gid=%d, groups=%v", u.Uid, u.Gid, groupList(u.Groups))
}

func groupList(g []int) []int {
	if g == nil {
		return []int{}
	}
	return g
}

// userSwitcher is implemented by the systems that can run a block as
// another user. asUser becomes u and then calls body with the system to
// use inside the block; it returns the error that kept it from becoming u
// (body is not called then).
type userSwitcher interface {
	asUser(u User, body func(sys System)) error
}

var (
	_ userSwitcher = (*Host)(nil)
	_ userSwitcher = (*Govfs)(nil)
)

// runBlock runs body against a child Session on sys whose lines carry
// tag (the As and InNamespace blocks); a panic in body is recorded on a
// line, not raised.
func (s *Session) runBlock(sys System, tag, what string, body func(*Session)) {
	b := &Session{sys: sys, base: s.base, up: s, tag: tag}
	defer func() {
		if r := recover(); r != nil {
			b.record("PANIC in "+what+" body", fmt.Sprint(r))
		}
	}()
	body(b)
}

// As runs body as uid, gid and the supplementary groups (nil for none),
// against a Session whose lines are marked "[uid N]". Before it, one line
// records whether the switch worked:
//
//	s.Chmod(".", 0o777)
//	s.As(1000, 1000, nil, func(u *vfstest.Session) {
//		u.Open("f", unix.O_RDONLY, 0)
//	})
//	s.Stat("f") // root again
func (s *Session) As(uid, gid int, groups []int, body func(u *Session)) {
	usr := User{Uid: uid, Gid: gid, Groups: append([]int(nil), groups...)}
	call := fmt.Sprintf("as(%s)", usr)
	if s.refuseInAs(call) {
		return
	}
	s.needRootForAs()
	sw, ok := s.sys.(userSwitcher)
	if !ok {
		s.record(call, fmt.Sprintf("-1 error(\"unsupported by %T\")", s.sys))
		return
	}
	err := guard(func() error {
		return sw.asUser(usr, func(sys System) {
			s.record(call, "0")
			s.runBlock(sys, "[uid "+strconv.Itoa(uid)+"] ", "as", body)
		})
	})
	if err != nil {
		s.record(call, s.errString(err))
	}
}

// refuseInAs records call as unsupported and reports true when s is the
// Session of an As block.
func (s *Session) refuseInAs(call string) bool {
	if s.up == nil {
		return false
	}
	s.record(call, `-1 error("unsupported inside As")`)
	return true
}

// asUser runs body on a fresh OS thread with its own fd table and
// fs_struct and the credentials of u.
func (h *Host) asUser(u User, body func(sys System)) error {
	errc := make(chan error, 1)
	onThrowawayThread(func() {
		started := false
		defer func() {
			if r := recover(); r != nil {
				if !started {
					errc <- fmt.Errorf("panic: %v", r)
					return
				}
				errc <- nil // after the "as" line: body recovers its own panics
			}
		}()
		if err := becomeUser(u); err != nil {
			errc <- err
			return
		}
		started = true
		uh := hostUser{threadHost{&Host{root: h.root, rootFD: h.rootFD, cwd: h.cwd, before: h.before, abstract: h.abstract, ownFS: true}}}
		body(uh)
		uh.closeBlockFDs()
		errc <- nil
	})
	return <-errc
}

// onThrowawayThread runs f on a goroutine locked to an OS thread that
// exits when f returns, and waits for it. The goroutine never unlocks:
// f may give the thread credentials and tables unlike the rest of the
// process, so it must not go back to the scheduler.
//
// The main thread (the thread group leader) is never used: the runtime
// cannot let it exit and parks it instead, and /proc/self shows its fd
// table, which Host reads as the process's. If the goroutine lands on it,
// it keeps it locked — so that the next goroutine runs elsewhere — hands
// f on, and releases the main thread unchanged.
func onThrowawayThread(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		if unix.Gettid() == unix.Getpid() {
			onThrowawayThread(f)
			runtime.UnlockOSThread()
			return
		}
		f()
	}()
	<-done
}

// becomeUser gives the calling thread (which must be locked) its own fd
// table and fs_struct, then u's credentials. Groups go first: after
// setresuid the thread may no longer change them.
func becomeUser(u User) error {
	if err := unix.Unshare(unix.CLONE_FILES | unix.CLONE_FS); err != nil {
		return err
	}
	gids := make([]uint32, len(u.Groups))
	for i, g := range u.Groups {
		gids[i] = uint32(g)
	}
	var p unsafe.Pointer
	if len(gids) > 0 {
		p = unsafe.Pointer(&gids[0])
	}
	if _, _, e := unix.RawSyscall(unix.SYS_SETGROUPS, uintptr(len(gids)), uintptr(p), 0); e != 0 {
		return e
	}
	runtime.KeepAlive(gids)
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESGID, uintptr(u.Gid), uintptr(u.Gid), uintptr(u.Gid)); e != 0 {
		return e
	}
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, uintptr(u.Uid), uintptr(u.Uid), uintptr(u.Uid)); e != 0 {
		return e
	}
	return nil
}

// hostUser is the host inside an As block: a Host of its own (the block's
// emulated cwd) on the block's thread. chdir and fchdir also make the real
// call on the thread's private fs_struct, for its permission check
// (search permission on the new directory), which opening it O_PATH for
// the emulated cwd skips.
type hostUser struct{ threadHost }

// threadHost is a Host on a thread with its own fs_struct (As and
// InNamespace blocks): chdir and fchdir make the real call too, then
// move the emulated cwd.
type threadHost struct{ *Host }

func (h threadHost) Chdir(path string) error {
	fd, err := unix.Openat(h.cwd, path, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return h.Fchdir(fd)
}

func (h threadHost) Fchdir(fd int) error {
	if err := unix.Fchdir(fd); err != nil {
		return err
	}
	return h.setCwd(fd)
}

// closeBlockFDs closes every fd of the thread's private table that was
// not open before the scenario began — the scenario's fds it inherited and
// those it opened — so that the block holds no file once it ends, as an
// exited govfs child does, whenever the kernel gets to free the thread.
// The runtime's own fds (open before the scenario) are left alone.
func (h hostUser) closeBlockFDs() {
	dir, err := unix.Open("/proc/thread-self/fd", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		panic(fmt.Sprintf("vfstest: listing the fds of an As block: %v", err))
	}
	var fds []int
	buf := make([]byte, 4096)
	for {
		n, err := unix.Getdents(dir, buf)
		if err != nil {
			panic(fmt.Sprintf("vfstest: listing the fds of an As block: %v", err))
		}
		if n <= 0 {
			break
		}
		for _, e := range ParseDirents(buf[:n]) {
			if fd, err := strconv.Atoi(e.Name); err == nil && fd != dir {
				fds = append(fds, fd)
			}
		}
	}
	_ = unix.Close(dir)
	for _, fd := range fds {
		if !h.before[fd] {
			_ = unix.Close(fd)
		}
	}
}

// asUser runs body in a child process with u's credentials, which exits
// (closing its fds) and is reaped when body returns.
func (g *Govfs) asUser(u User, body func(sys System)) error {
	child, err := g.Process.Fork()
	if err != nil {
		return err
	}
	defer func() {
		child.Exit(0)
		_, _ = g.Process.Wait(child.Pid())
	}()
	groups := u.Groups
	if groups == nil {
		groups = []int{}
	}
	if err := child.Setgroups(groups); err != nil {
		return err
	}
	if err := child.Setgid(u.Gid); err != nil {
		return err
	}
	if err := child.Setuid(u.Uid); err != nil {
		return err
	}
	body(&Govfs{Process: child, root: g.root})
	return nil
}

var _ System = hostUser{}
