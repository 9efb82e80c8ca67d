package vfs_test

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// Bad input never panics and gets Linux's errno: bad fds, negative
// offsets and lengths, NULs, empty and over-long names and paths,
// unknown flags.

// fdCalls are the syscalls that take an fd, each called on fd.
func fdCalls(p *vfs.Process) map[string]func(fd int) error {
	buf := make([]byte, 64)
	var st vfs.Stat_t
	var sf vfs.Statfs_t
	return map[string]func(fd int) error{
		"read":         func(fd int) error { _, err := p.Read(fd, buf); return err },
		"write":        func(fd int) error { _, err := p.Write(fd, buf); return err },
		"pread":        func(fd int) error { _, err := p.Pread(fd, buf, 0); return err },
		"pwrite":       func(fd int) error { _, err := p.Pwrite(fd, buf, 0); return err },
		"readv":        func(fd int) error { _, err := p.Readv(fd, [][]byte{buf}); return err },
		"writev":       func(fd int) error { _, err := p.Writev(fd, [][]byte{buf}); return err },
		"lseek":        func(fd int) error { _, err := p.Seek(fd, 0, vfs.SEEK_SET); return err },
		"close":        func(fd int) error { return p.Close(fd) },
		"dup":          func(fd int) error { _, err := p.Dup(fd); return err },
		"dup2":         func(fd int) error { return p.Dup2(fd, 10) },
		"dup3":         func(fd int) error { return p.Dup3(fd, 10, 0) },
		"fcntl_GETFD":  func(fd int) error { _, err := p.FcntlInt(uintptr(fd), vfs.F_GETFD, 0); return err },
		"fcntl_SETFL":  func(fd int) error { _, err := p.FcntlInt(uintptr(fd), vfs.F_SETFL, 0); return err },
		"fcntl_DUPFD":  func(fd int) error { _, err := p.FcntlInt(uintptr(fd), vfs.F_DUPFD, 0); return err },
		"ioctl":        func(fd int) error { _, err := p.IoctlGetInt(fd, vfs.FIONREAD); return err },
		"fstat":        func(fd int) error { return p.Fstat(fd, &st) },
		"fstatfs":      func(fd int) error { return p.Fstatfs(fd, &sf) },
		"fchmod":       func(fd int) error { return p.Fchmod(fd, 0o644) },
		"fchown":       func(fd int) error { return p.Fchown(fd, 0, 0) },
		"ftruncate":    func(fd int) error { return p.Ftruncate(fd, 0) },
		"fallocate":    func(fd int) error { return p.Fallocate(fd, 0, 0, 1) },
		"fsync":        func(fd int) error { return p.Fsync(fd) },
		"getdents":     func(fd int) error { _, err := p.Getdents(fd, buf); return err },
		"fchdir":       func(fd int) error { return p.Fchdir(fd) },
		"openat":       func(fd int) error { _, err := p.Openat(fd, "x", vfs.O_RDONLY, 0); return err },
		"openat2":      func(fd int) error { _, err := p.Openat2(fd, "x", &vfs.OpenHow{}); return err },
		"mkdirat":      func(fd int) error { return p.Mkdirat(fd, "x", 0o755) },
		"mknodat":      func(fd int) error { return p.Mknodat(fd, "x", vfs.S_IFIFO|0o644, 0) },
		"unlinkat":     func(fd int) error { return p.Unlinkat(fd, "x", 0) },
		"renameat_old": func(fd int) error { return p.Renameat(fd, "x", vfs.AT_FDCWD, "/tmp/y") },
		"renameat_new": func(fd int) error { return p.Renameat(vfs.AT_FDCWD, "/tmp/f", fd, "y") },
		"linkat":       func(fd int) error { return p.Linkat(fd, "x", vfs.AT_FDCWD, "/tmp/y", 0) },
		"symlinkat":    func(fd int) error { return p.Symlinkat("t", fd, "x") },
		"readlinkat":   func(fd int) error { _, err := p.Readlinkat(fd, "x", buf); return err },
		"fstatat":      func(fd int) error { return p.Fstatat(fd, "x", &st, 0) },
		"faccessat":    func(fd int) error { return p.Faccessat(fd, "x", vfs.F_OK, 0) },
		"fchmodat":     func(fd int) error { return p.Fchmodat(fd, "x", 0o644, 0) },
		"fchownat":     func(fd int) error { return p.Fchownat(fd, "x", 0, 0, 0) },
		"utimensat":    func(fd int) error { return p.UtimesNanoAt(fd, "x", nil, 0) },
	}
}

