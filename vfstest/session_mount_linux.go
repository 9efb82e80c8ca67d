//go:build linux

package vfstest

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// Mounting inside a scenario.
//
// [Session.InNamespace] runs a block of a scenario in a private mount
// namespace; only inside it may the scenario mount and unmount
// ([Session.Mount], [Session.Umount]) and read the counters of statfs
// ([Session.StatfsCounts]). Its lines are marked "[ns]":
//
//	s.Mkdir("mnt", 0o755)
//	s.InNamespace(func(m *vfstest.Session) {
//		m.Mount("none", "mnt", "tmpfs", 0, "size=64k")
//		m.Stat("mnt")
//	})
//
// records
//
//	mkdir("mnt", 0755) = 0
//	unshare(CLONE_NEWNS) = 0
//	[ns] mount("none", "mnt", "tmpfs", 0, "size=64k") = 0
//	[ns] stat("mnt") = {dir 1777 nlink=2 uid=0 gid=0}
//
// On the host the block runs on a goroutine locked to an OS thread of its
// own (never the main thread, which never unlocks) that unshares its mount
// namespace and fs_struct, at once makes every mount of the new namespace
// private (MS_REC|MS_PRIVATE on "/", so nothing propagates back to the
// host), reopens the sandbox and the working directory in the new
// namespace (directory fds from before still point into the old one) and
// fchdirs there. Mount and umount2 take the scenario's relative paths
// against that real working directory; their targets must resolve inside
// the sandbox. The fd table stays shared, so fds opened in the block stay
// usable after it. When the block ends the thread exits and the namespace
// dies with every mount in it (lazily: open files keep working). On govfs,
// which has one mount tree, the block runs on the scenario's process and
// every mount it made is detached (MNT_DETACH) when it ends, so that after
// the block both sides see the sandbox's own directories again.
//
// Inside a block, As, Go, SetNofile and InNamespace are refused: another
// thread would not be in the namespace on the host.

// StatfsCounts is the part of struct statfs that counts space and inodes.
type StatfsCounts struct {
	Type                  int64
	Bsize                 int64
	Blocks, Bfree, Bavail uint64
	Files, Ffree          uint64
	Flags                 int64
}

// mountSystem is the System of an InNamespace block.
type mountSystem interface {
	Mount(source, target, fstype string, flags uintptr, data string) error
	Unmount(target string, flags int) error
	StatfsCounts(path string, st *StatfsCounts) error
	inMountNamespace()
}

// nsEnterer is implemented by the systems that can run an InNamespace
// block; inNamespace returns the error that kept it from entering one
// (body is not called then).
type nsEnterer interface {
	inNamespace(body func(sys System)) error
}

var (
	_ nsEnterer   = (*Host)(nil)
	_ nsEnterer   = (*Govfs)(nil)
	_ mountSystem = hostNS{}
	_ mountSystem = (*govfsNS)(nil)
	_ System      = hostNS{}
	_ System      = (*govfsNS)(nil)
)

// ErrNoNamespace is what InNamespace reports (and Differential skips the
// case on) when the host cannot make a mount namespace.
var ErrNoNamespace = errors.New("vfstest: no private mount namespace")

// InNamespace runs body in a private mount namespace, against a Session
// whose lines are marked "[ns]". One line before it records whether the
// namespace was made; when the host cannot make one, the scenario stops
// and the case is skipped.
func (s *Session) InNamespace(body func(m *Session)) {
	const call = "unshare(CLONE_NEWNS)"
	if s.refuseInAs(call) {
		return
	}
	en, ok := s.sys.(nsEnterer)
	if !ok {
		s.record(call, fmt.Sprintf("-1 error(\"unsupported by %T\")", s.sys))
		return
	}
	err := guard(func() error {
		return en.inNamespace(func(sys System) {
			s.record(call, "0")
			s.runBlock(sys, "[ns] ", "namespace", body)
		})
	})
	if err != nil {
		if _, host := s.sys.(*Host); host && errors.Is(err, ErrNoNamespace) {
			if unix.Geteuid() != 0 {
				panic(hostSkip{"needs root: the host side unshares a mount namespace and mounts tmpfs (CAP_SYS_ADMIN)"})
			}
			panic(hostSkip{"host: " + err.Error()})
		}
		s.record(call, s.errString(err))
	}
}

