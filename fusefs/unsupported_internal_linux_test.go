package fusefs

import (
	"testing"

	"github.com/hanwen/go-fuse/v2/fuse"
	"github.com/stretchr/testify/require"
)

// TestUnsupported checks that every request govfs has no call for is
// ENOSYS, the answer the host kernel remembers and falls back from.
func TestUnsupported(t *testing.T) {
	var u unsupported
	for name, status := range map[string]fuse.Status{
		"getxattr":        second(u.GetXAttr(nil, &fuse.InHeader{}, "user.x", nil)),
		"listxattr":       second(u.ListXAttr(nil, &fuse.InHeader{}, nil)),
		"setxattr":        u.SetXAttr(nil, &fuse.SetXAttrIn{}, "user.x", nil),
		"removexattr":     u.RemoveXAttr(nil, &fuse.InHeader{}, "user.x"),
		"lseek":           u.Lseek(nil, &fuse.LseekIn{}, &fuse.LseekOut{}),
		"getlk":           u.GetLk(nil, &fuse.LkIn{}, &fuse.LkOut{}),
		"setlk":           u.SetLk(nil, &fuse.LkIn{}),
		"setlkw":          u.SetLkw(nil, &fuse.LkIn{}),
		"copy_file_range": second(u.CopyFileRange(nil, &fuse.CopyFileRangeIn{})),
		"ioctl":           u.Ioctl(nil, &fuse.IoctlIn{}, nil, &fuse.IoctlOut{}, nil),
	} {
		require.Equal(t, fuse.ENOSYS, status, name)
	}
}

func second[T any](_ T, s fuse.Status) fuse.Status { return s }
