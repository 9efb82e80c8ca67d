package vfs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// FuzzPathWalk throws paths at the path walk of a small tree with
// symlinks (loops, absolute, dangling, across a mount) and a mount. For
// every input each path syscall must return, without panic or hang, and
// fail only with an Errno. A few invariants tie the answers together:
// what mkdir made stat finds, a process's cwd spells a path that leads
// back to it, and nothing reached from inside a chroot or with
// RESOLVE_BENEATH / RESOLVE_IN_ROOT lies outside the allowed subtree.
//
// go test ./vfs runs the seeds; go test ./vfs -run '^$' -fuzz FuzzPathWalk fuzzes.
func FuzzPathWalk(f *testing.F) {
	long := strings.Repeat("n", 256)
	for _, seed := range [][2]string{
		{"", ""}, {"/", "/"}, {".", ".."}, {"..", "."}, {"//", "x"}, {"/..", "y"},
		{"a/../a/./b//c/", "a/b/c/new"}, {"self", "x"}, {"ping/x", "pong"}, {"up/up/up", "up"},
		{"root/tmp/t/abs", "abs/new"}, {"abs/b/c/../../f", "f2"}, {"dangling", "dangling"},
		{"dangling/", "x/"}, {"tofile/", "tofile"}, {"tofile/x", "a/f"}, {"mnt/..", "mnt"},
		{"mnt/back/b", "mnt/new"}, {"mnt/../mnt/x", "a/x"}, {"a/b/c/../../../mnt/sub/..", "z"},
		{strings.Repeat("a/", 100), strings.Repeat("../", 50)}, {"\x00", "a\x00b"}, {long, "a/" + long},
		{strings.Repeat("/", 4096), strings.Repeat("x/", 2047)}, {"deep/c", "deep"}, {"/tmp/t/ping", "/tmp/t/pong"},
		{"./././", "a/f/."}, {"a/f/..", "..."}, {"a//b///c////", "a/b"}, {"a", "a/b/c/moved"},
		{"mnt", "a/mnt"}, {"a/b", "mnt/sub/b"}, {"mnt/sub", "mnt/sub/deeper"}, {"chain", "chain/x"},
		{"a/f", "tofile"}, {"/proc/self/fd/0", "/dev/null"}, {"locked/inner", "locked/new"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			walkAll(t, a, b)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("path syscalls on %q, %q did not return", a, b)
		}
	})
}