func (s *Session) mountSys() (mountSystem, error) {
	if m, ok := s.sys.(mountSystem); ok {
		return m, nil
	}
	return nil, fmt.Errorf("only inside InNamespace")
}

var statfsFlagNames = []flagName{
	{unix.ST_RDONLY, "ST_RDONLY"}, {unix.ST_NOSUID, "ST_NOSUID"}, {unix.ST_NODEV, "ST_NODEV"},
	{unix.ST_NOEXEC, "ST_NOEXEC"}, {unix.ST_SYNCHRONOUS, "ST_SYNCHRONOUS"}, {0x20, "ST_VALID"},
	{unix.ST_MANDLOCK, "ST_MANDLOCK"}, {unix.ST_NOATIME, "ST_NOATIME"},
	{unix.ST_NODIRATIME, "ST_NODIRATIME"}, {unix.ST_RELATIME, "ST_RELATIME"}, {0x2000, "ST_NOSYMFOLLOW"},
}

// Mount is mount(2).
func (s *Session) Mount(source, target, fstype string, flags uintptr, data string) bool {
	call := fmt.Sprintf("mount(%s, %s, %q, %s, %q)", quotePath(source), quotePath(target), fstype,
		flagsOr0(int(flags), mountFlagNames), data)
	return s.errCall(call, func() error {
		m, err := s.mountSys()
		if err != nil {
			return err
		}
		return m.Mount(source, target, fstype, flags, data)
	})
}

// Umount is umount2(2).
func (s *Session) Umount(target string, flags int) bool {
	call := fmt.Sprintf("umount2(%s, %s)", quotePath(target), flagsOr0(flags, umountFlagNames))
	return s.errCall(call, func() error {
		m, err := s.mountSys()
		if err != nil {
			return err
		}
		return m.Unmount(target, flags)
	})
}

// StatfsCounts records f_type, f_bsize, the block and inode counters and
// f_flags of path's filesystem. Counters of a tmpfs mounted without size=
// and nr_inodes= depend on the host's memory: only ask for those set.
func (s *Session) StatfsCounts(path string) StatfsCounts {
	var st StatfsCounts
	err := guard(func() error {
		m, err := s.mountSys()
		if err == nil {
			err = m.StatfsCounts(path, &st)
		}
		return err
	})
	s.record(fmt.Sprintf("statfs(%s)", quotePath(path)), s.result(err, fmt.Sprintf(
		"{type=%#x bsize=%d blocks=%d bfree=%d bavail=%d files=%d ffree=%d flags=%s}",
		st.Type, st.Bsize, st.Blocks, st.Bfree, st.Bavail, st.Files, st.Ffree,
		flagsOr0(int(st.Flags), statfsFlagNames))))
	return st
}

// --- host ---

// inNamespace runs body on a throwaway thread in a private mount
// namespace (see the comment at the top of this file).
func (h *Host) inNamespace(body func(sys System)) error {
	errc := make(chan error, 1)
	onThrowawayThread(func() {
		started := false
		defer func() {
			if r := recover(); r != nil {
				if !started {
					errc <- fmt.Errorf("panic: %v", r)
					return
				}
				errc <- nil
			}
		}()
		nh, err := h.enterNamespace()
		if err != nil {
			errc <- err
			return
		}
		started = true
		defer nh.close()
		body(nh)
		errc <- nil
	})
	return <-errc
}

// enterNamespace unshares the calling (locked, throwaway) thread's mount
// namespace, makes it private and returns the sandbox reopened in it.
// Any failure before the namespace is private leaves the thread unable
// to mount: the caller returns and the thread exits.
func (h *Host) enterNamespace() (hostNS, error) {
	if err := unix.Unshare(unix.CLONE_NEWNS | unix.CLONE_FS); err != nil {
		return hostNS{}, fmt.Errorf("%w: unshare: %w", ErrNoNamespace, err)
	}
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return hostNS{}, fmt.Errorf("%w: making it private: %w", ErrNoNamespace, err)
	}
	cwdPath, err := os.Readlink(fmt.Sprintf("/proc/thread-self/fd/%d", h.cwd))
	if err != nil || !insideRoot(h.root, cwdPath) {
		cwdPath = h.root
	}
	root, err := openHigh(h.root)
	if err != nil {
		return hostNS{}, err
	}
	cwd, err := openHigh(cwdPath)
	if err == nil {
		err = unix.Fchdir(cwd)
	}
	if err != nil {
		_ = unix.Close(root)
		return hostNS{}, err
	}
	return hostNS{threadHost{&Host{root: h.root, rootFD: root, cwd: cwd, before: h.before, abstract: h.abstract, ownFS: true}}}, nil
}

