//go:build linux

package vfs_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// mmapFDs are the kinds of fd the errno table maps, opened the same way
// on the host and in govfs: key → fd.
type mmapFDs map[string]int

// mmapKinds opens every kind of fd with open (a path relative to a
// scratch directory, "nx/" being a noexec tmpfs mount), pipe and socket.
func mmapKinds(t *testing.T, open func(path string, flags int) int, pipe func() [2]int, socket func() int) mmapFDs {
	fds := mmapFDs{
		"rw":     open("f", vfs.O_RDWR),
		"ro":     open("f", vfs.O_RDONLY),
		"wo":     open("f", vfs.O_WRONLY),
		"append": open("f", vfs.O_RDWR|vfs.O_APPEND),
		"opath":  open("f", vfs.O_PATH),
		"dir":    open(".", vfs.O_RDONLY),
		"nxrw":   open("nx/f", vfs.O_RDWR),
		"nxwo":   open("nx/f", vfs.O_WRONLY),
		"nxdir":  open("nx", vfs.O_RDONLY),
		"socket": socket(),
		"closed": 99,
		// Devices, -1 where the system has none.
		"zerorw": open("/dev/zero", vfs.O_RDWR),
		"zeroro": open("/dev/zero", vfs.O_RDONLY),
		"null":   open("/dev/null", vfs.O_RDWR),
	}
	pp := pipe()
	fds["piper"], fds["pipew"] = pp[0], pp[1]
	return fds
}

