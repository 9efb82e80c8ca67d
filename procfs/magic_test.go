package procfs_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func fdPath(fd int) string { return "/proc/self/fd/" + strconv.Itoa(fd) }

func TestMagicLinks(t *testing.T) {
	t.Run("fd_links_read_as_path_deleted_pipe_and_socket", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.WriteFile("/tmp/x", []byte("x"), 0o644))
		fd, err := p.Open("/tmp/x", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.Equal(t, "/tmp/x", readlink(t, p, fdPath(fd)))
		require.NoError(t, p.Unlink("/tmp/x"))
		require.Equal(t, "/tmp/x (deleted)", readlink(t, p, fdPath(fd)))
		fds := make([]int, 2)
		require.NoError(t, p.Pipe(fds))
		require.Regexp(t, `^pipe:\[\d+\]$`, readlink(t, p, fdPath(fds[0])))
		require.Equal(t, readlink(t, p, fdPath(fds[0])), readlink(t, p, fdPath(fds[1])), "both ends are one pipe")
		sv, err := p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
		require.NoError(t, err)
		require.Regexp(t, `^socket:\[\d+\]$`, readlink(t, p, fdPath(sv[0])))
		require.Equal(t, "/dev/console", readlink(t, p, "/proc/self/fd/0"))
	})

	t.Run("fd_link_modes_say_how_the_fd_is_open", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.WriteFile("/tmp/m", nil, 0o644))
		for flags, want := range map[int]uint32{vfs.O_RDONLY: 0o500, vfs.O_WRONLY: 0o300, vfs.O_RDWR: 0o700} {
			fd, err := p.Open("/tmp/m", flags, 0)
			require.NoError(t, err)
			var st vfs.Stat_t
			require.NoError(t, p.Lstat(fdPath(fd), &st))
			require.Equal(t, vfs.S_IFLNK|want, st.Mode)
			require.Equal(t, int64(64), st.Size)
			require.NoError(t, p.Close(fd))
		}
	})

	t.Run("open_through_an_fd_link_is_a_new_file_with_its_own_offset", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.WriteFile("/tmp/o", []byte("abcdef"), 0o644))
		fd, err := p.Open("/tmp/o", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		buf := make([]byte, 3)
		_, err = p.Read(fd, buf)
		require.NoError(t, err)
		fd2, err := p.Open(fdPath(fd), vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.Equal(t, "abcdef", readAll(t, p, fd2), "a fresh offset")
		require.Equal(t, "def", readAll(t, p, fd), "the old offset is untouched")
		f1, _ := p.Fget(fd)
		f2, _ := p.Fget(fd2)
		require.NotSame(t, f1, f2)
		require.Same(t, f1.Inode(), f2.Inode())
		f1.DecRef()
		f2.DecRef()
	})

	t.Run("a_deleted_file_is_read_back_through_its_fd_link", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.WriteFile("/tmp/d", []byte("still here"), 0o644))
		fd, err := p.Open("/tmp/d", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.NoError(t, p.Unlink("/tmp/d"))
		require.Equal(t, "still here", readFile(t, p, fdPath(fd)))
		var st vfs.Stat_t
		require.NoError(t, p.Stat(fdPath(fd), &st))
		require.Equal(t, uint64(0), uint64(st.Nlink))
	})

	t.Run("an_fd_link_of_a_pipe_reaches_the_same_pipe", func(t *testing.T) {
		_, p := boot(t)
		fds := make([]int, 2)
		require.NoError(t, p.Pipe(fds))
		w, err := p.Open(fdPath(fds[1]), vfs.O_WRONLY, 0)
		require.NoError(t, err)
		_, err = p.Write(w, []byte("via /proc"))
		require.NoError(t, err)
		buf := make([]byte, 16)
		n, err := p.Read(fds[0], buf)
		require.NoError(t, err)
		require.Equal(t, "via /proc", string(buf[:n]))
	})

	t.Run("linkat_follow_cannot_resurrect_an_unlinked_file", func(t *testing.T) {
		// vfs_link: nlink 0 without I_LINKABLE is ENOENT (the host agrees,
		// see TestHostAgrees).
		_, p := boot(t)
		require.NoError(t, p.WriteFile("/tmp/gone", []byte("data"), 0o644))
		fd, err := p.Open("/tmp/gone", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		require.NoError(t, p.Unlink("/tmp/gone"))
		requireErrno(t, p.Linkat(vfs.AT_FDCWD, fdPath(fd), vfs.AT_FDCWD, "/tmp/back", vfs.AT_SYMLINK_FOLLOW), vfs.ENOENT)
	})

	t.Run("linkat_follow_makes_an_O_TMPFILE_permanent", func(t *testing.T) {
		_, p := boot(t)
		fd, err := p.Open("/tmp", vfs.O_TMPFILE|vfs.O_RDWR, 0o600)
		require.NoError(t, err)
		_, err = p.Write(fd, []byte("born unnamed"))
		require.NoError(t, err)
		unnamed := readlink(t, p, fdPath(fd))
		require.Regexp(t, `^/tmp/#\d+ \(deleted\)$`, unnamed)
		require.NoError(t, p.Linkat(vfs.AT_FDCWD, fdPath(fd), vfs.AT_FDCWD, "/tmp/named", vfs.AT_SYMLINK_FOLLOW))
		require.Equal(t, "born unnamed", readFile(t, p, "/tmp/named"))
		require.Equal(t, unnamed, readlink(t, p, fdPath(fd)), "the fd keeps its unnamed dentry, as on the host")
	})

	t.Run("linkat_without_follow_links_the_magic_link_itself_EXDEV", func(t *testing.T) {
		_, p := boot(t)
		requireErrno(t, p.Linkat(vfs.AT_FDCWD, "/proc/self/fd/0", vfs.AT_FDCWD, "/tmp/l", 0), vfs.EXDEV)
	})

	t.Run("a_closed_or_huge_fd_is_ENOENT", func(t *testing.T) {
		_, p := boot(t)
		var st vfs.Stat_t
		for _, name := range []string{"7", "1048576", "2147483647", "2147483648", "99999999999999999999", "-1", "00", "x"} {
			requireErrno(t, p.Lstat("/proc/self/fd/"+name, &st), vfs.ENOENT, name)
			requireErrno(t, p.Lstat("/proc/self/fdinfo/"+name, &st), vfs.ENOENT, name)
		}
	})

	t.Run("a_closed_fd_leaves_the_listing_and_its_cached_name", func(t *testing.T) {
		_, p := boot(t)
		fd := 10
		require.NoError(t, p.Dup2(0, fd))
		require.Equal(t, "/dev/console", readlink(t, p, fdPath(fd)))
		require.NoError(t, p.Close(fd))
		var st vfs.Stat_t
		requireErrno(t, p.Lstat(fdPath(fd), &st), vfs.ENOENT)
		require.NotContains(t, listDir(t, p, "/proc/self/fd"), strconv.Itoa(fd))
	})

	t.Run("RESOLVE_NO_MAGICLINKS_refuses_them_ELOOP", func(t *testing.T) {
		_, p := boot(t)
		for _, path := range []string{"/proc/self/fd/0", "/proc/self/cwd", "/proc/self/root"} {
			_, err := p.Openat2(vfs.AT_FDCWD, path, &vfs.OpenHow{Flags: vfs.O_RDONLY, Resolve: vfs.RESOLVE_NO_MAGICLINKS})
			requireErrno(t, err, vfs.ELOOP, path)
		}
		fd, err := p.Openat2(vfs.AT_FDCWD, "/proc/self/status", &vfs.OpenHow{Flags: vfs.O_RDONLY, Resolve: vfs.RESOLVE_NO_MAGICLINKS})
		require.NoError(t, err, "/proc/self is a plain symlink")
		require.NoError(t, p.Close(fd))
	})

	t.Run("cwd_root_and_exe_read_as_paths", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.Chdir("/tmp"))
		require.Equal(t, "/tmp", readlink(t, p, "/proc/self/cwd"))
		require.Equal(t, "/", readlink(t, p, "/proc/self/root"))
		_, err := p.Readlink("/proc/self/exe", make([]byte, 64))
		requireErrno(t, err, vfs.ENOENT, "init exec'd nothing, as a kernel thread")
		var st vfs.Stat_t
		require.NoError(t, p.Stat("/proc/self/cwd/.", &st))
		require.True(t, st.Mode&vfs.S_IFMT == vfs.S_IFDIR)
	})

	t.Run("fdinfo_has_pos_flags_mnt_id_and_ino", func(t *testing.T) {
		_, p := boot(t)
		require.NoError(t, p.WriteFile("/tmp/i", []byte("0123456789"), 0o644))
		fd, err := p.Open("/tmp/i", vfs.O_RDWR|vfs.O_APPEND|vfs.O_CLOEXEC, 0)
		require.NoError(t, err)
		_, err = p.Seek(fd, 4, vfs.SEEK_SET)
		require.NoError(t, err)
		var st vfs.Stat_t
		require.NoError(t, p.Fstat(fd, &st))
		info := readFile(t, p, "/proc/self/fdinfo/"+strconv.Itoa(fd))
		require.Regexp(t, `^pos:\t4\nflags:\t02102002\nmnt_id:\t\d+\nino:\t`+strconv.FormatUint(st.Ino, 10)+`\n$`, info)
		fds := make([]int, 2)
		require.NoError(t, p.Pipe(fds))
		require.Contains(t, readFile(t, p, "/proc/self/fdinfo/"+strconv.Itoa(fds[1])), "flags:\t01\n", "no O_LARGEFILE on a pipe")
	})

	t.Run("listing_fd_shows_exactly_the_open_fds_in_order", func(t *testing.T) {
		_, p := boot(t)
		var want []string
		for fd := 0; fd < 3; fd++ {
			want = append(want, strconv.Itoa(fd))
		}
		for range 200 {
			fd, err := p.Open("/tmp", vfs.O_RDONLY, 0)
			require.NoError(t, err)
			want = append(want, strconv.Itoa(fd))
		}
		require.NoError(t, p.Dup2(0, 900))
		want = append(want, "900")
		require.NoError(t, p.Close(100))
		// The listing's own fd takes 100, the lowest free, back.
		require.Equal(t, want, listDir(t, p, "/proc/self/fd"))
		require.Len(t, listDir(t, p, "/proc/self/fdinfo"), len(want))
	})
}