// openHigh opens dir O_PATH at or above hostFDMin.
func openHigh(dir string) (int, error) {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	defer unix.Close(fd)
	return unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, hostFDMin)
}

func insideRoot(root, p string) bool { return p == root || strings.HasPrefix(p, root+"/") }

// hostNS is the host inside an InNamespace block, on the block's thread,
// whose real working directory follows the emulated one.
type hostNS struct{ threadHost }

func (hostNS) inMountNamespace() {}

func (h hostNS) close() {
	if h.cwd != h.rootFD {
		_ = unix.Close(h.cwd)
	}
	_ = unix.Close(h.rootFD)
}

// checkInside refuses a path that does not resolve inside the sandbox, so
// that a mistaken scenario never mounts over anything else.
func (h hostNS) checkInside(path string) error {
	if strings.HasPrefix(path, "/") {
		return fmt.Errorf("vfstest: absolute mount path %q refused", path)
	}
	fd, err := unix.Openat(h.cwd, path, unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil // the kernel reports the error itself
	}
	defer unix.Close(fd)
	real, err := os.Readlink(fmt.Sprintf("/proc/thread-self/fd/%d", fd))
	if err != nil || !insideRoot(h.root, real) {
		return fmt.Errorf("vfstest: mount path %q outside the sandbox refused", path)
	}
	return nil
}

func (h hostNS) Mount(source, target, fstype string, flags uintptr, data string) error {
	if err := h.checkInside(target); err != nil {
		return err
	}
	if flags&unix.MS_BIND != 0 {
		if err := h.checkInside(source); err != nil {
			return err
		}
	}
	return unix.Mount(source, target, fstype, flags, data)
}

func (h hostNS) Unmount(target string, flags int) error {
	if err := h.checkInside(target); err != nil {
		return err
	}
	return unix.Unmount(target, flags)
}

func (h hostNS) StatfsCounts(path string, st *StatfsCounts) error {
	var u unix.Statfs_t
	err := unix.Statfs(path, &u)
	*st = StatfsCounts{Type: u.Type, Bsize: u.Bsize, Blocks: u.Blocks, Bfree: u.Bfree, Bavail: u.Bavail,
		Files: u.Files, Ffree: u.Ffree, Flags: u.Flags}
	return err
}

// --- govfs ---

// inNamespace runs body on g's process and detaches what it mounted.
func (g *Govfs) inNamespace(body func(sys System)) error {
	ns := &govfsNS{Govfs: g}
	defer ns.detachAll()
	body(ns)
	return nil
}

// govfsNS is govfs inside an InNamespace block: it remembers where the
// block mounted, as absolute paths.
type govfsNS struct {
	*Govfs
	mounted []string
}

func (*govfsNS) inMountNamespace() {}

func (g *govfsNS) Mount(source, target, fstype string, flags uintptr, data string) error {
	err := g.Process.Mount(source, target, fstype, flags, data)
	if err == nil && flags&unix.MS_REMOUNT == 0 {
		abs := target
		if !strings.HasPrefix(target, "/") {
			buf := make([]byte, 4096)
			if n, e := g.Process.Getcwd(buf); e == nil {
				abs = strings.TrimRight(string(buf[:n]), "\x00") + "/" + target
			}
		}
		g.mounted = append(g.mounted, abs)
	}
	return err
}

func (g *govfsNS) detachAll() {
	for i := len(g.mounted) - 1; i >= 0; i-- {
		_ = g.Process.Unmount(g.mounted[i], unix.MNT_DETACH)
	}
}

func (g *govfsNS) StatfsCounts(path string, st *StatfsCounts) error {
	var v vfs.Statfs_t
	err := g.Process.Statfs(path, &v)
	*st = StatfsCounts{Type: v.Type, Bsize: v.Bsize, Blocks: v.Blocks, Bfree: v.Bfree,
		Bavail: v.Bavail, Files: v.Files, Ffree: v.Ffree, Flags: v.Flags}
	return err
}
