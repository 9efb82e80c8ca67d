package vfs_test

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// pipeNames hides the pipe's inode number, which depends on how many
// pipes the kernel made before; inodeNumbers the inode numbers, which
// depend on how many files Boot made.
var (
	pipeNames    = regexp.MustCompile(`(pipe|socket):\[\d+\]`)
	inodeNumbers = regexp.MustCompile(`inode \d+`)
)

func normalize(s string) string {
	return inodeNumbers.ReplaceAllString(pipeNames.ReplaceAllString(s, "$1:[N]"), "inode N")
}

// TestTraceWith checks the traced output of known calls, whole, at each
// level and with each filter.
func TestTraceWith(t *testing.T) {
	runTraceCases(t, []traceCase{
		{
			name: "syscalls_level_is_one_line_per_call",
			opt:  vfs.TraceOptions{},
			setup: func(t *testing.T, p *vfs.Process) {
				require.NoError(t, p.Mkdir("/tmp/d", 0o755))
			},
			call: func(t *testing.T, p *vfs.Process) { p.Stat("/tmp/d", new(vfs.Stat_t)) },
			want: `[1] stat(AT_FDCWD, "/tmp/d", 0) = 0
`,
		},
		{
			name:  "open_through_a_symlink_and_a_mount_shows_each_step",
			opt:   vfs.TraceOptions{Level: vfs.TraceWalk},
			setup: symlinkToMount,
			call:  func(t *testing.T, p *vfs.Process) { p.Open("/tmp/l/f", vfs.O_RDONLY, 0) },
			want: `[1] openat(AT_FDCWD, "/tmp/l/f", O_RDONLY) = 3
    walk "/tmp/l/f" from root /
      "tmp": dcache hit
      "l": dcache hit
      symlink "l" → "/tmp/m"
      "tmp": dcache hit
      "m": dcache hit
      cross mount: tmpfs on /tmp/m
      "f": dcache hit
    namei "/tmp/l/f" → dentry "f", tmpfs inode N
    new File{O_RDONLY|O_LARGEFILE, pos 0, /tmp/m/f}, f_op tmpfs
    fdtable[3] ← File
`,
		},
		{
			name: "create_is_the_backends_inode_operation",
			opt:  vfs.TraceOptions{Level: vfs.TraceWalk},
			call: func(t *testing.T, p *vfs.Process) { p.Open("/tmp/new", vfs.O_CREAT|vfs.O_WRONLY, 0o600) },
			want: `[1] openat(AT_FDCWD, "/tmp/new", O_WRONLY|O_CREAT, 0600) = 3
    walk "/tmp/new" from root /
      "tmp": dcache hit
    i_op: tmpfs create "new"
    new File{O_WRONLY|O_LARGEFILE, pos 0, /tmp/new}, f_op tmpfs
    fdtable[3] ← File
`,
		},
		{
			name:  "layers_level_leaves_the_walk_steps_out",
			opt:   vfs.TraceOptions{Level: vfs.TraceLayers},
			setup: symlinkToMount,
			call:  func(t *testing.T, p *vfs.Process) { p.Open("/tmp/l/f", vfs.O_RDONLY, 0) },
			want: `[1] openat(AT_FDCWD, "/tmp/l/f", O_RDONLY) = 3
    namei "/tmp/l/f" → dentry "f", tmpfs inode N
    new File{O_RDONLY|O_LARGEFILE, pos 0, /tmp/m/f}, f_op tmpfs
    fdtable[3] ← File
`,
		},
		{
			name: "missing_name_is_a_dcache_miss_and_the_backend_says_ENOENT",
			opt:  vfs.TraceOptions{Level: vfs.TraceWalk},
			call: func(t *testing.T, p *vfs.Process) { p.Stat("/tmp/../tmp/./nope", new(vfs.Stat_t)) },
			want: `[1] stat(AT_FDCWD, "/tmp/../tmp/./nope", 0) = -1 ENOENT (no such file or directory)
    walk "/tmp/../tmp/./nope" from root /
      "tmp": dcache hit
      "..": up to /
      "tmp": dcache hit
      ".": stay
      "nope": dcache miss → tmpfs lookup: ENOENT
    namei "/tmp/../tmp/./nope": ENOENT
`,
		},
		{
			name: "write_shows_the_fd_table_the_file_and_the_backend",
			opt:  vfs.TraceOptions{Level: vfs.TraceLayers},
			setup: func(t *testing.T, p *vfs.Process) {
				fd, err := p.Open("/tmp/x", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
				require.NoError(t, err)
				_, err = p.Write(fd, []byte("hello, world"))
				require.NoError(t, err)
			},
			call: func(t *testing.T, p *vfs.Process) { p.Write(3, []byte("!")) },
			want: `[1] write(3, "!") = 1
    fdtable[3] → File{O_WRONLY|O_LARGEFILE, pos 12, /tmp/x}
    f_op: tmpfs write → 1
`,
		},
		{
			name: "write_to_a_pipe_is_pipefs_write",
			opt:  vfs.TraceOptions{Level: vfs.TraceLayers},
			setup: func(t *testing.T, p *vfs.Process) {
				require.NoError(t, p.Pipe(make([]int, 2)))
			},
			call: func(t *testing.T, p *vfs.Process) { p.Write(4, []byte("hi")) },
			want: `[1] write(4, "hi") = 2
    fdtable[4] → File{O_WRONLY, pipe:[N]}
    f_op: pipefs write → 2
`,
		},
		{
			name: "a_fifo_on_tmpfs_has_the_pipes_f_op",
			opt:  vfs.TraceOptions{Level: vfs.TraceLayers},
			setup: func(t *testing.T, p *vfs.Process) {
				require.NoError(t, p.Mkfifo("/tmp/fifo", 0o644))
			},
			call: func(t *testing.T, p *vfs.Process) { p.Open("/tmp/fifo", vfs.O_RDONLY|vfs.O_NONBLOCK, 0) },
			want: `[1] openat(AT_FDCWD, "/tmp/fifo", O_RDONLY|O_NONBLOCK) = 3
    namei "/tmp/fifo" → dentry "fifo", tmpfs inode N
    new File{O_RDONLY|O_NONBLOCK|O_LARGEFILE, /tmp/fifo}, f_op pipefs
    fdtable[3] ← File
`,
		},
		{
			name: "a_socket_send_is_the_familys_sendmsg",
			opt:  vfs.TraceOptions{Level: vfs.TraceLayers},
			setup: func(t *testing.T, p *vfs.Process) {
				var fds [2]int
				var err error
				fds, err = p.Socketpair(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
				require.NoError(t, err)
				require.Equal(t, [2]int{3, 4}, fds)
			},
			call: func(t *testing.T, p *vfs.Process) {
				p.Sendto(3, []byte("hi"), 0, nil)
				p.Write(3, []byte("!"))
				p.Recvfrom(4, make([]byte, 8), 0)
			},
			want: `[1] sendto(3, "hi", 0, NULL) = 2
    fdtable[3] → File{O_RDWR, socket:[N]}
    f_op: sockfs stream sendmsg → 2
[1] write(3, "!") = 1
    fdtable[3] → File{O_RDWR, socket:[N]}
    f_op: sockfs stream write → 1
[1] recvfrom(4, 8, 0) = 3
    fdtable[4] → File{O_RDWR, socket:[N]}
    f_op: sockfs stream recvmsg → 3
`,
		},
		{
			name: "a_magic_link_jumps",
			opt:  vfs.TraceOptions{Level: vfs.TraceWalk},
			setup: func(t *testing.T, p *vfs.Process) {
				_, err := p.Open("/tmp/x", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
				require.NoError(t, err)
			},
			call: func(t *testing.T, p *vfs.Process) { p.Stat("/proc/self/fd/3", new(vfs.Stat_t)) },
			want: `[1] stat(AT_FDCWD, "/proc/self/fd/3", 0) = 0
    walk "/proc/self/fd/3" from root /
      "proc": dcache hit
      cross mount: proc on /proc
      "self": dcache miss → proc lookup
      symlink "self" → "1"
      "1": dcache miss → proc lookup
      "fd": dcache miss → proc lookup
      "3": dcache miss → proc lookup
      magic link "3": jump to /tmp/x
    namei "/proc/self/fd/3" → dentry "x", tmpfs inode N
`,
		},
		{
			name: "search_permission_refused_as_nobody",
			opt:  vfs.TraceOptions{Level: vfs.TraceWalk},
			setup: func(t *testing.T, p *vfs.Process) {
				require.NoError(t, p.Mkdir("/tmp/private", 0o700))
				c := forkAs(t, p, 65534, 65534)
				require.Equal(t, 2, c.Pid())
			},
			call: func(t *testing.T, p *vfs.Process) {
				c, ok := p.Kernel().Process(2)
				require.True(t, ok)
				c.Stat("/tmp/private/x", new(vfs.Stat_t))
			},
			want: `[2] stat(AT_FDCWD, "/tmp/private/x", 0) = -1 EACCES (permission denied)
    walk "/tmp/private/x" from root /
      "tmp": dcache hit
      "private": dcache hit
    may_lookup: EACCES (dir 0700 uid 0 gid 0, cred fsuid 65534 fsgid 65534)
    namei "/tmp/private/x": EACCES
`,
		},
		{
			name: "filter_by_pid_keeps_one_process",
			opt:  vfs.TraceOptions{PID: 2},
			setup: func(t *testing.T, p *vfs.Process) {
				_, err := p.Fork()
				require.NoError(t, err)
			},
			call: func(t *testing.T, p *vfs.Process) {
				c, ok := p.Kernel().Process(2)
				require.True(t, ok)
				p.Stat("/tmp", new(vfs.Stat_t))
				c.Stat("/etc", new(vfs.Stat_t))
				p.Getcwd(make([]byte, 64))
				c.Close(9)
			},
			want: `[2] stat(AT_FDCWD, "/etc", 0) = 0
[2] close(9) = -1 EBADF (bad file descriptor)
`,
		},
		{
			name: "filter_by_fd_keeps_the_calls_on_it",
			opt:  vfs.TraceOptions{FDs: []int{4}},
			call: func(t *testing.T, p *vfs.Process) {
				p.Open("/tmp", vfs.O_RDONLY|vfs.O_DIRECTORY, 0) // 3
				p.Open("/etc", vfs.O_RDONLY|vfs.O_DIRECTORY, 0) // 4
				p.Openat(4, "nope", vfs.O_RDONLY, 0)            // relative to 4
				p.Fstatat(3, ".", new(vfs.Stat_t), 0)
				p.Fstat(4, new(vfs.Stat_t))
				p.Dup2(3, 4)
				p.Close(3)
				p.Close(4)
			},
			want: `[1] openat(AT_FDCWD, "/etc", O_RDONLY|O_DIRECTORY) = 4
[1] openat(4, "nope", O_RDONLY) = -1 ENOENT (no such file or directory)
[1] fstat(4) = 0
[1] dup2(3, 4) = 4
[1] close(4) = 0
`,
		},
		{
			name: "filter_by_fd_and_pid_together",
			opt:  vfs.TraceOptions{PID: 1, FDs: []int{0}, Level: vfs.TraceLayers},
			setup: func(t *testing.T, p *vfs.Process) {
				_, err := p.Fork()
				require.NoError(t, err)
			},
			call: func(t *testing.T, p *vfs.Process) {
				c, ok := p.Kernel().Process(2)
				require.True(t, ok)
				c.Fstat(0, new(vfs.Stat_t))
				p.Fstat(1, new(vfs.Stat_t))
				p.Fstat(0, new(vfs.Stat_t))
			},
			want: `[1] fstat(0) = 0
    fdtable[0] → File{O_RDWR|O_LARGEFILE, /dev/console}
    i_op: devtmpfs getattr
`,
		},
	})
}

// traceCase is one golden trace: setup runs untraced, call traced at
// opt, and the trace, normalized, must be want.
type traceCase struct {
	name  string
	opt   vfs.TraceOptions
	setup func(t *testing.T, p *vfs.Process)
	call  func(t *testing.T, p *vfs.Process)
	want  string
}

func runTraceCases(t *testing.T, cases []traceCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			k, p := newSystem(t)
			if tc.setup != nil {
				tc.setup(t, p)
			}
			var out bytes.Buffer
			k.TraceWith(&out, tc.opt)
			tc.call(t, p)
			k.TraceWith(nil, vfs.TraceOptions{})
			require.Equal(t, tc.want, normalize(out.String()))
		})
	}
}

