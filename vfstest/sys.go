package vfstest

import "encoding/binary"

// Sys is the set of file and directory system calls that both the real
// kernel (golang.org/x/sys/unix) and govfs (*vfs.Process) implement, with
// exactly the x/sys/unix signatures. Calls whose argument or result types
// differ between the two (stat structs, open_how, rlimit, getcwd, pollfd)
// live in System instead, behind small adapters.
type Sys interface {
	Open(path string, flags int, mode uint32) (fd int, err error)
	Openat(dirfd int, path string, flags int, mode uint32) (fd int, err error)
	Close(fd int) error
	Read(fd int, p []byte) (n int, err error)
	Write(fd int, p []byte) (n int, err error)
	Pread(fd int, p []byte, offset int64) (n int, err error)
	Pwrite(fd int, p []byte, offset int64) (n int, err error)
	Seek(fd int, offset int64, whence int) (off int64, err error)
	Dup(oldfd int) (fd int, err error)
	Dup2(oldfd, newfd int) error
	Dup3(oldfd, newfd, flags int) error
	FcntlInt(fd uintptr, cmd, arg int) (int, error)

	Mkdir(path string, mode uint32) error
	Mkdirat(dirfd int, path string, mode uint32) error
	Rmdir(path string) error
	Unlink(path string) error
	Unlinkat(dirfd int, path string, flags int) error
	Rename(oldpath, newpath string) error
	Renameat2(olddirfd int, oldpath string, newdirfd int, newpath string, flags uint) error
	Link(oldpath, newpath string) error
	Linkat(olddirfd int, oldpath string, newdirfd int, newpath string, flags int) error
	Symlink(oldpath, newpath string) error
	Symlinkat(oldpath string, newdirfd int, newpath string) error
	Readlink(path string, buf []byte) (n int, err error)
	Readlinkat(dirfd int, path string, buf []byte) (n int, err error)

	Chmod(path string, mode uint32) error
	Fchmod(fd int, mode uint32) error
	Fchmodat(dirfd int, path string, mode uint32, flags int) error
	Chown(path string, uid, gid int) error
	Lchown(path string, uid, gid int) error
	Fchown(fd int, uid, gid int) error
	Truncate(path string, length int64) error
	Ftruncate(fd int, length int64) error
	Fallocate(fd int, mode uint32, off, len int64) error
	Access(path string, mode uint32) error
	Faccessat(dirfd int, path string, mode uint32, flags int) error
	Mknod(path string, mode uint32, dev int) error
	Mkfifo(path string, mode uint32) error
	Getdents(fd int, buf []byte) (n int, err error)

	Pipe(p []int) error
	Pipe2(p []int, flags int) error
	IoctlGetInt(fd int, req uint) (int, error)
	IoctlSetPointerInt(fd int, req uint, value int) error
}

// System is a Sys plus adapted calls whose struct types differ between the
// host and govfs. Paths are those a scenario sees: "/" in Getcwd is the
// sandbox directory, never the real one.
type System interface {
	Sys

	Stat(path string, st *StatT) error
	Lstat(path string, st *StatT) error
	Fstat(fd int, st *StatT) error
	Fstatat(dirfd int, path string, st *StatT, flags int) error
	Openat2(dirfd int, path string, how *OpenHow) (fd int, err error)

	Chdir(path string) error
	Fchdir(fd int) error
	// Getcwd reports the working directory relative to the sandbox:
	// "/" is the sandbox itself.
	Getcwd() (string, error)
	Umask(mask int) (old int)
	Getrlimit(resource int, rlim *Rlimit) error
	Setrlimit(resource int, rlim *Rlimit) error
	// Poll is poll(2); a call the host interrupts (EINTR) is retried.
	Poll(fds []PollFd, timeout int) (n int, err error)

	// Errno extracts the Linux errno number from an error returned by this
	// system, or reports false when err carries none.
	Errno(err error) (errno uintptr, ok bool)
}

// StatT is the stat summary both sides are converted to. Only Mode, Nlink,
// Size (not for directories), Uid, Gid and Rdev (devices only) appear in a
// transcript; Ino, Dev and the times are kept so that scenarios can state
// relations ("same inode as", "mtime changed") that are deterministic even
// though the values are not.
type StatT struct {
	Mode  uint32 // S_IFMT type bits and the 07777 permission bits
	Nlink uint64
	Size  int64
	Uid   uint32
	Gid   uint32
	Rdev  uint64 // Linux encoding (major/minor as in unix.Mkdev)
	Ino   uint64
	Dev   uint64
	Atime int64 // nanoseconds since the epoch
	Mtime int64
	Ctime int64
}

// OpenHow mirrors struct open_how of openat2(2).
type OpenHow struct {
	Flags   uint64
	Mode    uint64
	Resolve uint64
}

// PollFd mirrors struct pollfd, laid out as unix.PollFd and vfs.PollFd.
type PollFd struct {
	Fd      int32
	Events  int16
	Revents int16
}

// FIONREAD is the ioctl request that reports how many bytes a read could
// take now (x/sys/unix does not define it on linux).
const FIONREAD = 0x541b

// Rlimit mirrors struct rlimit.
type Rlimit struct {
	Cur uint64
	Max uint64
}

// Dirent is one linux_dirent64 record as returned by getdents64(2).
type Dirent struct {
	Ino  uint64
	Off  int64 // d_off: the cookie that lseek(fd, Off, SEEK_SET) resumes after
	Type uint8 // DT_* value
	Name string
}

// ParseDirents decodes the linux_dirent64 records in buf (the first n bytes
// that Getdents filled). A truncated trailing record is ignored.
func ParseDirents(buf []byte) []Dirent {
	var out []Dirent
	const header = 19 // d_ino(8) d_off(8) d_reclen(2) d_type(1)
	for len(buf) >= header {
		reclen := int(binary.NativeEndian.Uint16(buf[16:18]))
		if reclen < header || reclen > len(buf) {
			break
		}
		name := buf[header:reclen]
		for i, c := range name {
			if c == 0 {
				name = name[:i]
				break
			}
		}
		out = append(out, Dirent{
			Ino:  binary.NativeEndian.Uint64(buf[0:8]),
			Off:  int64(binary.NativeEndian.Uint64(buf[8:16])),
			Type: buf[18],
			Name: string(name),
		})
		buf = buf[reclen:]
	}
	return out
}