// fuzzTree builds the tree under /tmp/t and returns init with its cwd
// there. jail is the set of (dev, ino) of every object below /tmp/t,
// beneath the same for /tmp/t/a.
func fuzzTree(t *testing.T, k *vfs.Kernel) (p *vfs.Process, jail, beneath map[[2]uint64]bool) {
	p = k.Init()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"/tmp/t", "/tmp/t/a", "/tmp/t/a/b", "/tmp/t/a/b/c", "/tmp/t/mnt", "/tmp/t/locked"} {
		must(p.Mkdir(d, 0o755))
	}
	fd, err := p.Open("/tmp/t/a/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	must(err)
	p.Write(fd, []byte("data"))
	p.Close(fd)
	must(p.Mount("none", "/tmp/t/mnt", "tmpfs", 0, ""))
	must(p.Mkdir("/tmp/t/mnt/sub", 0o755))
	must(p.Mkdir("/tmp/t/locked/inner", 0o755))
	must(p.Chmod("/tmp/t/locked", 0o700))
	for _, l := range [][2]string{
		{"self", "self"}, {"pong", "ping"}, {"ping", "pong"}, {"..", "up"}, {"/", "root"},
		{"/tmp/t/a", "abs"}, {"nowhere", "dangling"}, {"a/f", "tofile"}, {"a/b/c/../../b", "deep"},
		{"../a", "mnt/back"}, {"mnt/sub", "tosub"}, {"up/t/chain", "chain"},
	} {
		must(p.Symlink(l[0], "/tmp/t/"+l[1]))
	}
	fd, err = p.Open("/tmp/t/mnt/x", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	must(err)
	p.Close(fd)
	must(p.Chdir("/tmp/t"))
	jail, beneath = inodesBelow(t, p, "/tmp/t"), inodesBelow(t, p, "/tmp/t/a")
	return p, jail, beneath
}

// inodesBelow walks dir without following symlinks and collects the
// (dev, ino) of everything it meets, dir included.
func inodesBelow(t *testing.T, p *vfs.Process, dir string) map[[2]uint64]bool {
	set := make(map[[2]uint64]bool)
	var walk func(string)
	walk = func(path string) {
		var st vfs.Stat_t
		if err := p.Lstat(path, &st); err != nil {
			t.Fatalf("lstat %s: %v", path, err)
		}
		set[[2]uint64{st.Dev, st.Ino}] = true
		if st.Mode&vfs.S_IFMT != vfs.S_IFDIR {
			return
		}
		fd, err := p.Open(path, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
		if err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
		defer p.Close(fd)
		buf := make([]byte, 4096)
		for {
			n, err := p.Getdents(fd, buf)
			if err != nil || n == 0 {
				return
			}
			_, _, names := vfs.ParseDirent(buf[:n], -1, nil)
			for _, name := range names {
				walk(path + "/" + name)
			}
		}
	}
	walk(dir)
	return set
}

// fuzzCheck reports a failure that is not an Errno.
func fuzzCheck(t *testing.T, op string, err error) bool {
	if err == nil {
		return true
	}
	if _, ok := err.(vfs.Errno); !ok {
		t.Errorf("%s: error %v has type %T, want vfs.Errno", op, err, err)
	}
	return false
}

func walkAll(t *testing.T, a, b string) {
	k, err := govfs.Boot()
	if err != nil {
		t.Fatal(err)
	}
	defer k.Shutdown()
	// /proc's magic links make the tree endless (/proc/1/root/proc/...),
	// which a walk of every path would never finish.
	if err := k.Init().Unmount("/proc", 0); err != nil {
		t.Fatal(err)
	}
	p, jail, beneath := fuzzTree(t, k)
	var st vfs.Stat_t
	key := func() [2]uint64 { return [2]uint64{st.Dev, st.Ino} }

	// Confinement first, while the tree is as built.
	jailed, err := p.Fork()
	if err != nil {
		t.Fatal(err)
	}
	if err := jailed.Chroot("/tmp/t"); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{a, b} {
		if fuzzCheck(t, "jailed stat", jailed.Stat(path, &st)) && !jail[key()] {
			t.Errorf("stat %q inside a chroot reached an object outside it", path)
		}
	}
	dirfd, err := p.Open("/tmp/t/a", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range []uint64{vfs.RESOLVE_BENEATH, vfs.RESOLVE_IN_ROOT, vfs.RESOLVE_NO_SYMLINKS | vfs.RESOLVE_BENEATH} {
		fd, err := p.Openat2(dirfd, a, &vfs.OpenHow{Flags: vfs.O_PATH, Resolve: res})
		if fuzzCheck(t, "openat2", err) {
			fuzzCheck(t, "fstat", p.Fstat(fd, &st))
			if !beneath[key()] {
				t.Errorf("openat2(%q, resolve %#x) escaped the dirfd's subtree", a, res)
			}
			p.Close(fd)
		}
	}
	p.Close(dirfd)

	// Lookups, as root and as a user.
	user, err := p.Fork()
	if err != nil {
		t.Fatal(err)
	}
	user.Setgid(1000)
	user.Setuid(1000)
	for _, q := range []*vfs.Process{p, user} {
		for _, path := range []string{a, b} {
			fuzzCheck(t, "stat", q.Stat(path, &st))
			fuzzCheck(t, "lstat", q.Lstat(path, &st))
			fuzzCheck(t, "access", q.Access(path, vfs.R_OK))
			_, err := q.Readlink(path, make([]byte, 64))
			fuzzCheck(t, "readlink", err)
			if fd, err := q.Open(path, vfs.O_RDONLY, 0); fuzzCheck(t, "open", err) {
				fuzzCheck(t, "fstat", q.Fstat(fd, &st))
				if st.Mode&vfs.S_IFMT == vfs.S_IFDIR {
					_, err = q.Getdents(fd, make([]byte, 512))
				} else {
					_, err = q.Read(fd, make([]byte, 16))
				}
				fuzzCheck(t, "read", err)
				q.Close(fd)
			}
			if fuzzCheck(t, "chdir", q.Chdir(path)) {
				buf := make([]byte, vfs.PathMax)
				n, err := q.Getcwd(buf)
				if fuzzCheck(t, "getcwd", err) {
					var here, there vfs.Stat_t
					fuzzCheck(t, "stat .", q.Stat(".", &here))
					if fuzzCheck(t, "stat cwd", q.Stat(string(buf[:n-1]), &there)) && here.Ino != there.Ino {
						t.Errorf("after chdir(%q), getcwd %q names another directory", path, buf[:n-1])
					}
				}
				q.Chdir("/tmp/t")
			}
		}
	}

	// Changes, as root.
	if fuzzCheck(t, "mkdir", p.Mkdir(a, 0o755)) {
		if err := p.Stat(a, &st); err != nil || st.Mode&vfs.S_IFMT != vfs.S_IFDIR {
			t.Errorf("mkdir(%q) succeeded but stat finds no directory: %v", a, err)
		}
	}
	if fd, err := p.Open(b, vfs.O_CREAT|vfs.O_RDWR, 0o644); fuzzCheck(t, "creat", err) {
		fuzzCheck(t, "fstat", p.Fstat(fd, &st))
		if st.Mode&vfs.S_IFMT == vfs.S_IFDIR {
			t.Errorf("open(%q, O_CREAT|O_RDWR) opened a directory for writing", b)
		}
		p.Close(fd)
	}
	fuzzCheck(t, "symlink", p.Symlink(b, a))
	fuzzCheck(t, "link", p.Link(a, b))
	if fuzzCheck(t, "rename", p.Rename(a, b)) {
		fuzzCheck(t, "lstat after rename", p.Lstat(b, &st))
	}
	fuzzCheck(t, "rename back", p.Rename(b, a))
	fuzzCheck(t, "unlink", p.Unlink(a))
	fuzzCheck(t, "rmdir", p.Rmdir(b))
	fuzzCheck(t, "mknod", p.Mknod(b, vfs.S_IFIFO|0o644, 0))
	fuzzCheck(t, "truncate", p.Truncate(a, 1))
	fuzzCheck(t, "chmod", p.Chmod(a, 0o700))
	fuzzCheck(t, "rmdir", p.Rmdir(a))
	fuzzCheck(t, "unlink", p.Unlink(b))
	// The tree is still walkable after whatever happened (which may
	// have been renaming /tmp away).
	inodesBelow(t, p, "/")
}