// symlinkToMount makes /tmp/l → /tmp/m, a tmpfs mounted on /tmp/m, and
// the file f in it.
func symlinkToMount(t *testing.T, p *vfs.Process) {
	require.NoError(t, p.Mkdir("/tmp/m", 0o755))
	require.NoError(t, p.Mount("none", "/tmp/m", "tmpfs", 0, ""))
	fd, err := p.Open("/tmp/m/f", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	require.NoError(t, err)
	require.NoError(t, p.Close(fd))
	require.NoError(t, p.Symlink("/tmp/m", "/tmp/l"))
}

// TestTraceBlockingPipeRead traces a read of an empty pipe that sleeps
// on the pipe's wait queue until a write wakes it.
func TestTraceBlockingPipeRead(t *testing.T) {
	want := `[1] read(3, 16) = 2
    fdtable[3] → File{O_RDONLY, pipe:[N]}
    f_op: pipefs read → EAGAIN
    add waiter to waitqueue, try again
    f_op: pipefs read → EAGAIN
    sleep on waitqueue (would block)
    woken
    f_op: pipefs read → 2
`
	// The writer writes once the reader is on the queue; if it gets
	// there before the reader's first sleep, the read needs no wake-up
	// and the scenario is run again.
	var got string
	for range 20 {
		k, p := newSystem(t)
		fds := make([]int, 2)
		require.NoError(t, p.Pipe(fds))
		var out bytes.Buffer
		k.TraceWith(&out, vfs.TraceOptions{Level: vfs.TraceLayers, FDs: []int{fds[0]}})
		done := make(chan struct{})
		go func() {
			defer close(done)
			p.Read(fds[0], make([]byte, 16))
		}()
		r := vfs.FileForTest(p, fds[0])
		for vfs.WaitersForTest(r) == 0 {
			time.Sleep(time.Millisecond)
		}
		r.DecRef()
		time.Sleep(10 * time.Millisecond)
		_, err := p.Write(fds[1], []byte("hi"))
		require.NoError(t, err)
		<-done
		k.TraceWith(nil, vfs.TraceOptions{})
		if got = normalize(out.String()); got == want {
			return
		}
	}
	require.Equal(t, want, got)
}

// TestTraceAllocs checks that calls made with tracing off allocate
// nothing: the hooks are nil checks, no argument is boxed.
func TestTraceAllocs(t *testing.T) {
	k, p := newSystem(t)
	require.NoError(t, p.Mkdir("/tmp/a", 0o755))
	fd, err := p.Open("/tmp/a/f", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	require.NoError(t, err)
	fds := make([]int, 2)
	require.NoError(t, p.Pipe(fds))
	nobody := forkAs(t, p, 65534, 65534)
	buf := make([]byte, 64)
	var st vfs.Stat_t
	for _, tc := range []struct {
		name string
		call func()
		want float64 // allocations the call needs for itself
	}{
		{"stat", func() { p.Stat("/tmp/a/f", &st) }, 0},
		{"stat_walked_in_full_as_nobody", func() { nobody.Stat("/tmp/../tmp/a/f", &st) }, 0},
		{"stat_missing", func() { p.Stat("/tmp/a/nope", &st) }, 0},
		{"write_read_tmpfs", func() {
			p.Seek(fd, 0, vfs.SEEK_SET)
			p.Write(fd, buf)
			p.Seek(fd, 0, vfs.SEEK_SET)
			p.Read(fd, buf)
		}, 0},
		{"pipe_write_read", func() { p.Write(fds[1], buf); p.Read(fds[0], buf) }, 0},
		{"open_close", func() {
			if fd, err := p.Open("/tmp/a/f", vfs.O_RDONLY, 0); err == nil {
				p.Close(fd)
			}
		}, 0},
		{"lseek", func() { p.Seek(fd, 0, vfs.SEEK_END) }, 0},
		{"fstat", func() { p.Fstat(fd, &st) }, 0},
		{"close_of_a_dup", func() {
			if d, err := p.Dup(fd); err == nil {
				p.Close(d)
			}
		}, 0},
		// The new directory's own objects: 4, as before the hooks were
		// added (measured on 856a476).
		{"mkdir_rmdir", func() { p.Mkdir("/tmp/a/d", 0o755); p.Rmdir("/tmp/a/d") }, 4},
		{"unlink_missing", func() { p.Unlink("/tmp/a/nope") }, 0},
		{"unlink_refused_as_nobody", func() { nobody.Unlink("/tmp/a/f") }, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, testing.AllocsPerRun(200, tc.call))
		})
	}
	_ = k
}
