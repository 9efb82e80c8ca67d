package vfs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestTraceCalls checks the layers of the calls beyond read, write,
// open and stat: each group's representative, whole, at TraceLayers or
// TraceWalk.
func TestTraceCalls(t *testing.T) {
	layers := vfs.TraceOptions{Level: vfs.TraceLayers}
	walk := vfs.TraceOptions{Level: vfs.TraceWalk}
	runTraceCases(t, []traceCase{
		{
			name:  "close_of_the_last_reference_is_the_backends_release",
			opt:   layers,
			setup: func(t *testing.T, p *vfs.Process) { require.NoError(t, p.Pipe(make([]int, 2))) },
			call:  func(t *testing.T, p *vfs.Process) { p.Close(3) },
			want: `[1] close(3) = 0
    fdtable[3] → File{O_RDONLY, pipe:[N]}
    fdtable[3] ← cleared; File refs 1 → 0
    f_op: pipefs release
`,
		},
		{
			name: "close_of_a_shared_file_only_drops_a_reference",
			opt:  layers,
			setup: func(t *testing.T, p *vfs.Process) {
				require.NoError(t, p.Pipe(make([]int, 2)))
				_, err := p.Dup(3)
				require.NoError(t, err)
			},
			call: func(t *testing.T, p *vfs.Process) { p.Close(3) },
			want: `[1] close(3) = 0
    fdtable[3] → File{O_RDONLY, pipe:[N]}
    fdtable[3] ← cleared; File refs 2 → 1
`,
		},
		{
			name:  "dup2_points_both_fds_at_one_file",
			opt:   layers,
			setup: openTmpX,
			call:  func(t *testing.T, p *vfs.Process) { p.Dup2(3, 5) },
			want: `[1] dup2(3, 5) = 5
    fdtable[3] → File{O_RDWR|O_LARGEFILE, pos 5, /tmp/x}
    fdtable[5] ← the File of fdtable[3]; File refs 1 → 2
`,
		},
		{
			name: "dup2_over_an_open_fd_closes_it",
			opt:  layers,
			setup: func(t *testing.T, p *vfs.Process) {
				openTmpX(t, p)
				require.NoError(t, p.Pipe(make([]int, 2)))
			},
			call: func(t *testing.T, p *vfs.Process) { p.Dup2(3, 4) },
			want: `[1] dup2(3, 4) = 4
    fdtable[3] → File{O_RDWR|O_LARGEFILE, pos 5, /tmp/x}
    fdtable[4] held File{O_RDONLY, pipe:[N]}: closed
    fdtable[4] ← the File of fdtable[3]; File refs 1 → 2
`,
		},
		{
			name:  "lseek_is_the_backends_llseek",
			opt:   layers,
			setup: openTmpX,
			call:  func(t *testing.T, p *vfs.Process) { p.Seek(3, 0, vfs.SEEK_END) },
			want: `[1] lseek(3, 0, SEEK_END) = 5
    fdtable[3] → File{O_RDWR|O_LARGEFILE, pos 5, /tmp/x}
    f_op: tmpfs llseek → 5
`,
		},
		{
			name: "getdents64_is_the_backends_iterate",
			opt:  layers,
			setup: func(t *testing.T, p *vfs.Process) {
				require.NoError(t, p.Mkdir("/tmp/d", 0o755))
				_, err := p.Open("/tmp/d", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
				require.NoError(t, err)
			},
			call: func(t *testing.T, p *vfs.Process) { p.Getdents(3, make([]byte, 4096)) },
			want: `[1] getdents64(3, 4096) = 48
    fdtable[3] → File{O_RDONLY|O_LARGEFILE|O_DIRECTORY, pos 0, /tmp/d}
    f_op: tmpfs iterate_shared → 48
`,
		},
		{
			name:  "fstat_is_the_inodes_getattr",
			opt:   layers,
			setup: openTmpX,
			call:  func(t *testing.T, p *vfs.Process) { p.Fstat(3, new(vfs.Stat_t)) },
			want: `[1] fstat(3) = 0
    fdtable[3] → File{O_RDWR|O_LARGEFILE, pos 5, /tmp/x}
    i_op: tmpfs getattr
`,
		},
		{
			name: "fstat_of_a_closed_fd_stops_at_the_fd_table",
			opt:  layers,
			call: func(t *testing.T, p *vfs.Process) { p.Fstat(9, new(vfs.Stat_t)) },
			want: `[1] fstat(9) = -1 EBADF (bad file descriptor)
    fdtable[9]: EBADF
`,
		},
		{
			name: "mkdir_walks_to_the_parent_and_calls_its_mkdir",
			opt:  walk,
			setup: func(t *testing.T, p *vfs.Process) {
				require.NoError(t, p.Mkdir("/tmp/a", 0o755))
			},
			call: func(t *testing.T, p *vfs.Process) { p.Mkdir("/tmp/a/d", 0o755) },
			want: `[1] mkdirat(AT_FDCWD, "/tmp/a/d", 0755) = 0
    walk "/tmp/a/d" from root /
      "tmp": dcache hit
      "a": dcache hit
    namei "/tmp/a/d" → parent dentry "a", tmpfs inode N; last "d"
    i_op: tmpfs mkdir "d"
`,
		},
		{
			name: "rename_across_directories",
			opt:  layers,
			setup: func(t *testing.T, p *vfs.Process) {
				require.NoError(t, p.Mkdir("/tmp/a", 0o755))
				require.NoError(t, p.Mkdir("/tmp/b", 0o755))
				require.NoError(t, p.Mknod("/tmp/a/f", 0o644, 0))
			},
			call: func(t *testing.T, p *vfs.Process) { p.Rename("/tmp/a/f", "/tmp/b/g") },
			want: `[1] renameat2(AT_FDCWD, "/tmp/a/f", AT_FDCWD, "/tmp/b/g", 0) = 0
    namei "/tmp/a/f" → parent dentry "a", tmpfs inode N; last "f"
    namei "/tmp/b/g" → parent dentry "b", tmpfs inode N; last "g"
    i_op: tmpfs rename "f" in "a" → "g" in "b"
`,
		},
		{
			name: "symlink_then_readlink",
			opt:  layers,
			call: func(t *testing.T, p *vfs.Process) {
				p.Symlink("/tmp/target", "/tmp/l")
				p.Readlink("/tmp/l", make([]byte, 64))
			},
			want: `[1] symlinkat("/tmp/target", AT_FDCWD, "/tmp/l") = 0
    namei "/tmp/l" → parent dentry "tmp", tmpfs inode N; last "l"
    i_op: tmpfs symlink "l" → "/tmp/target"
[1] readlinkat(AT_FDCWD, "/tmp/l", 64) = 11
    namei "/tmp/l" → dentry "l", tmpfs inode N
    i_op: tmpfs get_link
`,
		},
		{
			name: "mount_makes_a_superblock_and_attaches_it",
			opt:  layers,
			setup: func(t *testing.T, p *vfs.Process) {
				require.NoError(t, p.Mkdir("/tmp/m", 0o755))
			},
			call: func(t *testing.T, p *vfs.Process) { p.Mount("none", "/tmp/m", "tmpfs", 0, "") },
			want: `[1] mount("none", "/tmp/m", "tmpfs", 0, "") = 0
    namei "/tmp/m" → dentry "m", tmpfs inode N
    fs_type: tmpfs mount → new superblock, root inode N
    attach new mount (tmpfs) on dentry "m", tmpfs inode N
`,
		},
		{
			name:  "unlink_as_nobody_in_a_sticky_dir_it_cannot_write_is_EACCES",
			opt:   layers,
			setup: stickyDir(0o1755),
			call:  func(t *testing.T, p *vfs.Process) { child(t, p).Unlink("/tmp/s/f") },
			want: `[2] unlinkat(AT_FDCWD, "/tmp/s/f", 0) = -1 EACCES (permission denied)
    namei "/tmp/s/f" → parent dentry "s", tmpfs inode N; last "f"
    may_delete: EACCES (dir 1755 uid 0 gid 0, cred fsuid 65534 fsgid 65534)
`,
		},
		{
			name:  "unlink_as_nobody_of_roots_file_in_a_sticky_dir_is_EPERM",
			opt:   layers,
			setup: stickyDir(0o1777),
			call:  func(t *testing.T, p *vfs.Process) { child(t, p).Unlink("/tmp/s/f") },
			want: `[2] unlinkat(AT_FDCWD, "/tmp/s/f", 0) = -1 EPERM (operation not permitted)
    namei "/tmp/s/f" → parent dentry "s", tmpfs inode N; last "f"
    may_delete: EPERM (sticky dir 1777 uid 0, file uid 0, cred fsuid 65534)
`,
		},
		{
			name: "execve_walks_checks_reads_the_hashbang_and_commits",
			opt:  vfs.TraceOptions{Level: vfs.TraceLayers, PID: 2},
			setup: func(t *testing.T, p *vfs.Process) {
				require.NoError(t, p.Kernel().RegisterProgram("ok", func(*vfs.Process, []string, []string) int { return 0 }))
				fd, err := p.Open("/tmp/prog", vfs.O_CREAT|vfs.O_WRONLY|vfs.O_CLOEXEC, 0o755)
				require.NoError(t, err)
				_, err = p.Write(fd, []byte("#!govfs ok\n"))
				require.NoError(t, err)
				require.NoError(t, p.Close(fd))
				_, err = p.Fork()
				require.NoError(t, err)
			},
			call: func(t *testing.T, p *vfs.Process) { child(t, p).Exec("/tmp/prog", []string{"prog"}, nil) },
			want: `[2] execve("/tmp/prog", ["prog"], /* 0 vars */) = 0
    namei "/tmp/prog" → dentry "prog", tmpfs inode N
    open_exec: File{O_RDONLY|O_LARGEFILE, pos 0, /tmp/prog}, f_op tmpfs read of the first bytes
    search_binary_handler: "#!" → program "ok"
    commit: close-on-exec fds closed, credentials of the new program (uid 0)
[2] exit_group(0) = 0
`,
		},
		{
			name: "pipe2_installs_both_ends",
			opt:  layers,
			call: func(t *testing.T, p *vfs.Process) { p.Pipe(make([]int, 2)) },
			want: `[1] pipe2([3 4], 0) = 0
    new File{O_RDONLY, pipe:[N]}, f_op pipefs
    fdtable[3] ← File
    new File{O_WRONLY, pipe:[N]}, f_op pipefs
    fdtable[4] ← File
`,
		},
		{
			name:  "fork_shares_the_files",
			opt:   layers,
			setup: openTmpX,
			call:  func(t *testing.T, p *vfs.Process) { p.Fork() },
			want: `[1] fork() = 2
    dup_fd: 4 fds copied to pid 2's table, each File's refs +1 (shared offsets)
`,
		},
		{
			name: "chdir_sets_pwd_and_getcwd_reads_it_back",
			opt:  layers,
			call: func(t *testing.T, p *vfs.Process) {
				p.Chdir("/tmp")
				p.Getcwd(make([]byte, 64))
			},
			want: `[1] chdir("/tmp") = 0
    namei "/tmp" → dentry "tmp", tmpfs inode N
    fs->pwd ← dentry, tmpfs inode N
[1] getcwd(64) = 5
    d_path(fs->pwd) → "/tmp", walked up the dentries' parents to fs->root
`,
		},
		{
			name:  "filter_by_fd_keeps_lseek_and_close_on_it",
			opt:   vfs.TraceOptions{Level: vfs.TraceLayers, FDs: []int{4}},
			setup: func(t *testing.T, p *vfs.Process) { openTmpX(t, p); openTmpX(t, p) },
			call: func(t *testing.T, p *vfs.Process) {
				p.Seek(3, 1, vfs.SEEK_SET)
				p.Seek(4, 2, vfs.SEEK_SET)
				p.Close(3)
				p.Close(4)
			},
			want: `[1] lseek(4, 2, SEEK_SET) = 2
    fdtable[4] → File{O_RDWR|O_LARGEFILE, pos 5, /tmp/x}
    f_op: tmpfs llseek → 2
[1] close(4) = 0
    fdtable[4] → File{O_RDWR|O_LARGEFILE, pos 2, /tmp/x}
    fdtable[4] ← cleared; File refs 1 → 0
    last reference: __fput, no f_op release
`,
		},
	})
}

// openTmpX opens /tmp/x read-write, creating it with "hello".
func openTmpX(t *testing.T, p *vfs.Process) {
	fd, err := p.Open("/tmp/x", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	require.NoError(t, err)
	_, err = p.Write(fd, []byte("hello"))
	require.NoError(t, err)
}

// stickyDir makes /tmp/s with mode (the sticky bit and more), root's
// file f in it, and a child running as nobody (pid 2).
func stickyDir(mode uint32) func(t *testing.T, p *vfs.Process) {
	return func(t *testing.T, p *vfs.Process) {
		require.NoError(t, p.Mkdir("/tmp/s", 0o755))
		require.NoError(t, p.Chmod("/tmp/s", mode))
		require.NoError(t, p.Mknod("/tmp/s/f", 0o644, 0))
		forkAs(t, p, 65534, 65534)
	}
}

// child is the process setup forked, pid 2.
func child(t *testing.T, p *vfs.Process) *vfs.Process {
	c, ok := p.Kernel().Process(2)
	require.True(t, ok)
	return c
}