func TestBadFDIsEBADF(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/f", "", 0o644)
	calls := fdCalls(p)
	for _, name := range slices.Sorted(maps.Keys(calls)) {
		call := calls[name]
		for _, fd := range []int{-1, 99999, 500, math.MaxInt32} {
			t.Run(fmt.Sprintf("%s/fd_%d", name, fd), func(t *testing.T) { requireErrno(t, call(fd), vfs.EBADF) })
		}
	}
	t.Run("dirfd_is_ignored_for_an_absolute_path", func(t *testing.T) {
		fd, err := p.Openat(-1, "/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.NoError(t, p.Close(fd))
	})
	t.Run("dup2_to_a_negative_or_too_large_fd", func(t *testing.T) {
		fd, err := p.Open("/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		defer p.Close(fd)
		requireErrno(t, p.Dup2(fd, -1), vfs.EBADF)
		requireErrno(t, p.Dup2(fd, 99999), vfs.EBADF)
		requireErrno(t, p.Dup3(fd, math.MaxInt32, 0), vfs.EBADF)
	})
	t.Run("O_PATH_fd_cannot_be_read", func(t *testing.T) {
		fd, err := p.Open("/tmp/f", vfs.O_PATH, 0)
		require.NoError(t, err)
		defer p.Close(fd)
		_, err = p.Read(fd, make([]byte, 1))
		requireErrno(t, err, vfs.EBADF)
	})
}

func TestNegativeOffsetsAndLengths(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/f", "0123", 0o644)
	fd, err := p.Open("/tmp/f", vfs.O_RDWR, 0)
	require.NoError(t, err)
	dir, err := p.Open("/tmp", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	require.NoError(t, err)
	buf := make([]byte, 8)
	cases := []struct {
		name string
		call func() error
		want vfs.Errno
	}{
		{"pread_at_a_negative_offset", func() error { _, err := p.Pread(fd, buf, -1); return err }, vfs.EINVAL},
		{"pwrite_at_a_negative_offset", func() error { _, err := p.Pwrite(fd, buf, -1); return err }, vfs.EINVAL},
		{"pread_negative_offset_before_bad_fd", func() error { _, err := p.Pread(-1, buf, -1); return err }, vfs.EINVAL},
		{"pwrite_whose_end_overflows", func() error { _, err := p.Pwrite(fd, buf[:2], math.MaxInt64-1); return err }, vfs.EINVAL},
		{"pread_whose_end_overflows", func() error { _, err := p.Pread(fd, buf, math.MaxInt64); return err }, vfs.EINVAL},
		{"seek_set_negative", func() error { _, err := p.Seek(fd, -1, vfs.SEEK_SET); return err }, vfs.EINVAL},
		{"seek_cur_below_zero", func() error { _, err := p.Seek(fd, -100, vfs.SEEK_CUR); return err }, vfs.EINVAL},
		{"seek_end_below_zero", func() error { _, err := p.Seek(fd, -5, vfs.SEEK_END); return err }, vfs.EINVAL},
		{"seek_unknown_whence", func() error { _, err := p.Seek(fd, 0, 5); return err }, vfs.EINVAL},
		{"seek_to_the_largest_offset", func() error { _, err := p.Seek(fd, math.MaxInt64, vfs.SEEK_SET); return err }, 0},
		{"seek_cur_past_the_largest_offset", func() error { _, err := p.Seek(fd, 1, vfs.SEEK_CUR); return err }, vfs.EINVAL},
		{"seek_a_directory_from_its_end", func() error { _, err := p.Seek(dir, 0, vfs.SEEK_END); return err }, vfs.EINVAL},
		{"truncate_to_a_negative_length", func() error { return p.Truncate("/tmp/f", -1) }, vfs.EINVAL},
		{"ftruncate_to_a_negative_length", func() error { return p.Ftruncate(fd, -1) }, vfs.EINVAL},
		{"fallocate_at_a_negative_offset", func() error { return p.Fallocate(fd, 0, -1, 1) }, vfs.EINVAL},
		{"fallocate_of_zero_bytes", func() error { return p.Fallocate(fd, 0, 0, 0) }, vfs.EINVAL},
		{"fallocate_of_negative_length", func() error { return p.Fallocate(fd, 0, 0, -1) }, vfs.EINVAL},
		{"fallocate_bad_fd_before_bad_range", func() error { return p.Fallocate(-1, 0, -1, 0) }, vfs.EBADF},
		{"readlink_into_an_empty_buffer", func() error { _, err := p.Readlink("/tmp/f", nil); return err }, vfs.EINVAL},
		{"getdents_into_an_empty_buffer", func() error { _, err := p.Getdents(dir, nil); return err }, vfs.EINVAL},
		{"readv_with_too_many_buffers", func() error { _, err := p.Readv(fd, make([][]byte, 1025)); return err }, vfs.EINVAL},
		{"F_DUPFD_below_zero", func() error { _, err := p.FcntlInt(uintptr(fd), vfs.F_DUPFD, -1); return err }, vfs.EINVAL},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireResult(t, c.call(), c.want) })
	}
	require.Equal(t, "0123", readFile(t, p, "/tmp/f"), "nothing was written")
	require.NoError(t, p.Close(fd))
	require.NoError(t, p.Close(dir))
}

// pathCalls are the syscalls that take a path, each called with path.
func pathCalls(p *vfs.Process) map[string]func(path string) error {
	buf := make([]byte, 64)
	var st vfs.Stat_t
	var sf vfs.Statfs_t
	return map[string]func(path string) error{
		"open":           func(path string) error { _, err := p.Open(path, vfs.O_RDONLY, 0); return err },
		"open_creat":     func(path string) error { _, err := p.Open(path, vfs.O_CREAT|vfs.O_RDWR, 0o644); return err },
		"openat2":        func(path string) error { _, err := p.Openat2(vfs.AT_FDCWD, path, &vfs.OpenHow{}); return err },
		"stat":           func(path string) error { return p.Stat(path, &st) },
		"lstat":          func(path string) error { return p.Lstat(path, &st) },
		"access":         func(path string) error { return p.Access(path, vfs.F_OK) },
		"mkdir":          func(path string) error { return p.Mkdir(path, 0o755) },
		"mknod":          func(path string) error { return p.Mknod(path, vfs.S_IFIFO|0o644, 0) },
		"rmdir":          func(path string) error { return p.Rmdir(path) },
		"unlink":         func(path string) error { return p.Unlink(path) },
		"rename_old":     func(path string) error { return p.Rename(path, "/tmp/new") },
		"rename_new":     func(path string) error { return p.Rename("/tmp/f", path) },
		"link_old":       func(path string) error { return p.Link(path, "/tmp/new") },
		"link_new":       func(path string) error { return p.Link("/tmp/f", path) },
		"symlink_new":    func(path string) error { return p.Symlink("/tmp/f", path) },
		"symlink_target": func(path string) error { return p.Symlink(path, "/tmp/new") },
		"readlink":       func(path string) error { _, err := p.Readlink(path, buf); return err },
		"chmod":          func(path string) error { return p.Chmod(path, 0o644) },
		"chown":          func(path string) error { return p.Chown(path, 0, 0) },
		"truncate":       func(path string) error { return p.Truncate(path, 0) },
		"utimes":         func(path string) error { return p.UtimesNano(path, nil) },
		"statfs":         func(path string) error { return p.Statfs(path, &sf) },
		"chdir":          func(path string) error { return p.Chdir(path) },
		"chroot":         func(path string) error { return p.Chroot(path) },
		"mount":          func(path string) error { return p.Mount("none", path, "tmpfs", 0, "") },
		"umount":         func(path string) error { return p.Unmount(path, 0) },
	}
}

func TestBadPaths(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/f", "", 0o644)
	long := strings.Repeat("n", 256)
	cases := []struct {
		name string
		path string
		want vfs.Errno
	}{
		{"NUL_in_a_path_is_EINVAL", "/tmp/f\x00x", vfs.EINVAL},
		{"empty_path_is_ENOENT", "", vfs.ENOENT},
		{"256_byte_name_is_ENAMETOOLONG", "/tmp/" + long, vfs.ENAMETOOLONG},
		{"4096_byte_path_is_ENAMETOOLONG", strings.Repeat("/", vfs.PathMax-3) + "tmp", vfs.ENAMETOOLONG},
	}
	calls := pathCalls(p)
	for _, c := range cases {
		for _, name := range slices.Sorted(maps.Keys(calls)) {
			call := calls[name]
			if name == "symlink_target" && strings.HasPrefix(c.name, "256") {
				continue // a target is only a string: its components are not names
			}
			t.Run(c.name+"/"+name, func(t *testing.T) { requireErrno(t, call(c.path), c.want) })
		}
	}
	t.Run("255_byte_name_is_fine", func(t *testing.T) {
		writeFile(t, p, "/tmp/"+long[:255], "", 0o644)
		stat(t, p, "/tmp/"+long[:255])
	})
	t.Run("4095_byte_path_is_fine", func(t *testing.T) {
		stat(t, p, strings.Repeat("/", vfs.PathMax-4)+"tmp")
	})
	t.Run("a_too_long_name_behind_a_missing_dir_is_ENOENT", func(t *testing.T) {
		var st vfs.Stat_t
		requireErrno(t, p.Stat("/missing/"+long, &st), vfs.ENOENT)
	})
}

func TestUnknownFlags(t *testing.T) {
	_, p := newSystem(t)
	writeFile(t, p, "/tmp/f", "", 0o644)
	fd, err := p.Open("/tmp/f", vfs.O_RDWR, 0)
	require.NoError(t, err)
	defer p.Close(fd)
	var st vfs.Stat_t
	openat2 := func(how vfs.OpenHow) func() error {
		return func() error { _, err := p.Openat2(vfs.AT_FDCWD, "/tmp/f", &how); return err }
	}
	cases := []struct {
		name string
		call func() error
		want vfs.Errno
	}{
		{"open_ignores_unknown_flags", func() error { fd, err := p.Open("/tmp/f", vfs.O_RDONLY|1<<30, 0); p.Close(fd); return err }, 0},
		{"open_O_CREAT_with_O_DIRECTORY", func() error { _, err := p.Open("/tmp/new", vfs.O_CREAT|vfs.O_DIRECTORY|vfs.O_RDWR, 0o644); return err }, vfs.EINVAL},
		{"open_O_TMPFILE_read_only", func() error { _, err := p.Open("/tmp", vfs.O_TMPFILE|vfs.O_RDONLY, 0o644); return err }, vfs.EINVAL},
		{"openat2_unknown_flag", openat2(vfs.OpenHow{Flags: 1 << 30}), vfs.EINVAL},
		{"openat2_unknown_resolve", openat2(vfs.OpenHow{Resolve: 1 << 10}), vfs.EINVAL},
		{"openat2_mode_without_O_CREAT", openat2(vfs.OpenHow{Mode: 0o644}), vfs.EINVAL},
		{"openat2_mode_above_07777", openat2(vfs.OpenHow{Flags: vfs.O_CREAT, Mode: 0o10000}), vfs.EINVAL},
		{"dup3_unknown_flag", func() error { return p.Dup3(fd, 20, 1) }, vfs.EINVAL},
		{"fcntl_unknown_command", func() error { _, err := p.FcntlInt(uintptr(fd), 9999, 0); return err }, vfs.EINVAL},
		{"fstatat_unknown_flag", func() error { return p.Fstatat(vfs.AT_FDCWD, "/tmp/f", &st, 1) }, vfs.EINVAL},
		{"fstatat_AT_STATX_sync_flags_are_accepted", func() error { return p.Fstatat(vfs.AT_FDCWD, "/tmp/f", &st, 0x2000) }, 0},
		{"faccessat_unknown_flag", func() error { return p.Faccessat(vfs.AT_FDCWD, "/tmp/f", vfs.F_OK, 1) }, vfs.EINVAL},
		{"faccessat_unknown_mode", func() error { return p.Faccessat(vfs.AT_FDCWD, "/tmp/f", 8, 0) }, vfs.EINVAL},
		{"fchmodat_unknown_flag", func() error { return p.Fchmodat(vfs.AT_FDCWD, "/tmp/f", 0o644, 1) }, vfs.EINVAL},
		{"fchownat_unknown_flag", func() error { return p.Fchownat(vfs.AT_FDCWD, "/tmp/f", 0, 0, 1) }, vfs.EINVAL},
		{"unlinkat_unknown_flag", func() error { return p.Unlinkat(vfs.AT_FDCWD, "/tmp/f", 1) }, vfs.EINVAL},
		{"linkat_unknown_flag", func() error { return p.Linkat(vfs.AT_FDCWD, "/tmp/f", vfs.AT_FDCWD, "/tmp/g", 1) }, vfs.EINVAL},
		{"renameat2_unknown_flag", func() error { return p.Renameat2(vfs.AT_FDCWD, "/tmp/f", vfs.AT_FDCWD, "/tmp/g", 8) }, vfs.EINVAL},
		{"renameat2_noreplace_and_exchange", func() error {
			return p.Renameat2(vfs.AT_FDCWD, "/tmp/f", vfs.AT_FDCWD, "/tmp/g", vfs.RENAME_NOREPLACE|vfs.RENAME_EXCHANGE)
		}, vfs.EINVAL},
		{"utimensat_unknown_flag", func() error { return p.UtimesNanoAt(vfs.AT_FDCWD, "/tmp/f", nil, 1) }, vfs.EINVAL},
		{"utimensat_nsec_out_of_range", func() error { return p.UtimesNano("/tmp/f", []vfs.Timespec{{Nsec: 1e9}, {}}) }, vfs.EINVAL},
		{"mknod_unknown_type", func() error { return p.Mknod("/tmp/m", 0o150644, 0) }, vfs.EINVAL},
		{"umount_unknown_flag", func() error { return p.Unmount("/tmp", 0x100) }, vfs.EINVAL},
		{"fallocate_unknown_mode_is_EOPNOTSUPP", func() error { return p.Fallocate(fd, 0x40, 0, 1) }, vfs.EOPNOTSUPP},
		{"getrlimit_unknown_resource", func() error { return p.Getrlimit(99, &vfs.Rlimit{}) }, vfs.EINVAL},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireResult(t, c.call(), c.want) })
	}
}
