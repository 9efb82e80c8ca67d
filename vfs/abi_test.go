package vfs_test

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Errno and errors.Is, on every platform. abi_linux_test.go proves the
// numbers and texts against the host's.

func TestErrnoIs(t *testing.T) {
	targets := []struct {
		name   string
		target error
		errnos []vfs.Errno
	}{
		{"fs.ErrNotExist", fs.ErrNotExist, []vfs.Errno{vfs.ENOENT}},
		{"fs.ErrExist", fs.ErrExist, []vfs.Errno{vfs.EEXIST, vfs.ENOTEMPTY}},
		{"fs.ErrPermission", fs.ErrPermission, []vfs.Errno{vfs.EACCES, vfs.EPERM}},
		{"errors.ErrUnsupported", errors.ErrUnsupported, []vfs.Errno{vfs.ENOSYS, vfs.ENOTSUP, vfs.EOPNOTSUPP}},
	}
	others := []vfs.Errno{vfs.EIO, vfs.EINVAL, vfs.EBADF, vfs.ENOTDIR, vfs.EISDIR, vfs.ELOOP, vfs.EROFS, vfs.EXDEV}
	for _, tc := range targets {
		for _, e := range tc.errnos {
			t.Run(e.Name()+"_is_"+tc.name, func(t *testing.T) {
				require.ErrorIs(t, e, tc.target)
				require.ErrorIs(t, &fs.PathError{Op: "open", Path: "/x", Err: e}, tc.target, "wrapped in *fs.PathError")
				require.ErrorIs(t, fmt.Errorf("context: %w", e), tc.target, "wrapped with %%w")
			})
		}
		for _, e := range others {
			t.Run(e.Name()+"_is_not_"+tc.name, func(t *testing.T) {
				require.NotErrorIs(t, e, tc.target)
				require.NotErrorIs(t, &fs.PathError{Op: "open", Path: "/x", Err: e}, tc.target)
			})
		}
	}
	t.Run("errors_Is_the_same_errno_through_a_PathError", func(t *testing.T) {
		require.ErrorIs(t, &fs.PathError{Op: "open", Path: "/x", Err: vfs.ELOOP}, vfs.ELOOP)
		require.NotErrorIs(t, &fs.PathError{Op: "open", Path: "/x", Err: vfs.ELOOP}, vfs.ENOENT)
	})
}

func TestErrnoText(t *testing.T) {
	cases := []struct {
		errno      vfs.Errno
		name, text string
	}{
		{vfs.ENOENT, "ENOENT", "no such file or directory"},
		{vfs.EACCES, "EACCES", "permission denied"},
		{vfs.ELOOP, "ELOOP", "too many levels of symbolic links"},
		{vfs.EWOULDBLOCK, "EAGAIN", "resource temporarily unavailable"},
		{vfs.Errno(4000), "E4000", "errno 4000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.name, c.errno.Name())
			require.Equal(t, c.text, c.errno.Error())
		})
	}
	t.Run("ErrnoOf_finds_a_wrapped_errno", func(t *testing.T) {
		require.Equal(t, vfs.EXDEV, vfs.ErrnoOf(&fs.PathError{Op: "rename", Err: vfs.EXDEV}))
		require.Equal(t, vfs.Errno(0), vfs.ErrnoOf(nil))
		require.Equal(t, vfs.EIO, vfs.ErrnoOf(errors.New("not an errno")))
	})
	t.Run("Timeout_and_Temporary_as_syscall_Errno", func(t *testing.T) {
		require.True(t, vfs.EAGAIN.Timeout())
		require.True(t, vfs.ETIMEDOUT.Timeout())
		require.False(t, vfs.ENOENT.Timeout())
		require.True(t, vfs.EINTR.Temporary())
		require.True(t, vfs.EMFILE.Temporary())
		require.False(t, vfs.EINVAL.Temporary())
	})
}
