//go:build linux

package vfstest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// hostFDMin is where the host adapter parks its own directory fds (the
// emulated cwd) so that they never take a number a scenario would get.
const hostFDMin = 1000

// Host is the real kernel confined to a sandbox directory. The process's
// real working directory is never changed (tests may run in parallel):
// the adapter keeps an emulated cwd as a directory fd and turns every
// path call into its *at form relative to that fd.
type Host struct {
	root   string // real path of the sandbox
	rootFD int
	cwd    int          // emulated cwd: rootFD or a fd >= hostFDMin
	plugs  []int        // fds that fill holes below the scenario's first fd
	before map[int]bool // fds open before the scenario began
	// abstract prefixes the scenario's abstract socket names (see
	// sock_host_linux.go); ownFS says the calls run on a thread with an
	// fs_struct of its own (As and InNamespace blocks).
	abstract string
	ownFS    bool
}

var _ System = (*Host)(nil)

// NewHost makes a fresh sandbox directory (mode 0755) and returns the host
// kernel confined to it. The sandbox lives on tmpfs (/dev/shm) when one is
// available, since govfs models tmpfs; $VFSTEST_HOSTDIR overrides the
// parent directory.
func NewHost(t testing.TB) *Host {
	t.Helper()
	dir, err := os.MkdirTemp(hostParent(t), "vfstest-")
	if err != nil {
		t.Fatalf("vfstest: host sandbox: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if dir, err = filepath.EvalSymlinks(dir); err == nil {
		err = os.Chmod(dir, 0o755)
	}
	fd := -1
	if err == nil {
		fd, err = unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	}
	if err != nil {
		t.Fatalf("vfstest: host sandbox: %v", err)
	}
	t.Cleanup(func() { _ = unix.Close(fd) })
	return &Host{root: dir, rootFD: fd, cwd: fd, abstract: newAbstractPrefix()}
}

func hostParent(t testing.TB) string {
	if d := os.Getenv("VFSTEST_HOSTDIR"); d != "" {
		return d
	}
	var st unix.Statfs_t
	if unix.Statfs("/dev/shm", &st) == nil && st.Type == unix.TMPFS_MAGIC &&
		unix.Access("/dev/shm", unix.W_OK) == nil {
		return "/dev/shm"
	}
	return t.TempDir()
}

// Root is the real path of the sandbox directory.
func (h *Host) Root() string { return h.root }

// begin fills every hole in the process's fd table below the highest open
// fd, so that the scenario's fds are allocated contiguously from the
// returned first fd, exactly as in a fresh govfs process.
func (h *Host) begin() {
	highest := -1
	h.before = map[int]bool{}
	for _, fd := range openFDs() {
		h.before[fd] = true
		if fd < hostFDMin && fd > highest {
			highest = fd
		}
	}
	for {
		fd, err := unix.Dup(h.rootFD)
		if err != nil {
			panic(fmt.Sprintf("vfstest: plugging fd holes: %v", err))
		}
		if fd > highest {
			_ = unix.Close(fd)
			break
		}
		h.plugs = append(h.plugs, fd)
	}
}

// end closes every fd the scenario left open, and the plugs (Record
// restores the umask and the fd limit).
func (h *Host) end() {
	for _, fd := range openFDs() {
		if !h.before[fd] {
			_ = unix.Close(fd)
		}
	}
	for _, fd := range h.plugs {
		_ = unix.Close(fd)
	}
	h.plugs, h.before, h.cwd = nil, nil, h.rootFD
}

func openFDs() []int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		panic(fmt.Sprintf("vfstest: listing fds: %v", err))
	}
	var fds []int
	for _, e := range ents {
		if n, err := strconv.Atoi(e.Name()); err == nil {
			fds = append(fds, n)
		}
	}
	return fds
}

// at maps AT_FDCWD to the emulated cwd.
func (h *Host) at(dirfd int) int {
	if dirfd == unix.AT_FDCWD {
		return h.cwd
	}
	return dirfd
}

func (h *Host) Open(path string, flags int, mode uint32) (int, error) {
	return unix.Openat(h.cwd, path, flags, mode)
}
func (h *Host) Openat(dirfd int, path string, flags int, mode uint32) (int, error) {
	return unix.Openat(h.at(dirfd), path, flags, mode)
}
func (h *Host) Openat2(dirfd int, path string, how *OpenHow) (int, error) {
	return unix.Openat2(h.at(dirfd), path, &unix.OpenHow{Flags: how.Flags, Mode: how.Mode, Resolve: how.Resolve})
}
func (h *Host) Close(fd int) error { return unix.Close(fd) }

// Read and Write retry a call the Go runtime's signals interrupted
// (EINTR): a socket with SO_RCVTIMEO or SO_SNDTIMEO is not restarted
// after a signal, and the interruption is not what a scenario tests.
func (h *Host) Read(fd int, p []byte) (int, error) {
	return retryEINTR(func() (int, error) { return unix.Read(fd, p) })
}
func (h *Host) Write(fd int, p []byte) (int, error) {
	return retryEINTR(func() (int, error) { return unix.Write(fd, p) })
}
func (h *Host) Pread(fd int, p []byte, off int64) (int, error) {
	return unix.Pread(fd, p, off)
}
func (h *Host) Pwrite(fd int, p []byte, off int64) (int, error) {
	return unix.Pwrite(fd, p, off)
}
func (h *Host) Seek(fd int, off int64, whence int) (int64, error) {
	return unix.Seek(fd, off, whence)
}
func (h *Host) Dup(fd int) (int, error) { return unix.Dup(fd) }

