package vfs

import "time"

// The structs below have the names, fields and (on linux/amd64) the
// layouts of their x/sys/unix twins, so code moves between the two by
// changing the package name.

// Timespec is struct timespec.
type Timespec struct {
	Sec  int64
	Nsec int64
}

// NsecToTimespec converts nanoseconds since the epoch to a Timespec.
func NsecToTimespec(ns int64) Timespec {
	sec := ns / 1e9
	nsec := ns % 1e9
	if nsec < 0 {
		sec--
		nsec += 1e9
	}
	return Timespec{Sec: sec, Nsec: nsec}
}

// NsecToTime converts ns since the epoch to a time.Time (UTC-free).
func NsecToTime(ns int64) time.Time { return time.Unix(0, ns) }

// Unix returns the time as seconds and nanoseconds.
func (ts *Timespec) Unix() (sec int64, nsec int64) { return ts.Sec, ts.Nsec }

// Nano returns the time as nanoseconds since the epoch.
func (ts *Timespec) Nano() int64 { return ts.Sec*1e9 + ts.Nsec }

// Stat_t is struct stat as stat(2) fills it on linux/amd64.
type Stat_t struct {
	Dev       uint64
	Ino       uint64
	Nlink     uint64
	Mode      uint32
	Uid       uint32
	Gid       uint32
	X__pad0   int32
	Rdev      uint64
	Size      int64
	Blksize   int64
	Blocks    int64
	Atim      Timespec
	Mtim      Timespec
	Ctim      Timespec
	X__unused [3]int64
}

// Fsid is the filesystem id statfs(2) reports.
type Fsid struct {
	Val [2]int32
}

// Statfs_t is struct statfs on linux/amd64.
type Statfs_t struct {
	Type    int64
	Bsize   int64
	Blocks  uint64
	Bfree   uint64
	Bavail  uint64
	Files   uint64
	Ffree   uint64
	Fsid    Fsid
	Namelen int64
	Frsize  int64
	Flags   int64
	Spare   [4]int64
}

// OpenHow is struct open_how, the argument of openat2(2).
type OpenHow struct {
	Flags   uint64
	Mode    uint64
	Resolve uint64
}

// Rlimit is struct rlimit.
type Rlimit struct {
	Cur uint64
	Max uint64
}

// RLIM_INFINITY is the "no limit" value of an Rlimit field.
const RLIM_INFINITY = ^uint64(0)

// Mkdev packs a major and minor device number the way glibc's makedev
// does, so Rdev values compare equal with the host's.
func Mkdev(major, minor uint32) uint64 {
	dev := (uint64(major) & 0x00000fff) << 8
	dev |= (uint64(major) & 0xfffff000) << 32
	dev |= (uint64(minor) & 0x000000ff) << 0
	dev |= (uint64(minor) & 0xffffff00) << 12
	return dev
}

// Major returns the major component of a device number.
func Major(dev uint64) uint32 {
	major := uint32((dev & 0x00000000000fff00) >> 8)
	major |= uint32((dev & 0xfffff00000000000) >> 32)
	return major
}

// Minor returns the minor component of a device number.
func Minor(dev uint64) uint32 {
	minor := uint32((dev & 0x00000000000000ff) >> 0)
	minor |= uint32((dev & 0x00000ffffff00000) >> 12)
	return minor
}

// Values Linux fixes that x/sys/unix has no constant for.
const (
	PIPE_BUF      = 4096    // largest atomic pipe write
	NR_OPEN       = 1048576 // /proc/sys/fs/nr_open: the hard RLIMIT_NOFILE
	maxSymlinks   = 40      // MAXSYMLINKS in include/linux/namei.h
	oLargefile    = 0x8000  // O_LARGEFILE as the kernel sets it on 64-bit
	pageSize      = 4096
	defaultNofile = 1024
)
