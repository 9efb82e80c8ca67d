package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/pipefs"
	"github.com/govfs/govfs/tmpfs"
	"github.com/govfs/govfs/vfs"
)

// testDriver is a character device that reads as its name and records
// who opened it: the smallest driver, as a devfs one will be.
type testDriver struct {
	name   string
	opener *vfs.Process
}

func (d *testDriver) OpenSpecial(f *vfs.File, p *vfs.Process) (vfs.FileOperations, error) {
	d.opener = p
	return d, nil
}

func (d *testDriver) Read(f *vfs.File, dst []byte, off *int64) (int, error) {
	if *off >= int64(len(d.name)) {
		return 0, nil
	}
	n := copy(dst, d.name[*off:])
	*off += int64(n)
	return n, nil
}

func (d *testDriver) Write(f *vfs.File, src []byte, off *int64) (int, error) {
	return len(src), nil
}

func names(devs []vfs.Device) []string {
	var out []string
	for _, d := range devs {
		out = append(out, d.Name)
	}
	return out
}

// The drivers here use major 60, "for local or experimental use", since
// a booted system's devfs holds the numbers Linux gives its own drivers.
func TestDeviceRegistry(t *testing.T) {
	t.Run("an_open_reaches_the_driver_of_its_number", func(t *testing.T) {
		k, p := newSystem(t)
		mem := &testDriver{name: "mem"}
		require.NoError(t, k.RegisterCharDevice(vfs.Device{Name: "mem", Major: 60, Minor: 3, Count: 7, Driver: mem}))
		require.NoError(t, p.Mknod("/tmp/null", vfs.S_IFCHR|0o666, int(vfs.Mkdev(60, 5))))
		require.Equal(t, "mem", readFile(t, p, "/tmp/null"))
		require.Same(t, p, mem.opener)
	})

	t.Run("a_number_without_a_driver_is_ENXIO", func(t *testing.T) {
		k, p := newSystem(t)
		require.NoError(t, k.RegisterCharDevice(vfs.Device{Name: "mem", Major: 60, Minor: 3, Count: 1, Driver: &testDriver{}}))
		require.NoError(t, p.Mknod("/tmp/c14", vfs.S_IFCHR|0o666, int(vfs.Mkdev(60, 4))))
		require.NoError(t, p.Mknod("/tmp/b13", vfs.S_IFBLK|0o666, int(vfs.Mkdev(60, 3))))
		for _, path := range []string{"/tmp/c14", "/tmp/b13"} {
			_, err := p.Open(path, vfs.O_RDONLY, 0)
			requireErrno(t, err, vfs.ENXIO, path)
		}
	})

	t.Run("block_and_char_numbers_are_separate", func(t *testing.T) {
		k, p := newSystem(t)
		require.NoError(t, k.RegisterCharDevice(vfs.Device{Name: "c", Major: 61, Count: 1, Driver: &testDriver{name: "char"}}))
		require.NoError(t, k.RegisterBlockDevice(vfs.Device{Name: "b", Major: 61, Count: 1, Driver: &testDriver{name: "block"}}))
		require.NoError(t, p.Mknod("/tmp/c", vfs.S_IFCHR|0o600, int(vfs.Mkdev(61, 0))))
		require.NoError(t, p.Mknod("/tmp/b", vfs.S_IFBLK|0o600, int(vfs.Mkdev(61, 0))))
		require.Equal(t, "char", readFile(t, p, "/tmp/c"))
		require.Equal(t, "block", readFile(t, p, "/tmp/b"))
		require.Contains(t, names(k.CharDevices()), "c")
		require.NotContains(t, names(k.CharDevices()), "b")
		require.Contains(t, names(k.BlockDevices()), "b")
	})

	t.Run("the_node_mode_governs_who_may_use_the_device", func(t *testing.T) {
		k, p := newSystem(t)
		require.NoError(t, k.RegisterCharDevice(vfs.Device{Name: "mem", Major: 60, Minor: 3, Count: 1, Driver: &testDriver{name: "x"}}))
		require.NoError(t, p.Mknod("/tmp/null", vfs.S_IFCHR|0o600, int(vfs.Mkdev(60, 3))))
		user := forkAs(t, p, 1000, 1000)
		_, err := user.Open("/tmp/null", vfs.O_RDONLY, 0)
		requireErrno(t, err, vfs.EACCES)
		require.NoError(t, p.Chmod("/tmp/null", 0o666))
		require.Equal(t, "x", readFile(t, user, "/tmp/null"))
		require.NoError(t, p.Chmod("/tmp/null", 0o600))
		require.NoError(t, p.Chown("/tmp/null", 1000, 1000))
		require.Equal(t, "x", readFile(t, user, "/tmp/null"))
	})

	t.Run("registering_a_taken_number_is_EBUSY", func(t *testing.T) {
		k, _ := newSystem(t)
		d := &testDriver{}
		require.NoError(t, k.RegisterCharDevice(vfs.Device{Name: "a", Major: 4, Minor: 0, Count: 64, Driver: d}))
		requireErrno(t, k.RegisterCharDevice(vfs.Device{Name: "b", Major: 4, Minor: 63, Count: 2, Driver: d}), vfs.EBUSY)
		require.NoError(t, k.RegisterCharDevice(vfs.Device{Name: "c", Major: 4, Minor: 64, Count: 1, Driver: d}))
		requireErrno(t, k.RegisterCharDevice(vfs.Device{Name: "e", Major: 4, Minor: 70, Count: 0, Driver: d}), vfs.EINVAL)
		requireErrno(t, k.RegisterFIFO(d), vfs.EBUSY) // pipefs holds FIFOs
	})
}