// Dup2 is the kernel's dup2(2), as govfs promises: x/sys/unix implements
// Dup2 with dup3, which refuses oldfd == newfd with EINVAL.
func (h *Host) Dup2(oldfd, newfd int) error {
	if oldfd == newfd {
		_, err := unix.FcntlInt(uintptr(oldfd), unix.F_GETFD, 0)
		return err
	}
	return unix.Dup3(oldfd, newfd, 0)
}
func (h *Host) Dup3(oldfd, newfd, flags int) error { return unix.Dup3(oldfd, newfd, flags) }
func (h *Host) FcntlInt(fd uintptr, cmd, arg int) (int, error) {
	return unix.FcntlInt(fd, cmd, arg)
}

func (h *Host) Mkdir(path string, mode uint32) error { return unix.Mkdirat(h.cwd, path, mode) }
func (h *Host) Mkdirat(dirfd int, path string, mode uint32) error {
	return unix.Mkdirat(h.at(dirfd), path, mode)
}
func (h *Host) Rmdir(path string) error  { return unix.Unlinkat(h.cwd, path, unix.AT_REMOVEDIR) }
func (h *Host) Unlink(path string) error { return unix.Unlinkat(h.cwd, path, 0) }
func (h *Host) Unlinkat(dirfd int, path string, flags int) error {
	return unix.Unlinkat(h.at(dirfd), path, flags)
}
func (h *Host) Rename(oldpath, newpath string) error {
	return unix.Renameat(h.cwd, oldpath, h.cwd, newpath)
}
func (h *Host) Renameat2(olddirfd int, oldpath string, newdirfd int, newpath string, flags uint) error {
	return unix.Renameat2(h.at(olddirfd), oldpath, h.at(newdirfd), newpath, flags)
}
func (h *Host) Link(oldpath, newpath string) error {
	return unix.Linkat(h.cwd, oldpath, h.cwd, newpath, 0)
}
func (h *Host) Linkat(olddirfd int, oldpath string, newdirfd int, newpath string, flags int) error {
	return unix.Linkat(h.at(olddirfd), oldpath, h.at(newdirfd), newpath, flags)
}
func (h *Host) Symlink(oldpath, newpath string) error {
	return unix.Symlinkat(oldpath, h.cwd, newpath)
}
func (h *Host) Symlinkat(oldpath string, newdirfd int, newpath string) error {
	return unix.Symlinkat(oldpath, h.at(newdirfd), newpath)
}
func (h *Host) Readlink(path string, buf []byte) (int, error) {
	return unix.Readlinkat(h.cwd, path, buf)
}
func (h *Host) Readlinkat(dirfd int, path string, buf []byte) (int, error) {
	return unix.Readlinkat(h.at(dirfd), path, buf)
}

func (h *Host) Chmod(path string, mode uint32) error { return unix.Fchmodat(h.cwd, path, mode, 0) }
func (h *Host) Fchmod(fd int, mode uint32) error     { return unix.Fchmod(fd, mode) }
func (h *Host) Fchmodat(dirfd int, path string, mode uint32, flags int) error {
	return unix.Fchmodat(h.at(dirfd), path, mode, flags)
}
func (h *Host) Chown(path string, uid, gid int) error {
	return unix.Fchownat(h.cwd, path, uid, gid, 0)
}
func (h *Host) Lchown(path string, uid, gid int) error {
	return unix.Fchownat(h.cwd, path, uid, gid, unix.AT_SYMLINK_NOFOLLOW)
}
func (h *Host) Fchown(fd int, uid, gid int) error { return unix.Fchown(fd, uid, gid) }

// Truncate has no *at form; a relative path is reached through the magic
// link of the emulated cwd (in /proc/thread-self: the thread of an As
// block has an fd table of its own).
func (h *Host) Truncate(path string, length int64) error {
	if path != "" && !strings.HasPrefix(path, "/") {
		path = fmt.Sprintf("/proc/thread-self/fd/%d/%s", h.cwd, path)
	}
	return unix.Truncate(path, length)
}
func (h *Host) Ftruncate(fd int, length int64) error { return unix.Ftruncate(fd, length) }
func (h *Host) Fallocate(fd int, mode uint32, off, length int64) error {
	return unix.Fallocate(fd, mode, off, length)
}
func (h *Host) Access(path string, mode uint32) error { return unix.Faccessat(h.cwd, path, mode, 0) }
func (h *Host) Faccessat(dirfd int, path string, mode uint32, flags int) error {
	return unix.Faccessat(h.at(dirfd), path, mode, flags)
}
func (h *Host) Mknod(path string, mode uint32, dev int) error {
	return unix.Mknodat(h.cwd, path, mode, dev)
}
func (h *Host) Mkfifo(path string, mode uint32) error    { return unix.Mkfifoat(h.cwd, path, mode) }
func (h *Host) Getdents(fd int, buf []byte) (int, error) { return unix.Getdents(fd, buf) }