// mmapErrnoCases are the mmap(2) calls whose errnos, and their order
// (several cases have two faults), the host kernel decides.
var mmapErrnoCases = []struct {
	name        string
	fd          string
	off         int64
	length      int
	prot, flags int
}{
	{"shared_rw", "rw", 0, 4096, vfs.PROT_READ | vfs.PROT_WRITE, vfs.MAP_SHARED},
	{"zero_length_is_EINVAL", "rw", 0, 0, vfs.PROT_READ, vfs.MAP_SHARED},
	{"zero_length_before_EBADF", "closed", 0, 0, vfs.PROT_READ, vfs.MAP_SHARED},
	{"negative_length_is_EINVAL", "rw", 0, -1, vfs.PROT_READ, vfs.MAP_SHARED},
	{"unaligned_offset_is_EINVAL", "rw", 1, 4096, vfs.PROT_READ, vfs.MAP_SHARED},
	{"unaligned_offset_before_EBADF", "closed", 4095, 4096, vfs.PROT_READ, vfs.MAP_SHARED},
	{"negative_offset_is_EOVERFLOW", "rw", -4096, 4096, vfs.PROT_READ, vfs.MAP_SHARED},
	{"end_past_the_largest_file_is_EOVERFLOW", "rw", 1<<63 - 4096, 8192, vfs.PROT_READ, vfs.MAP_SHARED},
	{"end_at_the_largest_file", "rw", 1<<63 - 8192, 4096, vfs.PROT_READ, vfs.MAP_SHARED},
	{"far_offset", "rw", 1 << 40, 4096, vfs.PROT_READ, vfs.MAP_SHARED},
	{"negative_offset_on_a_dir_is_EOVERFLOW", "dir", -4096, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE},
	{"neither_shared_nor_private_is_EINVAL", "rw", 0, 4096, vfs.PROT_READ, 0},
	{"neither_after_EBADF", "closed", 0, 4096, vfs.PROT_READ, 0},
	{"map_type_4_is_EINVAL", "rw", 0, 4096, vfs.PROT_READ, 4},
	{"droppable_file_is_EINVAL", "rw", 0, 4096, vfs.PROT_READ, vfs.MAP_DROPPABLE},
	{"length_past_TASK_SIZE_is_ENOMEM", "rw", 0, 1 << 47, vfs.PROT_READ, vfs.MAP_SHARED},
	{"length_past_TASK_SIZE_before_map_type", "rw", 0, 1 << 47, vfs.PROT_READ, 0},
	{"length_past_TASK_SIZE_before_EOVERFLOW", "rw", -4096, 1 << 47, vfs.PROT_READ, vfs.MAP_SHARED},
	{"validate", "rw", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED_VALIDATE},
	{"validate_unknown_flag_is_EOPNOTSUPP", "rw", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED_VALIDATE | 0x200},
	{"validate_MAP_SYNC_is_EOPNOTSUPP", "rw", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED_VALIDATE | vfs.MAP_SYNC},
	{"validate_legacy_flags", "rw", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED_VALIDATE | vfs.MAP_POPULATE | vfs.MAP_NORESERVE | vfs.MAP_HUGE_2MB},
	{"validate_unknown_before_EACCES", "ro", 0, 4096, vfs.PROT_WRITE, vfs.MAP_SHARED_VALIDATE | 0x400},
	{"shared_ignores_unknown_flags", "rw", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED | 0x200 | vfs.MAP_SYNC},
	{"unknown_prot_bits_are_ignored", "rw", 0, 4096, 0x100, vfs.MAP_SHARED},
	{"all_prot_bits", "rw", 0, 4096, -1, vfs.MAP_SHARED},
	{"prot_none", "rw", 0, 4096, vfs.PROT_NONE, vfs.MAP_SHARED},
	{"anonymous_ignores_the_fd", "closed", 0, 4096, vfs.PROT_READ | vfs.PROT_WRITE, vfs.MAP_PRIVATE | vfs.MAP_ANONYMOUS},
	{"anonymous_shared", "closed", 0, 4096, vfs.PROT_READ | vfs.PROT_WRITE, vfs.MAP_SHARED | vfs.MAP_ANONYMOUS},
	{"anonymous_negative_offset", "closed", -4096, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE | vfs.MAP_ANONYMOUS},
	{"anonymous_unaligned_is_EINVAL", "closed", 1, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE | vfs.MAP_ANONYMOUS},
	{"anonymous_neither_is_EINVAL", "closed", 0, 4096, vfs.PROT_READ, vfs.MAP_ANONYMOUS},
	{"anonymous_validate_is_EINVAL", "closed", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED_VALIDATE | vfs.MAP_ANONYMOUS},
	{"anonymous_droppable", "closed", 0, 4096, vfs.PROT_READ, vfs.MAP_DROPPABLE | vfs.MAP_ANONYMOUS},
	{"anonymous_shared_growsdown_is_EINVAL", "closed", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED | vfs.MAP_ANONYMOUS | vfs.MAP_GROWSDOWN},
	{"anonymous_hugetlb_is_ENOMEM", "closed", 0, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE | vfs.MAP_ANONYMOUS | vfs.MAP_HUGETLB},
	{"anonymous_exec", "closed", 0, 4096, vfs.PROT_READ | vfs.PROT_EXEC, vfs.MAP_PRIVATE | vfs.MAP_ANONYMOUS},
	{"file_hugetlb_is_EINVAL", "rw", 0, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE | vfs.MAP_HUGETLB},
	{"file_hugetlb_after_EBADF", "closed", 0, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE | vfs.MAP_HUGETLB},
	{"file_growsdown_is_EINVAL", "rw", 0, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE | vfs.MAP_GROWSDOWN},
	{"closed_fd_is_EBADF", "closed", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED},
	{"O_PATH_fd_is_EBADF", "opath", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED},
	{"shared_write_on_read_only_fd_is_EACCES", "ro", 0, 4096, vfs.PROT_READ | vfs.PROT_WRITE, vfs.MAP_SHARED},
	{"shared_read_on_read_only_fd", "ro", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED},
	{"private_write_on_read_only_fd", "ro", 0, 4096, vfs.PROT_READ | vfs.PROT_WRITE, vfs.MAP_PRIVATE},
	{"shared_on_write_only_fd_is_EACCES", "wo", 0, 4096, vfs.PROT_WRITE, vfs.MAP_SHARED},
	{"private_on_write_only_fd_is_EACCES", "wo", 0, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE},
	{"shared_write_on_O_APPEND_fd", "append", 0, 4096, vfs.PROT_READ | vfs.PROT_WRITE, vfs.MAP_SHARED},
	{"directory_is_ENODEV", "dir", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED},
	{"directory_growsdown_is_ENODEV_first", "dir", 0, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE | vfs.MAP_GROWSDOWN},
	{"pipe_is_ENODEV", "piper", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED},
	{"pipe_exec_is_EPERM", "piper", 0, 4096, vfs.PROT_READ | vfs.PROT_EXEC, vfs.MAP_SHARED},
	{"pipe_write_end_is_EACCES", "pipew", 0, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE},
	{"pipe_negative_offset_is_EOVERFLOW", "piper", -4096, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE},
	{"socket_is_ENODEV", "socket", 0, 4096, vfs.PROT_READ | vfs.PROT_WRITE, vfs.MAP_SHARED},
	{"socket_exec_is_EPERM", "socket", 0, 4096, vfs.PROT_EXEC, vfs.MAP_PRIVATE},
	{"exec_on_an_exec_mount", "rw", 0, 4096, vfs.PROT_READ | vfs.PROT_EXEC, vfs.MAP_SHARED},
	{"exec_on_noexec_is_EPERM", "nxrw", 0, 4096, vfs.PROT_READ | vfs.PROT_EXEC, vfs.MAP_PRIVATE},
	{"read_on_noexec", "nxrw", 0, 4096, vfs.PROT_READ | vfs.PROT_WRITE, vfs.MAP_SHARED},
	{"noexec_write_only_is_EACCES_first", "nxwo", 0, 4096, vfs.PROT_EXEC, vfs.MAP_PRIVATE},
	{"noexec_dir_exec_is_EPERM_before_ENODEV", "nxdir", 0, 4096, vfs.PROT_EXEC, vfs.MAP_PRIVATE},
	{"noexec_validate_is_EOPNOTSUPP_first", "nxrw", 0, 4096, vfs.PROT_EXEC, vfs.MAP_SHARED_VALIDATE | 0x200},
	{"dev_zero_shared", "zerorw", 0, 8192, vfs.PROT_READ | vfs.PROT_WRITE, vfs.MAP_SHARED},
	{"dev_zero_private", "zeroro", 4096, 4096, vfs.PROT_READ | vfs.PROT_WRITE, vfs.MAP_PRIVATE},
	{"dev_zero_shared_write_read_only_is_EACCES", "zeroro", 0, 4096, vfs.PROT_READ | vfs.PROT_WRITE, vfs.MAP_SHARED},
	{"dev_zero_negative_offset_is_EOVERFLOW", "zerorw", -4096, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE},
	{"dev_zero_negative_offset_below_ULONG_MAX", "zerorw", -1 << 20, 4096, vfs.PROT_READ, vfs.MAP_PRIVATE},
	{"dev_null_is_ENODEV", "null", 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED},
}

