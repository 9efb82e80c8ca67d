package fusefs

import (
	"errors"
	"syscall"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"

	"github.com/govfs/govfs/vfs"
)

// toErrno turns a govfs error into the host's errno: vfs.Errno uses
// Linux's numbers, so the value passes through unchanged.
func toErrno(err error) syscall.Errno {
	if err == nil {
		return 0
	}
	var e vfs.Errno
	if errors.As(err, &e) {
		return syscall.Errno(e)
	}
	return syscall.EIO
}

// stableAttr names a govfs inode for the host. govfs numbers inodes per
// superblock, so the FUSE inode number mixes in the device: the minor
// (all of govfs's superblocks are anonymous devices 0:N, like Linux's
// tmpfs and proc) goes in the top 20 bits, and an inode number too big
// to share (none today) falls back to the raw one.
func stableAttr(st *vfs.Stat_t) fs.StableAttr {
	ino := st.Ino
	if st.Dev < 1<<20 && ino < 1<<44 {
		ino |= st.Dev << 44
	}
	return fs.StableAttr{Mode: st.Mode & syscall.S_IFMT, Ino: ino}
}

// fillAttr copies a govfs stat into the FUSE reply.
func fillAttr(st *vfs.Stat_t, out *fuse.Attr) {
	out.Ino = stableAttr(st).Ino
	out.Size = uint64(st.Size)
	out.Blocks = uint64(st.Blocks)
	out.Atime, out.Atimensec = uint64(st.Atim.Sec), uint32(st.Atim.Nsec)
	out.Mtime, out.Mtimensec = uint64(st.Mtim.Sec), uint32(st.Mtim.Nsec)
	out.Ctime, out.Ctimensec = uint64(st.Ctim.Sec), uint32(st.Ctim.Nsec)
	out.Mode = st.Mode
	out.Nlink = uint32(st.Nlink)
	out.Owner = fuse.Owner{Uid: st.Uid, Gid: st.Gid}
	out.Rdev = encodeDev(st.Rdev)
	out.Blksize = uint32(st.Blksize)
}

// encodeDev packs a device number the way the FUSE protocol carries it:
// the kernel's 32-bit new_encode_dev, not glibc's 64-bit makedev.
func encodeDev(dev uint64) uint32 {
	major, minor := vfs.Major(dev), vfs.Minor(dev)
	return minor&0xff | major&0xfff<<8 | (minor&^0xff)<<12
}

// decodeDev is new_decode_dev, for the rdev that MKNOD sends.
func decodeDev(dev uint32) uint64 {
	major := dev & 0xfff00 >> 8
	minor := dev&0xff | dev>>12&0xfff00
	return vfs.Mkdev(major, minor)
}

func fillStatfs(st *vfs.Statfs_t, out *fuse.StatfsOut) {
	out.Blocks, out.Bfree, out.Bavail = st.Blocks, st.Bfree, st.Bavail
	out.Files, out.Ffree = st.Files, st.Ffree
	out.Bsize = uint32(st.Bsize)
	out.NameLen = uint32(st.Namelen)
	out.Frsize = uint32(st.Frsize)
}
