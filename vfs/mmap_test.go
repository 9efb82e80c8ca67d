package vfs_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

const rw = vfs.PROT_READ | vfs.PROT_WRITE

func TestMmapAnonymous(t *testing.T) {
	for _, flags := range []int{vfs.MAP_PRIVATE, vfs.MAP_SHARED} {
		t.Run(map[int]string{vfs.MAP_PRIVATE: "private_is_zeroed", vfs.MAP_SHARED: "shared_is_zeroed"}[flags], func(t *testing.T) {
			_, p := newSystem(t)
			b, err := p.Mmap(-1, 0, 3*4096+1, rw, flags|vfs.MAP_ANONYMOUS)
			require.NoError(t, err)
			require.Equal(t, make([]byte, 3*4096+1), b)
			require.Equal(t, len(b), cap(b))
			b[0] = 1
			require.Equal(t, 1, p.Mappings())
			require.NoError(t, p.Munmap(b))
			require.Zero(t, p.Mappings())
		})
	}
	t.Run("longer_than_1GiB_is_ENOMEM", func(t *testing.T) {
		_, p := newSystem(t)
		_, err := p.Mmap(-1, 0, 1<<30+1, rw, vfs.MAP_PRIVATE|vfs.MAP_ANONYMOUS)
		requireErrno(t, err, vfs.ENOMEM)
	})
}

func TestMunmap(t *testing.T) {
	_, p := newSystem(t)
	b, err := p.Mmap(-1, 0, 8192, rw, vfs.MAP_PRIVATE|vfs.MAP_ANONYMOUS)
	require.NoError(t, err)
	for name, s := range map[string][]byte{
		"nil_is_EINVAL":             nil,
		"a_slice_never_mapped":      make([]byte, 8192),
		"a_prefix_is_EINVAL":        b[:4096:4096],
		"a_part_past_the_start":     b[4096:],
		"len_below_cap_is_EINVAL":   b[:4096],
		"same_address_other_length": b[:100:100],
	} {
		t.Run(name, func(t *testing.T) { requireErrno(t, p.Munmap(s), vfs.EINVAL) })
	}
	t.Run("whole_mapping_then_again", func(t *testing.T) {
		require.NoError(t, p.Munmap(b))
		requireErrno(t, p.Munmap(b), vfs.EINVAL)
	})
	t.Run("two_mappings_of_one_page_unmap_one_each", func(t *testing.T) {
		fd, err := p.Open("/tmp/two", vfs.O_RDWR|vfs.O_CREAT, 0o644)
		require.NoError(t, err)
		require.NoError(t, p.Ftruncate(fd, 4096))
		b1, err := p.Mmap(fd, 0, 4096, rw, vfs.MAP_SHARED)
		require.NoError(t, err)
		b2, err := p.Mmap(fd, 0, 4096, rw, vfs.MAP_SHARED)
		require.NoError(t, err)
		require.Equal(t, &b1[0], &b2[0], "one page, one address")
		require.Equal(t, 2, p.Mappings())
		require.NoError(t, p.Munmap(b1))
		require.NoError(t, p.Munmap(b2))
		requireErrno(t, p.Munmap(b2), vfs.EINVAL)
	})
}

func TestMmapLifetime(t *testing.T) {
	t.Run("mapping_keeps_the_file_after_close_and_unlink", func(t *testing.T) {
		_, p := newSystem(t)
		writeFile(t, p, "/tmp/f", "hello", 0o644)
		fd, err := p.Open("/tmp/f", vfs.O_RDWR, 0)
		require.NoError(t, err)
		b, err := p.Mmap(fd, 0, 5, rw, vfs.MAP_SHARED)
		require.NoError(t, err)
		require.NoError(t, p.Close(fd))
		require.NoError(t, p.Unlink("/tmp/f"))
		require.Equal(t, "hello", string(b))
		require.NoError(t, p.Munmap(b))
	})
	t.Run("exit_drops_every_mapping", func(t *testing.T) {
		_, init := newSystem(t)
		c := fork(t, init)
		writeFile(t, c, "/tmp/f", "x", 0o644)
		fd, err := c.Open("/tmp/f", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		b, err := c.Mmap(fd, 0, 1, vfs.PROT_READ, vfs.MAP_SHARED)
		require.NoError(t, err)
		_, err = c.Mmap(-1, 0, 1, rw, vfs.MAP_PRIVATE|vfs.MAP_ANONYMOUS)
		require.NoError(t, err)
		require.Equal(t, 2, c.Mappings())
		c.Exit(0)
		require.Zero(t, c.Mappings())
		requireErrno(t, c.Munmap(b), vfs.ESRCH)
		_, err = c.Mmap(-1, 0, 1, rw, vfs.MAP_PRIVATE|vfs.MAP_ANONYMOUS)
		requireErrno(t, err, vfs.ESRCH)
		reap(t, init, c.Pid())
	})
	t.Run("exec_drops_every_mapping", func(t *testing.T) {
		k, init := newSystem(t)
		var seen int
		require.NoError(t, k.RegisterProgram("maps", func(p *vfs.Process, _, _ []string) int {
			seen = p.Mappings()
			return 0
		}))
		require.NoError(t, k.Install("/bin/maps", "maps"))
		c := fork(t, init)
		_, err := c.Mmap(-1, 0, 1, rw, vfs.MAP_PRIVATE|vfs.MAP_ANONYMOUS)
		require.NoError(t, err)
		require.NoError(t, c.Exec("/bin/maps", nil, nil))
		reap(t, init, c.Pid())
		require.Zero(t, seen)
	})
	t.Run("a_child_starts_with_no_mappings", func(t *testing.T) {
		_, init := newSystem(t)
		b, err := init.Mmap(-1, 0, 1, rw, vfs.MAP_PRIVATE|vfs.MAP_ANONYMOUS)
		require.NoError(t, err)
		c := fork(t, init)
		require.Zero(t, c.Mappings())
		requireErrno(t, c.Munmap(b), vfs.EINVAL)
		c.Exit(0)
		reap(t, init, c.Pid())
		require.NoError(t, init.Munmap(b))
	})
	t.Run("mmap_racing_exit_leaves_no_mapping", func(t *testing.T) {
		_, init := newSystem(t)
		for range 20 {
			c := fork(t, init)
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 50 {
					c.Mmap(-1, 0, 1, rw, vfs.MAP_PRIVATE|vfs.MAP_ANONYMOUS)
				}
			}()
			c.Exit(0)
			wg.Wait()
			require.Zero(t, c.Mappings())
			reap(t, init, c.Pid())
		}
	})
}