// testFamily makes "sockets" that are pipe ends: enough to show that
// socket(2) reaches a registered family with the flags split off.
type testFamily struct {
	k        *vfs.Kernel
	gotType  int
	nonblock bool
}

func (f *testFamily) Socket(p *vfs.Process, typ, proto int, nonblock bool) (*vfs.File, error) {
	if typ != vfs.SOCK_STREAM {
		return nil, vfs.ESOCKTNOSUPPORT
	}
	if proto != 0 {
		return nil, vfs.EPROTONOSUPPORT
	}
	f.gotType, f.nonblock = typ, nonblock
	a, b, err := f.Socketpair(p, typ, proto, nonblock)
	if err == nil {
		b.DecRef()
	}
	return a, err
}

func (f *testFamily) Socketpair(p *vfs.Process, typ, proto int, nonblock bool) (*vfs.File, *vfs.File, error) {
	fds := make([]int, 2)
	flags := 0
	if nonblock {
		flags = vfs.O_NONBLOCK
	}
	if err := p.Pipe2(fds, flags); err != nil {
		return nil, nil, err
	}
	defer p.Close(fds[0])
	defer p.Close(fds[1])
	r, _ := p.Fget(fds[0])
	w, _ := p.Fget(fds[1])
	return r, w, nil
}

// newSocketlessSystem is a kernel with tmpfs at /, pipefs, and no socket
// families: Boot registers sockfs's, which the test family would clash
// with.
func newSocketlessSystem(t *testing.T) (*vfs.Kernel, *vfs.Process) {
	t.Helper()
	k := vfs.NewKernel()
	require.NoError(t, tmpfs.Register(k))
	_, err := pipefs.Register(k)
	require.NoError(t, err)
	require.NoError(t, k.MountRoot("tmpfs", 0, "mode=755"))
	t.Cleanup(k.Shutdown)
	return k, k.Init()
}

func TestSocketFamilies(t *testing.T) {
	k, p := newSocketlessSystem(t)
	fam := &testFamily{k: k}
	require.NoError(t, k.RegisterSocketFamily(vfs.AF_UNIX, fam))
	requireErrno(t, k.RegisterSocketFamily(vfs.AF_UNIX, fam), vfs.EEXIST)
	requireErrno(t, k.RegisterSocketFamily(vfs.AF_MAX, fam), vfs.EINVAL)

	// Literal errnos, in the order __sys_socket checks them (asked of
	// Linux 6.18).
	for _, c := range []struct {
		name              string
		domain, typ, prot int
		want              vfs.Errno
	}{
		{"unknown_flags_are_EINVAL", vfs.AF_UNIX, vfs.SOCK_STREAM | 0x100, 0, vfs.EINVAL},
		{"unknown_flags_before_the_domain", 999, vfs.SOCK_STREAM | 0x100, 0, vfs.EINVAL},
		{"a_negative_domain_is_EAFNOSUPPORT", -1, vfs.SOCK_STREAM, 0, vfs.EAFNOSUPPORT},
		{"an_unregistered_domain_is_EAFNOSUPPORT", vfs.AF_INET, vfs.SOCK_STREAM, 0, vfs.EAFNOSUPPORT},
		{"a_type_past_SOCK_MAX_is_EINVAL", vfs.AF_UNIX, 11, 0, vfs.EINVAL},
		{"the_domain_before_the_type", 999, 11, 0, vfs.EAFNOSUPPORT},
		{"type_0_is_the_familys_to_refuse", vfs.AF_UNIX, 0, 0, vfs.ESOCKTNOSUPPORT},
		{"a_protocol_the_family_lacks", vfs.AF_UNIX, vfs.SOCK_STREAM, 5, vfs.EPROTONOSUPPORT},
	} {
		t.Run(c.name, func(t *testing.T) {
			fd, err := p.Socket(c.domain, c.typ, c.prot)
			requireErrno(t, err, c.want)
			require.Equal(t, -1, fd)
		})
	}

	t.Run("flags_are_split_off_and_applied", func(t *testing.T) {
		fd, err := p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM|vfs.SOCK_NONBLOCK|vfs.SOCK_CLOEXEC, 0)
		require.NoError(t, err)
		require.Equal(t, vfs.SOCK_STREAM, fam.gotType)
		require.True(t, fam.nonblock)
		fdfl, err := p.FcntlInt(uintptr(fd), vfs.F_GETFD, 0)
		require.NoError(t, err)
		require.Equal(t, vfs.FD_CLOEXEC, fdfl)
		require.NoError(t, p.Close(fd))
	})

	t.Run("socketpair_installs_both", func(t *testing.T) {
		fds, err := p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
		require.NoError(t, err)
		_, err = p.Write(fds[1], []byte("hi"))
		require.NoError(t, err)
		buf := make([]byte, 8)
		n, err := p.Read(fds[0], buf)
		require.NoError(t, err)
		require.Equal(t, "hi", string(buf[:n]))
		require.NoError(t, p.Close(fds[0]))
		require.NoError(t, p.Close(fds[1]))
	})
}
