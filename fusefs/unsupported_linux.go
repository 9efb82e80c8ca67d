package fusefs

import "github.com/hanwen/go-fuse/v2/fuse"

// unsupported answers ENOSYS to every request govfs has no call for,
// where go-fuse's defaults would say ENOTSUP or ENOATTR. ENOSYS is the
// FUSE protocol's "not implemented": the host kernel remembers it and
// falls back to what it does for any filesystem without the operation
// (local POSIX locks, a generic lseek and copy_file_range, ENOTTY for
// ioctl, EOPNOTSUPP for xattrs), so the mount never waits on a request
// that cannot succeed.
type unsupported struct{ fuse.RawFileSystem }

func (unsupported) GetXAttr(<-chan struct{}, *fuse.InHeader, string, []byte) (uint32, fuse.Status) {
	return 0, fuse.ENOSYS
}

func (unsupported) ListXAttr(<-chan struct{}, *fuse.InHeader, []byte) (uint32, fuse.Status) {
	return 0, fuse.ENOSYS
}

func (unsupported) SetXAttr(<-chan struct{}, *fuse.SetXAttrIn, string, []byte) fuse.Status {
	return fuse.ENOSYS
}

func (unsupported) RemoveXAttr(<-chan struct{}, *fuse.InHeader, string) fuse.Status {
	return fuse.ENOSYS
}

func (unsupported) Lseek(<-chan struct{}, *fuse.LseekIn, *fuse.LseekOut) fuse.Status {
	return fuse.ENOSYS
}

func (unsupported) GetLk(<-chan struct{}, *fuse.LkIn, *fuse.LkOut) fuse.Status { return fuse.ENOSYS }
func (unsupported) SetLk(<-chan struct{}, *fuse.LkIn) fuse.Status              { return fuse.ENOSYS }
func (unsupported) SetLkw(<-chan struct{}, *fuse.LkIn) fuse.Status             { return fuse.ENOSYS }

func (unsupported) CopyFileRange(<-chan struct{}, *fuse.CopyFileRangeIn) (uint32, fuse.Status) {
	return 0, fuse.ENOSYS
}

func (unsupported) Ioctl(<-chan struct{}, *fuse.IoctlIn, []byte, *fuse.IoctlOut, []byte) fuse.Status {
	return fuse.ENOSYS
}