// TestMmapRaceCaveat shows the synchronization a program needs: Write
// and a read of the mapping are ordered here by the WaitGroup, as a C
// program would order them; without it the race detector reports a
// race on the mapping, as it should.
func TestMmapRaceCaveat(t *testing.T) {
	_, p := newSystem(t)
	fd, err := p.Open("/tmp/r", vfs.O_RDWR|vfs.O_CREAT, 0o644)
	require.NoError(t, err)
	require.NoError(t, p.Ftruncate(fd, 4096))
	b, err := p.Mmap(fd, 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED)
	require.NoError(t, err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, err := p.Pwrite(fd, []byte("go"), 0)
		require.NoError(t, err)
	}()
	wg.Wait()
	require.Equal(t, "go", string(b[:2]))
	require.NoError(t, p.Munmap(b))
}

// TestMmapFixed: govfs has no address argument (x/sys passes 0), so
// MAP_FIXED asks for page 0, which Linux gives root (CAP_SYS_RAWIO) and
// refuses to anyone else below mmap_min_addr, before the map type is
// looked at (the host's answers, as root and as nobody).
func TestMmapFixed(t *testing.T) {
	_, init := newSystem(t)
	nobody := forkAs(t, init, 65534, 65534)
	for _, c := range []struct {
		name  string
		p     *vfs.Process
		flags int
		want  vfs.Errno
	}{
		{"root_maps_page_0", init, vfs.MAP_PRIVATE | vfs.MAP_ANONYMOUS | vfs.MAP_FIXED, 0},
		{"root_noreplace", init, vfs.MAP_PRIVATE | vfs.MAP_ANONYMOUS | vfs.MAP_FIXED_NOREPLACE, 0},
		{"root_neither_is_EINVAL", init, vfs.MAP_ANONYMOUS | vfs.MAP_FIXED, vfs.EINVAL},
		{"user_is_EPERM", nobody, vfs.MAP_PRIVATE | vfs.MAP_ANONYMOUS | vfs.MAP_FIXED, vfs.EPERM},
		{"user_noreplace_is_EPERM", nobody, vfs.MAP_PRIVATE | vfs.MAP_ANONYMOUS | vfs.MAP_FIXED_NOREPLACE, vfs.EPERM},
		{"user_EPERM_before_map_type", nobody, vfs.MAP_ANONYMOUS | vfs.MAP_FIXED, vfs.EPERM},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.p.Mmap(-1, 0, 4096, rw, c.flags)
			requireResult(t, err, c.want)
			if err == nil {
				require.NoError(t, c.p.Munmap(b))
			}
		})
	}
	_, err := nobody.Mmap(99, 0, 4096, rw, vfs.MAP_PRIVATE|vfs.MAP_FIXED)
	requireErrno(t, err, vfs.EBADF, "the fd comes first")
}

func TestMmapTrace(t *testing.T) {
	k, p := newSystem(t)
	var out strings.Builder
	k.Trace(&out)
	b, err := p.Mmap(-1, 0, 4096, rw, vfs.MAP_PRIVATE|vfs.MAP_ANONYMOUS)
	require.NoError(t, err)
	require.NoError(t, p.Munmap(b))
	_, err = p.Mmap(-1, 0, 4096, vfs.PROT_NONE, vfs.MAP_SHARED_VALIDATE)
	require.Error(t, err)
	k.Trace(nil)
	require.Equal(t, "[1] mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 4096\n"+
		"[1] munmap(4096) = 0\n"+
		"[1] mmap(NULL, 4096, PROT_NONE, MAP_SHARED_VALIDATE, -1, 0) = -1 EBADF (bad file descriptor)\n", out.String())
}