func (h *Host) Pipe(p []int) error             { return unix.Pipe(p) }
func (h *Host) Pipe2(p []int, flags int) error { return unix.Pipe2(p, flags) }

// IoctlGetInt reads the int the kernel fills (4 bytes): x/sys/unix passes
// a Go int, whose upper half the kernel leaves alone.
func (h *Host) IoctlGetInt(fd int, req uint) (int, error) {
	v, err := unix.IoctlGetInt(fd, req)
	return int(int32(v)), err
}

// IoctlSetPointerInt passes a pointer to a 4-byte int (TIOCSPTLCK).
func (h *Host) IoctlSetPointerInt(fd int, req uint, value int) error {
	return unix.IoctlSetPointerInt(fd, req, value)
}

// Poll is poll(2), retried when a signal of the Go runtime (preemption)
// interrupts it: poll is never restarted by SA_RESTART, and the
// interruption is not what a scenario tests.
func (h *Host) Poll(fds []PollFd, timeout int) (int, error) {
	u := make([]unix.PollFd, len(fds))
	for i, p := range fds {
		u[i] = unix.PollFd{Fd: p.Fd, Events: p.Events}
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(time.Duration(timeout) * time.Millisecond)
	}
	for {
		n, err := unix.Poll(u, timeout)
		if err == unix.EINTR {
			if timeout > 0 {
				timeout = max(int(time.Until(deadline).Milliseconds()), 0)
			}
			continue
		}
		for i := range fds {
			fds[i].Revents = u[i].Revents
		}
		return n, err
	}
}

func (h *Host) Stat(path string, st *StatT) error { return h.Fstatat(unix.AT_FDCWD, path, st, 0) }
func (h *Host) Lstat(path string, st *StatT) error {
	return h.Fstatat(unix.AT_FDCWD, path, st, unix.AT_SYMLINK_NOFOLLOW)
}
func (h *Host) Fstat(fd int, st *StatT) error {
	var u unix.Stat_t
	err := unix.Fstat(fd, &u)
	*st = hostStat(&u)
	return err
}
func (h *Host) Fstatat(dirfd int, path string, st *StatT, flags int) error {
	var u unix.Stat_t
	err := unix.Fstatat(h.at(dirfd), path, &u, flags)
	*st = hostStat(&u)
	return err
}

func hostStat(u *unix.Stat_t) StatT {
	return StatT{
		Mode: uint32(u.Mode), Nlink: uint64(u.Nlink), Size: int64(u.Size), Uid: uint32(u.Uid), Gid: uint32(u.Gid),
		Rdev: uint64(u.Rdev), Ino: uint64(u.Ino), Dev: uint64(u.Dev),
		Atime: u.Atim.Nano(), Mtime: u.Mtim.Nano(), Ctime: u.Ctim.Nano(),
	}
}

// Chdir moves the emulated cwd; the new directory fd is parked at or above
// hostFDMin so the scenario's fd numbering is not disturbed.
func (h *Host) Chdir(path string) error {
	fd, err := unix.Openat(h.cwd, path, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return h.setCwd(fd)
}

func (h *Host) Fchdir(fd int) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return unix.ENOTDIR
	}
	return h.setCwd(fd)
}

func (h *Host) setCwd(fd int) error {
	high, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, hostFDMin)
	if err != nil {
		return err
	}
	if h.cwd != h.rootFD {
		_ = unix.Close(h.cwd)
	}
	h.cwd = high
	return nil
}

func (h *Host) Getcwd() (string, error) {
	real, err := os.Readlink(fmt.Sprintf("/proc/thread-self/fd/%d", h.cwd))
	if err != nil {
		return "", err
	}
	if strings.HasSuffix(real, " (deleted)") {
		return "", unix.ENOENT
	}
	return sandboxPath(h.root, real), nil
}

// sandboxPath turns a real path under root into the path a scenario sees.
func sandboxPath(root, real string) string {
	if real == root {
		return "/"
	}
	if rest, ok := strings.CutPrefix(real, root+"/"); ok {
		return "/" + rest
	}
	return real
}

func (h *Host) Umask(mask int) int { return unix.Umask(mask) }
func (h *Host) Getrlimit(resource int, rlim *Rlimit) error {
	var u unix.Rlimit
	err := unix.Getrlimit(resource, &u)
	*rlim = Rlimit{Cur: u.Cur, Max: u.Max}
	return err
}
func (h *Host) Setrlimit(resource int, rlim *Rlimit) error {
	return unix.Setrlimit(resource, &unix.Rlimit{Cur: rlim.Cur, Max: rlim.Max})
}

func (h *Host) Errno(err error) (uintptr, bool) {
	var en syscall.Errno
	if errors.As(err, &en) {
		return uintptr(en), true
	}
	return 0, false
}