// TestMmapErrnoTwins runs each case through unix.Mmap on the host (in a
// scratch directory of /dev/shm with a noexec tmpfs under it) and
// through govfs, and wants the same errno.
func TestMmapErrnoTwins(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting the host's noexec tmpfs needs root")
	}
	host := hostMmapFDs(t)
	gov := govfsMmapFDs(t)
	for _, c := range mmapErrnoCases {
		t.Run(c.name, func(t *testing.T) {
			if gov.fds[c.fd] == -1 || host[c.fd] == -1 {
				t.Skipf("no %s here", c.fd)
			}
			p := gov.p
			hb, herr := unix.Mmap(host[c.fd], c.off, c.length, c.prot, c.flags)
			if herr == nil {
				require.NoError(t, unix.Munmap(hb))
			}
			gb, gerr := p.Mmap(gov.fds[c.fd], c.off, c.length, c.prot, c.flags)
			if gerr == nil {
				require.Len(t, gb, c.length)
				require.NoError(t, p.Munmap(gb))
			}
			require.Equal(t, errnoName(herr), errnoName(gerr), "host %v, govfs %v", herr, gerr)
		})
	}
	require.Zero(t, gov.p.Mappings())
}

// errnoName names err by its number (ENOTSUP and EOPNOTSUPP are one).
func errnoName(err error) string {
	if err == nil {
		return "OK"
	}
	if e, ok := err.(unix.Errno); ok {
		return vfs.Errno(e).Name()
	}
	return vfs.ErrnoOf(err).Name()
}

func hostMmapFDs(t *testing.T) mmapFDs {
	dir, err := os.MkdirTemp("/dev/shm", "mmap-twins-")
	require.NoError(t, err)
	nx := filepath.Join(dir, "nx")
	require.NoError(t, os.Mkdir(nx, 0o755))
	require.NoError(t, unix.Mount("none", nx, "tmpfs", unix.MS_NOEXEC, ""))
	t.Cleanup(func() {
		unix.Unmount(nx, unix.MNT_DETACH)
		os.RemoveAll(dir)
	})
	require.NoError(t, os.WriteFile(filepath.Join(dir, "f"), make([]byte, 10000), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(nx, "f"), make([]byte, 100), 0o755))
	var opened []int
	t.Cleanup(func() {
		for _, fd := range opened {
			unix.Close(fd)
		}
	})
	keep := func(fd int, err error) int {
		require.NoError(t, err)
		opened = append(opened, fd)
		return fd
	}
	return mmapKinds(t,
		func(path string, flags int) int {
			if filepath.IsAbs(path) {
				return optionalFD(unix.Open(path, flags, 0))
			}
			return keep(unix.Open(filepath.Join(dir, path), flags, 0))
		},
		func() [2]int {
			var pp [2]int
			require.NoError(t, unix.Pipe(pp[:]))
			opened = append(opened, pp[0], pp[1])
			return pp
		},
		func() int { return keep(unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)) })
}

// optionalFD is an opened device's fd, or -1 if the system has none.
func optionalFD(fd int, err error) int {
	if err != nil {
		return -1
	}
	return fd
}

type govfsMmap struct {
	p   *vfs.Process
	fds mmapFDs
}

func govfsMmapFDs(t *testing.T) govfsMmap {
	_, p := newSystem(t)
	require.NoError(t, p.Mkdir("/tmp/d", 0o755))
	require.NoError(t, p.Chdir("/tmp/d"))
	require.NoError(t, p.Mkdir("nx", 0o755))
	require.NoError(t, p.Mount("none", "nx", "tmpfs", vfs.MS_NOEXEC, ""))
	writeFile(t, p, "f", string(make([]byte, 10000)), 0o755)
	writeFile(t, p, "nx/f", string(make([]byte, 100)), 0o755)
	must := func(fd int, err error) int {
		require.NoError(t, err)
		return fd
	}
	return govfsMmap{p, mmapKinds(t,
		func(path string, flags int) int {
			if filepath.IsAbs(path) {
				return optionalFD(p.Open(path, flags, 0))
			}
			return must(p.Open(path, flags, 0))
		},
		func() [2]int {
			var pp [2]int
			require.NoError(t, p.Pipe(pp[:]))
			return pp
		},
		func() int { return must(p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)) })}
}
